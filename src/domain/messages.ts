/**
 * The suite's messages on GitHub, each kind with the function that writes it (its hidden marker
 * included) and the one that finds it again. A message is the suite's when it carries its kind's
 * marker AND its author is the suite's identity, a bot (GitHub keeps `[bot]` logins for Apps and
 * GitHub Actions, so no person posts as one). The visible text never counts: anyone who can
 * comment could write it, or the marker.
 *
 * Comments on the tracker: `deployed` (step 11), `sla-breach`, `follow-up` (the 24-hour status
 * update), `forward-port` (the fix already on main), `monitor` (the post-deploy verdict). On the
 * deployment: the monitor's `in_progress` status once its smoke checks passed (a status has no
 * hidden part: its description, as written here, is its marker).
 */
import { code, escapeInline, escapeSlack, toSingleLine } from './markdown.js';
import type { CommentFact, DeploymentStatusFact } from './tracker/facts.js';
import { SEVERITY_TARGETS } from './tracker/severity.js';
import type { TrackerState } from './tracker/state.js';
import { formatTime, minutesBetween } from './tracker/time.js';

export type CommentKind = 'deployed' | 'sla-breach' | 'follow-up' | 'forward-port' | 'monitor';

/** The hidden marker of a comment of the suite's; `id` tells apart those of a kind (a run). */
function commentMarker(kind: CommentKind, id?: string): string {
  return `<!-- hotfix-comment ${kind}${id === undefined ? '' : ` ${id.replace(/[^\w.:/-]/g, '')}`} -->`;
}

/** Whether a body carries the marker of that kind (and id): a comment about to be posted once. */
export function hasCommentMarker(body: string, kind: CommentKind, id?: string): boolean {
  return body.includes(commentMarker(kind, id));
}

/** A comment of the suite's of that kind: its hidden marker (any id), by the suite's identity. */
function isSuiteComment(comment: CommentFact, kind: CommentKind): boolean {
  return comment.byBot && new RegExp(`<!-- hotfix-comment ${kind}( \\S+)? -->`).test(comment.body);
}

/** Form text for Slack's `mrkdwn`: one line, `&`, `<` and `>` escaped. */
export function slackText(text: string): string {
  return escapeSlack(toSingleLine(text));
}

// ---------------------------------------------------------------------------------------------
// Step 11, immediately after deployment: on the tracker once monitoring is healthy, and the
// monitor's Slack message.

export const DEPLOYED_HEADLINE = '🚨 PRODUCTION HOTFIX DEPLOYED';

export function deployedMessage(state: TrackerState): string {
  return [
    DEPLOYED_HEADLINE,
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

export function isDeployedMessage(comment: CommentFact): boolean {
  return isSuiteComment(comment, 'deployed');
}

// ---------------------------------------------------------------------------------------------
// Step 11, 24 hours later.

export interface StatusUpdate {
  /** For the tracker comment (Markdown). */
  markdown: string;
  /** For the webhook (Slack `mrkdwn`). */
  slack: string;
}

/**
 * The process's words when the monitor found the release healthy; otherwise it says what is
 * known instead of claiming a stable system.
 */
export function statusUpdateMessage(
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

export function isStatusUpdateMessage(comment: CommentFact): boolean {
  return isSuiteComment(comment, 'follow-up');
}

// ---------------------------------------------------------------------------------------------
// The SLA breach.

/** The one comment on an SLA breach, mentioning the configured owners (without `@` in config). */
export function slaBreachMessage(
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

export function isSlaBreachMessage(comment: CommentFact): boolean {
  return isSuiteComment(comment, 'sla-breach');
}

// ---------------------------------------------------------------------------------------------
// The forward-port found the fix already on the default branch (nothing else records it).

export function fixOnMainMessage(why: string, baseBranch: string): string {
  return (
    `✅ No forward-port needed: ${escapeInline(why)}. The fix is on ${code(baseBranch)}.\n` +
    commentMarker('forward-port') +
    '\n'
  );
}

export function isFixOnMainMessage(comment: CommentFact): boolean {
  return isSuiteComment(comment, 'forward-port');
}

// ---------------------------------------------------------------------------------------------
// The post-deploy monitor's verdict: its comment on the tracker, one per run attempt.

export type MonitorVerdict = 'healthy' | 'unhealthy' | 'cancelled';

/**
 * The monitor's comment, its marker naming the verdict and the run: `render` gets the marker to
 * put in the body; `id` is what the comment is posted once by.
 */
export function monitorVerdictMessage(
  verdict: MonitorVerdict,
  runId: string,
  render: (marker: string) => string,
): { id: string; body: string } {
  const id = `${verdict}/${runId}`;
  return { id, body: render(commentMarker('monitor', id)) };
}

/** The verdict a comment of the monitor's gives, if it is one and gives one. */
export function monitorVerdictOf(comment: CommentFact): 'healthy' | 'unhealthy' | undefined {
  if (!comment.byBot) return undefined;
  const match = /<!-- hotfix-comment monitor (healthy|unhealthy)\/\S* -->/.exec(comment.body);
  return match?.[1] as 'healthy' | 'unhealthy' | undefined;
}

// ---------------------------------------------------------------------------------------------
// The monitor's smoke checks passed: an `in_progress` deployment status, while it goes on
// watching.

const SMOKE_PASSED = 'Smoke checks passed; ';

/** The status description; `duration` as the monitor formats it (`2h`). */
export function smokePassedStatus(checks: number, duration: string): string {
  return `${SMOKE_PASSED}monitoring ${checks} ${checks === 1 ? 'check' : 'checks'} for ${duration}`;
}

export function isSmokePassedStatus(status: DeploymentStatusFact): boolean {
  return (
    status.byBot && status.state === 'in_progress' && status.description.startsWith(SMOKE_PASSED)
  );
}
