/**
 * A health check: GET the URL, follow redirects by hand, then check status, body, JSON fields and
 * latency. Every failure gets exactly one class; the first expectation that fails is reported.
 */
import { isDeepStrictEqual } from 'node:util';
import { boundedExec, PatternTimeout } from '../domain/pattern.js';
import {
  redactUrl,
  type FailureClass,
  type HttpProbeSpec,
  type ProbeOutcome,
} from '../domain/monitor/checks.js';
import { formatDuration } from '../domain/monitor/duration.js';
import { RequestFailure, send, type Response } from '../http/request.js';
import type { ProbeOptions } from './probes.js';

/** Redirects followed at most; one more is a `redirect` failure. */
export const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** How much of a body a failure message quotes. */
const SNIPPET_CHARS = 120;

export async function probeHttp(spec: HttpProbeSpec, options: ProbeOptions): Promise<ProbeOutcome> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const deadline = started + options.timeoutMs;
  const elapsed = (): number => Math.round(now() - started);
  const fail = (failureClass: FailureClass, message: string, status?: number): ProbeOutcome => ({
    outcome: 'fail',
    failureClass,
    message,
    latencyMs: elapsed(),
    status,
  });

  const first = new URL(spec.url);
  let url = first;
  const visited = [url.href];
  let response: Response;
  for (let redirects = 0; ; redirects++) {
    try {
      response = await send(url, {
        timeoutMs: Math.max(1, deadline - now()),
        timeoutLabelMs: options.timeoutMs,
        signal: options.signal,
      });
    } catch (error) {
      if (error instanceof RequestFailure) {
        const via =
          redirects > 0
            ? ` (after ${redirects} ${redirects === 1 ? 'redirect' : 'redirects'}, at ${redactUrl(url.href)})`
            : '';
        return fail(error.failureClass, error.message + via);
      }
      throw error;
    }
    const followRedirect =
      REDIRECT_STATUSES.has(response.status) &&
      !(spec.expectStatus !== undefined && spec.expectStatus >= 300 && spec.expectStatus < 400);
    if (!followRedirect) break;

    const location = response.headers.location;
    if (location === undefined || location === '') {
      return fail('redirect', `HTTP ${response.status} without a Location header`, response.status);
    }
    let next: URL;
    try {
      next = new URL(location, url);
    } catch {
      return fail(
        'redirect',
        `HTTP ${response.status} to an invalid Location: ${snippet(location)}`,
        response.status,
      );
    }
    const problem = redirectProblem(first, url, next, spec.allowOtherHost);
    if (problem !== undefined) return fail('redirect', problem, response.status);
    if (visited.includes(next.href)) {
      const loop = [...visited.slice(visited.indexOf(next.href)), next.href].map(redactUrl);
      return fail('redirect', `redirect loop: ${loop.join(' → ')}`, response.status);
    }
    if (redirects + 1 > MAX_REDIRECTS) {
      return fail(
        'redirect',
        `more than ${MAX_REDIRECTS} redirects (${visited.map(redactUrl).join(' → ')} → ${redactUrl(next.href)})`,
        response.status,
      );
    }
    visited.push(next.href);
    url = next;
  }

  const latencyMs = elapsed();
  const problem = checkResponse(spec, response);
  if (problem !== undefined) {
    return { outcome: 'fail', ...problem, latencyMs, status: response.status };
  }
  if (spec.maxLatencyMs !== undefined && latencyMs > spec.maxLatencyMs) {
    return {
      outcome: 'fail',
      failureClass: 'latency',
      message: `took ${formatDuration(latencyMs)}, more than the allowed ${formatDuration(spec.maxLatencyMs)}`,
      latencyMs,
      status: response.status,
    };
  }
  return { outcome: 'pass', latencyMs, status: response.status };
}

/** Why a redirect from `from` to `to` is not followed, or undefined when it is fine. */
export function redirectProblem(
  first: URL,
  from: URL,
  to: URL,
  allowOtherHost: boolean,
): string | undefined {
  if (to.protocol !== 'http:' && to.protocol !== 'https:') {
    return `redirect to a ${to.protocol} URL is not followed: ${redactUrl(to.href)}`;
  }
  if (from.protocol === 'https:' && to.protocol === 'http:') {
    return `redirect from HTTPS to plain HTTP refused: ${redactUrl(from.href)} → ${redactUrl(to.href)}`;
  }
  if (!allowOtherHost && to.hostname.toLowerCase() !== first.hostname.toLowerCase()) {
    return (
      `redirect to another host refused: ${redactUrl(from.href)} → ${redactUrl(to.href)} ` +
      `(set allow-other-host: true on this URL if ${to.hostname} is expected)`
    );
  }
  return undefined;
}

/** The first expectation the response breaks, with its class and what was found. */
export function checkResponse(
  spec: HttpProbeSpec,
  response: Pick<Response, 'status' | 'body' | 'truncated'>,
): { failureClass: FailureClass; message: string } | undefined {
  const body = response.body.toString('utf8');
  const statusOk =
    spec.expectStatus === undefined
      ? response.status >= 200 && response.status < 300
      : response.status === spec.expectStatus;
  if (!statusOk) {
    const expected = spec.expectStatus === undefined ? 'a 2xx status' : `${spec.expectStatus}`;
    const quoted = body.trim() === '' ? '' : `: ${snippet(body)}`;
    return {
      failureClass: 'http-status',
      message: `HTTP ${response.status}, expected ${expected}${quoted}`,
    };
  }
  const cut = response.truncated ? ' (in the first 1 MiB)' : '';
  if (spec.expectBody !== undefined && !body.includes(spec.expectBody)) {
    return {
      failureClass: 'body',
      message: `body does not contain ${JSON.stringify(spec.expectBody)}${cut}: ${snippet(body)}`,
    };
  }
  if (spec.expectBodyRegex !== undefined) {
    // Bounded in time: a pattern that backtracks catastrophically must not hang the monitor.
    let matched: boolean;
    try {
      matched = boundedExec(new RegExp(spec.expectBodyRegex), body) !== null;
    } catch (error) {
      if (!(error instanceof PatternTimeout)) throw error;
      return { failureClass: 'body', message: `expect-body-regex: ${error.message}` };
    }
    if (!matched) {
      return {
        failureClass: 'body',
        message: `body does not match /${spec.expectBodyRegex}/${cut}: ${snippet(body)}`,
      };
    }
  }
  if (spec.expectJson !== undefined) {
    let data: unknown;
    try {
      data = JSON.parse(body) as unknown;
    } catch {
      return { failureClass: 'body', message: `body is not JSON: ${snippet(body)}` };
    }
    for (const [path, expected] of Object.entries(spec.expectJson)) {
      const found = jsonAt(data, path);
      if (!found.exists) {
        return { failureClass: 'body', message: `JSON field ${path} is missing` };
      }
      if (!isDeepStrictEqual(found.value, expected)) {
        return {
          failureClass: 'body',
          message: `JSON field ${path} is ${snippet(JSON.stringify(found.value) ?? 'undefined')}, expected ${snippet(JSON.stringify(expected) ?? 'undefined')}`,
        };
      }
    }
  }
  return undefined;
}

/** The value at a dot path (`checks.db`, `items.0.state`) of parsed JSON. */
export function jsonAt(data: unknown, path: string): { exists: boolean; value?: unknown } {
  let value = data;
  for (const segment of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, segment)) {
      return { exists: false };
    }
    value = (value as Record<string, unknown>)[segment];
  }
  return { exists: true, value };
}

/** A short, single-line quote of untrusted text for a message (escaped where it is shown). */
function snippet(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > SNIPPET_CHARS ? `${line.slice(0, SNIPPET_CHARS)}…` : line;
}
