import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getOctokit } from '@actions/github';
import {
  git,
  scratchRepository,
  type ScratchRepository,
} from '../../sandbox/emulator/bare-repo.js';
import { isWrite } from '../../sandbox/emulator/index.js';
import { useEmulator } from '../../sandbox/emulator/jest.js';

// `POST /repos/{owner}/{repo}/merges` (merge a branch), driven by Octokit and checked with plain git.

const sandbox = useEmulator();
let repo: ScratchRepository;
let octokit: ReturnType<typeof getOctokit>;
const at = { owner: 'octo-org', repo: 'monorepo' };

beforeAll(() => {
  repo = scratchRepository({ 'apps/web/package.json': '{\n  "version": "0.1.0"\n}\n' });
  sandbox.emulator.addRepository('octo-org/monorepo', repo.bare);
  octokit = getOctokit('test-token', { baseUrl: sandbox.emulator.url });
});

afterAll(() => repo.remove());

const bareGit = (...args: string[]) => git(repo.bare, ...args);

/** A branch pushed with plain git: `from` (a commit of the bare repository) plus one commit. */
function branch(name: string, from: string, files: Record<string, string>): string {
  git(repo.work, 'fetch', '--quiet', 'origin');
  git(repo.work, 'checkout', '--quiet', '-B', name, from);
  return repo.commit(files, `change on ${name}`);
}

/** Every ref and every commit reachable from one: what a refused merge must leave as it was. */
const snapshot = () => ({
  refs: bareGit('for-each-ref', '--format=%(refname) %(objectname)'),
  commits: bareGit('rev-list', '--all'),
});

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return error as { status: number; response?: { data: { message?: string } } };
  }
  throw new Error('expected the request to fail');
}

describe('merging', () => {
  test('diverged branches: a real merge commit with both sides, and the base moves to it', async () => {
    const start = bareGit('rev-parse', 'main');
    const base = branch('release/1.x', start, { 'README.md': '# release\n' });
    const head = branch('feature/fix', start, { 'apps/web/fix.txt': 'fixed\n' });

    const merged = await octokit.rest.repos.merge({
      ...at,
      base: 'release/1.x',
      head: 'feature/fix',
    });

    expect(merged.status).toBe(201);
    const sha = merged.data.sha;
    expect(bareGit('rev-parse', 'refs/heads/release/1.x')).toBe(sha);
    expect(bareGit('rev-parse', 'refs/heads/feature/fix')).toBe(head);
    expect(bareGit('log', '-1', '--format=%P', sha)).toBe(`${base} ${head}`);
    expect(bareGit('cat-file', 'blob', `${sha}:README.md`)).toBe('# release');
    expect(bareGit('cat-file', 'blob', `${sha}:apps/web/fix.txt`)).toBe('fixed');
    expect(bareGit('log', '-1', '--format=%an <%ae>|%cn <%ce>|%B', sha)).toBe(
      'github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>|' +
        'GitHub <noreply@github.com>|Merge feature/fix into release/1.x',
    );
    expect(merged.data).toMatchObject({
      sha,
      commit: {
        message: 'Merge feature/fix into release/1.x',
        tree: { sha: bareGit('rev-parse', `${sha}^{tree}`) },
        committer: { name: 'GitHub', email: 'noreply@github.com' },
      },
      parents: [{ sha: base }, { sha: head }],
    });

    const [entry] = sandbox.emulator.requests;
    expect(entry).toMatchObject({ method: 'POST', operation: 'repos/merge', status: 201 });
    expect(entry && isWrite(entry)).toBe(true);
    expect(sandbox.emulator.problems).toEqual([]);
  });

  test('a base behind its head still gets a merge commit, never a fast-forward', async () => {
    const base = bareGit('rev-parse', 'main');
    bareGit('update-ref', 'refs/heads/behind', base);
    const head = branch('ahead', base, { 'ahead.txt': 'ahead\n' });

    const merged = await octokit.rest.repos.merge({ ...at, base: 'behind', head: 'ahead' });

    expect(merged.status).toBe(201);
    expect(merged.data.sha).not.toBe(head);
    expect(bareGit('rev-parse', 'refs/heads/behind')).toBe(merged.data.sha);
    expect(bareGit('log', '-1', '--format=%P', merged.data.sha)).toBe(`${base} ${head}`);
    expect(bareGit('rev-parse', `${merged.data.sha}^{tree}`)).toBe(
      bareGit('rev-parse', `${head}^{tree}`),
    );
  });

  test('the head may be a commit made through the API that no ref points at', async () => {
    const start = bareGit('rev-parse', 'main');
    const base = branch('release/2.x', start, { 'README.md': '# release 2\n' });
    const tree = await octokit.rest.git.createTree({
      ...at,
      base_tree: bareGit('rev-parse', `${start}^{tree}`),
      tree: [{ path: 'apps/web/hotfix.txt', mode: '100644', type: 'blob', content: 'hotfix\n' }],
    });
    const commit = await octokit.rest.git.createCommit({
      ...at,
      message: 'fix(web): hotfix',
      tree: tree.data.sha,
      parents: [start],
    });
    const head = commit.data.sha;
    expect(bareGit('for-each-ref', '--contains', head)).toBe('');

    const merged = await octokit.rest.repos.merge({
      ...at,
      base: 'release/2.x',
      head,
      commit_message: 'Ship the hotfix',
    });

    expect(merged.status).toBe(201);
    const sha = merged.data.sha;
    expect(merged.data.commit.message).toBe('Ship the hotfix');
    expect(bareGit('log', '-1', '--format=%P|%B', sha)).toBe(`${base} ${head}|Ship the hotfix`);
    expect(bareGit('cat-file', 'blob', `${sha}:apps/web/hotfix.txt`)).toBe('hotfix');
    expect(bareGit('cat-file', 'blob', `${sha}:README.md`)).toBe('# release 2');
    expect(bareGit('for-each-ref', '--format=%(refname)', '--contains', head)).toBe(
      'refs/heads/release/2.x',
    );
  });

  test('a head the base already contains is "nothing to merge": 204, nothing written', async () => {
    const start = bareGit('rev-parse', 'main');
    const head = branch('topic/done', start, { 'done.txt': 'done\n' });
    branch('release/3.x', head, { 'README.md': '# release 3\n' });
    const before = snapshot();

    for (const given of ['topic/done', head, 'release/3.x', start]) {
      const answer = await octokit.rest.repos.merge({ ...at, base: 'release/3.x', head: given });
      expect(answer.status).toBe(204);
    }

    expect(snapshot()).toEqual(before);
    expect(sandbox.emulator.requests.map((r) => [r.status, r.responseBody])).toEqual(
      Array.from({ length: 4 }, () => [204, undefined]),
    );
  });

  test('a real conflict answers 409 "Merge conflict": no commit, the base does not move', async () => {
    const start = bareGit('rev-parse', 'main');
    const base = branch('release/4.x', start, { 'apps/web/package.json': '{ "version": "4" }\n' });
    branch('topic/clash', start, { 'apps/web/package.json': '{ "version": "5" }\n' });
    const before = snapshot();

    const error = await failure(
      octokit.rest.repos.merge({ ...at, base: 'release/4.x', head: 'topic/clash' }),
    );

    expect(error.status).toBe(409);
    expect(error.response?.data.message).toBe('Merge conflict');
    expect(snapshot()).toEqual(before);
    expect(bareGit('rev-parse', 'refs/heads/release/4.x')).toBe(base);
  });

  test('a missing base or head answers 404 with what is missing', async () => {
    const main = bareGit('rev-parse', 'main');
    const before = snapshot();
    const cases: [string, string, string][] = [
      ['no/such/branch', 'main', 'Base does not exist'],
      [main, 'main', 'Base does not exist'], // the base must be a branch, not a commit
      ['main', 'no/such/branch', 'Head does not exist'],
      ['main', 'f'.repeat(40), 'Head does not exist'],
    ];
    for (const [base, head, message] of cases) {
      const error = await failure(octokit.rest.repos.merge({ ...at, base, head }));
      expect([error.status, error.response?.data.message]).toEqual([404, message]);
    }
    expect(snapshot()).toEqual(before);
  });

  test('a base the merge cannot move (a lost race) answers 409 and stays where it was', async () => {
    const start = bareGit('rev-parse', 'main');
    const base = branch('release/5.x', start, { 'README.md': '# release 5\n' });
    branch('topic/late', start, { 'late.txt': 'late\n' });
    // The compare-and-swap of the base loses: git refuses the update, as it does when another
    // write moved the branch after the merge read it.
    const hook = join(repo.bare, 'hooks', 'reference-transaction');
    writeFileSync(
      hook,
      '#!/bin/sh\ninput=$(cat)\n' +
        'if [ "$1" = prepared ] && printf "%s\\n" "$input" | grep -q " refs/heads/release/5.x$"; then exit 1; fi\n',
    );
    chmodSync(hook, 0o755);
    try {
      const error = await failure(
        octokit.rest.repos.merge({ ...at, base: 'release/5.x', head: 'topic/late' }),
      );
      expect(error.status).toBe(409);
      expect(error.response?.data.message).toContain('Base branch was modified');
    } finally {
      rmSync(hook);
    }
    expect(bareGit('rev-parse', 'refs/heads/release/5.x')).toBe(base);
  });
});

describe('faults', () => {
  test('drop-after-write: the merge lands, the answer is lost', async () => {
    const start = bareGit('rev-parse', 'main');
    const base = branch('release/6.x', start, { 'README.md': '# release 6\n' });
    const head = branch('topic/dropped', start, { 'dropped.txt': 'dropped\n' });
    sandbox.emulator.injectFault({ route: 'repos/merge', times: 1, kind: 'drop-after-write' });

    const error = await failure(
      octokit.rest.repos.merge({ ...at, base: 'release/6.x', head: 'topic/dropped' }),
    );

    expect(error.status).toBe(500); // Octokit's status for a request that got no response
    const moved = bareGit('rev-parse', 'refs/heads/release/6.x');
    expect(bareGit('log', '-1', '--format=%P', moved)).toBe(`${base} ${head}`);
    expect(sandbox.emulator.requests[0]).toMatchObject({
      operation: 'repos/merge',
      status: 201,
      fault: 'drop-after-write',
    });
  });

  test('status-502: nothing is merged', async () => {
    const start = bareGit('rev-parse', 'main');
    const base = branch('release/7.x', start, { 'README.md': '# release 7\n' });
    branch('topic/unlucky', start, { 'unlucky.txt': 'unlucky\n' });
    sandbox.emulator.injectFault({ route: 'repos/merge', times: 1, kind: 'status-502' });

    const error = await failure(
      octokit.rest.repos.merge({ ...at, base: 'release/7.x', head: 'topic/unlucky' }),
    );

    expect(error.status).toBe(502);
    expect(bareGit('rev-parse', 'refs/heads/release/7.x')).toBe(base);
    const retried = await octokit.rest.repos.merge({
      ...at,
      base: 'release/7.x',
      head: 'topic/unlucky',
    });
    expect(retried.status).toBe(201);
    expect(sandbox.emulator.problems).toEqual([]);
  });
});
