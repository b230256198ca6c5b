/**
 * The tracker's hidden state (product, versions, severity, start time, pull request, postmortem):
 * an HTML comment in the issue body, `<!-- hotfix-tracker {json} -->`, so that every run can
 * rebuild the whole body from it and from GitHub.
 */
import { productNameProblem } from '../naming.js';
import { SEVERITIES, type Severity } from './severity.js';

export interface TrackerState {
  product: string;
  previousVersion: string;
  version: string;
  severity: Severity;
  /** ISO date-time: T-0, when the hotfix was declared (the start). */
  startedAt: string;
  /** The form's text, as typed (escaped whenever it is rendered). */
  issue: string;
  impact: string;
  baseTag: string;
  /** The commit of the base tag. */
  baseSha: string;
  branch: string;
  /** The default branch (main): where the fix must end up. */
  baseBranch: string;
  /**
   * The maintenance branch the hotfix pull request targets when main had moved on since the
   * tag (start's choice); then a forward-port pull request carries the fix to `baseBranch`.
   */
  maintenanceBranch?: string;
  /** The hotfix pull request. */
  pr?: number;
  /** The postmortem issue, once opened. */
  postmortem?: number;
  /** The messages delivered to the webhook (Slack), each once: `start`, `follow-up`. */
  sent?: MessageKind[];
}

export const MESSAGE_KINDS = ['start', 'follow-up'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

const MARKER_NAME = 'hotfix-tracker';
const MARKER = /<!-- hotfix-tracker (\{.*?\}) -->/s;
const VERSION = /^\d+\.\d+\.\d+$/;

/**
 * The state as an HTML comment. JSON, with `<`, `>` and `--` written as JSON escapes so that no
 * text (an issue saying `-->`) can end the comment early or open HTML.
 */
export function encodeMarker(state: TrackerState): string {
  return `<!-- ${MARKER_NAME} ${safeJson(state)} -->`;
}

/** JSON that is safe inside an HTML comment. */
export function safeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/-(?=-)/g, '\\u002d');
}

/**
 * The state in an issue body, or undefined when the body has no tracker marker or one that does
 * not hold a valid state (anyone who can edit the issue can edit it: it is checked like input).
 */
export function decodeMarker(body: string | null | undefined): TrackerState | undefined {
  const match = MARKER.exec(body ?? '');
  if (!match?.[1]) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(match[1]);
  } catch {
    return undefined;
  }
  return validState(data);
}

function validState(data: unknown): TrackerState | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const d = data as Record<string, unknown>;
  const str = (key: string) => (typeof d[key] === 'string' ? (d[key] as string) : undefined);
  const product = str('product');
  const previousVersion = str('previousVersion');
  const version = str('version');
  const severity = str('severity');
  const startedAt = str('startedAt');
  const fields = {
    issue: str('issue'),
    impact: str('impact'),
    baseTag: str('baseTag'),
    baseSha: str('baseSha'),
    branch: str('branch'),
    baseBranch: str('baseBranch'),
  };
  if (
    product === undefined ||
    productNameProblem(product) !== undefined ||
    previousVersion === undefined ||
    !VERSION.test(previousVersion) ||
    version === undefined ||
    !VERSION.test(version) ||
    !(SEVERITIES as readonly string[]).includes(severity ?? '') ||
    startedAt === undefined ||
    Number.isNaN(Date.parse(startedAt)) ||
    Object.values(fields).some((value) => value === undefined) ||
    !/^[0-9a-f]{40}$/.test(fields.baseSha ?? '')
  ) {
    return undefined;
  }
  const state: TrackerState = {
    product,
    previousVersion,
    version,
    severity: severity as Severity,
    startedAt: new Date(startedAt).toISOString(),
    issue: fields.issue ?? '',
    impact: fields.impact ?? '',
    baseTag: fields.baseTag ?? '',
    baseSha: fields.baseSha ?? '',
    branch: fields.branch ?? '',
    baseBranch: fields.baseBranch ?? '',
  };
  const maintenanceBranch = str('maintenanceBranch');
  if (maintenanceBranch !== undefined && maintenanceBranch !== '') {
    state.maintenanceBranch = maintenanceBranch;
  }
  for (const key of ['pr', 'postmortem'] as const) {
    const value = d[key];
    if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) state[key] = value;
  }
  const sent = Array.isArray(d['sent'])
    ? MESSAGE_KINDS.filter((kind) => (d['sent'] as unknown[]).includes(kind))
    : [];
  if (sent.length > 0) state.sent = sent;
  return state;
}

/** The issue body with its hidden state replaced by `state` (the rest as it is). */
export function replaceMarker(body: string, state: TrackerState): string {
  return MARKER.test(body)
    ? body.replace(MARKER, () => encodeMarker(state))
    : `${encodeMarker(state)}\n${body}`;
}

export function trackerTitle(state: Pick<TrackerState, 'product' | 'previousVersion' | 'version'>) {
  return `Hotfix: ${state.product} v${state.previousVersion} → v${state.version}`;
}
