// GraphQL in the emulator (files by `object(expression:)` / `object(oid:)`, checked against
// GitHub's published schema), and the actions' batched file reads on top of it.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { getOctokit } from '@actions/github';
import {
  git,
  scratchRepository,
  type ScratchRepository,
} from '../../sandbox/emulator/bare-repo.js';
import { BLOB_TEXT_LIMIT } from '../../sandbox/emulator/graphql.js';
import { isWrite } from '../../sandbox/emulator/index.js';
import { useEmulator } from '../../sandbox/emulator/jest.js';
import { commitSnapshot, FILES_PER_QUERY, readFiles } from '../../src/github/commit-files.js';
import { readHeadsAndTag } from '../../src/github/refs.js';

const sandbox = useEmulator();
let repo: ScratchRepository;
let octokit: ReturnType<typeof getOctokit>;
let head: string;
const at = { owner: 'octo-org', repo: 'monorepo' };
// Longer than GitHub sends whole in a GraphQL answer: the text comes back cut short.
const LONG = `# Changelog\n${'| 2025-01-06 | 1.0.0 | a fix |\n'.repeat(BLOB_TEXT_LIMIT / 20)}`;

beforeAll(() => {
  repo = scratchRepository({
    'apps/web/package.json': '{\n  "version": "0.1.0"\n}\n',
    'apps/web/CHANGELOG.md': LONG,
    'assets/logo.png': '\u0000PNG',
  });
  sandbox.emulator.addRepository(`${at.owner}/${at.repo}`, repo.bare);
  octokit = getOctokit('test-token', { baseUrl: sandbox.emulator.url });
  head = git(repo.bare, 'rev-parse', 'main');
});

afterAll(() => repo.remove());

describe('the emulator answers GraphQL as GitHub does', () => {
  test('branch heads by ref(qualifiedName:) and tags by object(oid:), with what start reads', async () => {
    git(repo.bare, 'branch', '--force', 'release/web-v0.1.x', 'main');
    git(
      repo.bare,
      '-c',
      'user.name=Rin',
      '-c',
      'user.email=rin@krow.example',
      'tag',
      '-f',
      '-a',
      'web/prod-v0.1.0',
      '-m',
      'release',
      'main',
    );
    const tagObject = git(repo.bare, 'rev-parse', 'web/prod-v0.1.0');
    const read = await readHeadsAndTag(
      octokit,
      at,
      ['main', 'release/web-v0.1.x', 'no-such-branch'],
      { name: 'web/prod-v0.1.0', objectSha: tagObject, annotated: true },
    );
    expect(read).toEqual({ heads: [head, head, undefined], tagCommit: head });
    expect(sandbox.emulator.countRequests({ operation: 'graphql' })).toBe(1);
    // A lightweight tag is its own commit: the query asks only for the heads.
    sandbox.emulator.reset();
    const light = await readHeadsAndTag(octokit, at, ['main'], {
      name: 'web/prod-v0.0.9',
      objectSha: head,
      annotated: false,
    });
    expect(light).toEqual({ heads: [head], tagCommit: head });
    expect(sandbox.emulator.problems).toEqual([]);
  });

  test('blobs by path at a commit and by SHA, in one query; a missing path is null', async () => {
    const blob = git(repo.bare, 'rev-parse', 'main:apps/web/package.json');
    const answer = await octokit.graphql<{ repository: Record<string, unknown> }>(
      `query($owner: String!, $name: String!, $path: String!, $oid: GitObjectID!, $none: String!) {
        repository(owner: $owner, name: $name) {
          byPath: object(expression: $path) { ... on Blob { oid text isTruncated isBinary byteSize } }
          bySha: object(oid: $oid) { ... on Blob { text } }
          missing: object(expression: $none) { oid }
        }
      }`,
      {
        owner: at.owner,
        name: at.repo,
        path: `${head}:apps/web/package.json`,
        oid: blob,
        none: `${head}:nope.txt`,
      },
    );
    expect(answer.repository).toEqual({
      byPath: {
        oid: blob,
        text: '{\n  "version": "0.1.0"\n}\n',
        isTruncated: false,
        isBinary: false,
        byteSize: Buffer.byteLength('{\n  "version": "0.1.0"\n}\n'),
      },
      bySha: { text: '{\n  "version": "0.1.0"\n}\n' },
      missing: null,
    });
    expect(sandbox.emulator.requests.map((r) => r.operation)).toEqual(['graphql']);
    expect(sandbox.emulator.requests.filter(isWrite)).toEqual([]);
  });

  test('a query GitHub would refuse is refused, and recorded as a problem', async () => {
    await expect(
      octokit.graphql(`{ repository(owner: "octo-org", name: "monorepo") { nope } }`),
    ).rejects.toThrow(/Cannot query field "nope" on type "Repository"/);
    expect(sandbox.emulator.problems).toEqual([
      expect.stringMatching(/^graphql: Cannot query field "nope"/),
    ]);
    sandbox.emulator.reset();
  });

  test('a field of GitHub the sandbox does not serve fails loudly', async () => {
    await expect(
      octokit.graphql(`{ repository(owner: "octo-org", name: "monorepo") { description } }`),
    ).rejects.toThrow(/Repository.description is not emulated/);
    expect(sandbox.emulator.problems).toHaveLength(1);
    sandbox.emulator.reset();
  });
});

describe('readFiles / commitSnapshot: the files of one read in one request', () => {
  test('short, long (cut short by GraphQL) and missing files, all whole', async () => {
    const texts = await readFiles(octokit, at, [
      { path: 'apps/web/package.json', commit: head },
      { path: 'apps/web/CHANGELOG.md', commit: head },
      { path: 'nope.txt', commit: head },
    ]);
    expect(texts.get('apps/web/package.json')).toBe('{\n  "version": "0.1.0"\n}\n');
    expect(texts.get('apps/web/CHANGELOG.md')).toBe(LONG);
    expect(texts.has('nope.txt')).toBe(true);
    expect(texts.get('nope.txt')).toBeUndefined();
    // The long file's text is read again whole, by the blob SHA the query gave.
    expect(sandbox.emulator.requests.map((r) => r.operation)).toEqual(['graphql', 'git/get-blob']);
  });

  test('a snapshot reads each path once, however often it is asked for', async () => {
    const snapshot = commitSnapshot(octokit, at, head);
    const first = await snapshot.read(['apps/web/package.json', 'assets/logo.png']);
    const again = await snapshot.read(['apps/web/package.json']);
    expect(again.get('apps/web/package.json')).toBe(first.get('apps/web/package.json'));
    // A binary file comes without text from GraphQL: read through the blob API.
    expect(first.get('assets/logo.png')).toBe('\u0000PNG');
    expect(sandbox.emulator.requests.map((r) => r.operation)).toEqual(['graphql', 'git/get-blob']);
  });

  test('a read of hundreds of files is split into queries of FILES_PER_QUERY files', async () => {
    const count = FILES_PER_QUERY * 2 + 50;
    const paths = Array.from({ length: count }, (_, i) => `packages/p${i}/VERSION`);
    const many = scratchRepository(
      Object.fromEntries(paths.map((path, i) => [path, `1.0.${i}\n`])),
    );
    try {
      sandbox.emulator.addRepository('octo-org/many', many.bare);
      const commit = git(many.bare, 'rev-parse', 'main');
      const texts = await readFiles(
        octokit,
        { owner: 'octo-org', repo: 'many' },
        [...paths, 'missing/VERSION'].map((path) => ({ path, commit })),
      );
      expect(paths.map((path) => texts.get(path))).toEqual(paths.map((_, i) => `1.0.${i}\n`));
      expect(texts.has('missing/VERSION')).toBe(true);
      expect(texts.get('missing/VERSION')).toBeUndefined();
      // Three queries: two full, one with the other 51 files.
      const filesPerQuery = sandbox.emulator.requests.map((r) => {
        expect(r.operation).toBe('graphql');
        const query = (r.requestBody as { query: string }).query;
        return query.match(/: object\(/g)?.length;
      });
      expect(filesPerQuery.sort()).toEqual([51, FILES_PER_QUERY, FILES_PER_QUERY].sort());
    } finally {
      many.remove();
    }
  });
});
