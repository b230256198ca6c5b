/**
 * The checklist of the process (HOTFIX_PROCESS.md), every box derived from GitHub's records.
 */
import { approvalOf } from '../approval.js';
import { escapeInline, toSingleLine } from '../markdown.js';
import { isDeployedMessage, isFixOnMainMessage } from '../messages.js';
import { deploymentFacts } from './deployments.js';
import type { TrackerContext, TrackerFacts } from './facts.js';
import { SEVERITY_TARGETS } from './severity.js';
import type { TrackerState } from './state.js';
import { latest, minutesBetween } from './time.js';

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
    list[id] = { ...list[id], done: true, at, note };
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
    const bumpFiles = new Set(context.releaseFiles);
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
  const notice = facts.comments.find(isDeployedMessage);
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
  const already = facts.comments.find(isFixOnMainMessage);
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

/** Whether a patch adds a line holding the new version. */
function addsVersion(patch: string, state: TrackerState): boolean {
  return patch
    .split('\n')
    .some(
      (line) => line.startsWith('+') && !line.startsWith('+++') && line.includes(state.version),
    );
}

/** Every box ticked: the tracker can close (with its postmortem closed, which is a box too). */
export function allDone(checklist: Checklist): boolean {
  return Object.values(checklist).every((item) => item.done);
}

function short(sha: string): string {
  return sha.slice(0, 7);
}

function subject(message: string): string {
  return toSingleLine(message.split('\n')[0] ?? '');
}
