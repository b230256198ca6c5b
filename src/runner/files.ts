import type { FileChange, FileContents } from '../domain/files.js';

/**
 * Where an action reads and writes the repository's files: the checked-out workspace, or a
 * branch through the GitHub API. Either way an action reads every file it needs in one snapshot
 * and writes all its changes as one unit, so the domain code is the same for both.
 */
/** The repository's files as they were at one moment (the workspace now, or one commit). */
export interface Snapshot {
  /** Each path's text, or undefined when the file does not exist. */
  read(paths: readonly string[]): Promise<FileContents>;
  /**
   * Writes every change on top of what this snapshot saw, or none. Returns the commit that holds
   * it (API mode). Throws BranchMovedError when the branch moved since the snapshot.
   */
  write(changes: readonly FileChange[], message: string): Promise<{ commitSha?: string }>;
}

export interface RepositoryFiles {
  /** For messages and summaries: "the workspace" or "branch hotfix/web-v1.2.4". */
  readonly description: string;
  snapshot(): Promise<Snapshot>;
}

/** The branch moved between our read and our write: re-read and plan again, never force. */
export class BranchMovedError extends Error {
  override name = 'BranchMovedError';
}

/** What an action wants written, planned from a snapshot's contents. */
export interface PlannedWrite<T> {
  result: T;
  changes: FileChange[];
  message: string;
}

const MAX_ATTEMPTS = 3;

/**
 * Reads, plans and writes; when the branch moved in between, reads and plans again (the plan may
 * now find the work already done). A plan with no changes writes nothing.
 */
export async function readPlanWrite<T>(
  files: RepositoryFiles,
  plan: (snapshot: Snapshot) => Promise<PlannedWrite<T>>,
  dryRun: boolean,
): Promise<{ result: T; commitSha?: string; written: boolean }> {
  for (let attempt = 1; ; attempt++) {
    const snapshot = await files.snapshot();
    const planned = await plan(snapshot);
    if (dryRun || planned.changes.length === 0) return { result: planned.result, written: false };
    try {
      const { commitSha } = await snapshot.write(planned.changes, planned.message);
      return { result: planned.result, written: true, commitSha };
    } catch (error) {
      if (!(error instanceof BranchMovedError) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}
