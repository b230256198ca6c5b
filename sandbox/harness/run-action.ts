/**
 * Runs a built action the way the GitHub Actions runner does: a separate `node` process with its
 * inputs as `INPUT_*` variables, the file commands as temp files, an event payload file and the
 * `GITHUB_*` context variables, and nothing else from the test process's environment.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { assertFreshBuild, projectRoot } from './build.js';
import { parseAnnotations, parseFileCommand, type Annotation } from './commands.js';
import {
  DEFAULT_REPOSITORY,
  DEFAULT_SERVER_URL,
  repositoryPayload,
  workflowDispatchEvent,
  type Event,
} from './events.js';

export type { Annotation } from './commands.js';

/** The token the harness hands to actions (as `${{ github.token }}`) unless told otherwise. */
export const HARNESS_TOKEN = 'ghs_harnessToken0000000000000000000000';
/**
 * Where actions send API calls unless `apiUrl` is given: a closed local port, so a test that
 * forgot to start the emulator fails at once instead of reaching the internet.
 */
export const UNREACHABLE_API_URL = 'http://127.0.0.1:1';
const ZERO_SHA = '0'.repeat(40);

export interface RunOptions {
  /** The step's `with:`, by input name as in action.yml. */
  inputs?: Record<string, string>;
  /** Extra environment (the step's `env:`); applied last. */
  env?: Record<string, string>;
  /** The triggering event; a `workflow_dispatch` on the repository by default. */
  event?: Event;
  /** `owner/name`; the event's repository, else `octo-org/krow-withus`. */
  repository?: string;
  /** `GITHUB_SHA`; taken from the event when it has one. */
  sha?: string;
  /** `GITHUB_REF`; taken from the event when it has one, else `refs/heads/main`. */
  ref?: string;
  /** `GITHUB_WORKSPACE` and the process's cwd; an empty temp dir by default. */
  workspace?: string;
  apiUrl?: string;
  serverUrl?: string;
  token?: string;
  /** Kill the process and throw after this long (30 s by default). */
  timeoutMs?: number;
  /** Sets `RUNNER_DEBUG=1`, so `core.debug` lines are printed. */
  debug?: boolean;
  actor?: string;
  workflow?: string;
  job?: string;
  runId?: number;
  runAttempt?: number;
  /** The project holding dist/, actions/ and src/ (this one by default). */
  root?: string;
  /** Run this script instead of `<root>/dist/<name>/index.js`; no freshness check then. */
  bundle?: string;
  /** Declared inputs from this file instead of the action's own action.yml. */
  actionYml?: string;
  /**
   * Sends the process a signal, as the runner does when a run is cancelled (SIGINT, then
   * SIGTERM): `afterMs` after the start, or after stdout first matches `whenStdoutMatches` (then
   * `afterMs`, default 0, later). Sent once, and only while the process runs.
   */
  signal?: SignalOption;
}

export interface SignalOption {
  name: NodeJS.Signals;
  afterMs?: number;
  whenStdoutMatches?: RegExp;
}

export interface ActionResult {
  exitCode: number;
  /** What the action wrote to `GITHUB_OUTPUT`. */
  outputs: Record<string, string>;
  /** The job summary Markdown it wrote to `GITHUB_STEP_SUMMARY`. */
  summary: string;
  annotations: Annotation[];
  /** Variables it exported through `GITHUB_ENV` (`core.exportVariable`). */
  exportedEnv: Record<string, string>;
  /** What it saved through `GITHUB_STATE` (`core.saveState`). */
  state: Record<string, string>;
  stdout: string;
  stderr: string;
  durationMs: number;
}

interface InputDeclaration {
  default?: unknown;
}

/** The action.yml of an action: `actions/<name>/action.yml`, or the root one for `hotfix`. */
export function actionYmlPath(name: string, root: string = projectRoot): string {
  return name === 'hotfix' ? join(root, 'action.yml') : join(root, 'actions', name, 'action.yml');
}

function readDeclaredInputs(path: string): Record<string, InputDeclaration> {
  if (!existsSync(path)) throw new Error(`No action.yml at ${path}.`);
  const document = parseYaml(readFileSync(path, 'utf8')) as { inputs?: unknown } | null;
  const inputs = document?.inputs ?? {};
  if (typeof inputs !== 'object' || inputs === null) {
    throw new Error(`${path}: 'inputs' must be a mapping.`);
  }
  return Object.fromEntries(
    Object.entries(inputs).map(([name, declaration]) => [
      name,
      (declaration ?? {}) as InputDeclaration,
    ]),
  );
}

/** The runner's variable name for an input: upper case, spaces to `_`, hyphens kept. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/**
 * The `INPUT_*` variables for a step: the given inputs, and the declared default of every input
 * not given. An input the action does not declare is refused (the runner only warns; a test
 * should catch the typo).
 */
export function inputEnvironment(
  declared: Record<string, InputDeclaration>,
  given: Record<string, string>,
  context: Record<string, string>,
  actionYml: string,
): Record<string, string> {
  const declaredByKey = new Map(Object.keys(declared).map((name) => [name.toLowerCase(), name]));
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(given)) {
    if (!declaredByKey.has(name.toLowerCase())) {
      const known = [...declaredByKey.values()].join(', ') || 'none';
      throw new Error(`Input '${name}' is not declared in ${actionYml} (declared: ${known}).`);
    }
    env[inputVariable(name)] = value;
  }
  for (const [name, declaration] of Object.entries(declared)) {
    if (inputVariable(name) in env || declaration.default === undefined) continue;
    if (declaration.default === null) continue;
    env[inputVariable(name)] = evaluateExpressions(String(declaration.default), context, name);
  }
  return env;
}

/** `${{ github.token }}` and the other `github.*` values a default may use. */
function evaluateExpressions(text: string, context: Record<string, string>, input: string): string {
  return text.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_expression, name: string) => {
    const value = context[name];
    if (value === undefined) {
      throw new Error(
        `The default of input '${input}' uses \${{ ${name} }}, unknown to the harness.`,
      );
    }
    return value;
  });
}

interface EventFacts {
  repository?: string;
  ref?: string;
  sha?: string;
  headRef?: string;
  baseRef?: string;
}

/** What the runner derives from the payload: the ref and commit a run is for. */
function eventFacts(event: Event): EventFacts {
  const payload = event.payload as {
    ref?: string;
    after?: string;
    head_commit?: { id?: string } | null;
    repository?: { full_name?: string };
    number?: number;
    pull_request?: {
      number?: number;
      merge_commit_sha?: string | null;
      head?: { ref?: string; sha?: string };
      base?: { ref?: string };
    };
  };
  const facts: EventFacts = { repository: payload.repository?.full_name };
  const pull = payload.pull_request;
  if (event.name.startsWith('pull_request') && pull) {
    facts.ref = `refs/pull/${pull.number ?? payload.number}/merge`;
    facts.sha = pull.merge_commit_sha ?? pull.head?.sha;
    facts.headRef = pull.head?.ref ?? '';
    facts.baseRef = pull.base?.ref ?? '';
  } else {
    facts.ref = payload.ref;
    facts.sha = payload.head_commit?.id ?? payload.after;
  }
  return facts;
}

function refName(ref: string): string {
  return ref.replace(/^refs\/(heads|tags)\//, '').replace(/^refs\/pull\//, '');
}

/**
 * Runs the built action `name` (`dist/<name>/index.js`) as the runner would. Refuses a stale or
 * missing bundle; throws on a timeout. A failing action is not an error here: see `exitCode`.
 */
export async function runAction(name: string, options: RunOptions = {}): Promise<ActionResult> {
  const root = options.root ?? projectRoot;
  const bundle = options.bundle ?? join(root, 'dist', name, 'index.js');
  if (options.bundle === undefined) {
    assertFreshBuild(root);
    if (!existsSync(bundle)) {
      throw new Error(
        `No bundle ${bundle}: is actions/${name}/action.yml there? Run \`npm run build\`.`,
      );
    }
  }
  const actionYml = options.actionYml ?? actionYmlPath(name, root);
  const declared = readDeclaredInputs(actionYml);

  const runDir = mkdtempSync(join(tmpdir(), 'hotfix-run-'));
  const workspace = options.workspace ?? mkdtempSync(join(runDir, 'workspace-'));
  try {
    const serverUrl = options.serverUrl ?? DEFAULT_SERVER_URL;
    const apiUrl = options.apiUrl ?? UNREACHABLE_API_URL;
    const event =
      options.event ??
      workflowDispatchEvent({
        repository: repositoryPayload(options.repository ?? DEFAULT_REPOSITORY, {
          serverUrl,
          apiUrl,
        }),
        ...(options.ref ? { ref: options.ref } : {}),
      });
    const facts = eventFacts(event);
    const repository = options.repository ?? facts.repository ?? DEFAULT_REPOSITORY;
    const ref = options.ref ?? facts.ref ?? 'refs/heads/main';
    const sha = options.sha ?? facts.sha ?? ZERO_SHA;
    const token = options.token ?? HARNESS_TOKEN;
    const actor = options.actor ?? 'release-engineer';

    const files = {
      GITHUB_EVENT_PATH: join(runDir, 'event.json'),
      GITHUB_OUTPUT: join(runDir, 'output'),
      GITHUB_STEP_SUMMARY: join(runDir, 'step_summary'),
      GITHUB_ENV: join(runDir, 'env'),
      GITHUB_STATE: join(runDir, 'state'),
      GITHUB_PATH: join(runDir, 'path'),
    };
    writeFileSync(files.GITHUB_EVENT_PATH, JSON.stringify(event.payload, null, 2));
    for (const file of Object.values(files).slice(1)) writeFileSync(file, '');
    const runnerTemp = mkdtempSync(join(runDir, 'runner-temp-'));

    const github: Record<string, string> = {
      GITHUB_ACTIONS: 'true',
      CI: 'true',
      GITHUB_EVENT_NAME: event.name,
      GITHUB_REPOSITORY: repository,
      GITHUB_REPOSITORY_OWNER: repository.split('/')[0] ?? '',
      GITHUB_SHA: sha,
      GITHUB_REF: ref,
      GITHUB_REF_NAME: refName(ref),
      GITHUB_REF_TYPE: ref.startsWith('refs/tags/') ? 'tag' : 'branch',
      GITHUB_WORKSPACE: workspace,
      GITHUB_API_URL: apiUrl,
      GITHUB_GRAPHQL_URL: `${apiUrl}/graphql`,
      GITHUB_SERVER_URL: serverUrl,
      GITHUB_RUN_ID: String(options.runId ?? 4242),
      GITHUB_RUN_NUMBER: '7',
      GITHUB_RUN_ATTEMPT: String(options.runAttempt ?? 1),
      GITHUB_ACTOR: actor,
      GITHUB_TRIGGERING_ACTOR: actor,
      GITHUB_WORKFLOW: options.workflow ?? 'Hotfix',
      GITHUB_JOB: options.job ?? 'hotfix',
      GITHUB_ACTION: name,
      GITHUB_RETENTION_DAYS: '90',
      RUNNER_TEMP: runnerTemp,
      RUNNER_OS: 'Linux',
      RUNNER_ARCH: 'X64',
      RUNNER_NAME: 'hotfix-harness',
      RUNNER_ENVIRONMENT: 'self-hosted',
      ...files,
    };
    if (facts.headRef !== undefined) github['GITHUB_HEAD_REF'] = facts.headRef;
    if (facts.baseRef !== undefined) github['GITHUB_BASE_REF'] = facts.baseRef;
    if (options.debug) github['RUNNER_DEBUG'] = '1';

    const expressionContext: Record<string, string> = {
      'github.token': token,
      'github.repository': repository,
      'github.repository_owner': github['GITHUB_REPOSITORY_OWNER'] ?? '',
      'github.sha': sha,
      'github.ref': ref,
      'github.ref_name': refName(ref),
      'github.event_name': event.name,
      'github.workspace': workspace,
      'github.actor': actor,
      'github.server_url': serverUrl,
      'github.api_url': apiUrl,
    };
    const env: Record<string, string> = {
      ...inheritedEnvironment(),
      ...github,
      ...inputEnvironment(declared, options.inputs ?? {}, expressionContext, actionYml),
      ...options.env,
    };

    const started = performance.now();
    const { exitCode, stdout, stderr } = await runNode(
      bundle,
      workspace,
      env,
      options.timeoutMs ?? 30_000,
      options.signal,
    );
    const durationMs = Math.round(performance.now() - started);
    return {
      exitCode,
      outputs: parseFileCommand(readFileSync(files.GITHUB_OUTPUT, 'utf8')),
      summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
      annotations: parseAnnotations(stdout),
      exportedEnv: parseFileCommand(readFileSync(files.GITHUB_ENV, 'utf8')),
      state: parseFileCommand(readFileSync(files.GITHUB_STATE, 'utf8')),
      stdout,
      stderr,
      durationMs,
    };
  } finally {
    rmSync(runDir, { recursive: true, force: true });
  }
}

/** Only PATH and HOME pass from the test process, as a clean runner would have them. */
function inheritedEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of ['PATH', 'HOME']) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}

function runNode(
  script: string,
  cwd: string,
  env: Record<string, string>,
  timeoutMs: number,
  sendSignal?: SignalOption,
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let signalTimer: NodeJS.Timeout | undefined;
    let signalArmed = false;
    const armSignal = (): void => {
      if (!sendSignal || signalArmed) return;
      signalArmed = true;
      signalTimer = setTimeout(() => {
        if (child.exitCode === null && child.signalCode === null) child.kill(sendSignal.name);
      }, sendSignal.afterMs ?? 0);
    };
    if (sendSignal && !sendSignal.whenStdoutMatches) armSignal();
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const pattern = sendSignal?.whenStdoutMatches;
      if (pattern && !signalArmed) {
        pattern.lastIndex = 0;
        if (pattern.test(stdout)) armSignal();
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      clearTimeout(signalTimer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(signalTimer);
      if (timedOut) {
        reject(new Error(`${script} did not finish within ${timeoutMs} ms.\n${stdout}${stderr}`));
      } else if (code === null) {
        reject(new Error(`${script} was killed by ${signal}.\n${stdout}${stderr}`));
      } else {
        resolve({ exitCode: code, stdout, stderr });
      }
    });
  });
}
