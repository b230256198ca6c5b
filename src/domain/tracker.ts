/**
 * The tracking issue of a hotfix (HOTFIX_PROCESS.md's checklist and timeline), kept true from
 * GitHub's own records. Pure: the facts gathered from GitHub (src/github/tracker.ts) and the
 * hidden state go in, the issue's title and Markdown body come out. No I/O, no environment, no
 * clock: "now" is a parameter wherever it matters.
 *
 * The hidden state (product, versions, severity, start time, pull request, postmortem) lives in
 * the issue body as an HTML comment, `<!-- hotfix-tracker {json} -->`, so that every run can
 * rebuild the whole body from it and from GitHub.
 */
import { approvalOf, type Review } from './approval.js';
import { escapeInline, toSingleLine } from './markdown.js';
import { lockfileCandidates } from './version-files.js';
import { productNameProblem } from './naming.js';

// ---------------------------------------------------------------------------------------------
// Severity and its target.

export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM'] as const;
export type Severity = (typeof SEVERITIES)[number];

/**
 * The process's severity levels: CRITICAL under 1 hour, HIGH under 4 hours, MEDIUM waits for the
 * next release. The clock stops when the fix is in production (the first deployment of the
 * production tag), the moment users stop being affected.
 */
export const SEVERITY_TARGETS: Record<Severity, { minutes?: number; icon: string; text: string }> =
  {
    CRITICAL: { minutes: 60, icon: '🔴', text: 'fix in production within 1 hour' },
    HIGH: { minutes: 240, icon: '🟠', text: 'fix in production within 4 hours' },
    MEDIUM: { icon: '🟡', text: 'no hotfix target: the next release is OK for MEDIUM' },
  };

// ---------------------------------------------------------------------------------------------
// The hidden state.

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

// ---------------------------------------------------------------------------------------------
// Comments the hotfix posts on its tracker, each once: found again by their marker.

export type CommentKind = 'deployed' | 'sla-breach' | 'follow-up' | 'forward-port' | 'monitor';

/** The hidden marker of a comment of the suite's; `id` tells apart those of a kind (a run). */
export function commentMarker(kind: CommentKind, id?: string): string {
  return `<!-- hotfix-comment ${kind}${id === undefined ? '' : ` ${id.replace(/[^\w.:/-]/g, '')}`} -->`;
}

export function hasCommentMarker(body: string, kind: CommentKind, id?: string): boolean {
  return body.includes(commentMarker(kind, id));
}

/**
 * A comment of the suite's of that kind: its hidden marker (any id), by a bot. Only the suite's
 * own comments change the tracker's state: anyone who can comment could write the marker or the
 * visible text, but no person's login is a bot's (`[bot]`, which GitHub keeps for Apps).
 */
export function isSuiteComment(comment: CommentFact, kind: CommentKind): boolean {
  return comment.byBot && new RegExp(`<!-- hotfix-comment ${kind}( \\S+)? -->`).test(comment.body);
}

/** The verdict the post-deploy monitor's comment (a suite comment, `monitor`) starts with. */
const MONITOR_HEALTHY = '**Post-deploy monitoring: healthy**';
const MONITOR_UNHEALTHY = '**Post-deploy monitoring: unhealthy**';

// ---------------------------------------------------------------------------------------------
// Facts: what GitHub says, reduced to plain data by src/github/tracker.ts.

export interface CommitFact {
  sha: string;
  message: string;
  /** The committer's date (when it landed on the branch). */
  date: string;
  /** Paths the commit changed. */
  files: string[];
}

export interface BranchFact {
  /** The branch's history starts at the base tag's commit (merge base = tag commit). */
  fromTag: boolean;
  /** The branch's own commits, oldest first. */
  commits: CommitFact[];
  /** The files changed from the tag to the head, with their patches when GitHub gives them. */
  files: { path: string; patch?: string }[];
}

export interface PullFact {
  number: number;
  url: string;
  state: 'open' | 'closed';
  merged: boolean;
  createdAt: string;
  mergedAt?: string;
  labels: string[];
  /** Users and teams whose review is still requested (GitHub drops them once they review). */
  requestedReviewers: number;
  /** The head commit: only an approval given on it counts. */
  headSha: string;
  reviews: Review[];
}

/** The forward-port of the fix to the default branch (the maintenance path only). */
export interface ForwardPortFact {
  number: number;
  url: string;
  state: 'open' | 'closed';
  merged: boolean;
  mergedAt?: string;
  /** A draft that names conflicting files: a person must finish it. */
  conflict: boolean;
}

export interface TagFact {
  name: string;
  commitSha: string;
  annotated: boolean;
  /** The tagger's date of an annotated tag. */
  taggedAt?: string;
}

export interface ReleaseFact {
  url: string;
  draft: boolean;
  createdAt: string;
  publishedAt?: string;
}

export interface DeploymentStatusFact {
  state: string;
  createdAt: string;
  description: string;
}

export interface DeploymentFact {
  id: number;
  environment: string;
  production: boolean;
  createdAt: string;
  /** Oldest first. */
  statuses: DeploymentStatusFact[];
}

export interface CommentFact {
  id: number;
  body: string;
  /** Written by a bot (an App or GitHub Actions): only those can be the suite's. */
  byBot: boolean;
  createdAt: string;
  url: string;
}

export interface IssueFact {
  number: number;
  url: string;
  state: 'open' | 'closed';
  closedAt?: string;
  /** Its labels as GitHub shows them (name, colour, description). */
  labels?: { name?: string; color?: string | null; description?: string | null }[];
}

export interface TrackerFacts {
  branch?: BranchFact;
  pull?: PullFact;
  tag?: TagFact;
  release?: ReleaseFact;
  /** The forward-port pull request, when one was opened. */
  forwardPort?: ForwardPortFact;
  deployments: DeploymentFact[];
  /** The tracker's comments, oldest first. */
  comments: CommentFact[];
  postmortem?: IssueFact;
}

/** What the configuration says about the product, for the checks. */
export interface TrackerContext {
  versionFiles: string[];
  changelog?: string;
  /** The labels every hotfix pull request carries (`URGENT`, `hotfix`). */
  labels: string[];
  /** Whether reviewers are configured (then a review request is expected). */
  reviewersConfigured: boolean;
}

// ---------------------------------------------------------------------------------------------
// The checklist of the process.

export const CHECKLIST = [
  ['declared', 'Severity assessed & documented'],
  ['branch', 'Branch created from production tag'],
  ['fix', 'Bug fixed & tested locally'],
  ['version', 'Version number updated (PATCH only)'],
  ['changelog', 'CHANGELOG entry added'],
  ['commit-message', 'Commit message clear'],
  ['review-requested', 'Code review requested (marked URGENT)'],
  ['approved', 'Approval obtained'],
  ['merged', 'Merged to main'],
  ['tag-created', 'Production tag created'],
  ['tag-pushed', 'Tag pushed to remote'],
  ['deployed', 'Deployed to production'],
  ['smoke', 'Smoke tests passed'],
  ['monitored', 'Error logs monitored (2+ hours)'],
  ['notified', 'Users notified'],
  ['release', 'GitHub Release created'],
  ['documented', 'Incident documented'],
] as const;

export type StepId = (typeof CHECKLIST)[number][0];

export interface ChecklistItem {
  id: StepId;
  label: string;
  done: boolean;
  /** When it became true (ISO), from GitHub's records. */
  at?: string;
  /** Markdown, already escaped: what proves it (a commit, a review, a link). */
  note?: string;
  /** Markdown, already escaped: what is wrong, for a step that went wrong. */
  problem?: string;
}

export type Checklist = Record<StepId, ChecklistItem>;

/** A conventional commit subject with some words: `fix(api): reject empty shift lists`. */
const CLEAR_SUBJECT = /^[a-z]+(\([^)]*\))?!?: \S.{7,}/;

/** Derives every box of the checklist from the facts. */
export function buildChecklist(
  state: TrackerState,
  context: TrackerContext,
  facts: TrackerFacts,
): Checklist {
  const list = Object.fromEntries(
    CHECKLIST.map(([id, label]) => [id, { id, label, done: false } as ChecklistItem]),
  ) as Checklist;
  const tick = (id: StepId, at: string | undefined, note?: string): void => {
    list[id] = { ...list[id], done: true, ...(at ? { at } : {}), ...(note ? { note } : {}) };
  };
  const problem = (id: StepId, text: string): void => {
    list[id] = { ...list[id], problem: text };
  };
  list.merged.label = `Merged to ${state.baseBranch}`;

  tick('declared', state.startedAt, `${SEVERITY_TARGETS[state.severity].icon} ${state.severity}`);

  // Branch, fix, version files, CHANGELOG, commit messages: from the branch's own commits.
  const branch = facts.branch;
  if (branch) {
    if (branch.fromTag) {
      tick('branch', branch.commits[0]?.date ?? state.startedAt, `from \`${state.baseTag}\``);
    } else {
      problem('branch', `the branch does not start at \`${state.baseTag}\``);
    }
    const bumpFiles = new Set(releaseFiles(context));
    const touching = (paths: string[]) =>
      branch.commits.filter((commit) => commit.files.some((file) => paths.includes(file)));
    const fixes = branch.commits.filter((commit) =>
      commit.files.some((file) => !bumpFiles.has(file)),
    );
    const lastFix = fixes.at(-1);
    if (lastFix) {
      tick(
        'fix',
        lastFix.date,
        `${fixes.length} ${fixes.length === 1 ? 'commit' : 'commits'}, latest ${short(lastFix.sha)}`,
      );
      const unclear = fixes.filter((commit) => !CLEAR_SUBJECT.test(subject(commit.message)));
      const firstUnclear = unclear[0];
      if (firstUnclear === undefined) tick('commit-message', lastFix.date);
      else
        problem(
          'commit-message',
          `${short(firstUnclear.sha)} needs a subject like \`fix: what was broken\``,
        );
    }

    const changed = new Map(branch.files.map((file) => [file.path, file]));
    const holdsVersion = (path: string) => {
      const file = changed.get(path);
      return file !== undefined && (file.patch === undefined || addsVersion(file.patch, state));
    };
    if (context.versionFiles.length > 0 && context.versionFiles.every(holdsVersion)) {
      const times = context.versionFiles.map((path) => touching([path])[0]?.date);
      tick('version', latest(times), `${state.previousVersion} → ${state.version}`);
    }
    if (context.changelog !== undefined && holdsVersion(context.changelog)) {
      tick('changelog', touching([context.changelog])[0]?.date);
    }
  }

  // Review, approval, merge: the pull request.
  const pull = facts.pull;
  if (pull) {
    const missing = context.labels.filter(
      (label) => !pull.labels.some((name) => name.toLowerCase() === label.toLowerCase()),
    );
    const requested =
      !context.reviewersConfigured || pull.requestedReviewers > 0 || pull.reviews.length > 0;
    if (missing.length === 0 && requested)
      tick('review-requested', pull.createdAt, `#${pull.number}`);
    else if (missing.length > 0)
      problem('review-requested', `#${pull.number} lacks ${missing.map(escapeInline).join(', ')}`);
    else problem('review-requested', `no reviewer requested on #${pull.number}`);
    const approval = approvalOf(pull.reviews, pull.headSha);
    if (approval.approved) {
      tick('approved', approval.at, `by ${approval.approvers.map(escapeInline).join(', ')}`);
    } else if (approval.staleApprovers.length > 0) {
      problem(
        'approved',
        `the approval was given before the last push: review ${short(pull.headSha)}`,
      );
    }
    if (pull.state === 'closed' && !pull.merged) {
      problem('merged', `#${pull.number} was closed unmerged`);
    }
  }
  fixOnMain(state, facts, tick, problem, (note) => (list.merged.note = note));

  // Tag, release.
  const tag = facts.tag;
  if (tag) {
    const at = tag.taggedAt ?? facts.release?.createdAt ?? pull?.mergedAt;
    tick('tag-created', at, `\`${tag.name}\`${tag.annotated ? '' : ' (lightweight)'}`);
    tick('tag-pushed', at);
  }
  const release = facts.release;
  if (release && !release.draft) {
    tick('release', release.publishedAt ?? release.createdAt, `[release](${release.url})`);
  }

  // Deployment, smoke tests, monitoring, notification: deployment statuses and comments.
  const deployment = deploymentFacts(facts);
  if (deployment.deployedAt) tick('deployed', deployment.deployedAt, deployment.environment);
  if (deployment.smokeAt) tick('smoke', deployment.smokeAt);
  if (deployment.verdict === 'healthy') {
    const minutes =
      deployment.deployedAt && deployment.verdictAt
        ? minutesBetween(deployment.deployedAt, deployment.verdictAt)
        : undefined;
    tick(
      'monitored',
      deployment.verdictAt,
      `healthy${minutes === undefined ? '' : ` after ${minutes} min`}`,
    );
  } else if (deployment.verdict === 'unhealthy') {
    problem('monitored', 'the post-deploy monitor found the release **unhealthy**');
  }
  const notice = facts.comments.find((comment) => isSuiteComment(comment, 'deployed'));
  if (notice) tick('notified', notice.createdAt, `[message](${notice.url})`);

  // The postmortem.
  const postmortem = facts.postmortem;
  if (postmortem?.state === 'closed') {
    tick('documented', postmortem.closedAt, `postmortem #${postmortem.number}`);
  } else if (postmortem) {
    list.documented.note = `postmortem #${postmortem.number} open`;
  }
  return list;
}

/**
 * "Merged to main" is true when the fix is on the default branch: the hotfix pull request merged
 * into it (main had not moved: step 7's ff-only path), or, on the maintenance path, the
 * forward-port pull request merged, or the suite found the fix already there.
 */
function fixOnMain(
  state: TrackerState,
  facts: TrackerFacts,
  tick: (id: StepId, at: string | undefined, note?: string) => void,
  problem: (id: StepId, text: string) => void,
  note: (text: string) => void,
): void {
  const pull = facts.pull;
  if (state.maintenanceBranch === undefined) {
    if (pull?.merged) tick('merged', pull.mergedAt, `#${pull.number}`);
    return;
  }
  const intoLine = pull?.merged
    ? `#${pull.number} merged into \`${state.maintenanceBranch}\``
    : undefined;
  const port = facts.forwardPort;
  const already = facts.comments.find((comment) => isSuiteComment(comment, 'forward-port'));
  if (port?.merged) {
    tick('merged', port.mergedAt, `forward-port #${port.number}`);
  } else if (already) {
    tick('merged', already.createdAt, `the fix was already on \`${state.baseBranch}\``);
  } else if (port?.state === 'closed') {
    problem(
      'merged',
      `forward-port #${port.number} was closed unmerged: the fix is not on \`${state.baseBranch}\``,
    );
  } else if (port?.conflict) {
    problem(
      'merged',
      `forward-port #${port.number} has conflicts to resolve (its description says how)`,
    );
  } else if (port) {
    note(`${intoLine ? `${intoLine}; ` : ''}forward-port #${port.number} open`);
  } else if (facts.tag) {
    problem(
      'merged',
      'no forward-port pull request yet (the root action with command: forward-port opens it)',
    );
  } else if (intoLine) {
    note(intoLine);
  }
}

/** The version files, the lockfiles that follow them, and the CHANGELOG: what a bump touches. */
function releaseFiles(context: TrackerContext): string[] {
  const files = [...context.versionFiles];
  for (const path of context.versionFiles) {
    if (path.split('/').at(-1) === 'package.json') files.push(...lockfileCandidates(path));
  }
  if (context.changelog !== undefined) files.push(context.changelog);
  return files;
}

/** Whether a patch adds a line holding the new version. */
function addsVersion(patch: string, state: TrackerState): boolean {
  return patch
    .split('\n')
    .some(
      (line) => line.startsWith('+') && !line.startsWith('+++') && line.includes(state.version),
    );
}

export interface DeploymentSummary {
  environment?: string;
  deployedAt?: string;
  smokeAt?: string;
  verdict?: 'healthy' | 'unhealthy';
  verdictAt?: string;
}

/**
 * Production deployments of the tag, read the way the deploy template and the post-deploy monitor
 * write them: the first `in_progress` or `success` status is the deployment; `success` is the
 * monitor's healthy verdict, `failure`/`error` its unhealthy one (the newest deployment decides).
 * Smoke tests passed: an `in_progress` status saying so (the monitor's phase change), else the
 * healthy verdict. The monitor's own comment on the tracker counts as its verdict too.
 */
export function deploymentFacts(facts: TrackerFacts): DeploymentSummary {
  const production = facts.deployments
    .filter((deployment) => deployment.production)
    .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
  const summary: DeploymentSummary = {};
  for (const deployment of production) {
    const live = deployment.statuses.find(
      (status) => status.state === 'in_progress' || status.state === 'success',
    );
    if (
      live &&
      (!summary.deployedAt || Date.parse(live.createdAt) < Date.parse(summary.deployedAt))
    ) {
      summary.deployedAt = live.createdAt;
      summary.environment = deployment.environment;
    }
    const smoke = deployment.statuses.find(
      (status) => status.state === 'in_progress' && /smoke[^.]*pass/i.test(status.description),
    );
    if (smoke && !summary.smokeAt) summary.smokeAt = smoke.createdAt;
  }
  const newest = production.at(-1);
  const final = newest?.statuses
    .filter((status) => ['success', 'failure', 'error'].includes(status.state))
    .at(-1);
  if (final) {
    summary.verdict = final.state === 'success' ? 'healthy' : 'unhealthy';
    summary.verdictAt = final.createdAt;
  } else {
    const comment = facts.comments.find(
      (c) =>
        isSuiteComment(c, 'monitor') &&
        (c.body.includes(MONITOR_HEALTHY) || c.body.includes(MONITOR_UNHEALTHY)),
    );
    if (comment) {
      summary.verdict = comment.body.includes(MONITOR_HEALTHY) ? 'healthy' : 'unhealthy';
      summary.verdictAt = comment.createdAt;
    }
  }
  if (summary.verdict === 'healthy') {
    summary.smokeAt ??= summary.verdictAt;
    summary.deployedAt ??= summary.verdictAt;
  }
  return summary;
}

// ---------------------------------------------------------------------------------------------
// The timeline of the process.

export const MILESTONES = [
  { id: 'detected', label: 'Issue detected & reported', target: 0, steps: ['declared'] },
  {
    id: 'branch',
    label: 'Severity assessed, hotfix branch created',
    target: 5,
    steps: ['declared', 'branch'],
  },
  {
    id: 'review',
    label: 'Fix implemented, code review started',
    target: 15,
    steps: ['fix', 'review-requested'],
  },
  {
    // The tag follows the merge of the hotfix pull request (into main or its maintenance
    // branch); "Merged to main" may come later, through the forward-port.
    id: 'merged',
    label: 'Approved & merged, tag created',
    target: 30,
    steps: ['approved', 'tag-created'],
  },
  { id: 'deployed', label: 'Deployed to production', target: 45, steps: ['deployed'] },
  {
    id: 'smoke',
    label: 'Smoke tests pass, monitoring enabled',
    target: 60,
    steps: ['smoke'],
  },
  {
    id: 'resolved',
    label: 'Declare emergency resolved, communicate',
    target: 120,
    steps: ['monitored', 'notified'],
  },
  { id: 'follow-up', label: 'Follow-up communication', target: 1440, steps: [] },
] as const satisfies readonly {
  id: string;
  label: string;
  target: number;
  steps: readonly StepId[];
}[];

export type MilestoneId = (typeof MILESTONES)[number]['id'];

export interface TimelineEntry {
  id: MilestoneId;
  label: string;
  /** Minutes after T-0 the process aims for. */
  target: number;
  /** When it happened (ISO), once every step of it has. */
  at?: string;
  /** Whole minutes after T-0. */
  elapsed?: number;
}

/** The timeline: each milestone reached when all its steps are, at the latest of their times. */
export function buildTimeline(
  state: TrackerState,
  checklist: Checklist,
  facts: TrackerFacts,
): TimelineEntry[] {
  const followUp = facts.comments.find((c) => isSuiteComment(c, 'follow-up'));
  return MILESTONES.map((milestone) => {
    let at: string | undefined;
    if (milestone.id === 'follow-up') at = followUp?.createdAt;
    else if (milestone.steps.every((id: StepId) => checklist[id].done)) {
      at = latest(milestone.steps.map((id: StepId) => checklist[id].at)) ?? state.startedAt;
    }
    return {
      id: milestone.id,
      label: milestone.label,
      target: milestone.target,
      ...(at ? { at, elapsed: minutesBetween(state.startedAt, at) } : {}),
    };
  });
}

/** When the emergency was resolved (monitoring healthy and users told), if it was. */
export function resolvedAt(timeline: readonly TimelineEntry[]): string | undefined {
  return timeline.find((entry) => entry.id === 'resolved')?.at;
}

export interface SlaStatus {
  targetMinutes?: number;
  /** ISO: T-0 plus the target. */
  deadline?: string;
  /** When the fix reached production, if it has. */
  inProductionAt?: string;
  breached: boolean;
}

/** Whether the severity's target was missed: past it and not in production, or in production late. */
export function slaStatus(state: TrackerState, checklist: Checklist, now: Date): SlaStatus {
  const minutes = SEVERITY_TARGETS[state.severity].minutes;
  const inProductionAt = checklist.deployed.done ? checklist.deployed.at : undefined;
  if (minutes === undefined)
    return { breached: false, ...(inProductionAt ? { inProductionAt } : {}) };
  const deadline = Date.parse(state.startedAt) + minutes * 60_000;
  const end = inProductionAt ? Date.parse(inProductionAt) : now.getTime();
  return {
    targetMinutes: minutes,
    deadline: new Date(deadline).toISOString(),
    ...(inProductionAt ? { inProductionAt } : {}),
    breached: end > deadline,
  };
}

/** Every box ticked: the tracker can close (with its postmortem closed, which is a box too). */
export function allDone(checklist: Checklist): boolean {
  return Object.values(checklist).every((item) => item.done);
}

// ---------------------------------------------------------------------------------------------
// Rendering.

export interface TrackerView {
  state: TrackerState;
  checklist: Checklist;
  timeline: TimelineEntry[];
  sla: SlaStatus;
}

/**
 * The issue body. It depends on the facts only, never on the time of the run (the SLA breach is
 * a fact once it happened), so a sync that learns nothing new leaves the issue as it is.
 */
export function renderTrackerBody(view: TrackerView): string {
  const { state, checklist, timeline, sla } = view;
  const target = SEVERITY_TARGETS[state.severity];
  const start = Date.parse(state.startedAt);
  const lines: string[] = [
    encodeMarker(state),
    `## ${target.icon} ${escapeInline(trackerTitle(state))}`,
    '',
    '### Declaration',
    '',
    `Issue: ${escapeInline(state.issue)}`,
    `Severity: ${state.severity}`,
    `Product: \`${state.product}\``,
    'Environment: Production',
    `Impact: ${escapeInline(state.impact)}`,
    `Declared: ${formatTime(state.startedAt)}`,
    '',
    `**Target:** ${target.icon} ${state.severity}: ${target.text}` +
      (sla.deadline ? `, by ${formatTime(sla.deadline, start)}.` : '.'),
  ];
  if (sla.targetMinutes !== undefined) {
    if (sla.inProductionAt) {
      const minutes = minutesBetween(state.startedAt, sla.inProductionAt);
      lines.push(
        sla.breached
          ? `⏰ **SLA breached**: in production at T+${minutes}, ${minutes - sla.targetMinutes} minutes past the target.`
          : `✅ In production at T+${minutes}, within the target.`,
      );
    } else if (sla.breached) {
      lines.push(
        `⏰ **SLA breached**: not in production by ${formatTime(sla.deadline ?? '', start)}.`,
      );
    }
  }
  lines.push('');
  const refs = [
    state.pr !== undefined ? `Pull request: #${state.pr}` : undefined,
    `Branch: \`${state.branch}\` from \`${state.baseTag}\`` +
      (state.maintenanceBranch === undefined
        ? ` into \`${state.baseBranch}\``
        : ` into \`${state.maintenanceBranch}\` (${state.baseBranch} had moved on; a forward-port carries the fix to it)`),
    state.postmortem !== undefined ? `Postmortem: #${state.postmortem}` : undefined,
  ].filter((ref): ref is string => ref !== undefined);
  lines.push(refs.join(' · '), '');

  lines.push('### Checklist', '');
  for (const item of Object.values(checklist)) lines.push(renderItem(item, start));
  lines.push(
    '',
    '_Ticked by Hotfix Actions from GitHub’s own records (commits, reviews, tags, releases, deployments); manual ticks are overwritten._',
    '',
  );

  lines.push('### Timeline', '', '| Step | Target | Actual | |', '|---|---|---|---|');
  for (const entry of timeline) lines.push(renderTimelineRow(entry, start));
  lines.push('', ...renderGantt(state, timeline), '');

  const resolved = resolvedAt(timeline);
  lines.push(
    resolved === undefined
      ? '**Total time:** not resolved yet.'
      : `**Total time: ${minutesBetween(state.startedAt, resolved)} minutes**`,
  );
  return lines.join('\n') + '\n';
}

function renderItem(item: ChecklistItem, start: number): string {
  const parts = [`- [${item.done ? 'x' : ' '}] ${item.label}`];
  if (item.done && item.at) {
    parts.push(
      `· ${formatTime(item.at, start)} (T+${minutesBetween(new Date(start).toISOString(), item.at)})`,
    );
  }
  if (item.note) parts.push(`· ${item.note}`);
  if (item.problem) parts.push(`· ⚠️ ${item.problem}`);
  return parts.join(' ');
}

function renderTimelineRow(entry: TimelineEntry, start: number): string {
  const target =
    entry.target === 0 ? 'T-0' : entry.target >= 1440 ? 'T+1 day' : `T+${entry.target}`;
  if (entry.at === undefined || entry.elapsed === undefined)
    return `| ${entry.label} | ${target} | — | |`;
  const actual = `T+${entry.elapsed} (${formatTime(entry.at, start)})`;
  const late = entry.elapsed - entry.target;
  const verdict = entry.id === 'detected' ? '' : late > 0 ? `⚠️ ${late} min late` : '✅';
  return `| ${entry.label} | ${target} | ${actual} | ${verdict} |`;
}

/** Short names for the chart, which has little room. */
const GANTT_NAMES: Record<MilestoneId, string> = {
  detected: 'Detected',
  branch: 'Branch',
  review: 'Fix and review',
  merged: 'Merged and tagged',
  deployed: 'Deployed',
  smoke: 'Smoke tests',
  resolved: 'Resolved',
  'follow-up': 'Follow-up',
};

/**
 * A Mermaid `gantt` (GitHub renders it): the process's target timeline and the actual one, each
 * milestone a bar from the previous one. Times are UTC; the follow-up day is left out of the
 * chart (it would squash the rest).
 */
export function renderGantt(state: TrackerState, timeline: readonly TimelineEntry[]): string[] {
  const start = Date.parse(state.startedAt);
  const steps = timeline.filter((entry) => entry.id !== 'detected' && entry.id !== 'follow-up');
  const lines = [
    '```mermaid',
    'gantt',
    `    title Hotfix ${state.product} v${state.version}: target and actual (UTC)`,
    '    dateFormat YYYY-MM-DD HH:mm',
    '    axisFormat %H:%M',
    '    section Target',
  ];
  let previous = 0;
  steps.forEach((entry, index) => {
    lines.push(
      `    ${GANTT_NAMES[entry.id]} T+${entry.target} :t${index}, ${ganttTime(start + previous * 60_000)}, ${entry.target - previous}m`,
    );
    previous = entry.target;
  });
  lines.push('    section Actual');
  let from = start;
  steps.forEach((entry, index) => {
    if (entry.at === undefined || entry.elapsed === undefined) return;
    const at = Math.max(from, Date.parse(entry.at));
    const tags = entry.elapsed > entry.target ? 'crit, done' : 'done';
    lines.push(
      `    ${GANTT_NAMES[entry.id]} T+${entry.elapsed} :${tags}, a${index}, ${ganttTime(from)}, ${ganttTime(at)}`,
    );
    from = at;
  });
  lines.push('```');
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Helpers.

/** Whole minutes from `from` to `to` (ISO), never negative. */
export function minutesBetween(from: string, to: string): number {
  return Math.max(0, Math.floor((Date.parse(to) - Date.parse(from)) / 60_000));
}

/** `10:05 UTC`, with the date when it is not the day of `reference` (or no reference is given). */
export function formatTime(iso: string, reference?: number): string {
  const date = new Date(iso);
  const day = date.toISOString().slice(0, 10);
  const time = date.toISOString().slice(11, 16);
  const sameDay = reference !== undefined && new Date(reference).toISOString().slice(0, 10) === day;
  return sameDay ? `${time} UTC` : `${day} ${time} UTC`;
}

function ganttTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}

function latest(times: readonly (string | undefined)[]): string | undefined {
  let best: string | undefined;
  for (const time of times) {
    if (time !== undefined && (best === undefined || Date.parse(time) > Date.parse(best)))
      best = time;
  }
  return best;
}

function short(sha: string): string {
  return sha.slice(0, 7);
}

function subject(message: string): string {
  return toSingleLine(message.split('\n')[0] ?? '');
}
