/**
 * What the monitor checks (the probe specs) and what one check finds (outcomes and results).
 */

/** Every way a probe can fail; these names appear in reports, messages and outputs. */
export const FAILURE_CLASSES = [
  'dns',
  'connection',
  'tls',
  'timeout',
  'redirect',
  'http-status',
  'body',
  'latency',
  'query-bound',
  'query-error',
] as const;
export type FailureClass = (typeof FAILURE_CLASSES)[number];

export interface HttpProbeSpec {
  kind: 'http';
  /** `url-1`, `url-2`...: stable names for the report. */
  id: string;
  url: string;
  /** Exact status that passes; undefined: any 2xx. A 3xx here checks the redirect itself. */
  expectStatus?: number;
  /** Text the body must contain. */
  expectBody?: string;
  /** A JavaScript regex (source) the body must match. */
  expectBodyRegex?: string;
  /** Dot paths (`checks.db`, `items.0.state`) and the JSON values they must hold. */
  expectJson?: Record<string, unknown>;
  /** The whole request, redirects included, must take at most this long. */
  maxLatencyMs?: number;
  /** Follow a redirect to another host name (default: refused as a `redirect` failure). */
  allowOtherHost: boolean;
}

export interface QueryProbeSpec {
  kind: 'prometheus';
  id: string;
  /** Shown in reports. */
  name: string;
  /** Base URL of the Prometheus server (`/api/v1/query` is appended). */
  url: string;
  query: string;
  max?: number;
  min?: number;
}

export type ProbeSpec = HttpProbeSpec | QueryProbeSpec;

/**
 * `pass`, `fail`, or `empty`: a Prometheus query that returned no series (or NaN). An empty result
 * is neither a pass nor a failure: it does not count for availability or a failure streak, and a
 * query that never returns data is pointed out in the report.
 */
export type Outcome = 'pass' | 'fail' | 'empty';

/** What one probe request found, before it is placed in time. */
export interface ProbeOutcome {
  outcome: Outcome;
  failureClass?: FailureClass;
  /** One line saying what was wrong (or, for `empty`, what was asked). */
  message?: string;
  /** Wall time of the whole request (redirects included). */
  latencyMs?: number;
  /** Final HTTP status of a health check. */
  status?: number;
  /** The value a query returned (the one furthest outside its bounds when several). */
  value?: number;
}

export type Phase = 'smoke' | 'monitor';

export interface ProbeResult extends ProbeOutcome {
  probe: string;
  phase: Phase;
  /** Smoke: the attempt (1, 2, 3). Monitor: the round (1...). */
  round: number;
  /** When the request started (ms since the epoch). */
  at: number;
}

/** The name a probe is shown under: its URL without credentials, or the query's name. */
export function probeLabel(spec: ProbeSpec): string {
  return spec.kind === 'http' ? redactUrl(spec.url) : spec.name;
}

/** A URL without user and password, for anything shown or stored. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username === '' && parsed.password === '') return url;
    parsed.username = '';
    parsed.password = '';
    return parsed.href;
  } catch {
    return url;
  }
}
