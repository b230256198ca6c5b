/**
 * Facts: what GitHub says, reduced to plain data by src/github/tracker.ts, and what the
 * configuration says about the product.
 */
import type { Review } from '../approval.js';
import type { HotfixConfig } from '../config.js';
import { releaseFiles } from '../forward-port.js';

export interface CommitFact {
  sha: string;
  message: string;
  /** The committer's date (when it landed on the branch). */
  date: string;
  /** Paths the commit changed. */
  files: string[];
}

export interface BranchFact {
  /** The branch's history starts at the base tag's commit (merge base = tag commit). */
  fromTag: boolean;
  /** The branch's own commits, oldest first. */
  commits: CommitFact[];
  /** The files changed from the tag to the head, with their patches when GitHub gives them. */
  files: { path: string; patch?: string }[];
}

export interface PullFact {
  number: number;
  url: string;
  state: 'open' | 'closed';
  merged: boolean;
  createdAt: string;
  mergedAt?: string;
  labels: string[];
  /** Users and teams whose review is still requested (GitHub drops them once they review). */
  requestedReviewers: number;
  /** The head commit: only an approval given on it counts. */
  headSha: string;
  reviews: Review[];
}

/** The forward-port of the fix to the default branch (the maintenance path only). */
export interface ForwardPortFact {
  number: number;
  url: string;
  state: 'open' | 'closed';
  merged: boolean;
  mergedAt?: string;
  /** A draft that names conflicting files: a person must finish it. */
  conflict: boolean;
}

export interface TagFact {
  name: string;
  commitSha: string;
  annotated: boolean;
  /** The tagger's date of an annotated tag. */
  taggedAt?: string;
}

export interface ReleaseFact {
  url: string;
  draft: boolean;
  createdAt: string;
  publishedAt?: string;
}

export interface DeploymentStatusFact {
  state: string;
  createdAt: string;
  description: string;
  /** Created by a bot (an App or GitHub Actions): only those can be the suite's. */
  byBot: boolean;
}

export interface DeploymentFact {
  id: number;
  environment: string;
  production: boolean;
  createdAt: string;
  /** Oldest first. */
  statuses: DeploymentStatusFact[];
}

export interface CommentFact {
  id: number;
  body: string;
  /** Written by a bot (an App or GitHub Actions): only those can be the suite's. */
  byBot: boolean;
  createdAt: string;
  url: string;
}

export interface IssueFact {
  number: number;
  url: string;
  state: 'open' | 'closed';
  closedAt?: string;
  /** Its labels as GitHub shows them (name, colour, description). */
  labels?: { name?: string; color?: string | null; description?: string | null }[];
}

export interface TrackerFacts {
  branch?: BranchFact;
  pull?: PullFact;
  tag?: TagFact;
  release?: ReleaseFact;
  /** The forward-port pull request, when one was opened. */
  forwardPort?: ForwardPortFact;
  deployments: DeploymentFact[];
  /** The tracker's comments, oldest first. */
  comments: CommentFact[];
  postmortem?: IssueFact;
}

/** What the configuration says about the product, for the checks. */
export interface TrackerContext {
  versionFiles: string[];
  changelog?: string;
  /** What a release edits, not the fix: the version files, their lockfiles, the CHANGELOG. */
  releaseFiles: string[];
  /** The labels every hotfix pull request carries (`URGENT`, `hotfix`). */
  labels: string[];
  /** Whether reviewers are configured (then a review request is expected). */
  reviewersConfigured: boolean;
}

export function trackerContext(config: HotfixConfig, product: string): TrackerContext {
  const configured = config.products[product];
  return {
    versionFiles: configured?.versionFiles.map((spec) => spec.path) ?? [],
    changelog: configured?.changelog,
    releaseFiles: configured ? releaseFiles(configured.versionFiles, configured.changelog) : [],
    labels: config.labels,
    reviewersConfigured: config.reviewers.length > 0,
  };
}
