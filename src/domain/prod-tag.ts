/**
 * The production tag step (`create-prod-tag`): its message, the release notes and the summary. Pure: the action reads GitHub and writes; this decides and words it.
 */
import { UserError } from './errors.js';
import type { FoundEntry } from './changelog/format.js';
import { hotfixText } from './hotfix-text.js';
import { code, escapeInline, shown } from './markdown.js';

/**
 * The tag message: `HOTFIX: <the changelog entry's text>` (not twice when the entry already
 * starts with it, as changelog-entry writes it). A multi-line entry (Keep a Changelog items)
 * becomes the first line, then the rest.
 */
export function tagMessage(entry: Pick<FoundEntry, 'text'>): string {
  return hotfixText(entry.text);
}

/** The GitHub Release's notes: the changelog entry as Markdown, its untrusted text escaped. */
export function releaseNotes(entry: Pick<FoundEntry, 'text'>, changelogPath: string): string {
  const lines = entry.text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const body =
    lines.length === 1
      ? escapeInline(lines[0] ?? '')
      : lines.map((line) => `- ${escapeInline(line)}`).join('\n');
  return `${body}\n\nFrom ${code(changelogPath)}.`;
}

/**
 * The `dispatch` input: a workflow file name (`deploy.yml`, `.github/workflows/deploy.yml`) or a
 * workflow id. Undefined when not given.
 */
export function parseWorkflow(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const name = text.trim().replace(/^\.github\/workflows\//, '');
  if (/^\d+$/.test(name) || /^[A-Za-z0-9._-]+\.ya?ml$/.test(name)) return name;
  throw new UserError(
    `Input 'dispatch' must name a workflow file of .github/workflows (e.g. deploy.yml) or a ` +
      `workflow id, not '${shown(text)}'.`,
  );
}

export interface TagSummary {
  tag: string;
  sha: string;
  version: string;
  message: string;
  dryRun: boolean;
  /** What happened to the tag. */
  tagState: 'created' | 'exists';
  fastForward?: { branch: string; state: 'moved' | 'already' };
  approvers?: string[];
  release?: { state: 'created' | 'exists'; url?: string };
  dispatch?: {
    workflow: string;
    /** Where it was started: the tag, or the default branch with the tag as input. */
    ref?: string;
    /** Started by this run, or found started by an earlier one. */
    state?: 'started' | 'already';
    runUrl?: string;
  };
}

export function renderTagSummary(summary: TagSummary): string {
  const would = (done: string, planned: string) => (summary.dryRun ? planned : done);
  const lines: string[] = [];
  if (summary.fastForward) {
    const branch = code(summary.fastForward.branch);
    lines.push(
      summary.fastForward.state === 'already'
        ? `- ${branch} already contains ${code(summary.sha)}: nothing to fast-forward.`
        : `- ${would('Fast-forwarded', 'Would fast-forward')} ${branch} to ${code(summary.sha)} (no force).`,
    );
  }
  if (summary.approvers) {
    lines.push(
      `- Approved by ${summary.approvers.map((login) => escapeInline(login)).join(', ')}.`,
    );
  }
  lines.push(
    summary.tagState === 'exists'
      ? `- ${code(summary.tag)} already exists on ${code(summary.sha)}: nothing created.`
      : `- ${would('Created', 'Would create')} the annotated tag ${code(summary.tag)} on ${code(summary.sha)}.`,
  );
  if (summary.release) {
    lines.push(
      summary.release.state === 'exists'
        ? `- The GitHub Release already exists${summary.release.url ? `: ${summary.release.url}` : '.'}`
        : `- ${would('Created', 'Would create')} the GitHub Release${summary.release.url ? `: ${summary.release.url}` : '.'}`,
    );
  }
  if (summary.dispatch) {
    const { workflow, ref, state, runUrl } = summary.dispatch;
    const where =
      ref === undefined || ref === `refs/tags/${summary.tag}`
        ? `at ${code(summary.tag)}`
        : `on ${code(ref.replace(/^refs\/heads\//, ''))} with ${code(summary.tag)} as its input`;
    const run = runUrl ? ` ([run](${runUrl}))` : '';
    lines.push(
      state === 'already'
        ? `- The workflow ${code(workflow)} was already started for ${code(summary.tag)}${run}: not started again (a second deploy).`
        : `- ${would('Started', 'Would start')} the workflow ${code(workflow)} ${where} ` +
            `(workflow_dispatch)${run}: a tag pushed with GITHUB_TOKEN starts no workflow by itself.`,
    );
  }
  const heading =
    `### create-prod-tag: ${code(summary.tag)}` +
    (summary.dryRun
      ? ' (dry run: nothing written)'
      : summary.tagState === 'exists'
        ? ' (already there)'
        : '');
  const message = summary.message
    .split('\n')
    .map((line) => `> ${escapeInline(line)}`)
    .join('\n');
  return `${heading}\n\n${lines.join('\n')}\n\nTag message:\n\n${message}\n`;
}

/** `resolve`'s job summary: what the deploy workflow will run for the tag. */
export function resolveSummary(
  tag: string,
  product: string,
  version: string,
  deploy: string | undefined,
): string {
  const command =
    deploy === undefined ? '—' : `\`${deploy.replace(/`/g, "'")}\` with the tag as $1`;
  return `### ${tag}\n\n| | |\n|---|---|\n| Product | \`${product}\` |\n| Version | ${version} |\n| Deploy | ${command} |\n`;
}
