/**
 * The Start hotfix form (steps 1 and 6 of HOTFIX_PROCESS.md): its validation, the pull request's
 * title and body, and what the job summary tells the person who started it. Pure.
 */
import { UserError } from './errors.js';
import { escapeInline, shown, toSingleLine } from './markdown.js';
import { SEVERITIES, SEVERITY_TARGETS, type Severity } from './tracker/severity.js';

/** The issue is the PR title after `HOTFIX: `: GitHub cuts titles at 256 characters. */
export const ISSUE_MAX_LENGTH = 120;
export const IMPACT_MAX_LENGTH = 500;

export interface HotfixForm {
  severity: Severity;
  /** One line, trimmed. */
  issue: string;
  /** One line, trimmed. */
  impact: string;
}

/**
 * Checks the whole form and returns it cleaned, or throws one UserError listing every mistake.
 * MEDIUM is refused unless `allowMedium`: the process says it waits for the next release.
 */
export function validateForm(input: {
  severity: string | undefined;
  issue: string | undefined;
  impact: string | undefined;
  allowMedium: boolean;
}): HotfixForm {
  const problems: string[] = [];
  const severity = (input.severity ?? '').trim().toUpperCase();
  if (severity === '') {
    problems.push(`Input 'severity' is required: ${SEVERITIES.join(', ')}.`);
  } else if (!(SEVERITIES as readonly string[]).includes(severity)) {
    problems.push(
      `Input 'severity' must be ${SEVERITIES.join(', ')}, not '${shown(input.severity ?? '')}'.`,
    );
  } else if (severity === 'MEDIUM' && !input.allowMedium) {
    problems.push(
      "Severity MEDIUM: next release is OK for MEDIUM, per the process. Ship the fix in the next release, or set 'allow-medium: true' if the Product Owner decided to hotfix anyway.",
    );
  }
  const issue = toSingleLine(input.issue ?? '');
  if (issue === '') {
    problems.push("Input 'issue' is required: one line saying what is broken in production.");
  } else if ([...issue].length > ISSUE_MAX_LENGTH) {
    problems.push(
      `Input 'issue' is ${[...issue].length} characters; keep it to ${ISSUE_MAX_LENGTH} (it becomes the pull request title): put the details in the pull request.`,
    );
  }
  const impact = toSingleLine(input.impact ?? '');
  if (impact === '') {
    problems.push("Input 'impact' is required: who is affected, and how many users.");
  } else if ([...impact].length > IMPACT_MAX_LENGTH) {
    problems.push(
      `Input 'impact' is ${[...impact].length} characters; keep it to ${IMPACT_MAX_LENGTH}.`,
    );
  }
  if (problems.length === 1) throw new UserError(problems[0] ?? '');
  if (problems.length > 1) {
    throw new UserError(
      `The hotfix form has ${problems.length} mistakes:\n${problems.map((p) => `- ${p}`).join('\n')}`,
    );
  }
  return { severity: severity as Severity, issue, impact };
}

/** Step 6: `HOTFIX: <issue>`. A title is plain text on GitHub (no mentions, no HTML). */
export function pullTitle(issue: string): string {
  return `HOTFIX: ${toSingleLine(issue)}`;
}

/**
 * Where the hotfix pull request merges (step 7). The process merges the branch into main with
 * `--ff-only`, which works only while main is still at the production tag. In a monorepo main
 * has usually moved on, often in the hotfix's own files (the next version, new CHANGELOG rows):
 * then the pull request targets the release line's maintenance branch, cut at the tag, where it
 * merges without conflicts and the tag holds exactly the reviewed fix; a forward-port pull
 * request carries the fix to main after the tag.
 */
export type HotfixTarget =
  | { path: 'main'; branch: string; why: string }
  | {
      path: 'maintenance';
      branch: string;
      /** What start does to the branch first: create it at the tag, or move it up to the tag. */
      prepare: 'create' | 'fast-forward' | 'none';
      why: string;
    };

export interface TargetFacts {
  baseBranch: string;
  /** The base branch's head commit. */
  baseHead: string;
  baseTag: string;
  /** The base tag's commit. */
  tagSha: string;
  maintenanceBranch: string;
  /** The maintenance branch's head, when it exists. */
  maintenanceHead?: string;
  /** Whether the maintenance branch's head is an ancestor of the tag (asked only when needed). */
  maintenanceBehindTag?: boolean;
}

/**
 * Main when its head is the tag's commit; else the maintenance branch (created at the tag, or
 * reused: a second hotfix of the line finds it at the previous hotfix's tag). A maintenance
 * branch holding commits that no production tag has is refused: the tag would ship them.
 */
export function chooseTarget(facts: TargetFacts): HotfixTarget {
  const short = (sha: string) => sha.slice(0, 7);
  if (facts.baseHead === facts.tagSha) {
    return {
      path: 'main',
      branch: facts.baseBranch,
      why: `${facts.baseBranch} is still at ${facts.baseTag} (${short(facts.tagSha)}): the pull request merges into it (step 7), and whichever merge button is used, the merge holds exactly the reviewed fix.`,
    };
  }
  const why =
    `${facts.baseBranch} has moved on since ${facts.baseTag} (it is at ${short(facts.baseHead)}), ` +
    `so the pull request targets ${facts.maintenanceBranch}, cut at the tag: it merges without ` +
    `conflicts and the tag holds exactly the reviewed fix. After the tag, a forward-port pull ` +
    `request carries the fix to ${facts.baseBranch}.`;
  if (facts.maintenanceHead === undefined) {
    return { path: 'maintenance', branch: facts.maintenanceBranch, prepare: 'create', why };
  }
  if (facts.maintenanceHead === facts.tagSha) {
    return { path: 'maintenance', branch: facts.maintenanceBranch, prepare: 'none', why };
  }
  if (facts.maintenanceBehindTag === true) {
    return { path: 'maintenance', branch: facts.maintenanceBranch, prepare: 'fast-forward', why };
  }
  throw new UserError(
    `The maintenance branch ${facts.maintenanceBranch} is at ${short(facts.maintenanceHead)}, which ` +
      `is not ${facts.baseTag} (${short(facts.tagSha)}) nor behind it: it holds commits that no ` +
      `production tag has, and a hotfix merged into it would ship them. Nothing was written. If ` +
      `they are an unfinished hotfix, finish it (tag it); if they do not belong there, reset the ` +
      `branch to the tag (git push --force-with-lease origin ${facts.baseTag}^{commit}:refs/heads/${facts.maintenanceBranch}), then start again.`,
  );
}

export interface PullBodyInput {
  form: HotfixForm;
  product: string;
  previousVersion: string;
  version: string;
  baseTag: string;
  target: HotfixTarget;
  /** The tracking issue, once it exists. */
  tracker?: number;
}

/** Step 6's body: issue and impact from the form (escaped), solution and testing for the author. */
export function pullBody(input: PullBodyInput): string {
  const { form } = input;
  const target = SEVERITY_TARGETS[form.severity];
  return [
    '**URGENT PRODUCTION FIX**',
    '',
    `Issue: ${escapeInline(form.issue)}`,
    `Impact: ${escapeInline(form.impact)}`,
    'Solution: _(author: what was fixed)_',
    'Testing: _(author: how it was verified locally)_',
    '',
    '---',
    '',
    `${target.icon} ${form.severity} hotfix of \`${input.product}\` ${input.previousVersion} → ${input.version}, ` +
      `branched from \`${input.baseTag}\`. The version files and the CHANGELOG are already bumped: ` +
      'push only the fix to this branch (keep it minimal, no refactoring, no features).',
    '',
    `Merges into \`${input.target.branch}\`: ${input.target.why}`,
    '',
    input.tracker === undefined
      ? 'Tracking issue: being opened.'
      : `Tracking issue: #${input.tracker}`,
    '',
  ].join('\n');
}

/** The tracking issue a hotfix pull request links to (the line `linkTracker` writes). */
export function trackerInPullBody(body: string | null | undefined): number | undefined {
  const match = /^Tracking issue: #(\d+)\s*$/m.exec(body ?? '');
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/**
 * A pull request body with its tracker linked: the placeholder line replaced, the rest as it is
 * (a person may have written the solution already); the line added when the placeholder is gone.
 */
export function linkTracker(body: string, tracker: number): string {
  const link = `Tracking issue: #${tracker}`;
  if (/^Tracking issue: being opened\.$/m.test(body)) {
    return body.replace(/^Tracking issue: being opened\.$/m, link);
  }
  return `${body.replace(/\s*$/, '')}\n\n${link}\n`;
}

/** The commit that bumps the version files and adds the CHANGELOG row. No form text in it. */
export function startCommitMessage(product: string, version: string, baseTag: string): string {
  return (
    `chore(release): hotfix ${product} ${version}\n\n` +
    `PATCH bump of the version files and the CHANGELOG entry, from ${baseTag}.\n`
  );
}

/** The exact commands to work on the branch (names are validated refs: safe in a code block). */
export function checkoutCommands(branch: string, pullNumber?: number): string {
  return [
    '```sh',
    `git fetch origin ${branch}`,
    `git switch ${branch}`,
    'git log -1 --oneline   # the version bump and CHANGELOG commit',
    '# make the fix, then:',
    'git commit -m "fix: <what was broken>"',
    `git push origin ${branch}`,
    ...(pullNumber === undefined ? [] : [`# or: gh pr checkout ${pullNumber}`]),
    '```',
  ].join('\n');
}
