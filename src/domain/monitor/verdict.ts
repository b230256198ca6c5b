/**
 * The verdict: the state machine that follows the monitor phase round by round, flapping, and
 * the run as it ended.
 */
import type { Outcome, Phase, ProbeResult } from './checks.js';

export type Verdict = 'healthy' | 'unhealthy';

export interface Trip {
  probe: string;
  /** Failed rounds in a row when it tripped (the threshold), or the smoke attempts. */
  consecutive: number;
  phase: Phase;
  /** The failure that tripped it. */
  last: ProbeResult;
}

/**
 * Follows the monitor phase round by round: a probe that fails `threshold` rounds in a row makes
 * the verdict `unhealthy` at once. A pass resets the probe's streak; an empty result leaves it as
 * it is.
 */
export class VerdictTracker {
  /** Each probe's failures in a row so far. */
  private readonly streaks = new Map<string, number>();
  private tripped: Trip | undefined;

  constructor(
    probes: readonly string[],
    readonly threshold: number,
  ) {
    if (!Number.isInteger(threshold) || threshold < 1) {
      throw new Error(`failure threshold must be a whole number >= 1, not ${threshold}`);
    }
    for (const probe of probes) this.streaks.set(probe, 0);
  }

  /** Records one monitor-phase result; returns the trip when this result makes the run unhealthy. */
  record(result: ProbeResult): Trip | undefined {
    const streak = this.streaks.get(result.probe);
    if (streak === undefined) throw new Error(`unknown probe ${result.probe}`);
    if (result.outcome === 'empty') return undefined;
    if (result.outcome === 'pass') {
      this.streaks.set(result.probe, 0);
      return undefined;
    }
    const failures = streak + 1;
    this.streaks.set(result.probe, failures);
    if (this.tripped === undefined && failures >= this.threshold) {
      this.tripped = {
        probe: result.probe,
        consecutive: failures,
        phase: 'monitor',
        last: result,
      };
      return this.tripped;
    }
    return undefined;
  }

  get trip(): Trip | undefined {
    return this.tripped;
  }
}

/**
 * Flips (pass↔fail changes, empty results skipped) in a probe's results in order: how much it
 * flapped. A probe that failed then recovered once has 1; pass, fail, pass, fail has 3.
 */
export function countFlips(results: readonly ProbeResult[]): number {
  let flips = 0;
  let last: Outcome | undefined;
  for (const result of results) {
    if (result.outcome === 'empty') continue;
    if (last !== undefined && last !== result.outcome) flips++;
    last = result.outcome;
  }
  return flips;
}

/** At least this many flips in one run is reported as flapping. */
export const FLAPPING_FLIPS = 4;

export type RunEnd = Verdict | 'cancelled';

export interface MonitorRun {
  end: RunEnd;
  /** One sentence: why unhealthy, or what was cut short. */
  reason?: string;
  trip?: Trip;
  /** Smoke attempts and monitor rounds, in order. */
  results: ProbeResult[];
  startedAt: number;
  endedAt: number;
  /** Monitor rounds run (0 when the smoke phase failed or was cancelled). */
  rounds: number;
  /** Rounds the full duration has. */
  plannedRounds: number;
}
