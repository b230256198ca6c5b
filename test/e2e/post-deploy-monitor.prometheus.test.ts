// post-deploy-monitor against a REAL Prometheus server (Debian's `prometheus` package; .ci/run
// installs it): the test serves a tiny /metrics endpoint, starts its own Prometheus scraping it
// every second, and raises the error counter; the query bound trips the verdict. Without
// prometheus installed these tests fail, they never skip.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureFreshBuild } from '../../sandbox/harness/build.js';
import { runAction } from '../../sandbox/harness/run-action.js';
import type { QueryProbeSpec } from '../../src/domain/monitor/checks.js';
import type { MonitorReport } from '../../src/domain/monitor/report.js';
import { probeQuery } from '../../src/monitor/prometheus.js';
import { delay, freePort, startHttpServer, type TestServer } from '../helpers/servers.js';

let metrics: TestServer;
let prometheus: ChildProcess;
let prometheusUrl: string;
let prometheusLog = '';
let dir: string;
let errors = 0;
const requests = 100;
let healthChecks = 0;
let raiseErrorsAfter: number | undefined;

function requirePrometheus(): string {
  try {
    return (
      execFileSync('prometheus', ['--version'], { encoding: 'utf8', stdio: 'pipe' }).split(
        '\n',
      )[0] ?? ''
    );
  } catch {
    throw new Error(
      'The prometheus binary is required by these tests and was not found on PATH: install it ' +
        '(`apt-get install -y prometheus`, as .ci/run does).',
    );
  }
}

async function getJson(url: string): Promise<unknown> {
  const response = await fetch(url);
  return response.ok ? ((await response.json()) as unknown) : undefined;
}

/** Polls until `check` holds, for at most `limitMs`. */
async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  limitMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    if (prometheus.exitCode !== null) break;
    await delay(200);
  }
  throw new Error(`Prometheus: ${what} did not happen within ${limitMs} ms.\n${prometheusLog}`);
}

beforeAll(async () => {
  const version = requirePrometheus();
  await ensureFreshBuild();
  metrics = await startHttpServer((request, response) => {
    if (request.url === '/health') {
      // The monitored step's own health check: its progress, to raise the errors mid-monitoring.
      healthChecks++;
      if (raiseErrorsAfter !== undefined && healthChecks >= raiseErrorsAfter) errors = 7;
      return void response.end('ok');
    }
    if (request.url !== '/metrics') {
      response.statusCode = 404;
      return void response.end();
    }
    response.setHeader('content-type', 'text/plain; version=0.0.4');
    response.end(
      '# TYPE app_errors_total counter\n' +
        `app_errors_total{service="web"} ${errors}\n` +
        '# TYPE app_requests_total counter\n' +
        `app_requests_total{service="web"} ${requests}\n`,
    );
  });
  dir = mkdtempSync(join(tmpdir(), 'hotfix-prometheus-'));
  writeFileSync(
    join(dir, 'prometheus.yml'),
    `global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n` +
      `scrape_configs:\n  - job_name: app\n    scrape_interval: 1s\n    scrape_timeout: 900ms\n` +
      `    static_configs:\n      - targets: ['127.0.0.1:${metrics.port}']\n`,
  );
  const port = await freePort();
  prometheusUrl = `http://127.0.0.1:${port}`;
  prometheus = spawn(
    'prometheus',
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  prometheus.stdout?.on('data', (chunk: Buffer) => (prometheusLog += chunk.toString()));
  prometheus.stderr?.on('data', (chunk: Buffer) => (prometheusLog += chunk.toString()));
  await waitFor('ready', async () => (await fetch(`${prometheusUrl}/-/ready`)).ok);
  await waitFor('a scrape of the test service', async () => {
    const body = (await getJson(`${prometheusUrl}/api/v1/query?query=app_requests_total`)) as {
      data?: { result?: unknown[] };
    };
    return (body?.data?.result?.length ?? 0) > 0;
  });
  console.log(`${version} on ${prometheusUrl}, scraping ${metrics.url}/metrics`);
}, 120_000);

afterAll(async () => {
  if (prometheus && prometheus.exitCode === null) {
    const exited = new Promise((resolve) => prometheus.once('exit', resolve));
    prometheus.kill('SIGTERM');
    await Promise.race([exited, delay(5000)]);
    if (prometheus.exitCode === null) prometheus.kill('SIGKILL');
  }
  await metrics?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const query = (q: string, bounds: { max?: number; min?: number }): QueryProbeSpec => ({
  kind: 'prometheus',
  id: 'query-1',
  name: q,
  url: prometheusUrl,
  query: q,
  ...bounds,
});

describe('probeQuery on a real Prometheus', () => {
  test('within bounds, empty, and the errors Prometheus gives', async () => {
    const options = { timeoutMs: 5000 };
    // The requests counter stays at 100 (the error counter is raised by the other test).
    expect(
      await probeQuery(query('sum(app_requests_total)', { max: 1000 }), options),
    ).toMatchObject({
      outcome: 'pass',
      value: 100,
    });
    expect(
      await probeQuery(query('scalar(sum(app_requests_total))', { min: 1 }), options),
    ).toMatchObject({
      outcome: 'pass',
      value: 100,
    });
    expect(await probeQuery(query('sum(app_requests_total)', { max: 10 }), options)).toMatchObject({
      outcome: 'fail',
      failureClass: 'query-bound',
      message: 'sum(app_requests_total) = 100, above max 10',
    });
    expect(await probeQuery(query('sum(app_missing_total)', { max: 0 }), options)).toMatchObject({
      outcome: 'empty',
      message: 'the query returned no series',
    });
    const syntax = await probeQuery(query('sum(app_errors_total', { max: 0 }), options);
    expect(syntax).toMatchObject({ outcome: 'fail', failureClass: 'query-error' });
    expect(syntax.message).toMatch(
      /^Prometheus refused the query \(HTTP 400\): bad_data: .*parse error/,
    );
    expect(await probeQuery(query('app_requests_total[1m]', { max: 0 }), options)).toMatchObject({
      failureClass: 'query-error',
      message: expect.stringContaining('returns a matrix, not a number'),
    });
  });
});

test('the error counter rising trips the query bound: unhealthy before the duration ends', async () => {
  const reportPath = join(dir, 'report.json');
  // Healthy at first; the counter rises once the step has monitored two rounds (its health
  // check on the test service counts them: the smoke check, rounds 1 and 2).
  errors = 0;
  healthChecks = 0;
  raiseErrorsAfter = 3;
  {
    const result = await runAction('post-deploy-monitor', {
      inputs: {
        product: 'krow-withus-api',
        urls: `${metrics.url}/health`,
        'prometheus-url': prometheusUrl,
        queries:
          '- name: errors\n  query: sum by (service) (app_errors_total)\n  max: 0\n' +
          '- name: missing series\n  query: sum(app_missing_total)\n  max: 0\n',
        duration: '30s',
        interval: '500ms',
        timeout: '400ms',
        'report-path': reportPath,
      },
    });

    expect(result.exitCode).toBe(1);
    expect(result.outputs['result']).toBe('unhealthy');
    const error = result.annotations.find((a) => a.level === 'error')?.message ?? '';
    expect(error).toBe(
      'Unhealthy [query-bound]: Failed 3 rounds in a row: errors: query-bound: errors = 7 for {service="web"}, above max 0 (probe query-1: errors)',
    );
    const report = JSON.parse(readFileSync(reportPath, 'utf8')) as MonitorReport;
    // Before the duration ended: counted in rounds (of 60), not timed.
    expect(report.plannedRounds).toBe(60);
    expect(report.rounds).toBeLessThan(report.plannedRounds);
    const own = report.results.filter((r) => r.probe === 'query-1');
    expect(own[0]).toMatchObject({ phase: 'smoke', outcome: 'pass', value: 0 });
    expect(own.slice(-3).map((r) => `${r.outcome}:${r.failureClass}:${r.value}`)).toEqual([
      'fail:query-bound:7',
      'fail:query-bound:7',
      'fail:query-bound:7',
    ]);
    // The missing series is its own outcome: empty every time, never a failure.
    const missing = report.results.filter((r) => r.probe === 'query-2');
    expect(new Set(missing.map((r) => r.outcome))).toEqual(new Set(['empty']));
    expect(report.totals.empties).toBe(missing.length);
    expect(result.summary).toContain('returned no data in any check');
    expect(result.summary).toContain('query-bound: 3');
  }
});
