// bump-patch and changelog-entry in API mode: the built bundles commit to a branch of a real bare
// repository through the local GitHub emulator, with no checkout. Checked with plain git.
import { afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { isWrite, type Emulator, type RequestLogEntry } from '../../sandbox/emulator/index.js';
import { useSandbox } from '../helpers/sandbox.js';
import { HARNESS_TOKEN, runAction, type RunOptions } from '../../sandbox/harness/run-action.js';
import {
  createMonorepo,
  runGit,
  tmpDir,
  workspaceCopy,
  type Monorepo,
} from '../../sandbox/fixtures/monorepo.js';

const REPOSITORY = 'octo-org/krow-withus';
const MOBILE = 'krow-withus-worker-mobile';
const BRANCH = `hotfix/${MOBILE}-v0.1.1`;
const PUBSPEC = 'apps/mobile/apps/staff/pubspec.yaml';
const XCCONFIG = 'apps/mobile/apps/staff/ios/version.xcconfig';
const CHANGELOG = 'apps/mobile/apps/staff/CHANGELOG.md';

let repo: Monorepo;
let emulator: Emulator;
/** Called for each request the emulator served, before the client hears the answer. */
let onRequest: (entry: RequestLogEntry) => void = () => {};
const sandbox = useSandbox({ onRequest: (entry) => onRequest(entry) });

beforeAll(async () => {
  repo = await createMonorepo(tmpDir('api-mode'));
  emulator = sandbox.emulator;
  emulator.addRepository(REPOSITORY, repo.bare, { defaultBranch: 'main' });
}, 300_000);
afterEach(() => {
  onRequest = () => {};
});

/** A fresh hotfix branch at the product's production tag, as `start` will cut it. */
function cutBranch(name = BRANCH): string {
  const tag = repo.products[MOBILE]!.latestTag;
  repo.git(['branch', '--force', name, `${tag}^{commit}`]);
  return repo.git(['rev-parse', name]);
}

function refsExcept(branch: string): string {
  return repo
    .git(['for-each-ref', '--format=%(refname) %(objectname)'])
    .split('\n')
    .filter((line) => !line.startsWith(`refs/heads/${branch} `))
    .join('\n');
}

function run(name: string, inputs: Record<string, string>, options: RunOptions = {}) {
  return runAction(name, {
    inputs: { ref: BRANCH, ...inputs },
    apiUrl: emulator.url,
    repository: REPOSITORY,
    // Rate-limit waits in milliseconds instead of seconds.
    env: { HOTFIX_RETRY_BASE_MS: '10' },
    ...options,
  });
}

describe('bump-patch (API mode)', () => {
  test('one commit on the branch, parent the tag commit, files edited byte for byte', async () => {
    const base = cutBranch();
    const otherRefs = refsExcept(BRANCH);

    const result = await run('bump-patch', { product: MOBILE });

    expect(result.exitCode).toBe(0);
    const head = repo.git(['rev-parse', BRANCH]);
    expect(result.outputs).toMatchObject({
      'previous-version': '0.1.0',
      version: '0.1.1',
      build: '6',
      'commit-sha': head,
    });
    expect(repo.git(['rev-parse', `${head}^`])).toBe(base);
    expect(repo.git(['log', '-1', '--format=%s', head])).toBe(
      `chore(release): bump ${MOBILE} to 0.1.1`,
    );
    expect(
      repo.git(['diff-tree', '--no-commit-id', '--name-only', '-r', head]).split('\n').sort(),
    ).toEqual([XCCONFIG, PUBSPEC].sort());
    expect(repo.readFile(head, PUBSPEC)).toBe(
      repo.readFile(base, PUBSPEC).replace(/^version: 0\.1\.0\+5$/m, 'version: 0.1.1+6'),
    );
    expect(repo.readFile(head, XCCONFIG)).toBe(
      repo.readFile(base, XCCONFIG).replace('= 0.1.0', '= 0.1.1'),
    );
    expect(refsExcept(BRANCH)).toBe(otherRefs);
    // A checkout sees the same.
    expect(runGit(['log', '--oneline', '-1'], workspaceCopy(repo, BRANCH))).toContain('bump');

    const calls = emulator.requests.map((r) => r.operation);
    console.log(`bump-patch API calls: ${calls.length} (${calls.join(', ')})`);
    expect(calls.filter((op) => op === 'git/update-ref')).toHaveLength(1);
    expect(emulator.requests.every((r) => r.authenticated)).toBe(true);
    // The token only ever reaches the runner's own mask command, which the log never shows.
    const shown = (result.stdout + result.stderr + result.summary).replace(
      /^::add-mask::.*$/gm,
      '',
    );
    expect(shown).not.toContain(HARNESS_TOKEN);
  });

  test('a tree GitHub lists only in part (truncated): the files are read by path, same commit', async () => {
    const base = cutBranch();
    emulator.setLimits({ treeEntries: 10 });
    const result = await run('bump-patch', { product: MOBILE });

    expect(result.exitCode).toBe(0);
    const listing = emulator.requests.find((r) => r.operation === 'git/get-tree');
    expect(listing?.responseBody).toMatchObject({ truncated: true });
    const head = repo.git(['rev-parse', BRANCH]);
    expect(repo.git(['rev-parse', `${head}^`])).toBe(base);
    expect(repo.readFile(head, PUBSPEC)).toBe(
      repo.readFile(base, PUBSPEC).replace(/^version: 0\.1\.0\+5$/m, 'version: 0.1.1+6'),
    );
    expect(
      repo.git(['diff-tree', '--no-commit-id', '--name-only', '-r', head]).split('\n').sort(),
    ).toEqual([XCCONFIG, PUBSPEC].sort());
  });

  test('a re-run commits nothing', async () => {
    cutBranch();
    expect((await run('bump-patch', { product: MOBILE })).exitCode).toBe(0);
    const head = repo.git(['rev-parse', BRANCH]);
    emulator.reset();

    const again = await run('bump-patch', { product: MOBILE });

    expect(again.exitCode).toBe(0);
    expect(again.outputs).toMatchObject({
      version: '0.1.1',
      'changed-files': '[]',
      'commit-sha': '',
    });
    expect(repo.git(['rev-parse', BRANCH])).toBe(head);
    expect(emulator.requests.filter(isWrite)).toEqual([]);
  });

  test('dry-run reads and writes nothing', async () => {
    const base = cutBranch();
    const result = await run('bump-patch', { product: MOBILE, 'dry-run': 'true' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs['version']).toBe('0.1.1');
    expect(repo.git(['rev-parse', BRANCH])).toBe(base);
    expect(emulator.requests.filter(isWrite)).toEqual([]);
  });

  test('a refusal writes nothing: version files that disagree on the branch', async () => {
    cutBranch();
    const work = workspaceCopy(repo, BRANCH);
    runGit(['checkout', '-q', BRANCH], work);
    runGit(['commit', '-qam', 'x', '--allow-empty'], work);
    const { writeFileSync, readFileSync } = await import('node:fs');
    writeFileSync(
      `${work}/${XCCONFIG}`,
      readFileSync(`${work}/${XCCONFIG}`, 'utf8').replace('0.1.0', '0.0.9'),
    );
    runGit(['commit', '-qam', 'drift'], work);
    runGit(['push', '-q', 'origin', BRANCH], work);
    const head = repo.git(['rev-parse', BRANCH]);

    const result = await run('bump-patch', { product: MOBILE });

    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('disagree');
    expect(result.annotations.some((a) => a.file === XCCONFIG && a.line !== undefined)).toBe(true);
    expect(repo.git(['rev-parse', BRANCH])).toBe(head);
    expect(emulator.requests.filter(isWrite)).toEqual([]);
  });

  test('an unknown branch is a clear error', async () => {
    const result = await run('bump-patch', { product: MOBILE, ref: 'hotfix/nope-v1.0.1' });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain("Branch 'hotfix/nope-v1.0.1' does not exist");
  });
});

describe('changelog-entry (API mode)', () => {
  test('after bump-patch: one more commit with the row, version from the files', async () => {
    cutBranch();
    const bump = await run('bump-patch', { product: MOBILE });
    emulator.reset();
    const entry = await run('changelog-entry', {
      product: MOBILE,
      description: 'Shift list crashes',
      date: '2026-03-05',
    });

    expect(entry.exitCode).toBe(0);
    const head = repo.git(['rev-parse', BRANCH]);
    expect(entry.outputs).toMatchObject({ changed: 'true', path: CHANGELOG, 'commit-sha': head });
    expect(repo.git(['rev-parse', `${head}^`])).toBe(bump.outputs['commit-sha']);
    expect(repo.git(['diff-tree', '--no-commit-id', '--name-only', '-r', head])).toBe(CHANGELOG);
    expect(repo.readFile(head, CHANGELOG)).toContain(
      '|-------------|\n| 2026-03-05 | 0.1.1 | HOTFIX: Shift list crashes |\n',
    );
    expect(repo.git(['log', '-1', '--format=%s', head])).toBe(`docs(changelog): ${MOBILE} 0.1.1`);
    const calls = emulator.requests.map((r) => r.operation);
    console.log(`changelog-entry API calls: ${calls.length} (${calls.join(', ')})`);
    expect(calls.filter((op) => op === 'git/create-commit')).toHaveLength(1);

    emulator.reset();
    const again = await run('changelog-entry', {
      product: MOBILE,
      description: 'Shift list crashes',
      date: '2026-03-05',
    });
    expect(again.outputs['changed']).toBe('false');
    expect(repo.git(['rev-parse', BRANCH])).toBe(head);
    console.log(`changelog-entry API calls (re-run, nothing written): ${emulator.requests.length}`);
  });
});

describe('faults on the way', () => {
  function commitsOnBranch(base: string): string[] {
    return repo
      .git(['rev-list', `${base}..${BRANCH}`])
      .split('\n')
      .filter(Boolean);
  }

  test('a 502 on the commit is retried: one commit', async () => {
    const base = cutBranch();
    emulator.injectFault({ route: 'git/create-commit', kind: 'status-502', times: 1 });
    const result = await run('bump-patch', { product: MOBILE });
    expect(result.exitCode).toBe(0);
    expect(commitsOnBranch(base)).toHaveLength(1);
    expect(
      emulator.requests.filter((r) => r.operation === 'git/create-commit').map((r) => r.status),
    ).toEqual([502, 201]);
  });

  test('a 502 on the GraphQL file read is retried too', async () => {
    const base = cutBranch();
    emulator.injectFault({ route: 'graphql', kind: 'status-502', times: 1 });
    const result = await run('bump-patch', { product: MOBILE });
    expect(result.exitCode).toBe(0);
    expect(commitsOnBranch(base)).toHaveLength(1);
    expect(emulator.requests.filter((r) => r.operation === 'graphql').map((r) => r.status)).toEqual(
      [502, 200, 200],
    );
  });

  test('a secondary rate limit is waited out as retry-after says', async () => {
    const base = cutBranch();
    emulator.injectFault({
      route: 'git/create-tree',
      kind: 'secondary-rate-limit',
      times: 1,
      retryAfter: 2,
    });
    const result = await run('bump-patch', { product: MOBILE });
    expect(result.exitCode).toBe(0);
    expect(commitsOnBranch(base)).toHaveLength(1);
    const trees = emulator.requests.filter((r) => r.operation === 'git/create-tree');
    expect(trees.map((r) => r.status)).toEqual([403, 201]);
    // 2 s asked, scaled by HOTFIX_RETRY_BASE_MS=10: at least 20 ms between the two.
    expect(
      Date.parse(trees[1]!.timestamp) - Date.parse(trees[0]!.timestamp),
    ).toBeGreaterThanOrEqual(15);
    expect(result.stdout).toContain('secondary rate limit');
  });

  test('a 4xx other than a rate limit is not retried', async () => {
    cutBranch();
    const result = await run('bump-patch', { product: MOBILE, ref: 'no-such-branch' });
    expect(result.exitCode).toBe(1);
    expect(emulator.countRequests({ operation: 'git/get-ref' })).toBe(1);
  });

  test.each(['git/create-commit', 'git/update-ref'])(
    'a dropped answer after %s was applied: still exactly one commit, and a re-run adds none',
    async (operation) => {
      const base = cutBranch();
      emulator.injectFault({ route: operation, kind: 'drop-after-write', times: 1 });
      const result = await run('bump-patch', { product: MOBILE });
      expect(result.exitCode).toBe(0);
      expect(commitsOnBranch(base)).toHaveLength(1);
      const head = repo.git(['rev-parse', BRANCH]);
      expect(repo.readFile(head, PUBSPEC)).toMatch(/^version: 0\.1\.1\+6$/m);

      const again = await run('bump-patch', { product: MOBILE });
      expect(again.exitCode).toBe(0);
      expect(commitsOnBranch(base)).toHaveLength(1);
    },
  );

  test('the branch moved between read and write: re-read, never forced, nothing lost', async () => {
    const base = cutBranch();
    // Someone pushes a fix while the action is reading the branch.
    const work = workspaceCopy(repo, BRANCH);
    runGit(['checkout', '-q', BRANCH], work);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${work}/apps/mobile/apps/staff/FIX.md`, 'the fix\n');
    runGit(['add', '.'], work);
    runGit(['commit', '-qm', 'fix: the actual fix'], work);
    let pushed = false;
    onRequest = (entry) => {
      if (!pushed && entry.operation === 'git/get-tree') {
        pushed = true;
        runGit(['push', '-q', 'origin', BRANCH], work);
      }
    };

    const result = await run('bump-patch', { product: MOBILE });

    expect(result.exitCode).toBe(0);
    expect(pushed).toBe(true);
    const commits = commitsOnBranch(base);
    expect(commits).toHaveLength(2);
    const head = repo.git(['rev-parse', BRANCH]);
    expect(repo.git(['log', '-1', '--format=%s', `${head}^`])).toBe('fix: the actual fix');
    expect(repo.readFile(head, 'apps/mobile/apps/staff/FIX.md')).toBe('the fix\n');
    expect(repo.readFile(head, PUBSPEC)).toMatch(/^version: 0\.1\.1\+6$/m);
    const updates = emulator.requests
      .filter((r) => r.operation === 'git/update-ref')
      .map((r) => r.status);
    expect(updates).toEqual([422, 200]);
    expect(
      emulator.requests
        .filter((r) => r.operation === 'git/update-ref')
        .every((r) => (r.requestBody as { force?: boolean }).force !== true),
    ).toBe(true);
  });
});
