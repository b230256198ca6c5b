/** Branches: their heads, creating and moving them (never forced), and the default branch. */
import { UserError } from '../domain/errors.js';
import { eventDefaultBranch } from '../runner/event.js';
import {
  statusOf,
  unlessNotFound,
  unlessRefused,
  type GitHubClient,
  type RepositoryId,
} from './client.js';
import { compareCommits } from './compare.js';

/** The repository's default branch: as the event's payload names it, else one request. */
export async function defaultBranch(
  github: GitHubClient,
  repository: RepositoryId,
): Promise<string> {
  const named = eventDefaultBranch();
  if (named !== undefined) return named;
  const { data } = await github.rest.repos.get({ ...repository });
  return data.default_branch;
}

/** The commit a branch points at, or undefined when it does not exist. */
export async function branchHead(
  github: GitHubClient,
  repository: RepositoryId,
  branch: string,
): Promise<string | undefined> {
  const ref = await unlessNotFound(
    github.rest.git.getRef({ ...repository, ref: `heads/${branch}` }),
  );
  return ref?.data.object.sha;
}

/** The commit a branch points at; a missing branch is the user's mistake (a branch input). */
export async function requireBranchHead(
  github: GitHubClient,
  repository: RepositoryId,
  branch: string,
): Promise<string> {
  const head = await branchHead(github, repository, branch);
  if (head !== undefined) return head;
  throw new UserError(
    `Branch '${branch}' does not exist in ${repository.owner}/${repository.repo}: check the branch name (without refs/heads/).`,
  );
}

/**
 * true when created; false when it exists already (a re-run, our own create whose answer was
 * lost, or another run): the caller decides whether that is the same work.
 */
export async function createBranch(
  github: GitHubClient,
  repository: RepositoryId,
  branch: string,
  sha: string,
): Promise<boolean> {
  return unlessRefused(
    github.rest.git.createRef({ ...repository, ref: `refs/heads/${branch}`, sha }),
  );
}

/** Moves a branch up to `sha` without force: false when GitHub refuses (it is not behind `sha`). */
export async function moveBranchUp(
  github: GitHubClient,
  repository: RepositoryId,
  branch: string,
  sha: string,
): Promise<boolean> {
  return unlessRefused(
    github.rest.git.updateRef({ ...repository, ref: `heads/${branch}`, sha, force: false }),
  );
}

export async function deleteBranch(
  github: GitHubClient,
  repository: RepositoryId,
  branch: string,
): Promise<void> {
  await github.rest.git.deleteRef({ ...repository, ref: `heads/${branch}` });
}

/** Whether `ancestor` is an ancestor of (or is) `commit`. */
export async function isAncestor(
  github: GitHubClient,
  repository: RepositoryId,
  ancestor: string,
  commit: string,
): Promise<boolean> {
  const comparison = await compareCommits(github, repository, ancestor, commit, {
    base: `commit ${ancestor}`,
    head: `commit ${commit}`,
  });
  return comparison.status === 'ahead' || comparison.status === 'identical';
}

/**
 * GitHub's three-way merge of `head` into `branch` (no checkout): `merged` with the merge's tree,
 * `nothing` when the branch holds `head` already (our own merge, its answer lost, retried), or
 * `conflict`.
 */
export async function mergeIntoBranch(
  github: GitHubClient,
  repository: RepositoryId,
  branch: string,
  head: string,
  message: string,
): Promise<{ result: 'merged'; treeSha: string } | { result: 'nothing' | 'conflict' }> {
  try {
    const merge = await github.rest.repos.merge({
      ...repository,
      base: branch,
      head,
      commit_message: message,
    });
    return merge.status === 201
      ? { result: 'merged', treeSha: merge.data.commit.tree.sha }
      : { result: 'nothing' };
  } catch (error) {
    if (statusOf(error) === 409) return { result: 'conflict' };
    throw error;
  }
}
