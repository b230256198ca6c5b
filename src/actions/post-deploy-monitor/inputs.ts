// The post-deploy-monitor action's inputs: read and checked before any file is read, any probe
// sent or any API call made.
import { shown } from '../../domain/markdown.js';
import { parseDocument } from 'yaml';
import {
  NEEDS_A_THRESHOLD,
  PROBE_KINDS,
  type HttpProbeSpec,
  type ProbeKind,
  type ProbeSpec,
  type QueryProbeSpec,
} from '../../domain/monitor/checks.js';
import { requireDurationMs } from '../../domain/monitor/duration.js';
import { UserError } from '../../domain/errors.js';
import { getOptionalInput } from '../../runner/inputs.js';
import { checkHttpUrl, configInput, checkWebhookUrl } from '../inputs.js';

/** One health check as the `urls` input gives it (the same keys as in the configuration, and more). */
export type UrlInput = Omit<HttpProbeSpec, 'kind' | 'id'>;

/** One Prometheus query as the `queries` input gives it; the server URL comes from its own input. */
export type QueryInput = Omit<QueryProbeSpec, 'kind' | 'id' | 'url'>;

const URL_KEYS = [
  'url',
  'expect-status',
  'expect-body',
  'expect-body-regex',
  'expect-json',
  'max-latency',
  'allow-other-host',
];
const QUERY_KEYS = ['name', 'query', 'max', 'min'];

/** Every input, read and checked before any file is read, any probe sent or any API call made. */
export function parseInputs() {
  const product = getOptionalInput('product');
  const urls = parseUrlsInput(getOptionalInput('urls'));
  const prometheusUrl = getOptionalInput('prometheus-url');
  const queries = parseQueriesInput(getOptionalInput('queries'));
  if (product === undefined && urls === undefined && queries === undefined) {
    throw new UserError(
      "Input 'product' is required (or give 'urls', or 'prometheus-url' and 'queries'): name a " +
        'product whose `monitor` section in .github/hotfix.yml lists the checks, or list them.',
    );
  }
  if (prometheusUrl !== undefined) checkHttpUrl(prometheusUrl, "Input 'prometheus-url'");
  const duration = getOptionalInput('duration');
  const interval = getOptionalInput('interval');
  const webhookUrl = checkWebhookUrl(getOptionalInput('webhook-url'));
  const environment = getOptionalInput('environment');
  const tag = getOptionalInput('tag');
  return {
    token: getOptionalInput('token'),
    config: configInput(),
    product,
    urls,
    prometheusUrl,
    queries,
    durationMs:
      duration === undefined ? undefined : requireDurationMs(duration, "Input 'duration'"),
    intervalMs:
      interval === undefined ? undefined : requireDurationMs(interval, "Input 'interval'"),
    timeoutMs: requireDurationMs(getOptionalInput('timeout') ?? '10s', "Input 'timeout'"),
    failureThreshold: wholeNumber(
      'failure-threshold',
      getOptionalInput('failure-threshold') ?? '3',
      100,
    ),
    environment: environment?.trim(),
    deploymentId: optionalId('deployment-id'),
    tag: tag?.trim().replace(/^refs\/tags\//, ''),
    webhookUrl,
    issue: getOptionalInput('issue'),
    trackingIssue: optionalId('tracking-issue'),
    reportPath: getOptionalInput('report-path'),
  };
}

export type Inputs = ReturnType<typeof parseInputs>;

function wholeNumber(name: string, text: string, max: number): number {
  const trimmed = text.trim();
  const value = Number(trimmed);
  if (!/^[0-9]+$/.test(trimmed) || value < 1 || value > max) {
    throw new UserError(
      `Input '${name}' must be a whole number from 1 to ${max}, not '${shown(text)}'.`,
    );
  }
  return value;
}

function optionalId(name: string): number | undefined {
  const text = getOptionalInput(name);
  return text === undefined ? undefined : wholeNumber(name, text, Number.MAX_SAFE_INTEGER);
}

/**
 * The `urls` input: one URL per line (or comma-separated), or a YAML list whose items are a URL or
 * a mapping: url, expect-status, expect-body, expect-body-regex, expect-json, max-latency,
 * allow-other-host.
 */
export function parseUrlsInput(text: string | undefined): UrlInput[] | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const trimmed = text.trim();
  const items: unknown[] =
    trimmed.startsWith('-') || trimmed.startsWith('[')
      ? yamlList(trimmed, 'urls')
      : trimmed
          .split(/\n|,\s*(?=https?:\/\/)/)
          .map((line) => line.trim())
          .filter((line) => line !== '');
  return items.map((item, index) => {
    const where = `Input 'urls' item ${index + 1}`;
    if (typeof item === 'string') {
      checkHttpUrl(item, where);
      return { url: item.trim(), allowOtherHost: false };
    }
    const entry = mapping(item, where, URL_KEYS);
    if (typeof entry['url'] !== 'string') throw new UserError(`${where}: 'url' is missing.`);
    checkHttpUrl(entry['url'], where);
    const probe: UrlInput = { url: entry['url'].trim(), allowOtherHost: false };
    const status = entry['expect-status'];
    if (status !== undefined) {
      if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599)
        throw new UserError(`${where}: expect-status must be an HTTP status from 100 to 599.`);
      probe.expectStatus = status;
    }
    const body = entry['expect-body'];
    if (body !== undefined) {
      if (typeof body !== 'string' || body === '')
        throw new UserError(`${where}: expect-body must be text.`);
      probe.expectBody = body;
    }
    const regex = entry['expect-body-regex'];
    if (regex !== undefined) {
      if (typeof regex !== 'string')
        throw new UserError(`${where}: expect-body-regex must be text.`);
      probe.expectBodyRegex = regex;
    }
    const json = entry['expect-json'];
    if (json !== undefined) {
      if (json === null || typeof json !== 'object' || Array.isArray(json))
        throw new UserError(
          `${where}: expect-json must be a mapping of field paths to values, e.g. {status: ok, checks.db: up}.`,
        );
      probe.expectJson = json as Record<string, unknown>;
    }
    const latency = entry['max-latency'];
    if (latency !== undefined) {
      probe.maxLatencyMs = requireDurationMs(String(latency), `${where}: max-latency`);
    }
    const other = entry['allow-other-host'];
    if (other !== undefined) {
      if (typeof other !== 'boolean')
        throw new UserError(`${where}: allow-other-host must be true or false.`);
      probe.allowOtherHost = other;
    }
    return withoutProblems(PROBE_KINDS.http, probe, where);
  });
}

/** The `queries` input: a YAML list of {name, query, max, min} (max and/or min). */
export function parseQueriesInput(text: string | undefined): QueryInput[] | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  return yamlList(text.trim(), 'queries').map((item, index) => {
    const where = `Input 'queries' item ${index + 1}`;
    const entry = mapping(item, where, QUERY_KEYS);
    const { query, name, max, min } = entry;
    if (typeof query !== 'string' || query.trim() === '')
      throw new UserError(`${where}: 'query' (a PromQL instant query) is missing.`);
    if (name !== undefined && typeof name !== 'string')
      throw new UserError(`${where}: 'name' must be text.`);
    for (const [key, value] of [
      ['max', max],
      ['min', min],
    ] as const) {
      if (value !== undefined && (typeof value !== 'number' || Number.isNaN(value)))
        throw new UserError(`${where}: '${key}' must be a number.`);
    }
    if (max === undefined && min === undefined)
      throw new UserError(`${where}: ${NEEDS_A_THRESHOLD}.`);
    const probe: QueryInput = {
      name: (name ?? query).trim(),
      query,
      max: max as number | undefined,
      min: min as number | undefined,
    };
    return withoutProblems(PROBE_KINDS.prometheus, probe, where);
  });
}

/** The check, once its kind finds nothing wrong with it (the rules the configuration has too). */
function withoutProblems<Spec extends ProbeSpec, Input extends Partial<Spec>>(
  kind: ProbeKind<Spec>,
  probe: Input,
  where: string,
): Input {
  const [problem] = kind.problems(probe);
  if (problem !== undefined) throw new UserError(`${where}: ${problem}.`);
  return probe;
}

function yamlList(text: string, input: string): unknown[] {
  const doc = parseDocument(text, { prettyErrors: false, logLevel: 'error' });
  if (doc.errors.length > 0) {
    throw new UserError(`Input '${input}' is not valid YAML: ${doc.errors[0]?.message ?? ''}`);
  }
  const value: unknown = doc.toJS();
  if (!Array.isArray(value)) throw new UserError(`Input '${input}' must be a YAML list.`);
  return value;
}

function mapping(item: unknown, where: string, keys: string[]): Record<string, unknown> {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) {
    throw new UserError(`${where}: must be a mapping with ${keys.join(', ')}.`);
  }
  const unknown = Object.keys(item).filter((key) => !keys.includes(key));
  if (unknown.length > 0) {
    throw new UserError(`${where}: unknown key '${unknown[0]}'; allowed: ${keys.join(', ')}.`);
  }
  return item as Record<string, unknown>;
}
