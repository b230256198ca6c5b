/**
 * Post-deploy monitoring (process step 10) and its message (step 11), as pure logic: durations,
 * probe definitions, the verdict state machine, statistics, and the report, job summary, issue
 * comment and Slack message built from the results. No I/O here: the probes live in src/monitor/.
 */
import { UserError } from './errors.js';
import { escapeInline, escapeTableCell, shown, toSingleLine } from './markdown.js';
import { DEPLOYED_HEADLINE } from './messages.js';

// ---------------------------------------------------------------------------------------------
// Durations.

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/**
 * `500ms`, `90s`, `15m`, `2h`, `1h30m` in milliseconds; undefined for anything else (no bare
 * numbers: `5` could mean seconds or minutes, so it is refused rather than guessed).
 */
export function parseDurationMs(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^(?:\d+(?:ms|s|m|h))+$/.test(trimmed)) return undefined;
  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(/(\d+)(ms|s|m|h)/g)) {
    total += Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
  }
  return total > 0 && Number.isSafeInteger(total) ? total : undefined;
}

/**
 * The longest duration the monitor accepts: a job runs at most 5 days (on a self-hosted runner;
 * 6 hours on GitHub's own). Past about 24.8 days a timer would also fire at once, and the monitor
 * would report healthy after no monitoring at all.
 */
export const MAX_DURATION_MS = 5 * 24 * 3_600_000;

/** A duration input or setting, or a UserError naming where it came from. */
export function requireDurationMs(text: string, what: string): number {
  const ms = parseDurationMs(text);
  if (ms === undefined) {
    throw new UserError(
      `${what} is '${shown(text)}', not a duration: write a whole number and ms, s, m or h, like 500ms, 90s, 15m, 2h or 1h30m.`,
    );
  }
  if (ms > MAX_DURATION_MS) {
    throw new UserError(
      `${what} is ${formatDuration(ms)}, longer than a job can run (5 days on a self-hosted ` +
        "runner, 6 hours on GitHub's): monitor for at most 5 days (the process asks for 2 hours).",
    );
  }
  return ms;
}

/** `2h`, `1m 30s`, `500ms`: the largest units, exact to the millisecond. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const parts: string[] = [];
  let rest = Math.round(ms);
  for (const [unit, size] of [
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
    ['ms', 1],
  ] as const) {
    const amount = Math.floor(rest / size);
    rest -= amount * size;
    if (amount > 0) parts.push(`${amount}${unit}`);
  }
  return parts.join(' ');
}

/** Elapsed wall time for people: whole seconds from a second up (`2h 0m 3s` → `2h 3s`). */
export function elapsedText(ms: number): string {
  const clamped = Math.max(0, ms);
  return formatDuration(clamped >= 1000 ? Math.round(clamped / 1000) * 1000 : clamped);
}

// ---------------------------------------------------------------------------------------------
// Probes and their results.

/** Every way a probe can fail; these names appear in reports, messages and outputs. */
export const FAILURE_CLASSES = [
  'dns',
  'connection',
  'tls',
  'timeout',
  'redirect',
  'http-status',
  'body',
  'latency',
  'query-bound',
  'query-error',
] as const;
export type FailureClass = (typeof FAILURE_CLASSES)[number];

export interface HttpProbeSpec {
  kind: 'http';
  /** `url-1`, `url-2`...: stable names for the report. */
  id: string;
  url: string;
  /** Exact status that passes; undefined: any 2xx. A 3xx here checks the redirect itself. */
  expectStatus?: number;
  /** Text the body must contain. */
  expectBody?: string;
  /** A JavaScript regex (source) the body must match. */
  expectBodyRegex?: string;
  /** Dot paths (`checks.db`, `items.0.state`) and the JSON values they must hold. */
  expectJson?: Record<string, unknown>;
  /** The whole request, redirects included, must take at most this long. */
  maxLatencyMs?: number;
  /** Follow a redirect to another host name (default: refused as a `redirect` failure). */
  allowOtherHost: boolean;
}

export interface QueryProbeSpec {
  kind: 'prometheus';
  id: string;
  /** Shown in reports. */
  name: string;
  /** Base URL of the Prometheus server (`/api/v1/query` is appended). */
  url: string;
  query: string;
  max?: number;
  min?: number;
}

export type ProbeSpec = HttpProbeSpec | QueryProbeSpec;

/**
 * `pass`, `fail`, or `empty`: a Prometheus query that returned no series (or NaN). An empty result
 * is neither a pass nor a failure: it does not count for availability or a failure streak, and a
 * query that never returns data is pointed out in the report.
 */
export type Outcome = 'pass' | 'fail' | 'empty';

/** What one probe request found, before it is placed in time. */
export interface ProbeOutcome {
  outcome: Outcome;
  failureClass?: FailureClass;
  /** One line saying what was wrong (or, for `empty`, what was asked). */
  message?: string;
  /** Wall time of the whole request (redirects included). */
  latencyMs?: number;
  /** Final HTTP status of a health check. */
  status?: number;
  /** The value a query returned (the one furthest outside its bounds when several). */
  value?: number;
}

export type Phase = 'smoke' | 'monitor';

export interface ProbeResult extends ProbeOutcome {
  probe: string;
  phase: Phase;
  /** Smoke: the attempt (1, 2, 3). Monitor: the round (1...). */
  round: number;
  /** When the request started (ms since the epoch). */
  at: number;
}

/** The name a probe is shown under: its URL without credentials, or the query's name. */
export function probeLabel(spec: ProbeSpec): string {
  return spec.kind === 'http' ? redactUrl(spec.url) : spec.name;
}

/** A URL without user and password, for anything shown or stored. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username === '' && parsed.password === '') return url;
    parsed.username = '';
    parsed.password = '';
    return parsed.href;
  } catch {
    return url;
  }
}

// ---------------------------------------------------------------------------------------------
// The verdict state machine.

export type Verdict = 'healthy' | 'unhealthy';

export interface Trip {
  probe: string;
  /** Failed rounds in a row when it tripped (the threshold), or the smoke attempts. */
  consecutive: number;
  phase: Phase;
  /** The failure that tripped it. */
  last: ProbeResult;
}

interface ProbeTrack {
  consecutiveFailures: number;
  /** The last pass/fail (empty results are skipped), for counting flips. */
  lastDefinite?: 'pass' | 'fail';
  flips: number;
}

/**
 * Follows the monitor phase round by round: a probe that fails `threshold` rounds in a row makes
 * the verdict `unhealthy` at once. A pass resets the probe's streak; an empty result leaves it as
 * it is. Every change between pass and fail is counted as a flip (flapping).
 */
export class VerdictTracker {
  private readonly tracks = new Map<string, ProbeTrack>();
  private tripped: Trip | undefined;

  constructor(
    probes: readonly string[],
    readonly threshold: number,
  ) {
    if (!Number.isInteger(threshold) || threshold < 1) {
      throw new Error(`failure threshold must be a whole number >= 1, not ${threshold}`);
    }
    for (const probe of probes) this.tracks.set(probe, { consecutiveFailures: 0, flips: 0 });
  }

  /** Records one monitor-phase result; returns the trip when this result makes the run unhealthy. */
  record(result: ProbeResult): Trip | undefined {
    const track = this.tracks.get(result.probe);
    if (!track) throw new Error(`unknown probe ${result.probe}`);
    if (result.outcome === 'empty') return undefined;
    if (track.lastDefinite !== undefined && track.lastDefinite !== result.outcome) track.flips++;
    track.lastDefinite = result.outcome;
    if (result.outcome === 'pass') {
      track.consecutiveFailures = 0;
      return undefined;
    }
    track.consecutiveFailures++;
    if (this.tripped === undefined && track.consecutiveFailures >= this.threshold) {
      this.tripped = {
        probe: result.probe,
        consecutive: track.consecutiveFailures,
        phase: 'monitor',
        last: result,
      };
      return this.tripped;
    }
    return undefined;
  }

  get trip(): Trip | undefined {
    return this.tripped;
  }

  flips(probe: string): number {
    return this.tracks.get(probe)?.flips ?? 0;
  }

  consecutiveFailures(probe: string): number {
    return this.tracks.get(probe)?.consecutiveFailures ?? 0;
  }
}

/**
 * Flips (pass↔fail changes, empty results skipped) in a probe's results in order: how much it
 * flapped. A probe that failed then recovered once has 1; pass, fail, pass, fail has 3.
 */
export function countFlips(results: readonly ProbeResult[]): number {
  let flips = 0;
  let last: Outcome | undefined;
  for (const result of results) {
    if (result.outcome === 'empty') continue;
    if (last !== undefined && last !== result.outcome) flips++;
    last = result.outcome;
  }
  return flips;
}

/** At least this many flips in one run is reported as flapping. */
export const FLAPPING_FLIPS = 4;

// ---------------------------------------------------------------------------------------------
// Statistics.

export interface ProbeStats {
  probe: string;
  label: string;
  kind: ProbeSpec['kind'];
  checks: number;
  passes: number;
  failures: number;
  empties: number;
  /** Percent of pass/fail results that passed; undefined when there were none. */
  availability?: number;
  p50?: number;
  p95?: number;
  byClass: Partial<Record<FailureClass, number>>;
  flips: number;
  /** The longest run of failures in a row in the monitor phase. */
  longestFailureStreak: number;
}

export interface Totals {
  checks: number;
  passes: number;
  failures: number;
  empties: number;
  availability?: number;
  byClass: Partial<Record<FailureClass, number>>;
}

/**
 * Percent of checks that passed, rounded down to two decimals so that a run with a failure never
 * shows 100. Undefined when nothing passed or failed (only empty results).
 */
export function availability(passes: number, failures: number): number | undefined {
  const total = passes + failures;
  if (total === 0) return undefined;
  return Math.floor((passes / total) * 10_000) / 100;
}

/** `99.5`, `100`, `66.66`: the output's form. Empty when undefined. */
export function formatAvailability(value: number | undefined): string {
  return value === undefined ? '' : String(value);
}

/** Nearest-rank percentile (p in 0..100) of unsorted values; undefined for none. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

function countByClass(results: readonly ProbeResult[]): Partial<Record<FailureClass, number>> {
  const counts: Partial<Record<FailureClass, number>> = {};
  for (const result of results) {
    if (result.outcome !== 'fail' || result.failureClass === undefined) continue;
    counts[result.failureClass] = (counts[result.failureClass] ?? 0) + 1;
  }
  return counts;
}

export function totals(results: readonly ProbeResult[]): Totals {
  const passes = results.filter((r) => r.outcome === 'pass').length;
  const failures = results.filter((r) => r.outcome === 'fail').length;
  const empties = results.length - passes - failures;
  const value = availability(passes, failures);
  return {
    checks: results.length,
    passes,
    failures,
    empties,
    ...(value !== undefined ? { availability: value } : {}),
    byClass: countByClass(results),
  };
}

export function probeStats(spec: ProbeSpec, results: readonly ProbeResult[]): ProbeStats {
  const own = results.filter((r) => r.probe === spec.id);
  const sums = totals(own);
  const latencies = own.flatMap((r) => (r.latencyMs === undefined ? [] : [r.latencyMs]));
  let streak = 0;
  let longest = 0;
  for (const result of own.filter((r) => r.phase === 'monitor')) {
    if (result.outcome === 'fail') longest = Math.max(longest, ++streak);
    else if (result.outcome === 'pass') streak = 0;
  }
  const p50 = spec.kind === 'http' ? percentile(latencies, 50) : undefined;
  const p95 = spec.kind === 'http' ? percentile(latencies, 95) : undefined;
  return {
    probe: spec.id,
    label: probeLabel(spec),
    kind: spec.kind,
    checks: sums.checks,
    passes: sums.passes,
    failures: sums.failures,
    empties: sums.empties,
    ...(sums.availability !== undefined ? { availability: sums.availability } : {}),
    ...(p50 !== undefined ? { p50 } : {}),
    ...(p95 !== undefined ? { p95 } : {}),
    byClass: sums.byClass,
    flips: countFlips(own),
    longestFailureStreak: longest,
  };
}

// ---------------------------------------------------------------------------------------------
// The run, as reported.

export type RunEnd = Verdict | 'cancelled';

export interface MonitorRun {
  end: RunEnd;
  /** One sentence: why unhealthy, or what was cut short. */
  reason?: string;
  trip?: Trip;
  /** Smoke attempts and monitor rounds, in order. */
  results: ProbeResult[];
  startedAt: number;
  endedAt: number;
  /** Monitor rounds run (0 when the smoke phase failed or was cancelled). */
  rounds: number;
  /** Rounds the full duration has. */
  plannedRounds: number;
}

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
  probes: (ProbeStats & { target: string; query?: string; max?: number; min?: number })[];
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
    ...(run.reason !== undefined ? { reason: run.reason } : {}),
    ...optional('product', context.product),
    ...optional('tag', context.tag),
    ...optional('version', context.version),
    ...optional('environment', context.environment),
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
      ...(spec.kind === 'prometheus'
        ? {
            query: spec.query,
            ...(spec.max !== undefined ? { max: spec.max } : {}),
            ...(spec.min !== undefined ? { min: spec.min } : {}),
          }
        : {}),
    })),
    results: run.results.map((result) => ({ ...result, at: new Date(result.at).toISOString() })),
  };
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
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

  const never = stats.filter(
    (s) => s.kind === 'prometheus' && s.checks > 0 && s.empties === s.checks,
  );
  for (const stat of never) {
    lines.push(
      '',
      `⚠️ Query ${escapeInline(stat.label)} returned no data in any check: it watched nothing. Check the query and its labels.`,
    );
  }

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
    if (stat.kind !== 'http') return;
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

/** Slack's escaping for text in `mrkdwn`: only `&`, `<` and `>` (which also stops `<!channel>`). */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
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
