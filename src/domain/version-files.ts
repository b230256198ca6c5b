import { posix } from 'node:path';
import { isMap, isScalar, parseDocument, Scalar } from 'yaml';
import {
  findNodeAtLocation,
  parseTree,
  printParseErrorCode,
  type Node as JsonNode,
  type ParseError,
} from 'jsonc-parser';
import { UserError } from './errors.js';
import { boundedExec, PatternTimeout } from './pattern.js';

/** A file that holds the product's version; `path` is relative to the repo root, '/' separators. */
export interface VersionFileSpec {
  path: string;
  pattern?: string;
}

export type VersionFileFormat = 'pubspec' | 'package-json' | 'plain' | 'pattern';

export interface VersionReading {
  path: string;
  format: VersionFileFormat;
  /** The X.Y.Z as written (not yet validated). */
  version: string;
  /** pubspec `+B`, or a pattern's `build` group. */
  build?: string;
  /** 1-based position of the version value. */
  line: number;
  column: number;
}

/**
 * How each format finds the version in a file, and which other files record it too (npm's
 * lockfiles record a package.json's version). A new format is one entry here (and its name in
 * VersionFileFormat); everything else asks the registry.
 */
interface FormatRule {
  /** Whether a file of this name is in this format (a `pattern` overrides every name). */
  named(name: string): boolean;
  locate(spec: VersionFileSpec, content: string): LocatedVersion;
  /** Files that may record this file's version too, and how one is set to a new version. */
  companions?: {
    paths(path: string): string[];
    update(
      companion: string,
      content: string,
      path: string,
      from: string,
      to: string,
    ): string | undefined;
  };
}

const FORMATS: Record<VersionFileFormat, FormatRule> = {
  pattern: {
    named: () => false,
    locate: (spec, content) => locateByPattern(spec.path, spec.pattern ?? '', content),
  },
  pubspec: {
    named: (name) => name === 'pubspec.yaml' || name === 'pubspec.yml',
    locate: (spec, content) => locateInPubspec(spec.path, content),
  },
  'package-json': {
    named: (name) => name === 'package.json',
    locate: (spec, content) => locateInPackageJson(spec.path, content),
    companions: { paths: lockfileCandidates, update: updateLockfile },
  },
  plain: {
    named: (name) => name === 'VERSION' || name.endsWith('.txt'),
    locate: (spec, content) => locateInPlainFile(spec.path, content),
  },
};

/** The format follows the file name, unless a pattern is given. */
export function versionFileFormat(spec: VersionFileSpec): VersionFileFormat {
  if (spec.pattern !== undefined) return 'pattern';
  const name = posix.basename(spec.path);
  const format = (Object.keys(FORMATS) as VersionFileFormat[]).find((key) =>
    FORMATS[key].named(name),
  );
  if (format !== undefined) return format;
  throw new UserError(
    `${spec.path}: cannot tell from its name how this file holds the version ` +
      `(known: pubspec.yaml, package.json, VERSION, *.txt). List it as {path, pattern} with a ` +
      `regex whose named group 'version' captures the version, e.g. ` +
      `pattern: "MARKETING_VERSION = (?<version>\\\\S+)".`,
    [{ file: spec.path }],
  );
}

/**
 * The files that may record a version file's version too, by its format (a package.json's
 * lockfiles): a bump keeps them in step, and they belong to the release, not to the fix.
 */
export function companionFiles(spec: VersionFileSpec): string[] {
  return FORMATS[versionFileFormat(spec)].companions?.paths(spec.path) ?? [];
}

/**
 * A companion file (one of companionFiles) with the version it records for `spec` set from
 * `from` to `to`; undefined when it records nothing for it. A recorded version other than `from`
 * is refused (UserError): the companion is stale, and writing it would hide that.
 */
export function updateCompanion(
  spec: VersionFileSpec,
  companion: string,
  content: string,
  from: string,
  to: string,
): string | undefined {
  const rule = FORMATS[versionFileFormat(spec)].companions;
  if (rule === undefined) throw new Error(`${spec.path} has no companion files`);
  return rule.update(companion, content, spec.path, from, to);
}

export function readVersion(spec: VersionFileSpec, content: string): VersionReading {
  const found = locateVersion(spec, content);
  return {
    path: spec.path,
    format: found.format,
    version: found.version,
    build: found.build,
    line: found.line,
    column: found.column,
  };
}

/**
 * Writes `next.version` (and `next.build`, when given) over the value's source range, so that
 * comments, quotes, key order, line endings and the BOM stay exactly as they were.
 * Without `next.build`, an existing build number is left as it is.
 */
export function writeVersion(
  spec: VersionFileSpec,
  content: string,
  next: { version: string; build?: string },
): string {
  const found = locateVersion(spec, content);
  const edits: Edit[] = [{ range: found.versionRange, text: next.version }];
  if (next.build !== undefined) {
    if (found.buildRange === undefined) {
      throw new Error(`${spec.path} has no build number to set to ${next.build}`);
    }
    edits.push({ range: found.buildRange, text: next.build });
  }
  return applyEdits(content, edits);
}

const LOCKFILE_NAMES = ['package-lock.json', 'npm-shrinkwrap.json'];

/**
 * The npm lockfiles that may record a package.json's version: the same folder's, then each
 * ancestor folder's up to the repo root (an npm workspace keeps one lockfile at its root).
 */
function lockfileCandidates(packageJsonPath: string): string[] {
  const candidates: string[] = [];
  let folder = posix.dirname(normalizePath(packageJsonPath));
  for (;;) {
    for (const name of LOCKFILE_NAMES) candidates.push(folder === '.' ? name : `${folder}/${name}`);
    if (folder === '.' || folder === '..') return candidates;
    folder = posix.dirname(folder);
  }
}

/**
 * Sets the version a lockfile records for a package.json: the root `version` and `packages[""]`
 * for a lockfile beside it, `packages["<folder>"]` (relative to the lockfile) for a workspace
 * member. Undefined when the lockfile records nothing for this package. A recorded version other
 * than `previousVersion` means the lockfile is stale: refused, as writing it would hide that.
 */
function updateLockfile(
  lockfilePath: string,
  lockContent: string,
  packageJsonPath: string,
  previousVersion: string,
  version: string,
): string | undefined {
  const root = parseJsonObject(lockfilePath, lockContent);
  const lockFolder = posix.dirname(normalizePath(lockfilePath));
  const packageFolder = posix.dirname(normalizePath(packageJsonPath));
  const key = posix.relative(lockFolder, packageFolder);
  if (key.startsWith('..')) return undefined;
  const entries =
    key === '' ? [['version'], ['packages', '', 'version']] : [['packages', key, 'version']];

  const edits: Edit[] = [];
  for (const entry of entries) {
    const node = findNodeAtLocation(root, entry);
    if (node === undefined) continue;
    if (node.type !== 'string' || !sameVersion(String(node.value), previousVersion)) {
      const { line } = positionAt(lockContent, node.offset);
      const where = lockFolder === '.' ? 'at the repository root' : `in ${lockFolder}`;
      throw new UserError(
        `${lockfilePath}:${line}: records version ${lockContent.slice(node.offset, node.offset + node.length)} ` +
          `for ${packageJsonPath}, which holds ${previousVersion}. Run \`npm install\` ${where} so ` +
          `the lockfile agrees with package.json, commit it, then re-run.`,
        [{ file: lockfilePath, line }],
      );
    }
    edits.push({ range: [node.offset + 1, node.offset + node.length - 1], text: version });
  }
  return edits.length === 0 ? undefined : applyEdits(lockContent, edits);
}

type Range = [start: number, end: number];

interface Edit {
  range: Range;
  text: string;
}

interface LocatedVersion {
  format: VersionFileFormat;
  version: string;
  versionRange: Range;
  build?: string;
  buildRange?: Range;
  line: number;
  column: number;
}

function locateVersion(spec: VersionFileSpec, content: string): LocatedVersion {
  return FORMATS[versionFileFormat(spec)].locate(spec, content);
}

function locateInPubspec(path: string, content: string): LocatedVersion {
  const doc = parseDocument(content);
  const error = doc.errors[0];
  if (error !== undefined) {
    const line = error.linePos?.[0].line;
    const firstLine = error.message.split('\n')[0] ?? error.message;
    throw new UserError(
      `${path}${line === undefined ? '' : `:${line}`}: is not valid YAML (${firstLine}). ` +
        `Fix the file so that \`flutter pub get\` accepts it, then re-run.`,
      [{ file: path, ...(line === undefined ? {} : { line }) }],
    );
  }
  // Only the top-level key counts: a dependency's `version:` or one in a comment is not the app's.
  const pair = isMap(doc.contents)
    ? doc.contents.items.find((item) => isScalar(item.key) && item.key.value === 'version')
    : undefined;
  if (pair === undefined) {
    throw new UserError(
      `${path}: has no top-level \`version:\`. Add \`version: X.Y.Z+B\` (build name + build ` +
        `number) at the top level, then re-run.`,
      [{ file: path }],
    );
  }
  if (pair.value === null || (isScalar(pair.value) && pair.value.value === null)) {
    const { line } = positionAt(content, pair.value?.range[0] ?? 0);
    throw new UserError(
      `${path}:${line}: \`version:\` is empty. Set it to the released version, like ` +
        `\`version: 1.2.3+4\`, then re-run.`,
      [{ file: path, line }],
    );
  }
  const node = pair.value;
  const range = node.range;
  const { line } = positionAt(content, range[0]);
  const quoted =
    isScalar(node) && (node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE);
  const plain = isScalar(node) && node.type === Scalar.PLAIN;
  const valueRange: Range = quoted ? [range[0] + 1, range[1] - 1] : [range[0], range[1]];
  const text = content.slice(...valueRange);
  // Escapes or folded lines would make the source differ from the value: no safe splice then.
  if (!(plain || quoted) || text.includes('\n') || (quoted && text !== node.value)) {
    throw new UserError(
      `${path}:${line}: \`version:\` must be a plain or quoted value on one line, like ` +
        `\`version: 1.2.3+4\`. Rewrite it that way, then re-run.`,
      [{ file: path, line }],
    );
  }
  return splitBuild('pubspec', content, text, valueRange[0]);
}

function locateInPackageJson(path: string, content: string): LocatedVersion {
  const root = parseJsonObject(path, content);
  const versionProperties = (root.children ?? []).filter(
    (property) => property.children?.[0]?.value === 'version',
  );
  const node = findNodeAtLocation(root, ['version']);
  if (node === undefined) {
    throw new UserError(
      `${path}: has no top-level "version" field. Add "version": "X.Y.Z" to it, then re-run.`,
      [{ file: path }],
    );
  }
  const { line } = positionAt(content, node.offset);
  if (versionProperties.length > 1) {
    throw new UserError(
      `${path}:${line}: has "version" more than once at the top level. Keep one, then re-run.`,
      [{ file: path, line }],
    );
  }
  const valueRange: Range = [node.offset + 1, node.offset + node.length - 1];
  if (node.type !== 'string' || content.slice(...valueRange) !== node.value) {
    throw new UserError(
      `${path}:${line}: "version" must be a string like "1.2.3", found ` +
        `${content.slice(node.offset, node.offset + node.length)}. Fix it, then re-run.`,
      [{ file: path, line }],
    );
  }
  return at('package-json', content, String(node.value), valueRange);
}

function locateInPlainFile(path: string, content: string): LocatedVersion {
  const text = content.replace(/^\uFEFF/, '');
  const offset = content.length - text.length;
  const version = text.trim();
  if (version === '') {
    throw new UserError(`${path}: is empty. Write the version (X.Y.Z) in it, then re-run.`, [
      { file: path },
    ]);
  }
  const start = offset + text.indexOf(version);
  if (/\s/.test(version)) {
    const { line } = positionAt(content, start);
    throw new UserError(
      `${path}:${line}: must hold only the version, found '${version.split(/\s/)[0]}' followed ` +
        `by more text. Keep only X.Y.Z in it, or list it as {path, pattern} with a regex.`,
      [{ file: path, line }],
    );
  }
  return at('plain', content, version, [start, start + version.length]);
}

/** What is wrong with a version file's `pattern` (checked with the configuration, and on use). */
export function versionPatternProblem(pattern: string): string | undefined {
  try {
    new RegExp(pattern, 'dm');
  } catch (error) {
    return `is not a valid JavaScript regex (${(error as Error).message}): fix it, and remember YAML double quotes need \\\\ for a backslash`;
  }
  // Matching the empty alternative lists every named group the pattern declares.
  const groups = new RegExp(`(?:${pattern})|`).exec('')?.groups ?? {};
  if (!Object.hasOwn(groups, 'version')) {
    return `has no named group "version": capture the version with (?<version>...), e.g. "MARKETING_VERSION = (?<version>\\\\S+)"`;
  }
  return undefined;
}

function locateByPattern(path: string, pattern: string, content: string): LocatedVersion {
  const problem = versionPatternProblem(pattern);
  if (problem !== undefined) {
    throw new UserError(`${path}: pattern ${JSON.stringify(pattern)} ${problem}.`, [
      { file: path },
    ]);
  }
  // `d` gives each group's indices, so the match can be spliced; `m` lets ^ and $ match lines.
  const regex = new RegExp(pattern, 'dm');
  let match: RegExpExecArray | null;
  try {
    match = boundedExec(regex, content);
  } catch (error) {
    if (!(error instanceof PatternTimeout)) throw error;
    throw new UserError(`${path}: ${error.message}, in the version-files configuration.`, [
      { file: path },
    ]);
  }
  const versionRange = match?.indices?.groups?.['version'];
  if (match === null || versionRange === undefined || versionRange[0] === versionRange[1]) {
    throw new UserError(
      `${path}: pattern ${JSON.stringify(pattern)} finds no version in this file. Check the ` +
        `pattern against the file's text, or the path.`,
      [{ file: path }],
    );
  }
  const found = at('pattern', content, content.slice(...versionRange), [...versionRange]);
  const buildRange = match.indices?.groups?.['build'];
  if (buildRange === undefined) return found;
  return { ...found, build: content.slice(...buildRange), buildRange: [...buildRange] };
}

/** Splits `X.Y.Z+B` into the version and its build number, each with its own source range. */
function splitBuild(
  format: VersionFileFormat,
  content: string,
  text: string,
  start: number,
): LocatedVersion {
  const plus = text.indexOf('+');
  if (plus < 0) return at(format, content, text, [start, start + text.length]);
  return {
    ...at(format, content, text.slice(0, plus), [start, start + plus]),
    build: text.slice(plus + 1),
    buildRange: [start + plus + 1, start + text.length],
  };
}

function at(
  format: VersionFileFormat,
  content: string,
  version: string,
  versionRange: Range,
): LocatedVersion {
  return { format, version, versionRange, ...positionAt(content, versionRange[0]) };
}

function parseJsonObject(path: string, content: string): JsonNode {
  const errors: ParseError[] = [];
  // A BOM is not JSON; a space of the same length keeps every offset true to the original.
  const root = parseTree(content.replace(/^\uFEFF/, ' '), errors, {
    disallowComments: true,
    allowTrailingComma: false,
  });
  const error = errors[0];
  if (error !== undefined) {
    const { line } = positionAt(content, error.offset);
    throw new UserError(
      `${path}:${line}: is not valid JSON (${printParseErrorCode(error.error)}). Fix the file, ` +
        `then re-run.`,
      [{ file: path, line }],
    );
  }
  if (root === undefined || root.type !== 'object') {
    throw new UserError(`${path}: must hold a JSON object. Fix the file, then re-run.`, [
      { file: path },
    ]);
  }
  return root;
}

function applyEdits(content: string, edits: Edit[]): string {
  // From the end backwards, so earlier offsets stay valid.
  const ordered = [...edits].sort((a, b) => b.range[0] - a.range[0]);
  return ordered.reduce(
    (text, edit) => text.slice(0, edit.range[0]) + edit.text + text.slice(edit.range[1]),
    content,
  );
}

/** 1-based line and column as an editor shows them (a BOM takes no column). */
function positionAt(content: string, offset: number): { line: number; column: number } {
  const before = content.slice(0, offset);
  const line = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  const bom = line === 1 && content.startsWith('\uFEFF') ? 1 : 0;
  return { line, column: offset - lineStart + 1 - bom };
}

function normalizePath(path: string): string {
  return posix.normalize(path).replace(/^(\.\/|\/)+/, '');
}

function sameVersion(a: string, b: string): boolean {
  return a.trim().replace(/^v/, '') === b.trim().replace(/^v/, '');
}
