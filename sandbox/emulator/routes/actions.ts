import { parse as parseYaml } from 'yaml';
import {
  type Context,
  type Route,
  HttpError,
  invalid,
  noContent,
  notFound,
  ok,
  requiredString,
} from '../http.js';
import { ACTOR, type DispatchRecord, type Repository, now } from '../repository.js';
import { repository, user } from '../shapes.js';
// The evaluator the rehearsal runs workflows with: one home for GitHub's expression rules.
import { SUCCEEDING, interpolate } from '../../rehearsal/expressions.js';

/**
 * Workflow dispatches and the runs they create, as GitHub answers them: the workflow file must
 * exist at the dispatched ref with a `workflow_dispatch` trigger that declares every input given
 * (404 and 422 otherwise). Runs are recorded, queued, never run; their `display_title` is the
 * workflow's `run-name` evaluated with GitHub's evaluator, as GitHub shows it.
 */

interface DispatchTrigger {
  name: string;
  runName?: string;
  inputs: Record<string, { required?: boolean; default?: unknown }>;
}

/** The workflow file at the ref, read as GitHub does to dispatch it. */
async function workflowAt(repo: Repository, id: string, ref: string): Promise<DispatchTrigger> {
  const path = `.github/workflows/${id}`;
  const [object] = await repo.git.readObjects([`${ref}:${path}`]);
  if (!/^[\w.-]+\.ya?ml$/.test(id) || object?.type !== 'blob') throw notFound();
  const workflow = parseYaml(object.content.toString('utf8')) as Record<string, unknown>;
  const on = workflow['on'];
  const trigger =
    typeof on === 'string'
      ? on === 'workflow_dispatch'
        ? {}
        : undefined
      : Array.isArray(on)
        ? on.includes('workflow_dispatch')
          ? {}
          : undefined
        : (on as Record<string, unknown> | undefined) &&
            Object.hasOwn(on as object, 'workflow_dispatch')
          ? ((on as Record<string, unknown>)['workflow_dispatch'] ?? {})
          : undefined;
  if (trigger === undefined) throw invalid("Workflow does not have 'workflow_dispatch' trigger");
  const inputs = ((trigger as Record<string, unknown>)['inputs'] ??
    {}) as DispatchTrigger['inputs'];
  const name = typeof workflow['name'] === 'string' ? workflow['name'] : path;
  const runName = typeof workflow['run-name'] === 'string' ? workflow['run-name'] : undefined;
  return { name, inputs, ...(runName !== undefined ? { runName } : {}) };
}

/** `run-name` with its `${{ }}` parts evaluated (GitHub's evaluator), as GitHub titles a run. */
function displayTitle(trigger: DispatchTrigger, contexts: Record<string, unknown>): string {
  if (trigger.runName === undefined) return trigger.name;
  return interpolate(trigger.runName, contexts, SUCCEEDING, 'run-name');
}

async function dispatchWorkflow({ repo, params, body }: Context) {
  const ref = requiredString(body, 'ref', 'Workflow');
  const short = ref.replace(/^refs\/(heads|tags)\//, '');
  const sha = await repo.git.resolveCommit(ref.startsWith('refs/') ? ref : short);
  if (!sha) throw invalid(`No ref found for: ${ref}`);
  const id = params['workflow_id'] ?? '';
  const trigger = await workflowAt(repo, id, sha);
  const inputs = (body['inputs'] as Record<string, unknown> | undefined) ?? {};
  const unexpected = Object.keys(inputs).filter((key) => !Object.hasOwn(trigger.inputs, key));
  if (unexpected.length > 0) {
    throw invalid(`Unexpected inputs provided: ${JSON.stringify(unexpected)}`);
  }
  const missing = Object.entries(trigger.inputs).find(
    ([key, spec]) => spec?.required === true && spec.default === undefined && !(key in inputs),
  );
  if (missing) throw invalid(`Required input '${missing[0]}' not provided`);
  const runs = repo.state.dispatches;
  const runId = repo.ids.id();
  let title: string;
  try {
    title = displayTitle(trigger, {
      inputs: Object.fromEntries(
        Object.entries(trigger.inputs).map(([key, spec]) => [
          key,
          inputs[key] ?? spec?.default ?? '',
        ]),
      ),
      github: { ref, ref_name: short, event_name: 'workflow_dispatch', sha },
    });
  } catch (error) {
    throw new HttpError(500, `sandbox: run-name of ${id} could not be evaluated: ${String(error)}`);
  }
  const dispatch: DispatchRecord = {
    workflow_id: id,
    ref,
    inputs,
    created_at: now(),
    run: {
      id: runId,
      run_number: runs.filter((d) => d.workflow_id === id).length + 1,
      display_title: title,
      name: trigger.name,
      path: `.github/workflows/${id}`,
      head_branch: short,
      head_sha: sha,
    },
  };
  runs.push(dispatch);
  if (body['return_run_details'] === true) {
    return ok({
      workflow_run_id: runId,
      run_url: repo.api(`/actions/runs/${runId}`),
      html_url: repo.html(`/actions/runs/${runId}`),
    });
  }
  return noContent();
}

/** `created`: `>=2026-03-05T10:00:00Z`, `<=…`, `a..b` or a date; the runs it keeps. */
function createdFilter(text: string | null): (created: string) => boolean {
  if (!text) return () => true;
  const at = (value: string) => Date.parse(value.includes('T') ? value : `${value}T00:00:00Z`);
  const range = /^(.+)\.\.(.+)$/.exec(text);
  if (range)
    return (created) =>
      Date.parse(created) >= at(range[1]!) && Date.parse(created) <= at(range[2]!);
  const bound = /^(>=|<=|>|<)(.+)$/.exec(text);
  if (bound) {
    const limit = at(bound[2]!);
    const op = bound[1];
    return (created) => {
      const time = Date.parse(created);
      return op === '>='
        ? time >= limit
        : op === '<='
          ? time <= limit
          : op === '>'
            ? time > limit
            : time < limit;
    };
  }
  return (created) => created.slice(0, 10) === text;
}

function runShape(repo: Repository, dispatch: DispatchRecord) {
  const { run } = dispatch;
  const api = repo.api(`/actions/runs/${run.id}`);
  return {
    id: run.id,
    name: run.name,
    node_id: `WFR_${run.id}`,
    head_branch: run.head_branch,
    head_sha: run.head_sha,
    path: run.path,
    display_title: run.display_title,
    run_number: run.run_number,
    run_attempt: 1,
    event: 'workflow_dispatch',
    status: 'queued',
    conclusion: null,
    workflow_id: 1,
    check_suite_id: run.id,
    url: api,
    html_url: repo.html(`/actions/runs/${run.id}`),
    pull_requests: [],
    created_at: dispatch.created_at,
    updated_at: dispatch.created_at,
    run_started_at: dispatch.created_at,
    actor: user(repo.baseUrl, ACTOR),
    triggering_actor: user(repo.baseUrl, ACTOR),
    jobs_url: `${api}/jobs`,
    logs_url: `${api}/logs`,
    check_suite_url: repo.api(`/check-suites/${run.id}`),
    artifacts_url: `${api}/artifacts`,
    cancel_url: `${api}/cancel`,
    rerun_url: `${api}/rerun`,
    workflow_url: repo.api(`/actions/workflows/1`),
    head_commit: null,
    repository: repository(repo),
    head_repository: repository(repo),
  };
}

/** A workflow's runs, newest first, filtered as GitHub filters them. */
function listRuns(context: Context) {
  const { repo, params, query } = context;
  const id = params['workflow_id'] ?? '';
  const event = query.get('event');
  const headSha = query.get('head_sha');
  const branch = query.get('branch');
  const created = createdFilter(query.get('created'));
  const matching = repo.state.dispatches
    .filter((d) => d.workflow_id === id)
    .filter(() => !event || event === 'workflow_dispatch')
    .filter((d) => !headSha || d.run.head_sha === headSha)
    .filter((d) => !branch || d.run.head_branch === branch)
    .filter((d) => created(d.created_at))
    .reverse();
  const perPage = Math.min(100, Math.max(1, Number(query.get('per_page')) || 30));
  const page = Math.max(1, Number(query.get('page')) || 1);
  return ok({
    total_count: matching.length,
    workflow_runs: matching
      .slice((page - 1) * perPage, page * perPage)
      .map((d) => runShape(repo, d)),
  });
}

const R = '/repos/{owner}/{repo}';

export const actionRoutes: Route[] = [
  {
    method: 'POST',
    template: `${R}/actions/workflows/{workflow_id}/dispatches`,
    operation: 'actions/create-workflow-dispatch',
    handler: dispatchWorkflow,
  },
  {
    method: 'GET',
    template: `${R}/actions/workflows/{workflow_id}/runs`,
    operation: 'actions/list-workflow-runs',
    handler: listRuns,
  },
];
