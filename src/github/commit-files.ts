/**
 * Files of one commit through the GitHub API, read-only: one call per file (the contents API, or
 * `git/get-blob` when the blob's SHA is already known from a comparison). For checks that read a
 * few files at a fixed commit, cheaper than listing the whole tree first.
 */
import { UserError } from '../runner/errors.js';
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
      ...(ref !== undefined ? { ref } : {}),
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

/**
 * The files of a commit as a read-only Snapshot (for `readConfig` and the domain), each path read
 * once, in parallel. `blobs` maps paths whose blob SHA is known to it (one `get-blob` each).
 */
export function commitSnapshot(
  github: GitHubClient,
  repository: RepositoryId,
  commitSha: string,
  blobs: ReadonlyMap<string, string> = new Map(),
): Snapshot {
  const cache = new Map<string, Promise<string | undefined>>();
  const readOne = (path: string) => {
    let pending = cache.get(path);
    if (pending === undefined) {
      const blob = blobs.get(path);
      pending =
        blob !== undefined
          ? readBlobText(github, repository, blob)
          : readFileAt(github, repository, commitSha, path);
      cache.set(path, pending);
    }
    return pending;
  };
  return {
    async read(paths) {
      const unique = [...new Set(paths)];
      const texts = await Promise.all(unique.map(readOne));
      return new Map(unique.map((path, index) => [path, texts[index]]));
    },
    write() {
      throw new Error('commitSnapshot is read-only');
    },
  };
}

/** The commit a branch points at (`git/get-ref`); a missing branch is the user's mistake. */
export async function branchHeadSha(
  github: GitHubClient,
  repository: RepositoryId,
  branch: string,
): Promise<string> {
  try {
    const { data } = await github.rest.git.getRef({ ...repository, ref: `heads/${branch}` });
    return data.object.sha;
  } catch (error) {
    if (statusOf(error) === 404) {
      throw new UserError(
        `Branch '${branch}' does not exist in ${repository.owner}/${repository.repo}: check the branch name (without refs/heads/).`,
      );
    }
    throw error;
  }
}
