/**
 * The size limits GitHub documents for the responses the emulator serves. Tests lower one with
 * `emulator.setLimits` to reach, on a small repository, the client paths only a large one takes on
 * GitHub; `reset` restores GitHub's values. One set per process, like the clock.
 */
export interface Limits {
  /** Entries of a recursive tree listing before it is cut short (`truncated: true`). */
  treeEntries: number;
  /** Bytes of a recursive tree listing's JSON before it is cut short. */
  treeBytes: number;
  /** Commits of a comparison asked for without `page` or `per_page`: the newest ones. */
  compareCommits: number;
  /** Files of a comparison, on its first page only. */
  compareFiles: number;
  /** Bytes up to which `contents` inlines a file; above, `content` is '' with `encoding: none`. */
  contentsInline: number;
}

const MB = 1024 * 1024;

export const GITHUB_LIMITS: Readonly<Limits> = {
  treeEntries: 100_000,
  treeBytes: 7 * MB,
  compareCommits: 250,
  compareFiles: 300,
  contentsInline: MB,
};

export const limits: Limits = { ...GITHUB_LIMITS };

export function setLimits(changes: Partial<Limits> | undefined): void {
  Object.assign(limits, changes ?? GITHUB_LIMITS);
}
