// Hotfix branches on the fixture monorepo, pushed with plain git, for the verify-tag-base and
// create-prod-tag end-to-end tests.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runGit, workspaceCopy, type Monorepo } from '../../sandbox/fixtures/monorepo.js';

export const REPOSITORY = 'octo-org/krow-withus';
export const MOBILE = 'krow-withus-worker-mobile';
export const WEB = 'krow-withus-web';
export const API = 'krow-withus-api';
export const CLIENT = 'krow-withus-client-mobile';
export const STAFF = 'apps/mobile/apps/staff';
export const PUBSPEC = `${STAFF}/pubspec.yaml`;
export const XCCONFIG = `${STAFF}/ios/version.xcconfig`;
export const STAFF_CHANGELOG = `${STAFF}/CHANGELOG.md`;

/** A file's new text, or an edit of its current text. */
export type Edit = string | ((current: string) => string);

export interface CommitSpec {
  message: string;
  files: Record<string, Edit>;
}

/**
 * Pushes `branch` (forced) as `from` plus the given commits, and returns its head. `mergeMain`
 * merges origin/main after the commits, as someone "updating" the branch would.
 */
export function pushBranch(
  repo: Monorepo,
  branch: string,
  from: string,
  commits: CommitSpec[],
  options: { mergeMain?: boolean } = {},
): string {
  const work = workspaceCopy(repo, from);
  runGit(['checkout', '-q', '-B', branch], work);
  for (const commit of commits) {
    for (const [path, edit] of Object.entries(commit.files)) {
      const full = join(work, path);
      mkdirSync(dirname(full), { recursive: true });
      const current = (() => {
        try {
          return readFileSync(full, 'utf8');
        } catch {
          return '';
        }
      })();
      writeFileSync(full, typeof edit === 'string' ? edit : edit(current));
    }
    runGit(['add', '-A'], work);
    runGit(['commit', '-q', '-m', commit.message], work);
  }
  if (options.mergeMain) runGit(['merge', '-q', '--no-edit', 'origin/main'], work);
  runGit(['push', '-q', '-f', 'origin', `HEAD:refs/heads/${branch}`], work);
  return runGit(['rev-parse', 'HEAD'], work);
}

/** Adds a row at the top of a fixture CHANGELOG table. */
export function changelogRow(version: string, text: string, date = '2026-03-05') {
  return (current: string) =>
    current.replace(/^(\|-+\|-+\|-+\|\n)/m, `$1| ${date} | ${version} | ${text} |\n`);
}

/** The commits of a correct worker-mobile hotfix 0.1.0 -> 0.1.1: fix, bump, CHANGELOG. */
export function mobileHotfix(
  overrides: { pubspec?: string; xcconfig?: string; changelog?: boolean } = {},
): CommitSpec[] {
  const pubspec = overrides.pubspec ?? '0.1.1+6';
  const xcconfig = overrides.xcconfig ?? '0.1.1';
  return [
    {
      message: 'fix(staff): shift list crashes on an empty week',
      files: { [`${STAFF}/lib/shift_list_fix.dart`]: '// the fix\nconst emptyWeekGuard = true;\n' },
    },
    {
      message: 'chore(release): bump krow-withus-worker-mobile to 0.1.1',
      files: {
        [PUBSPEC]: (text) => text.replace(/^version: 0\.1\.0\+5$/m, `version: ${pubspec}`),
        [XCCONFIG]: (text) =>
          text.replace('MARKETING_VERSION = 0.1.0', `MARKETING_VERSION = ${xcconfig}`),
      },
    },
    ...(overrides.changelog === false
      ? []
      : [
          {
            message: 'docs(changelog): krow-withus-worker-mobile 0.1.1',
            files: { [STAFF_CHANGELOG]: changelogRow('0.1.1', 'HOTFIX: Shift list crashes') },
          },
        ]),
  ];
}

/** The 1-based line of the first line of `text` matching `pattern`. */
export function lineOf(text: string, pattern: RegExp): number {
  const index = text.split('\n').findIndex((line) => pattern.test(line));
  if (index === -1) throw new Error(`no line matches ${pattern}`);
  return index + 1;
}
