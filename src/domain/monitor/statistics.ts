/** Per-probe and overall numbers of a run: availability, latency percentiles, failure classes. */
import {
  probeKind,
  probeLabel,
  type FailureClass,
  type ProbeResult,
  type ProbeSpec,
} from './checks.js';
import { countFlips } from './verdict.js';

export interface ProbeStats {
  probe: string;
  label: string;
  kind: ProbeSpec['kind'];
  checks: number;
  passes: number;
  failures: number;
  empties: number;
  /** Percent of pass/fail results that passed; undefined when there were none. */
  availability?: number;
  p50?: number;
  p95?: number;
  byClass: Partial<Record<FailureClass, number>>;
  flips: number;
  /** The longest run of failures in a row in the monitor phase. */
  longestFailureStreak: number;
}

export interface Totals {
  checks: number;
  passes: number;
  failures: number;
  empties: number;
  availability?: number;
  byClass: Partial<Record<FailureClass, number>>;
}

/**
 * Percent of checks that passed, rounded down to two decimals so that a run with a failure never
 * shows 100. Undefined when nothing passed or failed (only empty results).
 */
export function availability(passes: number, failures: number): number | undefined {
  const total = passes + failures;
  if (total === 0) return undefined;
  return Math.floor((passes / total) * 10_000) / 100;
}

/** `99.5`, `100`, `66.66`: the output's form. Empty when undefined. */
export function formatAvailability(value: number | undefined): string {
  return value === undefined ? '' : String(value);
}

/** Nearest-rank percentile (p in 0..100) of unsorted values; undefined for none. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

function countByClass(results: readonly ProbeResult[]): Partial<Record<FailureClass, number>> {
  const counts: Partial<Record<FailureClass, number>> = {};
  for (const result of results) {
    if (result.outcome !== 'fail' || result.failureClass === undefined) continue;
    counts[result.failureClass] = (counts[result.failureClass] ?? 0) + 1;
  }
  return counts;
}

export function totals(results: readonly ProbeResult[]): Totals {
  const passes = results.filter((r) => r.outcome === 'pass').length;
  const failures = results.filter((r) => r.outcome === 'fail').length;
  const empties = results.length - passes - failures;
  return {
    checks: results.length,
    passes,
    failures,
    empties,
    availability: availability(passes, failures),
    byClass: countByClass(results),
  };
}

export function probeStats(spec: ProbeSpec, results: readonly ProbeResult[]): ProbeStats {
  const own = results.filter((r) => r.probe === spec.id);
  const sums = totals(own);
  const latencies = own.flatMap((r) => (r.latencyMs === undefined ? [] : [r.latencyMs]));
  let streak = 0;
  let longest = 0;
  for (const result of own.filter((r) => r.phase === 'monitor')) {
    if (result.outcome === 'fail') longest = Math.max(longest, ++streak);
    else if (result.outcome === 'pass') streak = 0;
  }
  const { measuresLatency } = probeKind(spec);
  return {
    probe: spec.id,
    label: probeLabel(spec),
    kind: spec.kind,
    checks: sums.checks,
    passes: sums.passes,
    failures: sums.failures,
    empties: sums.empties,
    availability: sums.availability,
    p50: measuresLatency ? percentile(latencies, 50) : undefined,
    p95: measuresLatency ? percentile(latencies, 95) : undefined,
    byClass: sums.byClass,
    flips: countFlips(own),
    longestFailureStreak: longest,
  };
}
