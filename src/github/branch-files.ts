import { statusOf, type GitHubClient, type RepositoryId } from './client.js';
import { requireBranchHead } from './branches.js';
import { readFiles, type FileToRead } from './commit-files.js';
import type { FileContents } from '../domain/files.js';
import { BranchMovedError, type RepositoryFiles, type Snapshot } from '../runner/files.js';

export interface BranchFilesOptions {
  /**
   * The branch's head when the caller knows it (it has just created the branch): the first
   * snapshot then skips reading the ref. A later snapshot (after the branch moved under a write)
   * reads it again.
   */
  headSha?: string;
  /**
   * The branch does not exist yet: the snapshot is this commit's, and the write creates the
   * branch at the new commit (one ref write, where creating the branch first and moving it after
   * takes two). When the branch exists already, the write throws BranchExistsError, and only
   * an unreferenced commit object is left behind.
   */
  createAt?: string;
}

/** `createAt` found the branch already there: a re-run, or another run of the same hotfix. */
export class BranchExistsError extends Error {
  override name = 'BranchExistsError';
}

/**
 * A branch's files through the GitHub API, with no checkout. A snapshot costs a ref read (none
 * when the head is known) and one recursive tree listing (which tells which paths exist, and the
 * base tree); the files of one read then cost one request. A write costs one tree (new contents
 * inline), one commit and one ref update (or the branch's creation, with `createAt`).
 */
export function branchFiles(
  github: GitHubClient,
  repository: RepositoryId,
  branch: string,
  options: BranchFilesOptions = {},
): RepositoryFiles {
  let knownHead = options.headSha ?? options.createAt;
  return {
    description: `branch ${branch}`,
    async snapshot(): Promise<Snapshot> {
      const commitSha = knownHead ?? (await requireBranchHead(github, repository, branch));
      knownHead = undefined;
      const tree = await listTree(github, repository, commitSha);
      return {
        read: (paths) => readTreeFiles(github, repository, commitSha, tree, paths),
        async write(changes, message) {
          const { data: newTree } = await github.rest.git.createTree({
            ...repository,
            base_tree: tree.sha,
            tree: changes.map((change) => ({
              path: change.path,
              // An existing file keeps its mode (an executable stays executable).
              mode: (tree.blobs.get(change.path)?.mode ?? '100644') as '100644' | '100755',
              type: 'blob' as const,
              content: change.content,
            })),
          });
          const { data: commit } = await github.rest.git.createCommit({
            ...repository,
            message,
            tree: newTree.sha,
            parents: [commitSha],
          });
          if (options.createAt !== undefined) {
            await createRef(github, repository, branch, commit.sha);
          } else {
            await fastForward(github, repository, branch, commit.sha, commitSha, newTree.sha);
          }
          return { commitSha: commit.sha };
        },
      };
    },
  };
}

async function createRef(
  github: GitHubClient,
  repository: RepositoryId,
  branch: string,
  commitSha: string,
): Promise<void> {
  try {
    await github.rest.git.createRef({ ...repository, ref: `refs/heads/${branch}`, sha: commitSha });
  } catch (error) {
    if (statusOf(error) === 422) throw new BranchExistsError(`${branch} exists already.`);
    throw error;
  }
}

interface TreeListing {
  /** The root tree's SHA. */
  sha: string;
  blobs: Map<string, { sha: string; mode: string }>;
  /** GitHub cuts very large listings short; then files are read by path. */
  truncated: boolean;
}

async function listTree(
  github: GitHubClient,
  repository: RepositoryId,
  commitSha: string,
): Promise<TreeListing> {
  // A commit SHA is accepted where a tree is asked for: this saves reading the commit.
  const { data } = await github.rest.git.getTree({
    ...repository,
    tree_sha: commitSha,
    recursive: 'true',
  });
  const blobs = new Map<string, { sha: string; mode: string }>();
  for (const entry of data.tree) {
    if (entry.type === 'blob' && entry.path && entry.sha) {
      blobs.set(entry.path, { sha: entry.sha, mode: entry.mode ?? '100644' });
    }
  }
  return { sha: data.sha, blobs, truncated: data.truncated };
}

/** The paths' texts, in one request: by blob SHA from the listing, by path when it was cut short. */
async function readTreeFiles(
  github: GitHubClient,
  repository: RepositoryId,
  commitSha: string,
  tree: TreeListing,
  paths: readonly string[],
): Promise<FileContents> {
  const known = paths.flatMap((path): FileToRead[] => {
    const blob = tree.blobs.get(path);
    if (blob) return [{ path, blob: blob.sha }];
    return tree.truncated ? [{ path, commit: commitSha }] : [];
  });
  const texts = await readFiles(github, repository, known);
  return new Map(paths.map((path) => [path, texts.get(path)]));
}

/**
 * Moves the branch to our commit without force. When GitHub refuses (not a fast-forward), either
 * our own update already landed (its answer was lost and a retry found the branch moved: the head
 * is a commit with our tree on our parent), or someone else moved the branch: re-plan.
 */
async function fastForward(
  github: GitHubClient,
  repository: RepositoryId,
  branch: string,
  commitSha: string,
  parentSha: string,
  treeSha: string,
): Promise<void> {
  const ref = `heads/${branch}`;
  try {
    await github.rest.git.updateRef({ ...repository, ref, sha: commitSha, force: false });
  } catch (error) {
    if (statusOf(error) !== 422) throw error;
    const current = await requireBranchHead(github, repository, branch);
    const { data: head } = await github.rest.git.getCommit({ ...repository, commit_sha: current });
    const ours =
      head.tree.sha === treeSha && head.parents.length === 1 && head.parents[0]?.sha === parentSha;
    if (!ours) throw new BranchMovedError(`${branch} moved while we were writing to it.`);
  }
}
