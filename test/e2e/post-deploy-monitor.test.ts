// post-deploy-monitor end to end: the built bundle, run as the runner runs it, probes real HTTP(S)
// servers on 127.0.0.1, reports to the GitHub emulator (deployment statuses, the tracking-issue
// comment, the configuration read at the tag) and posts to a local Slack-webhook receiver.
// Durations are seconds long; the Prometheus part is in post-deploy-monitor.prometheus.test.ts.
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { getOctokit } from '@actions/github';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '../../sandbox/emulator/index.js';
import {
  git,
  scratchRepository,
  type ScratchRepository,
} from '../../sandbox/emulator/bare-repo.js';
import { ensureFreshBuild } from '../../sandbox/harness/build.js';
import { runAction, type RunOptions } from '../../sandbox/harness/run-action.js';
import type { MonitorReport } from '../../src/domain/monitor/report.js';
import {
  delay,
  makeCertificates,
  startHttpServer,
  startHttpsServer,
  type Certificates,
  type TestServer,
} from '../helpers/servers.js';

const REPOSITORY = 'octo-org/krow-withus';
const PRODUCT = 'krow-withus-web';
const TAG = `${PRODUCT}/prod-v0.1.2`;
const EVIL_ISSUE = 'Checkout <b>fails</b> for @octo-org/all & co #12';

let emulator: Emulator;
let scratch: ScratchRepository;
let health: TestServer;
let webhook: TestServer;
let certificates: Certificates;
let tlsSelfSigned: TestServer;
let tlsInternal: TestServer;
let outDir: string;
let reportCount = 0;

/** Per-key request counters, so each test's server behaviour starts fresh. */
const counters = new Map<string, number>();
function count(key: string): number {
  const next = (counters.get(key) ?? 0) + 1;
  counters.set(key, next);
  return next;
}

beforeAll(async () => {
  await ensureFreshBuild();
  certificates = makeCertificates();
  health = await startHttpServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    const key = url.searchParams.get('key') ?? '';
    switch (url.pathname) {
      case '/health':
        return void response.end('status: ok');
      case '/turns-bad': {
        // Healthy for the first `after` requests, then 500.
        const bad = count(key) > Number(url.searchParams.get('after'));
        response.statusCode = bad ? 500 : 200;
        return void response.end(bad ? 'database unavailable' : 'status: ok');
      }
      case '/flap': {
        // Smoke passes; then fail, pass, fail, pass...
        const n = count(key);
        response.statusCode = n > 1 && n % 2 === 0 ? 503 : 200;
        return void response.end('status: ok');
      }
      case '/slow':
        await delay(2000);
        return void response.end('status: ok');
      default:
        response.statusCode = 404;
        return void response.end('not found');
    }
  });
  webhook = await startHttpServer((request, response) => {
    response.statusCode = request.url === '/broken' ? 500 : 200;
    response.end(request.url === '/broken' ? 'invalid_token' : 'ok');
  });
  const ok = (_q: unknown, response: { end(text: string): void }) => response.end('status: ok');
  tlsSelfSigned = await startHttpsServer(certificates.selfSigned, ok);
  tlsInternal = await startHttpsServer(certificates.leaf, ok);

  emulator = await startEmulator();
  scratch = scratchRepository({
    '.github/hotfix.yml':
      `products:\n  ${PRODUCT}:\n    version-files: [apps/web/package.json]\n` +
      `    monitor:\n      duration: 2s\n      interval: 1s\n` +
      `      urls:\n        - url: ${health.url}/health\n          expect-status: 200\n          expect-body: ok\n`,
    'apps/web/package.json': '{ "version": "0.1.2" }\n',
  });
  git(scratch.work, 'tag', TAG);
  git(scratch.work, 'push', '--quiet', 'origin', TAG);
  emulator.addRepository(REPOSITORY, scratch.bare, { defaultBranch: 'main' });
  outDir = mkdtempSync(join(tmpdir(), 'monitor-e2e-'));
}, 300_000);

afterEach(() => {
  const problems = [...emulator.problems];
  emulator.reset();
  expect(problems).toEqual([]);
});

afterAll(async () => {
  await emulator?.close();
  for (const server of [health, webhook, tlsSelfSigned, tlsInternal]) await server?.close();
  scratch?.remove();
  certificates?.remove();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

function monitor(inputs: Record<string, string>, options: RunOptions = {}) {
  const reportPath = join(outDir, `report-${++reportCount}.json`);
  return runAction('post-deploy-monitor', {
    inputs: { 'report-path': reportPath, ...inputs },
    apiUrl: emulator.url,
    repository: REPOSITORY,
    env: { HOTFIX_RETRY_BASE_MS: '10' },
    ...options,
  }).then((result) => ({ ...result, reportPath }));
}

function readReport(path: string): MonitorReport {
  return JSON.parse(readFileSync(path, 'utf8')) as MonitorReport;
}

function deploymentStates(id: number): string[] {
  return emulator
    .repo(REPOSITORY)
    .deploymentStatuses.filter((s) => s.deployment_id === id)
    .map((s) => s.state);
}

async function createDeployment(): Promise<number> {
  const octokit = getOctokit('any-token', { baseUrl: emulator.url });
  const { data } = await octokit.rest.repos.createDeployment({
    owner: 'octo-org',
    repo: 'krow-withus',
    ref: TAG,
    environment: 'staging',
    required_contexts: [],
    auto_merge: false,
  });
  if (!('id' in data)) throw new Error('no deployment');
  emulator.reset();
  return data.id;
}

describe('post-deploy-monitor', () => {
  test(
    'healthy: the product config read at the tag, deployment in_progress then success, the step 11 ' +
      'message, one issue comment, and at most 8 GitHub API calls',
    async () => {
      const octokit = getOctokit('any-token', { baseUrl: emulator.url });
      const { data: tracker } = await octokit.rest.issues.create({
        owner: 'octo-org',
        repo: 'krow-withus',
        title: 'Hotfix tracker',
      });
      const issue = tracker.number;
      emulator.reset();

      const result = await monitor({
        product: PRODUCT,
        tag: TAG,
        environment: 'production',
        'tracking-issue': String(issue),
        issue: EVIL_ISSUE,
        'webhook-url': `${webhook.url}/services/T000/B000/XXXX`,
        timeout: '400ms',
      });

      expect(result.exitCode).toBe(0);
      // One probe: one smoke check and 2 rounds (2s every 1s, from the configuration).
      expect(result.outputs).toEqual({
        result: 'healthy',
        checks: '3',
        failures: '0',
        availability: '100',
        report: result.reportPath,
      });
      const report = readReport(result.reportPath);
      expect(report).toMatchObject({
        result: 'healthy',
        product: PRODUCT,
        tag: TAG,
        version: '0.1.2',
        environment: 'production',
        settings: { duration: '2s', interval: '1s', timeout: '400ms', failureThreshold: 3 },
        // The duration is waited out: every planned round ran.
        rounds: 2,
        plannedRounds: 2,
      });
      expect(report.results.map((r) => `${r.phase}:${r.round}:${r.outcome}`)).toEqual([
        'smoke:1:pass',
        'monitor:1:pass',
        'monitor:2:pass',
      ]);
      expect(report.probes[0]).toMatchObject({ target: `${health.url}/health`, availability: 100 });

      expect(result.summary.split('\n')[0]).toBe('### post-deploy-monitor: ✅ healthy');
      expect(result.summary).toContain(`| 1 | ${health.url}/health | 3 | 100% |`);
      expect(result.summary).toContain('xychart-beta');

      const state = emulator.repo(REPOSITORY);
      const deployment = state.deployments.at(-1);
      expect(deployment).toMatchObject({ ref: TAG, environment: 'production' });
      const statuses = state.deploymentStatuses.filter((s) => s.deployment_id === deployment?.id);
      expect(statuses.map((s) => s.state)).toEqual(['in_progress', 'in_progress', 'success']);
      expect(statuses[0]?.log_url).toBe(`https://github.com/${REPOSITORY}/actions/runs/4242`);
      expect(statuses[1]?.description).toBe('Smoke checks passed; monitoring 1 check for 2s');
      expect(statuses[2]?.description).toBe('Healthy: 100% of 3 checks passed over 2s');

      const comments = state.comments.filter((c) => c.issue_number === issue);
      expect(comments).toHaveLength(1);
      expect(comments[0]?.body).toMatch(/^✅ \*\*Post-deploy monitoring: healthy\*\*/);

      const posted = webhook.requests.filter((r) => r.url === '/services/T000/B000/XXXX');
      expect(posted).toHaveLength(1);
      expect(posted[0]?.headers['content-type']).toBe('application/json');
      const { text } = JSON.parse(posted[0]?.body ?? '{}') as { text: string };
      expect(text.split('\n')).toEqual(
        expect.arrayContaining([
          '🚨 PRODUCTION HOTFIX DEPLOYED',
          `Product: ${PRODUCT}`,
          'Version: 0.1.2',
          'Issue: Checkout &lt;b&gt;fails&lt;/b&gt; for @octo-org/all &amp; co #12',
          'Status: ✅ Deployed & verified',
        ]),
      );
      // The webhook URL is a secret: masked in the log.
      expect(result.stdout).toContain('::add-mask::');

      const calls = emulator.requests.map((r) => r.operation);
      console.log(
        `post-deploy-monitor GitHub API calls (healthy run): ${calls.length} (${calls.join(', ')})`,
      );
      expect(calls).toEqual([
        'repos/get-content',
        'repos/list-deployments',
        'repos/create-deployment',
        'repos/create-deployment-status',
        'repos/create-deployment-status',
        'repos/create-deployment-status',
        'issues/create-comment',
      ]);
      expect(calls.length).toBeLessThanOrEqual(8);
    },
  );

  test('a server turning to 500 is unhealthy within threshold × interval, without waiting out the duration', async () => {
    const deploymentId = await createDeployment();
    const result = await monitor({
      urls: `${health.url}/turns-bad?after=3&key=a`,
      product: PRODUCT,
      'deployment-id': String(deploymentId),
      duration: '20s',
      interval: '300ms',
      timeout: '250ms',
      'webhook-url': `${webhook.url}/hooks/unhealthy`,
    });

    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({
      result: 'unhealthy',
      checks: '6',
      failures: '3',
      availability: '50',
    });
    const error = result.annotations.find((a) => a.level === 'error');
    expect(error?.message).toMatch(
      /^Unhealthy \[http-status\]: Failed 3 rounds in a row: .*turns-bad.*: http-status: HTTP 500, expected a 2xx status: database unavailable/,
    );
    const report = readReport(result.reportPath);
    const failures = report.results.filter((r) => r.outcome === 'fail');
    expect(failures.map((r) => r.round)).toEqual([3, 4, 5]);
    // The verdict came at the third failing round, not after 20 s (about 66 rounds): counted in
    // rounds, not timed, so a slow machine cannot make it flake.
    expect(Math.max(...report.results.map((r) => r.round))).toBe(5);
    expect(report).toMatchObject({ result: 'unhealthy', rounds: 5, plannedRounds: 66 });
    expect(result.summary.split('\n')[0]).toBe('### post-deploy-monitor: ❌ unhealthy');
    expect(result.summary).toContain('http-status: 3');

    expect(deploymentStates(deploymentId)).toEqual(['in_progress', 'in_progress', 'failure']);
    expect(emulator.requests).toHaveLength(3);
    const posted = webhook.requests.filter((r) => r.url === '/hooks/unhealthy');
    const { text } = JSON.parse(posted[0]?.body ?? '{}') as { text: string };
    expect(text).toMatch(/^❌ PRODUCTION HOTFIX UNHEALTHY AFTER DEPLOY/);
    expect(text).toContain('Failure class: http-status');
  });

  test('flapping is counted and reported; a failing webhook is a warning, never a lost verdict', async () => {
    const result = await monitor({
      urls: `- url: ${health.url}/flap?key=b\n  expect-body: ok\n- ${health.url}/health`,
      duration: '3s',
      interval: '300ms',
      timeout: '250ms',
      'webhook-url': `${webhook.url}/broken`,
    });

    expect(result.exitCode).toBe(0);
    expect(result.outputs['result']).toBe('healthy');
    expect(Number(result.outputs['failures'])).toBe(5);
    expect(result.outputs['availability']).toBe('77.27');
    const report = readReport(result.reportPath);
    expect(report.probes[0]).toMatchObject({
      flips: 10,
      longestFailureStreak: 1,
      byClass: { 'http-status': 5 },
    });
    expect(result.summary).toContain('⚠️ 10 flips');
    expect(result.annotations).toContainEqual({
      level: 'warning',
      message:
        'The webhook message was not delivered (the webhook answered HTTP 500: invalid_token); the verdict stands.',
    });
    expect(emulator.requests).toHaveLength(0);
  });

  describe('TLS is always verified', () => {
    test('a self-signed certificate fails the smoke checks as tls, naming the problem', async () => {
      const result = await monitor({
        urls: `${tlsSelfSigned.url}/health`,
        duration: '2s',
        interval: '200ms',
        timeout: '200ms',
      });
      expect(result.exitCode).toBe(1);
      expect(result.outputs).toMatchObject({
        result: 'unhealthy',
        checks: '3',
        failures: '3',
        availability: '0',
      });
      const error = result.annotations.find((a) => a.level === 'error')?.message ?? '';
      expect(error).toMatch(/^Unhealthy \[tls\]: Smoke check failed 3 times in a row: /);
      expect(error).toContain('the certificate is self-signed (DEPTH_ZERO_SELF_SIGNED_CERT)');
      expect(tlsSelfSigned.requests).toHaveLength(0);
    });

    test('an internal CA trusted through NODE_EXTRA_CA_CERTS is accepted, for its host name only', async () => {
      const options = {
        env: { HOTFIX_RETRY_BASE_MS: '10', NODE_EXTRA_CA_CERTS: certificates.caFile },
      };
      const trusted = await monitor(
        { urls: `${tlsInternal.url}/health`, duration: '1s', interval: '500ms', timeout: '400ms' },
        options,
      );
      expect(trusted.exitCode).toBe(0);
      expect(trusted.outputs).toMatchObject({ result: 'healthy', checks: '3', failures: '0' });

      const wrongName = await monitor(
        {
          urls: `https://localhost:${tlsInternal.port}/health`,
          duration: '1s',
          interval: '200ms',
          timeout: '200ms',
        },
        options,
      );
      expect(wrongName.exitCode).toBe(1);
      const error = wrongName.annotations.find((a) => a.level === 'error')?.message ?? '';
      expect(error).toContain('[tls]');
      expect(error).toContain('the certificate is not for this host name');
      expect(error).toContain('ERR_TLS_CERT_ALTNAME_INVALID');
    });
  });

  test('a GitHub outage costs the deployment statuses, never the monitoring', async () => {
    const deploymentId = await createDeployment();
    // Every retry of the three statuses answers 502.
    emulator.injectFault({
      route: 'repos/create-deployment-status',
      times: 12,
      kind: 'status-502',
    });
    const result = await monitor({
      urls: `${health.url}/health`,
      'deployment-id': String(deploymentId),
      duration: '1s',
      interval: '500ms',
      timeout: '400ms',
    });
    expect(result.exitCode).toBe(0);
    expect(result.outputs['result']).toBe('healthy');
    const warnings = result.annotations.filter((a) => a.level === 'warning').map((a) => a.message);
    expect(warnings).toEqual([
      expect.stringMatching(
        /^Could not mark the deployment in progress \(.*\); monitoring anyway\.$/,
      ),
      expect.stringMatching(/^Could not record that the smoke checks passed: /),
      expect.stringMatching(/^Could not record the deployment status: /),
    ]);
    expect(deploymentStates(deploymentId)).toEqual([]);
    // Each status was sent 3 times, and looked up before each resend (a status is not
    // idempotent: it is never resent blindly).
    expect(emulator.countRequests({ operation: 'repos/create-deployment-status' })).toBe(9);
    expect(emulator.countRequests({ operation: 'repos/list-deployment-statuses' })).toBe(9);
  });

  test('an unknown deployment is refused before any probe', async () => {
    const probes = health.requests.length;
    const result = await monitor({ urls: `${health.url}/health`, 'deployment-id': '999999' });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain(
      `::error::Deployment 999999 was not found in ${REPOSITORY} (or the token cannot see it)`,
    );
    expect(health.requests.length).toBe(probes);
    expect(result.outputs).toEqual({});
  });

  test('cancellation (SIGTERM) writes the partial report and summary, and marks the deployment', async () => {
    const deploymentId = await createDeployment();
    const result = await monitor(
      {
        urls: `${health.url}/health`,
        'deployment-id': String(deploymentId),
        duration: '30s',
        interval: '300ms',
        timeout: '250ms',
      },
      { signal: { name: 'SIGTERM', whenStdoutMatches: /^\[monitor 2\] /m } },
    );

    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain(
      'Received SIGTERM: stopping, writing the partial report and summary.',
    );
    expect(result.outputs['result']).toBe('');
    expect(Number(result.outputs['checks'])).toBeGreaterThanOrEqual(3);
    const report = readReport(result.reportPath);
    expect(report.result).toBe('cancelled');
    // Stopped early: fewer rounds than the 30 s would have had, counted rather than timed.
    expect(report.rounds).toBeLessThan(report.plannedRounds);
    expect(report.results.length).toBe(Number(result.outputs['checks']));
    expect(report.reason).toMatch(/^Cancelled after \d+ of 100 rounds: no verdict\.$/);
    expect(result.summary.split('\n')[0]).toBe(
      '### post-deploy-monitor: ⚠️ cancelled before a verdict',
    );
    expect(result.annotations.find((a) => a.level === 'error')?.message).toMatch(
      /^Monitoring was cancelled/,
    );
    expect(deploymentStates(deploymentId)).toEqual(['in_progress', 'in_progress', 'error']);
  });

  test('a slow server times out, classified, and the round is not held up', async () => {
    const result = await monitor({
      urls: `${health.url}/slow\n${health.url}/health`,
      duration: '1s',
      interval: '300ms',
      timeout: '200ms',
    });
    expect(result.exitCode).toBe(1);
    const error = result.annotations.find((a) => a.level === 'error')?.message ?? '';
    expect(error).toMatch(
      /^Unhealthy \[timeout\]: Smoke check failed 3 times in a row: .*\/slow: timeout: no response within 200ms \(waiting for the response\)/,
    );
  });

  describe('every input is checked before any probe or API call', () => {
    const before = () => ({ probes: health.requests.length, calls: emulator.requests.length });

    test.each([
      [{}, "Input 'product' is required (or give 'urls', or 'prometheus-url' and 'queries')"],
      [
        { urls: 'ftp://x.example/health' },
        "Input 'urls' item 1 'ftp://x.example/health' is not an http:// or https:// URL.",
      ],
      [
        { urls: 'HEALTH_URL', duration: '5' },
        "Input 'urls' item 1 'HEALTH_URL' is not an http:// or https:// URL.",
      ],
      [{ urls: '@health', duration: '5' }, "Input 'duration' is '5', not a duration"],
      [
        { urls: '@health', 'failure-threshold': '0' },
        "Input 'failure-threshold' must be a whole number from 1 to 100, not '0'.",
      ],
      [
        { urls: '- url: @health\n  expect-staus: 200' },
        "Input 'urls' item 1: unknown key 'expect-staus'",
      ],
      [
        { queries: '- name: x\n  query: up', 'prometheus-url': 'http://127.0.0.1:1' },
        "Input 'queries' item 1: needs a threshold: add max, min or both.",
      ],
      [{ urls: '@health', 'deployment-id': 'abc' }, "Input 'deployment-id' must be a whole number"],
      [
        { urls: '@health', interval: '10s', duration: '5s' },
        'The interval 10s is longer than the duration 5s',
      ],
      [
        { urls: '@health', interval: '1s', timeout: '5s' },
        "Input 'timeout' (5s) is longer than the interval 1s",
      ],
      [
        { urls: '@health', 'webhook-url': 'not a url' },
        "Input 'webhook-url' is not an http:// or https:// URL.",
      ],
    ])('%j', async (given, message) => {
      const inputs = Object.fromEntries(
        Object.entries(given as Record<string, string>).map(([k, v]) => [
          k,
          v.replace('@health', `${health.url}/health`),
        ]),
      );
      const start = before();
      const result = await runAction('post-deploy-monitor', {
        inputs,
        apiUrl: emulator.url,
        repository: REPOSITORY,
      });
      expect(result.exitCode).toBe(1);
      expect(result.stdout).toContain(`::error::${message}`);
      expect(before()).toEqual(start);
      expect(result.outputs).toEqual({});
    });

    test('a product without a monitor section, with a checkout', async () => {
      const workspace = mkdtempSync(join(outDir, 'checkout-'));
      writeFileSync(
        join(workspace, 'hotfix.yml'),
        `products:\n  ${PRODUCT}:\n    version-files: [package.json]\n`,
      );
      const result = await runAction('post-deploy-monitor', {
        inputs: { product: PRODUCT, config: 'hotfix.yml' },
        workspace,
        apiUrl: emulator.url,
        repository: REPOSITORY,
      });
      expect(result.exitCode).toBe(1);
      expect(result.stdout).toContain(
        `::error::Product "${PRODUCT}" has no \`monitor\` section in hotfix.yml`,
      );
      expect(emulator.requests).toHaveLength(0);
    });
  });
});
