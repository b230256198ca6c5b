/**
 * The timeline of the process (milestones and their targets after T-0) and the severity's SLA.
 */
import type { Checklist, StepId } from './checklist.js';
import { isStatusUpdateMessage } from '../messages.js';
import type { TrackerFacts } from './facts.js';
import { SEVERITY_TARGETS } from './severity.js';
import type { TrackerState } from './state.js';
import { latest, minutesBetween } from './time.js';

export const MILESTONES = [
  { id: 'detected', label: 'Issue detected & reported', target: 0, steps: ['declared'] },
  {
    id: 'branch',
    label: 'Severity assessed, hotfix branch created',
    target: 5,
    steps: ['declared', 'branch'],
  },
  {
    id: 'review',
    label: 'Fix implemented, code review started',
    target: 15,
    steps: ['fix', 'review-requested'],
  },
  {
    // The tag follows the merge of the hotfix pull request (into main or its maintenance
    // branch); "Merged to main" may come later, through the forward-port.
    id: 'merged',
    label: 'Approved & merged, tag created',
    target: 30,
    steps: ['approved', 'tag-created'],
  },
  { id: 'deployed', label: 'Deployed to production', target: 45, steps: ['deployed'] },
  {
    id: 'smoke',
    label: 'Smoke tests pass, monitoring enabled',
    target: 60,
    steps: ['smoke'],
  },
  {
    id: 'resolved',
    label: 'Declare emergency resolved, communicate',
    target: 120,
    steps: ['monitored', 'notified'],
  },
  { id: 'follow-up', label: 'Follow-up communication', target: 1440, steps: [] },
] as const satisfies readonly {
  id: string;
  label: string;
  target: number;
  steps: readonly StepId[];
}[];

export type MilestoneId = (typeof MILESTONES)[number]['id'];

export interface TimelineEntry {
  id: MilestoneId;
  label: string;
  /** Minutes after T-0 the process aims for. */
  target: number;
  /** When it happened (ISO), once every step of it has. */
  at?: string;
  /** Whole minutes after T-0. */
  elapsed?: number;
}

/** The timeline: each milestone reached when all its steps are, at the latest of their times. */
export function buildTimeline(
  state: TrackerState,
  checklist: Checklist,
  facts: TrackerFacts,
): TimelineEntry[] {
  const followUp = facts.comments.find(isStatusUpdateMessage);
  return MILESTONES.map((milestone) => {
    let at: string | undefined;
    if (milestone.id === 'follow-up') at = followUp?.createdAt;
    else if (milestone.steps.every((id: StepId) => checklist[id].done)) {
      at = latest(milestone.steps.map((id: StepId) => checklist[id].at)) ?? state.startedAt;
    }
    return {
      id: milestone.id,
      label: milestone.label,
      target: milestone.target,
      ...(at ? { at, elapsed: minutesBetween(state.startedAt, at) } : {}),
    };
  });
}

/** When the emergency was resolved (monitoring healthy and users told), if it was. */
export function resolvedAt(timeline: readonly TimelineEntry[]): string | undefined {
  return timeline.find((entry) => entry.id === 'resolved')?.at;
}

export interface SlaStatus {
  targetMinutes?: number;
  /** ISO: T-0 plus the target. */
  deadline?: string;
  /** When the fix reached production, if it has. */
  inProductionAt?: string;
  breached: boolean;
}

/** Whether the severity's target was missed: past it and not in production, or in production late. */
export function slaStatus(state: TrackerState, checklist: Checklist, now: Date): SlaStatus {
  const minutes = SEVERITY_TARGETS[state.severity].minutes;
  const inProductionAt = checklist.deployed.done ? checklist.deployed.at : undefined;
  if (minutes === undefined) return { breached: false, inProductionAt };
  const deadline = Date.parse(state.startedAt) + minutes * 60_000;
  const end = inProductionAt ? Date.parse(inProductionAt) : now.getTime();
  return {
    targetMinutes: minutes,
    deadline: new Date(deadline).toISOString(),
    inProductionAt,
    breached: end > deadline,
  };
}
