/**
 * The tracking issue on GitHub: finding it, gathering the facts its checklist is ticked from
 * (commits, pull request and reviews, tag, release, deployments and their statuses, comments,
 * postmortem), and the writes a flow makes on it (its body, a comment once, a label, its hidden
 * state, closing it). Every fact is read from GitHub on every run, so any step can be re-run or
 * skipped and the issue stays right. The decisions and the rendering are pure, in
 * src/domain/tracker/; the flows that use these are the sync (src/actions/sync-tracker.ts, which
 * every command and step action runs) and `command: follow-up` (src/actions/hotfix/follow-up.ts).
 */
import type { HotfixConfig } from '../domain/config.js';
import { forwardPortBranchName, tagName } from '../domain/naming.js';
import { hasCommentMarker, type CommentKind } from '../domain/messages.js';
import type { CommentFact, DeploymentFact, TrackerFacts } from '../domain/tracker/facts.js';
import {
  decodeMarker,
  replaceMarker,
  type MessageKind,
  type TrackerState,
} from '../domain/tracker/state.js';
import { unlessNotFound, type GitHubClient, type RepositoryId } from './client.js';
import { createOnce, NO_BLIND_RETRY } from './create-once.js';
import { CONFLICT_LABEL, type LabelSeen } from './labels.js';

export interface TrackerIssue {
  number: number;
  url: string;
  title: string;
  body: string;
  state: 'open' | 'closed';
  labels: string[];
  /** The labels as GitHub shows them (colour, description): a grey one of ours gets coloured. */
  labelsSeen: LabelSeen[];
  tracker: TrackerState;
}

/** The label trackers are found by: the first configured hotfix label (none: every issue). */
export function trackerLabel(config: HotfixConfig): string | undefined {
  return config.labels[0];
}

/**
 * The tracking issues (open ones by default) of a product, or of all products; one list call
 * (by the hotfix label), then each issue's marker says which hotfix it tracks.
 */
export async function findTrackers(
  github: GitHubClient,
  repository: RepositoryId,
  config: HotfixConfig,
  filter: { product?: string; version?: string; state?: 'open' | 'all' } = {},
): Promise<TrackerIssue[]> {
  const label = trackerLabel(config);
  const issues = await github.paginate(github.rest.issues.listForRepo, {
    ...repository,
    state: filter.state ?? 'open',
    labels: label,
    per_page: 100,
  });
  const trackers: TrackerIssue[] = [];
  for (const issue of issues) {
    if (issue.pull_request) continue;
    const tracker = decodeMarker(issue.body);
    if (!tracker) continue;
    if (filter.product !== undefined && tracker.product !== filter.product) continue;
    if (filter.version !== undefined && tracker.version !== filter.version) continue;
    trackers.push(toTrackerIssue(issue, tracker));
  }
  return trackers.sort((a, b) => a.number - b.number);
}

interface IssueLike {
  number: number;
  html_url: string;
  title: string;
  body?: string | null;
  state: string;
  labels: (string | LabelSeen)[];
}

export function toTrackerIssue(issue: IssueLike, tracker: TrackerState): TrackerIssue {
  return {
    number: issue.number,
    url: issue.html_url,
    title: issue.title,
    body: issue.body ?? '',
    state: issue.state === 'closed' ? 'closed' : 'open',
    labels: issue.labels
      .map((label) => (typeof label === 'string' ? label : (label.name ?? '')))
      .filter((name) => name !== ''),
    labelsSeen: issue.labels.filter((label): label is LabelSeen => typeof label !== 'string'),
    tracker,
  };
}

/** A hotfix branch has a handful of commits; beyond this many, the rest are not read one by one. */
const MAX_COMMITS_READ = 20;
/** Deployments of one tag whose statuses are read (the newest ones). */
const MAX_DEPLOYMENTS_READ = 5;

/**
 * Everything the checklist needs, in four rounds of parallel calls: the comments, pull request,
 * reviews, tag, release and postmortem; then the comparison with the base tag and the tag object;
 * then each branch commit's files and the tag's deployments; then their statuses.
 */
export async function gatherFacts(
  github: GitHubClient,
  repository: RepositoryId,
  config: HotfixConfig,
  state: TrackerState,
  trackerNumber: number,
): Promise<TrackerFacts> {
  const tag = tagName(config, state.product, state.version);
  const [comments, pull, reviews, tagRef, release, postmortem, branchRef, ports] =
    await Promise.all([
      listComments(github, repository, trackerNumber),
      state.pr === undefined
        ? undefined
        : github.rest.pulls.get({ ...repository, pull_number: state.pr }).then((r) => r.data),
      state.pr === undefined
        ? []
        : github.paginate(github.rest.pulls.listReviews, {
            ...repository,
            pull_number: state.pr,
            per_page: 100,
          }),
      unlessNotFound(github.rest.git.getRef({ ...repository, ref: `tags/${tag}` })),
      unlessNotFound(github.rest.repos.getReleaseByTag({ ...repository, tag })),
      state.postmortem === undefined
        ? undefined
        : unlessNotFound(github.rest.issues.get({ ...repository, issue_number: state.postmortem })),
      state.pr === undefined
        ? unlessNotFound(github.rest.git.getRef({ ...repository, ref: `heads/${state.branch}` }))
        : undefined,
      state.maintenanceBranch === undefined
        ? []
        : github.rest.pulls
            .list({
              ...repository,
              head: `${repository.owner}:${forwardPortBranchName(state.product, state.version)}`,
              base: state.baseBranch,
              state: 'all',
              per_page: 10,
            })
            .then((r) => r.data),
    ]);

  const facts: TrackerFacts = { deployments: [], comments };
  if (pull) {
    facts.pull = {
      number: pull.number,
      url: pull.html_url,
      state: pull.state === 'closed' ? 'closed' : 'open',
      merged: pull.merged,
      createdAt: pull.created_at,
      mergedAt: pull.merged_at ?? undefined,
      labels: pull.labels.map((label) => label.name),
      requestedReviewers:
        (pull.requested_reviewers?.length ?? 0) + (pull.requested_teams?.length ?? 0),
      headSha: pull.head.sha,
      reviews: reviews.map((review) => ({
        state: review.state,
        user: review.user?.login ?? '',
        commitId: review.commit_id ?? undefined,
        submittedAt: review.submitted_at,
      })),
    };
  }
  // The newest forward-port (GitHub lists the newest first); an open one before a closed one.
  const port = ports.find((p) => p.state === 'open' || p.merged_at !== null) ?? ports[0];
  if (port) {
    facts.forwardPort = {
      number: port.number,
      url: port.html_url,
      state: port.state === 'closed' ? 'closed' : 'open',
      merged: port.merged_at !== null,
      mergedAt: port.merged_at ?? undefined,
      conflict: port.labels.some((label) => label.name === CONFLICT_LABEL),
    };
  }
  if (release) {
    facts.release = {
      url: release.data.html_url,
      draft: release.data.draft,
      createdAt: release.data.created_at,
      publishedAt: release.data.published_at ?? undefined,
    };
  }
  if (postmortem) {
    facts.postmortem = {
      number: postmortem.data.number,
      url: postmortem.data.html_url,
      state: postmortem.data.state === 'closed' ? 'closed' : 'open',
      closedAt: postmortem.data.closed_at ?? undefined,
      labels: postmortem.data.labels.filter(
        (label): label is LabelSeen => typeof label !== 'string',
      ),
    };
  }

  const headSha = pull?.head.sha ?? branchRef?.data.object.sha;
  const [comparison, tagObject] = await Promise.all([
    headSha === undefined
      ? undefined
      : unlessNotFound(
          github.rest.repos.compareCommitsWithBasehead({
            ...repository,
            basehead: `${state.baseSha}...${headSha}`,
          }),
        ),
    tagRef?.data.object.type === 'tag'
      ? github.rest.git.getTag({ ...repository, tag_sha: tagRef.data.object.sha })
      : undefined,
  ]);
  if (tagRef) {
    facts.tag = {
      name: tag,
      commitSha:
        tagObject?.data.object.type === 'commit'
          ? tagObject.data.object.sha
          : tagRef.data.object.sha,
      annotated: tagRef.data.object.type === 'tag',
      taggedAt: tagObject?.data.tagger?.date,
    };
  }

  const commits = (comparison?.data.commits ?? []).slice(0, MAX_COMMITS_READ);
  const [details, deployments] = await Promise.all([
    Promise.all(
      commits.map((commit) =>
        github.rest.repos.getCommit({ ...repository, ref: commit.sha }).then((r) => r.data),
      ),
    ),
    facts.tag
      ? github.rest.repos
          .listDeployments({ ...repository, sha: facts.tag.commitSha, per_page: 100 })
          .then((r) => r.data)
      : [],
  ]);
  if (comparison) {
    facts.branch = {
      fromTag: comparison.data.merge_base_commit.sha === state.baseSha,
      commits: commits.map((commit, index) => ({
        sha: commit.sha,
        message: commit.commit.message,
        date: commit.commit.committer?.date ?? commit.commit.author?.date ?? state.startedAt,
        files: (details[index]?.files ?? []).map((file) => file.filename),
      })),
      files: (comparison.data.files ?? []).map((file) => ({
        path: file.filename,
        patch: file.patch,
      })),
    };
  }

  const production = deployments
    .filter((d) => d.production_environment ?? /prod/i.test(d.environment))
    .slice(0, MAX_DEPLOYMENTS_READ);
  facts.deployments = await Promise.all(
    production.map(async (deployment): Promise<DeploymentFact> => {
      const { data: statuses } = await github.rest.repos.listDeploymentStatuses({
        ...repository,
        deployment_id: deployment.id,
        per_page: 100,
      });
      return {
        id: deployment.id,
        environment: deployment.environment,
        production: true,
        createdAt: deployment.created_at,
        // GitHub lists the newest first.
        statuses: [...statuses].reverse().map((status) => ({
          state: status.state,
          createdAt: status.created_at,
          description: status.description ?? '',
          byBot: isBot(status.creator),
        })),
      };
    }),
  );
  return facts;
}

export async function listComments(
  github: GitHubClient,
  repository: RepositoryId,
  issue: number,
): Promise<CommentFact[]> {
  const comments = await github.paginate(github.rest.issues.listComments, {
    ...repository,
    issue_number: issue,
    per_page: 100,
  });
  return comments.map((comment) => ({
    id: comment.id,
    body: comment.body ?? '',
    byBot: isBot(comment.user),
    createdAt: comment.created_at,
    url: comment.html_url,
  }));
}

/** The suite's identity: a bot (an App or GitHub Actions; no person's login ends in `[bot]`). */
function isBot(user: { type?: string; login?: string } | null | undefined): boolean {
  return user?.type === 'Bot' || (user?.login ?? '').endsWith('[bot]');
}

/**
 * One comment of the suite's on an issue, carrying the marker of its `kind` (the body must hold
 * it): created once, whatever the re-runs, and even when GitHub's answer is lost (it is looked up
 * by its marker before it is sent, and again before it is sent again). `existing` saves the first
 * look-up when the caller has just listed the comments.
 */
export async function postCommentOnce(
  github: GitHubClient,
  repository: RepositoryId,
  issueNumber: number,
  kind: CommentKind,
  body: string,
  options: { id?: string; existing?: readonly CommentFact[]; converge?: boolean } = {},
): Promise<CommentFact> {
  const { id } = options;
  if (!hasCommentMarker(body, kind, id)) throw new Error(`a ${kind} comment without its marker`);
  const ours = (comment: CommentFact) => comment.byBot && hasCommentMarker(comment.body, kind, id);
  const earlier = (options.existing ?? (await listComments(github, repository, issueNumber))).find(
    ours,
  );
  if (earlier) return earlier;
  const created = await createOnce<CommentFact>(
    async () => {
      const { data } = await github.rest.issues.createComment({
        ...repository,
        issue_number: issueNumber,
        body,
        ...NO_BLIND_RETRY,
      });
      return {
        id: data.id,
        body: data.body ?? body,
        byBot: true,
        createdAt: data.created_at,
        url: data.html_url,
      };
    },
    async () => (await listComments(github, repository, issueNumber)).find(ours),
  );
  if (options.converge === false) return created;
  // Two runs at once (a sync in the deploy job and the hourly follow-up) may both have posted
  // it: each keeps the oldest and deletes its own when it is not, so one is left.
  const all = (await listComments(github, repository, issueNumber)).filter(ours);
  const oldest = all.reduce<CommentFact | undefined>(
    (first, comment) => (first === undefined || comment.id < first.id ? comment : first),
    undefined,
  );
  if (oldest === undefined || oldest.id === created.id) return created;
  await github.rest.issues.deleteComment({ ...repository, comment_id: created.id });
  return oldest;
}

/**
 * Records in the tracker's hidden state that a message was delivered to the webhook, so that a
 * re-run sends it again only when it was not (two calls; only when a webhook is configured).
 */
export async function markMessageSent(
  github: GitHubClient,
  repository: RepositoryId,
  issueNumber: number,
  kind: MessageKind,
): Promise<void> {
  const { data } = await github.rest.issues.get({ ...repository, issue_number: issueNumber });
  const state = decodeMarker(data.body);
  if (!state || state.sent?.includes(kind)) return;
  await github.rest.issues.update({
    ...repository,
    issue_number: issueNumber,
    body: replaceMarker(data.body ?? '', { ...state, sent: [...(state.sent ?? []), kind] }),
  });
}

/** A run's time as GitHub records times: whole seconds. */
export function runTime(now: Date): string {
  return new Date(Math.floor(now.getTime() / 1000) * 1000).toISOString();
}

/** Writes the tracker's body and title (the caller compared them: only on change). */
export async function updateTracker(
  github: GitHubClient,
  repository: RepositoryId,
  issue: TrackerIssue,
  body: string,
  title: string,
): Promise<void> {
  await github.rest.issues.update({ ...repository, issue_number: issue.number, body, title });
  issue.body = body;
  issue.title = title;
}

/** Adds a label to the tracker; `issue` learns its labels as GitHub returns them. */
export async function labelTracker(
  github: GitHubClient,
  repository: RepositoryId,
  issue: TrackerIssue,
  label: string,
): Promise<void> {
  const { data } = await github.rest.issues.addLabels({
    ...repository,
    issue_number: issue.number,
    labels: [label],
  });
  issue.labels = data.map((seen) => seen.name);
  issue.labelsSeen = data;
}

/** Closes the tracker as completed. */
export async function closeTracker(
  github: GitHubClient,
  repository: RepositoryId,
  issueNumber: number,
): Promise<void> {
  await github.rest.issues.update({
    ...repository,
    issue_number: issueNumber,
    state: 'closed',
    state_reason: 'completed',
  });
}
