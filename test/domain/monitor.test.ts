import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import {
  FAILURE_CLASSES,
  PROBE_KINDS,
  probeKind,
  redactUrl,
  type Outcome,
  type ProbeResult,
  type ProbeSpec,
} from '../../src/domain/monitor/checks.js';
import {
  formatDuration,
  parseDurationMs,
  requireDurationMs,
} from '../../src/domain/monitor/duration.js';
import {
  buildReport,
  latencyChart,
  renderIssueComment,
  renderSummary,
  slackMessage,
  type MonitorContext,
} from '../../src/domain/monitor/report.js';
import { escapeSlack } from '../../src/domain/markdown.js';
import {
  availability,
  formatAvailability,
  percentile,
  probeStats,
  totals,
} from '../../src/domain/monitor/statistics.js';
import { VerdictTracker, countFlips, type MonitorRun } from '../../src/domain/monitor/verdict.js';
import { UserError } from '../../src/domain/errors.js';
import { parseGfm } from '../helpers/markdown-reference.js';

const T0 = Date.UTC(2026, 2, 5, 12, 0, 0);

function result(
  probe: string,
  outcome: Outcome,
  round = 1,
  extra: Partial<ProbeResult> = {},
): ProbeResult {
  return {
    probe,
    phase: 'monitor',
    round,
    at: T0 + round * 60_000,
    outcome,
    ...(outcome === 'fail' ? { failureClass: 'http-status', message: 'HTTP 500' } : {}),
    ...extra,
  };
}

describe('durations', () => {
  test.each([
    ['500ms', 500],
    ['90s', 90_000],
    ['15m', 900_000],
    ['2h', 7_200_000],
    ['1h30m', 5_400_000],
    [' 3s ', 3000],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDurationMs(text)).toBe(ms);
  });

  test.each(['', '5', '0s', '1.5h', '-1m', '2 h', '1d', 'h', '10sec', '1m1'])(
    '%j is refused',
    (text) => {
      expect(parseDurationMs(text)).toBeUndefined();
    },
  );

  test('a UserError names the input and the accepted forms', () => {
    expect(() => requireDurationMs('5', "Input 'duration'")).toThrow(UserError);
    expect(() => requireDurationMs('5', "Input 'duration'")).toThrow(
      /Input 'duration' is '5', not a duration: .*500ms, 90s, 15m, 2h/,
    );
  });

  test('formatDuration uses the largest units', () => {
    expect(formatDuration(7_200_000)).toBe('2h');
    expect(formatDuration(90_000)).toBe('1m 30s');
    expect(formatDuration(500)).toBe('500ms');
    expect(formatDuration(3_723_004)).toBe('1h 2m 3s 4ms');
  });

  test('format and parse round-trip', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 * 3_600_000 }), (ms) => {
        expect(parseDurationMs(formatDuration(ms).replace(/ /g, ''))).toBe(ms);
      }),
    );
  });
});

describe('probe kinds', () => {
  test('a query whose min is above its max could never pass', () => {
    expect(PROBE_KINDS.prometheus.problems({ min: 3, max: 1 })).toEqual([
      'min 3 is above max 1, so no value could pass: swap them',
    ]);
    expect(PROBE_KINDS.prometheus.problems({ min: 1, max: 1 })).toEqual([]);
    expect(PROBE_KINDS.prometheus.problems({ max: 0 })).toEqual([]);
  });

  test('a health check whose body regex does not compile', () => {
    expect(PROBE_KINDS.http.problems({ expectBodyRegex: '(' })).toEqual([
      expect.stringMatching(/^expect-body-regex is not a valid JavaScript regex \(/),
    ]);
    expect(PROBE_KINDS.http.problems({ expectBodyRegex: '^ok$' })).toEqual([]);
  });

  test('each kind describes its check for the log', () => {
    const web: ProbeSpec = {
      kind: 'http',
      id: 'url-1',
      url: 'https://user:secret@web.example/health',
      expectStatus: 204,
      maxLatencyMs: 1500,
      allowOtherHost: false,
    };
    const errors: ProbeSpec = {
      kind: 'prometheus',
      id: 'query-1',
      name: 'errors',
      url: 'http://prometheus:9090',
      query: 'sum(errors)',
      min: 0,
      max: 5,
    };
    expect(probeKind(web).describe(web)).toBe(
      'GET https://web.example/health: status 204, within 1s 500ms',
    );
    expect(probeKind(errors).describe(errors)).toBe(
      'errors: sum(errors) (min 0, max 5) on http://prometheus:9090',
    );
  });
});

describe('VerdictTracker', () => {
  test('trips on the threshold-th failure in a row, not before', () => {
    const tracker = new VerdictTracker(['a', 'b'], 3);
    expect(tracker.record(result('a', 'fail', 1))).toBeUndefined();
    expect(tracker.record(result('b', 'pass', 1))).toBeUndefined();
    expect(tracker.record(result('a', 'fail', 2))).toBeUndefined();
    const trip = tracker.record(result('a', 'fail', 3));
    expect(trip).toMatchObject({ probe: 'a', consecutive: 3, phase: 'monitor' });
    expect(trip?.last.round).toBe(3);
    expect(tracker.trip).toBe(trip);
  });

  test('a pass resets the streak; flapping never trips a threshold of 2', () => {
    const tracker = new VerdictTracker(['a'], 2);
    for (let round = 1; round <= 10; round++) {
      expect(tracker.record(result('a', round % 2 ? 'fail' : 'pass', round))).toBeUndefined();
    }
  });

  test('an empty result neither resets nor extends a streak', () => {
    const tracker = new VerdictTracker(['q'], 2);
    tracker.record(result('q', 'fail', 1));
    expect(tracker.record(result('q', 'empty', 2))).toBeUndefined();
    expect(tracker.record(result('q', 'fail', 3))).toMatchObject({ consecutive: 2 });
  });

  test('a threshold of 1 trips on the first failure', () => {
    const tracker = new VerdictTracker(['a'], 1);
    expect(tracker.record(result('a', 'fail'))).toBeDefined();
  });

  test('refuses a bad threshold and an unknown probe (bugs, not user errors)', () => {
    expect(() => new VerdictTracker(['a'], 0)).toThrow(/threshold/);
    expect(() => new VerdictTracker(['a'], 3).record(result('x', 'pass'))).toThrow(/unknown/);
  });

  test('property: trips exactly when some probe has `threshold` failures in a row', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.constantFrom<Outcome>('pass', 'fail', 'empty'), { maxLength: 40 }),
        (threshold, outcomes) => {
          const tracker = new VerdictTracker(['a'], threshold);
          let tripAt: number | undefined;
          outcomes.forEach((outcome, index) => {
            if (tracker.record(result('a', outcome, index + 1)) && tripAt === undefined)
              tripAt = index;
          });
          // Reference: the first index where the last `threshold` pass/fail results are fails.
          let streak = 0;
          let expected: number | undefined;
          outcomes.forEach((outcome, index) => {
            if (outcome === 'pass') streak = 0;
            if (outcome === 'fail') streak++;
            if (expected === undefined && streak >= threshold) expected = index;
          });
          expect(tripAt).toBe(expected);
        },
      ),
    );
  });
});

describe('statistics', () => {
  test('availability rounds down to two decimals and never shows 100 with a failure', () => {
    expect(availability(199, 1)).toBe(99.5);
    expect(availability(2, 1)).toBe(66.66);
    expect(availability(9999, 1)).toBe(99.99);
    expect(availability(99999, 1)).toBe(99.99);
    expect(availability(5, 0)).toBe(100);
    expect(availability(0, 0)).toBeUndefined();
    expect(formatAvailability(99.5)).toBe('99.5');
    expect(formatAvailability(undefined)).toBe('');
  });

  test('nearest-rank percentiles', () => {
    expect(percentile([], 50)).toBeUndefined();
    expect(percentile([5], 95)).toBe(5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50)).toBe(5);
    expect(percentile([10, 1, 9, 2, 8, 3, 7, 4, 6, 5], 95)).toBe(10);
    expect(
      percentile(
        Array.from({ length: 100 }, (_, i) => i + 1),
        95,
      ),
    ).toBe(95);
  });

  test('flips count pass/fail changes, skipping empty results', () => {
    const seq = (outcomes: Outcome[]) => outcomes.map((o, i) => result('a', o, i + 1));
    expect(countFlips(seq(['pass', 'pass', 'pass']))).toBe(0);
    expect(countFlips(seq(['pass', 'fail', 'fail', 'pass']))).toBe(2);
    expect(countFlips(seq(['pass', 'empty', 'pass', 'fail', 'empty', 'pass']))).toBe(2);
  });

  test('totals and per-probe statistics, empty results apart', () => {
    const spec: ProbeSpec = {
      kind: 'http',
      id: 'url-1',
      url: 'https://u:p@x.example/h',
      allowOtherHost: false,
    };
    const results = [
      result('url-1', 'pass', 1, { latencyMs: 10 }),
      result('url-1', 'fail', 2, { latencyMs: 300, failureClass: 'timeout', message: 't' }),
      result('url-1', 'fail', 3, { latencyMs: 20 }),
      result('url-1', 'pass', 4, { latencyMs: 12 }),
      result('query-1', 'empty', 4),
    ];
    expect(totals(results)).toEqual({
      checks: 5,
      passes: 2,
      failures: 2,
      empties: 1,
      availability: 50,
      byClass: { timeout: 1, 'http-status': 1 },
    });
    expect(probeStats(spec, results)).toMatchObject({
      label: 'https://x.example/h',
      checks: 4,
      availability: 50,
      p50: 12,
      p95: 300,
      flips: 2,
      longestFailureStreak: 2,
    });
  });

  test('redactUrl drops credentials only', () => {
    expect(redactUrl('https://user:secret@x.example:8443/p?q=1')).toBe(
      'https://x.example:8443/p?q=1',
    );
    expect(redactUrl('http://x.example/')).toBe('http://x.example/');
    expect(redactUrl('not a url')).toBe('not a url');
  });

  test('the failure classes are exactly the ten of the design', () => {
    expect([...FAILURE_CLASSES].sort()).toEqual(
      [
        'body',
        'connection',
        'dns',
        'http-status',
        'latency',
        'query-bound',
        'query-error',
        'redirect',
        'timeout',
        'tls',
      ].sort(),
    );
  });
});

// ---------------------------------------------------------------------------------------------

const EVIL = '<img src=x onerror=alert(1)> | @octo-org/devops #12 **bold** `code`\n# heading';

const probes: ProbeSpec[] = [
  { kind: 'http', id: 'url-1', url: 'https://staff.example.com/health', allowOtherHost: false },
  {
    kind: 'prometheus',
    id: 'query-1',
    name: `5xx ratio ${EVIL}`,
    url: 'http://prom.example:9090',
    query: 'sum(rate(x[5m]))',
    max: 0.01,
  },
];

const context: MonitorContext = {
  product: 'krow-withus-worker-mobile',
  tag: 'krow-withus-worker-mobile/prod-v0.1.1',
  version: '0.1.1',
  environment: 'production',
  issue: `Shift list crashes ${EVIL}`,
  durationMs: 7_200_000,
  intervalMs: 60_000,
  timeoutMs: 10_000,
  failureThreshold: 3,
  runUrl: 'https://github.com/octo-org/krow-withus/actions/runs/4242',
};

function healthyRun(rounds = 120): MonitorRun {
  const results: ProbeResult[] = [];
  for (let round = 1; round <= rounds; round++) {
    results.push(result('url-1', 'pass', round, { latencyMs: 20 + (round % 7) }));
    results.push(result('query-1', round % 10 ? 'pass' : 'empty', round, { value: 0.001 }));
  }
  return {
    end: 'healthy',
    results,
    startedAt: T0,
    endedAt: T0 + 7_200_000,
    rounds,
    plannedRounds: 120,
  };
}

function unhealthyRun(): MonitorRun {
  const last = result('url-1', 'fail', 5, {
    failureClass: 'http-status',
    message: `HTTP 500, expected a 2xx status: ${EVIL}`,
    latencyMs: 15,
  });
  return {
    end: 'unhealthy',
    reason: `Failed 3 rounds in a row: https://staff.example.com/health: http-status: ${last.message}`,
    trip: { probe: 'url-1', consecutive: 3, phase: 'monitor', last },
    results: [
      result('url-1', 'pass', 1, { latencyMs: 10 }),
      result('url-1', 'pass', 2, { latencyMs: 11 }),
      result('url-1', 'fail', 3, { latencyMs: 12 }),
      result('url-1', 'fail', 4, { latencyMs: 13 }),
      last,
    ],
    startedAt: T0,
    endedAt: T0 + 300_000,
    rounds: 5,
    plannedRounds: 120,
  };
}

describe('job summary', () => {
  test('verdict first, then per probe availability, p50/p95, classes, and a chart', () => {
    const summary = renderSummary(unhealthyRun(), probes, context);
    expect(summary.split('\n')[0]).toBe('### post-deploy-monitor: ❌ unhealthy');
    expect(summary).toContain(
      '| 1 | https://staff.example.com/health | 5 | 40% | 12 ms | 15 ms | http-status: 3 |',
    );
    expect(summary).toContain('```mermaid\nxychart-beta\n  title "Probe 1 latency (ms)"');
    expect(summary).toContain('line [10, 11, 12, 13, 15]');
    expect(summary).toContain('<details><summary>Failures (latest 20)</summary>');
  });

  test('untrusted text renders as text: no HTML, no mentions, no extra cells', () => {
    const summary = renderSummary(unhealthyRun(), probes, context);
    expect(summary).not.toMatch(/(?<!\\)<img/);
    expect(summary).not.toMatch(/@octo-org/);
    const tree = parseGfm(summary) as {
      children: { type: string; children?: { children?: unknown[] }[] }[];
    };
    const tables = tree.children.filter((node) => node.type === 'table');
    expect(tables.length).toBeGreaterThanOrEqual(2);
    for (const table of tables) {
      const widths = new Set(table.children?.map((row) => row.children?.length));
      expect(widths.size).toBe(1);
    }
    expect(tree.children.filter((node) => node.type === 'html')).toEqual(
      // Only the <details> wrapper we write ourselves.
      tree.children.filter(
        (node) => node.type === 'html' && /details|summary/.test(JSON.stringify(node)),
      ),
    );
  });

  test('a healthy run says so, counts empty query results apart, and buckets long charts', () => {
    const summary = renderSummary(healthyRun(), probes, context);
    expect(summary).toMatch(/^### post-deploy-monitor: ✅ healthy/);
    expect(summary).toContain(
      'Checks: 240, failures: 0, empty query results: 12, availability: 100%',
    );
    expect(summary).toContain('empty: 12');
    const line = /line \[([^\]]*)\]/.exec(summary)?.[1] ?? '';
    expect(line.split(',').length).toBeLessThanOrEqual(60);
  });

  test('a query that never returned data is pointed out', () => {
    const run = healthyRun(3);
    run.results = run.results.map((r) => (r.probe === 'query-1' ? { ...r, outcome: 'empty' } : r));
    expect(renderSummary(run, probes, context)).toContain('returned no data in any check');
  });

  test('flapping is flagged', () => {
    const run = healthyRun(0);
    run.results = Array.from({ length: 8 }, (_, i) =>
      result('url-1', i % 2 ? 'fail' : 'pass', i + 1, { latencyMs: 5 }),
    );
    expect(renderSummary(run, probes, context)).toContain('⚠️ 7 flips');
  });

  test('a chart needs two points and never carries untrusted text', () => {
    expect(latencyChart([result('a', 'pass', 1, { latencyMs: 1 })], T0, 'x')).toBeUndefined();
    const chart = latencyChart(
      [result('a', 'pass', 1, { latencyMs: 1 }), result('a', 'pass', 2, { latencyMs: 2 })],
      T0,
      'Probe "1"',
    );
    expect(chart).toContain(`title "Probe '1'"`);
    expect(chart).toContain('x-axis "time since start" ["1:00", "2:00"]');
  });
});

describe('messages', () => {
  test('the step 11 message when healthy, escaped for Slack', () => {
    const { text } = slackMessage(healthyRun(), context);
    expect(text.split('\n')).toEqual(
      expect.arrayContaining([
        '🚨 PRODUCTION HOTFIX DEPLOYED',
        'Product: krow-withus-worker-mobile',
        'Version: 0.1.1',
        'Status: ✅ Deployed & verified',
      ]),
    );
    expect(text).toContain('Issue: Shift list crashes &lt;img src=x onerror=alert(1)&gt;');
    expect(text).not.toContain('<img');
    expect(text).toContain(
      '<https://github.com/octo-org/krow-withus/actions/runs/4242|Job log and summary>',
    );
  });

  test('the failure with its class when unhealthy', () => {
    const { text } = slackMessage(unhealthyRun(), context);
    expect(text).toMatch(/^❌ PRODUCTION HOTFIX UNHEALTHY AFTER DEPLOY/);
    expect(text).toContain('Failure class: http-status');
    expect(text).toContain('Status: ❌ Unhealthy');
    expect(text).not.toContain('<img');
  });

  test('escapeSlack escapes only &, < and >', () => {
    expect(escapeSlack('<!channel> & <@U123> *b*')).toBe(
      '&lt;!channel&gt; &amp; &lt;@U123&gt; *b*',
    );
  });

  test('the tracking-issue comment', () => {
    const comment = renderIssueComment(unhealthyRun(), probes, context);
    expect(comment).toMatch(/^❌ \*\*Post-deploy monitoring: unhealthy\*\*/);
    expect(comment).toContain('availability 40%');
    expect(comment).not.toMatch(/(?<!\\)<img/);
    expect(comment).not.toMatch(/@octo-org/);
  });
});

test('the report holds every result, the settings and per-probe statistics', () => {
  const run = unhealthyRun();
  const report = buildReport(run, probes, context);
  expect(report).toMatchObject({
    result: 'unhealthy',
    tag: context.tag,
    settings: { duration: '2h', interval: '1m', timeout: '10s', failureThreshold: 3 },
    rounds: 5,
    plannedRounds: 120,
    totals: { checks: 5, failures: 3, availability: 40 },
  });
  expect(report.results).toHaveLength(5);
  expect(report.results[0]?.at).toBe('2026-03-05T12:01:00.000Z');
  expect(report.probes.map((p) => p.probe)).toEqual(['url-1', 'query-1']);
  expect(report.probes[1]).toMatchObject({ query: 'sum(rate(x[5m]))', max: 0.01 });
  expect(JSON.parse(JSON.stringify(report))).toEqual(report);
});
