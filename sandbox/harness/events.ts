/**
 * Webhook payloads shaped like GitHub's, for the fields actions read (@actions/github's
 * `context.payload`, `context.repo`, `context.issue`). Ids are stable numbers derived from names,
 * so a payload is the same on every run.
 */

export const DEFAULT_REPOSITORY = 'octo-org/krow-withus';
export const DEFAULT_SERVER_URL = 'https://github.com';
export const DEFAULT_API_URL = 'https://api.github.com';
const ZERO_SHA = '0'.repeat(40);

export interface UserPayload {
  login: string;
  id: number;
  node_id: string;
  type: 'User' | 'Organization' | 'Bot';
  html_url: string;
  url: string;
}

export interface RepositoryPayload {
  id: number;
  node_id: string;
  name: string;
  full_name: string;
  private: boolean;
  owner: UserPayload;
  html_url: string;
  url: string;
  clone_url: string;
  git_url: string;
  ssh_url: string;
  default_branch: string;
}

/** A repository as a full name (`owner/name`) or a payload built by `repositoryPayload`. */
export type RepositoryLike = string | RepositoryPayload;

export interface Event {
  name: string;
  payload: object;
}

export interface Urls {
  serverUrl?: string;
  apiUrl?: string;
}

/** A small stable number from a name, for ids that must not change between runs. */
function stableId(text: string): number {
  let hash = 2166136261;
  for (const char of text) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
  return (hash % 900_000_000) + 1_000_000;
}

export function userPayload(
  login: string,
  type: UserPayload['type'] = 'User',
  urls: Urls = {},
): UserPayload {
  const id = stableId(`user:${login}`);
  return {
    login,
    id,
    node_id: `U_${id}`,
    type,
    html_url: `${urls.serverUrl ?? DEFAULT_SERVER_URL}/${login}`,
    url: `${urls.apiUrl ?? DEFAULT_API_URL}/users/${login}`,
  };
}

export function repositoryPayload(
  fullName: string,
  options: Urls & { defaultBranch?: string; private?: boolean } = {},
): RepositoryPayload {
  const [owner = '', name = ''] = fullName.split('/');
  if (!owner || !name) throw new Error(`Repository '${fullName}' is not 'owner/name'.`);
  const serverUrl = options.serverUrl ?? DEFAULT_SERVER_URL;
  const id = stableId(`repo:${fullName}`);
  return {
    id,
    node_id: `R_${id}`,
    name,
    full_name: fullName,
    private: options.private ?? true,
    owner: userPayload(owner, 'Organization', options),
    html_url: `${serverUrl}/${fullName}`,
    url: `${options.apiUrl ?? DEFAULT_API_URL}/repos/${fullName}`,
    clone_url: `${serverUrl}/${fullName}.git`,
    git_url: `${serverUrl.replace(/^https?:/, 'git:')}/${fullName}.git`,
    ssh_url: `git@${new URL(serverUrl).host}:${fullName}.git`,
    default_branch: options.defaultBranch ?? 'main',
  };
}

function toRepository(repository: RepositoryLike | undefined): RepositoryPayload {
  if (repository === undefined) return repositoryPayload(DEFAULT_REPOSITORY);
  return typeof repository === 'string' ? repositoryPayload(repository) : repository;
}

function toUser(user: string | UserPayload | undefined, fallback: string): UserPayload {
  if (user === undefined) return userPayload(fallback);
  return typeof user === 'string' ? userPayload(user) : user;
}

export interface WorkflowDispatchOptions {
  repository?: RepositoryLike;
  /** The branch the workflow runs on, `refs/heads/main` by default. */
  ref?: string;
  /** The form's values; GitHub sends every input as a string (booleans too). */
  inputs?: Record<string, string>;
  sender?: string | UserPayload;
  workflow?: string;
}

export function workflowDispatchEvent(options: WorkflowDispatchOptions = {}): Event {
  const repository = toRepository(options.repository);
  return {
    name: 'workflow_dispatch',
    payload: {
      inputs: options.inputs ?? {},
      ref: options.ref ?? `refs/heads/${repository.default_branch}`,
      repository,
      organization: { login: repository.owner.login, id: repository.owner.id },
      sender: toUser(options.sender, 'release-engineer'),
      workflow: options.workflow ?? '.github/workflows/hotfix.yml',
    },
  };
}

export interface PullRequestOptions {
  action: 'opened' | 'synchronize' | 'closed' | 'reopened' | 'edited' | 'labeled';
  number: number;
  head: { ref: string; sha: string };
  base: { ref: string; sha: string };
  /** For `closed`: whether it was merged (false by default). */
  merged?: boolean;
  merge_commit_sha?: string | null;
  title?: string;
  body?: string | null;
  labels?: string[];
  user?: string | UserPayload;
  sender?: string | UserPayload;
  draft?: boolean;
  repository?: RepositoryLike;
}

const FIXED_TIME = '2026-03-05T10:00:00Z';

export function pullRequestEvent(options: PullRequestOptions): Event {
  const repository = toRepository(options.repository);
  const user = toUser(options.user, 'hotfix-author');
  const merged = options.action === 'closed' && options.merged === true;
  const branch = (side: { ref: string; sha: string }) => ({
    label: `${repository.owner.login}:${side.ref}`,
    ref: side.ref,
    sha: side.sha,
    user: repository.owner,
    repo: repository,
  });
  const pullUrl = `${repository.url}/pulls/${options.number}`;
  return {
    name: 'pull_request',
    payload: {
      action: options.action,
      number: options.number,
      pull_request: {
        id: stableId(`pr:${repository.full_name}#${options.number}`),
        node_id: `PR_${options.number}`,
        number: options.number,
        url: pullUrl,
        html_url: `${repository.html_url}/pull/${options.number}`,
        issue_url: `${repository.url}/issues/${options.number}`,
        state: options.action === 'closed' ? 'closed' : 'open',
        locked: false,
        draft: options.draft ?? false,
        title: options.title ?? `HOTFIX: pull request ${options.number}`,
        body: options.body ?? null,
        user,
        labels: (options.labels ?? []).map((name) => ({
          id: stableId(`label:${name}`),
          node_id: `LA_${stableId(`label:${name}`)}`,
          name,
          color: 'd73a4a',
          default: false,
          description: null,
        })),
        head: branch(options.head),
        base: branch(options.base),
        merged,
        merged_at: merged ? FIXED_TIME : null,
        merge_commit_sha: options.merge_commit_sha ?? null,
        closed_at: options.action === 'closed' ? FIXED_TIME : null,
        created_at: '2026-03-05T09:00:00Z',
        updated_at: FIXED_TIME,
      },
      repository,
      sender: toUser(options.sender, user.login),
    },
  };
}

export interface PushOptions {
  /** Full ref name: `refs/heads/main` or `refs/tags/...`. */
  ref: string;
  /** The new tip: for an annotated tag, GitHub sends the tag object's SHA here. */
  after: string;
  /** The commit pushed (`head_commit.id`, and the run's `GITHUB_SHA`); `after` by default. */
  commit?: string;
  /** The old tip; all zeros when the ref was created. */
  before?: string;
  message?: string;
  repository?: RepositoryLike;
  pusher?: string;
  sender?: string | UserPayload;
}

export function pushEvent(options: PushOptions): Event {
  const repository = toRepository(options.repository);
  const before = options.before ?? ZERO_SHA;
  const pusher = options.pusher ?? 'release-engineer';
  const commit = options.commit ?? options.after;
  const headCommit = {
    id: commit,
    tree_id: ZERO_SHA,
    distinct: !options.ref.startsWith('refs/tags/'),
    message: options.message ?? 'Commit',
    timestamp: FIXED_TIME,
    url: `${repository.html_url}/commit/${commit}`,
    author: { name: pusher, email: `${pusher}@users.noreply.github.com`, username: pusher },
    committer: { name: pusher, email: `${pusher}@users.noreply.github.com`, username: pusher },
    added: [],
    removed: [],
    modified: [],
  };
  return {
    name: 'push',
    payload: {
      ref: options.ref,
      before,
      after: options.after,
      created: before === ZERO_SHA,
      deleted: options.after === ZERO_SHA,
      forced: false,
      base_ref: null,
      compare: `${repository.html_url}/compare/${before.slice(0, 12)}...${options.after.slice(0, 12)}`,
      commits: headCommit.distinct ? [headCommit] : [],
      head_commit: headCommit,
      pusher: { name: pusher, email: `${pusher}@users.noreply.github.com` },
      repository,
      sender: toUser(options.sender, pusher),
    },
  };
}

export interface TagPushOptions extends Omit<PushOptions, 'ref' | 'after' | 'before' | 'commit'> {
  /** The tag name without `refs/tags/`, e.g. `krow-withus-worker-mobile/prod-v0.1.1`. */
  tag: string;
  /** The commit the tag points at. */
  sha: string;
  /** An annotated tag's object SHA, which GitHub sends as `after`. */
  tagObjectSha?: string;
}

/** A new tag pushed: `created: true`, `before` all zeros, no distinct commits. */
export function tagPushEvent(options: TagPushOptions): Event {
  const { tag, sha, tagObjectSha, ...rest } = options;
  return pushEvent({ ...rest, ref: `refs/tags/${tag}`, after: tagObjectSha ?? sha, commit: sha });
}
