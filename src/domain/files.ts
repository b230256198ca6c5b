import { UserError } from './errors.js';

/** A file's new text, as an action plans it (written to the workspace or as one commit). */
export interface FileChange {
  path: string;
  content: string;
}

/** Each path's text, or undefined when the file does not exist. */
export type FileContents = ReadonlyMap<string, string | undefined>;

/** A repository-relative path that stays inside the repository: no absolute path, no `..`. */
export function checkRelativePath(path: string, what: string): string {
  const normalized = path
    .trim()
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '');
  if (normalized === '' || normalized.startsWith('/') || normalized.split('/').includes('..')) {
    throw new UserError(
      `${what}: '${path}' must be a path relative to the repository root, without '..'.`,
    );
  }
  return normalized;
}
