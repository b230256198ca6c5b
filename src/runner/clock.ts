import { info } from './commands.js';
import { UserError } from '../domain/errors.js';

/**
 * The time the hotfix actions take as "now": the real clock, or `HOTFIX_NOW` (an ISO 8601
 * date-time) for tests and rehearsals, which must simulate the 24-hour follow-up or an SLA
 * breach without waiting for them. Read here, in the runner layer, and only here: the domain
 * takes `now` as a parameter. An environment variable rather than an input, so that the action's
 * public interface stays the one in action.yml and no workflow form can offer it by mistake.
 */
export function clock(env: NodeJS.ProcessEnv = process.env): Date {
  const text = env['HOTFIX_NOW'];
  if (text === undefined || text === '') return new Date();
  const ms = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(ms)) {
    throw new UserError(
      `HOTFIX_NOW is '${text}', not an ISO 8601 date-time such as 2026-03-05T10:00:00Z. It sets the clock for tests and rehearsals; unset it to use the real time.`,
    );
  }
  info(`Clock set by HOTFIX_NOW to ${new Date(ms).toISOString()} (tests and rehearsals).`);
  return new Date(ms);
}

/**
 * The unit of every wait between retries of a GitHub request: 1000 ms on GitHub, shortened by
 * `HOTFIX_RETRY_BASE_MS` in the sandbox's tests so a `retry-after: 2` costs milliseconds.
 */
export function retryBaseMs(env: NodeJS.ProcessEnv = process.env): number {
  return Number(env['HOTFIX_RETRY_BASE_MS'] ?? '') || 1000;
}
