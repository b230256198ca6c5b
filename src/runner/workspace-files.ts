import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { FileChange, RepositoryFiles, Snapshot } from './files.js';

/** The checked-out repository (`GITHUB_WORKSPACE`, else the current directory). */
export function workspaceFiles(
  root = process.env['GITHUB_WORKSPACE'] || process.cwd(),
): RepositoryFiles {
  return {
    description: 'the workspace',
    async snapshot(): Promise<Snapshot> {
      return {
        async read(paths) {
          const contents = new Map<string, string | undefined>();
          for (const path of paths) {
            const full = join(root, path);
            contents.set(path, existsSync(full) ? await readFile(full, 'utf8') : undefined);
          }
          return contents;
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
  try {
    for (const file of staged) {
      await mkdir(dirname(file.target), { recursive: true });
      await writeFile(file.temporary, file.content, 'utf8');
      // Keep the file's mode (an executable script stays executable).
      const existing = await stat(file.target).catch(() => undefined);
      if (existing) await chmod(file.temporary, existing.mode);
    }
  } catch (error) {
    await Promise.all(staged.map((file) => rm(file.temporary, { force: true })));
    throw error;
  }
  for (const file of staged) await rename(file.temporary, file.target);
  return {};
}
