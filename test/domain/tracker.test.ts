import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { CHECKLIST, allDone, buildChecklist } from '../../src/domain/tracker/checklist.js';
import type { TrackerContext, TrackerFacts } from '../../src/domain/tracker/facts.js';
import { renderGantt } from '../../src/domain/tracker/gantt.js';
import { renderTrackerBody } from '../../src/domain/tracker/render.js';
import {
  decodeMarker,
  encodeMarker,
  trackerTitle,
  type TrackerState,
} from '../../src/domain/tracker/state.js';
import { buildTimeline, resolvedAt, slaStatus } from '../../src/domain/tracker/timeline.js';
import { postmortemBody, postmortemTracker } from '../../src/domain/follow-up.js';
import {
  deployedMessage,
  fixOnMainMessage,
  isDeployedMessage,
  isFixOnMainMessage,
  isSlaBreachMessage,
  isSmokePassedStatus,
  isStatusUpdateMessage,
  monitorVerdictMessage,
  monitorVerdictOf,
  slaBreachMessage,
  smokePassedStatus,
  statusUpdateMessage,
} from '../../src/domain/messages.js';
import { deploymentFacts } from '../../src/domain/tracker/deployments.js';
import { trackerContext } from '../../src/domain/tracker/facts.js';
import { parseConfig } from '../../src/domain/config.js';
import { pullBody } from '../../src/domain/start/pull.js';
import { pullTitle, validateForm } from '../../src/domain/start/form.js';
import { userErrorOf } from '../helpers/user-error.js';

const T0 = '2026-03-05T10:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();
/** Form text that would ping, link or render: `@org`, `#1`, `<img`, a bare `|`. */
const UNESCAPED = /@org|#1 |(?<!\\)<img|(?<!\\)\| pipes/;
const SHA = (n: number) => String(n).repeat(40).slice(0, 40);

const STATE: TrackerState = {
  product: 'krow-withus-worker-mobile',
  previousVersion: '0.1.0',
  version: '0.1.1',
  severity: 'CRITICAL',
  startedAt: T0,
  issue: 'Shift list crashes for @org/team #1 <img src=x> | pipes',
  impact: 'All 1,200 staff users on iOS',
  baseTag: 'krow-withus-worker-mobile/prod-v0.1.0',
  baseSha: 'a'.repeat(40),
  branch: 'hotfix/krow-withus-worker-mobile-v0.1.1',
  baseBranch: 'main',
  pr: 12,
};

const PUBSPEC = 'apps/mobile/apps/staff/pubspec.yaml';
const XCCONFIG = 'apps/mobile/apps/staff/ios/version.xcconfig';
const CHANGELOG = 'apps/mobile/apps/staff/CHANGELOG.md';

const CONTEXT: TrackerContext = {
  versionFiles: [PUBSPEC, XCCONFIG],
  changelog: CHANGELOG,
  releaseFiles: [PUBSPEC, XCCONFIG, CHANGELOG],
  labels: ['hotfix', 'URGENT'],
  reviewersConfigured: true,
};

/** Facts of a hotfix that went through every step, `minutes` after T-0 each. */
function fullFacts(): TrackerFacts {
  return {
    branch: {
      fromTag: true,
      commits: [
        {
          sha: SHA(1),
          message: 'chore(release): hotfix krow-withus-worker-mobile 0.1.1',
          date: at(1),
          files: [PUBSPEC, XCCONFIG, CHANGELOG],
        },
        {
          sha: SHA(2),
          message: 'fix: guard the empty shift list\n\nTested: locally',
          date: at(12),
          files: ['apps/mobile/apps/staff/lib/shifts.dart'],
        },
      ],
      files: [
        { path: PUBSPEC, patch: '-version: 0.1.0+5\n+version: 0.1.1+6' },
        { path: XCCONFIG, patch: '-MARKETING_VERSION = 0.1.0\n+MARKETING_VERSION = 0.1.1' },
        { path: CHANGELOG, patch: '+| 2026-03-05 | 0.1.1 | HOTFIX: x |' },
        { path: 'apps/mobile/apps/staff/lib/shifts.dart', patch: '+if (shifts.isEmpty) return;' },
      ],
    },
    pull: {
      number: 12,
      url: 'https://github.example/o/r/pull/12',
      state: 'closed',
      merged: true,
      createdAt: at(1),
      mergedAt: at(22),
      labels: ['hotfix', 'URGENT'],
      requestedReviewers: 0,
      headSha: SHA(2),
      reviews: [{ state: 'APPROVED', user: 'rin', commitId: SHA(2), submittedAt: at(20) }],
    },
    tag: {
      name: 'krow-withus-worker-mobile/prod-v0.1.1',
      commitSha: SHA(3),
      annotated: true,
      taggedAt: at(25),
    },
    release: {
      url: 'https://github.example/o/r/releases/tag/x',
      draft: false,
      createdAt: at(26),
      publishedAt: at(26),
    },
    deployments: [
      {
        id: 1,
        environment: 'production',
        production: true,
        createdAt: at(35),
        statuses: [
          {
            state: 'in_progress',
            createdAt: at(40),
            description: 'Monitoring 2 checks for 2h',
            byBot: true,
          },
          {
            state: 'in_progress',
            createdAt: at(42),
            description: smokePassedStatus(2, '2h'),
            byBot: true,
          },
          { state: 'success', createdAt: at(162), description: 'healthy', byBot: true },
        ],
      },
    ],
    comments: [
      {
        id: 5,
        body: deployedMessage(STATE),
        byBot: true,
        createdAt: at(163),
        url: 'https://github.example/o/r/issues/13#issuecomment-5',
      },
    ],
    postmortem: { number: 20, url: 'u', state: 'closed', closedAt: at(2000) },
  };
}

describe('marker', () => {
  test('round-trips the state, whatever the text', () => {
    expect(decodeMarker(`intro\n${encodeMarker(STATE)}\nrest`)).toEqual(STATE);
    fc.assert(
      fc.property(fc.string(), fc.string(), (issue, impact) => {
        const state = { ...STATE, issue, impact };
        const marker = encodeMarker(state);
        // Nothing can end the HTML comment early or open a tag.
        expect(marker.slice(4, -3)).not.toMatch(/--|<|>/);
        expect(decodeMarker(`x ${marker} y -->`)).toEqual(state);
      }),
    );
  });

  test('a marker that does not hold a valid state is not a tracker', () => {
    expect(decodeMarker('no marker')).toBeUndefined();
    expect(decodeMarker(null)).toBeUndefined();
    expect(decodeMarker('<!-- hotfix-tracker {"product":"x"} -->')).toBeUndefined();
    expect(decodeMarker(encodeMarker({ ...STATE, product: '../etc' }))).toBeUndefined();
    expect(decodeMarker(encodeMarker({ ...STATE, version: '1.2' }))).toBeUndefined();
    expect(
      decodeMarker(encodeMarker({ ...STATE, severity: 'LOW' as TrackerState['severity'] })),
    ).toBeUndefined();
    expect(decodeMarker('<!-- hotfix-tracker {not json} -->')).toBeUndefined();
  });

  test('title', () => {
    expect(trackerTitle(STATE)).toBe('Hotfix: krow-withus-worker-mobile v0.1.0 → v0.1.1');
  });
});

describe('checklist', () => {
  test('nothing but the declaration before the branch exists', () => {
    const list = buildChecklist(STATE, CONTEXT, { deployments: [], comments: [] });
    expect(
      Object.values(list)
        .filter((item) => item.done)
        .map((item) => item.id),
    ).toEqual(['declared']);
    expect(list.declared.at).toBe(T0);
  });

  test('every box from the facts, each with its time', () => {
    const list = buildChecklist(STATE, CONTEXT, fullFacts());
    const times = Object.fromEntries(Object.values(list).map((item) => [item.id, item.at]));
    expect(times).toEqual({
      declared: T0,
      branch: at(1),
      fix: at(12),
      version: at(1),
      changelog: at(1),
      'commit-message': at(12),
      'review-requested': at(1),
      approved: at(20),
      merged: at(22),
      'tag-created': at(25),
      'tag-pushed': at(25),
      deployed: at(40),
      smoke: at(42),
      monitored: at(162),
      notified: at(163),
      release: at(26),
      documented: at(2000),
    });
    expect(allDone(list)).toBe(true);
    expect(Object.keys(list)).toEqual(CHECKLIST.map(([id]) => id));
  });

  test('after start only: branch, bump, CHANGELOG and review request', () => {
    const facts = fullFacts();
    facts.branch!.commits = facts.branch!.commits.slice(0, 1);
    facts.branch!.files = facts.branch!.files.slice(0, 3);
    facts.pull = {
      ...facts.pull!,
      state: 'open',
      merged: false,
      requestedReviewers: 1,
      reviews: [],
    };
    delete facts.pull.mergedAt;
    const list = buildChecklist(STATE, CONTEXT, {
      branch: facts.branch!,
      pull: facts.pull,
      deployments: [],
      comments: [],
    });
    expect(
      Object.values(list)
        .filter((i) => i.done)
        .map((i) => i.id),
    ).toEqual(['declared', 'branch', 'version', 'changelog', 'review-requested']);
    expect(list.fix.done).toBe(false);
  });

  test('problems are named: an unclear commit, a missing label, a branch from elsewhere', () => {
    const facts = fullFacts();
    facts.branch!.commits[1]!.message = 'wip';
    facts.branch!.fromTag = false;
    facts.pull!.labels = ['hotfix'];
    const list = buildChecklist(STATE, CONTEXT, facts);
    expect(list['commit-message']).toMatchObject({ done: false });
    expect(list['commit-message'].problem).toContain('2222222');
    expect(list.branch.problem).toContain('does not start at');
    expect(list['review-requested']).toMatchObject({ done: false, problem: '#12 lacks URGENT' });
  });

  test("a commit of the release's files only (a package.json and its lockfile) is not the fix", () => {
    const config = parseConfig(
      '.github/hotfix.yml',
      'products:\n  web:\n    version-files: [apps/web/package.json]\n    changelog: apps/web/CHANGELOG.md\n',
    );
    const commit = (sha: number, files: string[]) => ({
      sha: SHA(sha),
      message: 'fix: guard the empty shift list',
      date: at(10 + sha),
      files,
    });
    const facts = fullFacts();
    facts.branch!.commits = [commit(1, ['apps/web/package.json', 'package-lock.json'])];
    const fix = () => buildChecklist(STATE, trackerContext(config, 'web'), facts).fix;
    expect(fix().done).toBe(false);
    facts.branch!.commits.push(commit(2, ['apps/web/src/shifts.ts']));
    expect(fix()).toMatchObject({ done: true, at: at(12) });
  });

  test('a version file that does not hold the new version is not ticked', () => {
    const facts = fullFacts();
    facts.branch!.files = facts.branch!.files.filter((f) => f.path !== XCCONFIG);
    expect(buildChecklist(STATE, CONTEXT, facts).version.done).toBe(false);
  });

  test('an unhealthy verdict is a problem, not a tick', () => {
    const facts = fullFacts();
    facts.deployments[0]!.statuses[2] = {
      state: 'failure',
      createdAt: at(60),
      description: 'x',
      byBot: true,
    };
    facts.comments = [];
    const list = buildChecklist(STATE, CONTEXT, facts);
    expect(list.monitored.done).toBe(false);
    expect(list.monitored.problem).toContain('unhealthy');
    expect(list.deployed.done).toBe(true);
  });

  test("the monitor's comment counts as its verdict when no deployment says so", () => {
    const facts = fullFacts();
    facts.deployments = [];
    facts.comments = [
      {
        id: 1,
        body: monitorVerdictMessage('healthy', '7.1', (marker) => `✅ healthy\n${marker}\n`).body,
        byBot: true,
        createdAt: at(170),
        url: 'u',
      },
    ];
    const list = buildChecklist(STATE, CONTEXT, facts);
    expect(list.monitored).toMatchObject({ done: true, at: at(170) });
    expect(list.notified.done).toBe(false);
  });

  test('an open postmortem is noted, not ticked', () => {
    const facts = fullFacts();
    facts.postmortem = { number: 20, url: 'u', state: 'open' };
    const list = buildChecklist(STATE, CONTEXT, facts);
    expect(list.documented).toMatchObject({ done: false, note: 'postmortem #20 open' });
    expect(allDone(list)).toBe(false);
  });

  test('the approver is escaped', () => {
    const facts = fullFacts();
    facts.pull!.reviews = [
      { state: 'APPROVED', user: 'github-actions[bot]', commitId: SHA(2), submittedAt: at(20) },
    ];
    expect(buildChecklist(STATE, CONTEXT, facts).approved.note).toBe('by github-actions\\[bot\\]');
  });
});

describe('"Merged to main": the fix on the default branch', () => {
  const LINE = 'release/krow-withus-worker-mobile-v0.1.x';
  const onLine: TrackerState = { ...STATE, maintenanceBranch: LINE };
  const port = (over: Partial<NonNullable<TrackerFacts['forwardPort']>> = {}) => ({
    number: 15,
    url: 'https://github.example/o/r/pull/15',
    state: 'open' as const,
    merged: false,
    conflict: false,
    ...over,
  });
  const merged = (state: TrackerState, facts: TrackerFacts) =>
    buildChecklist(state, CONTEXT, facts).merged;

  test('main path: the hotfix pull request merged into main, with its number', () => {
    expect(merged(STATE, fullFacts())).toMatchObject({ done: true, at: at(22), note: '#12' });
  });

  test('maintenance path: the hotfix merged into its line is not main', () => {
    const facts = fullFacts();
    const item = merged(onLine, facts);
    expect(item.done).toBe(false);
    expect(item.problem).toContain('no forward-port pull request yet');
    expect(allDone(buildChecklist(onLine, CONTEXT, facts))).toBe(false);
  });

  test('maintenance path: open, conflicting, closed and merged forward-ports', () => {
    const open = merged(onLine, { ...fullFacts(), forwardPort: port() });
    expect(open).toMatchObject({ done: false });
    expect(open.note).toBe(`#12 merged into \`${LINE}\`; forward-port #15 open`);
    expect(merged(onLine, { ...fullFacts(), forwardPort: port({ conflict: true }) }).problem).toBe(
      'forward-port #15 has conflicts to resolve (its description says how)',
    );
    expect(merged(onLine, { ...fullFacts(), forwardPort: port({ state: 'closed' }) }).problem).toBe(
      'forward-port #15 was closed unmerged: the fix is not on `main`',
    );
    expect(
      merged(onLine, {
        ...fullFacts(),
        forwardPort: port({ state: 'closed', merged: true, mergedAt: at(90) }),
      }),
    ).toMatchObject({ done: true, at: at(90), note: 'forward-port #15' });
  });

  test("the suite's note that the fix was already on main ticks it", () => {
    const facts = fullFacts();
    facts.comments.push({
      id: 99,
      body: fixOnMainMessage('it was cherry-picked', 'main'),
      byBot: true,
      createdAt: at(40),
      url: 'https://github.example/o/r/issues/13#c99',
    });
    expect(merged(onLine, facts)).toMatchObject({ done: true, at: at(40) });
  });

  test('the timeline\'s "merged, tag created" does not wait for the forward-port', () => {
    const facts = fullFacts();
    const checklist = buildChecklist(onLine, CONTEXT, facts);
    const entry = buildTimeline(onLine, checklist, facts).find((e) => e.id === 'merged');
    expect(entry?.at).toBe(at(25));
  });

  test('an approval before the last push does not tick "Approval obtained"', () => {
    const facts = fullFacts();
    facts.pull!.reviews = [
      { state: 'APPROVED', user: 'rin', commitId: SHA(1), submittedAt: at(20) },
    ];
    const item = buildChecklist(STATE, CONTEXT, facts).approved;
    expect(item.done).toBe(false);
    expect(item.problem).toContain('before the last push');
  });

  test('the 24-hour update says the fix is not on main yet', () => {
    const update = statusUpdateMessage(STATE, 24, 'healthy', undefined, 'forward-port #15 open');
    expect(update.markdown).toContain('Not on main yet: forward-port #15 open.');
    expect(update.slack).toContain('Not on main yet: forward-port #15 open.');
  });
});

describe('timeline, SLA and rendering', () => {
  test('milestones at the latest of their steps, in elapsed minutes', () => {
    const facts = fullFacts();
    facts.comments.push({
      id: 9,
      body: statusUpdateMessage(STATE, 24, 'healthy', undefined).markdown,
      byBot: true,
      createdAt: at(1500),
      url: 'u',
    });
    const list = buildChecklist(STATE, CONTEXT, facts);
    const timeline = buildTimeline(STATE, list, facts);
    expect(timeline.map((e) => [e.id, e.target, e.elapsed])).toEqual([
      ['detected', 0, 0],
      ['branch', 5, 1],
      ['review', 15, 12],
      ['merged', 30, 25],
      ['deployed', 45, 40],
      ['smoke', 60, 42],
      ['resolved', 120, 163],
      ['follow-up', 1440, 1500],
    ]);
    expect(resolvedAt(timeline)).toBe(at(163));
  });

  test('SLA: past the target without a deployment, or deployed late; met otherwise', () => {
    const none = buildChecklist(STATE, CONTEXT, { deployments: [], comments: [] });
    expect(slaStatus(STATE, none, new Date(at(59))).breached).toBe(false);
    expect(slaStatus(STATE, none, new Date(at(61)))).toMatchObject({
      breached: true,
      targetMinutes: 60,
      deadline: at(60),
    });
    const full = buildChecklist(STATE, CONTEXT, fullFacts());
    expect(slaStatus(STATE, full, new Date(at(500))).breached).toBe(false);
    expect(slaStatus({ ...STATE, severity: 'HIGH' }, none, new Date(at(239))).breached).toBe(false);
    expect(slaStatus({ ...STATE, severity: 'MEDIUM' }, none, new Date(at(9999))).breached).toBe(
      false,
    );
    const late = fullFacts();
    late.deployments[0]!.statuses[0]!.createdAt = at(75);
    late.deployments[0]!.statuses.splice(1, 1);
    const lateList = buildChecklist(STATE, CONTEXT, late);
    expect(slaStatus(STATE, lateList, new Date(at(76)))).toMatchObject({
      breached: true,
      inProductionAt: at(75),
    });
  });

  test('the body: declaration escaped, checklist, timeline, gantt, total time', () => {
    const facts = fullFacts();
    const checklist = buildChecklist(STATE, CONTEXT, facts);
    const timeline = buildTimeline(STATE, checklist, facts);
    const sla = slaStatus(STATE, checklist, new Date(at(200)));
    const body = renderTrackerBody({ state: STATE, checklist, timeline, sla });
    expect(decodeMarker(body)).toEqual(STATE);
    const visible = body.replace(/<!-- hotfix-tracker .*? -->/, '');
    expect(visible).toContain(
      'Issue: Shift list crashes for @&#8203;org/team #&#8203;1 \\<img src=x\\> \\| pipes',
    );
    expect(visible).not.toMatch(UNESCAPED);
    expect(body).toContain('Severity: CRITICAL');
    expect(body).toContain('Environment: Production');
    expect(body).toContain(
      '**Target:** 🔴 CRITICAL: fix in production within 1 hour, by 11:00 UTC.',
    );
    expect(body).toContain('✅ In production at T+40, within the target.');
    expect(body).toContain('- [x] Severity assessed & documented · 10:00 UTC (T+0)');
    expect(body).toContain('- [x] Approval obtained · 10:20 UTC (T+20) · by rin');
    expect(body).toContain('- [x] Merged to main · 10:22 UTC (T+22)');
    expect(body).toContain(
      '- [x] Incident documented · 2026-03-06 19:20 UTC (T+2000) · postmortem #20',
    );
    expect(body).toContain(
      '| Severity assessed, hotfix branch created | T+5 | T+1 (10:01 UTC) | ✅ |',
    );
    expect(body).toContain(
      '| Declare emergency resolved, communicate | T+120 | T+163 (12:43 UTC) | ⚠️ 43 min late |',
    );
    expect(body).toContain('| Follow-up communication | T+1 day | — | |');
    expect(body).toContain('**Total time: 163 minutes**');
    expect(body).toContain('```mermaid\ngantt\n');
  });

  test('not resolved: no total, unticked boxes, an SLA breach said once it happened', () => {
    const checklist = buildChecklist(STATE, CONTEXT, { deployments: [], comments: [] });
    const timeline = buildTimeline(STATE, checklist, { deployments: [], comments: [] });
    const sla = slaStatus(STATE, checklist, new Date(at(90)));
    const body = renderTrackerBody({ state: STATE, checklist, timeline, sla });
    expect(body).toContain('- [ ] Approval obtained\n');
    expect(body).toContain('**Total time:** not resolved yet.');
    expect(body).toContain('⏰ **SLA breached**: not in production by 11:00 UTC.');
    // The body does not depend on the time of the run otherwise.
    const later = renderTrackerBody({
      state: STATE,
      checklist,
      timeline,
      sla: slaStatus(STATE, checklist, new Date(at(300))),
    });
    expect(later).toBe(body);
  });

  test('gantt: target bars, then actual bars from milestone to milestone, late ones critical', () => {
    const facts = fullFacts();
    const checklist = buildChecklist(STATE, CONTEXT, facts);
    const lines = renderGantt(STATE, buildTimeline(STATE, checklist, facts));
    expect(lines).toEqual([
      '```mermaid',
      'gantt',
      '    title Hotfix krow-withus-worker-mobile v0.1.1: target and actual (UTC)',
      '    dateFormat YYYY-MM-DD HH:mm',
      '    axisFormat %H:%M',
      '    section Target',
      '    Branch T+5 :t0, 2026-03-05 10:00, 5m',
      '    Fix and review T+15 :t1, 2026-03-05 10:05, 10m',
      '    Merged and tagged T+30 :t2, 2026-03-05 10:15, 15m',
      '    Deployed T+45 :t3, 2026-03-05 10:30, 15m',
      '    Smoke tests T+60 :t4, 2026-03-05 10:45, 15m',
      '    Resolved T+120 :t5, 2026-03-05 11:00, 60m',
      '    section Actual',
      '    Branch T+1 :done, a0, 2026-03-05 10:00, 2026-03-05 10:01',
      '    Fix and review T+12 :done, a1, 2026-03-05 10:01, 2026-03-05 10:12',
      '    Merged and tagged T+25 :done, a2, 2026-03-05 10:12, 2026-03-05 10:25',
      '    Deployed T+40 :done, a3, 2026-03-05 10:25, 2026-03-05 10:40',
      '    Smoke tests T+42 :done, a4, 2026-03-05 10:40, 2026-03-05 10:42',
      '    Resolved T+163 :crit, done, a5, 2026-03-05 10:42, 2026-03-05 12:43',
      '```',
    ]);
  });
});

describe('messages', () => {
  test('deployed, status update, SLA breach: form text escaped, owners mentioned', () => {
    expect(deployedMessage(STATE)).toContain('🚨 PRODUCTION HOTFIX DEPLOYED\n');
    expect(deployedMessage(STATE)).not.toMatch(UNESCAPED);
    const update = statusUpdateMessage(STATE, 24, 'healthy', 'https://x/issues/13');
    expect(update.markdown).toContain(
      '✅ HOTFIX STATUS UPDATE\n\nProduction hotfix v0.1.1 deployed 24 hours ago.\nZero errors reported post-deployment.\nSystem stable.\n\nThank you for your patience!',
    );
    expect(update.slack).toContain('<https://x/issues/13|Tracking issue>');
    expect(statusUpdateMessage(STATE, 25, 'unhealthy', undefined).markdown).not.toContain('stable');
    const breach = slaBreachMessage(STATE, ['octo-org/devops', 'octo-org/product'], 60, undefined);
    expect(breach).toContain('@octo-org/devops @octo-org/product');
    expect(breach).toContain('<!-- hotfix-comment sla-breach -->');
  });

  test("each kind is found by its marker and the suite's identity, never by its text", () => {
    const comment = (body: string, byBot = true) => ({
      id: 1,
      body,
      byBot,
      createdAt: T0,
      url: 'u',
    });
    const written = [
      [deployedMessage(STATE), isDeployedMessage],
      [statusUpdateMessage(STATE, 24, 'healthy', undefined).markdown, isStatusUpdateMessage],
      [slaBreachMessage(STATE, [], 60, undefined), isSlaBreachMessage],
      [fixOnMainMessage('already there', 'main'), isFixOnMainMessage],
    ] as const;
    for (const [body, detect] of written) {
      expect(detect(comment(body))).toBe(true);
      // A person copying the whole message, marker included; the visible text alone.
      expect(detect(comment(body, false))).toBe(false);
      expect(detect(comment(body.replace(/<!--.*-->/s, '')))).toBe(false);
      // No kind mistaken for another.
      const others = written.filter(([, other]) => other !== detect);
      expect(others.some(([, other]) => other(comment(body)))).toBe(false);
    }

    const verdict = (end: 'healthy' | 'unhealthy' | 'cancelled', byBot = true) =>
      monitorVerdictOf(
        comment(
          monitorVerdictMessage(end, '42.1', (m) => `**Post-deploy monitoring**\n${m}`).body,
          byBot,
        ),
      );
    expect([verdict('healthy'), verdict('unhealthy'), verdict('cancelled')]).toEqual([
      'healthy',
      'unhealthy',
      undefined,
    ]);
    expect(verdict('healthy', false)).toBeUndefined();
    expect(monitorVerdictOf(comment('✅ **Post-deploy monitoring: healthy**'))).toBeUndefined();
  });

  test("the smoke checks passed: the monitor's in_progress status, by the suite, ticks the box before any verdict", () => {
    const status = (description: string, byBot = true, state = 'in_progress') => ({
      state,
      createdAt: at(42),
      description,
      byBot,
    });
    const written = smokePassedStatus(3, '2h');
    expect(written).toBe('Smoke checks passed; monitoring 3 checks for 2h');
    expect(isSmokePassedStatus(status(written))).toBe(true);
    expect(isSmokePassedStatus(status(written, false))).toBe(false);
    expect(isSmokePassedStatus(status(written, true, 'success'))).toBe(false);
    expect(isSmokePassedStatus(status('smoke tests passed'))).toBe(false);

    const facts = fullFacts();
    facts.deployments[0]!.statuses = facts.deployments[0]!.statuses.slice(0, 2);
    facts.comments = [];
    const summary = deploymentFacts(facts);
    expect(summary.smokeAt).toBe(at(42));
    expect(summary.verdict).toBeUndefined();
    expect(buildChecklist(STATE, CONTEXT, facts).smoke).toMatchObject({ done: true, at: at(42) });
  });

  test('postmortem: the template, linked to the tracker by a marker', () => {
    const body = postmortemBody({
      state: STATE,
      tracker: 13,
      owners: ['octo-org/devops'],
      due: '2026-03-13',
      deployedAt: at(40),
    });
    for (const heading of [
      '## What happened',
      '## Root cause',
      "## Why it wasn't caught before",
      '## What testing was missed',
      '## Prevention',
    ]) {
      expect(body).toContain(heading);
    }
    expect(body).toContain('**Due:** 2026-03-13 · **Owners:** @octo-org/devops');
    expect(body).toContain('tracking issue #13');
    expect(body).toContain('- Fix in production: T+40 minutes');
    expect(body.replace(/<!--.*?-->/, '')).not.toMatch(UNESCAPED);
    expect(postmortemTracker(body)).toBe(13);
  });
});

describe('the start form', () => {
  const good = { severity: 'CRITICAL', issue: 'Crash', impact: 'All users', allowMedium: false };

  test('valid form, cleaned', () => {
    expect(validateForm({ ...good, severity: 'high', issue: '  Crash\non login ' })).toEqual({
      severity: 'HIGH',
      issue: 'Crash on login',
      impact: 'All users',
    });
  });

  test('MEDIUM refused unless allowed', () => {
    expect(userErrorOf(() => validateForm({ ...good, severity: 'MEDIUM' })).message).toContain(
      'next release is OK for MEDIUM, per the process',
    );
    expect(validateForm({ ...good, severity: 'MEDIUM', allowMedium: true }).severity).toBe(
      'MEDIUM',
    );
  });

  test('every mistake at once', () => {
    const message = userErrorOf(() =>
      validateForm({ severity: 'LOW', issue: '', impact: 'x'.repeat(600), allowMedium: false }),
    ).message;
    expect(message).toContain('3 mistakes');
    expect(message).toContain("'severity' must be CRITICAL, HIGH, MEDIUM, not 'LOW'");
    expect(message).toContain("Input 'issue' is required");
    expect(message).toContain("'impact' is 600 characters");
    expect(userErrorOf(() => validateForm({ ...good, issue: 'x'.repeat(121) })).message).toContain(
      'keep it to 120',
    );
  });

  test('PR title and body', () => {
    const form = validateForm({ ...good, issue: STATE.issue });
    expect(pullTitle(form.issue)).toBe(`HOTFIX: ${STATE.issue}`);
    const body = pullBody({
      form,
      product: STATE.product,
      previousVersion: '0.1.0',
      version: '0.1.1',
      baseTag: STATE.baseTag,
      target: { path: 'main', branch: 'main', why: 'main is still at the tag.' },
      tracker: 13,
    });
    expect(body).toMatch(
      /^\*\*URGENT PRODUCTION FIX\*\*\n\nIssue: .*\nImpact: All users\nSolution: .*\nTesting: .*\n/,
    );
    expect(body).not.toMatch(UNESCAPED);
    expect(body).toContain('Tracking issue: #13');
  });
});
