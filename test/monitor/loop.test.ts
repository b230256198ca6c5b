// The monitor's phases over virtual time: a 2-hour schedule runs in milliseconds.
import { describe, expect, test } from '@jest/globals';
import { runMonitor, type Clock, type ProbeRunner } from '../../src/monitor/loop.js';
import { RequestCancelled } from '../../src/http/request.js';
import type { Outcome, ProbeOutcome, ProbeSpec } from '../../src/domain/monitor/checks.js';
import { probeStats } from '../../src/domain/monitor/statistics.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = Date.UTC(2026, 2, 5, 12);

/** Virtual time: sleeping moves the clock; probes may take time too. */
function fakeClock(): Clock & { time: number; sleeps: number[] } {
  const clock = {
    time: T0,
    sleeps: [] as number[],
    now: () => clock.time,
    sleep: async (ms: number, signal: AbortSignal) => {
      clock.sleeps.push(ms);
      if (!signal.aborted) clock.time += ms;
    },
  };
  return clock;
}

const web: ProbeSpec = {
  kind: 'http',
  id: 'url-1',
  url: 'https://web.example/health',
  allowOtherHost: false,
};
const api: ProbeSpec = {
  kind: 'http',
  id: 'url-2',
  url: 'https://api.example/health',
  allowOtherHost: false,
};
const ratio: ProbeSpec = {
  kind: 'prometheus',
  id: 'query-1',
  name: '5xx ratio',
  url: 'http://prom.example',
  query: 'x',
  max: 0.01,
};

function outcome(o: Outcome): ProbeOutcome {
  return o === 'fail'
    ? {
        outcome: 'fail',
        failureClass: 'http-status',
        message: 'HTTP 500, expected a 2xx status',
        latencyMs: 5,
      }
    : { outcome: o, latencyMs: 5 };
}

/** A probe runner from a script per probe: call index (0-based) → outcome. */
function scripted(scripts: Record<string, (call: number, time: number) => Outcome>, clock: Clock) {
  const calls = new Map<string, number>();
  const runner: ProbeRunner = async (spec) => {
    const call = calls.get(spec.id) ?? 0;
    calls.set(spec.id, call + 1);
    return outcome(scripts[spec.id]?.(call, clock.now()) ?? 'pass');
  };
  return { runner, calls };
}

function options(clock: Clock, runProbe: ProbeRunner, probes: ProbeSpec[], extra = {}) {
  return {
    probes,
    durationMs: 2 * HOUR,
    intervalMs: MINUTE,
    failureThreshold: 3,
    runProbe,
    clock,
    signal: new AbortController().signal,
    ...extra,
  };
}

describe('runMonitor', () => {
  test('healthy after the whole duration: smoke once, then a round every interval', async () => {
    const clock = fakeClock();
    const { runner, calls } = scripted({}, clock);
    const phases: string[] = [];
    const run = await runMonitor({
      ...options(clock, runner, [web, api]),
      onPhase: (phase) => phases.push(phase),
    });
    expect(run).toMatchObject({ end: 'healthy', rounds: 120, plannedRounds: 120 });
    expect(run.endedAt - run.startedAt).toBe(2 * HOUR);
    expect(calls.get('url-1')).toBe(121);
    expect(run.results.filter((r) => r.phase === 'smoke')).toHaveLength(2);
    const rounds = run.results.filter((r) => r.probe === 'url-1' && r.phase === 'monitor');
    expect(rounds.map((r) => r.at - T0)).toEqual(
      Array.from({ length: 120 }, (_, i) => (i + 1) * MINUTE),
    );
    expect(phases).toEqual(['smoke', 'monitor']);
  });

  test('a server turning to 500 is unhealthy within threshold × interval, early', async () => {
    const clock = fakeClock();
    let firstFailure: number | undefined;
    const { runner } = scripted(
      {
        'url-1': (call, time) => {
          if (call < 10) return 'pass';
          firstFailure ??= time;
          return 'fail';
        },
      },
      clock,
    );
    const run = await runMonitor(options(clock, runner, [web, api]));
    expect(run.end).toBe('unhealthy');
    expect(run.trip).toMatchObject({ probe: 'url-1', consecutive: 3, phase: 'monitor' });
    expect(run.rounds).toBe(12);
    expect(run.endedAt - (firstFailure ?? 0)).toBe(2 * MINUTE);
    expect(run.plannedRounds).toBe(120);
    expect(run.reason).toBe(
      'Failed 3 rounds in a row: https://web.example/health: http-status: HTTP 500, expected a 2xx status',
    );
  });

  test('flapping never trips the threshold but is counted', async () => {
    const clock = fakeClock();
    const { runner } = scripted({ 'url-1': (call) => (call % 2 ? 'fail' : 'pass') }, clock);
    const run = await runMonitor(options(clock, runner, [web], { durationMs: 20 * MINUTE }));
    expect(run.end).toBe('healthy');
    const stats = probeStats(web, run.results);
    expect(stats.flips).toBe(20);
    expect(stats.availability).toBe(52.38);
  });

  test('a smoke check is retried quickly and passes on a later attempt', async () => {
    const clock = fakeClock();
    const { runner, calls } = scripted({ 'url-1': (call) => (call < 2 ? 'fail' : 'pass') }, clock);
    const run = await runMonitor(options(clock, runner, [web, api], { durationMs: 5 * MINUTE }));
    expect(run.end).toBe('healthy');
    const smoke = run.results.filter((r) => r.phase === 'smoke');
    expect(smoke.map((r) => `${r.probe}#${r.round}:${r.outcome}`)).toEqual([
      'url-1#1:fail',
      'url-2#1:pass',
      'url-1#2:fail',
      'url-1#3:pass',
    ]);
    // Only the failing probe was retried, 5 s apart (the interval, at most 5 s).
    expect(calls.get('url-2')).toBe(6);
    expect(clock.sleeps.slice(0, 2)).toEqual([5000, 5000]);
  });

  test('a smoke check failing every attempt is unhealthy at once', async () => {
    const clock = fakeClock();
    const { runner } = scripted({ 'url-2': () => 'fail' }, clock);
    const run = await runMonitor(options(clock, runner, [web, api]));
    expect(run).toMatchObject({ end: 'unhealthy', rounds: 0 });
    expect(run.trip).toMatchObject({ probe: 'url-2', phase: 'smoke', consecutive: 3 });
    expect(run.reason).toMatch(
      /^Smoke check failed 3 times in a row: https:\/\/api\.example\/health: http-status/,
    );
    expect(run.endedAt - run.startedAt).toBe(10_000);
  });

  test('an empty query result does not block the smoke phase nor count as a failure', async () => {
    const clock = fakeClock();
    const { runner } = scripted({ 'query-1': () => 'empty' }, clock);
    const run = await runMonitor(options(clock, runner, [web, ratio], { durationMs: 10 * MINUTE }));
    expect(run.end).toBe('healthy');
    expect(probeStats(ratio, run.results)).toMatchObject({ empties: 11, failures: 0 });
  });

  test('rounds keep a fixed schedule; a round slower than the interval skips the slots it overran', async () => {
    const clock = fakeClock();
    let call = 0;
    const runner: ProbeRunner = async () => {
      // The 4th call (monitor round 3) takes 2.5 intervals.
      if (++call === 4) clock.time += 2.5 * MINUTE;
      return outcome('pass');
    };
    const run = await runMonitor(options(clock, runner, [web], { durationMs: 10 * MINUTE }));
    const times = run.results.filter((r) => r.phase === 'monitor').map((r) => (r.at - T0) / MINUTE);
    expect(times).toEqual([1, 2, 3, 6, 7, 8, 9, 10]);
    expect(run).toMatchObject({ end: 'healthy', rounds: 8, plannedRounds: 10 });
  });

  test('the probes of a round run in parallel', async () => {
    const clock = fakeClock();
    let running = 0;
    let most = 0;
    const runner: ProbeRunner = async () => {
      most = Math.max(most, ++running);
      await new Promise((resolve) => setImmediate(resolve));
      running--;
      return outcome('pass');
    };
    await runMonitor(options(clock, runner, [web, api, ratio], { durationMs: 2 * MINUTE }));
    expect(most).toBe(3);
  });

  test('cancellation keeps the results so far and drops the round in flight', async () => {
    const clock = fakeClock();
    const controller = new AbortController();
    let calls = 0;
    const runner: ProbeRunner = async (_spec, signal) => {
      if (++calls === 6) {
        controller.abort();
        if (signal.aborted) throw new RequestCancelled('cancelled');
      }
      return outcome('pass');
    };
    const run = await runMonitor({
      ...options(clock, runner, [web]),
      signal: controller.signal,
    });
    expect(run).toMatchObject({ end: 'cancelled', rounds: 4 });
    expect(run.reason).toBe('Cancelled after 4 of 120 rounds: no verdict.');
    expect(run.results).toHaveLength(5);
  });

  test('cancelled during the smoke phase', async () => {
    const clock = fakeClock();
    const controller = new AbortController();
    controller.abort();
    const run = await runMonitor({
      ...options(clock, scripted({}, clock).runner, [web]),
      signal: controller.signal,
    });
    expect(run).toMatchObject({ end: 'cancelled', rounds: 0, results: [] });
  });

  test('a probe that throws (a bug) is not swallowed', async () => {
    const clock = fakeClock();
    const runner: ProbeRunner = async () => {
      throw new Error('boom');
    };
    await expect(runMonitor(options(clock, runner, [web]))).rejects.toThrow('boom');
  });
});
