// verify-tag-base on the fixture monorepo through the GitHub emulator: the built bundle checks
// hotfix branches pushed with plain git, the way it runs on a hotfix pull request.
import { beforeAll, describe, expect, test } from '@jest/globals';
import { isWrite, type Emulator } from '../../sandbox/emulator/index.js';
import { useSandbox } from '../helpers/sandbox.js';
import { pullRequestEvent, workflowDispatchEvent } from '../../sandbox/harness/events.js';
import { runAction, type RunOptions } from '../../sandbox/harness/run-action.js';
import { createMonorepo, tmpDir, type Monorepo } from '../../sandbox/fixtures/monorepo.js';
import { DEFAULT_NAME_FORMATS, parseBranch } from '../../src/domain/naming.js';
import { previousPatch } from '../../src/domain/version.js';
import {
  API,
  changelogRow,
  lineOf,
  mobileHotfix,
  MOBILE,
  PUBSPEC,
  pushBranch,
  REPOSITORY,
  STAFF_CHANGELOG,
  WEB,
  XCCONFIG,
} from '../helpers/mobile-hotfix.js';

let repo: Monorepo;
let emulator: Emulator;
let pullNumber = 1;

const sandbox = useSandbox();

beforeAll(async () => {
  repo = await createMonorepo(tmpDir('verify-tag-base'));
  emulator = sandbox.emulator;
  emulator.addRepository(REPOSITORY, repo.bare, { defaultBranch: 'main' });
}, 300_000);

const MOBILE_TAG = `${MOBILE}/prod-v0.1.0`;
const MOBILE_BRANCH = `hotfix/${MOBILE}-v0.1.1`;

/**
 * Runs the check as the workflow of a hotfix pull request does: on its `pull_request` event. The
 * pull request targets the release line's maintenance branch (cut at the base tag, as start
 * does when main has moved on), unless `base` names another branch.
 */
function verifyPull(
  branch: string,
  head: string,
  inputs: Record<string, string> = {},
  base = maintenanceBranchOf(branch),
) {
  const event = pullRequestEvent({
    action: 'synchronize',
    number: pullNumber++,
    head: { ref: branch, sha: head },
    base: { ref: base, sha: repo.git(['rev-parse', base]) },
  });
  return run(inputs, { event });
}

/** The maintenance branch of a hotfix branch's line, (re)set at its base tag; main without one. */
function maintenanceBranchOf(branch: string): string {
  const parsed = parseBranch(DEFAULT_NAME_FORMATS, branch);
  const baseVersion = parsed && previousPatch(parsed.version);
  if (!parsed || !baseVersion) return 'main';
  const tag = `${parsed.product}/prod-v${baseVersion}`;
  if (repo.git(['tag', '-l', tag]) === '') return 'main';
  const line = `release/${parsed.product}-v${baseVersion.split('.').slice(0, 2).join('.')}.x`;
  repo.git(['branch', '--force', line, `${tag}^{commit}`]);
  return line;
}

function run(inputs: Record<string, string>, options: RunOptions = {}) {
  return runAction('verify-tag-base', {
    inputs,
    apiUrl: emulator.url,
    repository: REPOSITORY,
    env: { HOTFIX_RETRY_BASE_MS: '10' },
    ...options,
  });
}

const commitOf = (ref: string) => repo.git(['rev-parse', `${ref}^{commit}`]);
const rowOf = (summary: string, title: string) =>
  summary.split('\n').find((line) => line.includes(`. ${title} |`)) ?? '';

describe('a correct hotfix branch', () => {
  test('passes every check, from the pull_request event alone, in at most 8 API calls', async () => {
    const head = pushBranch(repo, MOBILE_BRANCH, MOBILE_TAG, mobileHotfix());

    const result = await verifyPull(MOBILE_BRANCH, head);

    expect(result.exitCode).toBe(0);
    const tagObject = repo.git(['rev-parse', MOBILE_TAG]);
    expect(tagObject).not.toBe(commitOf(MOBILE_TAG)); // annotated: base-sha must be peeled
    expect(result.outputs).toMatchObject({
      result: 'pass',
      'base-tag': MOBILE_TAG,
      'base-sha': commitOf(MOBILE_TAG),
      'base-version': '0.1.0',
      version: '0.1.1',
      commits: '3',
      'files-changed': '4',
      'fast-forward-possible': 'true',
    });
    for (const title of [
      'Base tag',
      'Branch history',
      'Version files',
      'CHANGELOG entry',
      'Size of the change',
      'Merge target',
      'Configuration and deploy',
    ]) {
      expect(rowOf(result.summary, title)).toContain('✅ pass');
    }
    expect(result.summary).not.toContain('What to do');
    expect(result.outputs['report']?.trimEnd()).toBe(result.summary.trimEnd());
    expect(result.annotations.filter((a) => a.level === 'error' || a.level === 'warning')).toEqual(
      [],
    );

    const calls = emulator.requests.map((r) => r.operation);
    console.log(
      `verify-tag-base API calls, worker-mobile (2 version files): ${calls.length} (${calls.join(', ')})`,
    );
    expect(calls.length).toBeLessThanOrEqual(8);
    expect(emulator.requests.filter(isWrite)).toEqual([]);
    expect(calls.filter((op) => op === 'git/list-matching-refs')).toHaveLength(1);
  });

  test('base-branch at the tag: the base branch can be fast-forwarded to the head', async () => {
    const head = pushBranch(repo, MOBILE_BRANCH, MOBILE_TAG, mobileHotfix());
    repo.git(['branch', '--force', 'release-line', commitOf(MOBILE_TAG)]);

    const result = await verifyPull(MOBILE_BRANCH, head, { 'base-branch': 'release-line' });

    expect(result.exitCode).toBe(0);
    expect(result.outputs['fast-forward-possible']).toBe('true');
    expect(result.summary).toContain('`release-line` can be fast-forwarded');
  });

  test('a lightweight production tag: base-sha is the tag itself, no tag object is read', async () => {
    const tag = `${API}/prod-v0.2.0`;
    expect(repo.git(['cat-file', '-t', tag])).toBe('commit');
    const branch = `hotfix/${API}-v0.2.1`;
    const head = pushBranch(repo, branch, tag, [
      { message: 'fix(api): timeouts', files: { 'backend/api/src/timeouts.ts': 'export {};\n' } },
      {
        message: 'chore(release): api 0.2.1',
        files: {
          'backend/api/package.json': (text) =>
            text.replace('"version": "0.2.0"', '"version": "0.2.1"'),
          'backend/api/CHANGELOG.md': changelogRow('0.2.1', 'HOTFIX: Timeouts'),
        },
      },
    ]);

    const result = await verifyPull(branch, head);

    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({
      'base-sha': commitOf(tag),
      commits: '2',
      version: '0.2.1',
    });
    expect(emulator.countRequests({ operation: 'git/get-tag' })).toBe(0);
    // The OpenAPI description's `version` key in the same package.json is not the service's.
    expect(rowOf(result.summary, 'Version files')).toContain('✅ pass');
    console.log(`verify-tag-base API calls, api (1 version file): ${emulator.requests.length}`);
  });
});

describe('refusals', () => {
  test('a branch cut from main: the commits from main are named, with their count', async () => {
    const branch = `hotfix/${MOBILE}-v0.1.1`;
    const head = pushBranch(repo, branch, 'main', mobileHotfix());
    const foreign = Number(repo.git(['rev-list', '--count', `${MOBILE_TAG}..main`]));
    expect(foreign).toBeGreaterThan(5);

    const result = await verifyPull(branch, head);

    expect(result.exitCode).toBe(1);
    expect(result.outputs['result']).toBe('fail');
    const row = rowOf(result.summary, 'Branch history');
    expect(row).toContain('❌ fail');
    expect(row).toContain(`${foreign} commits from main since ${MOBILE_TAG}`);
    expect(row).toContain(`and ${foreign - 5} more`);
    const firstForeign = repo.git(['rev-list', '--reverse', `${MOBILE_TAG}..main`]).split('\n')[0]!;
    expect(row).toContain(firstForeign.slice(0, 7));
    expect(result.outputs['commits']).toBe('3');
    expect(result.summary).toContain('#### What to do');
    expect(result.summary).toContain(`git rebase --onto ${MOBILE_TAG} origin/main ${branch}`);
    // main also bumped a dependency in the pubspec: not the hotfix's to ship.
    expect(result.stdout).toContain(
      '::error::2 of 7 hotfix checks failed: Branch history, Version files.',
    );
  });

  test('a pull request into a main that moved on: fails, retarget it to the maintenance branch', async () => {
    const head = pushBranch(repo, MOBILE_BRANCH, MOBILE_TAG, mobileHotfix());
    const ahead = Number(repo.git(['rev-list', '--count', `${head}..main`]));

    const result = await verifyPull(MOBILE_BRANCH, head, {}, 'main');

    expect(result.exitCode).toBe(1);
    expect(result.outputs['fast-forward-possible']).toBe('false');
    expect(rowOf(result.summary, 'Merge target')).toContain(
      `main has ${ahead} commits that the head lacks: it moved on since ${MOBILE_TAG}`,
    );
    expect(result.summary).toContain(
      `git push origin ${MOBILE_TAG}^{commit}:refs/heads/release/${MOBILE}-v0.1.x`,
    );
    // The rest of the hotfix is right: only the target is wrong.
    expect(result.stdout).toContain('::error::1 of 7 hotfix checks failed: Merge target.');
  });

  test('main still at the tag: the pull request into main passes (the ff-only path)', async () => {
    const quiet = 'quiet-main';
    repo.git(['branch', '--force', quiet, commitOf(MOBILE_TAG)]);
    const head = pushBranch(repo, MOBILE_BRANCH, MOBILE_TAG, mobileHotfix());

    const result = await verifyPull(MOBILE_BRANCH, head, { 'base-branch': quiet }, quiet);

    expect(result.exitCode).toBe(0);
    expect(rowOf(result.summary, 'Merge target')).toContain(
      `${quiet} holds nothing the head lacks`,
    );
  });

  test('the rules come from the base, not the pull request: its own configuration is not read', async () => {
    const commits = mobileHotfix({ xcconfig: '0.1.0' });
    // The pull request tries to drop the version file it forgot to bump, and the deploy script.
    commits.push({
      message: 'chore: fewer version files',
      files: {
        '.github/hotfix.yml': (text) =>
          text.replace(/^\s+- path: apps\/mobile\/apps\/staff\/ios\/version\.xcconfig\n.*\n/m, ''),
        'scripts/deploy-mobile-production.sh': (text) => `${text}\necho also this\n`,
      },
    });
    const head = pushBranch(repo, MOBILE_BRANCH, MOBILE_TAG, commits);
    expect(repo.readFile(head, '.github/hotfix.yml')).not.toContain('version.xcconfig');

    const result = await verifyPull(MOBILE_BRANCH, head);

    expect(result.exitCode).toBe(1);
    // The base's configuration still lists the xcconfig: its missing bump is found.
    expect(rowOf(result.summary, 'Version files')).toContain(`${XCCONFIG}`);
    expect(rowOf(result.summary, 'Configuration and deploy')).toContain(
      'The pull request changes .github/hotfix.yml, scripts/deploy-mobile-production.sh',
    );
    expect(result.annotations).toContainEqual(
      expect.objectContaining({ level: 'error', file: '.github/hotfix.yml' }),
    );
  });

  test('main merged into the branch: fails, naming the commits main brought', async () => {
    const head = pushBranch(repo, MOBILE_BRANCH, MOBILE_TAG, mobileHotfix(), { mergeMain: true });
    const foreign = Number(repo.git(['rev-list', '--count', `${MOBILE_TAG}..main`]));

    const result = await verifyPull(MOBILE_BRANCH, head);

    expect(result.exitCode).toBe(1);
    expect(rowOf(result.summary, 'Branch history')).toContain(
      `${foreign} commits from main since ${MOBILE_TAG}`,
    );
    // Its own: the three hotfix commits and the merge.
    expect(result.outputs['commits']).toBe('4');
  });

  test('a MINOR bump: annotated on the version line of each file', async () => {
    const head = pushBranch(
      repo,
      MOBILE_BRANCH,
      MOBILE_TAG,
      mobileHotfix({ pubspec: '0.2.0+6', xcconfig: '0.2.0' }),
    );

    const result = await verifyPull(MOBILE_BRANCH, head);

    expect(result.exitCode).toBe(1);
    expect(rowOf(result.summary, 'Version files')).toContain('a MINOR bump of 0.1.0');
    const pubspecLine = lineOf(repo.readFile(head, PUBSPEC), /^version:/);
    const xcconfigLine = lineOf(repo.readFile(head, XCCONFIG), /^MARKETING_VERSION/);
    expect(result.annotations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ level: 'error', file: PUBSPEC, line: pubspecLine }),
        expect.objectContaining({ level: 'error', file: XCCONFIG, line: xcconfigLine }),
      ]),
    );
    expect(rowOf(result.summary, 'Branch history')).toContain('✅ pass');
  });

  test('the build number not bumped', async () => {
    const head = pushBranch(repo, MOBILE_BRANCH, MOBILE_TAG, mobileHotfix({ pubspec: '0.1.1+5' }));

    const result = await verifyPull(MOBILE_BRANCH, head);

    expect(result.exitCode).toBe(1);
    expect(rowOf(result.summary, 'Version files')).toContain(
      'build number +5 was not incremented; it was +5 at',
    );
    expect(result.annotations).toContainEqual(
      expect.objectContaining({
        file: PUBSPEC,
        line: lineOf(repo.readFile(head, PUBSPEC), /^version:/),
      }),
    );
  });

  test('version files that disagree: the one left behind is annotated', async () => {
    const head = pushBranch(repo, MOBILE_BRANCH, MOBILE_TAG, mobileHotfix({ xcconfig: '0.1.0' }));

    const result = await verifyPull(MOBILE_BRANCH, head);

    expect(result.exitCode).toBe(1);
    const errors = result.annotations.filter((a) => a.level === 'error' && a.file);
    expect(errors).toEqual([
      expect.objectContaining({
        file: XCCONFIG,
        line: lineOf(repo.readFile(head, XCCONFIG), /^MARKETING_VERSION/),
      }),
    ]);
    expect(errors[0]!.message).toContain('still holds 0.1.0');
  });

  test('something else changed in a version file: annotated on that line', async () => {
    const commits = mobileHotfix();
    commits.push({
      message: 'chore: bump dio',
      files: { [PUBSPEC]: (text) => text.replace(/dio: \S+/, 'dio: ^5.9.0') },
    });
    const head = pushBranch(repo, MOBILE_BRANCH, MOBILE_TAG, commits);

    const result = await verifyPull(MOBILE_BRANCH, head);

    expect(result.exitCode).toBe(1);
    expect(result.annotations).toContainEqual(
      expect.objectContaining({
        file: PUBSPEC,
        line: lineOf(repo.readFile(head, PUBSPEC), /dio: \^5\.9\.0/),
        message: expect.stringContaining('changed besides the version'),
      }),
    );
  });

  test('no CHANGELOG entry for the new version', async () => {
    const head = pushBranch(repo, MOBILE_BRANCH, MOBILE_TAG, mobileHotfix({ changelog: false }));

    const result = await verifyPull(MOBILE_BRANCH, head);

    expect(result.exitCode).toBe(1);
    expect(rowOf(result.summary, 'CHANGELOG entry')).toContain(
      `${STAFF_CHANGELOG} has no entry for 0.1.1`,
    );
    expect(rowOf(result.summary, 'Version files')).toContain('✅ pass');
    expect(result.stdout).toContain('::error::1 of 7 hotfix checks failed: CHANGELOG entry');
  });

  test('a base tag that does not exist: the dependent checks are skipped, not passed', async () => {
    const branch = `hotfix/${WEB}-v0.5.1`;
    const head = pushBranch(repo, branch, `${WEB}/prod-v0.1.1`, mobileHotfix().slice(0, 1));

    const result = await verifyPull(branch, head);

    expect(result.exitCode).toBe(1);
    expect(rowOf(result.summary, 'Base tag')).toContain(
      `The base tag ${WEB}/prod-v0.5.0 does not exist`,
    );
    expect(rowOf(result.summary, 'Base tag')).toContain(`${WEB}/prod-v0.1.1`);
    expect(rowOf(result.summary, 'Branch history')).toContain('➖ skip');
    expect(result.outputs).toMatchObject({ 'base-sha': '', commits: '', version: '0.5.1' });
  });
});

describe('a hotfix of an older release', () => {
  const branch = `hotfix/${WEB}-v0.0.5`;
  const oldTag = `${WEB}/prod-v0.0.4`;
  const webHotfix = () =>
    pushBranch(repo, branch, oldTag, [
      { message: 'fix(web): checkout', files: { 'apps/web/src/checkout-fix.ts': 'export {};\n' } },
      {
        message: 'chore(release): web 0.0.5',
        files: {
          'apps/web/package.json': (text) =>
            text.replaceAll('"version": "0.0.4"', '"version": "0.0.5"'),
          'apps/web/package-lock.json': (text) =>
            text.replaceAll('"version": "0.0.4"', '"version": "0.0.5"'),
          'apps/web/CHANGELOG.md': changelogRow('0.0.5', 'HOTFIX: Checkout'),
        },
      },
    ]);

  test('passes from the branch alone: the newest of its release line, while 0.1.1 exists', async () => {
    const head = webHotfix();

    const result = await verifyPull(branch, head);

    expect(result.exitCode).toBe(0);
    expect(rowOf(result.summary, 'Base tag')).toContain(
      `${oldTag} exists and is the newest release of the 0.0 line: a hotfix of an older release line (the newest production tag of ${WEB} is ${WEB}/prod-v0.1.1)`,
    );
    expect(rowOf(result.summary, 'Merge target')).toContain(`release/${WEB}-v0.0.x holds nothing`);
  });

  test('allowed when base-tag names it; outside a pull request, from the branch input', async () => {
    const head = webHotfix();

    const result = await run(
      { branch, 'base-tag': oldTag, 'base-branch': maintenanceBranchOf(branch) },
      { event: workflowDispatchEvent({ repository: REPOSITORY }) },
    );

    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({
      result: 'pass',
      'base-tag': oldTag,
      'base-sha': commitOf(oldTag),
      version: '0.0.5',
      commits: '2',
    });
    expect(rowOf(result.summary, 'Base tag')).toContain('a hotfix of an older release');
    // Not on a pull request: the branch's head is read from its ref.
    expect(emulator.countRequests({ operation: 'git/get-ref' })).toBe(1);
    expect(result.summary).toContain(head);
  });
});

describe('size of the change', () => {
  test('too many files and files outside the product: warnings, the step passes', async () => {
    const commits = mobileHotfix();
    commits.push({
      message: 'chore: unrelated',
      files: { 'README.md': (text) => `${text}\nMore.\n`, 'apps/web/src/x.ts': 'export {};\n' },
    });
    const head = pushBranch(repo, MOBILE_BRANCH, MOBILE_TAG, commits);

    const result = await verifyPull(MOBILE_BRANCH, head, { 'max-files': '3' });

    expect(result.exitCode).toBe(0);
    const row = rowOf(result.summary, 'Size of the change');
    expect(row).toContain('⚠️ warn');
    expect(row).toContain('6 files changed, more than max-files (3)');
    expect(row).toContain('2 files outside apps/mobile/apps/staff/');
    expect(result.annotations.filter((a) => a.level === 'warning')).toHaveLength(2);
  });

  test('a bad input is refused before any API call', async () => {
    const result = await run({ branch: MOBILE_BRANCH, 'max-files': 'many' });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain("::error::Input 'max-files' must be a whole number");
    expect(emulator.requests).toHaveLength(0);
  });
});
