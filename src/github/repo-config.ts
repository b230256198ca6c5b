/**
 * `.github/hotfix.yml`, the one way every action and command reads it: from the first source that
 * holds the file, in this order:
 * 1. the files the action works on (the checked-out workspace, or the commit it reads);
 * 2. the file at `ref` through the API (one contents call: a command without a checkout);
 * 3. the default branch's, where the workflows that run the actions are kept (a ref or commit
 *    older than the suite's adoption, such as a production tag cut before the file existed,
 *    holds none).
 * None holds it: the defaults, with no products.
 */
import { info } from '../runner/commands.js';
import { parseConfig, type HotfixConfig } from '../domain/config.js';
import type { Snapshot } from '../runner/files.js';
import type { GitHubClient, RepositoryId } from './client.js';
import { readFileAt } from './commit-files.js';

export interface ConfigSources {
  /** 1: the files being worked on; `where` names them for the log ("commit 1a2b3c4"). */
  files?: { snapshot: Snapshot; where: string };
  /** 2 and 3: the API, made on first use (not every run needs it); `ref` for 2. */
  api?: () => Promise<{ github: GitHubClient; repository: RepositoryId }>;
  ref?: string;
}

/** `path` is the `config` input, checked by `configInput`. */
export async function loadConfig(path: string, sources: ConfigSources): Promise<HotfixConfig> {
  if (sources.files) {
    const text = (await sources.files.snapshot.read([path])).get(path);
    if (text !== undefined || !sources.api) return parseConfig(path, text);
  }
  if (!sources.api) return parseConfig(path, undefined);
  const { github, repository } = await sources.api();
  if (sources.ref !== undefined) {
    const text = await readFileAt(github, repository, sources.ref, path);
    if (text !== undefined) return parseConfig(path, text);
  }
  const text = await readFileAt(github, repository, undefined, path);
  const missingAt = sources.ref ?? sources.files?.where;
  if (text !== undefined && missingAt !== undefined) {
    info(`${path} is not in ${missingAt} (older than the file): using the default branch's.`);
  }
  return parseConfig(path, text);
}
