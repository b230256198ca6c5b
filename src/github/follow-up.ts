/**
 * The hourly follow-up of every open hotfix: the tracker kept true (which also flags SLA
 * breaches), then, 24 hours after the deployment, the step 11 status update (once) and the
 * postmortem issue (once, linked both ways), and the tracker closed once every box is ticked and
 * the postmortem is closed.
 */
import type { HotfixConfig } from '../domain/config.js';
import { unescapeInline } from '../domain/markdown.js';
import {
  postmortemBody,
  postmortemDue,
  postmortemTitle,
  postmortemTracker,
  statusUpdate,
} from '../domain/follow-up.js';
import { allDone, buildChecklist } from '../domain/tracker/checklist.js';
import { isSuiteComment } from '../domain/tracker/comments.js';
import { deploymentFacts } from '../domain/tracker/deployments.js';
import { buildTimeline, resolvedAt } from '../domain/tracker/timeline.js';
import type { RepositoryId } from './client.js';
import type { GitHubClient } from './client.js';
import { createOnce, NO_BLIND_RETRY } from './create-once.js';
import { POSTMORTEM_LABEL, colourNewLabels, type LabelSeen } from './labels.js';
import {
  findTrackers,
  gatherFacts,
  postCommentOnce,
  runTime,
  syncTracker,
  trackerContext,
  type SyncResult,
  type TrackerIssue,
} from './tracker.js';

export const FOLLOW_UP_AFTER_MS = 24 * 3600_000;

export interface FollowUpResult {
  tracker: number;
  url: string;
  product: string;
  version: string;
  /** Hours since the fix reached production, when it has. */
  hoursSinceDeploy?: number;
  /** The 24-hour update was posted on the tracker by this run. */
  statusUpdate?: string;
  /** The 24-hour update's Slack text, when it is due and not yet delivered to the webhook. */
  slackPending?: string;
  postmortem?: { number: number; url: string; created: boolean };
  closed: boolean;
  sync: SyncResult;
  /** Anything written to GitHub (or that would be, in a dry run). */
  changed: boolean;
}

/** Follows up every open tracker, oldest first. */
export async function followUpAll(
  github: GitHubClient,
  repository: RepositoryId,
  config: HotfixConfig,
  options: { now: Date; dryRun?: boolean },
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
  options: { now: Date; dryRun?: boolean },
): Promise<FollowUpResult> {
  const state = issue.tracker;
  const facts = await gatherFacts(github, repository, config, state, issue.number);
  const context = trackerContext(config, state.product);
  const checklist = buildChecklist(state, context, facts);
  const deployedAt = checklist.deployed.at;
  const result: Omit<FollowUpResult, 'sync'> = {
    tracker: issue.number,
    url: issue.url,
    product: state.product,
    version: state.version,
    closed: false,
    changed: false,
  };

  if (deployedAt !== undefined) {
    const since = options.now.getTime() - Date.parse(deployedAt);
    result.hoursSinceDeploy = Math.floor(since / 3600_000);
    if (since >= FOLLOW_UP_AFTER_MS) {
      // The 24-hour status update, once on the tracker and once to the webhook (recorded in
      // the tracker's state: a run that failed before sending it sends it on the next run).
      const merged = checklist.merged;
      const update = statusUpdate(
        state,
        result.hoursSinceDeploy,
        deploymentFacts(facts).verdict,
        issue.url,
        merged.done
          ? undefined
          : unescapeInline((merged.problem ?? merged.note ?? 'not merged').replace(/`/g, '')),
      );
      if (!state.sent?.includes('follow-up')) result.slackPending = update.slack;
      if (!facts.comments.some((comment) => isSuiteComment(comment, 'follow-up'))) {
        result.statusUpdate = update.slack;
        result.changed = true;
        if (!options.dryRun) {
          const posted = await postCommentOnce(
            github,
            repository,
            issue.number,
            'follow-up',
            update.markdown,
            { existing: facts.comments },
          );
          // Dated by this run's clock, which is GitHub's time but for tests and rehearsals.
          facts.comments.push({ ...posted, createdAt: runTime(options.now) });
        }
      }
      // The postmortem issue, once: found again by its marker if the tracker lost track of it.
      if (state.postmortem === undefined) {
        const found = await postmortems.find(issue.number);
        if (found) {
          state.postmortem = found.number;
          result.postmortem = { number: found.number, url: found.html_url, created: false };
          facts.postmortem = {
            number: found.number,
            url: found.html_url,
            state: found.state,
            ...(found.closed_at ? { closedAt: found.closed_at } : {}),
          };
          if (!options.dryRun) {
            await colourNewLabels(github, repository, found.labels, [POSTMORTEM_LABEL]);
          }
        } else {
          result.changed = true;
          const timeline = buildTimeline(state, checklist, facts);
          const resolved = resolvedAt(timeline);
          if (options.dryRun) {
            result.postmortem = { number: 0, url: '', created: true };
          } else {
            // Not sent twice: after an answer lost, it is looked up by its marker first.
            const data = await createOnce<{
              number: number;
              html_url: string;
              labels: (LabelSeen | string)[];
            }>(
              async () =>
                (
                  await github.rest.issues.create({
                    ...repository,
                    title: postmortemTitle(state),
                    body: postmortemBody({
                      state,
                      tracker: issue.number,
                      owners: config.owners,
                      due: postmortemDue(options.now),
                      deployedAt,
                      ...(resolved ? { resolvedAt: resolved } : {}),
                    }),
                    labels: [POSTMORTEM_LABEL],
                    ...NO_BLIND_RETRY,
                  })
                ).data,
              async () => postmortems.find(issue.number, { fresh: true }),
            );
            await colourNewLabels(github, repository, data.labels, [POSTMORTEM_LABEL]);
            state.postmortem = data.number;
            result.postmortem = { number: data.number, url: data.html_url, created: true };
            facts.postmortem = { number: data.number, url: data.html_url, state: 'open' };
          }
        }
      }
    }
  }

  // The body (with the postmortem's link in its marker), the deployed message, the SLA.
  const sync = await syncTracker(github, repository, config, issue, {
    now: options.now,
    facts,
    ...(options.dryRun ? { dryRun: true } : {}),
  });
  if (sync.updated || sync.posted.length > 0) result.changed = true;

  if (allDone(sync.checklist)) {
    result.closed = true;
    result.changed = true;
    if (!options.dryRun) {
      await github.rest.issues.update({
        ...repository,
        issue_number: issue.number,
        state: 'closed',
        state_reason: 'completed',
      });
    }
  }
  return { ...result, sync };
}

interface IndexedPostmortem {
  number: number;
  html_url: string;
  state: 'open' | 'closed';
  closed_at?: string;
  labels: LabelSeen[];
}

/** Postmortem issues by tracker, listed once per run (by their label) and only when needed. */
class PostmortemIndex {
  private byTracker: Promise<Map<number, IndexedPostmortem>> | undefined;

  constructor(
    private readonly github: GitHubClient,
    private readonly repository: RepositoryId,
  ) {}

  async find(
    tracker: number,
    options: { fresh?: boolean } = {},
  ): Promise<IndexedPostmortem | undefined> {
    if (options.fresh) this.byTracker = undefined;
    this.byTracker ??= this.github
      .paginate(this.github.rest.issues.listForRepo, {
        ...this.repository,
        state: 'all',
        labels: POSTMORTEM_LABEL,
        per_page: 100,
      })
      .then((issues) => {
        const map = new Map<number, IndexedPostmortem>();
        for (const issue of issues) {
          const number = postmortemTracker(issue.body);
          if (number !== undefined && !map.has(number)) {
            map.set(number, {
              number: issue.number,
              html_url: issue.html_url,
              state: issue.state === 'closed' ? 'closed' : 'open',
              ...(issue.closed_at ? { closed_at: issue.closed_at } : {}),
              labels: issue.labels.map((label) =>
                typeof label === 'string' ? { name: label } : label,
              ),
            });
          }
        }
        return map;
      });
    return (await this.byTracker).get(tracker);
  }
}
