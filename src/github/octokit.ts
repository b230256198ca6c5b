// The GitHub client, built into a bundle of its own (dist/octokit.js) that client.ts loads on the
// first request: Octokit and its HTTP client (undici) are half the suite's code, and a run in the
// workspace (bump-patch, changelog-entry on a checkout) makes no request.
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck/light.js';
import { annotateWarning, info, setSecret } from '../runner/commands.js';
import { retryBaseMs } from '../runner/clock.js';
import type { GitHubClient } from './client.js';

/** Retries of a request that failed with a 5xx or a dropped connection. */
const MAX_RETRIES = 3;
/** Rate-limit waits we accept before giving up (each honours GitHub's `retry-after`). */
const MAX_RATE_LIMIT_RETRIES = 3;
/** The longest single rate-limit wait we accept, in seconds (GitHub may ask for an hour). */
const MAX_RATE_LIMIT_WAIT_S = 60;

/** Every 4xx is final (a retry cannot fix it), except the rate limits the throttling plugin owns. */
const DO_NOT_RETRY = Array.from({ length: 100 }, (_, i) => 400 + i);

/**
 * The Octokit client every action uses: `GITHUB_API_URL` as base (GitHub Enterprise Server works),
 * 5xx and dropped connections retried with back-off, rate limits waited out as GitHub asks.
 *
 * `HOTFIX_RETRY_BASE_MS` scales every wait (1000 ms per unit on GitHub); the sandbox's tests
 * shorten it so that a `retry-after: 2` costs milliseconds, not seconds.
 */
export function createOctokit(token: string): GitHubClient {
  setSecret(token);
  const base = retryBaseMs();
  const onLimit =
    (kind: string) =>
    (
      retryAfter: number,
      options: { method: string; url: string },
      _octokit: unknown,
      retryCount: number,
    ) => {
      if (retryCount >= MAX_RATE_LIMIT_RETRIES) {
        annotateWarning(
          `GitHub ${kind} on ${options.method} ${options.url}: giving up after ${retryCount} retries.`,
        );
        return false;
      }
      if (retryAfter > MAX_RATE_LIMIT_WAIT_S) {
        annotateWarning(
          `GitHub ${kind} on ${options.method} ${options.url}: GitHub asks to wait ${retryAfter}s, ` +
            `more than the ${MAX_RATE_LIMIT_WAIT_S}s a step waits (an emergency job should not sit ` +
            `idle): giving up; re-run the job once the limit has reset.`,
        );
        return false;
      }
      info(`GitHub ${kind} on ${options.method} ${options.url}: retrying in ${retryAfter}s.`);
      return true;
    };
  const octokit = getOctokit(
    token,
    {
      retry: { retries: MAX_RETRIES, doNotRetry: DO_NOT_RETRY, retryAfterBaseValue: base },
      throttle: {
        retryAfterBaseValue: base,
        fallbackSecondaryRateRetryAfter: 60,
        onRateLimit: onLimit('rate limit'),
        onSecondaryRateLimit: onLimit('secondary rate limit'),
        // The plugin spaces writes 1 s apart and notifying writes 3 s apart by default. A hotfix
        // makes a dozen writes, one at a time: that spacing would cost most of a minute in an
        // emergency for no benefit at this volume. Writes stay serial; limits are still honoured.
        write: new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 }),
        notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 }),
      },
    },
    retry,
    throttling,
  );
  recordWrites(octokit);
  return octokit;
}

/**
 * The run's writes, in order, and on a failed request its call and those writes attached to the
 * error (`hotfixCall`, `hotfixWritten`): what the failure message tells (src/runner/run.ts).
 */
function recordWrites(octokit: GitHubClient): void {
  const written: string[] = [];
  const call = (options: { method?: string; url?: string; query?: string }) => {
    const path = (options.url ?? '').replace(/^https?:\/\/[^/]+(\/api\/v3)?/, '');
    return `${options.method ?? 'GET'} ${path}`;
  };
  const isWrite = (options: { method?: string; url?: string; query?: unknown }) =>
    options.method !== 'GET' &&
    !(
      options.url?.endsWith('/graphql') &&
      typeof options.query === 'string' &&
      !/^\s*mutation\b/.test(options.query)
    );
  octokit.hook.wrap('request', async (request, options) => {
    const expanded = octokit.request.endpoint(options);
    const described = call({ method: expanded.method, url: expanded.url });
    try {
      const response = await request(options);
      if (isWrite({ ...expanded, query: (options as { query?: unknown }).query })) {
        written.push(described);
      }
      return response;
    } catch (error) {
      if (typeof error === 'object' && error !== null) {
        Object.assign(error, { hotfixCall: described, hotfixWritten: [...written] });
      }
      throw error;
    }
  });
}
