import type { HotfixConfig } from '../domain/config.js';
import { branchFiles } from '../github/branch-files.js';
import { loadConfig } from '../github/repo-config.js';
import { createClient } from '../github/client.js';
import {
  readPlanWrite,
  type PlannedWrite,
  type RepositoryFiles,
  type Snapshot,
} from '../runner/files.js';
import { currentBranch, currentRepository } from '../runner/context.js';
import { workspaceFiles } from '../runner/workspace-files.js';

/** Where a file action works: a branch through the API when `ref` is set, else the workspace. */
export interface FileTarget {
  files: RepositoryFiles;
  /** The branch acted on: `ref`, or the job's branch in workspace mode (for defaults only). */
  branch: string | undefined;
  apiMode: boolean;
}

/** `token` is given with `ref` (the inputs require it then). */
async function openFileTarget(
  ref: string | undefined,
  token: string | undefined,
): Promise<FileTarget> {
  if (ref === undefined || token === undefined) {
    return { files: workspaceFiles(), branch: currentBranch(), apiMode: false };
  }
  const branch = ref.replace(/^refs\/heads\//, '');
  const github = await createClient(token);
  return { files: branchFiles(github, currentRepository(), branch), branch, apiMode: true };
}

/**
 * A file action's read, plan and write (runner/files.ts readPlanWrite) where `inputs` say (the
 * workspace, or the branch `ref` through the API), the plan given the configuration those same
 * files hold (a missing file: the defaults).
 */
export async function planOnFiles<T>(
  inputs: { ref: string | undefined; token: string | undefined; config: string; dryRun: boolean },
  plan: (snapshot: Snapshot, config: HotfixConfig, target: FileTarget) => Promise<PlannedWrite<T>>,
) {
  const target = await openFileTarget(inputs.ref, inputs.token);
  const outcome = await readPlanWrite(
    target.files,
    async (snapshot) => {
      const files = { snapshot, where: target.files.description };
      return plan(snapshot, await loadConfig(inputs.config, { files }), target);
    },
    inputs.dryRun,
  );
  return { target, outcome };
}
