import { UserError } from './errors.js';

/**
 * One rule for names: a product's production tags and hotfix branches both come from a format
 * with the placeholders `{product}` and `{version}`, so building a name and reading one back
 * can never disagree.
 */

export const DEFAULT_TAG_FORMAT = '{product}/prod-v{version}';
export const DEFAULT_BRANCH_FORMAT = 'hotfix/{product}-v{version}';
/**
 * The branch a hotfix pull request targets when main has moved on since the production tag: one
 * per release line, cut at the line's newest production tag, so the pull request holds exactly
 * the fix and merges without conflicts. `{major}` and `{minor}` name the line.
 */
export const DEFAULT_MAINTENANCE_BRANCH_FORMAT = 'release/{product}-v{major}.{minor}.x';

export interface NameFormats {
  tagFormat: string;
  branchFormat: string;
}

export const DEFAULT_NAME_FORMATS: NameFormats = {
  tagFormat: DEFAULT_TAG_FORMAT,
  branchFormat: DEFAULT_BRANCH_FORMAT,
};

/**
 * What a product name may be: safe in a ref, a path and a label. Starts and ends with a letter or
 * digit; no `..` and no `.lock` ending (git refuses both in ref names). Shared with the schema.
 */
export const PRODUCT_NAME_PATTERN =
  '^(?!.*\\.\\.)(?!.*\\.lock$)[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$';
const PRODUCT_NAME = new RegExp(PRODUCT_NAME_PATTERN);
/** The same rule without anchors and lookaheads, to find a product inside a name. */
const PRODUCT_IN_NAME = '[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?';

/** MAJOR.MINOR.PATCH only: production is never a prerelease, and build metadata is not a version. */
const RELEASE_VERSION = '(?:0|[1-9]\\d*)\\.(?:0|[1-9]\\d*)\\.(?:0|[1-9]\\d*)';
const RELEASE_VERSION_ONLY = new RegExp(`^${RELEASE_VERSION}$`);

/** Why `name` cannot be a product name, or undefined when it can. */
export function productNameProblem(name: string): string | undefined {
  if (PRODUCT_NAME.test(name)) return undefined;
  return (
    `"${name}" is not a valid product name: use letters, digits, '.', '_' and '-', ` +
    `starting and ending with a letter or digit (no '..', no '.lock' ending), e.g. "web-admin"`
  );
}

/**
 * Why `name` is not a valid git ref name (the rules of `git check-ref-format`), or undefined.
 * `name` is the part after `refs/tags/` or `refs/heads/`.
 */
export function refNameProblem(name: string): string | undefined {
  if (name === '') return 'it is empty';
  const forbidden = [...name].find(
    (char) => char <= ' ' || char === '\x7f' || '~^:?*[\\'.includes(char),
  );
  if (forbidden !== undefined) return `it contains ${describeChar(forbidden)}`;
  if (name.includes('..')) return "it contains '..'";
  if (name.includes('@{')) return "it contains '@{'";
  if (name.startsWith('/') || name.endsWith('/')) return "it starts or ends with '/'";
  if (name.includes('//')) return "it contains '//'";
  if (name.endsWith('.')) return "it ends with '.'";
  for (const component of name.split('/')) {
    if (component.startsWith('.')) return `its part "${component}" starts with '.'`;
    if (component.endsWith('.lock')) return `its part "${component}" ends with '.lock'`;
  }
  return undefined;
}

function describeChar(char: string): string {
  if (char === ' ') return 'a space';
  const code = char.charCodeAt(0);
  if (code < 0x20 || code === 0x7f)
    return `a control character (U+${code.toString(16).padStart(4, '0')})`;
  return `'${char}'`;
}

/**
 * Why a tag or branch format is unusable, or undefined. A format needs `{product}` and
 * `{version}` exactly once, with text between them (else `web1` + `1.0.0` reads back two ways),
 * and must give a valid git ref name.
 */
export function nameFormatProblem(format: string): string | undefined {
  const placeholders = [...format.matchAll(/\{([^{}]*)\}/g)].map((match) => match[1] ?? '');
  const unknown = placeholders.find((name) => name !== 'product' && name !== 'version');
  if (unknown !== undefined) {
    return `it has the unknown placeholder {${unknown}}: only {product} and {version} exist`;
  }
  for (const name of ['product', 'version']) {
    const count = placeholders.filter((placeholder) => placeholder === name).length;
    if (count !== 1) {
      return count === 0
        ? `it must contain {${name}}, e.g. "${DEFAULT_TAG_FORMAT}"`
        : `it must contain {${name}} only once`;
    }
  }
  if (/[{}]/.test(format.replace(/\{(product|version)\}/g, ''))) {
    return "it has a '{' or '}' that is not part of {product} or {version}";
  }
  if (format.includes('{product}{version}') || format.includes('{version}{product}')) {
    return 'it needs some text between {product} and {version} so names read back one way';
  }
  if (format.startsWith('refs/')) {
    return "it must not start with 'refs/': it is the name after refs/tags/ or refs/heads/";
  }
  const sample = fillFormat(format, 'product', '1.2.3');
  const problem = refNameProblem(sample);
  return problem && `it gives names like "${sample}", which git refuses: ${problem}`;
}

/**
 * Why a maintenance-branch format is unusable, or undefined. It needs `{product}`, `{major}` and
 * `{minor}` once each (one branch per product and release line, reused by the line's next
 * hotfix) and must give a valid git ref name.
 */
export function maintenanceFormatProblem(format: string): string | undefined {
  const placeholders = [...format.matchAll(/\{([^{}]*)\}/g)].map((match) => match[1] ?? '');
  const allowed = ['product', 'major', 'minor'];
  const unknown = placeholders.find((name) => !allowed.includes(name));
  if (unknown !== undefined) {
    return `it has the placeholder {${unknown}}: only {product}, {major} and {minor} exist (one branch per release line), e.g. "${DEFAULT_MAINTENANCE_BRANCH_FORMAT}"`;
  }
  for (const name of allowed) {
    const count = placeholders.filter((placeholder) => placeholder === name).length;
    if (count !== 1) {
      return count === 0
        ? `it must contain {${name}}, e.g. "${DEFAULT_MAINTENANCE_BRANCH_FORMAT}"`
        : `it must contain {${name}} only once`;
    }
  }
  if (/[{}]/.test(format.replace(/\{(product|major|minor)\}/g, ''))) {
    return "it has a '{' or '}' that is not part of {product}, {major} or {minor}";
  }
  if (format.startsWith('refs/')) {
    return "it must not start with 'refs/': it is the name after refs/heads/";
  }
  const sample = fillMaintenanceFormat(format, 'product', 1, 2);
  const problem = refNameProblem(sample);
  return problem && `it gives names like "${sample}", which git refuses: ${problem}`;
}

/** The maintenance branch of the release line of `version` (2.9.1 → `release/web-v2.9.x`). */
export function maintenanceBranchName(
  formats: { maintenanceBranchFormat: string },
  product: string,
  version: string,
): string {
  assertProductName(product);
  const [major, minor] = releaseVersion(version).split('.').map(Number);
  const problem = maintenanceFormatProblem(formats.maintenanceBranchFormat);
  if (problem) {
    throw new UserError(
      `The maintenance-branch-format "${formats.maintenanceBranchFormat}" cannot be used: ${problem}.`,
    );
  }
  return fillMaintenanceFormat(formats.maintenanceBranchFormat, product, major ?? 0, minor ?? 0);
}

/**
 * The branch of the pull request that carries a hotfix's fix to the default branch after its
 * tag (the version bump left out). Not configurable: it must not look like a hotfix branch, so
 * the validation and release workflows (which run on `hotfix/` heads) leave it alone.
 */
export function forwardPortBranchName(product: string, version: string): string {
  assertProductName(product);
  return `forward-port/${product}-v${releaseVersion(version)}`;
}

/** The product and version of a forward-port branch, or undefined when it is not one. */
export function parseForwardPortBranch(
  branch: string,
): { product: string; version: string } | undefined {
  return parseName('forward-port/{product}-v{version}', stripPrefix(branch, 'refs/heads/'));
}

function fillMaintenanceFormat(format: string, product: string, major: number, minor: number) {
  return format
    .replace('{product}', product)
    .replace('{major}', String(major))
    .replace('{minor}', String(minor));
}

export function tagName(formats: NameFormats, product: string, version: string): string {
  return buildName('tag-format', formats.tagFormat, product, version);
}

/** Keep a Changelog's link comparing two production tags of a product, on GitHub's web pages. */
export function tagCompareUrl(repositoryUrl: string, formats: NameFormats, product: string) {
  return (from: string, to: string): string =>
    `${repositoryUrl}/compare/${tagName(formats, product, from)}...${tagName(formats, product, to)}`;
}

export function branchName(formats: NameFormats, product: string, version: string): string {
  return buildName('branch-format', formats.branchFormat, product, version);
}

/**
 * tag (with or without `refs/tags/`) -> product and version, or undefined when it is not a
 * production tag. Parses against the format, so products with '-' or '.' read back whole.
 */
export function parseTag(
  formats: NameFormats,
  tag: string,
): { product: string; version: string } | undefined {
  return parseName(formats.tagFormat, stripPrefix(tag, 'refs/tags/'));
}

/** branch (with or without `refs/heads/`) -> product and version, or undefined. */
export function parseBranch(
  formats: NameFormats,
  branch: string,
): { product: string; version: string } | undefined {
  return parseName(formats.branchFormat, stripPrefix(branch, 'refs/heads/'));
}

/**
 * The version of `product`'s production tag, or undefined when `tag` is not one. Unlike
 * `parseTag(...)?.product === product`, no format can make another product's tag read as this one.
 */
export function tagVersion(formats: NameFormats, product: string, tag: string): string | undefined {
  return versionFor(formats.tagFormat, product, stripPrefix(tag, 'refs/tags/'));
}

/** The version of `product`'s hotfix branch, or undefined when `branch` is not one. */
export function branchVersion(
  formats: NameFormats,
  product: string,
  branch: string,
): string | undefined {
  return versionFor(formats.branchFormat, product, stripPrefix(branch, 'refs/heads/'));
}

/**
 * The fixed text before `{version}` for a product, e.g. 'web/prod-v': what a matching-refs API
 * call lists. It may also list other products' tags (`web` vs `web-admin` with some formats), so
 * read each result back with `tagVersion`.
 */
export function tagPrefix(formats: NameFormats, product: string): string {
  assertProductName(product);
  const [beforeVersion = ''] = formats.tagFormat.split('{version}');
  return beforeVersion.replace('{product}', product);
}

function releaseVersion(version: string): string {
  if (!RELEASE_VERSION_ONLY.test(version)) {
    throw new UserError(
      `"${version}" is not a release version: production names need MAJOR.MINOR.PATCH ` +
        `without a prerelease or build part, e.g. "0.1.1".`,
    );
  }
  return version;
}

function buildName(formatKey: string, format: string, product: string, version: string): string {
  assertProductName(product);
  releaseVersion(version);
  const problem = nameFormatProblem(format);
  if (problem) throw new UserError(`The ${formatKey} "${format}" cannot be used: ${problem}.`);
  return fillFormat(format, product, version);
}

function assertProductName(product: string): void {
  const problem = productNameProblem(product);
  if (problem) throw new UserError(`${problem}.`);
}

function fillFormat(format: string, product: string, version: string): string {
  return format.replace('{product}', product).replace('{version}', version);
}

function stripPrefix(name: string, prefix: string): string {
  return name.startsWith(prefix) ? name.slice(prefix.length) : name;
}

function parseName(format: string, name: string): { product: string; version: string } | undefined {
  const match = formatRegExp(format, `(?<product>${PRODUCT_IN_NAME})`).exec(name);
  const product = match?.groups?.product;
  const version = match?.groups?.version;
  if (product === undefined || version === undefined) return undefined;
  if (productNameProblem(product)) return undefined;
  return { product, version };
}

function versionFor(format: string, product: string, name: string): string | undefined {
  if (productNameProblem(product)) return undefined;
  return formatRegExp(format, escapeRegExp(product)).exec(name)?.groups?.version;
}

/** The whole-name regex of a format: literal text matched exactly, `{version}` a release version. */
function formatRegExp(format: string, productSource: string): RegExp {
  const source = format
    .split(/(\{product\}|\{version\})/)
    .map((part) => {
      if (part === '{product}') return productSource;
      if (part === '{version}') return `(?<version>${RELEASE_VERSION})`;
      return escapeRegExp(part);
    })
    .join('');
  return new RegExp(`^${source}$`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** The version a hotfix branch is named for (`hotfix/web-v1.2.4` → 1.2.4), when it names this product. */
export function versionFromBranch(
  formats: NameFormats,
  branch: string | undefined,
  product: string | undefined,
): string | undefined {
  if (branch === undefined || product === undefined) return undefined;
  const parsed = parseBranch(formats, branch);
  return parsed?.product === product ? parsed.version : undefined;
}

/** Replaces `{name}` placeholders; unknown ones are left as they are. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{([a-z-]+)\}/g, (whole, name: string) => values[name] ?? whole);
}
