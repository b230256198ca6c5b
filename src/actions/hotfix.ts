import type { Inputs } from './hotfix/inputs.js';
import { runFollowUp } from './hotfix/follow-up.js';
import { runForwardPort } from './hotfix/forward-port.js';
import { runResolve } from './hotfix/resolve.js';
import { runStart } from './hotfix/start.js';
import { runSync } from './hotfix/sync.js';

/**
 * The root action (`uses: <owner>/hotfix-actions@v1`): `command` chooses what it does.
 * - `start`: the Start hotfix form: branch, bump and CHANGELOG commit, URGENT pull request, tracker.
 * - `sync`: keeps the tracking issue(s) of a product true from GitHub's records.
 * - `follow-up`: hourly; the 24-hour update, the postmortem issue, closing finished trackers.
 * - `resolve`: a production tag's product, version and deploy command, for the deploy workflow.
 * - `forward-port`: after the tag of a hotfix made on a maintenance branch, the pull request that
 *   carries its fix to the default branch.
 */
export async function run({ command, inputs }: Inputs): Promise<void> {
  switch (command) {
    case 'start':
      return runStart(inputs);
    case 'sync':
      return runSync(inputs);
    case 'follow-up':
      return runFollowUp(inputs);
    case 'resolve':
      return runResolve(inputs);
    case 'forward-port':
      return runForwardPort(inputs);
  }
}
