// The tracking issue kept true (`command: sync`), the SLA, the 24-hour follow-up and `resolve`,
// end to end. Later steps of the process are simulated directly on the emulator, at chosen
// times after T-0: a fix commit, an approving review, the merge, the production tag, the release,
// the deployment and its statuses. The runs' clock is set with HOTFIX_NOW.
import { describe, expect, test } from '@jest/globals';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runAction, type ActionResult } from '../../sandbox/harness/run-action.js';
import {
  MOBILE,
  WEB,
  after,
  commentFact,
  freshRepo,
  markerOf,
  useHotfixSandbox,
  webhookReceiver,
  type TestRepo,
} from '../helpers/hotfix.js';
import {
  isDeployedMessage,
  monitorVerdictMessage,
  smokePassedStatus,
} from '../../src/domain/messages.js';

const sandbox = useHotfixSandbox();
const TAG = `${MOBILE}/prod-v0.1.1`;

function records(t: TestRepo) {
  return sandbox.emulator.repo(t.name);
}

interface Hotfix {
  t: TestRepo;
  /** T-0, from the tracker's marker. */
  t0: string;
  tracker: number;
  pr: number;
  branch: string;
}

/** Main still at the production tag: the pull request merges into main (step 7's path). */
function quietMain(t: TestRepo): void {
  t.repo.git(['update-ref', 'refs/heads/main', `${MOBILE}/prod-v0.1.0^{commit}`]);
}

async function started(t: TestRepo, inputs: Record<string, string> = {}): Promise<Hotfix> {
  const result = await t.start(inputs);
  expect(result.exitCode).toBe(0);
  const tracker = Number(result.outputs['tracking-issue']);
  const issue = records(t).issues.find((i) => i.number === tracker)!;
  return {
    t,
    t0: markerOf(issue.body).startedAt,
    tracker,
    pr: Number(result.outputs['pr-number']),
    branch: result.outputs['branch']!,
  };
}

const repoArgs = (t: TestRepo) => ({ owner: t.owner, repo: t.short });

/** A commit on the branch through the API, committed at `date`. */
async function pushFix(h: Hotfix, date: string, message: string): Promise<string> {
  const { octokit } = h.t;
  const args = repoArgs(h.t);
  const { data: ref } = await octokit.rest.git.getRef({ ...args, ref: `heads/${h.branch}` });
  const { data: parent } = await octokit.rest.git.getCommit({
    ...args,
    commit_sha: ref.object.sha,
  });
  const { data: tree } = await octokit.rest.git.createTree({
    ...args,
    base_tree: parent.tree.sha,
    tree: [
      {
        path: 'apps/mobile/apps/staff/lib/shift_list_guard.dart',
        mode: '100644',
        type: 'blob',
        content: 'bool hasShifts(List shifts) => shifts.isNotEmpty;\n',
      },
    ],
  });
  const person = { name: 'Ada Okafor', email: 'ada.okafor@krow.example', date };
  const { data: commit } = await octokit.rest.git.createCommit({
    ...args,
    message,
    tree: tree.sha,
    parents: [ref.object.sha],
    author: person,
    committer: person,
  });
  await octokit.rest.git.updateRef({ ...args, ref: `heads/${h.branch}`, sha: commit.sha });
  return commit.sha;
}

async function approve(h: Hotfix, date: string): Promise<void> {
  await h.t.octokit.rest.pulls.createReview({
    ...repoArgs(h.t),
    pull_number: h.pr,
    event: 'APPROVE',
  });
  records(h.t).reviews.at(-1)!.submitted_at = date;
}

async function merge(h: Hotfix, date: string): Promise<string> {
  const { data } = await h.t.octokit.rest.pulls.merge({
    ...repoArgs(h.t),
    pull_number: h.pr,
    merge_method: 'merge',
  });
  const pull = records(h.t).pulls.find((p) => p.number === h.pr)!;
  pull.merged_at = date;
  pull.closed_at = date;
  return data.sha;
}

async function createTag(h: Hotfix, sha: string, date: string): Promise<void> {
  const args = repoArgs(h.t);
  const { data: tag } = await h.t.octokit.rest.git.createTag({
    ...args,
    tag: TAG,
    message: 'HOTFIX: Shift list crashes on open',
    object: sha,
    type: 'commit',
    tagger: { name: 'Rin Tanaka', email: 'rin.tanaka@krow.example', date },
  });
  await h.t.octokit.rest.git.createRef({ ...args, ref: `refs/tags/${TAG}`, sha: tag.sha });
}

async function createRelease(h: Hotfix, date: string): Promise<void> {
  await h.t.octokit.rest.repos.createRelease({ ...repoArgs(h.t), tag_name: TAG, name: TAG });
  const release = records(h.t).releases.at(-1)!;
  release.created_at = date;
  release.published_at = date;
}

async function deploy(
  h: Hotfix,
  createdAt: string,
  statuses: { state: 'in_progress' | 'success' | 'failure'; description: string; at: string }[],
): Promise<number> {
  const args = repoArgs(h.t);
  const { data } = await h.t.octokit.rest.repos.createDeployment({
    ...args,
    ref: TAG,
    environment: 'production',
    required_contexts: [],
    auto_merge: false,
  });
  if (!('id' in data)) throw new Error('no deployment');
  records(h.t).deployments.at(-1)!.created_at = createdAt;
  await addStatuses(h, data.id, statuses);
  return data.id;
}

async function addStatuses(
  h: Hotfix,
  id: number,
  statuses: { state: 'in_progress' | 'success' | 'failure'; description: string; at: string }[],
): Promise<void> {
  for (const status of statuses) {
    await h.t.octokit.rest.repos.createDeploymentStatus({
      ...repoArgs(h.t),
      deployment_id: id,
      state: status.state,
      description: status.description,
    });
    records(h.t).deploymentStatuses.at(-1)!.created_at = status.at;
  }
}

/** Runs a command at a simulated time; the comments it posts are stamped with that time. */
async function runAt(
  h: Hotfix,
  minutes: number,
  inputs: Record<string, string>,
): Promise<ActionResult> {
  const now = after(h.t0, minutes);
  const before = records(h.t).comments.length;
  const result = await h.t.run(inputs, { HOTFIX_NOW: now });
  for (const comment of records(h.t).comments.slice(before)) {
    comment.created_at = now;
    comment.updated_at = now;
  }
  expect(result.stdout).not.toContain('::error');
  expect(result.exitCode).toBe(0);
  return result;
}

const syncAt = (h: Hotfix, minutes: number) =>
  runAt(h, minutes, { command: 'sync', product: MOBILE });

function trackerBody(h: Hotfix): string {
  return records(h.t).issues.find((i) => i.number === h.tracker)!.body ?? '';
}

function ticked(h: Hotfix): Record<string, number | null> {
  const boxes: Record<string, number | null> = {};
  for (const line of trackerBody(h).split('\n')) {
    const match = /^- \[(x| )\] (.+?)(?: · .*?\(T\+(\d+)\))?(?: · .*)?$/.exec(line);
    if (match) boxes[match[2]!] = match[1] === 'x' ? Number(match[3]) : null;
  }
  return boxes;
}

function updates(): number {
  return sandbox.emulator.countRequests({ operation: 'issues/update' });
}

describe('sync keeps the tracker true after each step', () => {
  test('ticks the right boxes with the right times, edits only on change, and totals the time', async () => {
    const t = await freshRepo(sandbox);
    quietMain(t);
    const h = await started(t);
    expect(ticked(h)).toEqual({
      'Severity assessed & documented': 0,
      'Branch created from production tag': 0,
      'Bug fixed & tested locally': null,
      'Version number updated (PATCH only)': 0,
      'CHANGELOG entry added': 0,
      'Commit message clear': null,
      'Code review requested (marked URGENT)': 0,
      'Approval obtained': null,
      'Merged to main': null,
      'Production tag created': null,
      'Tag pushed to remote': null,
      'Deployed to production': null,
      'Smoke tests passed': null,
      'Error logs monitored (2+ hours)': null,
      'Users notified': null,
      'GitHub Release created': null,
      'Incident documented': null,
    });
    const atStart = trackerBody(h);

    // Nothing new: the first sync reads everything back and writes nothing.
    sandbox.emulator.reset();
    const idle = await syncAt(h, 2);
    expect(updates()).toBe(0);
    expect(trackerBody(h)).toBe(atStart);
    expect(idle.outputs['tracking-issue']).toBe(String(h.tracker));
    console.log(
      `sync API calls (after start, nothing to write): ${sandbox.emulator.requests.length}`,
    );

    // Step 3: the fix, at T+10.
    await pushFix(h, after(h.t0, 10), 'fix: guard the empty shift list\n\nTested: on an iPhone 15');
    await syncAt(h, 11);
    expect(ticked(h)).toMatchObject({
      'Bug fixed & tested locally': 10,
      'Commit message clear': 10,
      'Approval obtained': null,
    });
    expect(trackerBody(h)).toMatch(
      /\| Fix implemented, code review started \| T\+15 \| T\+10 \(.*UTC\) \| ✅ \|/,
    );

    // Step 6, 7, 8: approved at T+20, merged at T+22, tagged at T+25, released at T+26.
    await approve(h, after(h.t0, 20));
    await syncAt(h, 21);
    expect(ticked(h)).toMatchObject({ 'Approval obtained': 20, 'Merged to main': null });
    const merged = await merge(h, after(h.t0, 22));
    await createTag(h, merged, after(h.t0, 25));
    await createRelease(h, after(h.t0, 26));
    sandbox.emulator.reset();
    await syncAt(h, 27);
    expect(updates()).toBe(1);
    expect(ticked(h)).toMatchObject({
      'Merged to main': 22,
      'Production tag created': 25,
      'Tag pushed to remote': 25,
      'GitHub Release created': 26,
      'Deployed to production': null,
    });
    expect(trackerBody(h)).toMatch(/\| Approved & merged, tag created \| T\+30 \| T\+25 .* ✅ \|/);

    // Steps 9, 10: deployed at T+50 (later than the T+45 target), smoke tests passed at
    // T+52, monitoring healthy at T+172.
    const deployment = await deploy(h, after(h.t0, 49), [
      { state: 'in_progress', description: 'Deploying', at: after(h.t0, 50) },
      { state: 'in_progress', description: smokePassedStatus(1, '2h'), at: after(h.t0, 52) },
    ]);
    await syncAt(h, 53);
    expect(ticked(h)).toMatchObject({
      'Deployed to production': 50,
      'Smoke tests passed': 52,
      'Error logs monitored (2+ hours)': null,
      'Users notified': null,
    });
    const body = trackerBody(h);
    expect(body).toMatch(/\| Deployed to production \| T\+45 \| T\+50 .* ⚠️ 5 min late \|/);
    expect(body).toContain('✅ In production at T+50, within the target.');
    expect(body).toContain('**Total time:** not resolved yet.');
    expect(records(t).comments).toHaveLength(0);

    await addStatuses(h, deployment, [
      { state: 'success', description: 'Healthy after 2h', at: after(h.t0, 172) },
    ]);
    await syncAt(h, 173);
    // The step 11 message, once, ticks "Users notified".
    expect(records(t).comments.map((c) => c.body.split('\n')[0])).toEqual([
      '🚨 PRODUCTION HOTFIX DEPLOYED',
    ]);
    expect(ticked(h)).toMatchObject({
      'Error logs monitored (2+ hours)': 172,
      'Users notified': 173,
      'Incident documented': null,
    });
    expect(trackerBody(h)).toContain('**Total time: 173 minutes**');
    expect(trackerBody(h)).toMatch(/Resolved T\+173 :crit, done, a5, /);
    expect(records(t).issues.find((i) => i.number === h.tracker)!.labels).not.toContain(
      'sla-breached',
    );

    sandbox.emulator.reset();
    await syncAt(h, 200);
    expect(updates()).toBe(0);
    expect(records(t).comments).toHaveLength(1);
  });

  test('step actions call the same sync: a product without an open hotfix is a no-op', async () => {
    const t = await freshRepo(sandbox);
    const result = await t.run({ command: 'sync', product: WEB });
    expect(result.exitCode).toBe(0);
    expect(result.outputs['tracking-issue']).toBe('');
    expect(result.summary).toContain('No open tracking issue.');
  });
});

describe('"Smoke tests passed" ticks when the monitor\'s smoke checks pass', () => {
  test('not at its verdict: a release that passed its smoke checks, then turned unhealthy', async () => {
    const t = await freshRepo(sandbox);
    quietMain(t);
    const h = await started(t);
    await createTag(h, t.repo.git(['rev-parse', h.branch]), after(h.t0, 19));
    // The service answers the smoke check, then fails every monitoring round.
    let requests = 0;
    const service = createServer((_request, response) => {
      requests++;
      response.writeHead(requests === 1 ? 200 : 503).end(requests === 1 ? 'ok' : 'down');
    });
    await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
    try {
      const monitor = await runAction('post-deploy-monitor', {
        inputs: {
          urls: `http://127.0.0.1:${(service.address() as AddressInfo).port}/health`,
          duration: '20s',
          interval: '300ms',
          timeout: '250ms',
          'failure-threshold': '2',
          environment: 'production',
          tag: TAG,
          'tracking-issue': String(h.tracker),
        },
        apiUrl: sandbox.emulator.url,
        repository: t.name,
        env: { HOTFIX_RETRY_BASE_MS: '10' },
      });
      expect(monitor.outputs['result']).toBe('unhealthy');
    } finally {
      await new Promise<void>((resolve) => service.close(() => resolve()));
    }

    await t.run({ command: 'sync', product: MOBILE });
    const boxes = ticked(h);
    expect(boxes['Deployed to production']).not.toBeNull();
    expect(boxes['Smoke tests passed']).not.toBeNull();
    expect(boxes['Error logs monitored (2+ hours)']).toBeNull();
    expect(trackerBody(h)).toContain('the post-deploy monitor found the release **unhealthy**');
  });
});

describe('SLA', () => {
  test('past the target and not in production: the label and one comment mentioning the owners', async () => {
    const t = await freshRepo(sandbox);
    const h = await started(t);
    await syncAt(h, 59);
    expect(records(t).comments).toHaveLength(0);

    await syncAt(h, 61);
    const tracker = records(t).issues.find((i) => i.number === h.tracker)!;
    expect(tracker.labels).toContain('sla-breached');
    expect(records(t).labels.find((l) => l.name === 'sla-breached')?.color).toBe('fbca04');
    expect(records(t).comments).toHaveLength(1);
    const comment = records(t).comments[0]!.body;
    expect(comment).toContain('⏰ **SLA breached**');
    expect(comment).toContain('@octo-org/devops @octo-org/product');
    expect(trackerBody(h)).toContain('⏰ **SLA breached**: not in production by');

    await syncAt(h, 90);
    await syncAt(h, 150);
    expect(records(t).comments).toHaveLength(1);
    expect(tracker.labels.filter((l) => l === 'sla-breached')).toHaveLength(1);
  });

  test('HIGH has 4 hours; MEDIUM none', async () => {
    const t = await freshRepo(sandbox);
    const high = await started(t, { severity: 'HIGH' });
    await syncAt(high, 239);
    expect(records(t).comments).toHaveLength(0);
    await syncAt(high, 241);
    expect(records(t).comments).toHaveLength(1);

    const u = await freshRepo(sandbox);
    const medium = await started(u, { severity: 'MEDIUM', 'allow-medium': 'true' });
    await syncAt(medium, 60 * 24 * 3);
    expect(records(u).comments).toHaveLength(0);
    expect(trackerBody(medium)).toContain('next release is OK for MEDIUM');
  });
});

describe('only the suite’s own comments change the tracker', () => {
  test('a person writing the deployed text and the hidden markers changes nothing', async () => {
    const t = await freshRepo(sandbox);
    quietMain(t);
    const h = await started(t);
    const args = { owner: t.owner, repo: t.short, issue_number: h.tracker };
    // Anyone who can comment could write these.
    for (const body of [
      '🚨 PRODUCTION HOTFIX DEPLOYED (not really)\n<!-- hotfix-comment deployed -->',
      'Done here.\n<!-- hotfix-comment follow-up -->\n<!-- hotfix-comment forward-port -->',
      monitorVerdictMessage(
        'healthy',
        '1.1',
        (marker) => `✅ **Post-deploy monitoring: healthy**\n${marker}`,
      ).body,
    ]) {
      await t.octokit.rest.issues.createComment({ ...args, body });
      records(t).comments.at(-1)!.user = 'mallory';
    }

    await syncAt(h, 5);

    const boxes = ticked(h);
    expect(boxes['Users notified']).toBeNull();
    expect(boxes['Error logs monitored (2+ hours)']).toBeNull();
    expect(trackerBody(h)).toMatch(/\| Follow-up communication \| T\+1 day \| — \|/);

    // The real deployment: the suite still posts its own message, once.
    await createTag(
      h,
      t.repo.git(['rev-parse', `${MOBILE}/prod-v0.1.0^{commit}`]),
      after(h.t0, 20),
    );
    await deploy(h, after(h.t0, 30), [
      { state: 'in_progress', description: 'Monitoring', at: after(h.t0, 31) },
      { state: 'success', description: 'Healthy', at: after(h.t0, 40) },
    ]);
    await syncAt(h, 41);
    const deployed = records(t).comments.filter((c) => isDeployedMessage(commentFact(c)));
    expect(deployed).toHaveLength(1);
    expect(ticked(h)['Users notified']).toBe(41);
  });
});

describe('parallel runs converge', () => {
  test('two syncs and a follow-up at once post the deployed message and the SLA comment once', async () => {
    const t = await freshRepo(sandbox);
    quietMain(t);
    const h = await started(t);
    await createTag(h, t.repo.git(['rev-parse', h.branch]), after(h.t0, 19));
    // Deployed past the CRITICAL target: both comments are due.
    await deploy(h, after(h.t0, 90), [
      { state: 'success', description: 'Healthy', at: after(h.t0, 95) },
    ]);
    const now = after(h.t0, 100);

    const runs = await Promise.all([
      t.run({ command: 'sync', product: MOBILE }, { HOTFIX_NOW: now }),
      t.run({ command: 'sync', product: MOBILE }, { HOTFIX_NOW: now }),
      t.run({ command: 'follow-up' }, { HOTFIX_NOW: now }),
    ]);

    expect(runs.map((run) => run.exitCode)).toEqual([0, 0, 0]);
    const count = (text: string) => records(t).comments.filter((c) => c.body.includes(text)).length;
    expect(records(t).comments.filter((c) => isDeployedMessage(commentFact(c)))).toHaveLength(1);
    expect(count('<!-- hotfix-comment sla-breach -->')).toBe(1);
  });
});

describe('follow-up', () => {
  test('24 hours after the deployment: the status update and the postmortem, once; closed when all is done', async () => {
    const t = await freshRepo(sandbox);
    quietMain(t);
    const h = await started(t);
    const hook = await webhookReceiver();
    const followUp = (minutes: number) =>
      runAt(h, minutes, { command: 'follow-up', 'webhook-url': hook.url });
    try {
      await pushFix(h, after(h.t0, 10), 'fix: guard the empty shift list');
      await approve(h, after(h.t0, 15));
      await createTag(h, await merge(h, after(h.t0, 16)), after(h.t0, 17));
      await createRelease(h, after(h.t0, 18));
      await deploy(h, after(h.t0, 29), [
        { state: 'in_progress', description: smokePassedStatus(1, '2h'), at: after(h.t0, 30) },
        { state: 'success', description: 'Healthy', at: after(h.t0, 150) },
      ]);

      // Before 24 hours: the tracker is synced, nothing else.
      const early = await followUp(30 + 23 * 60);
      expect(records(t).comments.map((c) => c.body.split('\n')[0])).toEqual([
        '🚨 PRODUCTION HOTFIX DEPLOYED',
      ]);
      expect(records(t).issues).toHaveLength(1);
      expect(hook.messages).toHaveLength(0);
      expect(early.outputs['tracking-issue']).toBe(String(h.tracker));

      // 24 hours after the deployment.
      const day = await followUp(30 + 24 * 60 + 5);
      expect(day.outputs['tracking-issue']).toBe(String(h.tracker));
      const update = records(t).comments.find((c) => c.body.startsWith('✅ HOTFIX STATUS UPDATE'));
      expect(update?.body).toContain(
        '✅ HOTFIX STATUS UPDATE\n\nProduction hotfix v0.1.1 deployed 24 hours ago.\nZero errors reported post-deployment.\nSystem stable.\n\nThank you for your patience!',
      );
      expect(hook.messages).toHaveLength(1);
      expect(hook.messages[0]!.text).toContain(`Product: ${MOBILE}`);
      const postmortem = records(t).issues.find((i) => i.number !== h.tracker)!;
      expect(postmortem.title).toBe(`Postmortem: ${MOBILE} v0.1.1: Shift list crashes on open`);
      expect(postmortem.labels).toEqual(['postmortem']);
      expect(postmortem.body).toContain(`tracking issue #${h.tracker}`);
      for (const heading of [
        '## What happened',
        '## Root cause',
        "## Why it wasn't caught before",
        '## What testing was missed',
        '## Prevention',
      ]) {
        expect(postmortem.body).toContain(heading);
      }
      expect(postmortem.body).toContain('**Owners:** @octo-org/devops @octo-org/product');
      expect(postmortem.body).toMatch(/\*\*Due:\*\* \d{4}-\d{2}-\d{2}/);
      expect(markerOf(trackerBody(h)).postmortem).toBe(postmortem.number);
      expect(trackerBody(h)).toContain(`Postmortem: #${postmortem.number}`);
      expect(ticked(h)['Incident documented']).toBeNull();
      expect(trackerBody(h)).toMatch(/\| Follow-up communication \| T\+1 day \| T\+1475 \(/);

      // Once only.
      const again = await followUp(30 + 25 * 60);
      expect(again.outputs['tracking-issue']).toBe('');
      expect(
        records(t).comments.filter((c) => c.body.includes('HOTFIX STATUS UPDATE')),
      ).toHaveLength(1);
      expect(records(t).issues).toHaveLength(2);
      expect(hook.messages).toHaveLength(1);
      expect(records(t).issues.find((i) => i.number === h.tracker)!.state).toBe('open');

      // The postmortem is written and closed: every box is ticked, the tracker closes.
      await t.octokit.rest.issues.update({
        ...repoArgs(t),
        issue_number: postmortem.number,
        state: 'closed',
      });
      postmortem.closed_at = after(h.t0, 3000);
      const done = await followUp(3001);
      expect(done.outputs['tracking-issue']).toBe(String(h.tracker));
      const tracker = records(t).issues.find((i) => i.number === h.tracker)!;
      expect(tracker.state).toBe('closed');
      expect(Object.values(ticked(h)).every((time) => time !== null)).toBe(true);
      expect(ticked(h)['Incident documented']).toBe(3000);
    } finally {
      await hook.close();
    }
  });

  test('the 24-hour Slack message not delivered: the next follow-up sends it, once', async () => {
    const t = await freshRepo(sandbox);
    quietMain(t);
    const h = await started(t);
    const hook = await webhookReceiver({ failures: 1 });
    const followUp = (minutes: number) =>
      runAt(h, minutes, { command: 'follow-up', 'webhook-url': hook.url });
    try {
      await createTag(h, t.repo.git(['rev-parse', h.branch]), after(h.t0, 19));
      await deploy(h, after(h.t0, 20), [
        { state: 'success', description: 'Healthy', at: after(h.t0, 21) },
      ]);

      const day = await followUp(21 + 24 * 60 + 5);
      expect(day.annotations.map((a) => a.message)).toContainEqual(
        expect.stringContaining('The next follow-up sends it.'),
      );
      expect(hook.messages).toHaveLength(0);
      await followUp(21 + 25 * 60 + 5);
      await followUp(21 + 26 * 60 + 5);

      expect(hook.messages).toHaveLength(1);
      expect(hook.messages[0]!.text).toContain('HOTFIX STATUS UPDATE');
      expect(
        records(t).comments.filter((c) => c.body.includes('HOTFIX STATUS UPDATE')),
      ).toHaveLength(1);
    } finally {
      await hook.close();
    }
  });

  test('a postmortem the tracker lost track of is found again, not opened twice', async () => {
    const t = await freshRepo(sandbox);
    const h = await started(t);
    await createTag(h, t.repo.git(['rev-parse', h.branch]), after(h.t0, 19));
    await deploy(h, after(h.t0, 20), [
      { state: 'in_progress', description: 'Deploying', at: after(h.t0, 20) },
    ]);
    await runAt(h, 20 + 24 * 60, { command: 'follow-up' });
    expect(records(t).issues).toHaveLength(2);
    // Someone rewrites the tracker's body without the postmortem's number.
    const tracker = records(t).issues.find((i) => i.number === h.tracker)!;
    const state = markerOf(tracker.body);
    delete state.postmortem;
    const { encodeMarker } = await import('../../src/domain/tracker/state.js');
    tracker.body = encodeMarker(state);

    await runAt(h, 21 + 24 * 60, { command: 'follow-up' });
    expect(records(t).issues).toHaveLength(2);
    expect(markerOf(tracker.body).postmortem).toBe(
      records(t).issues.find((i) => i.number !== h.tracker)!.number,
    );
    // An unhealthy-or-unknown verdict is not called stable.
    expect(records(t).comments.find((c) => c.body.includes('STATUS UPDATE'))?.body).not.toContain(
      'System stable',
    );
  });
});

describe('resolve', () => {
  test("a production tag: its product, version and the product's deploy command", async () => {
    const t = await freshRepo(sandbox);
    const result = await t.run({ command: 'resolve', tag: `refs/tags/${MOBILE}/prod-v0.1.0` });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toEqual({
      product: MOBILE,
      version: '0.1.0',
      deploy: './scripts/deploy-mobile-production.sh',
    });
    // The configuration was read at the tag.
    expect(sandbox.emulator.requests.map((r) => [r.operation, r.query])).toEqual([
      ['repos/get-content', expect.stringContaining(`ref=refs%2Ftags%2F${MOBILE}`)],
    ]);
  });

  test('a product without a deploy command, and a tag that is not a production tag', async () => {
    const t = await freshRepo(sandbox);
    const web = await t.run({ command: 'resolve', tag: `${WEB}/prod-v0.1.1` });
    expect(web.exitCode).toBe(0);
    expect(web.outputs['deploy']).toBe('');
    expect(web.stdout).toContain(`Product '${WEB}' has no deploy command`);
    const bad = await t.run({ command: 'resolve', tag: 'ci/build-7' });
    expect(bad.exitCode).toBe(1);
    expect(bad.stdout).toContain("'ci/build-7' is not a production tag");
    const none = await t.run({ command: 'resolve' });
    expect(none.exitCode).toBe(1);
    expect(none.stdout).toContain("::error::Input 'tag' is required");
  });

  test('an unknown command', async () => {
    const t = await freshRepo(sandbox);
    const result = await t.run({ command: 'deploy' });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain(
      "Input 'command' must be one of 'start', 'sync', 'follow-up', 'resolve', 'forward-port', not 'deploy'",
    );
  });
});
