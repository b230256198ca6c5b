/** The tracking issue `start` opens (step 1's record): its hidden state and what start knows it did. */
import type { HotfixConfig } from '../config.js';
import type { TrackerFacts } from '../tracker/facts.js';
import type { TrackerState } from '../tracker/state.js';
import { startCommitMessage } from './commit.js';
import type { HotfixForm } from './form.js';

export interface StartedHotfix {
  product: string;
  previousVersion: string;
  version: string;
  form: HotfixForm;
  /** When the run started, as GitHub records times. */
  startedAt: string;
  baseTag: string;
  baseSha: string;
  branch: string;
  baseBranch: string;
  /** The pull request: its number and the branch it merges into. */
  pull: { number: number; base: string };
}

export function startTrackerState(started: StartedHotfix): TrackerState {
  return {
    product: started.product,
    previousVersion: started.previousVersion,
    version: started.version,
    severity: started.form.severity,
    startedAt: started.startedAt,
    issue: started.form.issue,
    impact: started.form.impact,
    baseTag: started.baseTag,
    baseSha: started.baseSha,
    branch: started.branch,
    baseBranch: started.baseBranch,
    // A re-run keeps the base the pull request was opened with.
    ...(started.pull.base !== started.baseBranch ? { maintenanceBranch: started.pull.base } : {}),
    pr: started.pull.number,
  };
}

/**
 * What start knows it did, as tracker facts, so that the new tracker is right without reading
 * everything back: the commit (dated by the pull request GitHub opened right after it), the pull
 * request with its labels and review request (set in the same run).
 */
export function startFacts(
  state: TrackerState,
  config: HotfixConfig,
  pull: { number: number; url: string; createdAt: string; headSha: string },
  files: string[],
  commitSha: string | undefined,
): TrackerFacts {
  return {
    branch: {
      fromTag: true,
      commits: commitSha
        ? [
            {
              sha: commitSha,
              message: startCommitMessage(state.product, state.version, state.baseTag),
              date: pull.createdAt,
              files,
            },
          ]
        : [],
      files: files.map((path) => ({ path })),
    },
    pull: {
      number: pull.number,
      url: pull.url,
      state: 'open',
      merged: false,
      createdAt: pull.createdAt,
      labels: config.labels,
      requestedReviewers: config.reviewers.length,
      headSha: pull.headSha,
      reviews: [],
    },
    deployments: [],
    comments: [],
  };
}
