/**
 * The hotfix's messages after the fact (step 11 and the post-incident section of
 * HOTFIX_PROCESS.md): the "deployed" and 24-hour messages, the SLA breach comment, and the
 * postmortem issue. Pure: Markdown for GitHub (form text escaped) and plain text for Slack.
 */
import { escapeInline, toSingleLine, unescapeInline } from './markdown.js';
import { escapeSlack } from './monitor.js';
import type { Checklist } from './tracker/checklist.js';
import { isSuiteComment } from './tracker/comments.js';
import { deploymentFacts } from './tracker/deployments.js';
import type { TrackerFacts } from './tracker/facts.js';
import { commentMarker } from './tracker/comments.js';
import { SEVERITY_TARGETS } from './tracker/severity.js';
import { safeJson, type TrackerState } from './tracker/state.js';
import { formatTime, minutesBetween } from './tracker/time.js';

/** Form text for Slack's `mrkdwn`: one line, `&`, `<` and `>` escaped. */
export function slackText(text: string): string {
  return escapeSlack(toSingleLine(text));
}

/** Step 11, immediately after deployment: posted once on the tracker when monitoring is healthy. */
export function deployedComment(state: TrackerState): string {
  return [
    '🚨 PRODUCTION HOTFIX DEPLOYED',
    '',
    `Product: \`${state.product}\``,
    `Version: ${state.version}`,
    `Issue: ${escapeInline(state.issue)}`,
    `Impact: resolved for ${escapeInline(state.impact)}`,
    'Status: ✅ Deployed & verified',
    '',
    'No user action required.',
    'Service restored to normal.',
    commentMarker('deployed'),
    '',
  ].join('\n');
}

export interface StatusUpdate {
  /** For the tracker comment (Markdown). */
  markdown: string;
  /** For the webhook (Slack `mrkdwn`). */
  slack: string;
}

/**
 * Step 11, 24 hours later. The process's words when the monitor found the release healthy;
 * otherwise it says what is known instead of claiming a stable system.
 */
export function statusUpdate(
  state: TrackerState,
  hoursSinceDeploy: number,
  verdict: 'healthy' | 'unhealthy' | undefined,
  trackerUrl: string | undefined,
  /** Said when the fix is not on the default branch yet (the forward-port is open). */
  notOnMain?: string,
): StatusUpdate {
  const stable = verdict === 'healthy';
  const lines = [
    stable ? '✅ HOTFIX STATUS UPDATE' : '⚠️ HOTFIX STATUS UPDATE',
    '',
    `Production hotfix v${state.version} deployed ${hoursSinceDeploy} hours ago.`,
    ...(stable
      ? ['Zero errors reported post-deployment.', 'System stable.']
      : verdict === 'unhealthy'
        ? ['Post-deploy monitoring found the release unhealthy: see the tracking issue.']
        : ['Post-deploy monitoring gave no verdict: check the service.']),
    ...(notOnMain === undefined
      ? []
      : [
          `Not on ${state.baseBranch} yet: ${notOnMain}. Until the fix is there the next release would ship the bug again, and the tracking issue stays open.`,
        ]),
    '',
    'Thank you for your patience!',
  ];
  const markdown = [...lines, commentMarker('follow-up'), ''].join('\n');
  const slack = [
    ...lines.slice(0, 1),
    `Product: ${slackText(state.product)}`,
    ...lines.slice(1),
    ...(trackerUrl ? [`<${trackerUrl}|Tracking issue>`] : []),
  ].join('\n');
  return { markdown, slack };
}

/** The status update and the postmortem are due this long after the deployment. */
export const FOLLOW_UP_AFTER_MS = 24 * 3600_000;

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
  const update = statusUpdate(
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
    postUpdate: !facts.comments.some((comment) => isSuiteComment(comment, 'follow-up')),
    sendUpdate: !state.sent?.includes('follow-up'),
  };
}

/** The one comment on an SLA breach, mentioning the configured owners (without `@` in config). */
export function slaBreachComment(
  state: TrackerState,
  owners: readonly string[],
  targetMinutes: number,
  inProductionAt: string | undefined,
): string {
  const target = SEVERITY_TARGETS[state.severity];
  const when = inProductionAt
    ? `The fix reached production at T+${minutesBetween(state.startedAt, inProductionAt)}, after the ${targetMinutes}-minute target.`
    : `The fix is not in production ${targetMinutes} minutes after the hotfix was declared (${formatTime(state.startedAt)}).`;
  const mentions = owners.map((owner) => `@${owner.replace(/^@/, '')}`).join(' ');
  return [
    `⏰ **SLA breached**: ${target.icon} ${state.severity} hotfix of \`${state.product}\` v${state.version} (target: ${target.text}).`,
    '',
    when,
    '',
    mentions === ''
      ? 'No owners are configured to notify (`owners` in .github/hotfix.yml).'
      : `${mentions}: please help unblock it.`,
    commentMarker('sla-breach'),
    '',
  ].join('\n');
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
