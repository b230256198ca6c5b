import {
  type Context,
  type Route,
  idParam,
  invalid,
  notFound,
  ok,
  optionalString,
  paginate,
  requiredString,
} from '../http.js';
import {
  ACTOR,
  type CommitStatusRecord,
  type DeploymentRecord,
  type DeploymentStatusRecord,
  type Repository,
  now,
} from '../repository.js';
import { nodeId, repository, user } from '../shapes.js';

/** Deployments and their statuses, and commit statuses. */

function deploymentShape(repo: Repository, deployment: DeploymentRecord) {
  const url = repo.api(`/deployments/${deployment.id}`);
  return {
    url,
    id: deployment.id,
    node_id: nodeId('Deployment', deployment.id),
    sha: deployment.sha,
    ref: deployment.ref,
    task: deployment.task,
    payload: deployment.payload,
    original_environment: deployment.environment,
    environment: deployment.environment,
    description: deployment.description,
    creator: user(repo.baseUrl, deployment.creator),
    created_at: deployment.created_at,
    updated_at: deployment.updated_at,
    statuses_url: `${url}/statuses`,
    repository_url: repo.api(),
    transient_environment: deployment.transient_environment,
    production_environment: deployment.production_environment,
  };
}

function deploymentStatusShape(repo: Repository, status: DeploymentStatusRecord) {
  const deploymentUrl = repo.api(`/deployments/${status.deployment_id}`);
  return {
    url: `${deploymentUrl}/statuses/${status.id}`,
    id: status.id,
    node_id: nodeId('DeploymentStatus', status.id),
    state: status.state,
    creator: user(repo.baseUrl, status.creator),
    description: status.description,
    environment: status.environment,
    target_url: status.target_url,
    created_at: status.created_at,
    updated_at: status.created_at,
    deployment_url: deploymentUrl,
    repository_url: repo.api(),
    environment_url: status.environment_url,
    log_url: status.log_url,
  };
}

async function createDeployment({ repo, body }: Context) {
  const ref = requiredString(body, 'ref', 'Deployment');
  const sha = await repo.git.resolveCommit(ref);
  if (!sha) throw invalid(`No ref found for: ${ref}`);
  const environment = optionalString(body, 'environment') ?? 'production';
  const timestamp = now();
  const payload = body['payload'];
  const deployment: DeploymentRecord = {
    id: repo.ids.id(),
    ref,
    sha,
    task: optionalString(body, 'task') ?? 'deploy',
    environment,
    description: optionalString(body, 'description') ?? null,
    payload:
      typeof payload === 'string' || (payload && typeof payload === 'object')
        ? (payload as DeploymentRecord['payload'])
        : {},
    production_environment:
      typeof body['production_environment'] === 'boolean'
        ? body['production_environment']
        : environment === 'production',
    transient_environment: body['transient_environment'] === true,
    creator: ACTOR,
    created_at: timestamp,
    updated_at: timestamp,
  };
  repo.state.deployments.push(deployment);
  return { status: 201, body: deploymentShape(repo, deployment) };
}

function listDeployments(context: Context) {
  const { repo, query } = context;
  const deployments = [...repo.state.deployments]
    .sort((a, b) => b.id - a.id)
    .filter(
      (d) =>
        (!query.get('environment') || d.environment === query.get('environment')) &&
        (!query.get('ref') || d.ref === query.get('ref')) &&
        (!query.get('sha') || d.sha === query.get('sha')) &&
        (!query.get('task') || d.task === query.get('task')),
    );
  return paginate(
    context,
    deployments.map((d) => deploymentShape(repo, d)),
  );
}

function findDeployment(context: Context): DeploymentRecord {
  const id = idParam(context, 'deployment_id');
  const deployment = context.repo.state.deployments.find((d) => d.id === id);
  if (!deployment) throw notFound();
  return deployment;
}

function getDeployment(context: Context) {
  return ok(deploymentShape(context.repo, findDeployment(context)));
}

const DEPLOYMENT_STATES = [
  'error',
  'failure',
  'inactive',
  'in_progress',
  'queued',
  'pending',
  'success',
];

function createDeploymentStatus(context: Context) {
  const { repo, body } = context;
  const deployment = findDeployment(context);
  const state = requiredString(body, 'state', 'DeploymentStatus');
  if (!DEPLOYMENT_STATES.includes(state)) {
    throw invalid('Validation Failed', [
      { resource: 'DeploymentStatus', field: 'state', code: 'invalid' },
    ]);
  }
  const environment = optionalString(body, 'environment') ?? deployment.environment;
  const record = (deploymentId: number, recordState: string): DeploymentStatusRecord => ({
    id: repo.ids.id(),
    deployment_id: deploymentId,
    state: recordState,
    description: optionalString(body, 'description') ?? '',
    environment,
    target_url: optionalString(body, 'target_url') ?? optionalString(body, 'log_url') ?? '',
    log_url: optionalString(body, 'log_url') ?? optionalString(body, 'target_url') ?? '',
    environment_url: optionalString(body, 'environment_url') ?? '',
    creator: ACTOR,
    created_at: now(),
  });
  const status = record(deployment.id, state);
  repo.state.deploymentStatuses.push(status);
  // `auto_inactive` (default true): a new successful deployment retires the earlier successful
  // ones of the same environment, unless they are transient or production deployments (GitHub's
  // documented rule: production deployments keep their success).
  if (state === 'success' && body['auto_inactive'] !== false) {
    for (const earlier of repo.state.deployments) {
      if (earlier.id === deployment.id || earlier.environment !== deployment.environment) continue;
      if (earlier.transient_environment || earlier.production_environment) continue;
      const latest = latestStatus(repo, earlier.id);
      if (latest?.state === 'success') {
        repo.state.deploymentStatuses.push({ ...record(earlier.id, 'inactive'), description: '' });
      }
    }
  }
  deployment.updated_at = status.created_at;
  return { status: 201, body: deploymentStatusShape(repo, status) };
}

function latestStatus(repo: Repository, deploymentId: number): DeploymentStatusRecord | undefined {
  return repo.state.deploymentStatuses.filter((s) => s.deployment_id === deploymentId).at(-1);
}

function listDeploymentStatuses(context: Context) {
  const { repo } = context;
  const deployment = findDeployment(context);
  const statuses = repo.state.deploymentStatuses
    .filter((s) => s.deployment_id === deployment.id)
    .reverse();
  return paginate(
    context,
    statuses.map((s) => deploymentStatusShape(repo, s)),
  );
}

function commitStatusShape(repo: Repository, status: CommitStatusRecord) {
  const creator = user(repo.baseUrl, status.creator);
  return {
    url: repo.api(`/statuses/${status.sha}`),
    avatar_url: creator.avatar_url,
    id: status.id,
    node_id: nodeId('StatusContext', status.id),
    state: status.state,
    description: status.description,
    target_url: status.target_url,
    context: status.context,
    created_at: status.created_at,
    updated_at: status.created_at,
    creator,
  };
}

const COMMIT_STATES = ['error', 'failure', 'pending', 'success'];

async function createCommitStatus({ repo, params, body }: Context) {
  const sha = params['sha'] ?? '';
  const commit = /^[0-9a-f]{40}$/.test(sha) ? await repo.git.resolveCommit(sha) : null;
  if (!commit) throw invalid(`No commit found for SHA: ${sha}`);
  const state = requiredString(body, 'state', 'Status');
  if (!COMMIT_STATES.includes(state)) {
    throw invalid('Validation Failed', [{ resource: 'Status', field: 'state', code: 'invalid' }]);
  }
  const status: CommitStatusRecord = {
    id: repo.ids.id(),
    sha: commit,
    state: state as CommitStatusRecord['state'],
    context: optionalString(body, 'context') ?? 'default',
    description: optionalString(body, 'description') ?? null,
    target_url: optionalString(body, 'target_url') ?? null,
    creator: ACTOR,
    created_at: now(),
  };
  repo.state.statuses.push(status);
  return {
    status: 201,
    body: commitStatusShape(repo, status),
    headers: { location: repo.api(`/statuses/${commit}`) },
  };
}

async function statusesFor(
  context: Context,
): Promise<{ sha: string; statuses: CommitStatusRecord[] }> {
  const sha = await context.repo.git.resolveCommit(context.params['ref'] ?? '');
  if (!sha) throw notFound();
  const statuses = context.repo.state.statuses.filter((s) => s.sha === sha).reverse();
  return { sha, statuses };
}

async function listCommitStatuses(context: Context) {
  const { statuses } = await statusesFor(context);
  return paginate(
    context,
    statuses.map((s) => commitStatusShape(context.repo, s)),
  );
}

/** The latest status per context, combined: any error or failure fails, any pending is pending. */
async function combinedStatus(context: Context) {
  const { repo } = context;
  const { sha, statuses } = await statusesFor(context);
  const latest = [...new Map(statuses.reverse().map((s) => [s.context, s])).values()];
  const states = latest.map((s) => s.state);
  const state =
    states.includes('error') || states.includes('failure')
      ? 'failure'
      : states.length === 0 || states.includes('pending')
        ? 'pending'
        : 'success';
  return ok({
    state,
    statuses: latest.map((s) => ({ ...commitStatusShape(repo, s), required: false })),
    sha,
    total_count: latest.length,
    repository: repository(repo),
    commit_url: repo.api(`/commits/${sha}`),
    url: repo.api(`/commits/${sha}/status`),
  });
}

const R = '/repos/{owner}/{repo}';

export const deploymentRoutes: Route[] = [
  {
    method: 'POST',
    template: `${R}/deployments`,
    operation: 'repos/create-deployment',
    handler: createDeployment,
  },
  {
    method: 'GET',
    template: `${R}/deployments`,
    operation: 'repos/list-deployments',
    handler: listDeployments,
  },
  {
    method: 'GET',
    template: `${R}/deployments/{deployment_id}`,
    operation: 'repos/get-deployment',
    handler: getDeployment,
  },
  {
    method: 'POST',
    template: `${R}/deployments/{deployment_id}/statuses`,
    operation: 'repos/create-deployment-status',
    handler: createDeploymentStatus,
  },
  {
    method: 'GET',
    template: `${R}/deployments/{deployment_id}/statuses`,
    operation: 'repos/list-deployment-statuses',
    handler: listDeploymentStatuses,
  },
  {
    method: 'POST',
    template: `${R}/statuses/{sha}`,
    operation: 'repos/create-commit-status',
    handler: createCommitStatus,
  },
  {
    method: 'GET',
    template: `${R}/commits/{ref}/statuses`,
    operation: 'repos/list-commit-statuses-for-ref',
    handler: listCommitStatuses,
  },
  {
    method: 'GET',
    template: `${R}/commits/{ref}/status`,
    operation: 'repos/get-combined-status-for-ref',
    handler: combinedStatus,
  },
];
