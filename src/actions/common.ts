import { existsSync, readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { branchFiles } from '../github/branch-files.js';
import { createClient, type GitHubClient, type RepositoryId } from '../github/client.js';
import { defaultBranchConfig } from '../github/repo-config.js';
import { parseConfig, type HotfixConfig } from '../domain/config.js';
import { parseBranch, refNameProblem } from '../domain/naming.js';
import { checkRelativePath, type RepositoryFiles, type Snapshot } from '../runner/files.js';
import { currentBranch, currentRepository } from '../runner/context.js';
import { UserError } from '../runner/errors.js';
import { getRequiredInput } from '../runner/inputs.js';
import { workspaceFiles } from '../runner/workspace-files.js';
import type { VersionFileSpec } from '../domain/version-files.js';

/** Where a file action works: a branch through the API when `ref` is set, else the workspace. */
export interface FileTarget {
  files: RepositoryFiles;
  /** The branch acted on: `ref`, or the job's branch in workspace mode (for defaults only). */
  branch: string | undefined;
  apiMode: boolean;
}

export function openFileTarget(ref: string | undefined): FileTarget {
  if (ref === undefined) {
    return { files: workspaceFiles(), branch: currentBranch(), apiMode: false };
  }
  const branch = ref.replace(/^refs\/heads\//, '');
  const github = createClient(getRequiredInput('token'));
  return { files: branchFiles(github, currentRepository(), branch), branch, apiMode: true };
}

/** The configuration as the snapshot holds it; a missing file means defaults and no products. */
export async function readConfig(snapshot: Snapshot, configPath: string): Promise<HotfixConfig> {
  const path = checkRelativePath(configPath, "Input 'config'");
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

/**
 * The `files` input: paths one per line or comma-separated, or a YAML list whose items are a path
 * or `{path, pattern}`. Undefined when not given.
 */
export function parseFilesInput(text: string | undefined): VersionFileSpec[] | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const trimmed = text.trim();
  const items: unknown[] =
    trimmed.startsWith('-') || trimmed.startsWith('[')
      ? toArray(parseDocument(trimmed).toJS())
      : trimmed
          .split(/[\n,]/)
          .map((line) => line.trim())
          .filter((line) => line !== '');
  return items.map((item, index) => {
    if (typeof item === 'string')
      return { path: checkRelativePath(item, `Input 'files' item ${index + 1}`) };
    if (isSpecObject(item)) {
      return {
        path: checkRelativePath(item.path, `Input 'files' item ${index + 1}`),
        ...(item.pattern !== undefined ? { pattern: item.pattern } : {}),
      };
    }
    throw new UserError(`Input 'files' item ${index + 1}: must be a path or {path, pattern}.`);
  });
}

function toArray(value: unknown): unknown[] {
  if (!Array.isArray(value))
    throw new UserError("Input 'files': a YAML list must be a list of paths or {path, pattern}.");
  return value;
}

function isSpecObject(value: unknown): value is { path: string; pattern?: string } {
  if (typeof value !== 'object' || value === null) return false;
  const { path, pattern, ...rest } = value as Record<string, unknown>;
  return (
    typeof path === 'string' &&
    (pattern === undefined || typeof pattern === 'string') &&
    Object.keys(rest).length === 0
  );
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
  return (
    eventDefaultBranch() ?? (await github.rest.repos.get({ ...repository })).data.default_branch
  );
}

/**
 * A ref input (a branch or tag name, with or without its `refs/heads/` or `refs/tags/` prefix),
 * checked against git's rules for ref names. Undefined when not given.
 */
export function checkRefInput(
  value: string | undefined,
  name: string,
  prefix: 'refs/heads/' | 'refs/tags/',
): string | undefined {
  if (value === undefined) return undefined;
  const short = value.trim().startsWith(prefix) ? value.trim().slice(prefix.length) : value.trim();
  const problem = refNameProblem(short);
  if (problem) throw new UserError(`Input '${name}': '${value}' is not a valid name: ${problem}.`);
  return short;
}
