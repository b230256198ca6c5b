// `command: start` of the root action, end to end: the built bundle run as the runner does, on a
// fixture monorepo served by the GitHub emulator. Branches, commits and file bytes are checked
// with plain git; pull requests, issues and labels in the emulator's records.
import { describe, expect, test } from '@jest/globals';
import { isWrite } from '../../sandbox/emulator/index.js';
import {
  FORM,
  MOBILE,
  MOBILE_CHANGELOG,
  PUBSPEC,
  WEB,
  XCCONFIG,
  freshRepo,
  markerOf,
  useHotfixSandbox,
  webhookReceiver,
  type TestRepo,
} from '../helpers/hotfix.js';

const sandbox = useHotfixSandbox();
const BRANCH = `hotfix/${MOBILE}-v0.1.1`;
const TAG = `${MOBILE}/prod-v0.1.0`;
const LINE = `release/${MOBILE}-v0.1.x`;

function writes(): string[] {
  return sandbox.emulator.requests.filter(isWrite).map((r) => `${r.method} ${r.operation}`);
}

/**
 * What a start writes when the hotfix branch exists already: its first commit is made on the
 * tag's commit before the branch is created at it, so the refused branch creation leaves that
 * commit (and its tree) unreferenced: objects no ref, branch or view shows.
 */
const REFUSED_BRANCH_WRITES = [
  'POST git/create-tree',
  'POST git/create-commit',
  'POST git/create-ref',
];

function records(t: TestRepo) {
  return sandbox.emulator.repo(t.name);
}

describe('start', () => {
  test('branch at the tag commit, one commit with the bump and the CHANGELOG row, PR, labels, reviewers, tracker', async () => {
    const t = await freshRepo(sandbox);
    const tagCommit = t.repo.git(['rev-parse', `${TAG}^{commit}`]);
    const otherRefs = t.repo.git(['for-each-ref', '--format=%(refname) %(objectname)']);

    const result = await t.start();

    expect(result.stdout).not.toContain('::error');
    expect(result.exitCode).toBe(0);
    const calls = sandbox.emulator.requests.map((r) => r.operation);
    console.log(`start API calls: ${calls.length} (${calls.join(', ')})`);
    const head = t.repo.git(['rev-parse', BRANCH]);
    const pull = records(t).pulls[0]!;
    const tracker = records(t).issues[0]!;
    expect(result.outputs).toEqual({
      branch: BRANCH,
      version: '0.1.1',
      'previous-version': '0.1.0',
      'base-tag': TAG,
      'target-branch': LINE,
      'pr-number': String(pull.number),
      'pr-url': `${sandbox.emulator.url}/${t.name}/pull/${pull.number}`,
      'tracking-issue': String(tracker.number),
    });

    // Git: the branch is one commit on top of the tag's commit; main had moved on, so the line's
    // maintenance branch was cut at the tag; nothing else moved.
    expect(t.repo.git(['rev-list', '--count', `${tagCommit}..${BRANCH}`])).toBe('1');
    expect(t.repo.git(['rev-parse', `${head}^`])).toBe(tagCommit);
    expect(t.repo.git(['log', '-1', '--format=%s', head])).toBe(
      `chore(release): hotfix ${MOBILE} 0.1.1`,
    );
    expect(
      t.repo.git(['diff-tree', '--no-commit-id', '--name-only', '-r', head]).split('\n').sort(),
    ).toEqual([MOBILE_CHANGELOG, PUBSPEC, XCCONFIG].sort());
    expect(t.repo.readFile(head, PUBSPEC)).toBe(
      t.repo.readFile(TAG, PUBSPEC).replace(/^version: 0\.1\.0\+5$/m, 'version: 0.1.1+6'),
    );
    expect(t.repo.readFile(head, XCCONFIG)).toBe(
      t.repo
        .readFile(TAG, XCCONFIG)
        .replace('MARKETING_VERSION = 0.1.0', 'MARKETING_VERSION = 0.1.1'),
    );
    const today = new Date().toISOString().slice(0, 10);
    const oldLog = t.repo.readFile(TAG, MOBILE_CHANGELOG);
    expect(t.repo.readFile(head, MOBILE_CHANGELOG)).toBe(
      oldLog.replace(
        '|------|---------|-------------|\n',
        `|------|---------|-------------|\n| ${today} | 0.1.1 | HOTFIX: ${FORM.issue} |\n`,
      ),
    );
    const refsNow = t.repo.git(['for-each-ref', '--format=%(refname) %(objectname)']);
    expect(t.repo.git(['rev-parse', LINE])).toBe(tagCommit);
    expect(
      refsNow
        .split('\n')
        .filter(
          (line) =>
            !line.startsWith(`refs/heads/${BRANCH} `) && !line.startsWith(`refs/heads/${LINE} `),
        ),
    ).toEqual(otherRefs.split('\n'));

    // The pull request of step 6.
    expect(pull).toMatchObject({
      title: `HOTFIX: ${FORM.issue}`,
      head: BRANCH,
      base: LINE,
      state: 'open',
      labels: ['hotfix', 'URGENT'],
      requested_teams: ['release-engineers'],
    });
    expect(pull.body).toContain('**URGENT PRODUCTION FIX**\n\nIssue: Shift list crashes on open\n');
    expect(pull.body).toContain('Impact: All 1,200 staff on iOS\n');
    expect(pull.body).toContain('Solution: _(author: what was fixed)_');
    expect(pull.body).toContain('Testing: _(author: how it was verified locally)_');
    expect(pull.body).toContain(`Tracking issue: #${tracker.number}`);
    expect(pull.body).toContain(`Merges into \`${LINE}\`: main has moved on since ${TAG}`);
    expect(result.summary).toContain(
      `| Merges into | \`${LINE}\` (was created at the tag): main has moved on`,
    );
    // Labels created with their colours.
    expect(Object.fromEntries(records(t).labels.map((label) => [label.name, label.color]))).toEqual(
      { hotfix: 'd93f0b', URGENT: 'b60205' },
    );

    // The tracking issue.
    expect(tracker.title).toBe(`Hotfix: ${MOBILE} v0.1.0 → v0.1.1`);
    expect(tracker.labels).toEqual(['hotfix', 'URGENT']);
    const state = markerOf(tracker.body);
    expect(state).toMatchObject({
      product: MOBILE,
      previousVersion: '0.1.0',
      version: '0.1.1',
      severity: 'CRITICAL',
      issue: FORM.issue,
      impact: FORM.impact,
      baseTag: TAG,
      baseSha: tagCommit,
      branch: BRANCH,
      baseBranch: 'main',
      maintenanceBranch: LINE,
      pr: pull.number,
    });
    const body = tracker.body ?? '';
    for (const ticked of [
      'Severity assessed & documented',
      'Branch created from production tag',
      'Version number updated (PATCH only)',
      'CHANGELOG entry added',
      'Code review requested (marked URGENT)',
    ]) {
      expect(body).toMatch(new RegExp(`- \\[x\\] ${ticked.replace(/[()]/g, '\\$&')} · `));
    }
    expect(body).toContain('- [ ] Bug fixed & tested locally\n');
    expect(body).toContain('- [ ] Approval obtained\n');
    expect(body).toContain('Issue: Shift list crashes on open\nSeverity: CRITICAL\n');
    expect(body).toContain('**Target:** 🔴 CRITICAL: fix in production within 1 hour');
    expect(body).toContain('```mermaid\ngantt');

    // The summary tells how to get to work.
    expect(result.summary).toContain(`git fetch origin ${BRANCH}\ngit switch ${BRANCH}\n`);
    expect(result.summary).toContain(`gh pr checkout ${pull.number}`);

    // Few calls: a budget of 15 is checked by the benchmark; an annotated tag costs one to peel,
    // the first start in a repository one per label to colour it.
    expect(calls.filter((op) => op === 'git/create-commit')).toHaveLength(1);
    expect(
      calls.length - calls.filter((op) => op === 'issues/update-label').length,
    ).toBeLessThanOrEqual(16);
    expect(sandbox.emulator.requests.every((r) => r.authenticated)).toBe(true);
  });

  test('a re-run converges: the same branch, commit, pull request and issue; nothing created', async () => {
    const t = await freshRepo(sandbox);
    const first = await t.start();
    expect(first.exitCode).toBe(0);
    const head = t.repo.git(['rev-parse', BRANCH]);
    sandbox.emulator.reset();

    const again = await t.start();

    expect(again.exitCode).toBe(0);
    expect(again.outputs).toEqual(first.outputs);
    expect(t.repo.git(['rev-parse', BRANCH])).toBe(head);
    expect(records(t).pulls).toHaveLength(1);
    expect(records(t).issues).toHaveLength(1);
    expect(records(t).comments).toHaveLength(0);
    expect(writes()).toEqual(REFUSED_BRANCH_WRITES);
    expect(again.summary).toContain('re-run: existing work reused');
    console.log(`start API calls on a re-run: ${sandbox.emulator.requests.length}`);
  });

  test('a re-run after a start that failed after its commit: opens the pull request and the tracker', async () => {
    const t = await freshRepo(sandbox);
    const tagCommit = t.repo.git(['rev-parse', `${TAG}^{commit}`]);
    // GitHub fails the pull request creation through every retry.
    sandbox.emulator.injectFault({ route: 'pulls/create', kind: 'status-502', times: 4 });
    const failed = await t.start();
    expect(failed.exitCode).toBe(1);
    expect(t.repo.git(['rev-list', '--count', `${tagCommit}..${BRANCH}`])).toBe('1');
    expect(records(t).pulls).toHaveLength(0);

    const result = await t.start();

    expect(result.exitCode).toBe(0);
    expect(t.repo.git(['rev-list', '--count', `${tagCommit}..${BRANCH}`])).toBe('1');
    expect(records(t).pulls).toHaveLength(1);
    expect(records(t).issues).toHaveLength(1);
    expect(records(t).pulls[0]!.body).toContain(
      `Tracking issue: #${result.outputs['tracking-issue']}`,
    );
  });

  test("a second product's hotfix in parallel", async () => {
    const t = await freshRepo(sandbox);
    const [mobile, web] = await Promise.all([
      t.start(),
      t.start({ product: WEB, severity: 'HIGH', issue: 'Checkout button does nothing' }),
    ]);
    expect(mobile.exitCode).toBe(0);
    expect(web.exitCode).toBe(0);
    expect(web.outputs).toMatchObject({
      branch: `hotfix/${WEB}-v0.1.2`,
      version: '0.1.2',
      'base-tag': `${WEB}/prod-v0.1.1`,
    });
    expect(
      records(t)
        .pulls.map((p) => p.head)
        .sort(),
    ).toEqual([BRANCH, `hotfix/${WEB}-v0.1.2`].sort());
    expect(
      records(t)
        .issues.map((i) => i.title)
        .sort(),
    ).toEqual([`Hotfix: ${WEB} v0.1.1 → v0.1.2`, `Hotfix: ${MOBILE} v0.1.0 → v0.1.1`]);
    // The web bump: package.json and its lockfile, and the row.
    const webHead = t.repo.git(['rev-parse', `hotfix/${WEB}-v0.1.2`]);
    expect(
      t.repo.git(['diff-tree', '--no-commit-id', '--name-only', '-r', webHead]).split('\n').sort(),
    ).toEqual(['apps/web/CHANGELOG.md', 'apps/web/package-lock.json', 'apps/web/package.json']);
    expect(markerOf(records(t).issues.find((i) => i.title.includes(WEB))!.body).severity).toBe(
      'HIGH',
    );
  });

  test('a later start in the same repository: labels exist, nothing to colour; fewer calls', async () => {
    const t = await freshRepo(sandbox);
    expect((await t.start()).exitCode).toBe(0);
    sandbox.emulator.reset();

    // krow-withus-api: a lightweight tag (no peel), one package.json without a lockfile.
    const result = await t.start({ product: 'krow-withus-api', issue: 'Invoices export empty' });

    expect(result.exitCode).toBe(0);
    const calls = sandbox.emulator.requests.map((r) => r.operation);
    console.log(
      `start API calls (labels exist, lightweight tag): ${calls.length} (${calls.join(', ')})`,
    );
    expect(calls).not.toContain('issues/update-label');
    expect(calls.length).toBeLessThanOrEqual(15);
  });

  test("a re-run leaves what people changed: the author's solution, a label they removed", async () => {
    const t = await freshRepo(sandbox);
    const first = await t.start();
    const number = Number(first.outputs['pr-number']);
    const args = { owner: t.owner, repo: t.short, issue_number: number };
    const pull = records(t).pulls[0]!;
    const written = (pull.body ?? '').replace(
      'Solution: _(author: what was fixed)_',
      'Solution: guard the empty list',
    );
    await t.octokit.rest.issues.update({ ...args, body: written });
    await t.octokit.rest.issues.removeLabel({ ...args, name: 'URGENT' });

    const again = await t.start();

    expect(again.exitCode).toBe(0);
    expect(records(t).pulls[0]!.body).toBe(written);
    expect(records(t).pulls[0]!.labels).toEqual(['hotfix']);
  });

  test('a re-run after the link to the tracker failed: links it, keeping an edited body', async () => {
    const t = await freshRepo(sandbox);
    sandbox.emulator.injectFault({
      method: 'PATCH',
      route: 'issues/update',
      kind: 'status-502',
      times: 10,
    });
    const failed = await t.start();
    expect(failed.exitCode).toBe(1);
    const pull = records(t).pulls[0]!;
    expect(pull.body).toContain('Tracking issue: being opened.');
    const edited = `${pull.body}\nA note from the author.\n`;
    pull.body = edited;
    sandbox.emulator.reset();

    const again = await t.start();

    expect(again.exitCode).toBe(0);
    const tracker = again.outputs['tracking-issue'];
    expect(records(t).pulls[0]!.body).toBe(
      edited.replace('Tracking issue: being opened.', `Tracking issue: #${tracker}`),
    );
    expect(records(t).pulls[0]!.labels).toEqual(['hotfix', 'URGENT']);
    expect(records(t).issues).toHaveLength(1);
  });

  test('a colouring that failed once is done by the next run that reads the tracker', async () => {
    const t = await freshRepo(sandbox);
    sandbox.emulator.injectFault({ route: 'issues/update-label', kind: 'status-502', times: 20 });

    const result = await t.start();

    expect(result.exitCode).toBe(0);
    expect(result.annotations.filter((a) => a.level === 'warning').map((a) => a.message)).toEqual(
      expect.arrayContaining([expect.stringContaining("Could not colour the label 'hotfix'")]),
    );
    const colours = () =>
      Object.fromEntries(records(t).labels.map((label) => [label.name, label.color]));
    expect(colours()).toEqual({ hotfix: 'ededed', URGENT: 'ededed' });
    sandbox.emulator.reset();

    const sync = await t.run({ command: 'sync', product: MOBILE });

    expect(sync.exitCode).toBe(0);
    expect(colours()).toEqual({ hotfix: 'd93f0b', URGENT: 'b60205' });
  });

  test('dry-run: outputs computed, nothing written', async () => {
    const t = await freshRepo(sandbox);
    const result = await t.start({ 'dry-run': 'true' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({
      branch: BRANCH,
      version: '0.1.1',
      'pr-number': '',
      'tracking-issue': '',
    });
    expect(writes()).toEqual([]);
    expect(result.summary).toContain('dry run: nothing written');
    expect(result.summary).toContain(`would change \`${PUBSPEC}\``);
    expect(result.summary).toContain(`| Merges into | \`${LINE}\` (would be created at the tag)`);
    expect(t.repo.git(['branch', '--list', LINE])).toBe('');
  });

  test("the answer to the maintenance branch's creation lost: one branch, the start completes", async () => {
    const t = await freshRepo(sandbox);
    const tagCommit = t.repo.git(['rev-parse', `${TAG}^{commit}`]);
    sandbox.emulator.injectFault({
      method: 'POST',
      route: /\/git\/refs$/,
      kind: 'drop-after-write',
      times: 2,
    });

    const result = await t.start();

    expect(result.exitCode).toBe(0);
    expect(t.repo.git(['rev-parse', LINE])).toBe(tagCommit);
    expect(t.repo.git(['for-each-ref', '--format=%(refname)', 'refs/heads/release/'])).toBe(
      `refs/heads/${LINE}`,
    );
    expect(records(t).pulls.map((pull) => pull.base)).toEqual([LINE]);
  });

  test('a maintenance branch with commits no tag has: refused before any write', async () => {
    const t = await freshRepo(sandbox);
    // Someone pushed to the line's branch outside a hotfix.
    t.repo.git(['branch', LINE, 'main']);
    const result = await t.start();

    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain(`The maintenance branch ${LINE} is at`);
    expect(result.stdout).toContain('holds commits that no production tag has');
    expect(writes()).toEqual([]);
  });

  test('untrusted form text stays text: escaped in the PR, tracker and CHANGELOG', async () => {
    const t = await freshRepo(sandbox);
    const issue = 'Crash for @octo-org/devops see #1 <img src=x onerror=alert(1)> | `rm -rf` *x*';
    const impact = '@everyone [link](javascript:alert(1)) <script>';
    const result = await t.start({ issue, impact });
    expect(result.exitCode).toBe(0);
    const pull = records(t).pulls[0]!;
    const tracker = records(t).issues[0]!;
    expect(pull.title).toBe(`HOTFIX: ${issue}`);
    const escapedIssue =
      'Crash for @&#8203;octo-org/devops see #&#8203;1 \\<img src=x onerror=alert(1)\\> \\| \\`rm -rf\\` \\*x\\*';
    expect(pull.body).toContain(`Issue: ${escapedIssue}\n`);
    expect(pull.body).toContain(
      'Impact: @&#8203;everyone \\[link\\](javascript:alert(1)) \\<script\\>\n',
    );
    const visible = (tracker.body ?? '').replace(/<!-- hotfix-tracker .*? -->/, '');
    expect(visible).toContain(`Issue: ${escapedIssue}\n`);
    for (const text of [pull.body ?? '', visible]) {
      const formLines = text.split('\n').filter((line) => /^(Issue|Impact): /.test(line));
      expect(formLines).toHaveLength(2);
      for (const line of formLines) {
        expect(line).not.toMatch(/@octo-org|@everyone|#1 |(?<!\\)[<|`*[]/);
      }
    }
    // The marker keeps the text as typed.
    expect(markerOf(tracker.body)).toMatchObject({ issue, impact });
    const row = t.repo
      .readFile(BRANCH, MOBILE_CHANGELOG)
      .split('\n')
      .find((line) => line.includes('0.1.1'));
    expect(row).toContain('HOTFIX: Crash for @&#8203;octo-org/devops');
    expect(row).toContain('\\| \\`rm -rf\\`');
  });

  test('bidirectional controls in the form reach neither the PR, the CHANGELOG, the tracker nor Slack', async () => {
    const t = await freshRepo(sandbox);
    const hook = await webhookReceiver();
    try {
      // U+202E would show "...exe.gnp" as "...png.exe"; U+2066 and U+200F are invisible.
      const issue = 'Upload of \u202Egnp.exe\u202C crashes \u2066the app\u2069\u200F';
      const result = await t.start({ issue, 'webhook-url': hook.url });
      expect(result.exitCode).toBe(0);
      const cleaned = 'Upload of gnp.exe crashes the app';
      const bidi = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
      const pull = records(t).pulls[0]!;
      expect(pull.title).toBe(`HOTFIX: ${cleaned}`);
      expect(pull.body).not.toMatch(bidi);
      expect(records(t).issues[0]!.body).not.toMatch(bidi);
      const row = t.repo
        .readFile(BRANCH, MOBILE_CHANGELOG)
        .split('\n')
        .find((line) => line.includes('0.1.1'));
      expect(row).toContain(`HOTFIX: ${cleaned}`);
      expect(hook.messages[0]!.text).toContain(`Issue: ${cleaned}`);
      expect(hook.messages[0]!.text).not.toMatch(bidi);
    } finally {
      await hook.close();
    }
  });

  test('the start message goes to the webhook, once', async () => {
    const t = await freshRepo(sandbox);
    const hook = await webhookReceiver();
    try {
      const first = await t.start({ 'webhook-url': hook.url });
      expect(first.exitCode).toBe(0);
      await t.start({ 'webhook-url': hook.url });
      expect(hook.messages).toHaveLength(1);
      expect(hook.messages[0]!.text).toContain(
        `🔴 HOTFIX STARTED: ${MOBILE} 0.1.0 → 0.1.1\n\nIssue: Shift list crashes on open`,
      );
      // The webhook address is a secret: masked, and printed nowhere else.
      expect(first.stdout).toContain(`::add-mask::${hook.url}`);
      expect(first.stdout.split(hook.url)).toHaveLength(2);
    } finally {
      await hook.close();
    }
  });
});

describe('the start message: sent exactly once', () => {
  test('not delivered: a re-run sends it, and then never again', async () => {
    const t = await freshRepo(sandbox);
    const hook = await webhookReceiver({ failures: 1 });
    try {
      const first = await t.start({ 'webhook-url': hook.url });
      expect(first.exitCode).toBe(0);
      expect(first.annotations.map((a) => a.message)).toContainEqual(
        expect.stringContaining('A re-run of the start sends it.'),
      );
      expect(hook.messages).toHaveLength(0);

      await t.start({ 'webhook-url': hook.url });
      await t.start({ 'webhook-url': hook.url });

      expect(hook.messages).toHaveLength(1);
      const tracker = records(t).issues[0]!;
      expect(markerOf(tracker.body).sent).toEqual(['start']);
    } finally {
      await hook.close();
    }
  });

  test('a start that failed after its GitHub writes sends the message on its re-run', async () => {
    const t = await freshRepo(sandbox);
    const hook = await webhookReceiver();
    try {
      sandbox.emulator.injectFault({
        route: 'pulls/request-reviewers',
        kind: 'status-502',
        times: 10,
      });
      const failed = await t.start({ 'webhook-url': hook.url });
      expect(failed.exitCode).toBe(1);
      expect(records(t).issues).toHaveLength(1);
      expect(hook.messages).toHaveLength(0);
      sandbox.emulator.reset();

      const again = await t.start({ 'webhook-url': hook.url });

      expect(again.exitCode).toBe(0);
      expect(hook.messages).toHaveLength(1);
    } finally {
      await hook.close();
    }
  });
});

describe('start refuses, writing nothing', () => {
  test.each([
    [{ product: 'krow-withus-watch' }, 'Product "krow-withus-watch" is not configured'],
    [{ severity: 'MEDIUM' }, 'next release is OK for MEDIUM, per the process'],
    [{ severity: 'LOW' }, "Input 'severity' must be CRITICAL, HIGH, MEDIUM, not 'LOW'"],
    [{ issue: '' }, "Input 'issue' is required"],
    [{ issue: 'x'.repeat(121) }, "Input 'issue' is 121 characters; keep it to 120"],
    [{ impact: ' ' }, "Input 'impact' is required"],
    [
      { 'base-tag': `${WEB}/prod-v0.1.1` },
      `base-tag '${WEB}/prod-v0.1.1' is not a production tag of ${MOBILE}`,
    ],
    [{ 'base-tag': `${MOBILE}/prod-v9.9.9` }, `base-tag '${MOBILE}/prod-v9.9.9' does not exist`],
  ])('%j', async (inputs, message) => {
    const t = await freshRepo(sandbox);
    const result = await t.start(inputs);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain(message);
    expect(writes()).toEqual([]);
    // The form is checked before any call.
    if (!('product' in inputs) && !('base-tag' in inputs)) {
      expect(sandbox.emulator.requests).toHaveLength(0);
    }
  });

  test('MEDIUM is allowed with allow-medium', async () => {
    const t = await freshRepo(sandbox);
    const result = await t.start({ severity: 'MEDIUM', 'allow-medium': 'true' });
    expect(result.exitCode).toBe(0);
    expect(markerOf(records(t).issues[0]!.body).severity).toBe('MEDIUM');
  });

  test('a second hotfix of the same product while one is open: named, nothing written', async () => {
    const t = await freshRepo(sandbox);
    const first = await t.start();
    expect(first.exitCode).toBe(0);
    const head = t.repo.git(['rev-parse', BRANCH]);
    sandbox.emulator.reset();

    const second = await t.start({ issue: 'Another bug', severity: 'HIGH' });

    expect(second.exitCode).toBe(1);
    expect(second.stdout).toContain(
      `A hotfix of ${MOBILE} 0.1.1 is already open: pull request #${first.outputs['pr-number']} "HOTFIX: ${FORM.issue}"`,
    );
    expect(writes()).toEqual(REFUSED_BRANCH_WRITES);
    expect(t.repo.git(['rev-parse', BRANCH])).toBe(head);
    expect(records(t).pulls).toHaveLength(1);
    expect(records(t).issues).toHaveLength(1);
  });

  test('a second hotfix whose branch exists without a pull request: refused by its CHANGELOG row', async () => {
    const t = await freshRepo(sandbox);
    const first = await t.start();
    // Its pull request was closed, the branch kept.
    await t.octokit.rest.pulls.update({
      owner: t.owner,
      repo: t.short,
      pull_number: Number(first.outputs['pr-number']),
      state: 'closed',
    });
    const head = t.repo.git(['rev-parse', BRANCH]);
    sandbox.emulator.reset();

    const second = await t.start({ issue: 'Another bug' });

    expect(second.exitCode).toBe(1);
    expect(second.stdout).toContain(
      `A hotfix of ${MOBILE} 0.1.1 is already open: ${MOBILE_CHANGELOG} on its branch already has the entry "HOTFIX: ${FORM.issue}"`,
    );
    expect(t.repo.git(['rev-parse', BRANCH])).toBe(head);
    expect(writes()).toEqual(REFUSED_BRANCH_WRITES);
  });
});
