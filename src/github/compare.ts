/**
 * One `compare/{base}...{head}` call, reduced to what the hotfix checks need: ancestry, the
 * commits the head has that the base lacks, and the files changed. Its cost does not grow with
 * the repository's history: GitHub lists at most 250 commits and 300 files, and counts the rest.
 */
import { UserError } from '../domain/errors.js';
import { statusOf, type GitHubClient, type RepositoryId } from './client.js';

export interface ComparedFile {
  path: string;
  status: string;
  /** The blob at the head (undefined for a removed file): read it with `git/get-blob`. */
  blobSha?: string;
  /** The unified diff hunks; GitHub leaves them out for binary and very large diffs. */
  patch?: string;
  previousPath?: string;
}

export interface Comparison {
  /** The base as a commit (an annotated tag named as base is peeled). */
  baseSha: string;
  mergeBaseSha: string;
  status: 'ahead' | 'behind' | 'identical' | 'diverged';
  aheadBy: number;
  behindBy: number;
  /** Commits the head has that the base lacks, oldest first, at most 250. */
  commits: { sha: string; subject: string }[];
  /** The files changed from the merge base to the head. */
  files: ComparedFile[];
  /** GitHub lists at most 300 files; false when there may be more. */
  filesComplete: boolean;
}

/** GitHub's limit on the files of a comparison. */
const COMPARE_FILE_LIMIT = 300;

/**
 * Compares `base...head` (branch names, tag names or commit SHAs). A side that does not exist is
 * the user's mistake, named with `what` (e.g. "base branch 'main'").
 */
/** Whether the head descends from the base (the base is the merge base: nothing of it is missing). */
export function descendsFromBase(
  comparison: Pick<Comparison, 'status' | 'mergeBaseSha' | 'baseSha'>,
): boolean {
  return (
    (comparison.status === 'ahead' || comparison.status === 'identical') &&
    comparison.mergeBaseSha === comparison.baseSha
  );
}

export async function compareCommits(
  github: GitHubClient,
  repository: RepositoryId,
  base: string,
  head: string,
  what: { base: string; head: string },
): Promise<Comparison> {
  let data;
  try {
    ({ data } = await github.rest.repos.compareCommitsWithBasehead({
      ...repository,
      basehead: `${base}...${head}`,
    }));
  } catch (error) {
    if (statusOf(error) === 404) {
      throw new UserError(
        `GitHub cannot compare ${what.base} with ${what.head} in ${repository.owner}/${repository.repo}: ` +
          `one of them does not exist, or they share no history.`,
      );
    }
    throw error;
  }
  const files = (data.files ?? []).map((file): ComparedFile => ({
    path: file.filename,
    status: file.status,
    ...(file.status !== 'removed' && file.sha ? { blobSha: file.sha } : {}),
    patch: file.patch,
    previousPath: file.previous_filename,
  }));
  return {
    baseSha: data.base_commit.sha,
    mergeBaseSha: data.merge_base_commit.sha,
    status: data.status,
    aheadBy: data.ahead_by,
    behindBy: data.behind_by,
    commits: data.commits.map((commit) => ({
      sha: commit.sha,
      subject: commit.commit.message.split('\n')[0] ?? '',
    })),
    files,
    filesComplete: files.length < COMPARE_FILE_LIMIT,
  };
}
