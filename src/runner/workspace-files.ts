import { chmod, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { FileChange } from '../domain/files.js';
import type { RepositoryFiles, Snapshot } from './files.js';

/** The checked-out repository (`GITHUB_WORKSPACE`, else the current directory). */
export function workspaceFiles(
  root = process.env['GITHUB_WORKSPACE'] || process.cwd(),
): RepositoryFiles {
  return {
    description: 'the workspace',
    async snapshot(): Promise<Snapshot> {
      return {
        async read(paths) {
          // All at once: a product can have hundreds of version files (libuv reads them in parallel).
          const read = await Promise.all(paths.map((path) => readIfExists(join(root, path))));
          return new Map(paths.map((path, i) => [path, read[i]]));
        },
        write: (changes) => writeAll(root, changes),
      };
    },
  };
}

/**
 * Writes every file next to its target first, then renames them all into place: a failure while
 * writing leaves every file as it was.
 */
async function writeAll(
  root: string,
  changes: readonly FileChange[],
): Promise<{ commitSha?: string }> {
  const staged = changes.map((change) => ({
    target: join(root, change.path),
    temporary: join(root, `${change.path}.hotfix-${process.pid}.tmp`),
    content: change.content,
  }));
  const written = await Promise.allSettled(
    staged.map(async (file) => {
      await mkdir(dirname(file.target), { recursive: true });
      await writeFile(file.temporary, file.content, 'utf8');
      // Keep the file's mode (an executable script stays executable).
      const existing = await stat(file.target).catch(() => undefined);
      if (existing) await chmod(file.temporary, existing.mode);
    }),
  );
  // Settled, not raced: every write has stopped before the temporary files are removed, and every
  // removal has been tried (the failed path's own may fail too) before the error is reported.
  const failed = written.find((result) => result.status === 'rejected');
  if (failed) {
    await Promise.allSettled(staged.map((file) => rm(file.temporary, { force: true })));
    throw failed.reason;
  }
  await Promise.all(staged.map((file) => rename(file.temporary, file.target)));
  return {};
}

/** The file's text; undefined when there is no such file (any other error is thrown). */
async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    // ENOTDIR: a path through a file (`VERSION/x`) names no file either.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}
