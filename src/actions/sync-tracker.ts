/**
 * The sync of a tracking issue, which `command: sync`, the other commands and every step action
 * run: facts (src/github/tracker.ts) → the domain's checklist, SLA and due comments
 * (src/domain/tracker/) → writes, only what changed.
 */
import type { HotfixConfig } from '../domain/config.js';
import { buildChecklist, type Checklist } from '../domain/tracker/checklist.js';
import { trackerContext, type TrackerFacts } from '../domain/tracker/facts.js';
import { renderTrackerBody } from '../domain/tracker/render.js';
import { decodeMarker, trackerTitle, type TrackerState } from '../domain/tracker/state.js';
import { dueComments } from '../domain/tracker/sync.js';
import {
  buildTimeline,
  slaStatus,
  type SlaStatus,
  type TimelineEntry,
} from '../domain/tracker/timeline.js';
import type { GitHubClient, RepositoryId } from '../github/client.js';
import { POSTMORTEM_LABEL, SLA_BREACHED_LABEL, colourNewLabels } from '../github/labels.js';
import {
  findTrackers,
  gatherFacts,
  labelTracker,
  postCommentOnce,
  runTime,
  toTrackerIssue,
  updateTracker,
  type TrackerIssue,
} from '../github/tracker.js';
import { annotateWarning, info } from '../runner/commands.js';

export interface SyncResult {
  number: number;
  url: string;
  state: TrackerState;
  checklist: Checklist;
  timeline: TimelineEntry[];
  sla: SlaStatus;
  facts: TrackerFacts;
  /** The body changed and was written (or would be, in a dry run). */
  updated: boolean;
  /** Comments posted by this run: `deployed`, `sla-breach`. */
  posted: string[];
  body: string;
}

export interface SyncOptions {
  now: Date;
  dryRun?: boolean;
  /** Facts already gathered (follow-up gathers them first). */
  facts?: TrackerFacts;
}

/** Syncs every open tracker of the product (of one version when given), oldest first. */
export async function syncTrackers(
  github: GitHubClient,
  repository: RepositoryId,
  config: HotfixConfig,
  options: { product?: string; version?: string; now: Date; dryRun: boolean },
): Promise<SyncResult[]> {
  const trackers = await findTrackers(github, repository, config, {
    product: options.product,
    version: options.version,
  });
  const results: SyncResult[] = [];
  for (const tracker of trackers) {
    results.push(
      await syncTracker(github, repository, config, tracker, {
        now: options.now,
        dryRun: options.dryRun,
      }),
    );
  }
  return results;
}

/**
 * Brings one tracker up to date: posts the comments due (the step 11 "deployed" message once the
 * monitor found the release healthy, the SLA breach once, mentioning the owners), labels an SLA
 * breach, and rewrites the body when it changed.
 */
export async function syncTracker(
  github: GitHubClient,
  repository: RepositoryId,
  config: HotfixConfig,
  issue: TrackerIssue,
  options: SyncOptions,
): Promise<SyncResult> {
  const state = issue.tracker;
  const facts =
    options.facts ?? (await gatherFacts(github, repository, config, state, issue.number));
  const context = trackerContext(config, state.product);
  const sla = slaStatus(state, buildChecklist(state, context, facts), options.now);

  const posted: string[] = [];
  for (const { kind, body } of dueComments(state, facts, sla, config.owners)) {
    posted.push(kind);
    if (options.dryRun) continue;
    const comment = await postCommentOnce(github, repository, issue.number, kind, body, {
      existing: facts.comments,
    });
    // Dated by this run's clock, which is GitHub's time but for tests and rehearsals.
    facts.comments.push({ ...comment, createdAt: runTime(options.now) });
  }
  if (!options.dryRun) {
    const labelled = issue.labels.some((label) => label.toLowerCase() === SLA_BREACHED_LABEL);
    if (sla.breached && sla.targetMinutes !== undefined && !labelled) {
      await labelTracker(github, repository, issue, SLA_BREACHED_LABEL);
    }
    // Our labels still grey (GitHub created them on first use and a colouring failed): coloured.
    await colourNewLabels(github, repository, issue.labelsSeen, [
      ...config.labels,
      SLA_BREACHED_LABEL,
    ]);
    await colourNewLabels(github, repository, facts.postmortem?.labels ?? [], [POSTMORTEM_LABEL]);
  }

  // The comments just posted tick boxes ("Users notified").
  const checklist = buildChecklist(state, context, facts);
  const timeline = buildTimeline(state, checklist, facts);
  const body = renderTrackerBody({ state, checklist, timeline, sla });
  const title = trackerTitle(state);
  const updated = body !== issue.body || title !== issue.title;
  if (updated && !options.dryRun) await updateTracker(github, repository, issue, body, title);
  return {
    number: issue.number,
    url: issue.url,
    state,
    checklist,
    timeline,
    sla,
    facts,
    updated,
    posted,
    body,
  };
}

/**
 * At the end of a step action: brings the hotfix's tracking issue up to date, when the step knows
 * one (from the pull request's body, or an input). A failure here is only a warning: the step's
 * own work is done, and `command: sync` redoes this at any time.
 */
export async function syncTrackerAfterStep(
  github: GitHubClient,
  repository: RepositoryId,
  config: HotfixConfig,
  issueNumber: number | undefined,
  now: Date,
): Promise<SyncResult | undefined> {
  if (issueNumber === undefined) return undefined;
  try {
    const { data: issue } = await github.rest.issues.get({
      ...repository,
      issue_number: issueNumber,
    });
    const tracker = decodeMarker(issue.body);
    if (!tracker) return undefined;
    const result = await syncTracker(github, repository, config, toTrackerIssue(issue, tracker), {
      now,
    });
    info(`Tracking issue #${issueNumber} ${result.updated ? 'updated' : 'already up to date'}.`);
    return result;
  } catch (error) {
    annotateWarning(
      `Could not update the tracking issue #${issueNumber} (${error instanceof Error ? error.message : String(error)}); ` +
        `run the root action with command: sync to bring it up to date.`,
    );
    return undefined;
  }
}
