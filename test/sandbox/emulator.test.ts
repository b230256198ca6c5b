import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { getOctokit } from '@actions/github';
import {
  git,
  scratchRepository,
  type ScratchRepository,
} from '../../sandbox/emulator/bare-repo.js';
import { useEmulator } from '../../sandbox/emulator/jest.js';

// The Git Data API and the repository read routes, driven by Octokit and checked with plain git.

const sandbox = useEmulator();
let repo: ScratchRepository;
let octokit: ReturnType<typeof getOctokit>;
const owner = 'octo-org';
const name = 'monorepo';
const at = { owner, repo: name };

beforeAll(() => {
  repo = scratchRepository({
    'apps/web/package.json': '{\n  "version": "0.1.0"\n}\n',
    'apps/web/CHANGELOG.md': '| Date | Version | Change |\n',
  });
  git(repo.work, 'tag', '-a', 'web/prod-v0.1.0', '-m', 'Release 0.1.0');
  git(repo.work, 'tag', 'web/prod-v0.0.9', 'HEAD');
  git(repo.work, 'push', '--quiet', 'origin', '--tags');
  sandbox.emulator.addRepository(`${owner}/${name}`, repo.bare);
  octokit = getOctokit('test-token', { baseUrl: sandbox.emulator.url });
});

afterAll(() => repo.remove());

const bareGit = (...args: string[]) => git(repo.bare, ...args);

async function status(promise: Promise<unknown>): Promise<{ status: number; message: string }> {
  try {
    await promise;
    return { status: 200, message: '' };
  } catch (error) {
    const failure = error as { status: number; message: string };
    return { status: failure.status, message: failure.message };
  }
}

describe('refs', () => {
  test('a branch and an annotated tag with slashes are read as GitHub shows them', async () => {
    const main = await octokit.rest.git.getRef({ ...at, ref: 'heads/main' });
    expect(main.data).toMatchObject({
      ref: 'refs/heads/main',
      object: { type: 'commit', sha: bareGit('rev-parse', 'main') },
    });
    const tag = await octokit.rest.git.getRef({ ...at, ref: 'tags/web/prod-v0.1.0' });
    expect(tag.data.object).toMatchObject({
      type: 'tag',
      sha: bareGit('rev-parse', 'refs/tags/web/prod-v0.1.0'),
    });
    expect(await status(octokit.rest.git.getRef({ ...at, ref: 'heads/nope' }))).toMatchObject({
      status: 404,
    });
  });

  test('matching-refs is a prefix match and may be empty', async () => {
    const tags = await octokit.rest.git.listMatchingRefs({ ...at, ref: 'tags/web/prod-v0' });
    expect(tags.data.map((r) => r.ref).sort()).toEqual([
      'refs/tags/web/prod-v0.0.9',
      'refs/tags/web/prod-v0.1.0',
    ]);
    const none = await octokit.rest.git.listMatchingRefs({ ...at, ref: 'tags/mobile/' });
    expect(none.data).toEqual([]);
  });

  test('create, fast-forward, refused non-fast-forward, force and delete all reach git', async () => {
    const base = bareGit('rev-parse', 'main');
    await octokit.rest.git.createRef({ ...at, ref: 'refs/heads/hotfix/web-v0.1.1', sha: base });
    expect(bareGit('rev-parse', 'refs/heads/hotfix/web-v0.1.1')).toBe(base);

    expect(
      await status(
        octokit.rest.git.createRef({ ...at, ref: 'refs/heads/hotfix/web-v0.1.1', sha: base }),
      ),
    ).toEqual({ status: 422, message: expect.stringContaining('Reference already exists') });

    const child = bareGit('commit-tree', `${base}^{tree}`, '-p', base, '-m', 'child');
    await octokit.rest.git.updateRef({ ...at, ref: 'heads/hotfix/web-v0.1.1', sha: child });
    expect(bareGit('rev-parse', 'refs/heads/hotfix/web-v0.1.1')).toBe(child);

    const sibling = bareGit('commit-tree', `${base}^{tree}`, '-p', base, '-m', 'sibling');
    expect(
      await status(
        octokit.rest.git.updateRef({ ...at, ref: 'heads/hotfix/web-v0.1.1', sha: sibling }),
      ),
    ).toEqual({ status: 422, message: expect.stringContaining('Update is not a fast forward') });
    expect(bareGit('rev-parse', 'refs/heads/hotfix/web-v0.1.1')).toBe(child);

    await octokit.rest.git.updateRef({
      ...at,
      ref: 'heads/hotfix/web-v0.1.1',
      sha: sibling,
      force: true,
    });
    expect(bareGit('rev-parse', 'refs/heads/hotfix/web-v0.1.1')).toBe(sibling);

    await octokit.rest.git.deleteRef({ ...at, ref: 'heads/hotfix/web-v0.1.1' });
    expect(bareGit('for-each-ref', 'refs/heads/hotfix')).toBe('');
  });

  test('a branch pushed with plain git is seen by the next request', async () => {
    const sha = repo.commit({ 'pushed.txt': 'pushed\n' }, 'pushed with git');
    const main = await octokit.rest.git.getRef({ ...at, ref: 'heads/main' });
    expect(main.data.object.sha).toBe(sha);
  });
});

describe('blobs, trees, commits and tags', () => {
  test('a commit made through the API is a real commit: git log and cat-file show it', async () => {
    const parent = bareGit('rev-parse', 'main');
    const parentTree = bareGit('rev-parse', 'main^{tree}');
    const utf8 = await octokit.rest.git.createBlob({
      ...at,
      content: '{\n  "version": "0.1.1"\n}\n',
    });
    const binary = Buffer.from([0, 1, 2, 255]);
    const base64 = await octokit.rest.git.createBlob({
      ...at,
      content: binary.toString('base64'),
      encoding: 'base64',
    });
    expect(Buffer.from(bareGit('cat-file', 'blob', utf8.data.sha))).toEqual(
      Buffer.from('{\n  "version": "0.1.1"\n}'),
    );
    const tree = await octokit.rest.git.createTree({
      ...at,
      base_tree: parentTree,
      tree: [
        { path: 'apps/web/package.json', mode: '100644', type: 'blob', sha: utf8.data.sha },
        { path: 'apps/web/deep/new/file.bin', mode: '100644', type: 'blob', sha: base64.data.sha },
        { path: 'apps/web/CHANGELOG.md', mode: '100644', type: 'blob', content: '| new |\n' },
        { path: 'README.md', mode: '100644', type: 'blob', sha: null },
      ],
    });
    const files = bareGit('ls-tree', '-r', '--name-only', tree.data.sha).split('\n');
    expect(files).toEqual(
      expect.arrayContaining([
        'apps/web/package.json',
        'apps/web/deep/new/file.bin',
        'apps/web/CHANGELOG.md',
      ]),
    );
    expect(files).not.toContain('README.md');
    expect(bareGit('cat-file', 'blob', `${tree.data.sha}:apps/web/CHANGELOG.md`)).toBe('| new |');

    const commit = await octokit.rest.git.createCommit({
      ...at,
      message: 'chore(web): bump version to 0.1.1',
      tree: tree.data.sha,
      parents: [parent],
      author: { name: 'Release Bot', email: 'bot@example.com', date: '2026-03-05T10:00:00+01:00' },
    });
    expect(bareGit('log', '-1', '--format=%an <%ae> %aI|%cn|%P|%T|%B', commit.data.sha)).toBe(
      `Release Bot <bot@example.com> 2026-03-05T10:00:00+01:00|Release Bot|${parent}|${tree.data.sha}|chore(web): bump version to 0.1.1`,
    );
    expect(commit.data).toMatchObject({
      sha: commit.data.sha,
      message: 'chore(web): bump version to 0.1.1',
      author: { name: 'Release Bot', date: '2026-03-05T09:00:00Z' },
      parents: [{ sha: parent }],
    });
    const read = await octokit.rest.git.getCommit({ ...at, commit_sha: commit.data.sha });
    expect(read.data.tree.sha).toBe(tree.data.sha);

    const blob = await octokit.rest.git.getBlob({ ...at, file_sha: base64.data.sha });
    expect(Buffer.from(blob.data.content, 'base64')).toEqual(binary);
    const listed = await octokit.rest.git.getTree({
      ...at,
      tree_sha: tree.data.sha,
      recursive: '1',
    });
    expect(listed.data.tree.map((e) => e.path)).toEqual(
      expect.arrayContaining(['apps', 'apps/web', 'apps/web/deep/new/file.bin']),
    );
  });

  test('an annotated tag object made through the API is what git shows', async () => {
    const target = bareGit('rev-parse', 'main');
    const tag = await octokit.rest.git.createTag({
      ...at,
      tag: 'web/prod-v0.1.1',
      message: 'HOTFIX: checkout crash',
      object: target,
      type: 'commit',
      tagger: { name: 'Release Bot', email: 'bot@example.com', date: '2026-03-05T10:00:00Z' },
    });
    await octokit.rest.git.createRef({
      ...at,
      ref: 'refs/tags/web/prod-v0.1.1',
      sha: tag.data.sha,
    });
    expect(bareGit('cat-file', '-t', 'web/prod-v0.1.1')).toBe('tag');
    expect(bareGit('rev-parse', 'web/prod-v0.1.1^{commit}')).toBe(target);
    expect(
      bareGit(
        'for-each-ref',
        '--format=%(taggername) %(contents:subject)',
        'refs/tags/web/prod-v0.1.1',
      ),
    ).toBe('Release Bot HOTFIX: checkout crash');
    const read = await octokit.rest.git.getTag({ ...at, tag_sha: tag.data.sha });
    expect(read.data).toMatchObject({
      tag: 'web/prod-v0.1.1',
      message: 'HOTFIX: checkout crash',
      object: { sha: target, type: 'commit' },
      tagger: { name: 'Release Bot', date: '2026-03-05T10:00:00Z' },
    });
  });

  test('a tree entry pointing at a missing blob is refused', async () => {
    const result = await status(
      octokit.rest.git.createTree({
        ...at,
        tree: [{ path: 'x', mode: '100644', type: 'blob', sha: 'f'.repeat(40) }],
      }),
    );
    expect(result.status).toBe(422);
  });
});

describe('repository, contents, compare', () => {
  test('the repository reports its default branch and URLs under the emulator', async () => {
    const { data } = await octokit.rest.repos.get(at);
    expect(data).toMatchObject({ full_name: `${owner}/${name}`, default_branch: 'main' });
    expect(data.html_url.startsWith(sandbox.emulator.url)).toBe(true);
  });

  test('contents: a file (base64, with its blob sha), a directory, a missing path', async () => {
    const file = await octokit.rest.repos.getContent({
      ...at,
      path: 'apps/web/package.json',
      ref: 'web/prod-v0.1.0',
    });
    if (Array.isArray(file.data) || file.data.type !== 'file') throw new Error('expected a file');
    expect(Buffer.from(file.data.content, 'base64').toString()).toBe(
      '{\n  "version": "0.1.0"\n}\n',
    );
    expect(file.data.sha).toBe(bareGit('rev-parse', 'web/prod-v0.1.0:apps/web/package.json'));

    const dir = await octokit.rest.repos.getContent({ ...at, path: 'apps/web' });
    expect(Array.isArray(dir.data) && dir.data.map((e) => e.name).sort()).toEqual(
      expect.arrayContaining(['CHANGELOG.md', 'package.json']),
    );
    expect((await status(octokit.rest.repos.getContent({ ...at, path: 'nope.txt' }))).status).toBe(
      404,
    );
  });

  test('compare: tag to branch ahead, reversed behind, diverged, identical', async () => {
    repo.commit({ 'apps/web/package.json': '{\n  "version": "0.2.0"\n}\n' }, 'feat: 0.2.0');
    const ahead = await octokit.rest.repos.compareCommitsWithBasehead({
      ...at,
      basehead: 'web/prod-v0.1.0...main',
    });
    const expectedAhead = Number(bareGit('rev-list', '--count', 'web/prod-v0.1.0..main'));
    expect(ahead.data).toMatchObject({
      status: 'ahead',
      ahead_by: expectedAhead,
      behind_by: 0,
      total_commits: expectedAhead,
      merge_base_commit: { sha: bareGit('rev-parse', 'web/prod-v0.1.0^{commit}') },
    });
    expect(ahead.data.commits.map((c) => c.sha)).toEqual(
      bareGit('rev-list', '--reverse', 'web/prod-v0.1.0..main').split('\n'),
    );
    const changed = ahead.data.files?.find((f) => f.filename === 'apps/web/package.json');
    expect(changed).toMatchObject({ status: 'modified', additions: 1, deletions: 1, changes: 2 });
    expect(changed?.patch).toContain('+  "version": "0.2.0"');

    const behind = await octokit.rest.repos.compareCommitsWithBasehead({
      ...at,
      basehead: 'main...web/prod-v0.1.0',
    });
    expect(behind.data).toMatchObject({ status: 'behind', ahead_by: 0, behind_by: expectedAhead });

    const tagged = bareGit('rev-parse', 'web/prod-v0.1.0^{commit}');
    const side = bareGit('commit-tree', `${tagged}^{tree}`, '-p', tagged, '-m', 'side');
    bareGit('update-ref', 'refs/heads/side', side);
    const diverged = await octokit.rest.repos.compareCommitsWithBasehead({
      ...at,
      basehead: 'main...side',
    });
    expect(diverged.data).toMatchObject({
      status: 'diverged',
      ahead_by: 1,
      behind_by: expectedAhead,
    });

    const same = await octokit.rest.repos.compareCommitsWithBasehead({
      ...at,
      basehead: 'main...main',
    });
    expect(same.data).toMatchObject({ status: 'identical', total_commits: 0, files: [] });
  });

  test('commits, a single commit with its files, branches and tags', async () => {
    const head = bareGit('rev-parse', 'main');
    const single = await octokit.rest.repos.getCommit({ ...at, ref: 'main' });
    expect(single.data.sha).toBe(head);
    expect(single.data.files?.map((f) => f.filename)).toEqual(
      bareGit('diff-tree', '--no-commit-id', '--name-only', '-r', 'main').split('\n'),
    );
    const byPath = await octokit.rest.repos.listCommits({ ...at, path: 'apps/web/package.json' });
    expect(byPath.data.map((c) => c.sha)).toEqual(
      bareGit('rev-list', 'main', '--', 'apps/web/package.json').split('\n'),
    );
    const branches = await octokit.rest.repos.listBranches(at);
    expect(branches.data.find((b) => b.name === 'main')?.commit.sha).toBe(head);
    const branch = await octokit.rest.repos.getBranch({ ...at, branch: 'main' });
    expect(branch.data.commit.sha).toBe(head);
    const tags = await octokit.rest.repos.listTags(at);
    expect(tags.data.find((t) => t.name === 'web/prod-v0.1.0')?.commit.sha).toBe(
      bareGit('rev-parse', 'web/prod-v0.1.0^{commit}'),
    );
  });
});
