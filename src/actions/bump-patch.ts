import { info, setOutput } from '../runner/commands.js';
import { bumpLogLines, bumpSummary, filesToRead, planBump } from '../domain/bump.js';
import { getProduct } from '../domain/config.js';
import { previousPatch } from '../domain/version.js';
import { writeSummary } from '../runner/summary.js';
import { fillTemplate, versionFromBranch } from '../domain/naming.js';
import { planOnFiles } from './file-target.js';
import type { Inputs } from './bump-patch/inputs.js';

export async function run(inputs: Inputs): Promise<void> {
  const { target, outcome } = await planOnFiles(inputs, async (snapshot, config, target) => {
    const specs = inputs.files ?? getProduct(config, inputs.product ?? '').versionFiles;
    const contents = await snapshot.read(filesToRead(specs));
    // On a hotfix branch (hotfix/<product>-v<version>) the branch says what the bump is for,
    // so a re-run finds the work done instead of bumping twice.
    const branchVersion = versionFromBranch(config, target.branch, inputs.product);
    const expectedVersion =
      inputs.expectedVersion ?? (branchVersion && previousPatch(branchVersion));
    const plan = planBump(specs, contents, {
      buildNumber: inputs.buildNumber,
      ...(expectedVersion ? { expectedVersion } : {}),
    });
    const message = fillTemplate(inputs.commitMessage, {
      product: inputs.product ?? 'version',
      version: plan.version,
      'previous-version': plan.previousVersion,
    });
    return {
      result: plan,
      changes: plan.changes.map((c) => ({ path: c.path, content: c.after })),
      message,
    };
  });

  const plan = outcome.result;
  setOutput('previous-version', plan.previousVersion);
  setOutput('version', plan.version);
  setOutput('previous-build', plan.previousBuild ?? '');
  setOutput('build', plan.build ?? '');
  // In a dry run: the files that would change.
  setOutput('changed-files', JSON.stringify(plan.changes.map((c) => c.path)));
  setOutput('commit-sha', outcome.commitSha ?? '');
  for (const line of bumpLogLines(plan, target.files.description, inputs.dryRun)) info(line);
  writeSummary(bumpSummary(plan, target.files.description, inputs.dryRun, outcome.commitSha));
}
