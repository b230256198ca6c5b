/**
 * The production deployments of the tag, read the way the deploy template and the post-deploy
 * monitor write them.
 */
import { isSmokePassedStatus, monitorVerdictOf } from '../messages.js';
import type { TrackerFacts } from './facts.js';

export interface DeploymentSummary {
  environment?: string;
  deployedAt?: string;
  smokeAt?: string;
  verdict?: 'healthy' | 'unhealthy';
  verdictAt?: string;
}

/**
 * Production deployments of the tag, read the way the deploy template and the post-deploy monitor
 * write them: the first `in_progress` or `success` status is the deployment; `success` is the
 * monitor's healthy verdict, `failure`/`error` its unhealthy one (the newest deployment decides).
 * Smoke tests passed: the monitor's `in_progress` status saying so, posted when its smoke checks
 * pass, else the healthy verdict. The monitor's own comment on the tracker counts as its verdict
 * too.
 */
export function deploymentFacts(facts: TrackerFacts): DeploymentSummary {
  const production = facts.deployments
    .filter((deployment) => deployment.production)
    .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
  const summary: DeploymentSummary = {};
  for (const deployment of production) {
    const live = deployment.statuses.find(
      (status) => status.state === 'in_progress' || status.state === 'success',
    );
    if (
      live &&
      (!summary.deployedAt || Date.parse(live.createdAt) < Date.parse(summary.deployedAt))
    ) {
      summary.deployedAt = live.createdAt;
      summary.environment = deployment.environment;
    }
    const smoke = deployment.statuses.find(isSmokePassedStatus);
    if (smoke && !summary.smokeAt) summary.smokeAt = smoke.createdAt;
  }
  const newest = production.at(-1);
  const final = newest?.statuses
    .filter((status) => ['success', 'failure', 'error'].includes(status.state))
    .at(-1);
  if (final) {
    summary.verdict = final.state === 'success' ? 'healthy' : 'unhealthy';
    summary.verdictAt = final.createdAt;
  } else {
    for (const comment of facts.comments) {
      const verdict = monitorVerdictOf(comment);
      if (verdict === undefined) continue;
      summary.verdict = verdict;
      summary.verdictAt = comment.createdAt;
      break;
    }
  }
  if (summary.verdict === 'healthy') {
    summary.smokeAt ??= summary.verdictAt;
    summary.deployedAt ??= summary.verdictAt;
  }
  return summary;
}
