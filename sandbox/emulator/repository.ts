import { Git, type Identity } from './git.js';

/**
 * One emulated repository: git data lives in the bare repository (read from git on every request);
 * everything GitHub keeps outside git lives here, in memory, as plain records a test can inspect.
 * Field names follow GitHub's where they overlap, so assertions read like the API.
 */

export interface LabelRecord {
  id: number;
  name: string;
  color: string;
  description: string | null;
}

interface IssueFields {
  id: number;
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  state_reason: 'completed' | 'reopened' | 'not_planned' | null;
  /** Label names, in the order they were added. */
  labels: string[];
  assignees: string[];
  user: string;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
}

export type IssueRecord = IssueFields;

export interface PullRecord extends IssueFields {
  /** Branch names in this repository. */
  head: string;
  base: string;
  draft: boolean;
  merged: boolean;
  merged_at: string | null;
  merge_commit_sha: string | null;
  merged_by: string | null;
  maintainer_can_modify: boolean;
  requested_reviewers: string[];
  requested_teams: string[];
  /** Head and base commits, as last seen while open (kept when merged or closed). */
  head_sha: string | null;
  base_sha: string | null;
}

export interface CommentRecord {
  id: number;
  issue_number: number;
  body: string;
  user: string;
  created_at: string;
  updated_at: string;
}

export interface ReviewRecord {
  id: number;
  pull_number: number;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'PENDING';
  body: string;
  user: string;
  commit_id: string;
  submitted_at: string;
}

export interface ReleaseRecord {
  id: number;
  tag_name: string;
  target_commitish: string;
  name: string | null;
  body: string | null;
  draft: boolean;
  prerelease: boolean;
  make_latest: string;
  author: string;
  created_at: string;
  published_at: string | null;
  updated_at: string;
}

export interface DeploymentRecord {
  id: number;
  ref: string;
  sha: string;
  task: string;
  environment: string;
  description: string | null;
  payload: Record<string, unknown> | string;
  production_environment: boolean;
  transient_environment: boolean;
  creator: string;
  created_at: string;
  updated_at: string;
}

export interface DeploymentStatusRecord {
  id: number;
  deployment_id: number;
  state: string;
  description: string;
  environment: string;
  target_url: string;
  log_url: string;
  environment_url: string;
  creator: string;
  created_at: string;
}

export interface CommitStatusRecord {
  id: number;
  sha: string;
  state: 'error' | 'failure' | 'pending' | 'success';
  context: string;
  description: string | null;
  target_url: string | null;
  creator: string;
  created_at: string;
}

export interface DispatchRecord {
  workflow_id: string;
  ref: string;
  inputs: Record<string, unknown>;
  created_at: string;
  /** The workflow run GitHub creates for it (queued: the sandbox runs nothing). */
  run: {
    id: number;
    run_number: number;
    /** The workflow's `run-name` evaluated with the dispatch's inputs, or its `name`. */
    display_title: string;
    name: string;
    path: string;
    head_branch: string;
    head_sha: string;
  };
}

export interface RepositoryState {
  pulls: PullRecord[];
  issues: IssueRecord[];
  comments: CommentRecord[];
  reviews: ReviewRecord[];
  labels: LabelRecord[];
  releases: ReleaseRecord[];
  deployments: DeploymentRecord[];
  deploymentStatuses: DeploymentStatusRecord[];
  statuses: CommitStatusRecord[];
  dispatches: DispatchRecord[];
}

export function emptyState(): RepositoryState {
  return {
    pulls: [],
    issues: [],
    comments: [],
    reviews: [],
    labels: [],
    releases: [],
    deployments: [],
    deploymentStatuses: [],
    statuses: [],
    dispatches: [],
  };
}

/** Numbers and ids as GitHub hands them out: increasing, never reused. */
export class Ids {
  private next = 1000;
  id(): number {
    return this.next++;
  }
}

/** The user every write is attributed to: what an action's `GITHUB_TOKEN` acts as. */
export const ACTOR = 'github-actions[bot]';

/** `ACTOR` as a git identity: the author of the commits it makes without naming one. */
export const actorIdentity = (date = now()): Identity => ({
  name: ACTOR,
  email: '41898282+github-actions[bot]@users.noreply.github.com',
  date,
});

/** GitHub's own git identity: the committer of the merges it makes. */
export const githubIdentity = (date = now()): Identity => ({
  name: 'GitHub',
  email: 'noreply@github.com',
  date,
});

export class Repository {
  readonly owner: string;
  readonly name: string;
  readonly git: Git;
  state: RepositoryState = emptyState();
  /** Issue and pull request numbers share one sequence, as on GitHub. */
  private lastNumber = 0;

  constructor(
    readonly fullName: string,
    barePath: string,
    readonly defaultBranch: string,
    readonly id: number,
    readonly baseUrl: string,
    readonly ids: Ids,
  ) {
    const [owner, name] = fullName.split('/');
    if (!owner || !name || fullName.split('/').length !== 2) {
      throw new Error(`sandbox: repository name must be owner/name, got ${fullName}`);
    }
    this.owner = owner;
    this.name = name;
    this.git = new Git(barePath);
  }

  nextNumber(): number {
    return ++this.lastNumber;
  }

  resetState(): void {
    this.state = emptyState();
    this.lastNumber = 0;
  }

  /** API URL of this repository, plus a path (`/pulls/1`). */
  api(path = ''): string {
    return `${this.baseUrl}/repos/${this.fullName}${path}`;
  }

  /** Web URL of this repository, plus a path. The emulator serves no pages; the shape matters. */
  html(path = ''): string {
    return `${this.baseUrl}/${this.fullName}${path}`;
  }

  /** An issue or pull request by number (on GitHub a pull request is also an issue). */
  issueOrPull(number: number): IssueRecord | PullRecord | undefined {
    return (
      this.state.issues.find((i) => i.number === number) ??
      this.state.pulls.find((p) => p.number === number)
    );
  }
}

let fixedClock: number | undefined;

/**
 * The emulator's clock, which stamps every record (and the commits and tags it writes): the real
 * time, or the time a rehearsal sets with `setClock` (to match its runs' `HOTFIX_NOW`).
 */
export function setClock(iso: string | undefined): void {
  fixedClock = iso === undefined ? undefined : Date.parse(iso);
}

export const now = (): string =>
  new Date(fixedClock ?? Date.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
