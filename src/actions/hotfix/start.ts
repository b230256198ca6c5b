import { annotateWarning, info, setOutput } from '../../runner/commands.js';
import { checkoutCommands, validateForm } from '../../domain/hotfix-start.js';
import { slackText } from '../../domain/messages.js';
import { escapeInline } from '../../domain/markdown.js';
import { SEVERITY_TARGETS } from '../../domain/tracker/severity.js';
import { startHotfix, type StartResult } from '../../github/hotfix-start.js';
import { markMessageSent } from '../../github/tracker.js';
import { postWebhook } from '../../notify/slack.js';
import { clock } from '../../runner/clock.js';
import { repositoryUrl } from '../../runner/context.js';
import { writeSummary } from '../../runner/summary.js';
import type { CommandInputs } from './inputs.js';
import { openApiSession } from './shared.js';
import { syncTracker } from '../sync-tracker.js';

export async function runStart(inputs: CommandInputs<'start'>): Promise<void> {
  const now = clock();
  const { github, repository, config } = await openApiSession(inputs);
  const url = repositoryUrl();
  const result = await startHotfix(github, repository, config, {
    product: inputs.product,
    form: inputs.form,
    ...(inputs.baseTag ? { baseTag: inputs.baseTag } : {}),
    now,
    dryRun: inputs.dryRun,
    ...(url ? { repositoryUrl: url } : {}),
    syncTracker: (tracker) => syncTracker(github, repository, config, tracker, { now }),
  });

  for (const warning of result.warnings) annotateWarning(warning);
  setOutput('branch', result.branch);
  setOutput('version', result.version);
  setOutput('previous-version', result.previousVersion);
  setOutput('base-tag', result.baseTag);
  setOutput('target-branch', result.target.branch);
  setOutput('pr-number', result.pull ? String(result.pull.number) : '');
  setOutput('pr-url', result.pull?.url ?? '');
  setOutput('tracking-issue', result.tracker ? String(result.tracker.number) : '');
  report(result, inputs.form, inputs.dryRun);

  // The start message, once: delivered messages are recorded in the tracker, so a re-run after a
  // failure sends it if it was not delivered, and never twice.
  const tracker = result.tracker;
  if (inputs.webhookUrl && tracker && !tracker.sent.includes('start') && !inputs.dryRun) {
    const failure = await postWebhook(inputs.webhookUrl, {
      text: startMessage(result, inputs.form),
    });
    if (failure) {
      annotateWarning(
        `The start message did not reach the webhook: ${failure}. A re-run of the start sends it.`,
      );
    } else {
      await markMessageSent(github, repository, tracker.number, 'start');
    }
  }
}

function startMessage(result: StartResult, form: ReturnType<typeof validateForm>): string {
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

function report(result: StartResult, form: ReturnType<typeof validateForm>, dryRun: boolean): void {
  const target = SEVERITY_TARGETS[form.severity];
  const state = dryRun
    ? ' (dry run: nothing written)'
    : result.branchCreated
      ? ''
      : ' (re-run: existing work reused)';
  info(
    `${dryRun ? 'Would start' : 'Started'} the hotfix of ${result.product}: ${result.branch} from ${result.baseTag} (${result.baseSha.slice(0, 7)}), merging into ${result.target.branch}.`,
  );
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
        ? `\`${result.commitSha.slice(0, 7)}\`: ${result.changedFiles.map((f) => `\`${f}\``).join(', ')}`
        : result.changedFiles.length > 0
          ? `would change ${result.changedFiles.map((f) => `\`${f}\``).join(', ')}`
          : 'already on the branch',
    ],
    ['Pull request', result.pull ? `[#${result.pull.number}](${result.pull.url})` : '—'],
    ['Tracking issue', result.tracker ? `[#${result.tracker.number}](${result.tracker.url})` : '—'],
  ];
  writeSummary(
    `### 🚨 Hotfix ${result.product} ${result.previousVersion} → ${result.version}${state}\n\n` +
      '| | |\n|---|---|\n' +
      rows.map(([key, value]) => `| ${key} | ${value} |`).join('\n') +
      '\n\n' +
      (dryRun
        ? ''
        : `Check out the branch and push the fix (the version files and the CHANGELOG are done):\n\n${checkoutCommands(result.branch, result.pull?.number)}\n`) +
      result.warnings.map((warning) => `\n> ⚠️ ${escapeInline(warning)}\n`).join(''),
  );
}
