import { info, setOutput } from '../../runner/commands.js';
import { findTrackers, syncTracker, type SyncResult } from '../../github/tracker.js';
import { clock } from '../../runner/clock.js';
import { writeSummary } from '../../runner/summary.js';
import type { CommandInputs } from './inputs.js';
import { openApiSession } from './session.js';

/** Syncs the open trackers of `product` (of `version` when given; every product when neither). */
export async function runSync(inputs: CommandInputs<'sync'>): Promise<void> {
  const { product, version, dryRun } = inputs;
  const now = clock();
  const { github, repository, config } = await openApiSession(inputs);
  const trackers = await findTrackers(github, repository, config, {
    ...(product ? { product } : {}),
    ...(version ? { version } : {}),
  });
  const results: SyncResult[] = [];
  for (const tracker of trackers) {
    results.push(await syncTracker(github, repository, config, tracker, { now, dryRun }));
  }
  setOutput('tracking-issue', results.map((result) => result.number).join(','));
  if (results.length === 0) {
    info(
      `No open tracking issue${product ? ` for ${product}${version ? ` ${version}` : ''}` : ''}.`,
    );
  }
  writeSummary(renderSyncSummary(results, dryRun));
}

export function renderSyncSummary(results: readonly SyncResult[], dryRun: boolean): string {
  if (results.length === 0) return '### Hotfix trackers\n\nNo open tracking issue.\n';
  const rows = results.map((result) => {
    const items = Object.values(result.checklist);
    const done = items.filter((item) => item.done).length;
    const next = items.find((item) => !item.done);
    const what = [
      result.updated ? (dryRun ? 'would update' : 'updated') : 'unchanged',
      ...result.posted.map((kind) => `${dryRun ? 'would post' : 'posted'} ${kind}`),
    ].join(', ');
    info(
      `#${result.number} ${result.state.product} ${result.state.version}: ${done}/${items.length} done; ${what}.`,
    );
    return `| [#${result.number}](${result.url}) | \`${result.state.product}\` ${result.state.version} | ${done}/${items.length} | ${next ? next.label : '—'} | ${result.sla.breached ? '⏰ breached' : 'ok'} | ${what} |`;
  });
  return (
    '### Hotfix trackers\n\n| Tracker | Hotfix | Done | Next | SLA | This run |\n|---|---|---|---|---|---|\n' +
    rows.join('\n') +
    '\n'
  );
}
