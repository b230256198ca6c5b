import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { getOctokit } from '@actions/github';
import {
  git,
  scratchRepository,
  type ScratchRepository,
} from '../../sandbox/emulator/bare-repo.js';
import { useEmulator } from '../../sandbox/emulator/jest.js';

// Pull requests, issues, labels, releases, deployments, statuses, dispatches and pagination.

const sandbox = useEmulator();
let repo: ScratchRepository;
let octokit: ReturnType<typeof getOctokit>;
const fullName = 'octo-org/monorepo';
const at = { owner: 'octo-org', repo: 'monorepo' };

beforeAll(() => {
  repo = scratchRepository({ 'apps/web/package.json': '{ "version": "0.1.0" }\n' });
  sandbox.emulator.addRepository(fullName, repo.bare);
  octokit = getOctokit('test-token', { baseUrl: sandbox.emulator.url });
});

afterAll(() => repo.remove());

const bareGit = (...args: string[]) => git(repo.bare, ...args);

/** A branch off main with one commit changing `file`, pushed with plain git. */
function branchWithCommit(branch: string, file: string, content: string): string {
  git(repo.work, 'checkout', '--quiet', '-B', branch, 'origin/main');
  const sha = repo.commit({ [file]: content }, `change ${file} on ${branch}`);
  git(repo.work, 'push', '--quiet', 'origin', `HEAD:refs/heads/${branch}`);
  git(repo.work, 'fetch', '--quiet', 'origin');
  return sha;
}

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return error as { status: number; message: string };
  }
  throw new Error('expected the request to fail');
}

describe('pull requests', () => {
  test('create, refuse a duplicate, list by head, review, request reviewers, files and commits', async () => {
    const head = branchWithCommit(
      'hotfix/web-v0.1.1',
      'apps/web/package.json',
      '{ "version": "0.1.1" }\n',
    );
    const created = await octokit.rest.pulls.create({
      ...at,
      title: 'HOTFIX: checkout crash',
      head: 'hotfix/web-v0.1.1',
      base: 'main',
      body: '**URGENT PRODUCTION FIX**',
    });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({
      number: 1,
      state: 'open',
      head: { ref: 'hotfix/web-v0.1.1', sha: head },
      base: { ref: 'main', sha: bareGit('rev-parse', 'main') },
      mergeable: true,
      commits: 1,
      changed_files: 1,
    });

    const duplicate = await failure(
      octokit.rest.pulls.create({
        ...at,
        title: 'again',
        head: 'octo-org:hotfix/web-v0.1.1',
        base: 'main',
      }),
    );
    expect(duplicate.status).toBe(422);
    expect(duplicate.message).toContain('A pull request already exists');

    const listed = await octokit.rest.pulls.list({
      ...at,
      head: 'octo-org:hotfix/web-v0.1.1',
      state: 'open',
    });
    expect(listed.data.map((p) => p.number)).toEqual([1]);
    expect((await octokit.rest.pulls.list({ ...at, head: 'octo-org:other' })).data).toEqual([]);

    await octokit.rest.pulls.requestReviewers({
      ...at,
      pull_number: 1,
      reviewers: ['octocat'],
      team_reviewers: ['release-engineers'],
    });
    await octokit.rest.pulls.createReview({ ...at, pull_number: 1, event: 'APPROVE' });
    const reviews = await octokit.rest.pulls.listReviews({ ...at, pull_number: 1 });
    expect(reviews.data.map((r) => [r.state, r.commit_id])).toEqual([['APPROVED', head]]);
    const pull = sandbox.emulator.repo(fullName).pulls[0];
    expect(pull).toMatchObject({
      requested_reviewers: ['octocat'],
      requested_teams: ['release-engineers'],
    });

    const files = await octokit.rest.pulls.listFiles({ ...at, pull_number: 1 });
    expect(files.data.map((f) => [f.filename, f.status])).toEqual([
      ['apps/web/package.json', 'modified'],
    ]);
    const commits = await octokit.rest.pulls.listCommits({ ...at, pull_number: 1 });
    expect(commits.data.map((c) => c.sha)).toEqual([head]);

    await octokit.rest.pulls.update({ ...at, pull_number: 1, state: 'closed' });
    expect((await octokit.rest.pulls.get({ ...at, pull_number: 1 })).data).toMatchObject({
      state: 'closed',
      merged: false,
    });
    expect((await failure(octokit.rest.pulls.merge({ ...at, pull_number: 1 }))).status).toBe(405);
  });

  test.each(['merge', 'squash', 'rebase'] as const)(
    '%s merge writes real commits and moves the base branch',
    async (method) => {
      const branch = `feature/${method}`;
      const head = branchWithCommit(branch, `${method}.txt`, `${method}\n`);
      const baseBefore = bareGit('rev-parse', 'main');
      const { data: pull } = await octokit.rest.pulls.create({
        ...at,
        title: `Add ${method}`,
        head: branch,
        base: 'main',
      });
      const { data: result } = await octokit.rest.pulls.merge({
        ...at,
        pull_number: pull.number,
        merge_method: method,
      });
      expect(result.merged).toBe(true);
      expect(bareGit('rev-parse', 'main')).toBe(result.sha);
      expect(bareGit('show', `main:${method}.txt`)).toBe(method);
      const parents = bareGit('log', '-1', '--format=%P', result.sha).split(' ');
      expect(parents).toEqual(method === 'merge' ? [baseBefore, head] : [baseBefore]);
      if (method === 'squash')
        expect(bareGit('log', '-1', '--format=%s', 'main')).toBe(`Add ${method} (#${pull.number})`);
      const merged = await octokit.rest.pulls.get({ ...at, pull_number: pull.number });
      expect(merged.data).toMatchObject({
        state: 'closed',
        merged: true,
        merge_commit_sha: result.sha,
      });
      git(repo.work, 'fetch', '--quiet', 'origin');
    },
  );

  test('a pull request whose branches conflict is not mergeable (405)', async () => {
    branchWithCommit('conflict-a', 'conflict.txt', 'a\n');
    await octokit.rest.pulls.create({ ...at, title: 'a', head: 'conflict-a', base: 'main' });
    const { data: b } = await octokit.rest.pulls.create({
      ...at,
      title: 'b',
      head: branchWithCommit('conflict-b', 'conflict.txt', 'b\n') && 'conflict-b',
      base: 'main',
    });
    const { data: a } = await octokit.rest.pulls.list({ ...at, head: 'octo-org:conflict-a' });
    await octokit.rest.pulls.merge({ ...at, pull_number: a[0]?.number ?? 0 });
    expect((await octokit.rest.pulls.get({ ...at, pull_number: b.number })).data.mergeable).toBe(
      false,
    );
    expect((await failure(octokit.rest.pulls.merge({ ...at, pull_number: b.number }))).status).toBe(
      405,
    );
    git(repo.work, 'fetch', '--quiet', 'origin');
  });
});

describe('issues, comments and labels', () => {
  test('a tracking issue with labels, comments, label changes and closing', async () => {
    await octokit.rest.issues.createLabel({ ...at, name: 'URGENT', color: 'b60205' });
    const duplicate = await failure(
      octokit.rest.issues.createLabel({ ...at, name: 'urgent', color: 'b60205' }),
    );
    expect(duplicate.status).toBe(422);
    const { data: issue } = await octokit.rest.issues.create({
      ...at,
      title: 'Hotfix web 0.1.1',
      body: '- [ ] branch',
      labels: ['hotfix', 'URGENT'],
    });
    expect(issue.labels.map((l) => (typeof l === 'string' ? l : l.name))).toEqual([
      'hotfix',
      'URGENT',
    ]);
    expect((await octokit.rest.issues.getLabel({ ...at, name: 'hotfix' })).data.color).toBe(
      'ededed',
    );

    const { data: comment } = await octokit.rest.issues.createComment({
      ...at,
      issue_number: issue.number,
      body: 'Deployed.',
    });
    await octokit.rest.issues.updateComment({
      ...at,
      comment_id: comment.id,
      body: 'Deployed to production.',
    });
    const comments = await octokit.rest.issues.listComments({ ...at, issue_number: issue.number });
    expect(comments.data.map((c) => c.body)).toEqual(['Deployed to production.']);

    await octokit.rest.issues.addLabels({
      ...at,
      issue_number: issue.number,
      labels: ['sla-breach'],
    });
    const remaining = await octokit.rest.issues.removeLabel({
      ...at,
      issue_number: issue.number,
      name: 'hotfix',
    });
    expect(remaining.data.map((l) => l.name)).toEqual(['URGENT', 'sla-breach']);
    expect(
      (
        await failure(
          octokit.rest.issues.removeLabel({ ...at, issue_number: issue.number, name: 'hotfix' }),
        )
      ).status,
    ).toBe(404);

    const byLabel = await octokit.rest.issues.listForRepo({ ...at, labels: 'URGENT,sla-breach' });
    expect(byLabel.data.map((i) => i.number)).toEqual([issue.number]);
    await octokit.rest.issues.update({ ...at, issue_number: issue.number, state: 'closed' });
    const open = await octokit.rest.issues.listForRepo({ ...at, labels: 'URGENT' });
    expect(open.data).toEqual([]);
    const state = sandbox.emulator.repo(fullName);
    expect(state.issues.find((i) => i.number === issue.number)).toMatchObject({
      state: 'closed',
      labels: ['URGENT', 'sla-breach'],
    });
    expect(state.labels.map((l) => l.name)).toEqual(
      expect.arrayContaining(['URGENT', 'hotfix', 'sla-breach']),
    );
  });
});

describe('releases', () => {
  test('publishing a release creates its tag; a second release for the tag is refused', async () => {
    const main = bareGit('rev-parse', 'main');
    const { data } = await octokit.rest.repos.createRelease({
      ...at,
      tag_name: 'web/prod-v0.1.1',
      name: 'web 0.1.1',
      body: 'HOTFIX: checkout crash',
    });
    expect(bareGit('rev-parse', 'refs/tags/web/prod-v0.1.1')).toBe(main);
    const byTag = await octokit.rest.repos.getReleaseByTag({ ...at, tag: 'web/prod-v0.1.1' });
    expect(byTag.data.id).toBe(data.id);
    const again = await failure(
      octokit.rest.repos.createRelease({ ...at, tag_name: 'web/prod-v0.1.1' }),
    );
    expect(again.status).toBe(422);
    await octokit.rest.repos.updateRelease({ ...at, release_id: data.id, prerelease: true });
    const listed = await octokit.rest.repos.listReleases(at);
    expect(listed.data.map((r) => [r.tag_name, r.prerelease])).toEqual([['web/prod-v0.1.1', true]]);
    expect((await failure(octokit.rest.repos.getReleaseByTag({ ...at, tag: 'nope' }))).status).toBe(
      404,
    );
  });
});

describe('deployments, statuses and dispatches', () => {
  /** Two successful deployments of main to `environment`: the first one's statuses, newest first. */
  async function twoSuccessfulDeployments(environment: string) {
    const first = await octokit.rest.repos.createDeployment({
      ...at,
      ref: 'main',
      environment,
      auto_merge: false,
    });
    if (!('id' in first.data)) throw new Error('expected a deployment');
    const firstId = first.data.id;
    await octokit.rest.repos.createDeploymentStatus({
      ...at,
      deployment_id: firstId,
      state: 'success',
    });
    const second = await octokit.rest.repos.createDeployment({ ...at, ref: 'main', environment });
    if (!('id' in second.data)) throw new Error('expected a deployment');
    await octokit.rest.repos.createDeploymentStatus({
      ...at,
      deployment_id: second.data.id,
      state: 'success',
      environment_url: 'https://web.example.com',
    });
    const firstStatuses = await octokit.rest.repos.listDeploymentStatuses({
      ...at,
      deployment_id: firstId,
    });
    return { firstId, secondId: second.data.id, states: firstStatuses.data.map((s) => s.state) };
  }

  test('a successful deployment retires the earlier successful ones, except production ones', async () => {
    expect((await twoSuccessfulDeployments('staging')).states).toEqual(['inactive', 'success']);
    // GitHub's rule for auto_inactive: prior non-transient, non-production deployments only.
    const production = await twoSuccessfulDeployments('production');
    expect(production.states).toEqual(['success']);
    const listed = await octokit.rest.repos.listDeployments({
      ...at,
      environment: 'production',
      sha: bareGit('rev-parse', 'main'),
    });
    expect(listed.data.map((d) => d.id)).toEqual([production.secondId, production.firstId]);
    expect(
      (await failure(octokit.rest.repos.createDeployment({ ...at, ref: 'nope' }))).status,
    ).toBe(422);
  });

  test('commit statuses combine to the latest state per context', async () => {
    const sha = bareGit('rev-parse', 'main');
    await octokit.rest.repos.createCommitStatus({
      ...at,
      sha,
      state: 'pending',
      context: 'hotfix/validate',
    });
    await octokit.rest.repos.createCommitStatus({
      ...at,
      sha,
      state: 'success',
      context: 'hotfix/validate',
    });
    await octokit.rest.repos.createCommitStatus({ ...at, sha, state: 'success', context: 'ci' });
    const combined = await octokit.rest.repos.getCombinedStatusForRef({ ...at, ref: 'main' });
    expect(combined.data).toMatchObject({ state: 'success', total_count: 2, sha });
    const all = await octokit.rest.repos.listCommitStatusesForRef({ ...at, ref: sha });
    expect(all.data.map((s) => s.state)).toEqual(['success', 'success', 'pending']);
    await octokit.rest.repos.createCommitStatus({ ...at, sha, state: 'failure', context: 'ci' });
    expect(
      (await octokit.rest.repos.getCombinedStatusForRef({ ...at, ref: 'main' })).data.state,
    ).toBe('failure');
  });
});

describe('pagination', () => {
  test('octokit.paginate walks Link headers over more than 100 items', async () => {
    const main = bareGit('rev-parse', 'main');
    let parent = main;
    for (let i = 0; i < 130; i++) {
      parent = bareGit('commit-tree', `${main}^{tree}`, '-p', parent, '-m', `commit ${i}`);
    }
    bareGit('update-ref', 'refs/heads/long', parent);
    const commits = await octokit.paginate(octokit.rest.repos.listCommits, {
      ...at,
      sha: 'long',
      per_page: 100,
    });
    expect(commits.map((c) => c.sha)).toEqual(bareGit('rev-list', 'long').split('\n'));
    expect(sandbox.emulator.countRequests({ operation: 'repos/list-commits' })).toBe(
      Math.ceil(commits.length / 100),
    );

    const page = await octokit.rest.repos.listCommits({
      ...at,
      sha: 'long',
      per_page: 50,
      page: 2,
    });
    expect(page.headers.link).toMatch(/[?&]page=3[^>]*>; rel="next"/);
    expect(page.headers.link).toMatch(/rel="last"/);
    expect(page.headers.link).toMatch(/[?&]page=1[^>]*>; rel="first"/);

    for (let i = 0; i < 105; i++) {
      sandbox.emulator
        .repo(fullName)
        .labels.push({ id: 100_000 + i, name: `bulk-${i}`, color: 'ededed', description: null });
    }
    const labels = await octokit.paginate(octokit.rest.issues.listLabelsForRepo, {
      ...at,
      per_page: 100,
    });
    expect(labels.filter((l) => l.name.startsWith('bulk-'))).toHaveLength(105);
  });
});
