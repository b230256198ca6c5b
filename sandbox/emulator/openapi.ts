import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';

/**
 * GitHub's published OpenAPI description, used to keep the emulator honest: every request body and
 * every response is checked against the operation it belongs to.
 *
 * Only `api.github.com.json` is read (the package index would load every variant, hundreds of MB),
 * once per process and only when something needs it. Validators are compiled per operation on first
 * use: compiling the whole description up front would take far longer than a test run.
 */

type Json = Record<string, unknown>;

interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Json>>;
  components: Json;
}

export interface OperationMatch {
  operationId: string;
  template: string;
  params: Record<string, string>;
}

const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options'];

let loaded: { doc: OpenApiDocument; ajv: Ajv; templates: CompiledTemplate[] } | undefined;

function load(): NonNullable<typeof loaded> {
  if (loaded) return loaded;
  const file = createRequire(import.meta.url).resolve(
    '@octokit/openapi/generated/api.github.com.json',
  );
  const doc = JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument;
  // OpenAPI 3.0 says "nullable: true"; JSON Schema says "or null". Ajv's own `nullable` support
  // needs a `type` beside it and breaks with `enum`, so rewrite it once into plain JSON Schema.
  const components = rewriteNullable(doc.components) as Json;
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false, formats: FORMATS });
  ajv.addSchema({ components }, SPEC_ID);
  loaded = { doc, ajv, templates: compileTemplates(doc) };
  return loaded;
}

const SPEC_ID = 'github-openapi';

/**
 * The formats the description uses that we check. `date-time` and `uri` are the ones clients act
 * on (they parse dates and follow URLs); GitHub itself rejects malformed ones in request bodies.
 * The rest (`int64`, `repo.nwo`, `uri-template`, `binary`, `email`...) are annotations GitHub does
 * not enforce consistently, so checking them would report differences that are not drift.
 */
const FORMATS = {
  'date-time': /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/,
  date: /^\d{4}-\d\d-\d\d$/,
  // "" too: the description itself gives `default: ""` to uri fields (deployment status URLs).
  uri: (value: string) => value === '' || URL.canParse(value),
  int32: true,
  int64: true,
  double: true,
  'repo.nwo': true,
  binary: true,
  'uri-template': true,
  email: true,
  timestamp: true,
} as const;

function rewriteNullable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteNullable);
  if (value === null || typeof value !== 'object') return value;
  const out: Json = {};
  for (const [key, child] of Object.entries(value)) {
    if (key !== 'nullable') out[key] = rewriteNullable(child);
  }
  if ((value as Json)['nullable'] === true) return { anyOf: [out, { type: 'null' }] };
  return out;
}

/** Points `#/components/...` references of an operation's inline schema at the loaded components. */
function anchorRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(anchorRefs);
  if (value === null || typeof value !== 'object') return value;
  const out: Json = {};
  for (const [key, child] of Object.entries(value)) {
    out[key] =
      key === '$ref' && typeof child === 'string' && child.startsWith('#/')
        ? `${SPEC_ID}${child}`
        : anchorRefs(child);
  }
  return out;
}

interface CompiledTemplate {
  template: string;
  segments: string[];
  methods: Map<string, string>;
}

function compileTemplates(doc: OpenApiDocument): CompiledTemplate[] {
  return Object.entries(doc.paths).map(([template, item]) => {
    const methods = new Map<string, string>();
    for (const method of METHODS) {
      const operation = item[method];
      if (operation) methods.set(method.toUpperCase(), String(operation['operationId']));
    }
    return { template, segments: template.split('/').slice(1), methods };
  });
}

/** Parameters whose values contain slashes: refs, branch and tag names, file paths. */
const SLASHED_PARAMS = new Set(['ref', 'path', 'basehead', 'branch', 'tree_sha', 'tag', 'sha']);

/**
 * Matches a path against templates: a `{param}` stands for one segment, except that a ref or path
 * ending a template may take the rest of the path (`git/ref/heads/main`, `contents/a/b.txt`), as
 * callers do not always encode the slashes in them. Exact matches win, then the
 * template with the most literal segments (so `/commits/{ref}/status` beats `/commits/{ref}`).
 */
export function matchTemplate(
  segments: readonly string[],
  rawPath: string,
): { segments: string[]; params: Record<string, string>; literals: number; exact: boolean } | null {
  const actual = rawPath.split('/').slice(1);
  const params: Record<string, string> = {};
  let literals = 0;
  for (let i = 0; i < segments.length; i++) {
    const expected = segments[i] as string;
    const got = actual[i];
    if (got === undefined || got === '') return null;
    const param = /^\{(\w+)\}$/.exec(expected);
    if (!param) {
      if (expected !== got) return null;
      literals++;
      continue;
    }
    const isLast = i === segments.length - 1;
    const value = isLast ? actual.slice(i).join('/') : got;
    params[param[1] as string] = safeDecode(value);
  }
  const exact = actual.length === segments.length;
  const lastParam = /^\{(\w+)\}$/.exec(segments.at(-1) ?? '')?.[1];
  if (!exact && !(lastParam && SLASHED_PARAMS.has(lastParam))) return null;
  return { segments: [...segments], params, literals, exact };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The best match among templates, by the rule of `matchTemplate`. */
export function bestMatch<T extends { segments: readonly string[] }>(
  candidates: readonly T[],
  rawPath: string,
): { candidate: T; params: Record<string, string> } | null {
  let best: { candidate: T; params: Record<string, string>; score: number } | null = null;
  for (const candidate of candidates) {
    const match = matchTemplate(candidate.segments, rawPath);
    if (!match) continue;
    const score = (match.exact ? 1000 : 0) + match.literals;
    if (!best || score > best.score) best = { candidate, params: match.params, score };
  }
  return best && { candidate: best.candidate, params: best.params };
}

/** The OpenAPI operation a request belongs to, or null when GitHub has no such route. */
export function findOperation(method: string, rawPath: string): OperationMatch | null {
  const { templates } = load();
  const withMethod = templates.filter((t) => t.methods.has(method.toUpperCase()));
  const found = bestMatch(withMethod, rawPath);
  if (!found) return null;
  return {
    operationId: found.candidate.methods.get(method.toUpperCase()) as string,
    template: found.candidate.template,
    params: found.params,
  };
}

/** The operation id GitHub gives `method template`, or undefined when it has none. */
export function operationIdOf(method: string, template: string): string | undefined {
  const { templates } = load();
  return templates.find((t) => t.template === template)?.methods.get(method.toUpperCase());
}

const validators = new Map<string, ValidateFunction | null>();

function operationObject(operationId: string): Json {
  const { doc } = load();
  for (const item of Object.values(doc.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (operation && operation['operationId'] === operationId) return operation;
    }
  }
  throw new Error(`sandbox: no OpenAPI operation ${operationId}`);
}

/** Follows `#/components/...` references that are not schemas (shared responses, bodies). */
function deref(value: unknown): Json | undefined {
  const { doc } = load();
  let current = value as Json | undefined;
  while (current && typeof current['$ref'] === 'string') {
    const path = (current['$ref'] as string).replace(/^#\//, '').split('/');
    let target: unknown = doc;
    for (const key of path) target = (target as Json | undefined)?.[key];
    current = target as Json | undefined;
  }
  return current;
}

function jsonSchemaOf(container: unknown): unknown {
  const content = deref(container)?.['content'] as Json | undefined;
  const media = (content?.['application/json'] ??
    Object.entries(content ?? {}).find(([type]) => type.endsWith('json'))?.[1]) as Json | undefined;
  return media?.['schema'];
}

function validatorFor(key: string, schema: () => unknown): ValidateFunction | null {
  if (!validators.has(key)) {
    const found = schema();
    validators.set(
      key,
      found === undefined ? null : load().ajv.compile(anchorRefs(rewriteNullable(found)) as Json),
    );
  }
  return validators.get(key) ?? null;
}

export type ValidationResult = { ok: true } | { ok: false; message: string };

function run(validate: ValidateFunction | null, data: unknown): ValidationResult {
  if (!validate || validate(data)) return { ok: true };
  const ajv = load().ajv;
  return { ok: false, message: ajv.errorsText(validate.errors, { dataVar: 'body' }) };
}

/** Checks a request body against the operation's request schema (no schema: anything passes). */
export function validateRequestBody(operationId: string, body: unknown): ValidationResult {
  const requestBody = deref(operationObject(operationId)['requestBody']);
  if (body === undefined) {
    return requestBody?.['required'] === true
      ? { ok: false, message: 'body is missing' }
      : { ok: true };
  }
  return run(
    validatorFor(`${operationId} request`, () => jsonSchemaOf(requestBody)),
    body,
  );
}

/**
 * Checks a response against what the operation documents for that status. A success status the
 * operation does not document is drift; an undocumented error status is not (GitHub answers 401,
 * 403 or 404 on any route), so those bodies are checked only against the common error shape.
 */
export function validateResponse(
  operationId: string,
  status: number,
  body: unknown,
): ValidationResult {
  const responses = operationObject(operationId)['responses'] as Json;
  const documented = responses[String(status)];
  if (documented === undefined) {
    if (status < 400) {
      const known = Object.keys(responses).join(', ');
      return { ok: false, message: `status ${status} is not documented (documented: ${known})` };
    }
    const validate = validatorFor('basic-error', () => ({
      $ref: '#/components/schemas/basic-error',
    }));
    return run(validate, body);
  }
  const validate = validatorFor(`${operationId} ${status}`, () => jsonSchemaOf(documented));
  if (validate && body === undefined) return { ok: false, message: 'body is missing' };
  return run(validate, body);
}
