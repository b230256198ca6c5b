/**
 * What a run tells people (process step 10's report and step 11's message): the JSON report, the
 * job summary, the tracking-issue comment and the Slack text, all escaped where they are shown.
 */
import { escapeInline, escapeSlack, escapeTableCell, toSingleLine } from '../markdown.js';
import { DEPLOYED_HEADLINE } from '../messages.js';
import {
  probeKind,
  probeLabel,
  redactUrl,
  type ProbeResult,
  type ProbeSpec,
  type ReportFields,
} from './checks.js';
import { elapsedText, formatDuration } from './duration.js';
import { probeStats, totals, type ProbeStats, type Totals } from './statistics.js';
import { FLAPPING_FLIPS, type MonitorRun, type RunEnd, type Trip } from './verdict.js';

export interface MonitorContext {
  product?: string;
  tag?: string;
  version?: string;
  environment?: string;
  /** What the hotfix fixed (free text from the form: untrusted). */
  issue?: string;
  durationMs: number;
  intervalMs: number;
  timeoutMs: number;
  failureThreshold: number;
  /** The job's log, for links. */
  runUrl?: string;
}

export interface MonitorReport {
  schema: 'hotfix-actions/post-deploy-monitor-report@1';
  result: RunEnd;
  reason?: string;
  product?: string;
  tag?: string;
  version?: string;
  environment?: string;
  startedAt: string;
  endedAt: string;
  settings: { duration: string; interval: string; timeout: string; failureThreshold: number };
  rounds: number;
  plannedRounds: number;
  totals: Totals;
  probes: (ProbeStats & { target: string } & ReportFields)[];
  results: (Omit<ProbeResult, 'at'> & { at: string })[];
}

/** The JSON report (output `report` is its path): settings, per-probe statistics, every result. */
export function buildReport(
  run: MonitorRun,
  probes: readonly ProbeSpec[],
  context: MonitorContext,
): MonitorReport {
  return {
    schema: 'hotfix-actions/post-deploy-monitor-report@1',
    result: run.end,
    reason: run.reason,
    product: context.product,
    tag: context.tag,
    version: context.version,
    environment: context.environment,
    startedAt: new Date(run.startedAt).toISOString(),
    endedAt: new Date(run.endedAt).toISOString(),
    settings: {
      duration: formatDuration(context.durationMs),
      interval: formatDuration(context.intervalMs),
      timeout: formatDuration(context.timeoutMs),
      failureThreshold: context.failureThreshold,
    },
    rounds: run.rounds,
    plannedRounds: run.plannedRounds,
    totals: totals(run.results),
    probes: probes.map((spec) => ({
      ...probeStats(spec, run.results),
      target: redactUrl(spec.url),
      ...probeKind(spec).reportFields(spec),
    })),
    results: run.results.map((result) => ({ ...result, at: new Date(result.at).toISOString() })),
  };
}

/** One line for logs and messages: `url-1 (https://x/health): timeout: no response within 10s`. */
export function describeFailure(result: ProbeResult, spec: ProbeSpec | undefined): string {
  const label = spec ? probeLabel(spec) : result.probe;
  return `${label}: ${result.failureClass ?? 'failure'}: ${result.message ?? 'failed'}`;
}

/** Why the run is unhealthy, in one sentence. */
export function tripReason(trip: Trip, spec: ProbeSpec | undefined): string {
  const what = describeFailure(trip.last, spec);
  return trip.phase === 'smoke'
    ? `Smoke check failed ${trip.consecutive} ${plural(trip.consecutive, 'time')} in a row: ${what}`
    : `Failed ${trip.consecutive} ${plural(trip.consecutive, 'round')} in a row: ${what}`;
}

function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}

// ---------------------------------------------------------------------------------------------
// The job summary.

const VERDICT_HEADINGS: Record<RunEnd, string> = {
  healthy: '✅ healthy',
  unhealthy: '❌ unhealthy',
  cancelled: '⚠️ cancelled before a verdict',
};

/** At most this many points per latency chart; longer runs show the worst latency per bucket. */
export const CHART_POINTS = 60;

/**
 * The job summary: the verdict first, then per probe availability, p50/p95 latency, failures by
 * class and flapping, then a latency chart per health check (Mermaid `xychart-beta`).
 * Every URL, query name and message is escaped: a server's text never becomes markup.
 */
export function renderSummary(
  run: MonitorRun,
  probes: readonly ProbeSpec[],
  context: MonitorContext,
): string {
  const sums = totals(run.results);
  const stats = probes.map((spec) => probeStats(spec, run.results));
  const kinds = probes.map(probeKind);
  const lines: string[] = [];
  lines.push(`### post-deploy-monitor: ${VERDICT_HEADINGS[run.end]}`, '');
  if (run.reason !== undefined) lines.push(`**${escapeInline(run.reason)}**`, '');

  const facts: string[] = [];
  if (context.product !== undefined) facts.push(`Product: ${escapeInline(context.product)}`);
  if (context.tag !== undefined) facts.push(`Tag: ${escapeInline(context.tag)}`);
  if (context.environment !== undefined)
    facts.push(`Environment: ${escapeInline(context.environment)}`);
  const elapsed = elapsedText(run.endedAt - run.startedAt);
  facts.push(
    `Monitored ${elapsed} of ${formatDuration(context.durationMs)}, every ${formatDuration(context.intervalMs)} ` +
      `(${run.rounds}/${run.plannedRounds} rounds after the smoke checks), timeout ${formatDuration(context.timeoutMs)}, ` +
      `unhealthy after ${context.failureThreshold} failed ${plural(context.failureThreshold, 'round')} in a row`,
  );
  facts.push(
    `Checks: ${sums.checks}, failures: ${sums.failures}` +
      (sums.empties > 0 ? `, empty query results: ${sums.empties}` : '') +
      `, availability: ${sums.availability === undefined ? 'n/a' : `${sums.availability}%`}`,
  );
  lines.push(...facts.map((fact) => `- ${fact}`), '');

  lines.push(
    '| # | Probe | Checks | Availability | p50 | p95 | Failures by class | Flapping |',
    '|---|---|---|---|---|---|---|---|',
  );
  stats.forEach((stat, index) => {
    const classes = Object.entries(stat.byClass)
      .map(([name, count]) => `${name}: ${count}`)
      .join(', ');
    const empties = stat.empties > 0 ? `${classes ? ', ' : ''}empty: ${stat.empties}` : '';
    const flapping =
      stat.flips >= FLAPPING_FLIPS
        ? `⚠️ ${stat.flips} flips`
        : stat.flips > 0
          ? `${stat.flips} ${plural(stat.flips, 'flip')}`
          : '—';
    lines.push(
      `| ${index + 1} | ${escapeTableCell(stat.label)} | ${stat.checks} | ` +
        `${stat.availability === undefined ? 'n/a' : `${stat.availability}%`} | ` +
        `${stat.p50 === undefined ? '—' : `${Math.round(stat.p50)} ms`} | ` +
        `${stat.p95 === undefined ? '—' : `${Math.round(stat.p95)} ms`} | ` +
        `${classes || empties ? classes + empties : '—'} | ${flapping} |`,
    );
  });

  stats.forEach((stat, index) => {
    const warning = kinds[index]?.noDataWarning;
    if (warning && stat.checks > 0 && stat.empties === stat.checks) {
      lines.push('', `⚠️ ${warning(escapeInline(stat.label))}`);
    }
  });

  const failures = run.results.filter((r) => r.outcome === 'fail');
  if (failures.length > 0) {
    lines.push('', '<details><summary>Failures (latest 20)</summary>', '');
    lines.push('| When | Probe | Class | Message |', '|---|---|---|---|');
    for (const failure of failures.slice(-20)) {
      const spec = probes.find((p) => p.id === failure.probe);
      lines.push(
        `| ${failure.phase} ${failure.round} (+${elapsedText(failure.at - run.startedAt)}) | ` +
          `${escapeTableCell(spec ? probeLabel(spec) : failure.probe)} | ${failure.failureClass ?? ''} | ` +
          `${escapeTableCell(failure.message ?? '')} |`,
      );
    }
    lines.push('', '</details>');
  }

  stats.forEach((stat, index) => {
    if (!kinds[index]?.measuresLatency) return;
    const chart = latencyChart(
      run.results.filter((r) => r.probe === stat.probe && r.latencyMs !== undefined),
      run.startedAt,
      `Probe ${index + 1} latency (ms)`,
    );
    if (chart) lines.push('', chart);
  });
  return lines.join('\n') + '\n';
}

/**
 * A Mermaid `xychart-beta` line of latency over time: at most CHART_POINTS points, each the worst
 * latency of its time bucket. Labels are elapsed times; the title is ours, never untrusted text.
 */
export function latencyChart(
  results: readonly ProbeResult[],
  startedAt: number,
  title: string,
): string | undefined {
  const points = results.flatMap((r) =>
    r.latencyMs === undefined ? [] : [{ at: r.at - startedAt, ms: r.latencyMs }],
  );
  if (points.length < 2) return undefined;
  const size = Math.ceil(points.length / CHART_POINTS);
  const buckets: { at: number; ms: number }[] = [];
  for (let i = 0; i < points.length; i += size) {
    const bucket = points.slice(i, i + size);
    buckets.push({
      at: bucket[0]?.at ?? 0,
      ms: Math.max(...bucket.map((p) => p.ms)),
    });
  }
  const top = Math.max(10, ...buckets.map((b) => Math.ceil(b.ms * 1.1)));
  return [
    '```mermaid',
    'xychart-beta',
    `  title "${title.replace(/"/g, "'")}"`,
    `  x-axis "time since start" [${buckets.map((b) => `"${clockLabel(b.at)}"`).join(', ')}]`,
    `  y-axis "ms" 0 --> ${top}`,
    `  line [${buckets.map((b) => Math.round(b.ms)).join(', ')}]`,
    '```',
  ].join('\n');
}

/** Elapsed time as `m:ss` (or `h:mm:ss`), or seconds with a decimal under a minute. */
function clockLabel(ms: number): string {
  const totalSeconds = Math.max(0, ms) / 1000;
  if (totalSeconds < 60) return `${totalSeconds.toFixed(1)}s`;
  const seconds = Math.floor(totalSeconds % 60);
  const minutes = Math.floor(totalSeconds / 60) % 60;
  const hours = Math.floor(totalSeconds / 3600);
  const ss = String(seconds).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${ss}` : `${minutes}:${ss}`;
}

// ---------------------------------------------------------------------------------------------
// Messages (process step 11).

/** A comment for the hotfix's tracking issue: the verdict and the numbers, escaped. */
export function renderIssueComment(
  run: MonitorRun,
  probes: readonly ProbeSpec[],
  context: MonitorContext,
  /** The hidden marker that makes the comment findable (and posted once). */
  marker = '',
): string {
  const sums = totals(run.results);
  const heading =
    run.end === 'healthy'
      ? '✅ **Post-deploy monitoring: healthy**'
      : run.end === 'unhealthy'
        ? '❌ **Post-deploy monitoring: unhealthy**'
        : '⚠️ **Post-deploy monitoring cancelled before a verdict**';
  const lines = [heading, ''];
  if (run.reason !== undefined) lines.push(escapeInline(run.reason), '');
  if (context.tag !== undefined) lines.push(`- Tag: ${escapeInline(context.tag)}`);
  if (context.environment !== undefined)
    lines.push(`- Environment: ${escapeInline(context.environment)}`);
  lines.push(
    `- Monitored ${elapsedText(run.endedAt - run.startedAt)} (${run.rounds} ${plural(run.rounds, 'round')}), ` +
      `${probes.length} ${plural(probes.length, 'probe')}: ${sums.checks} checks, ${sums.failures} failures, ` +
      `availability ${sums.availability === undefined ? 'n/a' : `${sums.availability}%`}`,
  );
  if (context.runUrl !== undefined) lines.push(`- [Job log and summary](${context.runUrl})`);
  if (marker !== '') lines.push(marker);
  return lines.join('\n') + '\n';
}

export interface SlackMessage {
  text: string;
}

/**
 * The step 11 message as Slack's incoming-webhook JSON: "PRODUCTION HOTFIX DEPLOYED" with
 * product, version, issue and status when healthy; the failure and its class when not.
 */
export function slackMessage(run: MonitorRun, context: MonitorContext): SlackMessage {
  const sums = totals(run.results);
  const line = (label: string, value: string | undefined): string[] =>
    value === undefined || value === '' ? [] : [`${label}: ${escapeSlack(toSingleLine(value))}`];
  const facts = [
    ...line('Product', context.product),
    ...line('Version', context.version ?? context.tag),
    ...line('Environment', context.environment),
    ...line('Issue', context.issue),
  ];
  const numbers =
    `Monitored ${elapsedText(run.endedAt - run.startedAt)}: ${sums.checks} checks, ` +
    `${sums.failures} failures, availability ${sums.availability === undefined ? 'n/a' : `${sums.availability}%`}.`;
  const link = context.runUrl ? [`<${context.runUrl}|Job log and summary>`] : [];
  if (run.end === 'healthy') {
    return {
      text: [
        DEPLOYED_HEADLINE,
        '',
        ...facts,
        'Status: ✅ Deployed & verified',
        '',
        numbers,
        ...link,
      ].join('\n'),
    };
  }
  const failure = run.trip?.last;
  return {
    text: [
      run.end === 'unhealthy'
        ? '❌ PRODUCTION HOTFIX UNHEALTHY AFTER DEPLOY'
        : '⚠️ PRODUCTION HOTFIX MONITORING CANCELLED',
      '',
      ...facts,
      `Status: ${run.end === 'unhealthy' ? '❌ Unhealthy: rollback or fix forward' : '⚠️ No verdict'}`,
      ...(failure?.failureClass ? [`Failure class: ${failure.failureClass}`] : []),
      ...line('Reason', run.reason),
      '',
      numbers,
      ...link,
    ].join('\n'),
  };
}
