/**
 * Creations that GitHub does not make idempotent (an issue, a comment, a deployment, a deployment
 * status, a workflow dispatch): sending one again after its answer was lost makes a second one.
 * So they are never retried blindly. They go out with Octokit's retries off; after a failure
 * that may have been applied (a 5xx, a dropped connection), `find` looks for the record (by its
 * marker, title or ref) before it is sent again.
 */
import { retryBaseMs } from '../runner/clock.js';
import { statusOf } from './client.js';

/** Request options that turn @octokit/plugin-retry off for one request. */
export const NO_BLIND_RETRY = { request: { retries: 0 } } as const;

/** Attempts of one creation, each but the first preceded by a look-up. */
const ATTEMPTS = 3;

/** A failure after which the record may exist anyway: GitHub's 5xx, or no answer at all. */
export function mayHaveApplied(error: unknown): boolean {
  const status = statusOf(error);
  return status === undefined || status >= 500;
}

/**
 * `create` (sent with NO_BLIND_RETRY), at most ATTEMPTS times; after each failure that may have
 * applied, a wait, then `find`: what it finds is the result. Other failures are thrown at once.
 */
export async function createOnce<T>(
  create: () => Promise<T>,
  find: () => Promise<T | undefined>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await create();
    } catch (error) {
      if (!mayHaveApplied(error) || attempt >= ATTEMPTS) {
        // The last look: the record may exist although every answer was lost.
        if (mayHaveApplied(error)) {
          const found = await find();
          if (found !== undefined) return found;
        }
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, retryBaseMs() * attempt * attempt));
      const found = await find();
      if (found !== undefined) return found;
    }
  }
}
