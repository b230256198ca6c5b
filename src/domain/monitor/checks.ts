/**
 * What the monitor checks (the probe specs), what one check finds (outcomes and results), and
 * PROBE_KINDS: everything the domain knows about each kind of check, in one entry per kind.
 */
import { formatDuration } from './duration.js';

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

/**
 * One kind of check as the domain sees it. Adding a kind is one entry here, one runner in
 * src/monitor/probes.ts, and the input or configuration that lists such checks.
 */
export interface ProbeKind<Spec extends ProbeSpec> {
  /** The name a probe is shown under in reports and messages. */
  label(spec: Spec): string;
  /** What it checks, one line for the log. */
  describe(spec: Spec): string;
  /** The settings the JSON report lists next to the probe's statistics. */
  reportFields(spec: Spec): ReportFields;
  /** Latency is part of what it checks: the summary shows p50/p95 and a latency chart. */
  measuresLatency: boolean;
  /** The summary's warning when every check came back empty (kinds that can be empty). */
  noDataWarning?(label: string): string;
  /**
   * What makes a check meaningless though well formed (the shape is the schema's or the input
   * parser's job), for the configuration and the inputs alike.
   */
  problems(spec: Partial<Spec>): string[];
}

export type ProbeKindName = ProbeSpec['kind'];

/** The report's per-probe settings, each set by the kinds it applies to. */
export interface ReportFields {
  query?: string;
  max?: number;
  min?: number;
}

/** The spec of one kind. */
export type SpecOf<Kind extends ProbeKindName> = Extract<ProbeSpec, { kind: Kind }>;

/** A Prometheus query without max and min checks nothing (the schema and the inputs say so). */
export const NEEDS_A_THRESHOLD = 'needs a threshold: add max, min or both';

export const PROBE_KINDS: { [Kind in ProbeKindName]: ProbeKind<SpecOf<Kind>> } = {
  http: {
    label: (spec) => redactUrl(spec.url),
    describe(spec) {
      const expects = [
        spec.expectStatus !== undefined ? `status ${spec.expectStatus}` : 'status 2xx',
        spec.expectBody !== undefined ? `body contains ${JSON.stringify(spec.expectBody)}` : '',
        spec.expectBodyRegex !== undefined ? `body matches /${spec.expectBodyRegex}/` : '',
        spec.expectJson !== undefined ? `JSON ${JSON.stringify(spec.expectJson)}` : '',
        spec.maxLatencyMs !== undefined ? `within ${formatDuration(spec.maxLatencyMs)}` : '',
      ].filter(Boolean);
      return `GET ${redactUrl(spec.url)}: ${expects.join(', ')}`;
    },
    reportFields: () => ({}),
    measuresLatency: true,
    problems({ expectBodyRegex }) {
      if (expectBodyRegex === undefined) return [];
      try {
        new RegExp(expectBodyRegex);
        return [];
      } catch (error) {
        return [`expect-body-regex is not a valid JavaScript regex (${(error as Error).message})`];
      }
    },
  },
  prometheus: {
    label: (spec) => spec.name,
    describe(spec) {
      const bounds = [
        spec.min !== undefined ? `min ${spec.min}` : '',
        spec.max !== undefined ? `max ${spec.max}` : '',
      ].filter(Boolean);
      return `${spec.name}: ${spec.query} (${bounds.join(', ')}) on ${redactUrl(spec.url)}`;
    },
    reportFields: ({ query, max, min }) => ({ query, max, min }),
    measuresLatency: false,
    noDataWarning: (label) =>
      `Query ${label} returned no data in any check: it watched nothing. Check the query and its labels.`,
    problems: ({ min, max }) =>
      min !== undefined && max !== undefined && min > max
        ? [`min ${min} is above max ${max}, so no value could pass: swap them`]
        : [],
  },
};

/** The entry of a probe's kind. */
export function probeKind<Spec extends ProbeSpec>(spec: Spec): ProbeKind<Spec> {
  return PROBE_KINDS[spec.kind] as unknown as ProbeKind<Spec>;
}

/** The name a probe is shown under: its URL without credentials, or the query's name. */
export function probeLabel(spec: ProbeSpec): string {
  return probeKind(spec).label(spec);
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
