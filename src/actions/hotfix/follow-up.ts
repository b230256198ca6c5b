/**
 * `command: follow-up`, hourly: every open hotfix followed up. Facts (src/github/tracker.ts) → the
 * domain's plan (src/domain/follow-up.ts) → writes: the tracker kept true (which also flags SLA
 * breaches), then, 24 hours after the deployment, the step 11 status update (once, on the tracker
 * and to the webhook) and the postmortem issue (once, linked both ways), and the tracker closed
 * once every box is ticked and the postmortem is closed → outputs and the job summary.
 */
import type { HotfixConfig } from '../../domain/config.js';
import {
  planFollowUp,
  postmortemBody,
  postmortemDue,
  postmortemTitle,
} from '../../domain/follow-up.js';
import { allDone, buildChecklist } from '../../domain/tracker/checklist.js';
import { trackerContext } from '../../domain/tracker/facts.js';
import {
  followUpLogLine,
  renderFollowUpSummary,
  type FollowUpOutcome,
} from '../../domain/tracker/summaries.js';
import { buildTimeline, resolvedAt } from '../../domain/tracker/timeline.js';
import type { GitHubClient, RepositoryId } from '../../github/client.js';
import { openPostmortem, PostmortemIndex } from '../../github/follow-up.js';
import { POSTMORTEM_LABEL, colourNewLabels } from '../../github/labels.js';
import {
  closeTracker,
  findTrackers,
  gatherFacts,
  markMessageSent,
  postCommentOnce,
  runTime,
  type TrackerIssue,
} from '../../github/tracker.js';
import { postWebhook } from '../../notify/slack.js';
import { clock } from '../../runner/clock.js';
import { annotateWarning, info, setOutput } from '../../runner/commands.js';
import { writeSummary } from '../../runner/summary.js';
import type { CommandInputs } from './inputs.js';
import { openApiSession } from './session.js';
import { syncTracker, type SyncResult } from '../sync-tracker.js';

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
  for (const result of results) info(followUpLogLine(result, dryRun));
  writeSummary(renderFollowUpSummary(results, dryRun));
}

export interface FollowUpResult extends FollowUpOutcome {
  /** The 24-hour update's Slack text, when it is due and not yet delivered to the webhook. */
  slackPending?: string;
  sync: SyncResult;
  /** Anything written to GitHub (or that would be, in a dry run). */
  changed: boolean;
}

/** Follows up every open tracker, oldest first. */
async function followUpAll(
  github: GitHubClient,
  repository: RepositoryId,
  config: HotfixConfig,
  options: { now: Date; dryRun: boolean },
): Promise<FollowUpResult[]> {
  const trackers = await findTrackers(github, repository, config);
  const postmortems = new PostmortemIndex(github, repository);
  const results: FollowUpResult[] = [];
  for (const tracker of trackers) {
    results.push(await followUp(github, repository, config, tracker, postmortems, options));
  }
  return results;
}

async function followUp(
  github: GitHubClient,
  repository: RepositoryId,
  config: HotfixConfig,
  issue: TrackerIssue,
  postmortems: PostmortemIndex,
  options: { now: Date; dryRun: boolean },
): Promise<FollowUpResult> {
  const state = issue.tracker;
  const facts = await gatherFacts(github, repository, config, state, issue.number);
  const checklist = buildChecklist(state, trackerContext(config, state.product), facts);
  const plan = planFollowUp(state, checklist, facts, issue.url, options.now);
  const result: Omit<FollowUpResult, 'sync'> = {
    tracker: issue.number,
    url: issue.url,
    product: state.product,
    version: state.version,
    hoursSinceDeploy: plan.hoursSinceDeploy,
    closed: false,
    changed: false,
  };

  if (plan.update && plan.sendUpdate) result.slackPending = plan.update.slack;
  if (plan.update && plan.postUpdate) {
    result.statusUpdate = plan.update.slack;
    result.changed = true;
    if (!options.dryRun) {
      const posted = await postCommentOnce(
        github,
        repository,
        issue.number,
        'follow-up',
        plan.update.markdown,
        { existing: facts.comments },
      );
      // Dated by this run's clock, which is GitHub's time but for tests and rehearsals.
      facts.comments.push({ ...posted, createdAt: runTime(options.now) });
    }
  }
  // The postmortem issue, once: found again by its marker if the tracker lost track of it.
  if (plan.due && state.postmortem === undefined) {
    const found = await postmortems.find(issue.number);
    if (found) {
      state.postmortem = found.number;
      result.postmortem = { number: found.number, url: found.html_url, created: false };
      facts.postmortem = {
        number: found.number,
        url: found.html_url,
        state: found.state,
        closedAt: found.closed_at,
      };
      if (!options.dryRun) {
        await colourNewLabels(github, repository, found.labels, [POSTMORTEM_LABEL]);
      }
    } else {
      result.changed = true;
      if (options.dryRun) {
        result.postmortem = { number: 0, url: '', created: true };
      } else {
        const opened = await openPostmortem(github, repository, postmortems, issue.number, {
          title: postmortemTitle(state),
          body: postmortemBody({
            state,
            tracker: issue.number,
            owners: config.owners,
            due: postmortemDue(options.now),
            deployedAt: checklist.deployed.at,
            resolvedAt: resolvedAt(buildTimeline(state, checklist, facts)),
          }),
        });
        state.postmortem = opened.number;
        result.postmortem = { ...opened, created: true };
        facts.postmortem = { number: opened.number, url: opened.url, state: 'open' };
      }
    }
  }

  // The body (with the postmortem's link in its marker), the deployed message, the SLA.
  const sync = await syncTracker(github, repository, config, issue, {
    now: options.now,
    facts,
    dryRun: options.dryRun,
  });
  if (sync.updated || sync.posted.length > 0) result.changed = true;

  if (allDone(sync.checklist)) {
    result.closed = true;
    result.changed = true;
    if (!options.dryRun) await closeTracker(github, repository, issue.number);
  }
  return { ...result, sync };
}
