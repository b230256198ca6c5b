/**
 * The job summaries (and log lines) of `command: sync` and `command: follow-up`: one row per
 * tracker, saying what the run did (or would do, in a dry run).
 */
import type { Checklist } from './checklist.js';
import type { TrackerState } from './state.js';
import type { SlaStatus } from './timeline.js';

/** What a sync of one tracker found and did. */
export interface SyncOutcome {
  number: number;
  url: string;
  state: TrackerState;
  checklist: Checklist;
  sla: SlaStatus;
  /** The body changed and was written (or would be, in a dry run). */
  updated: boolean;
  /** Comments posted by this run: `deployed`, `sla-breach`. */
  posted: string[];
}

/** What a follow-up of one tracker found and did. */
export interface FollowUpOutcome {
  tracker: number;
  url: string;
  product: string;
  version: string;
  /** Hours since the fix reached production, when it has. */
  hoursSinceDeploy?: number;
  /** The 24-hour update was posted on the tracker by this run. */
  statusUpdate?: string;
  postmortem?: { number: number; url: string; created: boolean };
  closed: boolean;
  sync: Pick<SyncOutcome, 'updated' | 'posted'>;
}

function syncProgress(result: SyncOutcome, dryRun: boolean) {
  const items = Object.values(result.checklist);
  const what = [
    result.updated ? (dryRun ? 'would update' : 'updated') : 'unchanged',
    ...result.posted.map((kind) => `${dryRun ? 'would post' : 'posted'} ${kind}`),
  ].join(', ');
  return {
    done: items.filter((item) => item.done).length,
    total: items.length,
    next: items.find((item) => !item.done),
    what,
  };
}

/** The log line of one synced tracker. */
export function syncLogLine(result: SyncOutcome, dryRun: boolean): string {
  const { done, total, what } = syncProgress(result, dryRun);
  return `#${result.number} ${result.state.product} ${result.state.version}: ${done}/${total} done; ${what}.`;
}

export function renderSyncSummary(results: readonly SyncOutcome[], dryRun: boolean): string {
  if (results.length === 0) return '### Hotfix trackers\n\nNo open tracking issue.\n';
  const rows = results.map((result) => {
    const { done, total, next, what } = syncProgress(result, dryRun);
    return `| [#${result.number}](${result.url}) | \`${result.state.product}\` ${result.state.version} | ${done}/${total} | ${next ? next.label : '—'} | ${result.sla.breached ? '⏰ breached' : 'ok'} | ${what} |`;
  });
  return (
    '### Hotfix trackers\n\n| Tracker | Hotfix | Done | Next | SLA | This run |\n|---|---|---|---|---|---|\n' +
    rows.join('\n') +
    '\n'
  );
}

function followUpProgress(result: FollowUpOutcome, dryRun: boolean) {
  const verb = (done: string, would: string) => (dryRun ? would : done);
  const actions = [
    result.statusUpdate
      ? verb('24-hour update posted', 'would post the 24-hour update')
      : undefined,
    result.postmortem?.created
      ? verb(`postmortem #${result.postmortem.number} opened`, 'would open the postmortem')
      : result.postmortem
        ? `postmortem #${result.postmortem.number}`
        : undefined,
    result.sync.posted.length > 0 ? `posted ${result.sync.posted.join(', ')}` : undefined,
    result.sync.updated ? verb('tracker updated', 'would update the tracker') : undefined,
    result.closed ? verb('closed', 'would close') : undefined,
  ].filter((text): text is string => text !== undefined);
  return {
    deployed:
      result.hoursSinceDeploy === undefined ? 'not yet' : `${result.hoursSinceDeploy} h ago`,
    actions: actions.join(', ') || 'nothing to do',
  };
}

/** The log line of one followed-up tracker. */
export function followUpLogLine(result: FollowUpOutcome, dryRun: boolean): string {
  const { deployed, actions } = followUpProgress(result, dryRun);
  return `#${result.tracker} ${result.product} ${result.version}: deployed ${deployed}; ${actions}.`;
}

export function renderFollowUpSummary(
  results: readonly FollowUpOutcome[],
  dryRun: boolean,
): string {
  const rows = results.map((result) => {
    const { deployed, actions } = followUpProgress(result, dryRun);
    return `| [#${result.tracker}](${result.url}) | \`${result.product}\` ${result.version} | ${deployed} | ${actions} |`;
  });
  return (
    '### Hotfix follow-up\n\n' +
    (rows.length === 0
      ? 'No open hotfix.\n'
      : '| Tracker | Hotfix | Deployed | This run |\n|---|---|---|---|\n' + rows.join('\n') + '\n')
  );
}
