/**
 * `command: sync`: the open trackers of a product (or all) synced (src/actions/sync-tracker.ts),
 * then the outputs and the job summary.
 */
import { renderSyncSummary, syncLogLine } from '../../domain/tracker/summaries.js';
import { clock } from '../../runner/clock.js';
import { info, setOutput } from '../../runner/commands.js';
import { writeSummary } from '../../runner/summary.js';
import { syncTrackers } from '../sync-tracker.js';
import type { CommandInputs } from './inputs.js';
import { openApiSession } from './session.js';

/** Syncs the open trackers of `product` (of `version` when given; every product when neither). */
export async function runSync(inputs: CommandInputs<'sync'>): Promise<void> {
  const { product, version, dryRun } = inputs;
  const { github, repository, config } = await openApiSession(inputs);
  const results = await syncTrackers(github, repository, config, {
    product: product || undefined,
    version: version || undefined,
    now: clock(),
    dryRun,
  });
  setOutput('tracking-issue', results.map((result) => result.number).join(','));
  if (results.length === 0) {
    info(
      `No open tracking issue${product ? ` for ${product}${version ? ` ${version}` : ''}` : ''}.`,
    );
  }
  for (const result of results) info(syncLogLine(result, dryRun));
  writeSummary(renderSyncSummary(results, dryRun));
}
