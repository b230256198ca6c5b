// The fault suite for the release (see test/helpers/fault-suite.ts): create-prod-tag on a merged hotfix
// pull request (tag, release, deploy dispatch), and the forward-port of the fix to main.
import { beforeAll, expect, test } from '@jest/globals';
import { getOctokit } from '@actions/github';
import { pullRequestEvent } from '../../sandbox/harness/events.js';
import { runAction } from '../../sandbox/harness/run-action.js';
import { startNextReleaseOnMain } from '../../sandbox/fixtures/monorepo.js';
import { pristineCopies, runFaultSuite } from '../helpers/fault-suite.js';
import { mobileHotfix, MOBILE, pushBranch } from '../helpers/mobile-hotfix.js';
import { useSandbox } from '../helpers/sandbox.js';

const sandbox = useSandbox();
const BASE_TAG = `${MOBILE}/prod-v0.1.0`;
const TAG = `${MOBILE}/prod-v0.1.1`;
const BRANCH = `hotfix/${MOBILE}-v0.1.1`;
const LINE = `release/${MOBILE}-v0.1.x`;
const env = { HOTFIX_RETRY_BASE_MS: '1', HOTFIX_NOW: '2026-03-05T10:00:00Z' };

/** Main holds the next release; the hotfix merged into the maintenance branch. */
const merged = new Map<string, { number: number; head: string; merge: string }>();
const copies = pristineCopies(sandbox, 'faults-release', async (repo) => {
  startNextReleaseOnMain(repo);
  repo.git(['branch', LINE, `${BASE_TAG}^{commit}`]);
  const head = pushBranch(repo, BRANCH, BASE_TAG, mobileHotfix());
  void head;
});
const octokit = () => getOctokit('test-token', { baseUrl: sandbox.emulator.url });

async function mergedPull(repository: string) {
  const [owner = '', repo = ''] = repository.split('/');
  const api = octokit();
  const { data: pull } = await api.rest.pulls.create({
    owner,
    repo,
    title: 'HOTFIX: Shift list crashes',
    head: BRANCH,
    base: LINE,
  });
  await api.rest.pulls.createReview({ owner, repo, pull_number: pull.number, event: 'APPROVE' });
  const { data } = await api.rest.pulls.merge({ owner, repo, pull_number: pull.number });
  merged.set(repository, { number: pull.number, head: pull.head.sha, merge: data.sha });
}

const tagStep = (repository: string) => {
  const pull = merged.get(repository)!;
  return runAction('create-prod-tag', {
    inputs: { 'require-approval': 'true', release: 'true', dispatch: 'hotfix-deploy.yml' },
    apiUrl: sandbox.emulator.url,
    repository,
    env,
    event: pullRequestEvent({
      action: 'closed',
      number: pull.number,
      merged: true,
      merge_commit_sha: pull.merge,
      head: { ref: BRANCH, sha: pull.head },
      base: { ref: LINE, sha: pull.merge },
      repository,
    }),
  });
};

beforeAll(() => copies.build(), 120_000);

test('create-prod-tag: every write faulted, then a re-run: one tag, one release, one deploy', async () => {
  const { diverged } = await runFaultSuite(sandbox.emulator, {
    name: 'create-prod-tag',
    prepare: async () => {
      const copy = await copies.next();
      await mergedPull(copy.repository);
      return copy;
    },
    run: tagStep,
  });
  expect(diverged).toEqual([]);
}, 600_000);

test('forward-port: every write faulted, then a re-run: one pull request carrying the fix', async () => {
  const { diverged } = await runFaultSuite(sandbox.emulator, {
    name: 'forward-port',
    prepare: async () => {
      const copy = await copies.next();
      await mergedPull(copy.repository);
      // The tag, as the release made it (on the maintenance branch's merge commit).
      const pull = merged.get(copy.repository)!;
      copy.repo.git([
        '-c',
        'user.name=Rin',
        '-c',
        'user.email=rin@krow.example',
        'tag',
        '-a',
        TAG,
        '-m',
        'HOTFIX: Shift list crashes',
        pull.merge,
      ]);
      return copy;
    },
    run: (repository) =>
      runAction('hotfix', {
        inputs: { command: 'forward-port', tag: TAG },
        apiUrl: sandbox.emulator.url,
        repository,
        env,
      }),
  });
  expect(diverged).toEqual([]);
}, 600_000);
