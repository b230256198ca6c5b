/**
 * Files of one commit through the GitHub API, read-only: the files of one read in one GraphQL
 * request (up to FILES_PER_QUERY of them), by path at the commit or by blob SHA. For checks that read a few files at a fixed
 * commit, cheaper than listing the whole tree first.
 */
import type { FileChange } from '../domain/files.js';
import type { Snapshot } from '../runner/files.js';
import { statusOf, type GitHubClient, type RepositoryId } from './client.js';

/**
 * A file's text at `ref` (a commit SHA, branch or tag; undefined: the default branch), or
 * undefined when it does not exist.
 */
export async function readFileAt(
  github: GitHubClient,
  repository: RepositoryId,
  ref: string | undefined,
  path: string,
): Promise<string | undefined> {
  let data;
  try {
    ({ data } = await github.rest.repos.getContent({
      ...repository,
      path,
      ref,
    }));
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw error;
  }
  if (Array.isArray(data) || data.type !== 'file') return undefined;
  // Files over 1 MB come without their content: read the blob.
  if (data.content === undefined || (data.content === '' && data.size > 0)) {
    return readBlobText(github, repository, data.sha);
  }
  return decode(data.content, data.encoding);
}

/** A blob's text by SHA. */
export async function readBlobText(
  github: GitHubClient,
  repository: RepositoryId,
  sha: string,
): Promise<string> {
  const { data } = await github.rest.git.getBlob({ ...repository, file_sha: sha });
  return decode(data.content, data.encoding);
}

function decode(content: string, encoding: string | undefined): string {
  return Buffer.from(content, encoding === 'base64' ? 'base64' : 'utf8').toString('utf8');
}

/** A file to read: by blob SHA when known, else by path at a commit. */
export type FileToRead = { path: string } & ({ blob: string } | { commit: string });

interface BlobAnswer {
  oid: string;
  text: string | null;
  isTruncated: boolean;
  isBinary: boolean;
}

/**
 * Files per GraphQL query. Every read the actions make fits in one (a product's version files and
 * CHANGELOG); a larger read, say `bump-patch` over hundreds of files, is split so that no query
 * risks GitHub's 10-second limit on one request, and the queries are sent together.
 */
export const FILES_PER_QUERY = 100;

/**
 * Several files' texts in one request, where the REST API takes one per file: a GraphQL query
 * with one aliased `object` per file (GitHub counts a query's nodes, not its aliases), one query
 * per FILES_PER_QUERY files. Undefined for a path the commit does not have. A text GitHub sends
 * cut short (a long file) or not at all (binary) is read whole through the REST blob API.
 */
export async function readFiles(
  github: GitHubClient,
  repository: RepositoryId,
  files: readonly FileToRead[],
): Promise<Map<string, string | undefined>> {
  const chunks: FileToRead[][] = [];
  for (let start = 0; start < files.length; start += FILES_PER_QUERY) {
    chunks.push(files.slice(start, start + FILES_PER_QUERY));
  }
  const answers = await Promise.all(chunks.map((chunk) => readChunk(github, repository, chunk)));
  return new Map(answers.flatMap((answer) => [...answer]));
}

async function readChunk(
  github: GitHubClient,
  repository: RepositoryId,
  files: readonly FileToRead[],
): Promise<Map<string, string | undefined>> {
  const texts = new Map<string, string | undefined>();
  const variables: Record<string, string> = { owner: repository.owner, name: repository.repo };
  const declarations = ['$owner: String!', '$name: String!'];
  const selections = files.map((file, index) => {
    const byBlob = 'blob' in file;
    variables[`v${index}`] = byBlob ? file.blob : `${file.commit}:${file.path}`;
    declarations.push(`$v${index}: ${byBlob ? 'GitObjectID!' : 'String!'}`);
    return `f${index}: object(${byBlob ? 'oid' : 'expression'}: $v${index}) { ...file }`;
  });
  const query =
    `query(${declarations.join(', ')}) {\n` +
    `  repository(owner: $owner, name: $name) {\n    ${selections.join('\n    ')}\n  }\n}\n` +
    'fragment file on Blob { oid text isTruncated isBinary }';
  const answer = await github.graphql<{ repository: Record<string, BlobAnswer | null> }>(
    query,
    variables,
  );
  await Promise.all(
    files.map(async (file, index) => {
      const blob = answer.repository[`f${index}`] ?? null;
      texts.set(
        file.path,
        blob === null
          ? undefined
          : blob.text !== null && !blob.isTruncated && !blob.isBinary
            ? blob.text
            : await readBlobText(github, repository, blob.oid),
      );
    }),
  );
  return texts;
}

/**
 * The files of a commit as a read-only Snapshot (for `readConfig` and the domain), each path read
 * once; the paths of one `read` in one request. `blobs` maps paths whose blob SHA is known.
 */
export function commitSnapshot(
  github: GitHubClient,
  repository: RepositoryId,
  commitSha: string,
  blobs: ReadonlyMap<string, string> = new Map(),
): Snapshot {
  const cache = new Map<string, Promise<string | undefined>>();
  return {
    async read(paths) {
      const unique = [...new Set(paths)];
      const missing = unique.filter((path) => !cache.has(path));
      if (missing.length > 0) {
        const pending = readFiles(
          github,
          repository,
          missing.map((path) => {
            const blob = blobs.get(path);
            return blob !== undefined ? { path, blob } : { path, commit: commitSha };
          }),
        );
        for (const path of missing)
          cache.set(
            path,
            pending.then((texts) => texts.get(path)),
          );
      }
      const texts = await Promise.all(unique.map((path) => cache.get(path)));
      return new Map(unique.map((path, index) => [path, texts[index]]));
    },
    write() {
      throw new Error('commitSnapshot is read-only');
    },
  };
}

/** A commit's tree and parents. */
export async function readCommit(
  github: GitHubClient,
  repository: RepositoryId,
  sha: string,
): Promise<{ treeSha: string; parents: string[] }> {
  const { data } = await github.rest.git.getCommit({ ...repository, commit_sha: sha });
  return { treeSha: data.tree.sha, parents: data.parents.map((parent) => parent.sha) };
}

/**
 * A commit of `files` on the tree of commit `treeOf`, with `parents` (two requests; GitHub keeps
 * every other file of that tree as it is). Unreferenced until a ref points at it.
 */
export async function commitOnto(
  github: GitHubClient,
  repository: RepositoryId,
  options: { treeOf: string; files: FileChange[]; parents: string[]; message: string },
): Promise<string> {
  const { treeSha } = await readCommit(github, repository, options.treeOf);
  const { data: tree } = await github.rest.git.createTree({
    ...repository,
    base_tree: treeSha,
    tree: options.files.map((change) => ({
      path: change.path,
      mode: '100644' as const,
      type: 'blob' as const,
      content: change.content,
    })),
  });
  const { data: commit } = await github.rest.git.createCommit({
    ...repository,
    message: options.message,
    tree: tree.sha,
    parents: options.parents,
  });
  return commit.sha;
}
