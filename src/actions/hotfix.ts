import { UserError } from '../runner/errors.js';
import { getRequiredInput } from '../runner/inputs.js';
import { runFollowUp } from './hotfix/follow-up.js';
import { runResolve } from './hotfix/resolve.js';
import { runStart } from './hotfix/start.js';
import { runSync } from './hotfix/sync.js';

/**
 * The root action (`uses: <owner>/hotfix-actions@v1`): `command` chooses what it does.
 * - `start`: the Start hotfix form: branch, bump and CHANGELOG commit, URGENT pull request, tracker.
 * - `sync`: keeps the tracking issue(s) of a product true from GitHub's records.
 * - `follow-up`: hourly; the 24-hour update, the postmortem issue, closing finished trackers.
 * - `resolve`: a production tag's product, version and deploy command, for the deploy workflow.
 */
const COMMANDS: Record<string, () => Promise<void>> = {
  start: runStart,
  sync: runSync,
  'follow-up': runFollowUp,
  resolve: runResolve,
};

export async function run(): Promise<void> {
  const command = getRequiredInput('command').trim();
  const body = COMMANDS[command];
  if (!body) {
    throw new UserError(
      `Input 'command' must be one of ${Object.keys(COMMANDS)
        .map((name) => `'${name}'`)
        .join(', ')}, not '${command}'.`,
    );
  }
  await body();
}
