// Input helpers shared by the actions' input modules (`<action>/inputs.ts`). These modules run
// before an action's body is loaded, so they import only light code: no Octokit nor the
// configuration's validator; the yaml parser for inputs written as YAML lists (main.ts explains
// why).
import { parseDocument } from 'yaml';
import { productNameProblem, refNameProblem } from '../domain/naming.js';
import type { VersionFileSpec } from '../domain/version-files.js';
import { checkRelativePath } from '../domain/files.js';
import { UserError } from '../domain/errors.js';
import { getOptionalInput } from '../runner/inputs.js';
import { setSecret } from '../runner/commands.js';
import { redactUrl } from '../domain/monitor/checks.js';
import { shown } from '../domain/markdown.js';

export const DEFAULT_CONFIG_PATH = '.github/hotfix.yml';

/**
 * A token where the action needs the GitHub API: the one message for an empty `token` input
 * (`purpose` says what needs it), whichever action or command it is.
 */
export function requireToken(token: string | undefined, purpose: string): string {
  if (token === undefined) {
    throw new UserError(
      `Input 'token' is empty: a token is needed for ${purpose} (leave it at its default, \${{ github.token }}).`,
    );
  }
  return token;
}

/** The `token` input, required (see requireToken). */
export function tokenInput(purpose: string): string {
  return requireToken(getOptionalInput('token'), purpose);
}

/** The `product` input: a product name of the configuration, when given. */
export function productInput(): string | undefined {
  const product = getOptionalInput('product');
  const problem = product === undefined ? undefined : productNameProblem(product);
  if (problem) throw new UserError(`Input 'product': ${problem}.`);
  return product;
}

/** The `config` input: the configuration file's path in the repository. */
export function configInput(): string {
  return checkRelativePath(getOptionalInput('config') ?? DEFAULT_CONFIG_PATH, "Input 'config'");
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
        pattern: item.pattern,
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

/**
 * An http:// or https:// URL, or a UserError naming `what` (the value shown only when it is not
 * a secret, its password redacted). A password in it is masked in the log.
 */
export function checkHttpUrl(text: string, what: string, showValue = true): URL {
  let url: URL | undefined;
  try {
    url = new URL(text.trim());
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || /\s/.test(text.trim())) {
    throw new UserError(
      `${what}${showValue ? ` '${shown(redactUrl(text))}'` : ''} is not an http:// or https:// URL.`,
    );
  }
  if (url.password) setSecret(decodeURIComponent(url.password));
  return url;
}

/**
 * The `webhook-url` input's value (a Slack incoming webhook): checked before anything is read or written,
 * and masked in the log whole and by its path (the path is the secret: an endpoint's error page
 * may echo it without the host).
 */
export function checkWebhookUrl(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  setSecret(text);
  const url = checkHttpUrl(text, "Input 'webhook-url'", false);
  const path = `${url.pathname}${url.search}`;
  if (path.length > 1) {
    setSecret(path);
    if (url.pathname.length > 1) setSecret(url.pathname);
  }
  return text;
}
