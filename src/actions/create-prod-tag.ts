import { annotateNotice, info, setOutput } from '../runner/commands.js';
import { readAgreedVersion } from '../domain/bump.js';
import { findChangelogEntry } from '../domain/changelog/entry.js';
import type { FoundEntry } from '../domain/changelog/format.js';
import { getProduct, type ProductConfig } from '../domain/config.js';
import { parseBranch, tagName } from '../domain/naming.js';
import { checkAncestry, checkTrustedFiles } from '../domain/tag-base.js';
import { releaseNotes, renderTagSummary, tagMessage, type TagSummary } from '../domain/prod-tag.js';
import { compareVersions, previousPatch, sameReleaseLine } from '../domain/version.js';
import { createClient, type GitHubClient, type RepositoryId } from '../github/client.js';
import { compareCommits, descendsFromBase } from '../github/compare.js';
import { commitSnapshot, readCommit } from '../github/commit-files.js';
import {
  listProductionTags,
  tagCommit,
  type ProductionTag,
  type ProductionTags,
} from '../github/production-tags.js';
import { hotfixText } from '../domain/hotfix-text.js';
import { trackerInPullBody } from '../domain/start/pull.js';
import { syncTrackerAfterStep } from './sync-tracker.js';
import { clock } from '../runner/clock.js';
import {
  createAnnotatedTag,
  dispatchOnce,
  ensureRelease,
  fastForward,
  planFastForward,
  pullRequestOf,
  requireApproval,
  tagElsewhere,
} from '../github/publish.js';
import { currentBranch, currentRepository } from '../runner/context.js';
import { UserError } from '../domain/errors.js';
import { type Snapshot } from '../runner/files.js';
import { writeSummary } from '../runner/summary.js';
import { defaultBranch } from '../github/branches.js';
import { loadConfig } from '../github/repo-config.js';
import { eventPayload, eventPullRequest } from '../runner/event.js';
import type { Inputs } from './create-prod-tag/inputs.js';

export async function run(inputs: Inputs): Promise<void> {
  const repository = currentRepository();
  const github = await createClient(inputs.token);

  const pull = eventPullRequest();
  if (pull && !pull.merged && eventPayload()['action'] === 'closed' && inputs.sha === undefined) {
    throw new UserError(
      `Pull request #${pull.number} was closed without being merged: there is nothing to tag.`,
    );
  }
  // A merged pull request: its merge commit, once shown to hold exactly the reviewed head. An
  // open one (a review, a label): its head, which fast-forward moves the base branch to.
  // Otherwise the commit the workflow runs on.
  const reviewedHead = inputs.sha === undefined && pull ? pull.head.sha : undefined;
  const merge =
    inputs.sha === undefined && pull?.merged && pull.mergeCommitSha
      ? await mergeOfReviewedHead(
          github,
          repository,
          pull.head.sha,
          pull.mergeCommitSha,
          pull.number,
        )
      : undefined;
  const sha = inputs.sha ?? merge?.sha ?? (pull ? pull.head.sha : process.env['GITHUB_SHA']);
  // The base the pull request was reviewed against: before a merge, the merge's first parent
  // (the merge, squash and rebase buttons all put the base's old head first in its history);
  // none for a fast-forward.
  const previousBase =
    reviewedHead === undefined ? undefined : merge ? merge.firstParent : pull?.base.sha;
  if (sha === undefined || sha === '') {
    throw new UserError(
      "Input 'sha' is required here: the event names no commit to tag (give the commit's SHA).",
    );
  }

  const snapshot = commitSnapshot(github, repository, sha);
  const config = await loadConfig(inputs.config, {
    files: { snapshot, where: `commit ${sha}` },
    api: async () => ({ github, repository }),
  });
  const branch = pull?.head.ref ?? currentBranch();
  const branchNames = branch === undefined ? undefined : (parseBranch(config, branch) ?? undefined);
  const productName = inputs.product ?? branchNames?.product;
  if (productName === undefined) {
    throw new UserError(
      `Input 'product' is required: ${branch ? `the branch '${branch}' does not follow` : 'no hotfix branch names it by'} ` +
        `the branch-format '${config.branchFormat}'.`,
    );
  }
  const product = getProduct(config, productName);
  // The product's version files and CHANGELOG are read in one request while its production tags
  // are listed; versionAt and changelogEntryAt then find them in the snapshot.
  const [tags] = await Promise.all([
    listProductionTags(github, repository, config, product.name),
    snapshot.read(filesToRead(product, inputs)),
  ]);
  const version = inputs.version ?? (await versionAt(snapshot, product));
  const tag = tagName(config, product.name, version);

  // Everything that can refuse comes before the first write.
  const branchVersion = branchNames?.product === product.name ? branchNames.version : undefined;
  if (branchVersion !== undefined && branchVersion !== version) {
    throw new UserError(
      `${sha} holds ${product.name} ${version}, but the hotfix branch ${branch} makes ` +
        `${branchVersion}. Nothing was tagged. The merge did not keep the hotfix's version files ` +
        `(a conflict resolved for the base branch's version?): tag the reviewed head with ` +
        `'sha' if it holds ${branchVersion}, or fix the version files in a new hotfix.`,
    );
  }
  const existing = tags.named(tag);
  if (existing !== undefined) {
    const commit = await tagCommit(github, repository, existing);
    if (commit !== sha) throw tagElsewhere(tag, commit, sha);
  } else {
    refuseBehindLine(tags.tags, version, product.name);
    await refuseUnreviewedContent(github, repository, {
      tags,
      version,
      content: reviewedHead ?? sha,
      previousBase,
      configPath: config.path,
      deployCommand: product.deploy,
    });
  }
  const needsEntry = (existing === undefined && inputs.message === undefined) || inputs.release;
  const entry = needsEntry ? await changelogEntryAt(snapshot, product, version, sha) : undefined;
  const message =
    inputs.message ?? (entry ? tagMessage(entry) : hotfixText(`${product.name} ${version}`));

  let approvers: string[] | undefined;
  if (inputs.requireApproval) {
    const approved =
      pull === undefined
        ? await pullRequestOf(github, repository, sha)
        : { number: pull.number, headSha: pull.head.sha };
    if (approved === undefined) {
      throw new UserError(
        `require-approval: no pull request merged or has ${sha} as its head, so no approval can be ` +
          `shown. Tag the merge commit of the approved hotfix pull request. Nothing was tagged.`,
      );
    }
    approvers = await requireApproval(github, repository, approved);
  }
  const fastForwardPlan =
    inputs.fastForward === undefined
      ? undefined
      : await planFastForward(github, repository, inputs.fastForward, sha);

  // The writes, in the process's order: merge (fast-forward), tag, release, deploy.
  const dispatchAt = inputs.dispatch
    ? {
        workflow: inputs.dispatch,
        from: await dispatchFrom(github, repository, snapshot, inputs.dispatch, tag),
      }
    : undefined;
  const summary: TagSummary = {
    tag,
    sha,
    version,
    message,
    dryRun: inputs.dryRun,
    tagState: existing === undefined ? 'created' : 'exists',
    ...(inputs.fastForward !== undefined && fastForwardPlan !== undefined
      ? {
          fastForward: {
            branch: inputs.fastForward,
            state: fastForwardPlan.state === 'already' ? 'already' : 'moved',
          },
        }
      : {}),
    approvers,
    // Where the deploy starts (the tag, or the default branch with the tag as input), also told
    // by a dry run.
    ...(dispatchAt
      ? { dispatch: { workflow: dispatchAt.workflow, ref: dispatchAt.from.ref } }
      : {}),
  };
  let created = false;
  let dispatched = false;
  let releaseUrl = '';
  if (!inputs.dryRun) {
    if (inputs.fastForward !== undefined && fastForwardPlan?.state === 'needed') {
      await fastForward(github, repository, inputs.fastForward, sha);
      info(`Fast-forwarded ${inputs.fastForward} to ${sha}.`);
    }
    if (existing === undefined) {
      created = (
        await createAnnotatedTag(github, repository, { name: tag, commitSha: sha, message })
      ).created;
      if (!created) summary.tagState = 'exists';
      info(created ? `Created ${tag} on ${sha}.` : `${tag} is already on ${sha}.`);
    } else {
      info(`${tag} already exists on ${sha}: nothing to create.`);
    }
    if (inputs.release && entry) {
      const release = await ensureRelease(github, repository, {
        tag,
        name: tag,
        notes: releaseNotes(entry, product.changelog ?? ''),
      });
      releaseUrl = release.url;
      summary.release = { state: release.created ? 'created' : 'exists', url: release.url };
    }
    if (dispatchAt) {
      const { workflow, from } = dispatchAt;
      const started = await dispatchOnce(github, repository, workflow, tag, from);
      dispatched = true;
      summary.dispatch = {
        workflow,
        ref: from.ref,
        state: started.dispatched ? 'started' : 'already',
        runUrl: started.runUrl,
      };
      info(
        started.dispatched
          ? `Started ${workflow} at ${from.ref}${from.withTagInput ? ` for ${tag}` : ''}.`
          : `${workflow} was already started for ${tag}${started.runUrl ? ` (${started.runUrl})` : ''}: not again.`,
      );
    }
  } else {
    if (inputs.release) summary.release = { state: 'created' };
    info(`Dry run: would tag ${sha} as ${tag}; nothing written.`);
  }

  setOutput('tag', tag);
  setOutput('sha', sha);
  setOutput('created', String(created));
  setOutput('release-url', releaseUrl);
  setOutput('dispatched', String(dispatched));
  writeSummary(renderTagSummary(summary));
  if (!inputs.dryRun) {
    await syncTrackerAfterStep(github, repository, config, trackerInPullBody(pull?.body), clock());
  }
}

/** What the run reads of the product: the version files unless 'version' is given, and the
 * CHANGELOG unless the tag message is given and no release is made. */
function filesToRead(product: ProductConfig, inputs: Inputs): string[] {
  const versionFiles =
    inputs.version === undefined ? product.versionFiles.map((spec) => spec.path) : [];
  const needsChangelog = inputs.message === undefined || inputs.release;
  return [...versionFiles, ...(needsChangelog && product.changelog ? [product.changelog] : [])];
}

/** The version the product's files hold at the commit (they must agree). */
async function versionAt(snapshot: Snapshot, product: ProductConfig): Promise<string> {
  if (product.versionFiles.length === 0) {
    throw new UserError(
      `Input 'version' is required: ${product.name} lists no version-files in the configuration.`,
    );
  }
  const contents = await snapshot.read(product.versionFiles.map((spec) => spec.path));
  return readAgreedVersion(product.versionFiles, contents).version;
}

/** The CHANGELOG entry of the version at the commit: the tag message and the release notes. */
async function changelogEntryAt(
  snapshot: Snapshot,
  product: ProductConfig,
  version: string,
  sha: string,
): Promise<FoundEntry> {
  const path = product.changelog;
  if (path === undefined) {
    throw new UserError(
      `${product.name} has no changelog in the configuration, so there is no entry for the tag ` +
        `message or the release notes: add 'changelog: <path>' to the product, or give 'message' ` +
        `(and no 'release').`,
    );
  }
  const content = (await snapshot.read([path])).get(path);
  const entry = content === undefined ? undefined : findChangelogEntry(content, version);
  if (entry === undefined) {
    throw new UserError(
      `${path} has no entry for ${version} at ${sha}${content === undefined ? ' (the file does not exist)' : ''}. ` +
        `Add it (the changelog-entry action) and merge it, or give 'message'. Nothing was tagged.`,
      [{ file: path }],
    );
  }
  return entry;
}

/**
 * The merge commit of a hotfix pull request, when it holds exactly the reviewed head: its tree is
 * the head's (the merge, squash and rebase buttons all give that when the base held nothing the
 * head lacked), and it is on the base branch. Otherwise the merge brought in the base branch's
 * own work, which nobody reviewed as part of the hotfix: refused before any write.
 */
async function mergeOfReviewedHead(
  github: GitHubClient,
  repository: RepositoryId,
  headSha: string,
  mergeSha: string,
  pullNumber: number,
): Promise<{ sha: string; firstParent?: string }> {
  const [head, merge] = await Promise.all([
    readCommit(github, repository, headSha),
    readCommit(github, repository, mergeSha),
  ]);
  // Pushed to the base as it was (`git merge --ff-only`, step 7): GitHub marks the pull request
  // merged with its head as the merge commit; there is no merge to tell the old base by.
  if (mergeSha === headSha) return { sha: mergeSha };
  if (head.treeSha === merge.treeSha) {
    const firstParent = merge.parents[0];
    return { sha: mergeSha, firstParent };
  }
  const merged = await compareCommits(github, repository, headSha, mergeSha, {
    base: `pull request head ${headSha}`,
    head: `merge commit ${mergeSha}`,
  });
  const files = merged.files.map((file) => file.path);
  throw new UserError(
    `The merge commit ${mergeSha} of pull request #${pullNumber} does not hold exactly the ` +
      `reviewed head ${headSha}: it also changes ${files.slice(0, 5).join(', ') || 'other files'}` +
      `${files.length > 5 ? ` and ${files.length - 5} more` : ''}, from the base branch, which ` +
      `had moved on. Nothing was tagged: tagging it would ship unreleased work. A hotfix merges ` +
      `into the release line's maintenance branch (the Start hotfix command chooses it when main ` +
      `has moved on). To release exactly the reviewed fix, run this action with 'sha: ${headSha}'.`,
  );
}

/** A production tag only moves forward on its release line: above every tag of the line. */
function refuseBehindLine(tags: readonly ProductionTag[], version: string, product: string): void {
  const newestOfLine = tags.find((candidate) => sameReleaseLine(candidate.version, version));
  if (newestOfLine === undefined || compareVersions(version, newestOfLine.version) > 0) return;
  throw new UserError(
    `${version} is not higher than ${newestOfLine.version}, the version of ${newestOfLine.name}, ` +
      `the newest production tag of ${product}'s ${version.split('.').slice(0, 2).join('.')} ` +
      `line. A production tag only moves forward: bump the version files to the next PATCH of ` +
      `that release (or give a higher 'version').`,
  );
}

/**
 * The content to tag is a hotfix of the version's base tag (the previous PATCH): it descends
 * from it. For a pull request, the rules of the PR check are applied again (an admin may have
 * merged past it): nothing else from the base branch, no change to the configuration or the
 * deploy. A version without a base tag (X.Y.0, or a PATCH whose predecessor was never tagged) is
 * not checked against one.
 */
async function refuseUnreviewedContent(
  github: GitHubClient,
  repository: RepositoryId,
  options: {
    tags: ProductionTags;
    version: string;
    content: string;
    /** The pull request's base before the merge, for a pull request. */
    previousBase: string | undefined;
    configPath: string;
    deployCommand?: string;
  },
): Promise<void> {
  const baseVersion = previousPatch(options.version);
  const baseTag = baseVersion === undefined ? undefined : options.tags.find(baseVersion);
  if (baseTag === undefined) return;
  const [sinceTag, onBase] = await Promise.all([
    compareCommits(github, repository, baseTag.name, options.content, {
      base: `tag ${baseTag.name}`,
      head: `commit ${options.content}`,
    }),
    options.previousBase
      ? compareCommits(github, repository, options.previousBase, options.content, {
          base: `the pull request's base ${options.previousBase}`,
          head: `commit ${options.content}`,
        })
      : undefined,
  ]);
  const ancestry = checkAncestry({
    baseTag: baseTag.name,
    baseSha: sinceTag.baseSha,
    headSha: options.content,
    baseBranch: 'the base branch',
    descends: descendsFromBase(sinceTag),
    mergeBaseSha: sinceTag.mergeBaseSha,
    sinceTag: sinceTag.commits,
    sinceTagTotal: sinceTag.aheadBy,
    // Without a pull request there is no base to tell foreign commits by: ancestry only.
    notOnBaseBranch: new Set((onBase ?? sinceTag).commits.map((commit) => commit.sha)),
    notOnBaseBranchTotal: (onBase ?? sinceTag).aheadBy,
  });
  const checks = [ancestry.check];
  if (onBase !== undefined) {
    checks.push(
      checkTrustedFiles({
        files: sinceTag.files.map((file) => file.path),
        configPath: options.configPath,
        deployCommand: options.deployCommand,
      }),
    );
  }
  for (const check of checks) {
    if (check.verdict !== 'fail') continue;
    throw new UserError(`${check.reason} Nothing was tagged. ${check.todo.join(' ')}`);
  }
}

/**
 * Where the deploy workflow starts: at the tag, as it is defined there; or, when the tag predates
 * the workflow file (a release from before the suite was adopted), on the default branch with
 * the tag as its `tag` input. GitHub runs a dispatched workflow as the dispatched ref holds it.
 */
async function dispatchFrom(
  github: GitHubClient,
  repository: RepositoryId,
  tagged: Snapshot,
  workflow: string,
  tag: string,
): Promise<{ ref: string; withTagInput: boolean }> {
  const path = `.github/workflows/${workflow}`;
  if ((await tagged.read([path])).get(path) !== undefined) {
    return { ref: `refs/tags/${tag}`, withTagInput: false };
  }
  const branch = await defaultBranch(github, repository);
  annotateNotice(
    `${tag} holds no ${path} (it predates the workflow): starting it on ${branch} with the tag as ` +
      `input. The production environment must allow deployments from ${branch} for it to run.`,
  );
  return { ref: `refs/heads/${branch}`, withTagInput: true };
}
