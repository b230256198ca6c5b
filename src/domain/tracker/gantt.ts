/**
 * The timeline as a Mermaid `gantt` chart (GitHub renders it).
 */
import type { TrackerState } from './state.js';
import type { MilestoneId, TimelineEntry } from './timeline.js';

/** Short names for the chart, which has little room. */
const GANTT_NAMES: Record<MilestoneId, string> = {
  detected: 'Detected',
  branch: 'Branch',
  review: 'Fix and review',
  merged: 'Merged and tagged',
  deployed: 'Deployed',
  smoke: 'Smoke tests',
  resolved: 'Resolved',
  'follow-up': 'Follow-up',
};

/**
 * A Mermaid `gantt` (GitHub renders it): the process's target timeline and the actual one, each
 * milestone a bar from the previous one. Times are UTC; the follow-up day is left out of the
 * chart (it would squash the rest).
 */
export function renderGantt(state: TrackerState, timeline: readonly TimelineEntry[]): string[] {
  const start = Date.parse(state.startedAt);
  const steps = timeline.filter((entry) => entry.id !== 'detected' && entry.id !== 'follow-up');
  const lines = [
    '```mermaid',
    'gantt',
    `    title Hotfix ${state.product} v${state.version}: target and actual (UTC)`,
    '    dateFormat YYYY-MM-DD HH:mm',
    '    axisFormat %H:%M',
    '    section Target',
  ];
  let previous = 0;
  steps.forEach((entry, index) => {
    lines.push(
      `    ${GANTT_NAMES[entry.id]} T+${entry.target} :t${index}, ${ganttTime(start + previous * 60_000)}, ${entry.target - previous}m`,
    );
    previous = entry.target;
  });
  lines.push('    section Actual');
  let from = start;
  steps.forEach((entry, index) => {
    if (entry.at === undefined || entry.elapsed === undefined) return;
    const at = Math.max(from, Date.parse(entry.at));
    const tags = entry.elapsed > entry.target ? 'crit, done' : 'done';
    lines.push(
      `    ${GANTT_NAMES[entry.id]} T+${entry.elapsed} :${tags}, a${index}, ${ganttTime(from)}, ${ganttTime(at)}`,
    );
    from = at;
  });
  lines.push('```');
  return lines;
}

function ganttTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}
