/**
 * The tracking issue's Markdown body: declaration, SLA, checklist, timeline and its chart.
 */
import { escapeInline } from '../markdown.js';
import type { Checklist, ChecklistItem } from './checklist.js';
import { renderGantt } from './gantt.js';
import { SEVERITY_TARGETS } from './severity.js';
import { encodeMarker, trackerTitle, type TrackerState } from './state.js';
import { formatTime, minutesBetween } from './time.js';
import { resolvedAt, type SlaStatus, type TimelineEntry } from './timeline.js';

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
