/**
 * A metric check: one instant query (`GET /api/v1/query`) against a Prometheus server, its value
 * held against `max` and/or `min`. A query with no series (or NaN) is `empty`, its own outcome:
 * neither a pass nor a failure. Network failures keep their class (`dns`, `connection`, `tls`,
 * `timeout`); anything Prometheus refuses or answers unreadably is `query-error`.
 */
import type { ProbeOutcome, QueryProbeSpec } from '../domain/monitor/checks.js';
import { RequestFailure, send } from '../http/request.js';
import type { ProbeOptions } from './probes.js';

interface Sample {
  labels: Record<string, string>;
  value: number;
}

/** The query URL: the server's base URL (a path prefix is kept) + `api/v1/query`. */
export function queryUrl(base: string, query: string): URL {
  const url = new URL(base);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/api/v1/query`;
  url.search = '';
  url.searchParams.set('query', query);
  return url;
}

export async function probeQuery(
  spec: QueryProbeSpec,
  options: ProbeOptions,
): Promise<ProbeOutcome> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const latency = (): number => Math.round(now() - started);
  let status: number;
  let text: string;
  try {
    const response = await send(queryUrl(spec.url, spec.query), {
      timeoutMs: options.timeoutMs,
      headers: { accept: 'application/json' },
      signal: options.signal,
    });
    status = response.status;
    text = response.body.toString('utf8');
  } catch (error) {
    if (error instanceof RequestFailure) {
      return {
        outcome: 'fail',
        failureClass: error.failureClass,
        message: `Prometheus: ${error.message}`,
        latencyMs: latency(),
      };
    }
    throw error;
  }
  const latencyMs = latency();
  const parsed = parseQueryResponse(status, text);
  if ('error' in parsed) {
    return { outcome: 'fail', failureClass: 'query-error', message: parsed.error, latencyMs };
  }
  return { ...judge(spec, parsed.samples), latencyMs };
}

/** Prometheus's answer as samples, or what is wrong with it. */
export function parseQueryResponse(
  status: number,
  text: string,
): { samples: Sample[] } | { error: string } {
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    const start = text.replace(/\s+/g, ' ').trim().slice(0, 120);
    return { error: `Prometheus answered HTTP ${status} with no JSON: ${start}` };
  }
  const answer = (body ?? {}) as {
    status?: unknown;
    errorType?: unknown;
    error?: unknown;
    data?: { resultType?: unknown; result?: unknown };
  };
  if (answer.status !== 'success') {
    const kind = typeof answer.errorType === 'string' ? `${answer.errorType}: ` : '';
    const why = typeof answer.error === 'string' ? answer.error : 'no error message';
    return { error: `Prometheus refused the query (HTTP ${status}): ${kind}${why}` };
  }
  const { resultType, result } = answer.data ?? {};
  if (resultType === 'scalar') {
    const value = sampleValue(result);
    return value === undefined
      ? { error: 'Prometheus returned a malformed scalar' }
      : { samples: [{ labels: {}, value }] };
  }
  if (resultType === 'vector' && Array.isArray(result)) {
    const samples: Sample[] = [];
    for (const item of result as { metric?: unknown; value?: unknown }[]) {
      const value = sampleValue(item?.value);
      if (value === undefined) return { error: 'Prometheus returned a malformed sample' };
      samples.push({ labels: (item.metric ?? {}) as Record<string, string>, value });
    }
    return { samples };
  }
  return {
    error: `the query returns a ${String(resultType)}, not a number: use an instant vector or scalar query (e.g. wrap it in sum(...) or max(...))`,
  };
}

/** `[<time>, "<value>"]` → the number (NaN kept; Prometheus writes `NaN`, `+Inf`, `-Inf`). */
function sampleValue(pair: unknown): number | undefined {
  if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[1] !== 'string') return undefined;
  const text = pair[1];
  if (text === 'NaN') return NaN;
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  const value = Number(text);
  return text.trim() === '' || Number.isNaN(value) ? undefined : value;
}

/** Pass, fail (`query-bound`, naming the worst series) or empty (no series, or only NaN). */
export function judge(spec: QueryProbeSpec, samples: readonly Sample[]): ProbeOutcome {
  const numbers = samples.filter((sample) => !Number.isNaN(sample.value));
  if (numbers.length === 0) {
    return {
      outcome: 'empty',
      message:
        samples.length === 0 ? 'the query returned no series' : 'the query returned only NaN',
    };
  }
  let worst: { sample: Sample; by: number; bound: 'max' | 'min' } | undefined;
  for (const sample of numbers) {
    if (spec.max !== undefined && sample.value > spec.max) {
      const by = sample.value - spec.max;
      if (!worst || by > worst.by) worst = { sample, by, bound: 'max' };
    }
    if (spec.min !== undefined && sample.value < spec.min) {
      const by = spec.min - sample.value;
      if (!worst || by > worst.by) worst = { sample, by, bound: 'min' };
    }
  }
  if (worst) {
    const limit = worst.bound === 'max' ? `above max ${spec.max}` : `below min ${spec.min}`;
    const series = Object.keys(worst.sample.labels).length
      ? ` for ${formatLabels(worst.sample.labels)}`
      : '';
    return {
      outcome: 'fail',
      failureClass: 'query-bound',
      message: `${spec.name} = ${formatNumber(worst.sample.value)}${series}, ${limit}`,
      value: worst.sample.value,
    };
  }
  // The value furthest towards a bound, for the report.
  const shown = numbers.reduce((a, b) =>
    spec.max !== undefined ? (b.value > a.value ? b : a) : b.value < a.value ? b : a,
  );
  return { outcome: 'pass', value: shown.value };
}

function formatLabels(labels: Record<string, string>): string {
  return `{${Object.entries(labels)
    .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
    .join(', ')}}`;
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
}
