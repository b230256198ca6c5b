import { parseDocument } from 'yaml';
import { branchFiles } from '../github/branch-files.js';
import { createClient } from '../github/client.js';
import { parseConfig, type HotfixConfig } from '../domain/config.js';
import { parseBranch } from '../domain/naming.js';
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
