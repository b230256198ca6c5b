/** What `start` tells: its job summary, its log line and its Slack message. Pure. */
import type { MessageKind } from '../tracker/state.js';
import { SEVERITY_TARGETS } from '../tracker/severity.js';
import { slackText } from '../messages.js';
import { escapeInline } from '../markdown.js';
import type { HotfixForm } from './form.js';
import type { HotfixTarget } from './target.js';

export interface StartResult {
  product: string;
  branch: string;
  version: string;
  previousVersion: string;
  baseTag: string;
  baseSha: string;
  baseBranch: string;
  /** Where the pull request merges, and why. */
  target: HotfixTarget;
  /** The commit with the bump and CHANGELOG row, when this run wrote it. */
  commitSha?: string;
  /** The files that commit changed (or would, in a dry run). */
  changedFiles: string[];
  branchCreated: boolean;
  pull?: { number: number; url: string; created: boolean };
  /** The tracking issue, and the messages already delivered for it (a re-run sends the rest). */
  tracker?: { number: number; url: string; created: boolean; sent: MessageKind[] };
  /** Things to tell the user that did not stop the start (a reviewer GitHub refused). */
  warnings: string[];
}

export function startLogLine(result: StartResult, dryRun: boolean): string {
  return `${dryRun ? 'Would start' : 'Started'} the hotfix of ${result.product}: ${result.branch} from ${result.baseTag} (${result.baseSha.slice(0, 7)}), merging into ${result.target.branch}.`;
}

export function startMessage(result: StartResult, form: HotfixForm): string {
  const target = SEVERITY_TARGETS[form.severity];
  return [
    `${target.icon} HOTFIX STARTED: ${result.product} ${result.previousVersion} → ${result.version}`,
    '',
    `Issue: ${slackText(form.issue)}`,
    `Severity: ${form.severity} (${target.text})`,
    `Impact: ${slackText(form.impact)}`,
    ...(result.pull ? [`<${result.pull.url}|Pull request #${result.pull.number}>`] : []),
    ...(result.tracker ? [`<${result.tracker.url}|Tracking issue #${result.tracker.number}>`] : []),
  ].join('\n');
}

/** Where the pull request merges and why (main, or the maintenance branch and what start did to it). */
function mergesInto(result: StartResult, dryRun: boolean): string {
  const { target } = result;
  const prepared =
    target.path === 'maintenance' && target.prepare !== 'none'
      ? ` (${dryRun ? 'would be' : 'was'} ${target.prepare === 'create' ? 'created at the tag' : 'moved up to the tag'})`
      : '';
  return `\`${target.branch}\`${prepared}: ${escapeInline(target.why)}`;
}

export function startSummary(result: StartResult, form: HotfixForm, dryRun: boolean): string {
  const target = SEVERITY_TARGETS[form.severity];
  const state = dryRun
    ? ' (dry run: nothing written)'
    : result.branchCreated
      ? ''
      : ' (re-run: existing work reused)';
  const files = result.changedFiles.map((f) => `\`${f}\``).join(', ');
  const rows = [
    ['Issue', escapeInline(form.issue)],
    ['Severity', `${target.icon} ${form.severity}: ${target.text}`],
    ['Impact', escapeInline(form.impact)],
    ['Base tag', `\`${result.baseTag}\` (\`${result.baseSha.slice(0, 7)}\`)`],
    ['Branch', `\`${result.branch}\``],
    ['Merges into', mergesInto(result, dryRun)],
    [
      'Commit',
      result.commitSha
        ? `\`${result.commitSha.slice(0, 7)}\`: ${files}`
        : result.changedFiles.length > 0
          ? `would change ${files}`
          : 'already on the branch',
    ],
    ['Pull request', result.pull ? `[#${result.pull.number}](${result.pull.url})` : '—'],
    ['Tracking issue', result.tracker ? `[#${result.tracker.number}](${result.tracker.url})` : '—'],
  ];
  return (
    `### 🚨 Hotfix ${result.product} ${result.previousVersion} → ${result.version}${state}\n\n` +
    '| | |\n|---|---|\n' +
    rows.map(([key, value]) => `| ${key} | ${value} |`).join('\n') +
    '\n\n' +
    (dryRun
      ? ''
      : `Check out the branch and push the fix (the version files and the CHANGELOG are done):\n\n${checkoutCommands(result.branch, result.pull?.number)}\n`) +
    result.warnings.map((warning) => `\n> ⚠️ ${escapeInline(warning)}\n`).join('')
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
