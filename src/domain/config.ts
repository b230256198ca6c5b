import { posix } from 'node:path';
import type { ErrorObject } from 'ajv';
import {
  isMap,
  isSeq,
  isAlias,
  visit,
  LineCounter,
  parseDocument,
  type Document,
  type Node,
} from 'yaml';
import { UserError, type FileLocation } from './errors.js';
import validate from './config-validator.cjs';
import {
  intervalProblem,
  parseDurationMs,
  tooLongProblem,
  type WrittenDuration,
} from './monitor/duration.js';
import { PROBE_KINDS } from './monitor/checks.js';
import {
  DEFAULT_BRANCH_FORMAT,
  DEFAULT_MAINTENANCE_BRANCH_FORMAT,
  DEFAULT_TAG_FORMAT,
  maintenanceFormatProblem,
  nameFormatProblem,
  refNameProblem,
} from './naming.js';
import { versionFileFormat, versionPatternProblem, type VersionFileSpec } from './version-files.js';

export const DEFAULT_LABELS: readonly string[] = ['hotfix', 'URGENT'];

export interface UrlProbeConfig {
  url: string;
  expectStatus?: number;
  expectBody?: string;
}

export interface PrometheusQueryConfig {
  name: string;
  query: string;
  max?: number;
  min?: number;
}

export interface MonitorConfig {
  /** `90s`, `15m`, `2h`, `1h30m`: read with `parseDurationMs`, as the inputs are. */
  duration?: string;
  interval?: string;
  urls: UrlProbeConfig[];
  prometheus?: { url: string; queries: PrometheusQueryConfig[] };
}

export interface ProductConfig {
  name: string;
  /** Normalised paths (no `./`); empty when the file lists none. */
  versionFiles: VersionFileSpec[];
  changelog?: string;
  deploy?: string;
  monitor?: MonitorConfig;
}

export interface HotfixConfig {
  /** Where it was read from, for messages. */
  path: string;
  /** false: no file, defaults only. */
  found: boolean;
  baseBranch?: string;
  tagFormat: string;
  branchFormat: string;
  /** The branch a hotfix targets when the base branch has moved on since the tag (per line). */
  maintenanceBranchFormat: string;
  labels: string[];
  /** Logins (`octocat`) and teams (`org/team`), without a leading `@`. */
  reviewers: string[];
  /** Logins and teams to mention, without a leading `@` (add it when writing a mention). */
  owners: string[];
  products: Record<string, ProductConfig>;
}

/** text undefined = no config file: defaults and no products (a repository can work with inputs alone). */
export function parseConfig(path: string, text: string | undefined): HotfixConfig {
  if (text === undefined) return { ...defaults(path), found: false };

  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    // `<<: *defaults` shares settings between products, as in other YAML people write.
    merge: true,
    // Warnings (e.g. a list used as a key) would go to stderr; such keys fail validation anyway.
    logLevel: 'error',
  });
  if (doc.errors.length > 0) throw yamlSyntaxError(path, doc, lineCounter);

  // A file of only comments is an empty configuration, not a mistake.
  const data = toData(path, doc, lineCounter) ?? {};
  const problems = [...validateAgainstSchema(data), ...checkMeaning(data)];
  if (problems.length > 0) throw configError(path, doc, lineCounter, data, problems);

  return toConfig(path, data as RawConfig);
}

function toData(path: string, doc: Document, lineCounter: LineCounter): unknown {
  try {
    return doc.toJS() as unknown;
  } catch (error) {
    // Aliases the parser accepts but cannot resolve: `*name` before `&name`, or too many of them.
    if (!(error instanceof ReferenceError)) throw error;
    let aliasOffset = 0;
    visit(doc, {
      Alias(_key, alias) {
        aliasOffset = alias.range?.[0] ?? 0;
        if (alias.resolve(doc) === undefined) return visit.BREAK;
      },
    });
    const { line, col } = lineCounter.linePos(aliasOffset);
    throw new UserError(
      `${path}:${line}:${col}: not valid YAML: ${error.message}. Define each anchor (&name) ` +
        `before its aliases (*name), or write the values out.`,
      [{ file: path, line, column: col }],
    );
  }
}

/** The product's configuration; an unknown product is a UserError listing the configured ones. */
export function getProduct(config: HotfixConfig, product: string): ProductConfig {
  if (Object.hasOwn(config.products, product)) return config.products[product] as ProductConfig;
  const configured = Object.keys(config.products);
  const location = config.found ? [{ file: config.path }] : [];
  if (configured.length === 0) {
    const why = config.found
      ? `${config.path} configures no products`
      : `there is no ${config.path}`;
    throw new UserError(
      `Product "${product}" is not configured: ${why}. Add it under \`products:\` in ` +
        `${config.path} with its version-files, or pass the version files as the \`files\` ` +
        `input (and \`changelog\`) to the action.`,
      location,
    );
  }
  const suggestion = didYouMean(product, configured);
  throw new UserError(
    `Product "${product}" is not configured in ${config.path}` +
      `${suggestion ? ` (did you mean "${suggestion}"?)` : ''}. ` +
      `Configured products: ${configured.join(', ')}. Use one of them, or add "${product}" ` +
      `under \`products:\`.`,
    location,
  );
}

// ---------------------------------------------------------------------------------------------
// The file as written (YAML keys), after schema validation.

interface RawConfig {
  'base-branch'?: string;
  'tag-format'?: string;
  'branch-format'?: string;
  'maintenance-branch-format'?: string;
  labels?: string[];
  reviewers?: string[];
  owners?: string[];
  products?: Record<string, RawProduct>;
}

interface RawProduct {
  'version-files'?: (string | { path: string; pattern?: string })[];
  changelog?: string;
  deploy?: string;
  monitor?: {
    duration?: string;
    interval?: string;
    urls?: (string | { url: string; 'expect-status'?: number; 'expect-body'?: string })[];
    prometheus?: { url: string; queries: PrometheusQueryConfig[] };
  };
}

function defaults(path: string): Omit<HotfixConfig, 'found'> {
  return {
    path,
    tagFormat: DEFAULT_TAG_FORMAT,
    branchFormat: DEFAULT_BRANCH_FORMAT,
    maintenanceBranchFormat: DEFAULT_MAINTENANCE_BRANCH_FORMAT,
    labels: [...DEFAULT_LABELS],
    reviewers: [],
    owners: [],
    products: {},
  };
}

function toConfig(path: string, raw: RawConfig): HotfixConfig {
  const config: HotfixConfig = { ...defaults(path), found: true };
  if (raw['base-branch'] !== undefined) config.baseBranch = raw['base-branch'];
  if (raw['tag-format'] !== undefined) config.tagFormat = raw['tag-format'];
  if (raw['branch-format'] !== undefined) config.branchFormat = raw['branch-format'];
  if (raw['maintenance-branch-format'] !== undefined) {
    config.maintenanceBranchFormat = raw['maintenance-branch-format'];
  }
  if (raw.labels !== undefined) config.labels = [...raw.labels];
  config.reviewers = (raw.reviewers ?? []).map(withoutAt);
  config.owners = (raw.owners ?? []).map(withoutAt);
  for (const [name, product] of Object.entries(raw.products ?? {})) {
    config.products[name] = toProduct(name, product);
  }
  return config;
}

function toProduct(name: string, raw: RawProduct): ProductConfig {
  const product: ProductConfig = {
    name,
    versionFiles: (raw['version-files'] ?? []).map((entry) =>
      typeof entry === 'string'
        ? { path: normalizePath(entry) }
        : {
            path: normalizePath(entry.path),
            pattern: entry.pattern,
          },
    ),
  };
  if (raw.changelog !== undefined) product.changelog = normalizePath(raw.changelog);
  if (raw.deploy !== undefined) product.deploy = raw.deploy;
  if (raw.monitor !== undefined) {
    const { duration, interval, urls = [], prometheus } = raw.monitor;
    product.monitor = {
      duration,
      interval,
      urls: urls.map((probe) =>
        typeof probe === 'string'
          ? { url: probe }
          : {
              url: probe.url,
              expectStatus: probe['expect-status'],
              expectBody: probe['expect-body'],
            },
      ),
      prometheus: prometheus && {
        url: prometheus.url,
        queries: prometheus.queries.map((q) => ({ ...q })),
      },
    };
  }
  return product;
}

/** `./apps/web/package.json` and `apps//web/package.json` name the same file as the API expects it. */
function normalizePath(path: string): string {
  return posix.normalize(path);
}

function withoutAt(handle: string): string {
  return handle.startsWith('@') ? handle.slice(1) : handle;
}

// ---------------------------------------------------------------------------------------------
// Problems: what is wrong, at which data path. Located in the file and worded at the end.

type PathSegment = string | number;

interface Problem {
  path: PathSegment[];
  message: string;
}

/** Keywords about the value's own shape, where the schema's `x-message` words it best. */
const SHAPE_KEYWORDS = new Set([
  'type',
  'pattern',
  'anyOf',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
]);

function validateAgainstSchema(data: unknown): Problem[] {
  // The schema's validator, compiled when the suite is built (scripts/config-schema.ts).
  if (validate(data)) return [];
  return relevantErrors(validate.errors ?? [], data).map(toProblem);
}

/**
 * Ajv reports every branch of a failed `anyOf` (a path *or* {path, pattern}). Keep only the branch
 * whose type the value has, so an object with a typo hears about the typo, not "must be a string";
 * when no branch has the value's type, the `anyOf`'s own message says what is accepted.
 */
function relevantErrors(errors: ErrorObject[], data: unknown): ErrorObject[] {
  const dropped = new Set<ErrorObject>();
  for (const anyOf of errors.filter((error) => error.keyword === 'anyOf')) {
    const branches = (anyOf.schema ?? []) as { type?: string }[];
    const valueType = jsonType(valueAt(data, pointerSegments(anyOf.instancePath)));
    const chosen = branches.findIndex((branch) => typeMatches(branch.type, valueType));
    const keptPrefix = `${anyOf.schemaPath}/${chosen}/`;
    for (const error of errors) {
      // Items of one list share schema paths, so the value's own path tells them apart.
      const inside =
        error.schemaPath.startsWith(`${anyOf.schemaPath}/`) &&
        (error.instancePath === anyOf.instancePath ||
          error.instancePath.startsWith(`${anyOf.instancePath}/`));
      if (inside && (chosen < 0 || !error.schemaPath.startsWith(keptPrefix))) dropped.add(error);
    }
    if (chosen >= 0) dropped.add(anyOf);
  }
  // A bad product name comes twice: as the name's `pattern` error and as `propertyNames`.
  return errors.filter((error) => !dropped.has(error) && error.keyword !== 'propertyNames');
}

function toProblem(error: ErrorObject): Problem {
  const path = pointerSegments(error.instancePath);
  const hint = (error.parentSchema as { 'x-message'?: string } | undefined)?.['x-message'];
  const params = error.params as Record<string, unknown>;

  if (error.propertyName !== undefined) {
    return {
      path: [...path, error.propertyName],
      message: hint ?? error.message ?? 'is not valid',
    };
  }
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const allowed = Object.keys(
        (error.parentSchema as { properties?: object } | undefined)?.properties ?? {},
      );
      const suggestion = didYouMean(key, allowed);
      return {
        path: [...path, key],
        message:
          `unknown key` +
          (suggestion ? ` (did you mean "${suggestion}"?)` : '') +
          `; allowed here: ${allowed.join(', ')}`,
      };
    }
    case 'required':
      return { path, message: `missing "${String(params.missingProperty)}": add it` };
    case 'minItems':
      return { path, message: 'must not be empty: list at least one entry, or remove the key' };
    case 'uniqueItems':
      return {
        path,
        message: `lists ${JSON.stringify(Array.isArray(error.data) ? error.data[Number(params.i)] : '')} twice: remove one`,
      };
  }
  if (hint !== undefined && SHAPE_KEYWORDS.has(error.keyword)) {
    return { path, message: explainFoundValue(hint, error) };
  }
  if (error.keyword === 'type') {
    return { path, message: explainFoundValue(`must be ${typeName(String(params.type))}`, error) };
  }
  if (error.keyword === 'minLength') return { path, message: 'must not be empty' };
  return { path, message: error.message ?? 'is not valid' };
}

/** Adds what the file holds instead, and the quoting fix when YAML typed a value unexpectedly. */
function explainFoundValue(message: string, error: ErrorObject): string {
  const got: unknown = error.data;
  const expected = error.keyword === 'type' ? (error.params as { type?: string }).type : undefined;
  if (expected === 'string' && (typeof got === 'number' || typeof got === 'boolean')) {
    return `${message} (YAML read ${String(got)} as a ${typeof got}: put it in quotes)`;
  }
  const expectsNumber = expected === 'integer' || expected === 'number';
  if (expectsNumber && typeof got === 'string' && got.trim() !== '' && !isNaN(Number(got))) {
    return `${message} (YAML read "${got}" as text: remove the quotes)`;
  }
  // Say what was found when the value has the wrong type, not when a rule like "max or min" failed.
  const branches = error.keyword === 'anyOf' ? (error.schema as { type?: string }[]) : [];
  if (error.keyword === 'type' || branches.some((branch) => branch.type !== undefined)) {
    return `${message}, not ${describeValue(got)}`;
  }
  return message;
}

/**
 * Checks a schema cannot express: ref-name rules, regexes, durations that fit together. They run
 * on whatever has the right type, so one run lists these next to the schema's problems.
 */
function checkMeaning(data: unknown): Problem[] {
  const problems: Problem[] = [];
  const raw = asRecord(data);
  for (const key of ['tag-format', 'branch-format'] as const) {
    const format = asString(raw[key]);
    const problem = format === undefined ? undefined : nameFormatProblem(format);
    if (problem) problems.push({ path: [key], message: `"${format}" cannot be used: ${problem}` });
  }
  const tagFormat = asString(raw['tag-format']) ?? DEFAULT_TAG_FORMAT;
  const branchFormat = asString(raw['branch-format']) ?? DEFAULT_BRANCH_FORMAT;
  if (tagFormat === branchFormat) {
    problems.push({
      path: [raw['branch-format'] !== undefined ? 'branch-format' : 'tag-format'],
      message:
        'is the same as the other format, so a tag and a branch would share a name: make ' +
        'tag-format and branch-format differ',
    });
  }
  const maintenanceFormat = asString(raw['maintenance-branch-format']);
  const maintenanceProblem =
    maintenanceFormat === undefined ? undefined : maintenanceFormatProblem(maintenanceFormat);
  if (maintenanceProblem) {
    problems.push({
      path: ['maintenance-branch-format'],
      message: `"${maintenanceFormat}" cannot be used: ${maintenanceProblem}`,
    });
  }
  const baseBranch = asString(raw['base-branch']);
  const branchProblem = baseBranch ? refNameProblem(baseBranch) : undefined;
  if (branchProblem) {
    problems.push({
      path: ['base-branch'],
      message: `"${baseBranch}" is not a valid branch name: ${branchProblem}`,
    });
  }
  for (const [name, product] of Object.entries(asRecord(raw.products))) {
    problems.push(...checkProduct(['products', name], asRecord(product)));
  }
  return problems;
}

function checkProduct(at: PathSegment[], product: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  asArray(product['version-files']).forEach((entry, index) => {
    const spec = typeof entry === 'string' ? { path: entry } : asRecord(entry);
    const path = asString(spec.path);
    if (path === undefined) return;
    const where = [...at, 'version-files', index];
    const normalized = normalizePath(path);
    if (seen.has(normalized)) {
      problems.push({ path: where, message: `lists ${normalized} twice: remove one` });
    }
    seen.add(normalized);
    const pattern = asString(spec.pattern);
    if (pattern !== undefined) {
      const problem = versionPatternProblem(pattern);
      if (problem) problems.push({ path: [...where, 'pattern'], message: problem });
    } else if (
      spec.pattern === undefined &&
      hasOnlyVersionFileKeys(spec) &&
      !hasKnownFormat(normalized)
    ) {
      problems.push({
        path: where,
        message:
          `cannot tell from the name of ${normalized} how it holds the version (known: ` +
          `pubspec.yaml, package.json, VERSION, *.txt): write it as {path, pattern} with a ` +
          `regex whose group (?<version>...) captures the version`,
      });
    }
  });

  const monitor = asRecord(product.monitor);
  const duration = writtenDuration(monitor.duration);
  const interval = writtenDuration(monitor.interval);
  const tooLong = duration && tooLongProblem(duration.ms);
  if (duration && tooLong) {
    problems.push({
      path: [...at, 'monitor', 'duration'],
      message: `${duration.text} is ${tooLong}`,
    });
  }
  const misfit = duration && interval && intervalProblem(interval, duration);
  if (misfit) problems.push({ path: [...at, 'monitor', 'interval'], message: misfit });
  asArray(asRecord(monitor.prometheus).queries).forEach((entry, index) => {
    const { min, max } = asRecord(entry);
    const bounds = { min: asNumber(min), max: asNumber(max) };
    for (const message of PROBE_KINDS.prometheus.problems(bounds)) {
      problems.push({ path: [...at, 'monitor', 'prometheus', 'queries', index], message });
    }
  });
  return problems;
}

/** A duration setting that reads as one (the schema reports any other). */
function writtenDuration(value: unknown): WrittenDuration | undefined {
  const ms = typeof value === 'string' ? parseDurationMs(value) : undefined;
  return ms === undefined ? undefined : { text: value as string, ms };
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

/** An entry with a misspelt key (`regex:`) is already reported; a second problem would be noise. */
function hasOnlyVersionFileKeys(spec: Record<string, unknown>): boolean {
  return Object.keys(spec).every((key) => key === 'path' || key === 'pattern');
}

function hasKnownFormat(path: string): boolean {
  try {
    versionFileFormat({ path });
    return true;
  } catch (error) {
    if (error instanceof UserError) return false;
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Messages.

function yamlSyntaxError(path: string, doc: Document, lineCounter: LineCounter): UserError {
  const located = doc.errors.map((error) => {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    return { line, col, text: error.message };
  });
  const lines = located.map(({ line, col, text }) => `${path}:${line}:${col}: ${text}`);
  return new UserError(
    `${path} is not valid YAML:\n${lines.join('\n')}\n` +
      `Fix the syntax there (quoting a value that contains ': ', ' #', '{' or '[' often helps).`,
    located.map(({ line, col, text }) => ({
      file: path,
      line,
      column: col,
      // Several errors: each line's annotation says its own.
      ...(located.length > 1 ? { note: text } : {}),
    })),
  );
}

function configError(
  path: string,
  doc: Document,
  lineCounter: LineCounter,
  data: unknown,
  problems: Problem[],
): UserError {
  const located = problems
    .map((problem) => ({ ...problem, line: lineOf(doc, lineCounter, problem.path) }))
    .sort((a, b) => a.line - b.line);
  const lines = located.map(
    (problem) => `${path}:${problem.line}: ${displayPath(data, problem.path)}: ${problem.message}.`,
  );
  const header = lines.length === 1 ? '' : `${path} has ${lines.length} problems:\n`;
  const locations: FileLocation[] = located.map((problem, index) => ({
    file: path,
    line: problem.line,
    // Several problems: each line's annotation says its own.
    ...(lines.length > 1 ? { note: lines[index] } : {}),
  }));
  return new UserError(`${header}${lines.join('\n')}`, locations);
}

/** The line of the value at `path`, or of its key when it is a mapping's value. */
function lineOf(doc: Document, lineCounter: LineCounter, path: PathSegment[]): number {
  let node: unknown = doc.contents;
  let offset = (doc.contents as Node | null)?.range?.[0] ?? 0;
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((item) => keyText(item.key) === String(segment));
      if (!pair) break;
      offset = (pair.key as Node | null)?.range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node)) {
      node = node.items[Number(segment)];
      offset = (node as Node | undefined)?.range?.[0] ?? offset;
    } else {
      break;
    }
  }
  return lineCounter.linePos(offset).line;
}

function keyText(key: unknown): string {
  return key !== null && typeof key === 'object' && 'value' in key
    ? String(key.value)
    : String(key);
}

/** `products.web.version-files[1]`, the path as the user reads the file. */
function displayPath(data: unknown, path: PathSegment[]): string {
  if (path.length === 0) return '(the whole file)';
  let text = '';
  let value = data;
  for (const segment of path) {
    if (Array.isArray(value)) {
      text += `[${segment}]`;
    } else {
      const key = String(segment);
      text += /^[A-Za-z0-9_-]+$/.test(key)
        ? `${text ? '.' : ''}${key}`
        : `[${JSON.stringify(key)}]`;
    }
    value = valueAt(value, [segment]);
  }
  return text;
}

function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function valueAt(data: unknown, path: PathSegment[]): unknown {
  let value = data;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[String(segment)];
  }
  return value;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function typeMatches(schemaType: string | undefined, valueType: string): boolean {
  if (schemaType === undefined) return false;
  return schemaType === valueType || (schemaType === 'integer' && valueType === 'number');
}

function typeName(type: string): string {
  const names: Record<string, string> = {
    string: 'text',
    array: 'a list',
    object: 'a mapping (key: value)',
    integer: 'a whole number',
    number: 'a number',
    boolean: 'true or false',
  };
  return names[type] ?? type;
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value === 'string' ? 'text' : `the ${typeof value}`} ${JSON.stringify(value)}`;
}

/** The allowed word closest to a mistyped one: same letters ignoring case and dashes, or 2 edits. */
function didYouMean(word: string, candidates: string[]): string | undefined {
  const squash = (text: string): string => text.toLowerCase().replace(/[-_]/g, '');
  const same = candidates.find((candidate) => squash(candidate) === squash(word));
  if (same !== undefined) return same;
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(squash(word), squash(candidate));
    if (distance <= 2 && (best === undefined || distance < best.distance))
      best = { candidate, distance };
  }
  return best?.candidate;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
