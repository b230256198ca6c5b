import { existsSync, readFileSync } from 'node:fs';
import { branchFiles } from '../github/branch-files.js';
import { defaultBranch } from '../github/branches.js';
import { createClient, type GitHubClient, type RepositoryId } from '../github/client.js';
import { defaultBranchConfig } from '../github/repo-config.js';
import { parseConfig, type HotfixConfig } from '../domain/config.js';
import { parseBranch } from '../domain/naming.js';
import type { RepositoryFiles, Snapshot } from '../runner/files.js';
import { currentBranch, currentRepository } from '../runner/context.js';
import { getRequiredInput } from '../runner/inputs.js';
import { workspaceFiles } from '../runner/workspace-files.js';

/** Where a file action works: a branch through the API when `ref` is set, else the workspace. */
export interface FileTarget {
  files: RepositoryFiles;
  /** The branch acted on: `ref`, or the job's branch in workspace mode (for defaults only). */
  branch: string | undefined;
  apiMode: boolean;
}

export async function openFileTarget(ref: string | undefined): Promise<FileTarget> {
  if (ref === undefined) {
    return { files: workspaceFiles(), branch: currentBranch(), apiMode: false };
  }
  const branch = ref.replace(/^refs\/heads\//, '');
  const github = await createClient(getRequiredInput('token'));
  return { files: branchFiles(github, currentRepository(), branch), branch, apiMode: true };
}

/**
 * The configuration as the snapshot holds it; a missing file means defaults and no products.
 * `path` is the `config` input, checked by `configInput`.
 */
export async function readConfig(snapshot: Snapshot, path: string): Promise<HotfixConfig> {
  const contents = await snapshot.read([path]);
  return parseConfig(path, contents.get(path));
}

/**
 * The configuration at a commit of the repository; a commit that predates the file (a hotfix
 * branch cut from a tag older than the suite's adoption) takes the default branch's.
 */
export async function readConfigAt(
  github: GitHubClient,
  repository: RepositoryId,
  snapshot: Snapshot,
  configPath: string,
  commit: string,
): Promise<HotfixConfig> {
  const config = await readConfig(snapshot, configPath);
  return config.found
    ? config
    : defaultBranchConfig(github, repository, config.path, `commit ${commit}`);
}

/** The version a hotfix branch is named for (`hotfix/web-v1.2.4` → 1.2.4), when it names this product. */
export function versionFromBranch(
  config: HotfixConfig,
  branch: string | undefined,
  product: string | undefined,
): string | undefined {
  if (branch === undefined || product === undefined) return undefined;
  const parsed = parseBranch(config, branch);
  return parsed?.product === product ? parsed.version : undefined;
}

/** Replaces `{name}` placeholders; unknown ones are left as they are. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{([a-z-]+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/** What the actions read from a `pull_request` (or `pull_request_target`) event's payload. */
export interface EventPullRequest {
  number: number;
  head: { ref: string; sha: string };
  base: { ref: string; sha: string };
  merged: boolean;
  mergeCommitSha?: string;
  body?: string;
}

/** The triggering event's payload (`GITHUB_EVENT_PATH`), or an empty object outside a job. */
export function eventPayload(): Record<string, unknown> {
  const path = process.env['GITHUB_EVENT_PATH'];
  if (!path || !existsSync(path)) return {};
  const payload: unknown = JSON.parse(readFileSync(path, 'utf8'));
  return typeof payload === 'object' && payload !== null
    ? (payload as Record<string, unknown>)
    : {};
}

/** The pull request of a `pull_request`/`pull_request_target` event, else undefined. */
export function eventPullRequest(): EventPullRequest | undefined {
  const name = process.env['GITHUB_EVENT_NAME'];
  if (name !== 'pull_request' && name !== 'pull_request_target') return undefined;
  const pull = eventPayload()['pull_request'] as
    | {
        number?: number;
        head?: { ref?: string; sha?: string };
        base?: { ref?: string; sha?: string };
        merged?: boolean;
        merge_commit_sha?: string | null;
        body?: string | null;
      }
    | undefined;
  if (!pull?.head?.ref || !pull.head.sha || !pull.base?.ref || typeof pull.number !== 'number') {
    return undefined;
  }
  return {
    number: pull.number,
    head: { ref: pull.head.ref, sha: pull.head.sha },
    base: { ref: pull.base.ref, sha: pull.base.sha ?? '' },
    merged: pull.merged === true,
    ...(pull.merge_commit_sha ? { mergeCommitSha: pull.merge_commit_sha } : {}),
    ...(pull.body ? { body: pull.body } : {}),
  };
}

/** The repository's default branch as the event payload names it, if it does. */
export function eventDefaultBranch(): string | undefined {
  const repository = eventPayload()['repository'] as { default_branch?: unknown } | undefined;
  return typeof repository?.default_branch === 'string' ? repository.default_branch : undefined;
}

/** The repository's default branch: from the event's payload when it names it, else one call. */
export async function defaultBranchOf(
  github: GitHubClient,
  repository: RepositoryId,
): Promise<string> {
  return eventDefaultBranch() ?? (await defaultBranch(github, repository));
}
