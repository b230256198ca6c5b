/**
 * After the fact (step 11 and the post-incident section of HOTFIX_PROCESS.md): what the hourly
 * follow-up owes a tracker (the 24-hour status update, whose text is in messages.ts, and the
 * postmortem), and the postmortem issue. Pure: form text escaped.
 */
import { escapeInline, toSingleLine, unescapeInline } from './markdown.js';
import { isStatusUpdateMessage, statusUpdateMessage, type StatusUpdate } from './messages.js';
import type { Checklist } from './tracker/checklist.js';
import { deploymentFacts } from './tracker/deployments.js';
import type { TrackerFacts } from './tracker/facts.js';
import { SEVERITY_TARGETS } from './tracker/severity.js';
import { safeJson, type TrackerState } from './tracker/state.js';
import { formatTime, minutesBetween } from './tracker/time.js';

/** The status update and the postmortem are due this long after the deployment. */
const FOLLOW_UP_AFTER_MS = 24 * 3600_000;

export interface FollowUpPlan {
  /** Hours since the fix reached production, when it has. */
  hoursSinceDeploy?: number;
  /** 24 hours after the deployment: the status update and the postmortem are due. */
  due: boolean;
  /** The status update, when due. */
  update?: StatusUpdate;
  /** The update is due and not on the tracker yet. */
  postUpdate: boolean;
  /**
   * The update is due and not yet delivered to the webhook (recorded in the tracker's state: a
   * run that failed before sending it sends it on the next run).
   */
  sendUpdate: boolean;
}

/** What the hourly follow-up of one tracker owes, from its facts at `now`. */
export function planFollowUp(
  state: TrackerState,
  checklist: Checklist,
  facts: TrackerFacts,
  trackerUrl: string,
  now: Date,
): FollowUpPlan {
  const deployedAt = checklist.deployed.at;
  if (deployedAt === undefined) return { due: false, postUpdate: false, sendUpdate: false };
  const since = now.getTime() - Date.parse(deployedAt);
  const hoursSinceDeploy = Math.floor(since / 3600_000);
  if (since < FOLLOW_UP_AFTER_MS) {
    return { hoursSinceDeploy, due: false, postUpdate: false, sendUpdate: false };
  }
  const merged = checklist.merged;
  const update = statusUpdateMessage(
    state,
    hoursSinceDeploy,
    deploymentFacts(facts).verdict,
    trackerUrl,
    merged.done
      ? undefined
      : unescapeInline((merged.problem ?? merged.note ?? 'not merged').replace(/`/g, '')),
  );
  return {
    hoursSinceDeploy,
    due: true,
    update,
    postUpdate: !facts.comments.some(isStatusUpdateMessage),
    sendUpdate: !state.sent?.includes('follow-up'),
  };
}

// ---------------------------------------------------------------------------------------------
// The postmortem issue.

const POSTMORTEM_MARKER = /<!-- hotfix-postmortem (\{.*?\}) -->/s;

/** The tracker a postmortem issue belongs to, from its marker. */
export function postmortemTracker(body: string | null | undefined): number | undefined {
  const match = POSTMORTEM_MARKER.exec(body ?? '');
  if (!match?.[1]) return undefined;
  try {
    const data = JSON.parse(match[1]) as { tracker?: unknown };
    return typeof data.tracker === 'number' && Number.isSafeInteger(data.tracker)
      ? data.tracker
      : undefined;
  } catch {
    return undefined;
  }
}

export function postmortemTitle(state: TrackerState): string {
  return `Postmortem: ${state.product} v${state.version}: ${toSingleLine(state.issue)}`;
}

export interface PostmortemInput {
  state: TrackerState;
  tracker: number;
  owners: readonly string[];
  /** YYYY-MM-DD. */
  due: string;
  deployedAt?: string;
  resolvedAt?: string;
}

/** The post-incident template of the process, with what is known filled in and escaped. */
export function postmortemBody(input: PostmortemInput): string {
  const { state } = input;
  const owners = input.owners.map((owner) => `@${owner.replace(/^@/, '')}`).join(' ');
  const facts = [
    `- Issue: ${escapeInline(state.issue)}`,
    `- Impact: ${escapeInline(state.impact)}`,
    `- Severity: ${SEVERITY_TARGETS[state.severity].icon} ${state.severity}`,
    `- Declared: ${formatTime(state.startedAt)}`,
    ...(input.deployedAt
      ? [`- Fix in production: T+${minutesBetween(state.startedAt, input.deployedAt)} minutes`]
      : []),
    ...(input.resolvedAt
      ? [`- Resolved: T+${minutesBetween(state.startedAt, input.resolvedAt)} minutes`]
      : []),
    `- Hotfix: \`${state.product}\` ${state.previousVersion} → ${state.version}, tracking issue #${input.tracker}`,
  ];
  return [
    `<!-- hotfix-postmortem ${safeJson({ tracker: input.tracker, product: state.product, version: state.version })} -->`,
    `Postmortem of the ${state.severity} hotfix of \`${state.product}\` v${state.version} (tracking issue #${input.tracker}).`,
    '',
    `**Due:** ${input.due} · **Owners:** ${owners === '' ? '_(assign)_' : owners}`,
    '',
    '## What happened',
    '',
    ...facts,
    '',
    '## Root cause',
    '',
    '_(what broke, and why)_',
    '',
    "## Why it wasn't caught before",
    '',
    '_(which check, review or test could have caught it)_',
    '',
    '## What testing was missed',
    '',
    '_(the test that would have failed)_',
    '',
    '## Prevention',
    '',
    '- [ ] Add test coverage',
    '- [ ] Update CI/CD checks',
    '- [ ] Improve monitoring',
    '- [ ] Update processes or documentation if needed',
    '',
    '## Communicate findings',
    '',
    '- [ ] Shared with the team',
    '- [ ] Documentation updated',
    '',
    'Close this issue when the postmortem is written: the tracking issue closes with it.',
    '',
  ].join('\n');
}

/** The due date: a week after the postmortem is opened (YYYY-MM-DD). */
export function postmortemDue(now: Date): string {
  return new Date(now.getTime() + 7 * 24 * 3600_000).toISOString().slice(0, 10);
}
