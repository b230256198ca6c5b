import { annotateWarning, info, setOutput } from '../../runner/commands.js';
import { followUpAll } from '../../github/follow-up.js';
import { markMessageSent } from '../../github/tracker.js';
import { postWebhook } from '../../notify/slack.js';
import { clock } from '../../runner/clock.js';
import { writeSummary } from '../../runner/summary.js';
import type { CommandInputs } from './inputs.js';
import { openApiSession } from './session.js';

/** Hourly: every open hotfix followed up; the trackers this run changed are the output. */
export async function runFollowUp(inputs: CommandInputs<'follow-up'>): Promise<void> {
  const { webhookUrl, dryRun } = inputs;
  const now = clock();
  const { github, repository, config } = await openApiSession(inputs);
  const results = await followUpAll(github, repository, config, { now, dryRun });

  for (const result of results) {
    if (result.slackPending && webhookUrl && !dryRun) {
      const failure = await postWebhook(webhookUrl, { text: result.slackPending });
      if (failure) {
        annotateWarning(
          `The 24-hour update of #${result.tracker} did not reach the webhook: ${failure}. The next follow-up sends it.`,
        );
      } else {
        await markMessageSent(github, repository, result.tracker, 'follow-up');
      }
    }
  }
  const changed = results.filter((result) => result.changed);
  setOutput('tracking-issue', changed.map((result) => result.tracker).join(','));

  const verb = (done: string, would: string) => (dryRun ? would : done);
  const rows = results.map((result) => {
    const actions = [
      result.statusUpdate
        ? verb('24-hour update posted', 'would post the 24-hour update')
        : undefined,
      result.postmortem?.created
        ? verb(`postmortem #${result.postmortem.number} opened`, 'would open the postmortem')
        : result.postmortem
          ? `postmortem #${result.postmortem.number}`
          : undefined,
      result.sync.posted.length > 0 ? `posted ${result.sync.posted.join(', ')}` : undefined,
      result.sync.updated ? verb('tracker updated', 'would update the tracker') : undefined,
      result.closed ? verb('closed', 'would close') : undefined,
    ].filter((text): text is string => text !== undefined);
    const deployed =
      result.hoursSinceDeploy === undefined ? 'not yet' : `${result.hoursSinceDeploy} h ago`;
    info(
      `#${result.tracker} ${result.product} ${result.version}: deployed ${deployed}; ${actions.join(', ') || 'nothing to do'}.`,
    );
    return `| [#${result.tracker}](${result.url}) | \`${result.product}\` ${result.version} | ${deployed} | ${actions.join(', ') || 'nothing to do'} |`;
  });
  writeSummary(
    '### Hotfix follow-up\n\n' +
      (rows.length === 0
        ? 'No open hotfix.\n'
        : '| Tracker | Hotfix | Deployed | This run |\n|---|---|---|---|\n' +
          rows.join('\n') +
          '\n'),
  );
}
