import { annotateWarning, info, setOutput, setSecret } from '../runner/commands.js';
import { writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import {
  getProduct,
  parseConfig,
  type HotfixConfig,
  type MonitorConfig,
} from '../domain/config.js';
import {
  probeKind,
  probeLabel,
  type HttpProbeSpec,
  type ProbeResult,
  type ProbeSpec,
  type QueryProbeSpec,
} from '../domain/monitor/checks.js';
import { formatDuration, intervalProblem, requireDurationMs } from '../domain/monitor/duration.js';
import {
  buildReport,
  describeFailure,
  renderIssueComment,
  renderSummary,
  slackMessage,
  type MonitorContext,
} from '../domain/monitor/report.js';
import { formatAvailability, totals } from '../domain/monitor/statistics.js';
import type { MonitorRun } from '../domain/monitor/verdict.js';
import { smokePassedStatus } from '../domain/messages.js';
import { tagVersion, parseTag } from '../domain/naming.js';
import { createClient, type GitHubClient } from '../github/client.js';
import { currentRepository } from '../runner/context.js';
import { UserError } from '../domain/errors.js';
import { writeSummary } from '../runner/summary.js';
import { workspaceFiles } from '../runner/workspace-files.js';
import {
  commentOnIssue,
  openDeployment,
  postDeploymentStatus,
  runUrl,
  type FinalState,
  type Repo,
} from '../github/deployments.js';
import { requireToken } from './inputs.js';
import { type Inputs, type QueryInput, type UrlInput } from './post-deploy-monitor/inputs.js';
import { loadConfig } from '../github/repo-config.js';
import { realClock, runMonitor } from '../monitor/loop.js';
import { runProbe } from '../monitor/probes.js';
import { postWebhook } from '../notify/slack.js';

const DEFAULT_DURATION = '2h';
const DEFAULT_INTERVAL = '1m';
/** Time the final GitHub call gets after a cancellation (the runner kills the step ~10 s later). */
const CANCEL_API_BUDGET_MS = 3000;

// ---------------------------------------------------------------------------------------------

interface Plan {
  probes: ProbeSpec[];
  context: MonitorContext;
}

/** The probes and settings: inputs first, then the product's `monitor` configuration. */
function plan(inputs: Inputs, config: HotfixConfig | undefined): Plan {
  let monitor: MonitorConfig | undefined;
  if (inputs.product !== undefined && config !== undefined) {
    const needsConfig = inputs.urls === undefined && inputs.queries === undefined;
    if (needsConfig || Object.hasOwn(config.products, inputs.product)) {
      const product = getProduct(config, inputs.product);
      monitor = product.monitor;
      if (needsConfig && monitor === undefined) {
        throw new UserError(
          `Product "${inputs.product}" has no \`monitor\` section in ${config.path}: add one ` +
            `(duration, interval, urls, prometheus), or give the checks as inputs ('urls', ` +
            `'prometheus-url' and 'queries').`,
          config.found ? [{ file: config.path }] : [],
        );
      }
    }
  }

  const urls: UrlInput[] =
    inputs.urls ?? (monitor?.urls ?? []).map((probe) => ({ ...probe, allowOtherHost: false }));
  const queries: QueryInput[] = inputs.queries ?? monitor?.prometheus?.queries ?? [];
  const prometheusUrl = inputs.prometheusUrl ?? monitor?.prometheus?.url;
  if (queries.length > 0 && prometheusUrl === undefined) {
    throw new UserError(
      "Input 'prometheus-url' is required with 'queries': the base URL of the Prometheus server.",
    );
  }
  if (prometheusUrl !== undefined && queries.length === 0 && inputs.prometheusUrl !== undefined) {
    throw new UserError(
      "Input 'queries' is required with 'prometheus-url': a YAML list of {name, query, max, min}.",
    );
  }
  const probes: ProbeSpec[] = [
    ...urls.map((url, index): HttpProbeSpec => ({ kind: 'http', id: `url-${index + 1}`, ...url })),
    ...queries.map((query, index): QueryProbeSpec => ({
      kind: 'prometheus',
      id: `query-${index + 1}`,
      url: prometheusUrl as string,
      ...query,
    })),
  ];
  if (probes.length === 0) {
    throw new UserError(
      `Nothing to monitor: the \`monitor\` section of "${inputs.product}" lists no urls and no ` +
        'prometheus queries. Add some, or give them as inputs.',
    );
  }

  const durationMs =
    inputs.durationMs ??
    requireDurationMs(monitor?.duration ?? DEFAULT_DURATION, 'The configured monitor duration');
  const intervalMs =
    inputs.intervalMs ??
    requireDurationMs(monitor?.interval ?? DEFAULT_INTERVAL, 'The configured monitor interval');
  const misfit = intervalProblem(
    { text: formatDuration(intervalMs), ms: intervalMs },
    { text: formatDuration(durationMs), ms: durationMs },
  );
  if (misfit !== undefined) {
    throw new UserError(`The interval ${misfit} (inputs 'interval', 'duration').`);
  }
  if (inputs.timeoutMs > intervalMs) {
    throw new UserError(
      `Input 'timeout' (${formatDuration(inputs.timeoutMs)}) is longer than the interval ` +
        `${formatDuration(intervalMs)}: a round must end before the next one is due.`,
    );
  }

  const version =
    inputs.tag === undefined
      ? undefined
      : inputs.product !== undefined
        ? tagVersion(config ?? parseConfig(inputs.config, undefined), inputs.product, inputs.tag)
        : parseTag(config ?? parseConfig(inputs.config, undefined), inputs.tag)?.version;
  return {
    probes,
    context: {
      product: inputs.product,
      tag: inputs.tag,
      version,
      environment: inputs.environment || undefined,
      issue: inputs.issue,
      durationMs,
      intervalMs,
      timeoutMs: inputs.timeoutMs,
      failureThreshold: inputs.failureThreshold,
      runUrl: runUrl(),
    },
  };
}

/** The GitHub client and repository, made on the first call that needs them (not every run does). */
type Api = () => Promise<{ github: GitHubClient; repo: Repo }>;

/**
 * The configuration when a product is named: the checked-out file, else (no checkout) the file at
 * the deployed tag through the API, one call (the default branch's when the tag predates the
 * file). Undefined without a product.
 */
async function productConfig(inputs: Inputs, api: Api): Promise<HotfixConfig | undefined> {
  if (inputs.product === undefined) return undefined;
  const files = { snapshot: await workspaceFiles().snapshot(), where: 'the workspace' };
  const ref = inputs.tag ?? process.env['GITHUB_SHA'];
  if (!ref || /^0{40}$/.test(ref) || process.env['GITHUB_REPOSITORY'] === undefined) {
    return loadConfig(inputs.config, { files });
  }
  const viaApi = async () => {
    const { github, repo } = await api();
    info(`No ${inputs.config} in the workspace: reading it through the GitHub API.`);
    return { github, repository: repo };
  };
  return loadConfig(inputs.config, { files, api: viaApi, ref });
}

// ---------------------------------------------------------------------------------------------

export async function run(inputs: Inputs): Promise<void> {
  let client: ReturnType<Api> | undefined;
  const api: Api = () =>
    (client ??= (async () => ({
      github: await createClient(
        requireToken(
          inputs.token,
          'the deployment statuses, the tracking-issue comment and reading the configuration without a checkout',
        ),
      ),
      repo: currentRepository(),
    }))());

  const config = await productConfig(inputs, api);
  const { probes, context } = plan(inputs, config);
  for (const probe of probes) {
    const password = new URL(probe.url).password;
    if (password) setSecret(decodeURIComponent(password));
  }

  const controller = new AbortController();
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    signals++;
    if (signals > 1) process.exit(1);
    annotateWarning(`Received ${signal}: stopping, writing the partial report and summary.`);
    controller.abort();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);

  try {
    // The deployment goes `in_progress` before the first probe (1 or 2 calls, then 1). A mistake
    // (unknown deployment, missing permission) stops the step; an API outage only costs the
    // statuses: monitoring matters more.
    let deploymentId: number | undefined;
    if (inputs.deploymentId !== undefined || inputs.environment) {
      const { github, repo } = await api();
      try {
        const opened = await openDeployment(github, repo, {
          deploymentId: inputs.deploymentId,
          environment: inputs.environment || undefined,
          ref: inputs.tag ?? process.env['GITHUB_SHA'] ?? '',
          description: `Hotfix ${inputs.tag ?? ''}`.trim(),
        });
        deploymentId = opened.id;
        info(
          `${opened.created ? 'Created deployment' : 'Reporting on deployment'} ${deploymentId}.`,
        );
        await postDeploymentStatus(
          github,
          repo,
          deploymentId,
          'in_progress',
          `Monitoring ${probes.length} ${probes.length === 1 ? 'check' : 'checks'} for ${formatDuration(context.durationMs)}`,
          context.runUrl,
        );
      } catch (error) {
        if (error instanceof UserError) throw error;
        annotateWarning(
          `Could not mark the deployment in progress (${error instanceof Error ? error.message : String(error)}); monitoring anyway.`,
        );
      }
    }

    info(
      `Monitoring ${probes.length} ${probes.length === 1 ? 'probe' : 'probes'} for ` +
        `${formatDuration(context.durationMs)} every ${formatDuration(context.intervalMs)} ` +
        `(timeout ${formatDuration(context.timeoutMs)}, unhealthy after ${context.failureThreshold} failed rounds in a row):`,
    );
    for (const probe of probes) info(`  ${probe.id}: ${probeKind(probe).describe(probe)}`);

    // The smoke checks passed: said on the deployment while monitoring goes on, so the tracker
    // ticks "Smoke tests passed" then rather than at the verdict.
    let smokeReported: Promise<void> | undefined;
    const reportSmokePassed = (id: number): Promise<void> =>
      warnOnFailure('Could not record that the smoke checks passed', async () => {
        const { github, repo } = await api();
        await postDeploymentStatus(
          github,
          repo,
          id,
          'in_progress',
          smokePassedStatus(probes.length, formatDuration(context.durationMs)),
          context.runUrl,
        );
      });

    const monitorRun = await runMonitor({
      probes,
      durationMs: context.durationMs,
      intervalMs: context.intervalMs,
      failureThreshold: context.failureThreshold,
      clock: realClock,
      signal: controller.signal,
      runProbe: (spec, signal) => runProbe(spec, { timeoutMs: context.timeoutMs, signal }),
      onPhase: (phase) => {
        info(phase === 'smoke' ? 'Smoke checks:' : 'Smoke checks passed. Monitoring:');
        if (phase === 'monitor' && deploymentId !== undefined) {
          smokeReported = reportSmokePassed(deploymentId);
        }
      },
      onResult: (result) => info(logLine(result, probes)),
    });

    // Before the verdict's status, which must be the newest.
    await withBudget(
      smokeReported ?? Promise.resolve(),
      monitorRun.end === 'cancelled' ? CANCEL_API_BUDGET_MS : undefined,
    ).catch(() => annotateWarning('The smoke checks’ status got no answer in time.'));
    await conclude(monitorRun, probes, context, inputs, deploymentId, api);
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
}

function logLine(result: ProbeResult, probes: readonly ProbeSpec[]): string {
  const spec = probes.find((p) => p.id === result.probe);
  const where = `[${result.phase} ${result.round}] ${result.probe}`;
  const latency = result.latencyMs !== undefined ? ` in ${result.latencyMs} ms` : '';
  if (result.outcome === 'pass') {
    const what =
      result.status !== undefined ? `HTTP ${result.status}` : `value ${String(result.value)}`;
    return `${where} ✓ ${what}${latency}`;
  }
  if (result.outcome === 'empty') return `${where} ∅ ${result.message ?? 'no data'}${latency}`;
  return `${where} ✗ ${describeFailure(result, spec)}${latency}`;
}

/** Report, summary and outputs first (a cancellation may leave seconds), then GitHub and Slack. */
async function conclude(
  monitorRun: MonitorRun,
  probes: readonly ProbeSpec[],
  context: MonitorContext,
  inputs: Inputs,
  deploymentId: number | undefined,
  api: Api,
): Promise<void> {
  const sums = totals(monitorRun.results);
  const reportPath = writeReport(buildReport(monitorRun, probes, context), inputs.reportPath);
  writeSummary(renderSummary(monitorRun, probes, context));
  setOutput('result', monitorRun.end === 'cancelled' ? '' : monitorRun.end);
  setOutput('checks', String(sums.checks));
  setOutput('failures', String(sums.failures));
  setOutput('availability', formatAvailability(sums.availability));
  setOutput('report', reportPath);
  info(`Report: ${reportPath}`);

  const cancelled = monitorRun.end === 'cancelled';
  if (deploymentId !== undefined) {
    const state: FinalState =
      monitorRun.end === 'healthy'
        ? 'success'
        : monitorRun.end === 'unhealthy'
          ? 'failure'
          : 'error';
    const description =
      monitorRun.end === 'healthy'
        ? `Healthy: ${formatAvailability(sums.availability) || 'n/a'}% of ${sums.checks} checks passed over ${formatDuration(context.durationMs)}`
        : (monitorRun.reason ?? 'Unhealthy');
    const { github, repo } = await api();
    await warnOnFailure('Could not record the deployment status', () =>
      withBudget(
        postDeploymentStatus(github, repo, deploymentId, state, description, context.runUrl),
        cancelled ? CANCEL_API_BUDGET_MS : undefined,
      ),
    );
  }
  if (!cancelled && inputs.trackingIssue !== undefined) {
    const { github, repo } = await api();
    const issue = inputs.trackingIssue;
    await warnOnFailure(`Could not comment on issue #${issue}`, async () => {
      const url = await commentOnIssue(
        github,
        repo,
        issue,
        monitorRun.end,
        (marker) => renderIssueComment(monitorRun, probes, context, marker),
        `${process.env['GITHUB_RUN_ID'] ?? 'local'}.${process.env['GITHUB_RUN_ATTEMPT'] ?? '1'}`,
      );
      info(`Commented on the tracking issue: ${url}`);
    });
  }
  if (!cancelled && inputs.webhookUrl !== undefined) {
    const problem = await postWebhook(inputs.webhookUrl, slackMessage(monitorRun, context));
    if (problem === undefined) info('Posted the result to the webhook.');
    else annotateWarning(`The webhook message was not delivered (${problem}); the verdict stands.`);
  }

  if (monitorRun.end === 'healthy') {
    info(
      `Healthy: ${sums.checks} checks, ${sums.failures} failures, availability ${formatAvailability(sums.availability) || 'n/a'}%.`,
    );
    return;
  }
  if (monitorRun.end === 'cancelled') {
    throw new UserError(
      `Monitoring was cancelled: ${monitorRun.reason ?? ''} Partial report: ${reportPath}`,
    );
  }
  const trip = monitorRun.trip;
  const spec = trip ? probes.find((p) => p.id === trip.probe) : undefined;
  throw new UserError(
    `Unhealthy [${trip?.last.failureClass ?? 'failure'}]: ${monitorRun.reason ?? ''}` +
      (spec ? ` (probe ${spec.id}: ${probeLabel(spec)})` : ''),
  );
}

/** The JSON report: `report-path` (relative to the workspace), else a file in RUNNER_TEMP. */
function writeReport(report: object, requested: string | undefined): string {
  const workspace = process.env['GITHUB_WORKSPACE'] || process.cwd();
  const path =
    requested !== undefined
      ? isAbsolute(requested)
        ? requested
        : resolve(workspace, requested)
      : join(
          process.env['RUNNER_TEMP'] || tmpdir(),
          `post-deploy-monitor-${process.env['GITHUB_RUN_ID'] ?? 'local'}-${process.pid}.json`,
        );
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(report, null, 2) + '\n', 'utf8');
  return path;
}

async function warnOnFailure(what: string, action: () => Promise<unknown>): Promise<void> {
  try {
    await action();
  } catch (error) {
    annotateWarning(`${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function withBudget<T>(promise: Promise<T>, ms: number | undefined): Promise<T> {
  if (ms === undefined) return promise;
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${formatDuration(ms)}`)), ms);
      timer.unref();
    }),
  ]).finally(() => clearTimeout(timer));
}
