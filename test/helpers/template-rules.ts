// The rules every workflow template must keep, each a function from a template to its violations
// (empty when it keeps the rule), so a test can prove a rule catches a planted violation.
import { relative } from 'node:path';
import {
  OUR_REPOSITORY,
  expressionsIn,
  ourActionMetadata,
  projectRoot,
  stepsOf,
  triggers,
  type ActionMetadata,
  type Template,
  type WorkflowJob,
  type WorkflowStep,
} from '../../sandbox/templates/templates.js';

export type Rule = (template: Template) => string[];

/** The inputs and outputs of the third-party actions we pin, at the pinned version. */
export const THIRD_PARTY_ACTIONS: Record<string, ActionMetadata & { version: string }> = {
  'actions/checkout': {
    version: 'v4.2.2',
    inputs: Object.fromEntries(
      [
        'repository',
        'ref',
        'token',
        'ssh-key',
        'ssh-known-hosts',
        'ssh-strict',
        'ssh-user',
        'persist-credentials',
        'path',
        'clean',
        'filter',
        'sparse-checkout',
        'sparse-checkout-cone-mode',
        'fetch-depth',
        'fetch-tags',
        'show-progress',
        'lfs',
        'submodules',
        'set-safe-directory',
        'github-server-url',
      ].map((name) => [name, {}]),
    ),
    outputs: { ref: {}, commit: {} },
  },
  'actions/create-github-app-token': {
    version: 'v2.2.2',
    inputs: {
      'app-id': { required: true },
      'private-key': { required: true },
      owner: {},
      repositories: {},
      'skip-token-revoke': {},
      'github-api-url': {},
      // The permissions a token may be narrowed to (v2's action.yml lists every one; these are
      // the ones the templates ask for).
      ...Object.fromEntries(
        [
          'actions',
          'contents',
          'deployments',
          'issues',
          'members',
          'pull-requests',
          'statuses',
        ].map((name) => [`permission-${name}`, {}]),
      ),
    },
    outputs: { token: {}, 'installation-id': {}, 'app-slug': {} },
  },
};

/** The write scopes any template may ask for; anything else is a mistake. */
export const ALLOWED_WRITE_SCOPES = new Set([
  'contents',
  'pull-requests',
  'issues',
  'actions',
  'deployments',
]);

const PERMISSION_SCOPES = new Set([
  'actions',
  'attestations',
  'checks',
  'contents',
  'deployments',
  'discussions',
  'id-token',
  'issues',
  'models',
  'packages',
  'pages',
  'pull-requests',
  'repository-projects',
  'security-events',
  'statuses',
]);

export const REPLACE_COMMENT =
  '# Replace hotfix-actions/hotfix-actions with where you host this suite, and pin to a commit SHA.';

const isMapping = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** No `${{ }}` in a `run:` script: form inputs, event text, outputs and refs go through `env:`. */
export const runWithoutExpressions: Rule = (template) =>
  stepsOf(template.workflow)
    .filter(({ step }) => typeof step.run === 'string' && step.run.includes('${{'))
    .map(
      ({ label, step }) =>
        `${label}: \`\${{ ${expressionsIn(step.run)[0] ?? ''} }}\` inside run: pass it through env: instead`,
    );

/** No trigger that runs with write access on behalf of someone else's code or text. */
export const noDangerousTriggers: Rule = (template) =>
  triggers(template.workflow)
    .filter((event) => event === 'pull_request_target' || event === 'workflow_run')
    .map((event) => `on.${event}: never use ${event} (it runs with secrets on untrusted input)`);

function permissionProblems(where: string, value: unknown, allowWrite: boolean): string[] {
  if (!isMapping(value)) {
    return [`${where}: must be a mapping of scopes (or {}), not ${JSON.stringify(value)}`];
  }
  return Object.entries(value).flatMap(([scope, level]) => {
    if (!PERMISSION_SCOPES.has(scope)) return [`${where}.${scope}: not a permission scope`];
    if (level === 'read' || level === 'none') return [];
    if (level !== 'write') return [`${where}.${scope}: ${String(level)} is not read/write/none`];
    if (!allowWrite) return [`${where}.${scope}: write at the top level; ask for it in the job`];
    if (!ALLOWED_WRITE_SCOPES.has(scope)) {
      return [`${where}.${scope}: write is more than any hotfix step needs`];
    }
    return [];
  });
}

/** `permissions: {}` (or read-only) at the top; every job names its own minimal scopes. */
export const minimalPermissions: Rule = (template) => {
  const { workflow } = template;
  const problems =
    workflow.permissions === undefined
      ? ['permissions: missing at the top level (write `permissions: {}`)']
      : permissionProblems('permissions', workflow.permissions, false);
  for (const [jobId, job] of Object.entries(workflow.jobs)) {
    problems.push(
      ...(job.permissions === undefined
        ? [`jobs.${jobId}.permissions: missing (the job must name the scopes it needs)`]
        : permissionProblems(`jobs.${jobId}.permissions`, job.permissions, true)),
    );
  }
  return problems;
};

/** The source line of a `uses:` value, for its trailing comment. */
function usesLines(template: Template, uses: string): string[] {
  return template.text
    .split('\n')
    .filter((line) =>
      new RegExp(`^\\s*(?:-\\s+)?uses:\\s*['"]?${escape(uses)}['"]?(\\s|$)`).test(line),
    );
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Third-party actions pinned to a full commit SHA with the version in a comment; ours referenced as
 * `hotfix-actions/hotfix-actions[/actions/<name>]@v1` under the comment telling to replace and pin.
 */
export const pinnedActions: Rule = (template) => {
  const problems: string[] = [];
  const uses = stepsOf(template.workflow)
    .filter(({ step }) => step.uses !== undefined)
    .map(({ label, step }) => ({ label, uses: step.uses! }));
  for (const [jobId, job] of Object.entries(template.workflow.jobs)) {
    if (job.uses !== undefined) uses.push({ label: `jobs.${jobId}`, uses: job.uses });
  }
  let ours = false;
  for (const { label, uses: ref } of uses) {
    if (ref.startsWith('./') || ref.startsWith('docker://')) {
      problems.push(`${label}: ${ref}: a template must name a published action`);
    } else if (
      ref === OUR_REPOSITORY ||
      ref.startsWith(`${OUR_REPOSITORY}/`) ||
      ref.startsWith(`${OUR_REPOSITORY}@`)
    ) {
      ours = true;
      if (!/^[^@]+@v1$/.test(ref)) problems.push(`${label}: ${ref}: ours are referenced @v1`);
    } else if (!/^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@[0-9a-f]{40}$/.test(ref)) {
      problems.push(`${label}: ${ref}: pin a third-party action to a full commit SHA`);
    } else if (!usesLines(template, ref).every((line) => /#\s*v\d+(\.\d+)*\s*$/.test(line))) {
      problems.push(`${label}: ${ref}: say the pinned version in a comment (# vX.Y.Z)`);
    }
  }
  if (ours && !template.text.includes(REPLACE_COMMENT)) {
    problems.push(`the comment "${REPLACE_COMMENT}" is missing`);
  }
  return problems;
};

/** Every actions/checkout step keeps the token out of .git/config. */
export const checkoutWithoutCredentials: Rule = (template) =>
  stepsOf(template.workflow)
    .filter(({ step }) => step.uses?.startsWith('actions/checkout@'))
    .filter(({ step }) => {
      const value = step.with?.['persist-credentials'];
      return value !== false && value !== 'false';
    })
    .map(({ label }) => `${label}: actions/checkout needs persist-credentials: false`);

/** Every job ends by itself: a whole number of minutes, at most GitHub's 6 hours. */
export const jobTimeouts: Rule = (template) =>
  Object.entries(template.workflow.jobs).flatMap(([jobId, job]) => {
    const minutes = job['timeout-minutes'];
    if (job.uses !== undefined) return []; // a called workflow's jobs have their own
    return typeof minutes === 'number' && Number.isInteger(minutes) && minutes > 0 && minutes <= 360
      ? []
      : [`jobs.${jobId}.timeout-minutes: missing or not 1..360 (${JSON.stringify(minutes)})`];
  });

function concurrencyProblems(where: string, value: unknown): string[] {
  if (!isMapping(value)) return [`${where}: must be { group, cancel-in-progress: false }`];
  const problems: string[] = [];
  if (typeof value['group'] !== 'string' || value['group'].trim() === '') {
    problems.push(`${where}.group: missing`);
  }
  if (value['cancel-in-progress'] !== false) {
    problems.push(`${where}.cancel-in-progress: must be false (never cancel a hotfix or deploy)`);
  }
  return problems;
}

/** A concurrency group for the workflow, and no group (workflow or job) ever cancels a run. */
export const neverCancelled: Rule = (template) => {
  const { workflow } = template;
  const problems =
    workflow.concurrency === undefined
      ? ['concurrency: missing at the top level']
      : concurrencyProblems('concurrency', workflow.concurrency);
  for (const [jobId, job] of Object.entries(workflow.jobs)) {
    if (job.concurrency !== undefined) {
      problems.push(...concurrencyProblems(`jobs.${jobId}.concurrency`, job.concurrency));
    }
  }
  return problems;
};

/** The metadata of the action a step uses: ours from its action.yml, pinned ones from the table. */
function metadataOf(step: WorkflowStep): { metadata?: ActionMetadata; problem?: string } {
  if (step.uses === undefined) return {};
  const ours = ourActionMetadata(step.uses);
  if (ours !== undefined) {
    return ours.metadata
      ? { metadata: ours.metadata }
      : { problem: `${relative(projectRoot, ours.file)} does not exist` };
  }
  const known = THIRD_PARTY_ACTIONS[step.uses.split('@')[0]!];
  return known ? { metadata: known } : { problem: `no inputs/outputs known for ${step.uses}` };
}

/** Every `with:` key exists in the action's metadata, and every required input is given. */
export const inputsDeclared: Rule = (template) =>
  stepsOf(template.workflow).flatMap(({ label, step }) => {
    if (step.uses === undefined) return [];
    const { metadata, problem } = metadataOf(step);
    if (!metadata) return [`${label}: ${problem}`];
    const given = Object.keys(step.with ?? {});
    return [
      ...given
        .filter((name) => !Object.hasOwn(metadata.inputs, name))
        .map((name) => `${label}: with.${name}: ${step.uses} has no input "${name}"`),
      ...Object.entries(metadata.inputs)
        .filter(([, input]) => input?.required === true && input.default === undefined)
        .filter(([name]) => !given.includes(name))
        .map(([name]) => `${label}: ${step.uses} requires the input "${name}"`),
    ];
  });

const STEP_OUTPUT =
  /\bsteps\.([A-Za-z_][\w-]*)\.outputs(?:\.([A-Za-z_][\w-]*)|\[\s*'([^']+)'\s*\])/g;
const NEEDS_OUTPUT =
  /\bneeds\.([A-Za-z_][\w-]*)\.outputs(?:\.([A-Za-z_][\w-]*)|\[\s*'([^']+)'\s*\])/g;

/** The outputs a step declares: its action's, or the names a run: script writes to GITHUB_OUTPUT. */
function stepDeclares(step: WorkflowStep, output: string): boolean | string {
  if (typeof step.run === 'string') {
    return (
      step.run.includes('GITHUB_OUTPUT') &&
      new RegExp(`\\b(?:echo|printf)\\s+(?:-\\w+\\s+)*['"]?${escape(output)}(?:=|<<)`).test(
        step.run,
      )
    );
  }
  const { metadata, problem } = metadataOf(step);
  if (!metadata) return problem ?? false;
  return Object.hasOwn(metadata.outputs, output);
}

/**
 * Every `steps.<id>.outputs.<name>` a job reads names an earlier step of that job that declares
 * the output; every `needs.<job>.outputs.<name>` a job it needs that declares it in `outputs:`.
 */
export const outputsDeclared: Rule = (template) => {
  const problems: string[] = [];
  const { jobs } = template.workflow;
  for (const [jobId, job] of Object.entries(jobs)) {
    const steps = job.steps ?? [];
    const places: { where: string; value: unknown; before: number }[] = [
      { where: `jobs.${jobId}.outputs`, value: job.outputs, before: steps.length },
      ...steps.map((step, index) => ({
        where: `jobs.${jobId}.steps[${index}] (${step.id ?? step.name ?? 'step'})`,
        value: step,
        before: index,
      })),
      ...Object.entries(job)
        .filter(([key]) => key !== 'steps' && key !== 'outputs')
        .map(([key, value]) => ({ where: `jobs.${jobId}.${key}`, value, before: 0 })),
    ];
    const needs = job.needs === undefined ? [] : [job.needs].flat();
    for (const { where, value, before } of places) {
      for (const expression of expressionsIn(value)) {
        for (const match of expression.matchAll(STEP_OUTPUT)) {
          const [id, output] = [match[1]!, (match[2] ?? match[3])!];
          const at = steps.findIndex((step) => step.id === id);
          if (at < 0) {
            problems.push(`${where}: steps.${id}: no step with id "${id}" in jobs.${jobId}`);
            continue;
          }
          if (at >= before)
            problems.push(`${where}: steps.${id} runs later, its outputs are empty`);
          const declared = stepDeclares(steps[at]!, output);
          if (declared !== true) {
            problems.push(
              `${where}: steps.${id}.outputs.${output}: ` +
                (typeof declared === 'string'
                  ? declared
                  : `${steps[at]!.uses ?? 'the run: script'} declares no output "${output}"`),
            );
          }
        }
        for (const match of expression.matchAll(NEEDS_OUTPUT)) {
          const [needed, output] = [match[1]!, (match[2] ?? match[3])!];
          const source: WorkflowJob | undefined = jobs[needed];
          if (!needs.includes(needed) || source === undefined) {
            problems.push(`${where}: needs.${needed}: jobs.${jobId} does not need "${needed}"`);
          } else if (!isMapping(source.outputs) || !Object.hasOwn(source.outputs, output)) {
            problems.push(`${where}: needs.${needed}.outputs.${output}: not in its outputs`);
          }
        }
      }
    }
  }
  return problems;
};

/** Variables bash sets itself or that every runner provides. */
const SHELL_VARIABLES = new Set([
  'BASH_REMATCH',
  'BASH_SOURCE',
  'HOME',
  'IFS',
  'OLDPWD',
  'PATH',
  'PIPESTATUS',
  'PWD',
  'RANDOM',
  'SECONDS',
  'CI',
]);
const isRunnerVariable = (name: string) =>
  SHELL_VARIABLES.has(name) || /^(GITHUB|RUNNER|ACTIONS)_[A-Z0-9_]+$/.test(name);

/** The names a script assigns (`x=`, `local x`, `for x in`, `read x`). */
function assignedIn(script: string): Set<string> {
  const names = new Set<string>();
  for (const match of script.matchAll(
    /(?:^|[\s;&|(])(?:(?:local|declare|export|readonly)\s+(?:-\w+\s+)*)?([A-Za-z_]\w*)\+?=/gm,
  )) {
    names.add(match[1]!);
  }
  for (const match of script.matchAll(/\bfor\s+([A-Za-z_]\w*)\s+in\b/g)) names.add(match[1]!);
  for (const match of script.matchAll(/\bread\s+(?:-\w+\s+(?:\S+\s+)?)*([A-Za-z_]\w*)/g)) {
    names.add(match[1]!);
  }
  return names;
}

/** Every variable a `run:` script reads is set by env: (step, job or workflow), bash or the runner. */
export const scriptVariablesGiven: Rule = (template) =>
  stepsOf(template.workflow).flatMap(({ label, step, job }) => {
    if (typeof step.run !== 'string') return [];
    const given = new Set([
      ...Object.keys(template.workflow.env ?? {}),
      ...Object.keys(job.env ?? {}),
      ...Object.keys(step.env ?? {}),
      ...assignedIn(step.run),
    ]);
    const read = new Set(
      [...step.run.matchAll(/(?<!\\)\$\{?#?!?([A-Za-z_]\w*)/g)].map((match) => match[1]!),
    );
    return [...read]
      .filter((name) => !given.has(name) && !isRunnerVariable(name))
      .map((name) => `${label}: $${name} is read but no env: gives it`);
  });

export const RULES = {
  runWithoutExpressions,
  noDangerousTriggers,
  minimalPermissions,
  pinnedActions,
  checkoutWithoutCredentials,
  jobTimeouts,
  neverCancelled,
  inputsDeclared,
  outputsDeclared,
  scriptVariablesGiven,
} satisfies Record<string, Rule>;

/** A template's text with `from` replaced by `to`; throws when `from` is not in it, so a mutation
 * test can never pass vacuously after the template changed. */
export function replaceOnce(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at < 0) throw new Error(`not in the template: ${from}`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}
