/**
 * The monitor's phases over time, with the clock, the sleep and the probes injected (tests run a
 * 2-hour schedule in milliseconds):
 *
 * 1. Smoke: every probe must pass once; a failing one is retried a few times, quickly. A probe
 *    that never passes makes the run unhealthy at once. An empty query result does not block.
 * 2. Monitor: a round every `interval` for `duration`, all probes of a round in parallel. A probe
 *    failing `failureThreshold` rounds in a row ends the run as unhealthy without waiting out the
 *    duration. Rounds keep a fixed schedule (no drift); a round that overran skips missed slots.
 *
 * A cancelled signal stops it between or during rounds: the results so far are kept, in-flight
 * requests are dropped, and the run ends as `cancelled`.
 */
import type { Phase, ProbeOutcome, ProbeResult, ProbeSpec } from '../domain/monitor/checks.js';
import { tripReason } from '../domain/monitor/report.js';
import { VerdictTracker, type MonitorRun, type Trip } from '../domain/monitor/verdict.js';

export interface Clock {
  /** Wall-clock milliseconds since the epoch (results are stamped with it). */
  now(): number;
  /** Resolves after `ms`, or early when the signal aborts (never rejects). */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

/** Runs one probe; throws RequestCancelled (or anything) when cancelled mid-request. */
export type ProbeRunner = (spec: ProbeSpec, signal: AbortSignal) => Promise<ProbeOutcome>;

export interface LoopOptions {
  probes: readonly ProbeSpec[];
  durationMs: number;
  intervalMs: number;
  failureThreshold: number;
  /** Attempts per probe in the smoke phase (default 3). */
  smokeAttempts?: number;
  /** Pause between smoke attempts (default: the interval, at most 5 s). */
  smokeDelayMs?: number;
  runProbe: ProbeRunner;
  clock: Clock;
  signal: AbortSignal;
  /** Each result as it comes (for the log). */
  onResult?: (result: ProbeResult) => void;
  /** When the monitor phase starts (the deployment goes `in_progress` earlier, at the start). */
  onPhase?: (phase: Phase) => void;
}

export const SMOKE_ATTEMPTS = 3;
const MAX_SMOKE_DELAY_MS = 5000;

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
    }),
};

export async function runMonitor(options: LoopOptions): Promise<MonitorRun> {
  const { clock, signal, probes } = options;
  const plannedRounds = Math.max(1, Math.floor(options.durationMs / options.intervalMs));
  const startedAt = clock.now();
  const results: ProbeResult[] = [];
  const finish = (end: MonitorRun['end'], extra: Partial<MonitorRun> = {}): MonitorRun => ({
    end,
    results,
    startedAt,
    endedAt: clock.now(),
    rounds: 0,
    plannedRounds,
    ...extra,
  });
  const cancelled = (rounds: number, where: string): MonitorRun =>
    finish('cancelled', { rounds, reason: `Cancelled ${where}: no verdict.` });

  // Runs probes in parallel; undefined when cancelled (in-flight results are dropped).
  const round = async (
    specs: readonly ProbeSpec[],
    phase: Phase,
    number: number,
  ): Promise<ProbeResult[] | undefined> => {
    const at = clock.now();
    const outcomes = await Promise.all(
      specs.map(async (spec) => {
        try {
          return await options.runProbe(spec, signal);
        } catch (error) {
          if (signal.aborted) return undefined;
          throw error;
        }
      }),
    );
    if (signal.aborted) return undefined;
    const made = specs.map((spec, index) => ({
      probe: spec.id,
      phase,
      round: number,
      at,
      ...(outcomes[index] as ProbeOutcome),
    }));
    for (const result of made) {
      results.push(result);
      options.onResult?.(result);
    }
    return made;
  };

  // 1. Smoke.
  options.onPhase?.('smoke');
  const attempts = options.smokeAttempts ?? SMOKE_ATTEMPTS;
  const smokeDelay = options.smokeDelayMs ?? Math.min(options.intervalMs, MAX_SMOKE_DELAY_MS);
  let pending: readonly ProbeSpec[] = probes;
  for (let attempt = 1; pending.length > 0; attempt++) {
    if (attempt > 1) await clock.sleep(smokeDelay, signal);
    if (signal.aborted) return cancelled(0, 'during the smoke checks');
    const made = await round(pending, 'smoke', attempt);
    if (made === undefined) return cancelled(0, 'during the smoke checks');
    const failed = made.filter((r) => r.outcome === 'fail');
    if (failed.length > 0 && attempt >= attempts) {
      const last = failed[0] as ProbeResult;
      const trip: Trip = { probe: last.probe, consecutive: attempts, phase: 'smoke', last };
      return finish('unhealthy', {
        trip,
        reason: tripReason(
          trip,
          probes.find((p) => p.id === last.probe),
        ),
      });
    }
    pending = pending.filter((spec) => failed.some((r) => r.probe === spec.id));
  }

  // 2. Monitor.
  options.onPhase?.('monitor');
  const tracker = new VerdictTracker(
    probes.map((p) => p.id),
    options.failureThreshold,
  );
  const monitorStart = clock.now();
  let rounds = 0;
  for (let slot = 1; slot <= plannedRounds;) {
    const due = monitorStart + slot * options.intervalMs;
    const wait = due - clock.now();
    if (wait > 0) await clock.sleep(wait, signal);
    if (signal.aborted) return cancelled(rounds, `after ${rounds} of ${plannedRounds} rounds`);
    const made = await round(probes, 'monitor', rounds + 1);
    if (made === undefined) return cancelled(rounds, `after ${rounds} of ${plannedRounds} rounds`);
    rounds++;
    for (const result of made) {
      const trip = tracker.record(result);
      if (trip) {
        return finish('unhealthy', {
          rounds,
          trip,
          reason: tripReason(
            trip,
            probes.find((p) => p.id === trip.probe),
          ),
        });
      }
    }
    // The next slot still ahead (a round slower than the interval skips the slots it overran).
    const elapsedSlots = Math.floor((clock.now() - monitorStart) / options.intervalMs);
    slot = Math.max(slot + 1, elapsedSlots + 1);
  }
  const end = monitorStart + options.durationMs;
  if (end > clock.now()) await clock.sleep(end - clock.now(), signal);
  if (signal.aborted) return cancelled(rounds, `after ${rounds} of ${plannedRounds} rounds`);
  return finish('healthy', { rounds });
}
