// The fault suite for the tracker's writers (see test/helpers/fault-suite.ts): sync (the deployed message,
// the SLA breach, the label, the body), the follow-up (the 24-hour update, the postmortem) and
// the post-deploy monitor (its deployment, statuses and comment).
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { getOctokit } from '@actions/github';
import { runAction } from '../../sandbox/harness/run-action.js';
import { startHealthEndpoint, type HealthEndpoint } from '../../sandbox/rehearsal/sandbox.js';
import { encodeMarker, type TrackerState } from '../../src/domain/tracker/state.js';
import { pristineCopies, runFaultSuite } from '../helpers/fault-suite.js';
import { MOBILE } from '../helpers/mobile-hotfix.js';
import { useSandbox } from '../helpers/sandbox.js';

const sandbox = useSandbox();
const BASE_TAG = `${MOBILE}/prod-v0.1.0`;
const TAG = `${MOBILE}/prod-v0.1.1`;
const T0 = '2026-03-05T10:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();
let health: HealthEndpoint;

const copies = pristineCopies(sandbox, 'faults-tracker', (repo) => {
  repo.git(['tag', TAG, `${BASE_TAG}^{commit}`]);
});

/** A hotfix tracked since T0, tagged, deployed at T+90 (past its 1-hour target). */
async function trackedAndDeployed(): Promise<{ repository: string; bare: string; issue: number }> {
  const copy = await copies.next();
  const [owner = '', repo = ''] = copy.repository.split('/');
  const api = getOctokit('test-token', { baseUrl: sandbox.emulator.url });
  const state: TrackerState = {
    product: MOBILE,
    previousVersion: '0.1.0',
    version: '0.1.1',
    severity: 'CRITICAL',
    startedAt: T0,
    issue: 'Shift list crashes on open',
    impact: 'All staff on iOS',
    baseTag: BASE_TAG,
    baseSha: copy.repo.git(['rev-parse', `${BASE_TAG}^{commit}`]),
    branch: `hotfix/${MOBILE}-v0.1.1`,
    baseBranch: 'main',
  };
  const { data: issue } = await api.rest.issues.create({
    owner,
    repo,
    title: 'tracker',
    body: encodeMarker(state),
    labels: ['hotfix', 'URGENT'],
  });
  const { data: deployment } = await api.rest.repos.createDeployment({
    owner,
    repo,
    ref: TAG,
    environment: 'production',
    required_contexts: [],
    auto_merge: false,
  });
  if (!('id' in deployment)) throw new Error('no deployment');
  const records = sandbox.emulator.repo(copy.repository);
  records.deployments.at(-1)!.created_at = at(90);
  await api.rest.repos.createDeploymentStatus({
    owner,
    repo,
    deployment_id: deployment.id,
    state: 'success',
    description: 'Healthy',
  });
  records.deploymentStatuses.at(-1)!.created_at = at(95);
  return { ...copy, issue: issue.number };
}

beforeAll(async () => {
  health = await startHealthEndpoint();
  await copies.build();
}, 120_000);
afterAll(() => health?.close());

const env = (minutes: number) => ({ HOTFIX_RETRY_BASE_MS: '1', HOTFIX_NOW: at(minutes) });

test('sync: every write faulted, then a re-run: one deployed message, one SLA comment', async () => {
  const { diverged } = await runFaultSuite(sandbox.emulator, {
    name: 'sync',
    prepare: trackedAndDeployed,
    clock: at(100),
    run: (repository) =>
      runAction('hotfix', {
        inputs: { command: 'sync', product: MOBILE },
        apiUrl: sandbox.emulator.url,
        repository,
        env: env(100),
      }),
  });
  expect(diverged).toEqual([]);
}, 600_000);

test('follow-up: every write faulted, then a re-run: one 24-hour update, one postmortem', async () => {
  const { diverged } = await runFaultSuite(sandbox.emulator, {
    name: 'follow-up',
    prepare: trackedAndDeployed,
    clock: at(95 + 24 * 60 + 5),
    run: (repository) =>
      runAction('hotfix', {
        inputs: { command: 'follow-up' },
        apiUrl: sandbox.emulator.url,
        repository,
        env: env(95 + 24 * 60 + 5),
      }),
  });
  expect(diverged).toEqual([]);
}, 600_000);

test('post-deploy-monitor: every write faulted, then a re-run: one deployment and its statuses', async () => {
  const issues = new Map<string, number>();
  const { diverged } = await runFaultSuite(sandbox.emulator, {
    name: 'post-deploy-monitor',
    rerunRepeats: true,
    // By design an outage costs a status or the comment, never the monitoring; a re-run watches
    // again. What must hold: one deployment (never a second), ending in the verdict, and the
    // verdict on the tracker.
    project: (state) => ({
      refs: state.refs,
      deployments: state.records.deployments.map((d) => ({ ...d, statuses: d.statuses.at(-1) })),
      comments: [...new Set(state.records.comments)],
      issues: state.records.issues,
    }),
    prepare: async () => {
      const copy = await copies.next();
      const [owner = '', repo = ''] = copy.repository.split('/');
      const api = getOctokit('test-token', { baseUrl: sandbox.emulator.url });
      const { data } = await api.rest.issues.create({ owner, repo, title: 'tracker' });
      issues.set(copy.repository, data.number);
      return copy;
    },
    run: (repository) =>
      runAction('post-deploy-monitor', {
        inputs: {
          urls: `${health.url}/staff/health`,
          duration: '1s',
          interval: '500ms',
          timeout: '400ms',
          environment: 'production',
          tag: TAG,
          'tracking-issue': String(issues.get(repository)),
        },
        apiUrl: sandbox.emulator.url,
        repository,
        env: { HOTFIX_RETRY_BASE_MS: '1' },
      }),
  });
  expect(diverged).toEqual([]);
}, 600_000);
