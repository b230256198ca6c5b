import { annotateError, annotateWarning, info, setOutput } from '../runner/commands.js';
import { getProduct } from '../domain/config.js';
import { branchVersion, maintenanceBranchName, parseBranch } from '../domain/naming.js';
import { reversePatch } from '../domain/patch.js';
import {
  checkAncestry,
  checkBaseTag,
  checkChangelog,
  checkChangeSize,
  checkTarget,
  checkTrustedFiles,
  checkVersionFiles,
  failedChecks,
  CHECK_TITLES,
  planBase,
  productFolder,
  renderReport,
  skipped,
  type CheckResult,
  type VersionFileFacts,
} from '../domain/tag-base.js';
import { createClient } from '../github/client.js';
import { requireBranchHead } from '../github/branches.js';
import { commitSnapshot } from '../github/commit-files.js';
import { compareCommits, descendsFromBase, type Comparison } from '../github/compare.js';
import { listProductionTags } from '../github/production-tags.js';
import { trackerInPullBody } from '../domain/start/pull.js';
import { syncTrackerAfterStep } from './sync-tracker.js';
import { clock } from '../runner/clock.js';
import { currentBranch, currentRepository } from '../runner/context.js';
import { UserError } from '../domain/errors.js';
import { writeSummary } from '../runner/summary.js';
import { defaultBranch } from '../github/branches.js';
import { loadConfig } from '../github/repo-config.js';
import { eventPullRequest } from '../runner/event.js';
import type { Inputs } from './verify-tag-base/inputs.js';

export async function run(inputs: Inputs): Promise<void> {
  const repository = currentRepository();
  const github = await createClient(inputs.token);

  // On a pull_request event the event names the head; inputs override it.
  const pull = eventPullRequest();
  const branch = inputs.branch ?? pull?.head.ref ?? currentBranch();
  const headSha =
    inputs.head ??
    (inputs.branch === undefined ? pull?.head.sha : undefined) ??
    (branch !== undefined && process.env['GITHUB_REF'] === `refs/heads/${branch}`
      ? process.env['GITHUB_SHA']
      : undefined) ??
    (branch !== undefined ? await requireBranchHead(github, repository, branch) : undefined);
  if (headSha === undefined) {
    throw new UserError(
      "Input 'branch' is required outside a pull_request event: name the hotfix branch (or give 'head').",
    );
  }

  // The rules come from the reviewed side: the configuration of the pull request's base (the
  // maintenance branch cut at the tag, or main while it is at the tag), never the head's, which
  // the pull request under check could change. Without a pull request, the default branch's.
  const repositoryDefault = await defaultBranch(github, repository);
  const target = inputs.baseBranch ?? pull?.base.ref ?? repositoryDefault;
  const trustedRef = pull?.base.sha && target === pull.base.ref ? pull.base.sha : target;
  const config = await loadConfig(inputs.config, {
    files: {
      snapshot: commitSnapshot(github, repository, trustedRef),
      where: `${target} (${trustedRef})`,
    },
    api: async () => ({ github, repository }),
  });
  const headSnapshot = commitSnapshot(github, repository, headSha);
  const productName = inputs.product ?? (branch ? parseBranch(config, branch)?.product : undefined);
  if (productName === undefined) {
    throw new UserError(
      `Input 'product' is required: the branch ${branch ? `'${branch}' does not follow` : 'is unknown, so it cannot follow'} ` +
        `the branch-format '${config.branchFormat}' that names the product.`,
    );
  }
  const product = getProduct(config, productName);
  const namedVersion = branch ? branchVersion(config, product.name, branch) : undefined;
  const mainBranch = config.baseBranch ?? repositoryDefault;

  // What needs only the configuration is asked at once: the tags, the comparisons with the
  // target and with main (one when they are the same branch), and the files the checks read at
  // the head. Only the comparison with the base tag waits (for the tags).
  const versionPaths = product.versionFiles.map((spec) => spec.path);
  const headPaths = [
    ...versionPaths,
    ...(product.changelog !== undefined ? [product.changelog] : []),
  ];
  const compareWith = (base: string) =>
    compareCommits(github, repository, base, headSha, {
      base: `branch '${base}'`,
      head: `commit ${headSha}`,
    });
  const [tags, onTarget, onMain, atHead] = await Promise.all([
    listProductionTags(github, repository, config, product.name),
    compareWith(target),
    mainBranch === target ? undefined : compareWith(mainBranch),
    headSnapshot.read(headPaths),
  ]);
  const onBaseBranch = onMain ?? onTarget;
  const plan = planBase({
    formats: config,
    product: product.name,
    baseTag: inputs.baseTag,
    branchVersion: namedVersion,
    tags: tags.tags,
  });
  const baseTag = plan.tag === undefined ? undefined : tags.named(plan.tag);
  const sinceTag =
    baseTag === undefined
      ? undefined
      : await compareCommits(github, repository, baseTag.name, headSha, {
          base: `tag ${baseTag.name}`,
          head: `commit ${headSha}`,
        });
  const fastForwardPossible = onTarget.behindBy === 0;
  const baseBranch = mainBranch;

  const checks: CheckResult[] = [
    checkBaseTag({
      formats: config,
      product: product.name,
      plan,
      tags: tags.tags,
      branchVersion: namedVersion,
    }),
  ];
  let ownCommits: number | undefined;
  if (baseTag === undefined || sinceTag === undefined || plan.baseVersion === undefined) {
    const why = `Not checked: no base tag (check 1).`;
    checks.push(skipped('ancestry', why), skipped('version-files', why));
  } else {
    const ancestry = checkAncestry({
      baseTag: baseTag.name,
      baseSha: sinceTag.baseSha,
      headSha,
      branch,
      baseBranch,
      descends: descendsFromBase(sinceTag),
      mergeBaseSha: sinceTag.mergeBaseSha,
      sinceTag: sinceTag.commits,
      sinceTagTotal: sinceTag.aheadBy,
      notOnBaseBranch: new Set(onBaseBranch.commits.map((commit) => commit.sha)),
      notOnBaseBranchTotal: onBaseBranch.aheadBy,
    });
    ownCommits = ancestry.ownCommits;
    checks.push(
      ancestry.check,
      checkVersionFiles({
        files: product.versionFiles.map((spec) => versionFileFacts(spec, sinceTag, atHead)),
        baseVersion: plan.baseVersion,
        version: plan.version ?? '',
        baseTag: baseTag.name,
      }),
    );
  }
  checks.push(
    plan.version === undefined
      ? skipped('changelog', 'Not checked: no target version (check 1).')
      : checkChangelog({
          ...(product.changelog !== undefined
            ? { path: product.changelog, content: atHead.get(product.changelog) }
            : {}),
          version: plan.version,
          product: product.name,
        }),
    sinceTag === undefined
      ? skipped('change-size', 'Not checked: no base tag (check 1).')
      : checkChangeSize({
          files: sinceTag.files.map((file) => file.path),
          filesComplete: sinceTag.filesComplete,
          maxFiles: inputs.maxFiles,
          folder: productFolder([
            ...versionPaths,
            ...(product.changelog !== undefined ? [product.changelog] : []),
          ]),
          product: product.name,
        }),
    baseTag === undefined || plan.baseVersion === undefined
      ? skipped('target', 'Not checked: no base tag (check 1).')
      : checkTarget({
          target,
          baseBranch: mainBranch,
          maintenanceBranch: maintenanceBranchName(config, product.name, plan.baseVersion),
          baseTag: baseTag.name,
          branch,
          targetAhead: onTarget.behindBy,
        }),
    sinceTag === undefined
      ? skipped('trusted-files', 'Not checked: no base tag (check 1).')
      : checkTrustedFiles({
          files: sinceTag.files.map((file) => file.path),
          configPath: config.path,
          deployCommand: product.deploy,
        }),
  );

  for (const check of checks) {
    info(`${CHECK_TITLES[check.id]}: ${check.verdict}: ${check.reason}`);
    for (const annotation of check.annotations) {
      const annotate = annotation.level === 'error' ? annotateError : annotateWarning;
      if (annotation.location?.file) annotate(annotation.message, annotation.location);
      else if (annotation.level === 'error') annotateError(annotation.message);
      else annotateWarning(annotation.message);
    }
  }
  const failed = failedChecks(checks);
  const report = renderReport({
    product: product.name,
    version: plan.version,
    baseTag: baseTag?.name,
    baseSha: sinceTag?.baseSha,
    headSha,
    branch,
    baseBranch: target,
    commits: ownCommits,
    filesChanged: sinceTag?.files.length,
    fastForwardPossible,
    checks,
  });

  setOutput('result', failed.length === 0 ? 'pass' : 'fail');
  setOutput('base-tag', baseTag?.name ?? plan.tag ?? '');
  setOutput('base-sha', sinceTag?.baseSha ?? '');
  setOutput('base-version', plan.baseVersion ?? '');
  setOutput('version', plan.version ?? '');
  setOutput('commits', ownCommits === undefined ? '' : String(ownCommits));
  setOutput('files-changed', sinceTag === undefined ? '' : String(sinceTag.files.length));
  setOutput('fast-forward-possible', String(fastForwardPossible));
  setOutput('report', report);
  writeSummary(report);
  await syncTrackerAfterStep(github, repository, config, trackerInPullBody(pull?.body), clock());

  if (failed.length > 0) {
    throw new UserError(
      `${failed.length} of ${checks.length} hotfix checks failed: ` +
        `${failed.map((check) => CHECK_TITLES[check.id]).join(', ')}. The job summary says what to do.`,
    );
  }
}

/** A version file at the head and at the tag: unchanged, or its diff reversed onto the head's text. */
function versionFileFacts(
  spec: VersionFileFacts['spec'],
  sinceTag: Comparison,
  atHead: ReadonlyMap<string, string | undefined>,
): VersionFileFacts {
  const head = atHead.get(spec.path);
  const changed = sinceTag.files.find((file) => file.path === spec.path);
  if (changed === undefined) return { spec, atTag: head, atHead: head };
  if (changed.status === 'added') return { spec, atHead: head };
  if (head === undefined) return { spec };
  if (changed.patch === undefined) {
    return {
      spec,
      atHead: head,
      unknownAtTag: `${spec.path}: GitHub sent no diff for it (binary or very large): a version file's change is one line.`,
    };
  }
  const atTag = reversePatch(head, changed.patch);
  return atTag === undefined
    ? {
        spec,
        atHead: head,
        unknownAtTag: `${spec.path}: the diff GitHub sent does not fit the file.`,
      }
    : { spec, atTag, atHead: head };
}
