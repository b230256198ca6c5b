/**
 * How each kind of check is run: the I/O half of PROBE_KINDS (src/domain/monitor/checks.ts). A
 * kind without a runner here does not compile.
 */
import type { ProbeKindName, ProbeOutcome, ProbeSpec, SpecOf } from '../domain/monitor/checks.js';
import { probeHttp } from './http-probe.js';
import { probeQuery } from './prometheus.js';

export interface ProbeOptions {
  /** The whole check, redirects included. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** Monotonic milliseconds (injectable for tests). */
  now?: () => number;
}

type Runner<Spec extends ProbeSpec> = (spec: Spec, options: ProbeOptions) => Promise<ProbeOutcome>;

const RUNNERS: { [Kind in ProbeKindName]: Runner<SpecOf<Kind>> } = {
  http: probeHttp,
  prometheus: probeQuery,
};

/** Runs one check of any kind; throws RequestCancelled when the signal aborts mid-request. */
export function runProbe(spec: ProbeSpec, options: ProbeOptions): Promise<ProbeOutcome> {
  return (RUNNERS[spec.kind] as Runner<ProbeSpec>)(spec, options);
}
