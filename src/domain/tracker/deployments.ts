/**
 * The production deployments of the tag, read the way the deploy template and the post-deploy
 * monitor write them.
 */
import { isSuiteComment } from './comments.js';
import type { TrackerFacts } from './facts.js';

/** The verdict the post-deploy monitor's comment (a suite comment, `monitor`) starts with. */
const MONITOR_HEALTHY = '**Post-deploy monitoring: healthy**';
const MONITOR_UNHEALTHY = '**Post-deploy monitoring: unhealthy**';

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
 * Smoke tests passed: an `in_progress` status saying so (the monitor's phase change), else the
 * healthy verdict. The monitor's own comment on the tracker counts as its verdict too.
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
    const smoke = deployment.statuses.find(
      (status) => status.state === 'in_progress' && /smoke[^.]*pass/i.test(status.description),
    );
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
    const comment = facts.comments.find(
      (c) =>
        isSuiteComment(c, 'monitor') &&
        (c.body.includes(MONITOR_HEALTHY) || c.body.includes(MONITOR_UNHEALTHY)),
    );
    if (comment) {
      summary.verdict = comment.body.includes(MONITOR_HEALTHY) ? 'healthy' : 'unhealthy';
      summary.verdictAt = comment.createdAt;
    }
  }
  if (summary.verdict === 'healthy') {
    summary.smokeAt ??= summary.verdictAt;
    summary.deployedAt ??= summary.verdictAt;
  }
  return summary;
}
