/**
 * `.github/hotfix.yml` read through the API, for the commands that run without a checkout: one
 * contents call, on the default branch unless a ref is given.
 */
import { info } from '../runner/commands.js';
import { parseConfig, type HotfixConfig } from '../domain/config.js';
import { checkRelativePath } from '../domain/files.js';
import type { GitHubClient, RepositoryId } from './client.js';
import { readFileAt } from './commit-files.js';

/**
 * The configuration at `ref` (default: the default branch). A ref older than the suite's adoption
 * (a production tag cut before the file existed) holds none: then the default branch's is used,
 * where the workflows that run the actions are kept. One call, two in that case.
 */
export async function readRepositoryConfig(
  github: GitHubClient,
  repository: RepositoryId,
  configPath: string,
  ref?: string,
): Promise<HotfixConfig> {
  const path = checkRelativePath(configPath, "Input 'config'");
  const text = await readFileAt(github, repository, ref, path);
  if (text !== undefined || ref === undefined) return parseConfig(path, text);
  return defaultBranchConfig(github, repository, path, ref);
}

/** The default branch's configuration, for a commit that predates the file. */
export async function defaultBranchConfig(
  github: GitHubClient,
  repository: RepositoryId,
  path: string,
  missingAt: string,
): Promise<HotfixConfig> {
  const text = await readFileAt(github, repository, undefined, path);
  if (text !== undefined) {
    info(`${path} is not in ${missingAt} (older than the file): using the default branch's.`);
  }
  return parseConfig(path, text);
}
