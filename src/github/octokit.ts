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
      info(`GitHub ${kind} on ${options.method} ${options.url}: retrying in ${retryAfter}s.`);
      return true;
    };
  return getOctokit(
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
}
