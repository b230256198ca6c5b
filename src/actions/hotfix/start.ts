/**
 * `start` (steps 1, 2, 4, 5 and 6 of the process in one go): the hotfix branch at the production
 * tag's commit, one commit with the PATCH bump and the CHANGELOG row, the URGENT pull request
 * (into main while it is at the tag, else into the release line's maintenance branch), the
 * reviewers, the tracking issue and the start message.
 *
 * Calls, for a fresh start: the newest production tag (1), the tag's commit with the heads of the
 * base and maintenance branches (one GraphQL query: 1), the tag's files (a tree listing and one
 * query for the files: 2), the commit and the branch created at it (3; the maintenance branch is
 * created meanwhile when it is new: 1), the pull request (1), the tracking issue (1), the pull
 * request's body and labels (1) and its reviewers (1): 12 or 13; labels GitHub creates on first
 * use get their colour once (1 each). Independent requests run in parallel. A re-run finds each
 * piece and creates only what is missing, and leaves what people changed.
 */
import { getProduct, type HotfixConfig } from '../../domain/config.js';
import { UserError } from '../../domain/errors.js';
import { branchName, maintenanceBranchName } from '../../domain/naming.js';
import {
  planStartCommit,
  requireStartable,
  startCommitFiles,
  type StartCommitOptions,
} from '../../domain/start/commit.js';
import { pullTitle, type HotfixForm } from '../../domain/start/form.js';
import {
  alreadyOpen,
  linkTracker,
  pullBody,
  trackerInPullBody,
  withLabels,
} from '../../domain/start/pull.js';
import {
  startLogLine,
  startMessage,
  startSummary,
  type StartResult,
} from '../../domain/start/report.js';
import {
  checkBaseTagName,
  chooseTag,
  chooseTarget,
  type HotfixTarget,
} from '../../domain/start/target.js';
import { startFacts, startTrackerState } from '../../domain/start/tracker.js';
import { buildChecklist } from '../../domain/tracker/checklist.js';
import { trackerContext } from '../../domain/tracker/facts.js';
import { renderTrackerBody } from '../../domain/tracker/render.js';
import { trackerTitle } from '../../domain/tracker/state.js';
import { buildTimeline, slaStatus } from '../../domain/tracker/timeline.js';
import { nextPatch } from '../../domain/version.js';
import { BranchExistsError, branchFiles } from '../../github/branch-files.js';
import {
  branchHead,
  createBranch,
  defaultBranch,
  isAncestor,
  moveBranchUp,
} from '../../github/branches.js';
import type { GitHubClient, RepositoryId } from '../../github/client.js';
import { commitSnapshot } from '../../github/commit-files.js';
import { openIssueOnce } from '../../github/issues.js';
import { colourNewLabels } from '../../github/labels.js';
import { listProductionTags } from '../../github/production-tags.js';
import {
  openPullOnce,
  pullsOf,
  requestReviewers,
  setPullBodyAndLabels,
  type PullSeen,
} from '../../github/pulls.js';
import { readHeadsAndTag } from '../../github/refs.js';
import { findTrackers, markMessageSent, runTime } from '../../github/tracker.js';
import { postWebhook } from '../../notify/slack.js';
import { clock } from '../../runner/clock.js';
import { annotateWarning, info, setOutput } from '../../runner/commands.js';
import { repositoryUrl } from '../../runner/context.js';
import { readPlanWrite, type RepositoryFiles, type Snapshot } from '../../runner/files.js';
import { writeSummary } from '../../runner/summary.js';
import type { CommandInputs } from './inputs.js';
import { openApiSession } from './session.js';
import { syncTracker } from '../sync-tracker.js';

export async function runStart(inputs: CommandInputs<'start'>): Promise<void> {
  const { github, repository, config } = await openApiSession(inputs);
  const url = repositoryUrl();
  const result = await startHotfix(github, repository, config, {
    product: inputs.product,
    form: inputs.form,
    baseTag: inputs.baseTag,
    now: clock(),
    dryRun: inputs.dryRun,
    repositoryUrl: url,
  });

  for (const warning of result.warnings) annotateWarning(warning);
  setOutput('branch', result.branch);
  setOutput('version', result.version);
  setOutput('previous-version', result.previousVersion);
  setOutput('base-tag', result.baseTag);
  setOutput('target-branch', result.target.branch);
  setOutput('pr-number', result.pull ? String(result.pull.number) : '');
  setOutput('pr-url', result.pull?.url ?? '');
  setOutput('tracking-issue', result.tracker ? String(result.tracker.number) : '');
  info(startLogLine(result, inputs.dryRun));
  writeSummary(startSummary(result, inputs.form, inputs.dryRun));

  // The start message, once: delivered messages are recorded in the tracker, so a re-run after a
  // failure sends it if it was not delivered, and never twice.
  const tracker = result.tracker;
  if (inputs.webhookUrl && tracker && !tracker.sent.includes('start') && !inputs.dryRun) {
    const failure = await postWebhook(inputs.webhookUrl, {
      text: startMessage(result, inputs.form),
    });
    if (failure) {
      annotateWarning(
        `The start message did not reach the webhook: ${failure}. A re-run of the start sends it.`,
      );
    } else {
      await markMessageSent(github, repository, tracker.number, 'start');
    }
  }
}

interface StartOptions {
  product: string;
  form: HotfixForm;
  /** A production tag of the product to branch from; default the newest. */
  baseTag: string | undefined;
  now: Date;
  dryRun: boolean;
  /** The repository's web address, for Keep a Changelog compare links. */
  repositoryUrl: string | undefined;
}

/** Validates, then writes. Nothing is written before every input has been checked. */
async function startHotfix(
  github: GitHubClient,
  repository: RepositoryId,
  config: HotfixConfig,
  options: StartOptions,
): Promise<StartResult> {
  const product = getProduct(config, options.product);
  const changelog = requireStartable(config, product);
  if (options.baseTag !== undefined) checkBaseTagName(config, product.name, options.baseTag);

  const [tags, baseBranch] = await Promise.all([
    listProductionTags(github, repository, config, product.name),
    config.baseBranch ?? defaultBranch(github, repository),
  ]);
  const tag = chooseTag(tags.tags, product.name, options.baseTag, config);
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
    maintenanceHead,
    maintenanceBehindTag:
      maintenanceHead !== undefined && maintenanceHead !== baseSha && baseHead !== baseSha
        ? await isAncestor(github, repository, maintenanceHead, baseSha)
        : undefined,
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
  const commit: StartCommitOptions = {
    config,
    product,
    changelog,
    baseTag: tag.name,
    previousVersion: tag.version,
    version,
    form: options.form,
    now: options.now,
    repositoryUrl: options.repositoryUrl,
  };
  const plan = async (snapshot: Snapshot) => {
    const planned = planStartCommit(await snapshot.read(startCommitFiles(commit)), commit);
    return { ...planned, result: { files: planned.changes.map((change) => change.path) } };
  };

  if (options.dryRun) {
    // The same plan, on the tag's commit: what the commit on the new branch would hold.
    const atTag: RepositoryFiles = {
      description: `tag ${tag.name}`,
      snapshot: async () => commitSnapshot(github, repository, baseSha),
    };
    result.changedFiles = (await readPlanWrite(atTag, plan, true)).result.files;
    return result;
  }

  // The branch, created at the commit with the bump and the CHANGELOG row (made on the tag's
  // commit). It exists already on a re-run, or while another hotfix of this version is open
  // (the pull request tells them apart): then the work is planned again on the branch as it is.
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
  const title = pullTitle(options.form.issue);
  /** The open pull request of the branch; one with another title is another hotfix: refused. */
  const openPull = async (): Promise<PullSeen | undefined> => {
    const [found] = await pullsOf(github, repository, branch, { state: 'open' });
    if (found && found.title !== title) throw alreadyOpen(product.name, version, branch, found);
    return found;
  };
  let pull: PullSeen | undefined;
  if (!outcome) {
    pull = await openPull();
    outcome = await readPlanWrite(branchFiles(github, repository, branch), plan, false);
  }
  result.changedFiles = outcome.result.files;
  if (outcome.commitSha) result.commitSha = outcome.commitSha;

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
    const opened = await openPullOnce(
      github,
      repository,
      { title, head: branch, base: target.branch, body: pullBody(bodyInput) },
      openPull,
    );
    pull = opened.pull;
    pullCreated = opened.created;
  }
  const opened: PullSeen = pull;
  result.pull = { number: opened.number, url: opened.url, created: pullCreated };

  // The tracking issue: found again by its marker on a re-run, else opened.
  const state = startTrackerState({
    product: product.name,
    previousVersion: tag.version,
    version,
    form: options.form,
    startedAt: runTime(options.now),
    baseTag: tag.name,
    baseSha,
    branch,
    baseBranch,
    pull: opened,
  });
  const findTracker = async () =>
    (await findTrackers(github, repository, config, { product: product.name, version }))[0];
  const existing = pullCreated ? undefined : await findTracker();
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
    const issue = await openIssueOnce(
      github,
      repository,
      { title: trackerTitle(state), body, labels: config.labels },
      async () => {
        const found = await findTracker();
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
  if (trackerInPullBody(opened.body) !== trackerNumber) {
    const labels = withLabels(
      opened.labels.map((label) => label.name ?? ''),
      config.labels,
    );
    const body = pullCreated
      ? pullBody({ ...bodyInput, tracker: trackerNumber })
      : linkTracker(opened.body ?? '', trackerNumber);
    // The reviewers first: the body's link marks this step done, so a run that fails between
    // the two requests them again on its re-run (a request already made is not repeated).
    await requestReviewers(github, repository, config, opened, result.warnings);
    const patched = await setPullBodyAndLabels(github, repository, opened.number, body, labels);
    const uncoloured = patched.filter(
      (label) => typeof label === 'string' || !colouredLabels.includes(label.name ?? ''),
    );
    await colourNewLabels(github, repository, uncoloured, config.labels);
  }

  // On a re-run the tracker is brought up to date from GitHub, like any sync: found, or opened
  // by this run without the facts of the first run (its commit).
  if (existing) {
    await syncTracker(github, repository, config, existing, { now: options.now });
  } else if (outcome.commitSha === undefined && result.tracker) {
    const reopened = await findTracker();
    if (reopened) await syncTracker(github, repository, config, reopened, { now: options.now });
  }
  return result;
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
  const done =
    target.prepare === 'create'
      ? await createBranch(github, repository, target.branch, tagSha)
      : await moveBranchUp(github, repository, target.branch, tagSha);
  if (done) return;
  const head = await branchHead(github, repository, target.branch);
  if (head !== tagSha) {
    throw new UserError(
      `The maintenance branch ${target.branch} moved while the hotfix was being started (it is at ` +
        `${head ?? 'nothing'}, not at the tag's ${tagSha}): re-run the start; it will say what to do.`,
    );
  }
}
