/**
 * The writes of the production tag step through the GitHub API, each safe to repeat: the
 * annotated tag (a tag object, then its ref), the fast-forward of the base branch (never forced),
 * the GitHub Release, the workflow dispatch; and the reads they depend on (reviews).
 */
import { approvalOf, type Review } from '../domain/approval.js';
import { UserError } from '../domain/errors.js';
import { statusOf, unlessNotFound, type GitHubClient, type RepositoryId } from './client.js';
import { compareCommits } from './compare.js';
import { createOnce, NO_BLIND_RETRY } from './create-once.js';
import { tagCommit } from './production-tags.js';

/** The state of a tag name: missing, or the commit it names and what its ref points at. */
export async function readTag(
  github: GitHubClient,
  repository: RepositoryId,
  name: string,
): Promise<{ objectSha: string; annotated: boolean; commitSha: string } | undefined> {
  const ref = await unlessNotFound(github.rest.git.getRef({ ...repository, ref: `tags/${name}` }));
  if (ref === undefined) return undefined;
  const { data } = ref;
  const annotated = data.object.type === 'tag';
  const commitSha = await tagCommit(github, repository, {
    name,
    objectSha: data.object.sha,
    annotated,
  });
  return { objectSha: data.object.sha, annotated, commitSha };
}

/**
 * Creates the annotated tag `name` on `commitSha`: a tag object with the message, then the ref.
 * When the ref turns out to exist (our own create whose answer was lost, or a run in parallel),
 * it is read: on our commit that is success (`created` tells whether it is our tag object); on
 * another commit it is refused, and never moved.
 */
export async function createAnnotatedTag(
  github: GitHubClient,
  repository: RepositoryId,
  options: { name: string; commitSha: string; message: string },
): Promise<{ created: boolean; objectSha: string }> {
  const { data: tagObject } = await github.rest.git.createTag({
    ...repository,
    tag: options.name,
    message: options.message,
    object: options.commitSha,
    type: 'commit',
  });
  try {
    await github.rest.git.createRef({
      ...repository,
      ref: `refs/tags/${options.name}`,
      sha: tagObject.sha,
    });
    return { created: true, objectSha: tagObject.sha };
  } catch (error) {
    if (statusOf(error) !== 422) throw error;
    const existing = await readTag(github, repository, options.name);
    if (existing === undefined) throw error;
    if (existing.commitSha !== options.commitSha)
      throw tagElsewhere(options.name, existing.commitSha, options.commitSha);
    return { created: existing.objectSha === tagObject.sha, objectSha: existing.objectSha };
  }
}

export function tagElsewhere(name: string, existingSha: string, wantedSha: string): UserError {
  return new UserError(
    `Tag ${name} already exists on ${existingSha}, not on ${wantedSha}. A production tag is never ` +
      `moved: if ${wantedSha} is a new fix, release it as the next PATCH version (bump the version ` +
      `files and the CHANGELOG again); if the tag is wrong, a person must delete it by hand first.`,
  );
}

export type FastForwardPlan = { state: 'already' } | { state: 'needed'; from: string };

/**
 * Whether `branch` can be fast-forwarded to `sha` (read-only: refusals come before any write).
 * When it cannot, the refusal says what to do instead.
 */
export async function planFastForward(
  github: GitHubClient,
  repository: RepositoryId,
  branch: string,
  sha: string,
): Promise<FastForwardPlan> {
  const comparison = await compareCommits(github, repository, branch, sha, {
    base: `branch '${branch}' (input 'fast-forward')`,
    head: `commit ${sha}`,
  });
  if (comparison.status === 'identical' || comparison.status === 'behind') {
    return { state: 'already' };
  }
  if (comparison.status === 'ahead') return { state: 'needed', from: comparison.baseSha };
  throw new UserError(
    `Cannot fast-forward ${branch} to ${sha}: ${branch} has ${comparison.behindBy} commit` +
      `${comparison.behindBy === 1 ? '' : 's'} that ${sha} lacks (they diverged at ` +
      `${comparison.mergeBaseSha}). Nothing was tagged. Merge the hotfix pull request into ${branch} ` +
      `instead (a merge commit), then tag the merge commit: run create-prod-tag on the closed ` +
      `pull request's event without 'fast-forward' (its default sha is the merge commit).`,
  );
}

/**
 * Moves `branch` from `from` to `sha` without force. A refusal means it moved meanwhile: when it
 * now contains `sha` (our own update whose answer was lost), that is success.
 */
export async function fastForward(
  github: GitHubClient,
  repository: RepositoryId,
  branch: string,
  sha: string,
): Promise<void> {
  try {
    await github.rest.git.updateRef({ ...repository, ref: `heads/${branch}`, sha, force: false });
  } catch (error) {
    if (statusOf(error) !== 422) throw error;
    const again = await planFastForward(github, repository, branch, sha);
    if (again.state !== 'already') throw error;
  }
}

/** The pull request of a commit (the one it merged, or whose head it is), with its head. */
export async function pullRequestOf(
  github: GitHubClient,
  repository: RepositoryId,
  sha: string,
): Promise<{ number: number; headSha: string } | undefined> {
  const { data } = await github.rest.repos.listPullRequestsAssociatedWithCommit({
    ...repository,
    commit_sha: sha,
  });
  const pull =
    data.find((p) => p.merge_commit_sha === sha && p.merged_at !== null) ??
    data.find((p) => p.head.sha === sha);
  return pull && { number: pull.number, headSha: pull.head.sha };
}

/**
 * Refuses unless the pull request's head `headSha` is approved (the one rule of
 * domain/approval.ts: an approval given before the last push counts for nothing).
 */
export async function requireApproval(
  github: GitHubClient,
  repository: RepositoryId,
  pull: { number: number; headSha: string },
): Promise<string[]> {
  const reviews = await github.paginate(github.rest.pulls.listReviews, {
    ...repository,
    pull_number: pull.number,
    per_page: 100,
  });
  const approval = approvalOf(
    reviews.map((review): Review => ({
      user: review.user?.login ?? '',
      state: review.state,
      ...(review.commit_id ? { commitId: review.commit_id } : {}),
      ...(review.submitted_at ? { submittedAt: review.submitted_at } : {}),
    })),
    pull.headSha,
  );
  if (!approval.approved) {
    const short = pull.headSha.slice(0, 7);
    const why =
      approval.changesRequestedBy.length > 0
        ? `changes are requested by ${approval.changesRequestedBy.join(', ')}`
        : approval.staleApprovers.length > 0
          ? `the approval of ${approval.staleApprovers.join(', ')} was given before the last push, so nobody approved its head ${short}`
          : `nobody approved its head ${short}`;
    throw new UserError(
      `Pull request #${pull.number} is not approved: ${why}. Nothing was tagged. A hotfix needs at ` +
        `least one approval of the commit that is released (step 6 of the process): get a review ` +
        `of ${short}, then re-run this job.`,
    );
  }
  return approval.approvers;
}

/** The GitHub Release of a tag: found, or created with the notes. */
export async function ensureRelease(
  github: GitHubClient,
  repository: RepositoryId,
  options: { tag: string; name: string; notes: string },
): Promise<{ created: boolean; url: string }> {
  const existing = await releaseByTag(github, repository, options.tag);
  if (existing) return { created: false, url: existing };
  try {
    const { data } = await github.rest.repos.createRelease({
      ...repository,
      tag_name: options.tag,
      name: options.name,
      body: options.notes,
    });
    return { created: true, url: data.html_url };
  } catch (error) {
    // Our own create whose answer was lost, retried: the release is there now.
    if (statusOf(error) !== 422) throw error;
    const found = await releaseByTag(github, repository, options.tag);
    if (found === undefined) throw error;
    return { created: true, url: found };
  }
}

async function releaseByTag(
  github: GitHubClient,
  repository: RepositoryId,
  tag: string,
): Promise<string | undefined> {
  const release = await unlessNotFound(github.rest.repos.getReleaseByTag({ ...repository, tag }));
  return release?.data.html_url;
}

/**
 * Starts `workflow` for the tag with `workflow_dispatch`, once per tag whatever the re-runs: the
 * workflow's runs are looked at first (a run at the tag, or one titled with it when the tag is an
 * input: the deploy template's `run-name` names its tag), and a lost answer is looked up rather
 * than sent again (a second dispatch would deploy production twice).
 */
export async function dispatchOnce(
  github: GitHubClient,
  repository: RepositoryId,
  workflow: string,
  tag: string,
  from: { ref: string; withTagInput: boolean },
): Promise<{ dispatched: boolean; runUrl?: string }> {
  const titled = new RegExp(`(^|\\s)${tag.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(\\s|$)`);
  const find = async () => {
    const { data } = await github.rest.actions.listWorkflowRuns({
      ...repository,
      workflow_id: workflow,
      event: 'workflow_dispatch',
      per_page: 100,
    });
    const run = data.workflow_runs.find((candidate) =>
      from.withTagInput ? titled.test(candidate.display_title) : candidate.head_branch === tag,
    );
    return run && { runUrl: run.html_url };
  };
  try {
    const earlier = await find();
    if (earlier) return { dispatched: false, ...earlier };
    // Found after a lost answer: this run's own dispatch.
    const found = async () => {
      const run = await find();
      return run && { dispatched: true, ...run };
    };
    return await createOnce<{ dispatched: boolean; runUrl?: string }>(async () => {
      const { data } = await github.rest.actions.createWorkflowDispatch({
        ...repository,
        workflow_id: workflow,
        ref: from.ref,
        ...(from.withTagInput ? { inputs: { tag } } : {}),
        return_run_details: true,
        ...NO_BLIND_RETRY,
      });
      const url = (data as { html_url?: string } | undefined)?.html_url;
      return { dispatched: true, runUrl: url };
    }, found);
  } catch (error) {
    const status = statusOf(error);
    if (status === 404 || status === 422) {
      throw new UserError(
        `The tag ${tag} exists, but the workflow '${workflow}' could not be started (${status}: ` +
          `${error instanceof Error ? error.message : String(error)}). Check that ` +
          `.github/workflows/${workflow} exists at ${from.ref} with a workflow_dispatch trigger` +
          `${from.withTagInput ? " that takes a 'tag' input" : ''}, and that the token has ` +
          `'actions: write'; then re-run this job (the tag is kept).`,
      );
    }
    throw error;
  }
}
