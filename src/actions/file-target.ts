import type { HotfixConfig } from '../domain/config.js';
import { branchFiles } from '../github/branch-files.js';
import { loadConfig } from '../github/repo-config.js';
import { createClient } from '../github/client.js';
import type { RepositoryFiles, Snapshot } from '../runner/files.js';
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
export async function openFileTarget(
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

/** The configuration as the files worked on hold it (a missing file: the defaults). */
export function configIn(
  target: FileTarget,
  snapshot: Snapshot,
  path: string,
): Promise<HotfixConfig> {
  return loadConfig(path, { files: { snapshot, where: target.files.description } });
}
