/** Pull requests: found by branch, opened once, their body and labels, their reviewers. */
import type { HotfixConfig } from '../domain/config.js';
import { statusOf, type GitHubClient, type RepositoryId } from './client.js';
import type { LabelSeen } from './labels.js';

/** What the flows need of a pull request, from a create or a list answer. */
export interface PullSeen {
  number: number;
  url: string;
  title: string;
  state: string;
  merged: boolean;
  /** The branch it merges into. */
  base: string;
  headSha: string;
  createdAt: string;
  body: string | null;
  labels: LabelSeen[];
  draft: boolean;
  requestedReviewers: string[];
  requestedTeams: string[];
}

interface PullAnswer {
  number: number;
  html_url: string;
  title: string;
  state: string;
  merged_at: string | null;
  base: { ref: string };
  head: { sha: string };
  created_at: string;
  body: string | null;
  labels: LabelSeen[];
  draft?: boolean;
  requested_reviewers?: { login: string }[] | null;
  requested_teams?: { slug: string }[] | null;
}

function seen(pull: PullAnswer): PullSeen {
  return {
    number: pull.number,
    url: pull.html_url,
    title: pull.title,
    state: pull.state,
    merged: pull.merged_at !== null,
    base: pull.base.ref,
    headSha: pull.head.sha,
    createdAt: pull.created_at,
    body: pull.body,
    labels: pull.labels,
    draft: pull.draft === true,
    requestedReviewers: (pull.requested_reviewers ?? []).map((user) => user.login),
    requestedTeams: (pull.requested_teams ?? []).map((team) => team.slug),
  };
}

/** The pull requests of a branch of this repository (GitHub ignores `head` without the owner). */
export async function pullsOf(
  github: GitHubClient,
  repository: RepositoryId,
  branch: string,
  options: { state: 'open' | 'all'; base?: string },
): Promise<PullSeen[]> {
  const { data } = await github.rest.pulls.list({
    ...repository,
    head: `${repository.owner}:${branch}`,
    state: options.state,
    base: options.base,
    per_page: 10,
  });
  return data.map(seen);
}

/**
 * Opens a pull request. GitHub answers 422 when one is open for the branch already (a parallel
 * run, or our own create whose answer was lost): then it is the one `find` finds, not created.
 */
export async function openPullOnce(
  github: GitHubClient,
  repository: RepositoryId,
  pull: { title: string; head: string; base: string; body: string; draft?: boolean },
  find: () => Promise<PullSeen | undefined>,
): Promise<{ pull: PullSeen; created: boolean }> {
  try {
    const { data } = await github.rest.pulls.create({ ...repository, ...pull });
    return { pull: seen(data), created: true };
  } catch (error) {
    if (statusOf(error) !== 422) throw error;
    const found = await find();
    if (!found) throw error;
    return { pull: found, created: false };
  }
}

/** Sets a pull request's body and labels (one request); returns its labels as GitHub has them. */
export async function setPullBodyAndLabels(
  github: GitHubClient,
  repository: RepositoryId,
  number: number,
  body: string,
  labels: string[],
): Promise<(LabelSeen | string)[]> {
  const { data } = await github.rest.issues.update({
    ...repository,
    issue_number: number,
    body,
    labels,
  });
  return data.labels;
}

export async function addLabels(
  github: GitHubClient,
  repository: RepositoryId,
  number: number,
  labels: string[],
): Promise<LabelSeen[]> {
  const { data } = await github.rest.issues.addLabels({
    ...repository,
    issue_number: number,
    labels,
  });
  return data;
}

/**
 * Requests the configured reviewers not yet requested: logins, and teams as `org/team` (the slug
 * is sent). A reviewer GitHub refuses is a warning: the hotfix goes on.
 */
export async function requestReviewers(
  github: GitHubClient,
  repository: RepositoryId,
  config: HotfixConfig,
  pull: Pick<PullSeen, 'number' | 'requestedReviewers' | 'requestedTeams'>,
  warnings: string[],
): Promise<void> {
  const requestedUsers = new Set(pull.requestedReviewers.map((login) => login.toLowerCase()));
  const requestedTeams = new Set(pull.requestedTeams.map((slug) => slug.toLowerCase()));
  const reviewers: string[] = [];
  const teams: string[] = [];
  for (const reviewer of config.reviewers) {
    const [org, slug] = reviewer.split('/');
    if (slug !== undefined) {
      if (org?.toLowerCase() !== repository.owner.toLowerCase()) {
        warnings.push(
          `Reviewer team ${reviewer} is not in ${repository.owner}: GitHub only requests teams of the repository's organisation.`,
        );
        continue;
      }
      if (!requestedTeams.has(slug.toLowerCase())) teams.push(slug);
    } else if (!requestedUsers.has(reviewer.toLowerCase())) reviewers.push(reviewer);
  }
  if (reviewers.length === 0 && teams.length === 0) return;
  try {
    await github.rest.pulls.requestReviewers({
      ...repository,
      pull_number: pull.number,
      reviewers,
      team_reviewers: teams,
    });
  } catch (error) {
    if (statusOf(error) !== 422) throw error;
    warnings.push(
      `GitHub refused to request reviews from ${[...reviewers, ...teams.map((t) => `${repository.owner}/${t}`)].join(', ')}: ${(error as Error).message}. Request them by hand, and check 'reviewers' in ${config.path} (collaborators and teams with access only).`,
    );
  }
}
