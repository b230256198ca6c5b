/**
 * `start` through the API (steps 1, 2, 4, 5 and 6 of the process in one go): the hotfix branch at
 * the production tag's commit, one commit with the PATCH bump and the CHANGELOG row, the URGENT
 * pull request (into main while it is at the tag, else into the release line's maintenance
 * branch), the reviewers, and the tracking issue.
 *
 * Calls, for a fresh start: the newest production tag (1), the tag's commit with the heads of the
 * base and maintenance branches (one GraphQL query: 1), the tag's files (a tree listing and one
 * query for the files: 2), the commit and the branch created at it (3; the maintenance branch is
 * created meanwhile when it is new: 1), the pull request (1), the tracking issue (1), the pull
 * request's body and labels (1) and its reviewers (1): 12 or 13; labels GitHub creates on first
 * use get their colour once (1 each). Independent requests run in parallel. A re-run finds each
 * piece and creates only what is missing.
 */
import { addChangelogEntry } from '../domain/changelog.js';
import { filesToRead, planBump, type BumpPlan } from '../domain/bump.js';
import { getProduct, type HotfixConfig, type ProductConfig } from '../domain/config.js';
import {
  chooseTarget,
  linkTracker,
  pullBody,
  trackerInPullBody,
  pullTitle,
  startCommitMessage,
  type HotfixForm,
  type HotfixTarget,
} from '../domain/hotfix-start.js';
import { branchName, maintenanceBranchName, tagName, tagVersion } from '../domain/naming.js';
import { buildChecklist } from '../domain/tracker/checklist.js';
import { trackerContext, type TrackerFacts } from '../domain/tracker/facts.js';
import { renderTrackerBody } from '../domain/tracker/render.js';
import { trackerTitle, type MessageKind, type TrackerState } from '../domain/tracker/state.js';
import { buildTimeline, slaStatus } from '../domain/tracker/timeline.js';
import { nextPatch, sameReleaseLine } from '../domain/version.js';
import { UserError } from '../domain/errors.js';
import type { FileChange } from '../domain/files.js';
import { readPlanWrite, type RepositoryFiles, type Snapshot } from '../runner/files.js';
import { BranchExistsError, branchFiles } from './branch-files.js';
import { statusOf, type RepositoryId } from './client.js';
import type { GitHubClient } from './client.js';
import { commitSnapshot } from './commit-files.js';
import { compareCommits } from './compare.js';
import { createOnce, NO_BLIND_RETRY } from './create-once.js';
import { colourNewLabels } from './labels.js';
import { listProductionTags, type ProductionTag } from './production-tags.js';
import { readHeadsAndTag } from './refs.js';
import { findTrackers, runTime, type TrackerIssue } from './tracker.js';

export interface StartOptions {
  product: string;
  form: HotfixForm;
  /** A production tag of the product to branch from; default the newest. */
  baseTag?: string;
  now: Date;
  dryRun: boolean;
  /** The repository's web address, for Keep a Changelog compare links. */
  repositoryUrl?: string;
  /** The sync flow (src/actions/sync-tracker.ts), for a tracker a re-run finds. */
  syncTracker: (issue: TrackerIssue) => Promise<unknown>;
}

export interface StartResult {
  product: string;
  branch: string;
  version: string;
  previousVersion: string;
  baseTag: string;
  baseSha: string;
  baseBranch: string;
  /** Where the pull request merges, and why. */
  target: HotfixTarget;
  /** The commit with the bump and CHANGELOG row, when this run wrote it. */
  commitSha?: string;
  /** The files that commit changed (or would, in a dry run). */
  changedFiles: string[];
  branchCreated: boolean;
  pull?: { number: number; url: string; created: boolean };
  /** The tracking issue, and the messages already delivered for it (a re-run sends the rest). */
  tracker?: { number: number; url: string; created: boolean; sent: MessageKind[] };
  /** Things to tell the user that did not stop the start (a reviewer GitHub refused). */
  warnings: string[];
}

/** Validates, then writes. Nothing is written before every input has been checked. */
export async function startHotfix(
  github: GitHubClient,
  repository: RepositoryId,
  config: HotfixConfig,
  options: StartOptions,
): Promise<StartResult> {
  const product = getProduct(config, options.product);
  const changelog = requireChangelog(config, product);
  if (product.versionFiles.length === 0) {
    throw new UserError(
      `Product '${product.name}' has no version-files in ${config.path}: list the files that hold its version under products.${product.name}.version-files.`,
    );
  }
  if (options.baseTag !== undefined && !tagVersion(config, product.name, options.baseTag)) {
    throw new UserError(
      `base-tag '${options.baseTag}' is not a production tag of ${product.name}: production tags are named like '${tagName(config, product.name, '1.2.3')}' (tag-format in ${config.path}). Leave base-tag empty to start from the newest one.`,
    );
  }

  const [tags, baseBranch] = await Promise.all([
    listProductionTags(github, repository, config, product.name),
    config.baseBranch ??
      github.rest.repos.get({ ...repository }).then(({ data }) => data.default_branch),
  ]);
  const tag = chooseTag(tags.tags, product.name, options.baseTag, config);
  checkNewestOfLine(tags.tags, tag, product.name);
  const version = nextPatch(tag.version);
  const branch = branchName(config, product.name, version);
  const maintenanceBranch = maintenanceBranchName(config, product.name, tag.version);
  // The tag's commit, and the heads of the base branch and the line's maintenance branch: they
  // decide where the pull request merges (main when it is still at the tag).
  const {
    heads: [baseHead, maintenanceHead],
    tagCommit: baseSha,
  } = await readHeadsAndTag(github, repository, [baseBranch, maintenanceBranch], tag);
  if (baseHead === undefined) {
    throw new UserError(
      `The base branch '${baseBranch}' does not exist in ${repository.owner}/${repository.repo}: ` +
        `correct base-branch in ${config.path}, or remove it to use the default branch.`,
    );
  }
  const target = chooseTarget({
    baseBranch,
    baseHead,
    baseTag: tag.name,
    tagSha: baseSha,
    maintenanceBranch,
    ...(maintenanceHead !== undefined ? { maintenanceHead } : {}),
    ...(maintenanceHead !== undefined && maintenanceHead !== baseSha && baseHead !== baseSha
      ? { maintenanceBehindTag: await isAncestor(github, repository, maintenanceHead, baseSha) }
      : {}),
  });
  const result: StartResult = {
    product: product.name,
    branch,
    version,
    previousVersion: tag.version,
    baseTag: tag.name,
    baseSha,
    baseBranch,
    target,
    changedFiles: [],
    branchCreated: false,
    warnings: [],
  };
  const planOptions = { product, changelog, tag, version, form: options.form, now: options.now };

  if (options.dryRun) {
    // The same plan, on the tag's commit: what the commit on the new branch would hold.
    const atTag: RepositoryFiles = {
      description: `tag ${tag.name}`,
      snapshot: async () => commitSnapshot(github, repository, baseSha),
    };
    const outcome = await readPlanWrite(
      atTag,
      (snapshot) => planStartCommit(snapshot, planOptions, options.repositoryUrl, config),
      true,
    );
    result.changedFiles = outcome.result.files;
    return result;
  }

  // The branch, created at the commit with the bump and the CHANGELOG row (made on the tag's
  // commit). It exists already on a re-run, or while another hotfix of this version is open
  // (the pull request tells them apart): then the work is planned again on the branch as it is.
  const plan = (snapshot: Snapshot) =>
    planStartCommit(snapshot, planOptions, options.repositoryUrl, config);
  // The maintenance branch is made ready while the hotfix branch is written.
  const [written] = await Promise.all([
    readPlanWrite(
      branchFiles(github, repository, branch, { createAt: baseSha }),
      plan,
      false,
    ).catch((error: unknown) => {
      if (error instanceof BranchExistsError) return undefined;
      throw error;
    }),
    prepareTarget(github, repository, target, baseSha),
  ]);
  let outcome = written;
  // Nothing to commit on the tag (its files hold the hotfix already): the branch at the tag.
  if (outcome && !outcome.written && !(await createBranch(github, repository, branch, baseSha)))
    outcome = undefined;
  result.branchCreated = outcome !== undefined;
  let pull: PullSeen | undefined;
  if (!outcome) {
    pull = await openPull(github, repository, branch);
    if (pull && pull.title !== pullTitle(options.form.issue))
      throw alreadyOpen(product.name, version, branch, pull);
    outcome = await readPlanWrite(branchFiles(github, repository, branch), plan, false);
  }
  result.changedFiles = outcome.result.files;
  if (outcome.commitSha) result.commitSha = outcome.commitSha;

  const title = pullTitle(options.form.issue);
  const bodyInput = {
    form: options.form,
    product: product.name,
    previousVersion: tag.version,
    version,
    baseTag: tag.name,
    target,
  };
  let pullCreated = false;
  if (!pull) {
    try {
      const { data } = await github.rest.pulls.create({
        ...repository,
        title,
        head: branch,
        base: target.branch,
        body: pullBody(bodyInput),
      });
      pull = seen(data);
      pullCreated = true;
    } catch (error) {
      if (statusOf(error) !== 422) throw error;
      // Opened in the meantime (a parallel run), or no commits between the branches.
      const found = await openPull(github, repository, branch);
      if (!found) throw error;
      if (found.title !== title) throw alreadyOpen(product.name, version, branch, found);
      pull = found;
    }
  }
  const opened: PullSeen = pull;
  result.pull = { number: opened.number, url: opened.html_url, created: pullCreated };

  // The tracking issue: found again by its marker on a re-run, else opened.
  const state: TrackerState = {
    product: product.name,
    previousVersion: tag.version,
    version,
    severity: options.form.severity,
    startedAt: runTime(options.now),
    issue: options.form.issue,
    impact: options.form.impact,
    baseTag: tag.name,
    baseSha,
    branch,
    baseBranch,
    // A re-run keeps the base the pull request was opened with.
    ...(opened.base !== baseBranch ? { maintenanceBranch: opened.base } : {}),
    pr: opened.number,
  };
  const existing = pullCreated
    ? undefined
    : (await findTrackers(github, repository, config, { product: product.name, version }))[0];
  const colouredLabels: string[] = [];
  let trackerNumber: number;
  if (existing) {
    trackerNumber = existing.number;
    result.tracker = {
      number: existing.number,
      url: existing.url,
      created: false,
      sent: existing.tracker.sent ?? [],
    };
  } else {
    const facts = startFacts(state, config, opened, outcome.result.files, outcome.commitSha);
    const checklist = buildChecklist(state, trackerContext(config, product.name), facts);
    const body = renderTrackerBody({
      state,
      checklist,
      timeline: buildTimeline(state, checklist, facts),
      sla: slaStatus(state, checklist, options.now),
    });
    // Not sent twice: after an answer lost, the tracker is looked up by its marker first.
    const issue = await createOnce(
      async () => {
        const { data } = await github.rest.issues.create({
          ...repository,
          title: trackerTitle(state),
          body,
          labels: config.labels,
          ...NO_BLIND_RETRY,
        });
        return { number: data.number, url: data.html_url, labels: data.labels };
      },
      async () => {
        const [found] = await findTrackers(github, repository, config, {
          product: product.name,
          version,
        });
        return found && { number: found.number, url: found.url, labels: found.labels };
      },
    );
    // Labels GitHub has just created get their colour before the pull request shows them.
    colouredLabels.push(
      ...(await colourNewLabels(github, repository, issue.labels, config.labels)),
    );
    trackerNumber = issue.number;
    result.tracker = { number: issue.number, url: issue.url, created: true, sent: [] };
  }

  // The pull request's link to the tracker, its labels and its reviewers: set once, when the
  // body does not link the tracker yet (this run opened it, or a run that failed before this
  // step did). Afterwards they are people's: an edited body, a label or a reviewer a person
  // removed are left as they are by a re-run.
  const pullNumber = opened.number;
  if (trackerInPullBody(opened.body) !== trackerNumber) {
    const currentLabels = opened.labels.map((label) => label.name);
    const labels = [
      ...currentLabels,
      ...config.labels.filter(
        (label) => !currentLabels.some((name) => name.toLowerCase() === label.toLowerCase()),
      ),
    ];
    const body = pullCreated
      ? pullBody({ ...bodyInput, tracker: trackerNumber })
      : linkTracker(opened.body ?? '', trackerNumber);
    // The reviewers first: the body's link marks this step done, so a run that fails between
    // the two requests them again on its re-run (a request already made is not repeated).
    await requestReviewers(github, repository, config, opened, result.warnings);
    const { data: updated } = await github.rest.issues.update({
      ...repository,
      issue_number: pullNumber,
      body,
      labels,
    });
    const patched = updated.labels;
    const uncoloured = patched.filter(
      (label) => typeof label === 'string' || !colouredLabels.includes(label.name ?? ''),
    );
    await colourNewLabels(github, repository, uncoloured, config.labels);
  }

  // On a re-run the tracker is brought up to date from GitHub, like any sync: found, or opened
  // by this run without the facts of the first run (its commit).
  if (existing) {
    await options.syncTracker(existing);
  } else if (outcome.commitSha === undefined && result.tracker) {
    const [opened_] = await findTrackers(github, repository, config, {
      product: product.name,
      version,
    });
    if (opened_) await options.syncTracker(opened_);
  }
  return result;
}

function requireChangelog(config: HotfixConfig, product: ProductConfig): string {
  if (product.changelog === undefined) {
    throw new UserError(
      `Product '${product.name}' has no changelog in ${config.path}: add 'changelog: <path>' under products.${product.name} (step 5 of the process needs it).`,
    );
  }
  return product.changelog;
}

function chooseTag(
  tags: ProductionTag[],
  product: string,
  baseTag: string | undefined,
  config: HotfixConfig,
): ProductionTag {
  if (baseTag !== undefined) {
    const name = baseTag.replace(/^refs\/tags\//, '');
    const tag = tags.find((candidate) => candidate.name === name);
    if (!tag) {
      throw new UserError(
        `base-tag '${name}' does not exist: ${product}'s production tags are ${describeTags(tags)}.`,
      );
    }
    return tag;
  }
  const newest = tags[0];
  if (!newest) {
    throw new UserError(
      `${product} has no production tag yet (no '${tagName(config, product, '1.2.3').replace('1.2.3', '*')}'): a hotfix starts from a production release. Release it first, or give base-tag.`,
    );
  }
  return newest;
}

/**
 * A hotfix makes the next PATCH of its line's newest release: a base tag with a newer tag on
 * its line (its next PATCH exists, or a later one) would make a version that is taken or behind.
 */
function checkNewestOfLine(tags: ProductionTag[], tag: ProductionTag, product: string): void {
  const newestOfLine = tags.find((candidate) => sameReleaseLine(candidate.version, tag.version));
  if (newestOfLine === undefined || newestOfLine.name === tag.name) return;
  throw new UserError(
    `base-tag '${tag.name}' is not the newest release of ${product}'s ${tag.version.split('.').slice(0, 2).join('.')} line: ` +
      `${newestOfLine.name} is. A hotfix makes the next PATCH of the release in production: ` +
      `start from ${newestOfLine.name} (base-tag: ${newestOfLine.name}).`,
  );
}

function describeTags(tags: ProductionTag[]): string {
  if (tags.length === 0) return 'none';
  const shown = tags.slice(0, 5).map((tag) => tag.name);
  return (
    shown.join(', ') +
    (tags.length > shown.length ? ` and ${tags.length - shown.length} older` : '')
  );
}

/** The commit a branch points at, or undefined when it does not exist. */
async function refHead(
  github: GitHubClient,
  repository: RepositoryId,
  branch: string,
): Promise<string | undefined> {
  try {
    const { data } = await github.rest.git.getRef({ ...repository, ref: `heads/${branch}` });
    return data.object.sha;
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw error;
  }
}

/** Whether `ancestor` is an ancestor of (or is) `commit`. */
async function isAncestor(
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
 * The maintenance branch at the tag: created there, or moved up to it from an ancestor (never
 * forced). Another run that did it first (a re-run, its answer lost) is success.
 */
async function prepareTarget(
  github: GitHubClient,
  repository: RepositoryId,
  target: HotfixTarget,
  tagSha: string,
): Promise<void> {
  if (target.path !== 'maintenance' || target.prepare === 'none') return;
  if (target.prepare === 'create') {
    if (await createBranch(github, repository, target.branch, tagSha)) return;
  } else {
    try {
      await github.rest.git.updateRef({
        ...repository,
        ref: `heads/${target.branch}`,
        sha: tagSha,
        force: false,
      });
      return;
    } catch (error) {
      if (statusOf(error) !== 422) throw error;
    }
  }
  const head = await refHead(github, repository, target.branch);
  if (head !== tagSha) {
    throw new UserError(
      `The maintenance branch ${target.branch} moved while the hotfix was being started (it is at ` +
        `${head ?? 'nothing'}, not at the tag's ${tagSha}): re-run the start; it will say what to do.`,
    );
  }
}

/** true when created; false when it already exists (a re-run, or another start of this version). */
async function createBranch(
  github: GitHubClient,
  repository: RepositoryId,
  branch: string,
  sha: string,
): Promise<boolean> {
  try {
    await github.rest.git.createRef({ ...repository, ref: `refs/heads/${branch}`, sha });
    return true;
  } catch (error) {
    if (statusOf(error) === 422) return false;
    throw error;
  }
}

/** What start needs of a pull request, from a create or a list answer. */
interface PullSeen {
  number: number;
  title: string;
  /** The branch it merges into. */
  base: string;
  headSha: string;
  html_url: string;
  created_at: string;
  body: string | null;
  labels: { name: string }[];
  requested_reviewers?: { login: string }[] | null;
  requested_teams?: { slug: string }[] | null;
}

function seen(
  pull: Omit<PullSeen, 'base' | 'headSha'> & { base: { ref: string }; head: { sha: string } },
): PullSeen {
  return {
    number: pull.number,
    title: pull.title,
    base: pull.base.ref,
    headSha: pull.head.sha,
    html_url: pull.html_url,
    created_at: pull.created_at,
    body: pull.body,
    labels: pull.labels.map((label) => ({ name: label.name })),
    requested_reviewers: pull.requested_reviewers ?? [],
    requested_teams: pull.requested_teams ?? [],
  };
}

async function openPull(
  github: GitHubClient,
  repository: RepositoryId,
  branch: string,
): Promise<PullSeen | undefined> {
  const { data } = await github.rest.pulls.list({
    ...repository,
    state: 'open',
    head: `${repository.owner}:${branch}`,
    per_page: 10,
  });
  return data[0] && seen(data[0]);
}

function alreadyOpen(
  product: string,
  version: string,
  branch: string,
  pull?: { number: number; title: string; html_url: string },
): UserError {
  const where = pull
    ? `pull request #${pull.number} "${pull.title}" (${pull.html_url}), branch ${branch}`
    : `branch ${branch}`;
  return new UserError(
    `A hotfix of ${product} ${version} is already open: ${where}. One hotfix per product at a time: finish that one (merge, tag, deploy), or close it and delete its branch, then start again.`,
  );
}

interface StartPlanOptions {
  product: ProductConfig;
  changelog: string;
  tag: ProductionTag;
  version: string;
  form: HotfixForm;
  now: Date;
}

/**
 * The one commit of `start`: bump-patch's plan and changelog-entry's row (the same domain code),
 * on a snapshot of the branch. On a re-run the files already hold the new version and the row is
 * there: nothing to write. A row for this version with other text is another hotfix: refused.
 */
async function planStartCommit(
  snapshot: Parameters<Parameters<typeof readPlanWrite>[1]>[0],
  options: StartPlanOptions,
  repositoryUrl: string | undefined,
  config: HotfixConfig,
) {
  const { product, changelog, tag, version } = options;
  const specs = product.versionFiles;
  const contents = await snapshot.read([...filesToRead(specs), changelog]);
  const bump: BumpPlan = planBump(specs, contents, {
    expectedVersion: tag.version,
    buildNumber: 'increment',
  });
  if (bump.version !== version) throw new Error(`bump gave ${bump.version}, expected ${version}`);
  const text = `HOTFIX: ${options.form.issue}`;
  const entry = addChangelogEntry(
    changelog,
    contents.get(changelog),
    { version, date: options.now.toISOString().slice(0, 10), text },
    {
      format: 'auto',
      ...(repositoryUrl
        ? {
            compareUrl: (from: string, to: string) =>
              `${repositoryUrl}/compare/${tagName(config, product.name, from)}...${tagName(config, product.name, to)}`,
          }
        : {}),
    },
  );
  if (entry.existing && !entry.existing.sameText) {
    throw new UserError(
      `A hotfix of ${product.name} ${version} is already open: ${changelog} on its branch already has the entry "${entry.existing.text}". One hotfix per product at a time: finish that one, or close it and delete its branch, then start again.`,
      [{ file: changelog, line: entry.existing.line }],
    );
  }
  const changes: FileChange[] = [
    ...bump.changes.map((change) => ({ path: change.path, content: change.after })),
    ...(entry.changed ? [{ path: changelog, content: entry.content }] : []),
  ];
  return {
    result: { files: changes.map((change) => change.path) },
    changes,
    message: startCommitMessage(product.name, version, tag.name),
  };
}

/**
 * What start knows it did, as tracker facts, so that the new tracker is right without reading
 * everything back: the commit (dated by the pull request GitHub opened right after it), the pull
 * request with its labels and review request (set in the same run).
 */
function startFacts(
  state: TrackerState,
  config: HotfixConfig,
  pull: { number: number; html_url: string; created_at: string; headSha: string },
  files: string[],
  commitSha: string | undefined,
): TrackerFacts {
  return {
    branch: {
      fromTag: true,
      commits: commitSha
        ? [
            {
              sha: commitSha,
              message: startCommitMessage(state.product, state.version, state.baseTag),
              date: pull.created_at,
              files,
            },
          ]
        : [],
      files: files.map((path) => ({ path })),
    },
    pull: {
      number: pull.number,
      url: pull.html_url,
      state: 'open',
      merged: false,
      createdAt: pull.created_at,
      labels: config.labels,
      requestedReviewers: config.reviewers.length,
      headSha: pull.headSha,
      reviews: [],
    },
    deployments: [],
    comments: [],
  };
}

/** Configured reviewers not yet requested: logins, and teams as `org/team` (the slug is sent). */
export async function requestReviewers(
  github: GitHubClient,
  repository: RepositoryId,
  config: HotfixConfig,
  pull: Pick<PullSeen, 'number' | 'requested_reviewers' | 'requested_teams'>,
  warnings: string[],
): Promise<void> {
  const requestedUsers = new Set(
    (pull.requested_reviewers ?? []).map((u) => u.login.toLowerCase()),
  );
  const requestedTeams = new Set((pull.requested_teams ?? []).map((t) => t.slug.toLowerCase()));
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
