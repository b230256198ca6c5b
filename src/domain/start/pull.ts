/** The hotfix pull request's body (step 6), and its link to the tracking issue. */
import { UserError } from '../errors.js';
import { escapeInline } from '../markdown.js';
import { SEVERITY_TARGETS } from '../tracker/severity.js';
import type { HotfixForm } from './form.js';
import type { HotfixTarget } from './target.js';

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

/** The refusal of a second hotfix of the same version while one is open. */
export function alreadyOpen(
  product: string,
  version: string,
  branch: string,
  pull?: { number: number; title: string; url: string },
): UserError {
  const where = pull
    ? `pull request #${pull.number} "${pull.title}" (${pull.url}), branch ${branch}`
    : `branch ${branch}`;
  return new UserError(
    `A hotfix of ${product} ${version} is already open: ${where}. One hotfix per product at a time: finish that one (merge, tag, deploy), or close it and delete its branch, then start again.`,
  );
}

/** The pull request's labels with the configured ones added (GitHub compares names without case). */
export function withLabels(current: readonly string[], configured: readonly string[]): string[] {
  const has = (label: string) => current.some((name) => name.toLowerCase() === label.toLowerCase());
  return [...current, ...configured.filter((label) => !has(label))];
}
