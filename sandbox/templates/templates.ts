// Reading our workflow templates (workflows-templates/*.yml) the way their tests and the template
// rehearsal need them: the YAML as plain data, GitHub's own parse of it, the steps with the
// action.yml of each of our actions, the `${{ }}` expressions, and a `run:` script executed as
// GitHub's `shell: bash` runs it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  NoOperationTraceWriter,
  convertWorkflowTemplate,
  parseWorkflow,
  type WorkflowTemplate,
} from '@actions/workflow-parser';
import { parse } from 'yaml';

export const projectRoot = new URL('../..', import.meta.url).pathname;
export const templatesDir = join(projectRoot, 'workflows-templates');

/** Where the templates say our actions live; consumers replace it with their own copy. */
export const OUR_REPOSITORY = 'hotfix-actions/hotfix-actions';

export interface WorkflowStep {
  id?: string;
  name?: string;
  if?: unknown;
  uses?: string;
  run?: string;
  shell?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface WorkflowJob {
  name?: string;
  if?: unknown;
  needs?: string | string[];
  'runs-on'?: unknown;
  environment?: unknown;
  permissions?: unknown;
  concurrency?: unknown;
  'timeout-minutes'?: unknown;
  env?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  defaults?: { run?: { shell?: string } };
  steps?: WorkflowStep[];
  uses?: string;
  [key: string]: unknown;
}

export interface Workflow {
  name?: string;
  'run-name'?: string;
  on: unknown;
  permissions?: unknown;
  concurrency?: unknown;
  env?: Record<string, unknown>;
  defaults?: { run?: { shell?: string } };
  jobs: Record<string, WorkflowJob>;
  [key: string]: unknown;
}

export interface Template {
  /** The file name without `.yml`, e.g. `hotfix-deploy`. */
  name: string;
  file: string;
  text: string;
  workflow: Workflow;
}

/** The templates' names (`hotfix-start`, ...), sorted. */
export function templateNames(dir = templatesDir): string[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.yml'))
    .map((file) => file.slice(0, -'.yml'.length))
    .sort();
}

export function loadTemplate(name: string, dir = templatesDir): Template {
  return templateFromText(name, readFileSync(join(dir, `${name}.yml`), 'utf8'));
}

/** A template from its text: the tests build mutated copies this way. */
export function templateFromText(name: string, text: string): Template {
  const workflow = parse(text, { uniqueKeys: true }) as Workflow;
  if (typeof workflow !== 'object' || workflow === null || typeof workflow.jobs !== 'object') {
    throw new Error(`${name}.yml: not a workflow (no jobs)`);
  }
  return { name, file: `workflows-templates/${name}.yml`, text, workflow };
}

/** The events that start the workflow (`on:` as a string, a list or a mapping). */
export function triggers(workflow: Workflow): string[] {
  const on = workflow.on;
  if (typeof on === 'string') return [on];
  if (Array.isArray(on)) return on.map(String);
  if (on && typeof on === 'object') return Object.keys(on);
  return [];
}

/** The configuration of one event under `on:` (an empty object when given without settings). */
export function triggerConfig(workflow: Workflow, event: string): Record<string, unknown> {
  const on = workflow.on;
  if (on && typeof on === 'object' && !Array.isArray(on)) {
    const config = (on as Record<string, unknown>)[event];
    if (config && typeof config === 'object') return config as Record<string, unknown>;
  }
  return {};
}

export interface StepRef {
  jobId: string;
  job: WorkflowJob;
  index: number;
  step: WorkflowStep;
  /** `jobs.<job>.steps[<i>] (<id or name>)`, for messages. */
  label: string;
}

export function stepsOf(workflow: Workflow): StepRef[] {
  return Object.entries(workflow.jobs).flatMap(([jobId, job]) =>
    (job.steps ?? []).map((step, index) => ({
      jobId,
      job,
      index,
      step,
      label: `jobs.${jobId}.steps[${index}] (${step.id ?? step.name ?? step.uses ?? 'run'})`,
    })),
  );
}

/**
 * The action.yml of one of our actions named by `uses:` (`hotfix-actions/hotfix-actions@v1` is the
 * root action.yml, `.../actions/<name>@v1` is actions/<name>/action.yml), or undefined for anyone
 * else's action. The file may not exist: callers report that.
 */
export function ourActionFile(uses: string): string | undefined {
  const [path = '', ref] = uses.split('@');
  if (ref === undefined) return undefined;
  if (path === OUR_REPOSITORY) return join(projectRoot, 'action.yml');
  const prefix = `${OUR_REPOSITORY}/`;
  if (!path.startsWith(prefix)) return undefined;
  return join(projectRoot, path.slice(prefix.length), 'action.yml');
}

export interface ActionInput {
  description?: string;
  required?: boolean;
  default?: unknown;
}

export interface ActionMetadata {
  inputs: Record<string, ActionInput>;
  outputs: Record<string, unknown>;
}

export function loadActionMetadata(file: string): ActionMetadata {
  const data = parse(readFileSync(file, 'utf8')) as Partial<ActionMetadata> | null;
  return { inputs: data?.inputs ?? {}, outputs: data?.outputs ?? {} };
}

/** `{ metadata }` of our action, `{ missing }` when its action.yml does not exist yet. */
export function ourActionMetadata(
  uses: string,
): { file: string; metadata?: ActionMetadata } | undefined {
  const file = ourActionFile(uses);
  if (file === undefined) return undefined;
  return existsSync(file) ? { file, metadata: loadActionMetadata(file) } : { file };
}

/** Every `${{ ... }}` body (trimmed) in a value: strings, and lists and mappings recursively. */
export function expressionsIn(value: unknown): string[] {
  if (typeof value === 'string') {
    return [...value.matchAll(/\$\{\{([\s\S]*?)\}\}/g)].map((match) => match[1]!.trim());
  }
  if (Array.isArray(value)) return value.flatMap(expressionsIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(expressionsIn);
  return [];
}

export interface GitHubParse {
  /** The messages of GitHub's parser and of its conversion to the workflow model. */
  errors: string[];
  model?: WorkflowTemplate;
}

/** The template as GitHub's own parser (`@actions/workflow-parser`) reads it. */
export async function parseWithGitHub(
  template: Pick<Template, 'file' | 'text'>,
): Promise<GitHubParse> {
  const parsed = parseWorkflow(
    { name: template.file, content: template.text },
    new NoOperationTraceWriter(),
  );
  const errors = parsed.context.errors.getErrors().map((error) => error.message);
  if (errors.length > 0 || parsed.value === undefined) {
    return { errors: errors.length > 0 ? errors : ['no workflow'] };
  }
  const model = await convertWorkflowTemplate(parsed.context, parsed.value);
  return { errors: (model.errors ?? []).map((error) => error.Message), model };
}

export interface ScriptResult {
  status: number | null;
  stdout: string;
  stderr: string;
  /** What the script wrote to $GITHUB_OUTPUT, `name=value` lines only. */
  outputs: Record<string, string>;
}

/**
 * Runs a `run:` script as GitHub's `shell: bash` does (`bash --noprofile --norc -eo pipefail
 * {0}`), with only PATH and HOME from this process, GITHUB_OUTPUT pointing at a fresh file, and
 * `env` (the step's `env:` with its expressions already evaluated by the caller).
 */
export function runStepScript(
  script: string,
  env: Record<string, string>,
  options: { cwd?: string } = {},
): ScriptResult {
  const dir = mkdtempSync(join(tmpdir(), 'hotfix-template-step-'));
  try {
    const scriptFile = join(dir, 'step.sh');
    const outputFile = join(dir, 'output');
    writeFileSync(scriptFile, script);
    writeFileSync(outputFile, '');
    const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', scriptFile], {
      cwd: options.cwd ?? dir,
      encoding: 'utf8',
      env: {
        PATH: process.env['PATH'] ?? '/usr/bin:/bin',
        HOME: process.env['HOME'] ?? dir,
        GITHUB_OUTPUT: outputFile,
        ...env,
      },
      timeout: 30_000,
    });
    const outputs: Record<string, string> = {};
    for (const line of readFileSync(outputFile, 'utf8').split('\n')) {
      const at = line.indexOf('=');
      if (at > 0) outputs[line.slice(0, at)] = line.slice(at + 1);
    }
    return { status: result.status, stdout: result.stdout, stderr: result.stderr, outputs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * GitHub's filter pattern (branches, tags) as a RegExp: `*` is anything but `/`, `**` anything,
 * `?` one character, `+` one or more of the preceding character.
 */
export function filterPattern(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === '*' && pattern[i + 1] === '*') {
      source += '.*';
      i++;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '.';
    else if (char === '+') source += '+';
    else source += char.replace(/[.^$|()[\]{}\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}
