// Rehearses one of our workflow templates on the sandbox, as GitHub would run it: GitHub's parser
// reads the workflow, GitHub's evaluator computes every `${{ }}` of `with:`, `env:`, `if:` and
// names against contexts built from the event, our action steps run as built bundles through the
// runner harness, `run:` steps run with bash in the job's checkout, and the two third-party steps
// of the templates are stood in for: `actions/checkout` is a real `git clone` of the sandbox's bare
// repository at the ref, `actions/create-github-app-token` gives a fixed token. Outputs flow
// between steps and jobs as on GitHub. What cannot be rehearsed faithfully (an unknown action, a
// matrix, a container, an expression function GitHub has but this runner does not, a trigger the
// workflow does not listen to) throws a RehearsalError: nothing is skipped in silence.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type {
  Step as ModelStep,
  WorkflowJob as ModelJob,
} from '@actions/workflow-parser/model/workflow-template';
import { parseAnnotations, parseFileCommand, type Annotation } from '../harness/commands.js';
import type { Event } from '../harness/events.js';
import { ensureFreshBuild } from '../harness/build.js';
import { runAction, type ActionResult } from '../harness/run-action.js';
import {
  OUR_REPOSITORY,
  filterPattern,
  loadTemplate,
  ourActionFile,
  parseWithGitHub,
  triggerConfig,
  triggers,
  type Template,
  type WorkflowJob,
  type WorkflowStep,
} from '../templates/templates.js';
import {
  RehearsalError,
  SUCCEEDING,
  condition,
  interpolate,
  type Contexts,
  type JobStatus,
} from './expressions.js';

export { RehearsalError } from './expressions.js';

/** The token a rehearsal's run hands out as `github.token` / `secrets.GITHUB_TOKEN`. */
export const REHEARSAL_TOKEN = 'ghs_rehearsalJobToken00000000000000000000';
/** What the `actions/create-github-app-token` stand-in returns. */
export const REHEARSAL_APP_TOKEN = 'ghs_rehearsalAppInstallationToken000000000';

export interface RehearsalRepository {
  /** `owner/name`, as the emulator serves it. */
  fullName: string;
  /** The bare repository behind it: what `actions/checkout` clones. */
  bare: string;
  /** The emulator's URL: `GITHUB_API_URL`. */
  apiUrl: string;
  /** `GITHUB_SERVER_URL`; `https://github.com` by default. */
  serverUrl?: string;
  defaultBranch?: string;
}

export interface RehearseOptions {
  repository: RehearsalRepository;
  /** A template name (`hotfix-deploy`) from workflows-templates/, or a loaded template. */
  workflow: string | Template;
  /** The event that fires it; the caller decides which event fires which workflow. */
  event: Event;
  secrets?: Record<string, string>;
  /** Repository variables (`vars`). Without `HOTFIX_APP_ID`, the App-token steps are skipped. */
  vars?: Record<string, string>;
  /**
   * Variables added to every step's process as if the runner had them (e.g. `HOTFIX_NOW` to set
   * the actions' clock, `HOTFIX_RETRY_BASE_MS`). Not visible to expressions.
   */
  runnerEnv?: Record<string, string>;
  actor?: string;
  runId?: number;
  /** Longest a single step may take before the rehearsal fails (the job's timeout if shorter). */
  maxStepMs?: number;
  /** Called after each step and job, for a live report. */
  onStep?: (job: JobRun, step: StepRun) => void;
  onJob?: (job: JobRun) => void;
}

export type Outcome = 'success' | 'failure' | 'skipped';

export interface StepRun {
  /** The step's `id:` (empty when it has none). */
  id: string;
  name: string;
  kind: 'action' | 'run' | 'checkout' | 'app-token';
  uses?: string;
  outcome: Outcome;
  conclusion: Outcome;
  /** The evaluated `with:` of an action step. */
  inputs: Record<string, string>;
  /** The evaluated step `env:`. */
  env: Record<string, string>;
  outputs: Record<string, string>;
  annotations: Annotation[];
  summary: string;
  stdout: string;
  stderr: string;
  /** The harness's result, for our actions. */
  action?: ActionResult;
  durationMs: number;
}

export interface JobRun {
  id: string;
  name: string;
  result: Outcome;
  environment?: string;
  outputs: Record<string, string>;
  steps: StepRun[];
  /** The job's checkout (GITHUB_WORKSPACE), kept until `cleanup()`. */
  workspace: string;
}

export interface WorkflowRun {
  workflow: string;
  /** `run-name`, evaluated (else the workflow's `name`). */
  title: string;
  event: string;
  conclusion: 'success' | 'failure';
  jobs: Record<string, JobRun>;
  /** The `steps.<id>` / job lookups tests need most. */
  job(id: string): JobRun;
  step(jobId: string, stepId: string): StepRun;
  /** Removes the jobs' workspaces. */
  cleanup(): void;
}

const JOB_KEYS = new Set([
  'name',
  'if',
  'needs',
  'runs-on',
  'environment',
  'permissions',
  'concurrency',
  'timeout-minutes',
  'env',
  'outputs',
  'defaults',
  'steps',
]);
const STEP_KEYS = new Set([
  'id',
  'name',
  'if',
  'uses',
  'run',
  'shell',
  'with',
  'env',
  'working-directory',
  'continue-on-error',
  'timeout-minutes',
]);
const CHECKOUT_INPUTS = new Set(['ref', 'persist-credentials', 'fetch-depth']);
const ZERO_SHA = '0'.repeat(40);

function git(args: string[], cwd: string): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      HOME: tmpdir(),
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_TERMINAL_PROMPT: '0',
    },
  }).trim();
}

function resolveCommit(bare: string, ref: string): string | undefined {
  try {
    return git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], bare);
  } catch {
    return undefined;
  }
}

interface Payload {
  ref?: string;
  after?: string;
  head_commit?: { id?: string } | null;
  inputs?: Record<string, unknown>;
  number?: number;
  action?: string;
  pull_request?: {
    number?: number;
    merge_commit_sha?: string | null;
    head?: { ref?: string; sha?: string };
    base?: { ref?: string; sha?: string };
  };
}

/** The refs and commit GitHub derives from the event, as `github.ref`, `github.sha`... */
function eventRefs(event: Event, repository: RehearsalRepository) {
  const payload = event.payload as Payload;
  const defaultBranch = repository.defaultBranch ?? 'main';
  const pull = payload.pull_request;
  if (event.name === 'pull_request') {
    if (!pull?.head?.ref || !pull.base?.ref) {
      throw new RehearsalError('pull_request event without head and base refs.');
    }
    return {
      ref: `refs/pull/${pull.number ?? payload.number}/merge`,
      sha: pull.merge_commit_sha ?? pull.head.sha ?? ZERO_SHA,
      headRef: pull.head.ref,
      baseRef: pull.base.ref,
    };
  }
  if (event.name === 'push') {
    if (!payload.ref) throw new RehearsalError('push event without a ref.');
    return {
      ref: payload.ref,
      sha: payload.head_commit?.id ?? payload.after ?? ZERO_SHA,
      headRef: '',
      baseRef: '',
    };
  }
  if (event.name === 'workflow_dispatch' || event.name === 'schedule') {
    const ref =
      event.name === 'schedule'
        ? `refs/heads/${defaultBranch}`
        : (payload.ref ?? `refs/heads/${defaultBranch}`);
    const sha = resolveCommit(repository.bare, ref);
    if (sha === undefined) {
      throw new RehearsalError(`${event.name} at ${ref}: no such ref in ${repository.bare}.`);
    }
    return { ref, sha, headRef: '', baseRef: '' };
  }
  throw new RehearsalError(`The rehearsal does not build contexts for '${event.name}' events.`);
}

function refName(ref: string): string {
  return ref.replace(/^refs\/(heads|tags)\//, '').replace(/^refs\/pull\//, '');
}

/** Refuses an event the workflow's `on:` would not run for, as GitHub would not start it. */
function checkTrigger(template: Template, event: Event): void {
  const on = triggers(template.workflow);
  if (!on.includes(event.name)) {
    throw new RehearsalError(
      `${template.file} does not run on '${event.name}' (on: ${on.join(', ')}).`,
    );
  }
  const config = triggerConfig(template.workflow, event.name);
  for (const key of ['paths', 'paths-ignore', 'branches-ignore', 'tags-ignore']) {
    if (key in config)
      throw new RehearsalError(`${template.file}: on.${event.name}.${key} is not rehearsed.`);
  }
  const payload = event.payload as Payload;
  if (event.name === 'pull_request') {
    const types = (config['types'] as string[] | undefined) ?? [
      'opened',
      'synchronize',
      'reopened',
    ];
    if (!types.includes(payload.action ?? '')) {
      throw new RehearsalError(
        `${template.file} does not run on pull_request '${payload.action}' (types: ${types.join(', ')}).`,
      );
    }
    const branches = config['branches'] as string[] | undefined;
    const base = payload.pull_request?.base?.ref ?? '';
    if (branches && !branches.some((pattern) => filterPattern(pattern).test(base))) {
      throw new RehearsalError(
        `${template.file}: base '${base}' is outside on.pull_request.branches.`,
      );
    }
  }
  if (event.name === 'push') {
    const ref = payload.ref ?? '';
    const isTag = ref.startsWith('refs/tags/');
    const patterns = config[isTag ? 'tags' : 'branches'] as string[] | undefined;
    const other = config[isTag ? 'branches' : 'tags'] as string[] | undefined;
    const name = refName(ref);
    const runs = patterns
      ? patterns.some((pattern) => filterPattern(pattern).test(name))
      : other === undefined;
    if (!runs) {
      throw new RehearsalError(`${template.file} does not run on a push of '${ref}'.`);
    }
  }
}

interface InputSpec {
  type?: string;
  required?: boolean;
  default?: unknown;
  options?: string[];
}

/** The `inputs` context of a dispatch: the form's strings typed as declared, defaults filled in. */
function dispatchInputs(template: Template, event: Event): Record<string, unknown> {
  if (event.name !== 'workflow_dispatch') return {};
  const declared = (triggerConfig(template.workflow, 'workflow_dispatch')['inputs'] ??
    {}) as Record<string, InputSpec>;
  const given = ((event.payload as Payload).inputs ?? {}) as Record<string, unknown>;
  for (const name of Object.keys(given)) {
    if (!(name in declared)) {
      throw new RehearsalError(
        `${template.file}: the dispatch gives input '${name}', which the workflow does not declare (GitHub answers 422).`,
      );
    }
  }
  const inputs: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(declared)) {
    const raw = given[name] ?? spec.default;
    if ((raw === undefined || raw === '') && spec.required) {
      throw new RehearsalError(`${template.file}: required input '${name}' not given.`);
    }
    const text = raw === undefined ? '' : String(raw);
    switch (spec.type ?? 'string') {
      case 'boolean':
        if (text !== '' && text !== 'true' && text !== 'false') {
          throw new RehearsalError(`${template.file}: input '${name}' must be true or false.`);
        }
        inputs[name] = text === 'true';
        break;
      case 'choice':
        if (text !== '' && !(spec.options ?? []).includes(text)) {
          throw new RehearsalError(
            `${template.file}: '${text}' is not an option of input '${name}' (${(spec.options ?? []).join(', ')}).`,
          );
        }
        inputs[name] = text;
        break;
      case 'number':
        inputs[name] = text === '' ? null : Number(text);
        break;
      case 'string':
      case 'environment':
        inputs[name] = text;
        break;
      default:
        throw new RehearsalError(`${template.file}: input type '${spec.type}' is not rehearsed.`);
    }
  }
  return inputs;
}

/** Our action's name for the harness (`hotfix` for the root action), or undefined. */
export function ourActionName(uses: string): string | undefined {
  const file = ourActionFile(uses);
  if (file === undefined) return undefined;
  if (!existsSync(file)) throw new RehearsalError(`${uses}: no ${file} in this repository.`);
  const [path = ''] = uses.split('@');
  return path === OUR_REPOSITORY ? 'hotfix' : path.slice(`${OUR_REPOSITORY}/actions/`.length);
}

function stringMap(
  value: unknown,
  contexts: Contexts,
  status: JobStatus,
  where: string,
): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new RehearsalError(`${where}: must be a mapping (an expression here is not rehearsed).`);
  }
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, item]) => [
      key,
      interpolate(item, contexts, status, `${where}.${key}`),
    ]),
  );
}

function spawnBash(
  args: string[],
  cwd: string,
  env: Record<string, string>,
  timeoutMs: number,
): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('bash', args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === null) {
        reject(new RehearsalError(`run: step killed by ${signal} (timeout ${timeoutMs} ms).`));
      } else resolvePromise({ status: code, stdout, stderr });
    });
  });
}

/** Rehearses one workflow run. Throws RehearsalError for anything it cannot rehearse faithfully. */
export async function rehearse(options: RehearseOptions): Promise<WorkflowRun> {
  const template =
    typeof options.workflow === 'string' ? loadTemplate(options.workflow) : options.workflow;
  const parsed = await parseWithGitHub(template);
  if (parsed.errors.length > 0 || !parsed.model) {
    throw new RehearsalError(
      `${template.file}: GitHub's parser refuses it: ${parsed.errors.join('; ')}`,
    );
  }
  const model = parsed.model;
  // The bundles the runner would run: rebuilt when a source is newer (as the harness demands).
  await ensureFreshBuild();
  const { repository, event } = options;
  checkTrigger(template, event);

  const serverUrl = repository.serverUrl ?? 'https://github.com';
  const refs = eventRefs(event, repository);
  const actor = options.actor ?? 'release-engineer';
  const runId = options.runId ?? 4242;
  const workflowName = template.workflow.name ?? template.file;
  const github: Record<string, unknown> = {
    event_name: event.name,
    event: event.payload,
    repository: repository.fullName,
    repository_owner: repository.fullName.split('/')[0],
    ref: refs.ref,
    ref_name: refName(refs.ref),
    ref_type: refs.ref.startsWith('refs/tags/') ? 'tag' : 'branch',
    sha: refs.sha,
    head_ref: refs.headRef,
    base_ref: refs.baseRef,
    actor,
    triggering_actor: actor,
    token: REHEARSAL_TOKEN,
    workflow: workflowName,
    workflow_ref: `${repository.fullName}/.github/workflows/${template.name}.yml@${refs.ref}`,
    run_id: String(runId),
    run_number: '1',
    run_attempt: '1',
    server_url: serverUrl,
    api_url: repository.apiUrl,
    graphql_url: `${repository.apiUrl}/graphql`,
    retention_days: '90',
    action: '',
    job: '',
    workspace: '',
  };
  const inputs = dispatchInputs(template, event);
  const vars = options.vars ?? {};
  const secrets = { GITHUB_TOKEN: REHEARSAL_TOKEN, ...options.secrets };
  const base: Contexts = { github, inputs, vars };
  const title = interpolate(
    template.workflow['run-name'] ?? workflowName,
    base,
    SUCCEEDING,
    `${template.file}: run-name`,
  );
  const concurrency = template.workflow.concurrency as { group?: unknown } | undefined;
  if (concurrency?.group !== undefined) {
    interpolate(concurrency.group, base, SUCCEEDING, `${template.file}: concurrency.group`);
  }
  const workflowEnv = stringMap(
    template.workflow.env,
    { ...base, secrets },
    SUCCEEDING,
    `${template.file}: env`,
  );

  const jobs: Record<string, JobRun> = {};
  const needs: Record<string, { result: Outcome; outputs: Record<string, string> }> = {};
  const pending = new Map(model.jobs.map((job) => [job.id.value, job]));
  while (pending.size > 0) {
    const ready = [...pending.values()].find((job) =>
      (job.needs ?? []).every((need) => need.value in jobs),
    );
    if (!ready) {
      throw new RehearsalError(
        `${template.file}: jobs ${[...pending.keys()].join(', ')} wait on each other.`,
      );
    }
    pending.delete(ready.id.value);
    const job = await runJob(ready);
    jobs[job.id] = job;
    needs[job.id] = { result: job.result, outputs: job.outputs };
    options.onJob?.(job);
  }

  async function runJob(modelJob: ModelJob): Promise<JobRun> {
    const id = modelJob.id.value;
    const where = `${template.file}: jobs.${id}`;
    const yamlJob: WorkflowJob | undefined = template.workflow.jobs[id];
    if (!yamlJob || modelJob.type !== 'job') {
      throw new RehearsalError(`${where}: a reusable-workflow job is not rehearsed.`);
    }
    for (const key of Object.keys(yamlJob)) {
      if (!JOB_KEYS.has(key)) throw new RehearsalError(`${where}.${key} is not rehearsed.`);
    }
    const needed = (modelJob.needs ?? []).map((need) => need.value);
    const neededContext = Object.fromEntries(needed.map((name) => [name, needs[name]]));
    const jobStatus: JobStatus = {
      success: needed.every((name) => needs[name]?.result === 'success'),
      failure: needed.some((name) => needs[name]?.result === 'failure'),
      cancelled: false,
    };
    const workspace = mkdtempSync(join(tmpdir(), `hotfix-rehearsal-${id}-`));
    const jobGithub = { ...github, job: id, workspace };
    const jobContexts: Contexts = {
      github: jobGithub,
      inputs,
      vars,
      secrets,
      needs: neededContext,
      strategy: { 'fail-fast': true, 'job-index': 0, 'job-total': 1, 'max-parallel': 1 },
    };
    const name = interpolate(yamlJob.name ?? id, jobContexts, jobStatus, `${where}.name`);
    const run: JobRun = { id, name, result: 'skipped', outputs: {}, steps: [], workspace };
    const runs = condition(modelJob.if.expression, jobContexts, jobStatus, `${where}.if`);
    if (!runs) return run;

    const environment = yamlJob.environment;
    if (environment !== undefined) {
      const envName =
        typeof environment === 'object' && environment !== null
          ? (environment as { name?: unknown }).name
          : environment;
      run.environment = interpolate(envName, jobContexts, jobStatus, `${where}.environment`);
    }
    const jobConcurrency = yamlJob.concurrency as { group?: unknown } | string | undefined;
    if (jobConcurrency !== undefined) {
      const group = typeof jobConcurrency === 'string' ? jobConcurrency : jobConcurrency.group;
      interpolate(group, jobContexts, jobStatus, `${where}.concurrency`);
    }
    const timeoutMinutes = yamlJob['timeout-minutes'];
    if (timeoutMinutes !== undefined && typeof timeoutMinutes !== 'number') {
      throw new RehearsalError(`${where}.timeout-minutes: only a number is rehearsed.`);
    }
    const stepTimeout = Math.min(options.maxStepMs ?? 120_000, (timeoutMinutes ?? 360) * 60_000);
    const jobEnv = {
      ...workflowEnv,
      ...stringMap(yamlJob.env, { ...jobContexts, env: workflowEnv }, jobStatus, `${where}.env`),
    };
    const exported: Record<string, string> = {};
    const stepsContext: Record<
      string,
      { outputs: Record<string, string>; outcome: Outcome; conclusion: Outcome }
    > = {};
    const shellDefault =
      yamlJob.defaults?.run?.shell ?? template.workflow.defaults?.run?.shell ?? undefined;
    let failed = false;

    const modelSteps = modelJob.steps as ModelStep[];
    const yamlSteps = yamlJob.steps ?? [];
    if (modelSteps.length !== yamlSteps.length) {
      throw new RehearsalError(`${where}: GitHub's parser and the YAML disagree on the steps.`);
    }
    for (const [index, yamlStep] of yamlSteps.entries()) {
      const modelStep = modelSteps[index]!;
      const stepWhere = `${where}.steps[${index}]`;
      for (const key of Object.keys(yamlStep)) {
        if (!STEP_KEYS.has(key)) throw new RehearsalError(`${stepWhere}.${key} is not rehearsed.`);
      }
      const status: JobStatus = { success: !failed, failure: failed, cancelled: false };
      const envContext = { ...jobEnv, ...exported };
      const contexts: Contexts = {
        ...jobContexts,
        env: envContext,
        steps: stepsContext,
        job: { status: failed ? 'failure' : 'success', container: {}, services: {} },
        runner: {
          os: 'Linux',
          arch: 'X64',
          name: 'hotfix-rehearsal',
          environment: 'github-hosted',
          temp: join(workspace, '..'),
          tool_cache: '/opt/hostedtoolcache',
          debug: '',
        },
      };
      const stepName = interpolate(
        yamlStep.name ?? yamlStep.uses ?? `Run ${String(yamlStep.run ?? '').split('\n')[0]}`,
        contexts,
        status,
        `${stepWhere}.name`,
      );
      const ifExpression =
        'if' in modelStep && modelStep.if ? modelStep.if.expression : 'success()';
      const step: StepRun = {
        id: yamlStep.id ?? '',
        name: stepName,
        kind: yamlStep.run !== undefined ? 'run' : 'action',
        ...(yamlStep.uses !== undefined ? { uses: yamlStep.uses } : {}),
        outcome: 'skipped',
        conclusion: 'skipped',
        inputs: {},
        env: {},
        outputs: {},
        annotations: [],
        summary: '',
        stdout: '',
        stderr: '',
        durationMs: 0,
      };
      if (condition(ifExpression, contexts, status, `${stepWhere}.if`)) {
        const started = performance.now();
        step.env = stringMap(yamlStep.env, contexts, status, `${stepWhere}.env`);
        const processEnv = { ...jobEnv, ...exported, ...step.env };
        const stepGithub = { ...jobGithub, action: yamlStep.id ?? `__step${index}` };
        await runStep(yamlStep, step, {
          contexts: { ...contexts, github: stepGithub },
          status,
          where: stepWhere,
          processEnv,
          workspace,
          shellDefault,
          timeoutMs: stepTimeout,
          exported,
        });
        step.durationMs = Math.round(performance.now() - started);
        step.conclusion = step.outcome;
        if (step.outcome === 'failure') {
          const continueOnError = yamlStep['continue-on-error'];
          const tolerated =
            continueOnError === true ||
            (typeof continueOnError === 'string' &&
              interpolate(continueOnError, contexts, status, `${stepWhere}.continue-on-error`) ===
                'true');
          if (tolerated) step.conclusion = 'success';
          else failed = true;
        }
      }
      if (step.id) {
        stepsContext[step.id] = {
          outputs: step.outputs,
          outcome: step.outcome,
          conclusion: step.conclusion,
        };
      }
      run.steps.push(step);
      options.onStep?.(run, step);
    }
    run.result = failed ? 'failure' : 'success';
    run.outputs = stringMap(
      yamlJob.outputs,
      { ...jobContexts, steps: stepsContext, env: { ...jobEnv, ...exported } },
      { success: !failed, failure: failed, cancelled: false },
      `${where}.outputs`,
    );
    return run;
  }

  interface StepEnvironment {
    contexts: Contexts;
    status: JobStatus;
    where: string;
    processEnv: Record<string, string>;
    workspace: string;
    shellDefault: string | undefined;
    timeoutMs: number;
    exported: Record<string, string>;
  }

  async function runStep(
    yamlStep: WorkflowStep,
    step: StepRun,
    at: StepEnvironment,
  ): Promise<void> {
    const { contexts, status, where } = at;
    if (yamlStep.run !== undefined) {
      if (yamlStep.with !== undefined) throw new RehearsalError(`${where}: 'with' on a run step.`);
      await runScript(yamlStep, step, at);
      return;
    }
    const uses = yamlStep.uses;
    if (uses === undefined) throw new RehearsalError(`${where}: neither 'uses' nor 'run'.`);
    if (yamlStep.shell !== undefined || yamlStep['working-directory'] !== undefined) {
      throw new RehearsalError(`${where}: 'shell'/'working-directory' on an action step.`);
    }
    step.inputs = stringMap(yamlStep.with, contexts, status, `${where}.with`);
    const name = ourActionName(uses);
    if (name !== undefined) {
      const result = await runAction(name, {
        inputs: step.inputs,
        env: { ...options.runnerEnv, ...at.processEnv },
        event,
        repository: repository.fullName,
        sha: refs.sha,
        ref: refs.ref,
        workspace: at.workspace,
        apiUrl: repository.apiUrl,
        serverUrl,
        token: REHEARSAL_TOKEN,
        actor,
        workflow: workflowName,
        job: String((contexts['github'] as Record<string, unknown>)['job']),
        runId,
        timeoutMs: at.timeoutMs,
      });
      step.action = result;
      step.outcome = result.exitCode === 0 ? 'success' : 'failure';
      step.outputs = result.outputs;
      step.annotations = result.annotations;
      step.summary = result.summary;
      step.stdout = result.stdout;
      step.stderr = result.stderr;
      Object.assign(at.exported, result.exportedEnv);
      return;
    }
    const [action = ''] = uses.split('@');
    if (action === 'actions/checkout') {
      step.kind = 'checkout';
      checkout(step, at);
      return;
    }
    if (action === 'actions/create-github-app-token') {
      step.kind = 'app-token';
      const missing = ['app-id', 'private-key'].filter((key) => !step.inputs[key]);
      if (missing.length > 0) {
        step.outcome = 'failure';
        step.annotations = [
          { level: 'error', message: `Input required and not supplied: ${missing[0]}` },
        ];
        return;
      }
      step.outputs = {
        token: REHEARSAL_APP_TOKEN,
        'installation-id': '4242',
        'app-slug': 'hotfix-rehearsal',
      };
      step.outcome = 'success';
      return;
    }
    throw new RehearsalError(
      `${where}: '${uses}' is not an action the rehearsal can stand in for.`,
    );
  }

  /** actions/checkout: a real clone of the bare repository, at the ref (else `github.sha`). */
  function checkout(step: StepRun, at: StepEnvironment): void {
    for (const key of Object.keys(step.inputs)) {
      if (!CHECKOUT_INPUTS.has(key)) {
        throw new RehearsalError(`${at.where}: actions/checkout input '${key}' is not rehearsed.`);
      }
    }
    const ref = step.inputs['ref'] || refs.sha;
    const commit = resolveCommit(repository.bare, ref);
    if (commit === undefined) {
      step.outcome = 'failure';
      step.annotations = [
        { level: 'error', message: `A branch or tag with the name '${ref}' could not be found` },
      ];
      return;
    }
    git(['clone', '--quiet', '--no-checkout', repository.bare, at.workspace], tmpdir());
    git(['checkout', '--quiet', '--detach', commit], at.workspace);
    step.stdout = `Checked out ${ref} (${commit}) from ${repository.bare}\n`;
    step.outputs = { ref, commit };
    step.outcome = 'success';
  }

  /** A `run:` step: bash as GitHub runs it, in the workspace, with the file commands. */
  async function runScript(
    yamlStep: WorkflowStep,
    step: StepRun,
    at: StepEnvironment,
  ): Promise<void> {
    const shell = yamlStep.shell ?? at.shellDefault;
    let args: string[];
    if (shell === 'bash') args = ['--noprofile', '--norc', '-eo', 'pipefail'];
    else if (shell === undefined) args = ['-e'];
    else throw new RehearsalError(`${at.where}: shell '${shell}' is not rehearsed (bash only).`);
    const script = String(yamlStep.run);
    if (script.includes('${{')) {
      throw new RehearsalError(
        `${at.where}: \${{ }} inside run: is not rehearsed (pass it through env:).`,
      );
    }
    const dir = mkdtempSync(join(tmpdir(), 'hotfix-rehearsal-step-'));
    try {
      const files = {
        GITHUB_OUTPUT: join(dir, 'output'),
        GITHUB_ENV: join(dir, 'env'),
        GITHUB_STEP_SUMMARY: join(dir, 'summary'),
        GITHUB_PATH: join(dir, 'path'),
        GITHUB_STATE: join(dir, 'state'),
      };
      for (const file of Object.values(files)) writeFileSync(file, '');
      const eventPath = join(dir, 'event.json');
      writeFileSync(eventPath, JSON.stringify(event.payload));
      writeFileSync(join(dir, 'step.sh'), script);
      const workingDirectory = yamlStep['working-directory'];
      const cwd =
        typeof workingDirectory === 'string'
          ? resolve(at.workspace, interpolate(workingDirectory, at.contexts, at.status, at.where))
          : at.workspace;
      if (!existsSync(cwd)) mkdirSync(cwd, { recursive: true });
      const result = await spawnBash(
        [...args, join(dir, 'step.sh')],
        cwd,
        {
          PATH: process.env['PATH'] ?? '/usr/bin:/bin',
          HOME: process.env['HOME'] ?? dir,
          ...runnerVariables(
            at.workspace,
            String((at.contexts['github'] as Record<string, unknown>)['job']),
          ),
          GITHUB_EVENT_PATH: eventPath,
          ...files,
          ...options.runnerEnv,
          ...at.processEnv,
        },
        at.timeoutMs,
      );
      step.outcome = result.status === 0 ? 'success' : 'failure';
      step.stdout = result.stdout;
      step.stderr = result.stderr;
      step.annotations = parseAnnotations(result.stdout);
      step.outputs = parseFileCommand(readFileSync(files.GITHUB_OUTPUT, 'utf8'));
      step.summary = readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8');
      Object.assign(at.exported, parseFileCommand(readFileSync(files.GITHUB_ENV, 'utf8')));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  /** The default variables of a run step (GITHUB_*, RUNNER_*). */
  function runnerVariables(workspace: string, job: string): Record<string, string> {
    return {
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: event.name,
      GITHUB_REPOSITORY: repository.fullName,
      GITHUB_REPOSITORY_OWNER: repository.fullName.split('/')[0] ?? '',
      GITHUB_SHA: refs.sha,
      GITHUB_REF: refs.ref,
      GITHUB_REF_NAME: refName(refs.ref),
      GITHUB_REF_TYPE: refs.ref.startsWith('refs/tags/') ? 'tag' : 'branch',
      GITHUB_HEAD_REF: refs.headRef,
      GITHUB_BASE_REF: refs.baseRef,
      GITHUB_WORKSPACE: workspace,
      GITHUB_API_URL: repository.apiUrl,
      GITHUB_SERVER_URL: serverUrl,
      GITHUB_RUN_ID: String(runId),
      GITHUB_RUN_NUMBER: '1',
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_ACTOR: actor,
      GITHUB_WORKFLOW: workflowName,
      GITHUB_JOB: job,
      RUNNER_OS: 'Linux',
      RUNNER_ARCH: 'X64',
      RUNNER_TEMP: tmpdir(),
    };
  }

  const conclusion = Object.values(jobs).some((job) => job.result === 'failure')
    ? 'failure'
    : 'success';
  const jobOf = (id: string): JobRun => {
    const job = jobs[id];
    if (!job) throw new Error(`No job '${id}' in ${template.file}.`);
    return job;
  };
  return {
    workflow: template.name,
    title,
    event: event.name,
    conclusion,
    jobs,
    job: jobOf,
    step(jobId, stepId) {
      const step = jobOf(jobId).steps.find((s) => s.id === stepId);
      if (!step) throw new Error(`No step '${stepId}' in job '${jobId}'.`);
      return step;
    },
    cleanup() {
      for (const job of Object.values(jobs))
        rmSync(job.workspace, { recursive: true, force: true });
    },
  };
}
