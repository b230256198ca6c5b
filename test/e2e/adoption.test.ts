// A repository adopts the suite after its last production release: that tag, and the hotfix
// branch cut from it, hold no .github/hotfix.yml. The actions then use the default branch's
// configuration, and the deploy is dispatched from the default branch (where its workflow is)
// with the tag as input.
import { beforeAll, describe, expect, test } from '@jest/globals';
import { rmSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Emulator } from '../../sandbox/emulator/index.js';
import { useSandbox } from '../helpers/sandbox.js';
import { pullRequestEvent } from '../../sandbox/harness/events.js';
import { runAction } from '../../sandbox/harness/run-action.js';
import {
  createMonorepo,
  runGit,
  tmpDir,
  workspaceCopy,
  type Monorepo,
} from '../../sandbox/fixtures/monorepo.js';

const REPOSITORY = 'octo-org/krow-withus';
const MOBILE = 'krow-withus-worker-mobile';
const PUBSPEC = 'apps/mobile/apps/staff/pubspec.yaml';
const XCCONFIG = 'apps/mobile/apps/staff/ios/version.xcconfig';
const CHANGELOG = 'apps/mobile/apps/staff/CHANGELOG.md';
const OLD_TAG = `${MOBILE}/prod-v0.1.1`;
const BRANCH = `hotfix/${MOBILE}-v0.1.2`;

let emulator: Emulator;
let repo: Monorepo;

const sandbox = useSandbox();

beforeAll(async () => {
  repo = await createMonorepo(tmpDir('adoption'));
  emulator = sandbox.emulator;
  emulator.addRepository(REPOSITORY, repo.bare, { defaultBranch: 'main' });
}, 300_000);

function edit(work: string, path: string, change: (text: string) => string): void {
  writeFileSync(join(work, path), change(readFileSync(join(work, path), 'utf8')));
}

function commitAll(work: string, message: string): string {
  runGit(['add', '-A'], work);
  runGit(['commit', '-qm', message], work);
  return runGit(['rev-parse', 'HEAD'], work);
}

/** 0.1.1 released (and tagged) by hand with no configuration file, then a hotfix 0.1.2 of it. */
function releaseBeforeAdoptionAndHotfix(): string {
  const work = workspaceCopy(repo, `${MOBILE}/prod-v0.1.0`);
  rmSync(join(work, '.github/hotfix.yml'));
  rmSync(join(work, '.github/workflows'), { recursive: true });
  edit(work, PUBSPEC, (t) => t.replace(/^version: 0\.1\.0\+5$/m, 'version: 0.1.1+6'));
  edit(work, XCCONFIG, (t) => t.replace('= 0.1.0', '= 0.1.1'));
  const released = commitAll(work, 'release 0.1.1 (before the suite)');
  runGit(['tag', OLD_TAG, released], work);
  runGit(['push', '-q', 'origin', `refs/tags/${OLD_TAG}`], work);

  runGit(['checkout', '-q', '-b', BRANCH], work);
  writeFileSync(join(work, 'apps/mobile/apps/staff/lib/fix.dart'), '// the fix\n');
  commitAll(work, 'fix: shift list crash');
  edit(work, PUBSPEC, (t) => t.replace(/^version: 0\.1\.1\+6$/m, 'version: 0.1.2+7'));
  edit(work, XCCONFIG, (t) => t.replace('= 0.1.1', '= 0.1.2'));
  edit(work, CHANGELOG, (t) =>
    t.replace(/^(\|-+\|-+\|-+\|\n)/m, '$1| 2026-03-05 | 0.1.2 | HOTFIX: Shift list crashes |\n'),
  );
  const head = commitAll(work, 'chore(release): 0.1.2');
  runGit(['push', '-q', 'origin', BRANCH], work);
  return head;
}

describe('a hotfix of a release older than the configuration file', () => {
  test('the PR check and the production tag use the default branch configuration; the deploy is dispatched from it', async () => {
    const head = releaseBeforeAdoptionAndHotfix();
    expect(() => repo.readFile(head, '.github/hotfix.yml')).toThrow();
    const common = {
      apiUrl: emulator.url,
      repository: REPOSITORY,
      env: { HOTFIX_RETRY_BASE_MS: '10' },
    };

    // Main has moved on: the pull request targets the line's maintenance branch, cut at the old
    // tag (which has no configuration file either).
    const line = `release/${MOBILE}-v0.1.x`;
    repo.git(['branch', '--force', line, `${OLD_TAG}^{commit}`]);
    const check = await runAction('verify-tag-base', {
      ...common,
      event: pullRequestEvent({
        action: 'opened',
        number: 1,
        head: { ref: BRANCH, sha: head },
        base: { ref: line, sha: repo.git(['rev-parse', line]) },
        repository: REPOSITORY,
      }),
    });
    expect(check.stdout).toContain("using the default branch's");
    expect(check.outputs).toMatchObject({ 'base-tag': OLD_TAG, version: '0.1.2' });
    expect(check.exitCode).toBe(0);

    const tagged = await runAction('create-prod-tag', {
      ...common,
      inputs: { product: MOBILE, sha: head, dispatch: 'hotfix-deploy.yml' },
    });
    expect(tagged.exitCode).toBe(0);
    expect(tagged.outputs).toMatchObject({ tag: `${MOBILE}/prod-v0.1.2`, created: 'true' });
    expect(repo.git(['rev-parse', `${MOBILE}/prod-v0.1.2^{commit}`])).toBe(head);
    expect(emulator.repo(REPOSITORY).dispatches).toEqual([
      expect.objectContaining({
        workflow_id: 'hotfix-deploy.yml',
        ref: 'refs/heads/main',
        inputs: { tag: `${MOBILE}/prod-v0.1.2` },
      }),
    ]);
  });
});
