/**
 * The monitor's GitHub side, kept to a handful of calls per run (never per probe round): the
 * deployment it reports on (found or created once), its statuses (`in_progress` at the start and
 * once the smoke checks pass, `success`/`failure` with the verdict), the tracking-issue comment, and the configuration file
 * when there is no checkout.
 */
import type { GitHubClient } from './client.js';
import { isPermissionRefusal, statusOf } from './client.js';
import { createOnce, NO_BLIND_RETRY } from './create-once.js';
import { postCommentOnce } from './tracker.js';
import { monitorVerdictMessage, type MonitorVerdict } from '../domain/messages.js';
import { UserError } from '../domain/errors.js';
import { repositoryUrl } from '../runner/context.js';

export interface Repo {
  owner: string;
  repo: string;
}

/** GitHub cuts a deployment status description at 140 characters. */
const DESCRIPTION_LIMIT = 140;

export type FinalState = 'success' | 'failure' | 'error';

/** The web page of this workflow run (and attempt), for `log_url` and messages. */
export function runUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const repository = repositoryUrl();
  const runId = env['GITHUB_RUN_ID'];
  if (!repository || !runId) return undefined;
  const attempt = Number(env['GITHUB_RUN_ATTEMPT'] ?? '1');
  return `${repository}/actions/runs/${runId}${attempt > 1 ? `/attempts/${attempt}` : ''}`;
}

export function truncateDescription(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= DESCRIPTION_LIMIT ? line : `${line.slice(0, DESCRIPTION_LIMIT - 1)}…`;
}

export interface DeploymentTarget {
  deploymentId?: number;
  environment?: string;
  /** The deployed ref (the production tag, else the job's commit), to find or create one by. */
  ref: string;
  /** For a created deployment's description. */
  description: string;
}

/**
 * The deployment statuses follow: `deployment-id` as given; with only `environment`, the newest
 * deployment of that environment for the ref (1 call), else a new one (1 more call).
 */
export async function openDeployment(
  github: GitHubClient,
  repo: Repo,
  target: DeploymentTarget,
): Promise<{ id: number; created: boolean }> {
  if (target.deploymentId !== undefined) return { id: target.deploymentId, created: false };
  const environment = target.environment ?? 'production';
  const { data: existing } = await github.rest.repos.listDeployments({
    ...repo,
    environment,
    ...(/^[0-9a-f]{40}$/.test(target.ref) ? { sha: target.ref } : { ref: target.ref }),
    per_page: 1,
  });
  const newest = existing[0];
  if (newest) return { id: newest.id, created: false };
  const find = async () => {
    const { data } = await github.rest.repos.listDeployments({
      ...repo,
      environment,
      ref: target.ref,
      per_page: 1,
    });
    return data[0] && { id: data[0].id, created: true };
  };
  try {
    return await createOnce(async () => {
      const { data } = await github.rest.repos.createDeployment({
        ...repo,
        ref: target.ref,
        environment,
        auto_merge: false,
        required_contexts: [],
        description: truncateDescription(target.description),
        production_environment: /prod/i.test(environment),
        ...NO_BLIND_RETRY,
      });
      if (!('id' in data)) throw new Error(`GitHub did not create a deployment: ${data.message}`);
      return { id: data.id, created: true };
    }, find);
  } catch (error) {
    if (statusOf(error) === 422 || statusOf(error) === 404) {
      throw new UserError(
        `Cannot create a deployment of '${target.ref}' in ${repo.owner}/${repo.repo}: ` +
          `${(error as Error).message}. Give 'tag' (the deployed production tag) or 'deployment-id'.`,
      );
    }
    throw error;
  }
}

export async function postDeploymentStatus(
  github: GitHubClient,
  repo: Repo,
  deploymentId: number,
  state: 'in_progress' | FinalState,
  description: string,
  logUrl: string | undefined,
): Promise<void> {
  const text = truncateDescription(description);
  try {
    await createOnce(
      async () =>
        (
          await github.rest.repos.createDeploymentStatus({
            ...repo,
            deployment_id: deploymentId,
            state,
            description: text,
            ...(logUrl ? { log_url: logUrl } : {}),
            ...NO_BLIND_RETRY,
          })
        ).data,
      async () => {
        // GitHub lists the newest first: ours, if it was made, is on top.
        const { data } = await github.rest.repos.listDeploymentStatuses({
          ...repo,
          deployment_id: deploymentId,
          per_page: 1,
        });
        const newest = data[0];
        return newest?.state === state && newest.description === text ? newest : undefined;
      },
    );
  } catch (error) {
    const status = statusOf(error);
    if (status === 404) {
      throw new UserError(
        `Deployment ${deploymentId} was not found in ${repo.owner}/${repo.repo} (or the token cannot ` +
          `see it): check 'deployment-id', and give the job \`permissions: deployments: write\`.`,
      );
    }
    // Only a 403 that says so is a permission: a secondary rate limit is a 403 too.
    if (status === 403 && isPermissionRefusal(error)) {
      throw new UserError(
        `The token may not write deployment statuses in ${repo.owner}/${repo.repo}: give the job ` +
          '`permissions: deployments: write`.',
      );
    }
    throw error;
  }
}

/** The monitor's comment on the tracking issue, once per run (found by its marker). */
export async function commentOnIssue(
  github: GitHubClient,
  repo: Repo,
  issueNumber: number,
  verdict: MonitorVerdict,
  render: (marker: string) => string,
  runId: string,
): Promise<string> {
  const { id, body } = monitorVerdictMessage(verdict, runId, render);
  // One per run attempt: nothing to look for before the first send (a new attempt is a new run).
  return (
    await postCommentOnce(github, repo, issueNumber, 'monitor', body, {
      id,
      existing: [],
      converge: false,
    })
  ).url;
}
