/**
 * What a sync writes on the tracker besides its body: the step 11 "deployed" message once the
 * monitor found the release healthy, and one comment mentioning the owners on an SLA breach.
 */
import {
  deployedMessage,
  isDeployedMessage,
  isSlaBreachMessage,
  slaBreachMessage,
  type CommentKind,
} from '../messages.js';
import { deploymentFacts } from './deployments.js';
import type { TrackerFacts } from './facts.js';
import type { TrackerState } from './state.js';
import type { SlaStatus } from './timeline.js';

export interface DueComment {
  kind: CommentKind;
  body: string;
}

/** The comments due on the tracker and not posted yet, each once. */
export function dueComments(
  state: TrackerState,
  facts: TrackerFacts,
  sla: SlaStatus,
  owners: readonly string[],
): DueComment[] {
  const due: DueComment[] = [];
  if (deploymentFacts(facts).verdict === 'healthy' && !facts.comments.some(isDeployedMessage)) {
    due.push({ kind: 'deployed', body: deployedMessage(state) });
  }
  if (sla.breached && sla.targetMinutes !== undefined && !facts.comments.some(isSlaBreachMessage)) {
    due.push({
      kind: 'sla-breach',
      body: slaBreachMessage(state, owners, sla.targetMinutes, sla.inProductionAt),
    });
  }
  return due;
}
