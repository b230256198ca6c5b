import { info, setOutput } from '../../runner/commands.js';
import { getProduct, type HotfixConfig, type ProductConfig } from '../../domain/config.js';
import {
  forwardPortBody,
  forwardPortEditsMessage,
  forwardPortMergeMessage,
  forwardPortTitle,
  mainEdits,
  releaseFiles,
  withoutReleaseEdits,
  forwardPortLogLine,
  forwardPortSummary,
  type ForwardPortOutcome,
  type ForwardPortText,
  type MainEdits,
} from '../../domain/forward-port.js';
import { forwardPortBranchName, parseTag, tagName } from '../../domain/naming.js';
import { fixOnMainMessage } from '../../domain/messages.js';
import { previousPatch } from '../../domain/version.js';
import { branchFiles } from '../../github/branch-files.js';
import {
  branchHead,
  createBranch,
  defaultBranch,
  deleteBranch,
  mergeIntoBranch,
} from '../../github/branches.js';
import type { GitHubClient, RepositoryId } from '../../github/client.js';
import { commitOnto, commitSnapshot, readCommit } from '../../github/commit-files.js';
import { compareCommits } from '../../github/compare.js';
import { CONFLICT_LABEL, FORWARD_PORT_LABEL, colourNewLabels } from '../../github/labels.js';
import {
  addLabels,
  openPullOnce,
  pullsOf,
  requestReviewers,
  type PullSeen,
} from '../../github/pulls.js';
import { readTag } from '../../github/publish.js';
import { loadConfig } from '../../github/repo-config.js';
import { findTrackers, postCommentOnce } from '../../github/tracker.js';
import { clock } from '../../runner/clock.js';
import { UserError } from '../../domain/errors.js';
import { readPlanWrite } from '../../runner/files.js';
import { writeSummary } from '../../runner/summary.js';
import type { CommandInputs } from './inputs.js';
import { openApiSession } from './session.js';
import { syncTracker } from '../sync-tracker.js';

/**
 * After the tag of a hotfix made on a maintenance branch: a pull request into the default branch
 * that carries the fix (not the version bump), the CHANGELOG entry in main's order, and a build
 * number above the hotfix's. GitHub merges on its side (no checkout). A conflict in the fix opens
 * a draft that names the files and the commands; nothing is opened when the fix is already on
 * main. Each step is found again on a re-run: the branch, its merge (by its message), the pull
 * request (by its branch).
 */
export async function runForwardPort(inputs: CommandInputs<'forward-port'>): Promise<void> {
  const now = clock();
  const { github, repository, config } = await openApiSession(inputs);
  const hotfix = await readHotfix(github, repository, config, inputs);
  const trackers = await findTrackers(github, repository, config, {
    product: hotfix.product.name,
    version: hotfix.version,
  });
  const { outcome, edits, fixFiles } = await carry(github, repository, config, hotfix, {
    dryRun: inputs.dryRun,
    today: now.toISOString().slice(0, 10),
    tracker: trackers[0]?.number,
  });

  // The tracker learns the outcome: the pull request from GitHub, "already on main" from a
  // comment of the suite's (nothing else records it).
  for (const tracker of trackers) {
    if (
      outcome.result === 'on-main' &&
      tracker.tracker.maintenanceBranch !== undefined &&
      !inputs.dryRun
    ) {
      await postCommentOnce(
        github,
        repository,
        tracker.number,
        'forward-port',
        fixOnMainMessage(outcome.why, hotfix.baseBranch),
      );
    }
    await syncTracker(github, repository, config, tracker, { now, dryRun: inputs.dryRun });
  }

  const pull = 'pull' in outcome ? outcome.pull : undefined;
  setOutput('result', outcome.result);
  setOutput('pr-number', pull ? String(pull.number) : '');
  setOutput('pr-url', pull?.url ?? '');
  setOutput('tracking-issue', trackers.map((tracker) => tracker.number).join(','));
  info(forwardPortLogLine(outcome, hotfix, inputs.dryRun));
  writeSummary(forwardPortSummary(outcome, hotfix, { edits, fixFiles, dryRun: inputs.dryRun }));
}

/** What the forward-port starts from: the hotfix's tag and base tag, main, and their products. */
interface Hotfix {
  /** The product as main configures it (main's version files and CHANGELOG). */
  product: ProductConfig;
  /** The product as the release configured it (the tag's version files and CHANGELOG). */
  released: ProductConfig;
  version: string;
  baseVersion: string;
  tag: string;
  tagSha: string;
  baseTag: string;
  baseSha: string;
  baseBranch: string;
  mainHead: string;
  branch: string;
  existing?: ForwardPortPull;
}

async function readHotfix(
  github: GitHubClient,
  repository: RepositoryId,
  config: HotfixConfig,
  inputs: CommandInputs<'forward-port'>,
): Promise<Hotfix> {
  const parsed = parseTag(config, inputs.tag);
  if (!parsed) {
    throw new UserError(
      `'${inputs.tag}' is not a production tag: production tags are named '${config.tagFormat}' (tag-format in ${config.path}).`,
    );
  }
  const { version } = parsed;
  const product = getProduct(config, parsed.product);
  const baseVersion = previousPatch(version);
  if (baseVersion === undefined) {
    throw new UserError(
      `${inputs.tag} is not a hotfix (${version} is no PATCH release): there is nothing to forward-port.`,
    );
  }
  const tag = tagName(config, product.name, version);
  const baseTag = tagName(config, product.name, baseVersion);
  const baseBranch = config.baseBranch ?? (await defaultBranch(github, repository));
  const branch = forwardPortBranchName(product.name, version);
  const [tagged, base, mainHead, existing, tagConfig] = await Promise.all([
    readTag(github, repository, tag),
    readTag(github, repository, baseTag),
    branchHead(github, repository, baseBranch),
    forwardPortPull(github, repository, branch, baseBranch),
    loadConfig(inputs.config, {
      api: async () => ({ github, repository }),
      ref: `refs/tags/${tag}`,
    }),
  ]);
  if (tagged === undefined || base === undefined) {
    throw new UserError(
      `${tagged === undefined ? tag : baseTag} does not exist: a forward-port starts from a hotfix's production tag and its base tag.`,
    );
  }
  if (mainHead === undefined)
    throw new UserError(`The base branch '${baseBranch}' does not exist.`);
  return {
    product,
    released: tagConfig.products[product.name] ?? product,
    version,
    baseVersion,
    tag,
    tagSha: tagged.commitSha,
    baseTag,
    baseSha: base.commitSha,
    baseBranch,
    mainHead,
    branch,
    existing,
  };
}

/**
 * Decides and does the forward-port: nothing when main contains the tag (the quiet-main path) or
 * already holds the fix's files as tagged; the existing pull request on a re-run; else the port.
 */
async function carry(
  github: GitHubClient,
  repository: RepositoryId,
  config: HotfixConfig,
  hotfix: Hotfix,
  options: { dryRun: boolean; today: string; tracker?: number },
): Promise<{ outcome: ForwardPortOutcome; edits?: MainEdits; fixFiles: string[] }> {
  const { tag, baseTag, baseBranch } = hotfix;
  const onMain = await compareCommits(github, repository, baseBranch, hotfix.tagSha, {
    base: `branch '${baseBranch}'`,
    head: `tag ${tag}`,
  });
  if (onMain.status === 'behind' || onMain.status === 'identical') {
    return {
      outcome: { result: 'on-main', why: `${baseBranch} contains ${tag} (the fast-forward path)` },
      fixFiles: [],
    };
  }
  if (hotfix.existing) {
    if (!options.dryRun) await completePull(github, repository, config, hotfix.existing);
    const { number, url } = hotfix.existing;
    return { outcome: { result: 'exists', pull: { number, url } }, fixFiles: [] };
  }

  const release = releaseFiles(hotfix.released.versionFiles, hotfix.released.changelog);
  const sinceBase = await compareCommits(github, repository, baseTag, hotfix.tagSha, {
    base: `tag ${baseTag}`,
    head: `tag ${tag}`,
  });
  const fixFiles = sinceBase.files
    .map((file) => file.path)
    .filter((path) => !release.includes(path));
  const [tagFiles, baseFiles, mainFiles] = await Promise.all([
    commitSnapshot(github, repository, hotfix.tagSha).read([...release, ...fixFiles]),
    commitSnapshot(github, repository, hotfix.baseSha).read(release),
    commitSnapshot(github, repository, hotfix.mainHead).read(fixFiles),
  ]);
  if (fixFiles.every((path) => tagFiles.get(path) === mainFiles.get(path))) {
    const why =
      fixFiles.length === 0
        ? `the hotfix changed only its release files`
        : `${baseBranch} already holds the fix (${fixFiles.join(', ')} as tagged)`;
    return { outcome: { result: 'on-main', why }, fixFiles: [] };
  }
  if (options.dryRun) return { outcome: { result: 'would-open' }, fixFiles };

  const text: Omit<ForwardPortText, 'edits'> = {
    product: hotfix.product.name,
    version: hotfix.version,
    tag,
    baseTag,
    baseBranch,
    branch: hotfix.branch,
    fixFiles,
    releaseFiles: release.filter((path) => tagFiles.get(path) !== undefined),
    tracker: options.tracker,
  };
  const { product, released } = hotfix;
  const ported = await port(github, repository, {
    text,
    tagSha: hotfix.tagSha,
    baseSha: hotfix.baseSha,
    mainHead: hotfix.mainHead,
    fixOnly: withoutReleaseEdits({
      specs: released.versionFiles,
      changelog: released.changelog,
      baseVersion: hotfix.baseVersion,
      version: hotfix.version,
      atBase: baseFiles,
      atTag: tagFiles,
    }),
    mainPlan: (atPort) =>
      mainEdits({
        specs: product.versionFiles,
        changelog: product.changelog,
        version: hotfix.version,
        today: options.today,
        atTag: tagFiles,
        atMain: atPort,
      }),
    mainFiles: releaseFiles(product.versionFiles, product.changelog),
  });
  if ('alreadyOnMain' in ported) {
    return { outcome: { result: 'on-main', why: ported.alreadyOnMain }, fixFiles: [] };
  }
  const pull = await openPull(github, repository, config, {
    ...text,
    edits: ported.edits,
    conflicts: ported.conflicts,
  });
  return {
    outcome: { result: ported.conflicts ? 'conflict' : 'opened', pull },
    edits: ported.edits,
    fixFiles,
  };
}

/** The forward-port pull request of a branch: an open one, else a merged one. */
async function forwardPortPull(
  github: GitHubClient,
  repository: RepositoryId,
  branch: string,
  baseBranch: string,
): Promise<PullSeen | undefined> {
  const pulls = await pullsOf(github, repository, branch, { state: 'all', base: baseBranch });
  return pulls.find((pull) => pull.state === 'open') ?? pulls.find((pull) => pull.merged);
}

/** `draft`: opened as a draft, GitHub could not merge the fix (a conflict). */
type ForwardPortPull = Pick<PullSeen, 'number' | 'url' | 'labels' | 'draft'>;

/**
 * The writes: the "fix only" commit on the base tag, the forward-port branch at main, GitHub's
 * three-way merge of the fix into it, then the CHANGELOG entry and the build number. A conflict
 * leaves the branch at main with only the CHANGELOG commit, and names the files both sides changed.
 */
async function port(
  github: GitHubClient,
  repository: RepositoryId,
  options: {
    text: Omit<ForwardPortText, 'edits'>;
    tagSha: string;
    baseSha: string;
    mainHead: string;
    fixOnly: { path: string; content: string }[];
    mainPlan: (atPort: ReadonlyMap<string, string | undefined>) => MainEdits;
    mainFiles: string[];
  },
): Promise<{ alreadyOnMain: string } | { edits: MainEdits; conflicts?: string[] }> {
  const { text } = options;
  const branchAt = await branchHead(github, repository, text.branch);
  let start = branchAt;
  if (start === undefined) {
    start = options.mainHead;
    // Created meanwhile (our own create, its answer lost): it is used as it is.
    await createBranch(github, repository, text.branch, start);
  }
  const mergeSubject = forwardPortMergeMessage(text.tag, text.baseBranch).split('\n')[0] ?? '';
  const ours = await compareCommits(github, repository, text.baseBranch, text.branch, {
    base: `branch '${text.baseBranch}'`,
    head: `branch '${text.branch}'`,
  });
  let conflicts: string[] | undefined;
  if (!ours.commits.some((commit) => commit.subject === mergeSubject)) {
    const fixOnly = await commitOnto(github, repository, {
      treeOf: options.tagSha,
      files: options.fixOnly,
      parents: [options.baseSha],
      message: `The fix of ${text.tag} without its release edits, for the forward-port\n`,
    });
    const merge = await mergeIntoBranch(
      github,
      repository,
      text.branch,
      fixOnly,
      forwardPortMergeMessage(text.tag, text.baseBranch),
    );
    if (merge.result === 'conflict') conflicts = await bothChanged(github, repository, text);
    // The fix changes nothing on main (patch-equivalent there): no pull request.
    if (
      merge.result === 'merged' &&
      merge.treeSha === (await readCommit(github, repository, start)).treeSha
    ) {
      await deleteBranch(github, repository, text.branch);
      return { alreadyOnMain: `${text.baseBranch} already holds what the fix changes` };
    }
  }
  await readPlanWrite(
    branchFiles(github, repository, text.branch),
    async (snapshot) => {
      const edits = options.mainPlan(await snapshot.read(options.mainFiles));
      return {
        result: edits,
        changes: edits.changes,
        message: forwardPortEditsMessage(text.product, text.version),
      };
    },
    false,
  );
  // What the pull request holds against main, whichever run made it (a re-run writes nothing).
  const againstMain = options.mainPlan(
    await commitSnapshot(github, repository, options.mainHead).read(options.mainFiles),
  );
  return { edits: againstMain, conflicts };
}

/** The fix's files that the base branch also changed since the base tag: the likely conflicts. */
async function bothChanged(
  github: GitHubClient,
  repository: RepositoryId,
  text: Omit<ForwardPortText, 'edits'>,
): Promise<string[]> {
  const onMain = await compareCommits(github, repository, text.baseTag, text.baseBranch, {
    base: `tag ${text.baseTag}`,
    head: `branch '${text.baseBranch}'`,
  });
  const changed = new Set(onMain.files.map((file) => file.path));
  return text.fixFiles.filter((path) => changed.has(path));
}

/** Opens the forward-port pull request (a draft on a conflict), labelled, with reviewers. */
async function openPull(
  github: GitHubClient,
  repository: RepositoryId,
  config: HotfixConfig,
  text: ForwardPortText,
): Promise<{ number: number; url: string }> {
  const { pull } = await openPullOnce(
    github,
    repository,
    {
      title: forwardPortTitle(text.product, text.version, text.baseBranch),
      head: text.branch,
      base: text.baseBranch,
      body: forwardPortBody(text),
      draft: text.conflicts !== undefined,
    },
    () => forwardPortPull(github, repository, text.branch, text.baseBranch),
  );
  await completePull(github, repository, config, pull);
  return { number: pull.number, url: pull.url };
}

/**
 * The pull request's reviewers and labels, once: the label is set last and marks the step done,
 * so a re-run after a failure in between completes it, and a later re-run leaves alone what
 * people changed. Our labels still grey get their colour.
 */
async function completePull(
  github: GitHubClient,
  repository: RepositoryId,
  config: HotfixConfig,
  pull: ForwardPortPull,
): Promise<void> {
  const labels = [FORWARD_PORT_LABEL, ...(pull.draft ? [CONFLICT_LABEL] : [])];
  if (pull.labels.some((label) => label.name === FORWARD_PORT_LABEL)) {
    await colourNewLabels(github, repository, pull.labels, labels);
    return;
  }
  const warnings: string[] = [];
  await requestReviewers(
    github,
    repository,
    config,
    { number: pull.number, requestedReviewers: [], requestedTeams: [] },
    warnings,
  );
  for (const warning of warnings) info(warning);
  const added = await addLabels(github, repository, pull.number, labels);
  await colourNewLabels(github, repository, added, labels);
}
