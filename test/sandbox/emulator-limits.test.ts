import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { getOctokit } from '@actions/github';
import {
  git,
  scratchRepository,
  type ScratchRepository,
} from '../../sandbox/emulator/bare-repo.js';
import { useEmulator } from '../../sandbox/emulator/jest.js';
import { readFileAt } from '../../src/github/commit-files.js';

// Where GitHub's answers are cut short or ignore a parameter, the emulator answers the same way,
// so that the client paths only a large repository takes on GitHub run in the tests. The limits
// are lowered here to reach them on a small repository.

const sandbox = useEmulator();
let repo: ScratchRepository;
let octokit: ReturnType<typeof getOctokit>;
const at = { owner: 'octo-org', repo: 'monorepo' };
const COMMITS = 8;

beforeAll(() => {
  repo = scratchRepository({ 'apps/web/package.json': '{ "version": "0.1.0" }\n' });
  git(repo.work, 'tag', 'web/prod-v0.1.0');
  git(repo.work, 'push', '--quiet', 'origin', '--tags');
  for (let n = 1; n <= COMMITS; n++) repo.commit({ [`apps/web/src/f${n}.ts`]: `${n}\n` }, `c${n}`);
  sandbox.emulator.addRepository('octo-org/monorepo', repo.bare);
  octokit = getOctokit('test-token', { baseUrl: sandbox.emulator.url });
});

afterAll(() => repo.remove());

const subjects = (commits: { commit: { message: string } }[]) =>
  commits.map((c) => c.commit.message.trim());

describe('compare', () => {
  test('without paging: the newest commits, oldest first, and at most the file limit', async () => {
    sandbox.emulator.setLimits({ compareCommits: 3, compareFiles: 5 });
    const { data } = await octokit.rest.repos.compareCommitsWithBasehead({
      ...at,
      basehead: 'web/prod-v0.1.0...main',
    });
    expect(subjects(data.commits)).toEqual(['c6', 'c7', 'c8']);
    expect(data.ahead_by).toBe(COMMITS);
    expect(data.total_commits).toBe(COMMITS);
    expect(data.files).toHaveLength(5);
  });

  test('with per_page: every commit in order over the pages, the files on the first page only', async () => {
    sandbox.emulator.setLimits({ compareCommits: 3 });
    const pages = await octokit.paginate.iterator(octokit.rest.repos.compareCommitsWithBasehead, {
      ...at,
      basehead: 'web/prod-v0.1.0...main',
      per_page: 3,
    });
    const seen: { commits: string[]; files: number | undefined }[] = [];
    for await (const page of pages) {
      const body = page.data as unknown as {
        commits: { commit: { message: string } }[];
        files?: unknown[];
      };
      seen.push({ commits: subjects(body.commits), files: body.files?.length });
    }
    expect(seen).toEqual([
      { commits: ['c1', 'c2', 'c3'], files: COMMITS },
      { commits: ['c4', 'c5', 'c6'], files: undefined },
      { commits: ['c7', 'c8'], files: undefined },
    ]);
  });
});

describe('pull requests', () => {
  test('`head` without its owner is ignored, as GitHub ignores it', async () => {
    git(repo.work, 'checkout', '--quiet', '-B', 'hotfix/web-v0.1.1', 'web/prod-v0.1.0');
    repo.commit({ 'apps/web/package.json': '{ "version": "0.1.1" }\n' }, 'fix');
    git(repo.work, 'push', '--quiet', 'origin', 'HEAD:refs/heads/hotfix/web-v0.1.1');
    git(repo.work, 'checkout', '--quiet', 'main');
    git(repo.work, 'checkout', '--quiet', '-B', 'other', 'web/prod-v0.1.0');
    repo.commit({ 'apps/web/other.txt': 'x\n' }, 'other');
    git(repo.work, 'push', '--quiet', 'origin', 'HEAD:refs/heads/other');
    git(repo.work, 'checkout', '--quiet', 'main');
    for (const head of ['hotfix/web-v0.1.1', 'other']) {
      await octokit.rest.pulls.create({ ...at, title: head, head, base: 'main' });
    }
    const list = async (head: string) =>
      (await octokit.rest.pulls.list({ ...at, head })).data.map((p) => p.title).sort();
    expect(await list('octo-org:hotfix/web-v0.1.1')).toEqual(['hotfix/web-v0.1.1']);
    expect(await list('hotfix/web-v0.1.1')).toEqual(['hotfix/web-v0.1.1', 'other']);
  });
});

describe('contents', () => {
  test('a file over the inline limit comes with no content; the client reads its blob', async () => {
    const text = `${'# Changelog\n'.repeat(200)}`;
    repo.commit({ 'apps/web/CHANGELOG.md': text }, 'a long changelog');
    sandbox.emulator.setLimits({ contentsInline: 1000 });
    const { data } = await octokit.rest.repos.getContent({ ...at, path: 'apps/web/CHANGELOG.md' });
    expect(data).toMatchObject({ type: 'file', size: text.length, encoding: 'none', content: '' });
    expect(await readFileAt(octokit, at, 'main', 'apps/web/CHANGELOG.md')).toBe(text);
    expect(sandbox.emulator.countRequests({ operation: 'git/get-blob' })).toBe(1);
  });
});

describe('trees', () => {
  const recursiveTree = async () =>
    (await octokit.rest.git.getTree({ ...at, tree_sha: 'main', recursive: 'true' })).data;

  test('a recursive listing is cut short at the entry limit, with truncated: true', async () => {
    const whole = await recursiveTree();
    expect(whole.truncated).toBe(false);
    sandbox.emulator.setLimits({ treeEntries: 4 });
    const cut = await recursiveTree();
    expect(cut.truncated).toBe(true);
    expect(cut.tree).toEqual(whole.tree.slice(0, 4));
    // A listing of one level is never cut.
    const root = await octokit.rest.git.getTree({ ...at, tree_sha: 'main' });
    expect(root.data.truncated).toBe(false);
  });

  test('a recursive listing is cut short at the byte limit', async () => {
    const whole = await recursiveTree();
    sandbox.emulator.setLimits({ treeBytes: 2 * JSON.stringify(whole.tree[0]).length + 10 });
    const cut = await recursiveTree();
    expect(cut.truncated).toBe(true);
    expect(cut.tree.length).toBeGreaterThan(0);
    expect(cut.tree.length).toBeLessThan(whole.tree.length);
  });
});
