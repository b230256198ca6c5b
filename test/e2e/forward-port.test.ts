// A hotfix of a release whose main has moved on in the hotfix's own files (main holds the next
// version in the same pubspec, xcconfig and CHANGELOG), end to end with the built bundles: start
// targets the maintenance branch, the fix is pushed with plain git, the pull request merged with
// a button, create-prod-tag tags the merge, and `command: forward-port` carries the fix to main.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { isWrite } from '../../sandbox/emulator/index.js';
import { pullRequestEvent } from '../../sandbox/harness/events.js';
import { runAction } from '../../sandbox/harness/run-action.js';
import { startNextReleaseOnMain, tmpDir } from '../../sandbox/fixtures/monorepo.js';
import {
  MOBILE,
  MOBILE_CHANGELOG,
  PUBSPEC,
  XCCONFIG,
  freshRepo,
  useHotfixSandbox,
  type TestRepo,
} from '../helpers/hotfix.js';
import { pushBranch } from '../helpers/mobile-hotfix.js';

const sandbox = useHotfixSandbox();
const TAG = `${MOBILE}/prod-v0.1.1`;
const LINE = `release/${MOBILE}-v0.1.x`;
const PORT = `forward-port/${MOBILE}-v0.1.1`;
const FIX_FILE = 'apps/mobile/apps/staff/lib/shift_list_guard.dart';
const FIX = 'bool hasShifts(List<Object?>? shifts) => shifts?.isNotEmpty ?? false;\n';

function records(t: TestRepo) {
  return sandbox.emulator.repo(t.name);
}

/** Start, the fix, the merge (with `method`) and the tag: the state the release workflow leaves. */
async function taggedHotfix(
  t: TestRepo,
  options: { method?: 'merge' | 'squash' | 'rebase'; fix?: string } = {},
) {
  const start = await t.start();
  expect(start.exitCode).toBe(0);
  expect(start.outputs['target-branch']).toBe(LINE);
  const branch = start.outputs['branch']!;
  const pr = Number(start.outputs['pr-number']);
  const head = pushBranch(t.repo, branch, branch, [
    {
      message: 'fix(staff): guard the empty shift list',
      files: { [FIX_FILE]: options.fix ?? FIX },
    },
  ]);
  const args = { owner: t.owner, repo: t.short };
  await t.octokit.rest.pulls.createReview({ ...args, pull_number: pr, event: 'APPROVE' });
  const merged = await t.octokit.rest.pulls.merge({
    ...args,
    pull_number: pr,
    merge_method: options.method ?? 'merge',
  });
  const tagged = await runAction('create-prod-tag', {
    inputs: { 'require-approval': 'true', release: 'true' },
    apiUrl: sandbox.emulator.url,
    repository: t.name,
    env: { HOTFIX_RETRY_BASE_MS: '10' },
    event: pullRequestEvent({
      action: 'closed',
      number: pr,
      merged: true,
      merge_commit_sha: merged.data.sha,
      head: { ref: branch, sha: head },
      base: { ref: LINE, sha: merged.data.sha },
      body: records(t).pulls.find((p) => p.number === pr)?.body ?? '',
      repository: t.name,
    }),
  });
  expect(tagged.stdout).not.toContain('::error');
  expect(tagged.outputs['tag']).toBe(TAG);
  return { pr, head, tracker: Number(start.outputs['tracking-issue']) };
}

const forwardPort = (t: TestRepo, inputs: Record<string, string> = {}) =>
  t.run({ command: 'forward-port', tag: TAG, ...inputs });

function trackerBody(t: TestRepo, number: number): string {
  return records(t).issues.find((issue) => issue.number === number)?.body ?? '';
}

const mergedLine = (body: string) =>
  body.split('\n').find((line) => line.includes('Merged to main')) ?? '';

describe('forward-port: main holds the next release in the same files', () => {
  test.each(['merge', 'squash', 'rebase'] as const)(
    'after the %s button: the fix, main’s versions kept, the CHANGELOG row in order',
    async (method) => {
      const t = await freshRepo(sandbox);
      const mainBefore = startNextReleaseOnMain(t.repo); // 0.2.0+7
      const hotfix = await taggedHotfix(t, { method });
      sandbox.emulator.reset();

      const result = await forwardPort(t);

      expect(result.stdout).not.toContain('::error');
      expect(result.outputs['result']).toBe('opened');
      const pull = records(t).pulls.find((p) => p.head === PORT)!;
      expect(pull).toMatchObject({ base: 'main', state: 'open', draft: false });
      expect(pull.labels).toContain('forward-port');
      expect(result.outputs['pr-number']).toBe(String(pull.number));
      // The branch: main, the fix merged on top, then the CHANGELOG entry.
      const port = t.repo.git(['rev-parse', PORT]);
      expect(t.repo.git(['rev-list', '--count', `${port}..${mainBefore}`])).toBe('0');
      expect(t.repo.readFile(port, FIX_FILE)).toBe(FIX);
      expect(t.repo.readFile(port, PUBSPEC)).toBe(t.repo.readFile(mainBefore, PUBSPEC));
      expect(t.repo.readFile(port, PUBSPEC)).toMatch(/^version: 0\.2\.0\+7$/m);
      expect(t.repo.readFile(port, XCCONFIG)).toBe(t.repo.readFile(mainBefore, XCCONFIG));
      const changelog = t.repo.readFile(port, MOBILE_CHANGELOG).split('\n');
      const rowOf = (version: string) =>
        changelog.findIndex((line) => line.includes(` ${version} |`));
      expect(rowOf('0.2.0')).toBeGreaterThan(0);
      expect(rowOf('0.1.1')).toBe(rowOf('0.2.0') + 1);
      expect(rowOf('0.1.0')).toBe(rowOf('0.1.1') + 1);
      // No conflict marker anywhere, and nothing else of the hotfix's release edits.
      expect(t.repo.git(['log', '-p', `${mainBefore}..${port}`])).not.toMatch(/^\+<<<<<<< /m);
      expect(t.repo.git(['diff', '--name-only', mainBefore, port]).split('\n').sort()).toEqual(
        [FIX_FILE, MOBILE_CHANGELOG].sort(),
      );
      // The tracker shows it; the fix is not on main until it merges.
      expect(mergedLine(trackerBody(t, hotfix.tracker))).toContain(
        `forward-port #${pull.number} open`,
      );
      expect(mergedLine(trackerBody(t, hotfix.tracker))).toMatch(/^- \[ \]/);
      expect(pull.body).toContain(`Tracking issue: #${hotfix.tracker}`);

      // A re-run finds it: nothing written.
      sandbox.emulator.reset();
      const again = await forwardPort(t);
      expect(again.outputs['result']).toBe('exists');
      expect(sandbox.emulator.requests.filter(isWrite)).toEqual([]);

      // Merged: the tracker ticks "Merged to main" with the pull request.
      await t.octokit.rest.pulls.merge({ owner: t.owner, repo: t.short, pull_number: pull.number });
      const sync = await t.run({ command: 'sync', product: MOBILE, version: '0.1.1' });
      expect(sync.exitCode).toBe(0);
      expect(mergedLine(trackerBody(t, hotfix.tracker))).toMatch(
        new RegExp(`^- \\[x\\] Merged to main .*forward-port #${pull.number}`),
      );
    },
  );
});

describe('forward-port: what main already has, and conflicts', () => {
  test('a conflict in the fix: a draft that names the file and the commands, no marker committed', async () => {
    const t = await freshRepo(sandbox);
    startNextReleaseOnMain(t.repo);
    // Main rewrote the very file the fix changes.
    pushBranch(t.repo, 'main', 'main', [
      {
        message: 'refactor(staff): shift list guard',
        files: { [FIX_FILE]: 'bool guard() => true;\n' },
      },
    ]);
    const mainBefore = t.repo.git(['rev-parse', 'main']);
    const hotfix = await taggedHotfix(t);
    sandbox.emulator.reset();

    const result = await forwardPort(t);

    expect(result.exitCode).toBe(0);
    expect(result.outputs['result']).toBe('conflict');
    const pull = records(t).pulls.find((p) => p.head === PORT)!;
    expect(pull).toMatchObject({ draft: true, base: 'main' });
    expect(pull.labels).toEqual(expect.arrayContaining(['forward-port', 'merge-conflict']));
    expect(pull.body).toContain(`both changed, since \`${MOBILE}/prod-v0.1.0\`: \`${FIX_FILE}\``);
    expect(pull.body).toContain(
      `git diff ${MOBILE}/prod-v0.1.0 ${TAG} -- . ':(exclude)${PUBSPEC}'`,
    );
    expect(pull.body).toContain('| git apply --3way');
    // The branch holds main and the CHANGELOG entry only: the fix is for a person to apply.
    const port = t.repo.git(['rev-parse', PORT]);
    expect(t.repo.readFile(port, FIX_FILE)).toBe('bool guard() => true;\n');
    expect(t.repo.git(['diff', '--name-only', mainBefore, port])).toBe(MOBILE_CHANGELOG);
    expect(t.repo.git(['log', '-p', `${mainBefore}..${port}`])).not.toMatch(/^\+<<<<<<< /m);
    expect(mergedLine(trackerBody(t, hotfix.tracker))).toContain(
      `forward-port #${pull.number} has conflicts to resolve`,
    );

    // The body's commands work: in a clone, they apply the fix with conflict markers in the
    // named file, for a person to resolve (nothing pushed here).
    const clone = tmpDir('forward-port-person');
    t.repo.git(['clone', '--quiet', t.repo.bare, clone]);
    const commands = /```sh\n([\s\S]*?)```/.exec(pull.body ?? '')?.[1] ?? '';
    const untilResolve = commands.split('\n# resolve')[0] ?? '';
    const applied = spawnSync('bash', ['-c', untilResolve], { cwd: clone, encoding: 'utf8' });
    expect(applied.status).not.toBe(0);
    expect(applied.stderr).toContain(`U ${FIX_FILE}`);
    expect(readFileSync(join(clone, FIX_FILE), 'utf8')).toMatch(/^<<<<<<< /m);

    sandbox.emulator.reset();
    const again = await forwardPort(t);
    expect(again.outputs['result']).toBe('exists');
    expect(records(t).pulls.filter((p) => p.head === PORT)).toHaveLength(1);
  });

  test('the fix already on main: nothing opened, the tracker says so and ticks', async () => {
    const t = await freshRepo(sandbox);
    startNextReleaseOnMain(t.repo);
    // The same fix landed on main already (a cherry-pick).
    pushBranch(t.repo, 'main', 'main', [
      { message: 'fix(staff): guard the empty shift list', files: { [FIX_FILE]: FIX } },
    ]);
    const hotfix = await taggedHotfix(t);
    const refs = t.repo.git(['for-each-ref', '--format=%(refname) %(objectname)']);
    sandbox.emulator.reset();

    const result = await forwardPort(t);

    expect(result.outputs['result']).toBe('on-main');
    expect(result.summary).toContain('already holds the fix');
    expect(records(t).pulls.filter((p) => p.head === PORT)).toEqual([]);
    expect(t.repo.git(['for-each-ref', '--format=%(refname) %(objectname)'])).toBe(refs);
    expect(mergedLine(trackerBody(t, hotfix.tracker))).toMatch(
      /^- \[x\] Merged to main .*already on/,
    );

    // A re-run posts no second note.
    const comments = records(t).comments.length;
    sandbox.emulator.reset();
    await forwardPort(t);
    expect(records(t).comments).toHaveLength(comments);
  });

  test('a build number on main not above the hotfix’s: raised in the same pull request', async () => {
    const t = await freshRepo(sandbox);
    const mainBefore = startNextReleaseOnMain(t.repo, { build: 6 }); // the hotfix makes 0.1.1+6
    await taggedHotfix(t);

    const result = await forwardPort(t);

    expect(result.outputs['result']).toBe('opened');
    const port = t.repo.git(['rev-parse', PORT]);
    expect(t.repo.readFile(port, PUBSPEC)).toBe(
      t.repo.readFile(mainBefore, PUBSPEC).replace('version: 0.2.0+6', 'version: 0.2.0+7'),
    );
    const pull = records(t).pulls.find((p) => p.head === PORT)!;
    expect(pull.body).toContain('The build number raised from 6 to 7');
  });

  test.each(['repos/merge', 'git/create-ref', 'pulls/create', 'git/update-ref'])(
    'the answer to %s lost after it was applied: a re-run opens exactly one pull request',
    async (operation) => {
      const t = await freshRepo(sandbox);
      const mainBefore = startNextReleaseOnMain(t.repo);
      await taggedHotfix(t);
      sandbox.emulator.reset();
      sandbox.emulator.injectFault({ route: operation, kind: 'drop-after-write', times: 1 });

      const first = await forwardPort(t);
      const second = await forwardPort(t);

      expect([first.outputs['result'], second.outputs['result']]).toContain('exists');
      const pulls = records(t).pulls.filter((p) => p.head === PORT);
      expect(pulls).toHaveLength(1);
      const port = t.repo.git(['rev-parse', PORT]);
      expect(t.repo.git(['diff', '--name-only', mainBefore, port]).split('\n').sort()).toEqual(
        [FIX_FILE, MOBILE_CHANGELOG].sort(),
      );
      // One merge of the fix on the branch, one CHANGELOG row.
      expect(t.repo.git(['rev-list', '--merges', '--count', `${mainBefore}..${port}`])).toBe('1');
      expect(
        t.repo
          .readFile(port, MOBILE_CHANGELOG)
          .split('\n')
          .filter((l) => l.includes(' 0.1.1 |')),
      ).toHaveLength(1);
    },
  );
});

describe('forward-port: the quiet-main path and the release line', () => {
  test('main still at the tag: the pull request merged into main, nothing to carry', async () => {
    const t = await freshRepo(sandbox);
    t.repo.git(['update-ref', 'refs/heads/main', `${MOBILE}/prod-v0.1.0^{commit}`]);
    const start = await t.start();
    expect(start.outputs['target-branch']).toBe('main');
    const branch = start.outputs['branch']!;
    const pr = Number(start.outputs['pr-number']);
    const head = pushBranch(t.repo, branch, branch, [
      { message: 'fix(staff): guard the empty shift list', files: { [FIX_FILE]: FIX } },
    ]);
    const args = { owner: t.owner, repo: t.short };
    const merged = await t.octokit.rest.pulls.merge({ ...args, pull_number: pr });
    const tagged = await runAction('create-prod-tag', {
      apiUrl: sandbox.emulator.url,
      repository: t.name,
      env: { HOTFIX_RETRY_BASE_MS: '10' },
      event: pullRequestEvent({
        action: 'closed',
        number: pr,
        merged: true,
        merge_commit_sha: merged.data.sha,
        head: { ref: branch, sha: head },
        base: { ref: 'main', sha: merged.data.sha },
        repository: t.name,
      }),
    });
    expect(tagged.outputs['tag']).toBe(TAG);
    expect(t.repo.git(['rev-parse', `${TAG}^{commit}`])).toBe(t.repo.git(['rev-parse', 'main']));

    const result = await forwardPort(t);

    expect(result.outputs['result']).toBe('on-main');
    expect(records(t).pulls.filter((p) => p.head === PORT)).toEqual([]);
    const tracker = Number(start.outputs['tracking-issue']);
    expect(mergedLine(trackerBody(t, tracker))).toMatch(
      new RegExp(`^- \\[x\\] Merged to main .*#${pr}`),
    );
  });

  test('a second hotfix of the same line reuses the maintenance branch at the first one’s tag', async () => {
    const t = await freshRepo(sandbox);
    startNextReleaseOnMain(t.repo);
    await taggedHotfix(t);
    const line = t.repo.git(['rev-parse', LINE]);
    expect(t.repo.git(['rev-parse', `${TAG}^{commit}`])).toBe(line);
    // The first hotfix is finished: its tracker closed (one hotfix of a product at a time).
    for (const issue of records(t).issues) issue.state = 'closed';

    const second = await t.start({ issue: 'Payslip totals off by a cent' });

    expect(second.exitCode).toBe(0);
    expect(second.outputs).toMatchObject({
      'base-tag': TAG,
      version: '0.1.2',
      'target-branch': LINE,
    });
    expect(t.repo.git(['rev-parse', LINE])).toBe(line);
    expect(t.repo.git(['rev-parse', `hotfix/${MOBILE}-v0.1.2^`])).toBe(line);
    expect(t.repo.readFile(`hotfix/${MOBILE}-v0.1.2`, PUBSPEC)).toMatch(/^version: 0\.1\.2\+7$/m);
  });

  test('an older release line: 0.0.x hotfixed from its own maintenance branch', async () => {
    const t = await freshRepo(sandbox);
    const result = await t.start({ 'base-tag': `${MOBILE}/prod-v0.0.4` });

    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({
      version: '0.0.5',
      'target-branch': `release/${MOBILE}-v0.0.x`,
    });
    expect(t.repo.git(['rev-parse', `release/${MOBILE}-v0.0.x`])).toBe(
      t.repo.git(['rev-parse', `${MOBILE}/prod-v0.0.4^{commit}`]),
    );
  });
});
