import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * A small bare repository made with plain git, for the emulator's own tests and for trying the
 * emulator by hand. (The monorepo fixture with history lives in sandbox/fixtures/.)
 */

const IDENTITY = {
  GIT_AUTHOR_NAME: 'Sandbox Tester',
  GIT_AUTHOR_EMAIL: 'tester@example.com',
  GIT_COMMITTER_NAME: 'Sandbox Tester',
  GIT_COMMITTER_EMAIL: 'tester@example.com',
};

/** Runs git with a fixed identity and no user or system configuration. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      ...IDENTITY,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

export interface ScratchRepository {
  /** The bare repository the emulator serves. */
  bare: string;
  /** A clone with a working tree, for making commits and pushing them. */
  work: string;
  /** Writes files (path → content) in the clone, commits them and pushes the current branch. */
  commit(files: Record<string, string>, message: string): string;
  remove(): void;
}

export function scratchRepository(initialFiles: Record<string, string> = {}): ScratchRepository {
  const root = mkdtempSync(join(tmpdir(), 'hotfix-emulator-'));
  const bare = join(root, 'origin.git');
  const work = join(root, 'work');
  git(root, 'init', '--quiet', '--bare', '--initial-branch=main', bare);
  git(root, 'init', '--quiet', '--initial-branch=main', work);
  git(work, 'remote', 'add', 'origin', bare);
  const repository: ScratchRepository = {
    bare,
    work,
    commit(files, message) {
      for (const [path, content] of Object.entries(files)) {
        const file = join(work, path);
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, content);
      }
      git(work, 'add', '--all');
      git(work, 'commit', '--quiet', '--allow-empty', '-m', message);
      git(work, 'push', '--quiet', 'origin', 'HEAD');
      return git(work, 'rev-parse', 'HEAD');
    },
    remove() {
      rmSync(root, { recursive: true, force: true });
    },
  };
  repository.commit({ 'README.md': '# scratch\n', ...initialFiles }, 'initial commit');
  return repository;
}
