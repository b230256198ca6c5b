import {
  type Context,
  type Route,
  HttpError,
  idParam,
  invalid,
  notFound,
  ok,
  optionalString,
  paginate,
  paginateAsync,
  requiredString,
  stringList,
} from '../http.js';
import {
  ACTOR,
  type PullRecord,
  type Repository,
  type ReviewRecord,
  githubIdentity,
  now,
} from '../repository.js';
import { nodeId, repository, user } from '../shapes.js';
import { labelShape } from './issues.js';
import { diffEntry, renderCommits } from './repos.js';

/**
 * Pull requests between branches of one repository. The record keeps branch names; shas,
 * mergeability and diff counts are read from git whenever a pull request is shown.
 */

function findPull(repo: Repository, context: Context): PullRecord {
  const number = idParam(context, 'pull_number');
  const pull = repo.state.pulls.find((p) => p.number === number);
  if (!pull) throw notFound();
  return pull;
}

async function branchSha(repo: Repository, branch: string): Promise<string | null> {
  return (await repo.git.ref(`refs/heads/${branch}`))?.sha ?? null;
}

/**
 * Current head and base shas while the pull request is open; once it is closed, the ones seen
 * last (after a merge the base contains the head, and the head branch may be deleted).
 */
async function headSha(repo: Repository, pull: PullRecord): Promise<string> {
  const live = pull.state === 'open' ? await branchSha(repo, pull.head) : null;
  if (live) pull.head_sha = live;
  return pull.head_sha ?? '';
}

async function baseSha(repo: Repository, pull: PullRecord): Promise<string> {
  const live = pull.state === 'open' ? await branchSha(repo, pull.base) : null;
  if (live) pull.base_sha = live;
  return pull.base_sha ?? '';
}

function teamShape(repo: Repository, slug: string) {
  const url = `${repo.baseUrl}/orgs/${repo.owner}/teams/${slug}`;
  return {
    id: nodeNumber(slug),
    node_id: nodeId('Team', slug),
    url,
    members_url: `${url}/members{/member}`,
    name: slug,
    description: null,
    permission: 'pull',
    privacy: 'closed',
    notification_setting: 'notifications_enabled',
    html_url: `${repo.baseUrl}/orgs/${repo.owner}/teams/${slug}`,
    repositories_url: `${url}/repos`,
    slug,
    type: 'organization',
    parent: null,
  };
}

function nodeNumber(text: string): number {
  return [...text].reduce((hash, char) => (hash * 31 + char.charCodeAt(0)) % 1_000_000_000, 17);
}

async function branchEnd(repo: Repository, branch: string, sha: string) {
  const repoShape = repository(repo);
  return {
    label: `${repo.owner}:${branch}`,
    ref: branch,
    sha,
    user: repoShape.owner,
    repo: repoShape,
  };
}

/** `pull-request-simple` (lists) or, with `full`, `pull-request` (get, create, update). */
export async function pullShape(repo: Repository, pull: PullRecord, full: boolean) {
  const api = repo.api(`/pulls/${pull.number}`);
  const issue = repo.api(`/issues/${pull.number}`);
  const head = await headSha(repo, pull);
  const base = await baseSha(repo, pull);
  const simple = {
    url: api,
    id: pull.id,
    node_id: nodeId('PullRequest', pull.id),
    html_url: repo.html(`/pull/${pull.number}`),
    diff_url: repo.html(`/pull/${pull.number}.diff`),
    patch_url: repo.html(`/pull/${pull.number}.patch`),
    issue_url: issue,
    commits_url: `${api}/commits`,
    review_comments_url: `${api}/comments`,
    review_comment_url: repo.api('/pulls/comments{/number}'),
    comments_url: `${issue}/comments`,
    statuses_url: repo.api(`/statuses/${head}`),
    number: pull.number,
    state: pull.state,
    locked: false,
    title: pull.title,
    user: user(repo.baseUrl, pull.user),
    body: pull.body,
    // GitHub's description of a pull request's labels has no null description (an issue's has):
    // a label without one comes as ''.
    labels: pull.labels.map((name) => {
      const label = labelShape(repo, name);
      return { ...label, description: label.description ?? '' };
    }),
    milestone: null,
    active_lock_reason: null,
    created_at: pull.created_at,
    updated_at: pull.updated_at,
    closed_at: pull.closed_at,
    merged_at: pull.merged_at,
    merge_commit_sha: pull.merge_commit_sha,
    assignee: pull.assignees[0] ? user(repo.baseUrl, pull.assignees[0]) : null,
    assignees: pull.assignees.map((login) => user(repo.baseUrl, login)),
    requested_reviewers: pull.requested_reviewers.map((login) => user(repo.baseUrl, login)),
    requested_teams: pull.requested_teams.map((slug) => teamShape(repo, slug)),
    head: await branchEnd(repo, pull.head, head),
    base: await branchEnd(repo, pull.base, base),
    _links: {
      self: { href: api },
      html: { href: repo.html(`/pull/${pull.number}`) },
      issue: { href: issue },
      comments: { href: `${issue}/comments` },
      review_comments: { href: `${api}/comments` },
      review_comment: { href: repo.api('/pulls/comments{/number}') },
      commits: { href: `${api}/commits` },
      statuses: { href: repo.api(`/statuses/${head}`) },
    },
    author_association: 'NONE',
    auto_merge: null,
    draft: pull.draft,
  };
  if (!full) return simple;
  const mergeBase = head && base ? await repo.git.mergeBase(base, head) : null;
  const files = mergeBase ? await repo.git.diff(mergeBase, head) : [];
  const mergeable =
    pull.state === 'open' && head && base ? (await repo.git.mergeTree(base, head)) !== null : null;
  return {
    ...simple,
    merged: pull.merged,
    mergeable,
    rebaseable: mergeable,
    mergeable_state: mergeable === null ? 'unknown' : mergeable ? 'clean' : 'dirty',
    merged_by: pull.merged_by ? user(repo.baseUrl, pull.merged_by) : null,
    comments: repo.state.comments.filter((c) => c.issue_number === pull.number).length,
    review_comments: 0,
    maintainer_can_modify: pull.maintainer_can_modify,
    commits: head && base ? await repo.git.count([`${base}..${head}`]) : 0,
    additions: files.reduce((sum, f) => sum + f.additions, 0),
    deletions: files.reduce((sum, f) => sum + f.deletions, 0),
    changed_files: files.length,
  };
}

/** `owner:branch` or `branch` → `branch` (pull requests from forks are not emulated). */
function branchName(repo: Repository, value: string): string {
  const colon = value.indexOf(':');
  if (colon === -1) return value;
  if (value.slice(0, colon).toLowerCase() !== repo.owner.toLowerCase()) {
    throw invalid('Validation Failed', [
      { resource: 'PullRequest', field: 'head', code: 'invalid' },
    ]);
  }
  return value.slice(colon + 1);
}

async function createPull({ repo, body }: Context) {
  const title = requiredString(body, 'title', 'PullRequest');
  const head = branchName(repo, requiredString(body, 'head', 'PullRequest'));
  const base = requiredString(body, 'base', 'PullRequest');
  const headCommit = await branchSha(repo, head);
  const baseCommit = await branchSha(repo, base);
  for (const [field, sha] of [
    ['head', headCommit],
    ['base', baseCommit],
  ] as const) {
    if (!sha)
      throw invalid('Validation Failed', [{ resource: 'PullRequest', field, code: 'invalid' }]);
  }
  if (repo.state.pulls.some((p) => p.state === 'open' && p.head === head && p.base === base)) {
    throw invalid('Validation Failed', [
      {
        resource: 'PullRequest',
        code: 'custom',
        message: `A pull request already exists for ${repo.owner}:${head}.`,
      },
    ]);
  }
  if ((await repo.git.count([`${baseCommit}..${headCommit}`])) === 0) {
    throw invalid('Validation Failed', [
      {
        resource: 'PullRequest',
        code: 'custom',
        message: `No commits between ${base} and ${head}`,
      },
    ]);
  }
  const timestamp = now();
  const pull: PullRecord = {
    id: repo.ids.id(),
    number: repo.nextNumber(),
    title,
    body: optionalString(body, 'body') ?? null,
    state: 'open',
    state_reason: null,
    labels: [],
    assignees: [],
    user: ACTOR,
    created_at: timestamp,
    updated_at: timestamp,
    closed_at: null,
    head,
    base,
    draft: body['draft'] === true,
    merged: false,
    merged_at: null,
    merge_commit_sha: null,
    merged_by: null,
    maintainer_can_modify: body['maintainer_can_modify'] !== false,
    requested_reviewers: [],
    requested_teams: [],
    head_sha: headCommit,
    base_sha: baseCommit,
  };
  repo.state.pulls.push(pull);
  return {
    status: 201,
    body: await pullShape(repo, pull, true),
    headers: { location: repo.api(`/pulls/${pull.number}`) },
  };
}

/** Newest first, as GitHub sorts by default. */
const newestFirst = <T extends { id: number }>(items: T[]) =>
  [...items].sort((a, b) => b.id - a.id);

async function listPulls(context: Context) {
  const { repo, query } = context;
  const state = query.get('state') ?? 'open';
  const head = query.get('head');
  const base = query.get('base');
  const pulls = newestFirst(repo.state.pulls).filter(
    (p) =>
      (state === 'all' || p.state === state) &&
      // GitHub ignores a `head` without its `owner:` prefix (it lists every pull request).
      (!head?.includes(':') || `${repo.owner}:${p.head}`.toLowerCase() === head.toLowerCase()) &&
      (!base || p.base === base),
  );
  return paginateAsync(context, pulls, (page) =>
    Promise.all(page.map((pull) => pullShape(repo, pull, false))),
  );
}

/**
 * The pull requests a commit belongs to: those whose head it is (open ones: the branch's current
 * head), and those it merged (the merge commit). Newest first.
 */
async function listPullsOfCommit(context: Context) {
  const { repo, params } = context;
  const sha = await repo.git.resolveCommit(params['commit_sha'] ?? '');
  if (!sha) throw notFound();
  const pulls: PullRecord[] = [];
  for (const pull of newestFirst(repo.state.pulls)) {
    if (pull.merge_commit_sha === sha || (await headSha(repo, pull)) === sha) pulls.push(pull);
  }
  return paginateAsync(context, pulls, (page) =>
    Promise.all(page.map((pull) => pullShape(repo, pull, false))),
  );
}

async function getPull(context: Context) {
  return ok(await pullShape(context.repo, findPull(context.repo, context), true));
}

async function updatePull(context: Context) {
  const { repo, body } = context;
  const pull = findPull(repo, context);
  const title = optionalString(body, 'title');
  if (title !== undefined) pull.title = title;
  if (typeof body['body'] === 'string' || body['body'] === null)
    pull.body = body['body'] as string | null;
  const base = optionalString(body, 'base');
  if (base !== undefined) {
    if (!(await branchSha(repo, base))) {
      throw invalid('Validation Failed', [
        { resource: 'PullRequest', field: 'base', code: 'invalid' },
      ]);
    }
    pull.base = base;
  }
  if (typeof body['maintainer_can_modify'] === 'boolean') {
    pull.maintainer_can_modify = body['maintainer_can_modify'];
  }
  const state = optionalString(body, 'state');
  if (state === 'closed' && pull.state === 'open') {
    await headSha(repo, pull);
    await baseSha(repo, pull);
    pull.state = 'closed';
    pull.closed_at = now();
  } else if (state === 'open' && pull.state === 'closed' && !pull.merged) {
    pull.state = 'open';
    pull.closed_at = null;
  }
  pull.updated_at = now();
  return ok(await pullShape(repo, pull, true));
}

async function listFiles(context: Context) {
  const { repo } = context;
  const pull = findPull(repo, context);
  const head = await headSha(repo, pull);
  const base = await baseSha(repo, pull);
  const mergeBase = (await repo.git.mergeBase(base, head)) ?? base;
  const files = await repo.git.diff(mergeBase, head);
  return paginate(
    context,
    files.map((f) => diffEntry(repo, head, f)),
  );
}

/** GitHub lists at most 250 commits of a pull request. */
const PULL_COMMIT_LIMIT = 250;

async function listCommits(context: Context) {
  const { repo } = context;
  const pull = findPull(repo, context);
  const head = await headSha(repo, pull);
  const base = await baseSha(repo, pull);
  const shas = (await repo.git.revList(['--reverse', `${base}..${head}`])).slice(
    0,
    PULL_COMMIT_LIMIT,
  );
  return paginateAsync(context, shas, (page) => renderCommits(repo, page));
}

/** Merges the head into the base branch with real commits and moves the base ref. */
async function mergePull(context: Context) {
  const { repo, body } = context;
  const pull = findPull(repo, context);
  if (pull.state !== 'open') throw new HttpError(405, 'Pull Request is not mergeable');
  const head = await headSha(repo, pull);
  const base = await baseSha(repo, pull);
  const expected = optionalString(body, 'sha');
  if (expected !== undefined && expected !== head) {
    throw new HttpError(409, 'Head branch was modified. Review and try the merge again.');
  }
  if (!base) throw new HttpError(405, 'Pull Request is not mergeable');
  const method = optionalString(body, 'merge_method') ?? 'merge';
  const title = optionalString(body, 'commit_title');
  const details = optionalString(body, 'commit_message');
  const merger = githubIdentity();
  const git = repo.git;

  let merged: string;
  if (method === 'rebase') {
    // Replays the commits on the base. Without a worktree that needs a linear history on top
    // of the base; anything else GitHub might rebase is refused as not rebaseable.
    if (!(await git.isAncestor(base, head))) {
      throw new HttpError(405, "This branch can't be rebased");
    }
    merged = base;
    for (const sha of await git.revList(['--reverse', `${base}..${head}`])) {
      const original = await git.readCommit(sha);
      if (original.parents.length > 1) throw new HttpError(405, "This branch can't be rebased");
      merged = await git.commitTree({ ...original, parents: [merged], committer: merger });
    }
  } else {
    const subjects = async () =>
      (
        await Promise.all(
          (await git.revList(['--reverse', `${base}..${head}`])).map((s) => git.readCommit(s)),
        )
      )
        .map((c) => `* ${c.message.split('\n')[0]}`)
        .join('\n\n');
    const message =
      method === 'squash'
        ? `${title ?? `${pull.title} (#${pull.number})`}\n\n${details ?? (await subjects())}`
        : `${title ?? `Merge pull request #${pull.number} from ${repo.owner}/${pull.head}`}\n\n${details ?? pull.title}`;
    const squash = method === 'squash';
    const author = squash ? (await git.readCommit(head)).author : merger;
    const commit = await git.mergeCommit(base, head, {
      message,
      author: { ...author, date: merger.date },
      committer: merger,
      squash,
    });
    if (!commit) throw new HttpError(405, 'Pull Request is not mergeable');
    merged = commit;
  }
  if (!(await git.updateRef(`refs/heads/${pull.base}`, merged, base))) {
    throw new HttpError(409, 'Base branch was modified. Review and try the merge again.');
  }
  const timestamp = now();
  Object.assign(pull, {
    state: 'closed',
    merged: true,
    merged_at: timestamp,
    closed_at: timestamp,
    updated_at: timestamp,
    merge_commit_sha: merged,
    merged_by: ACTOR,
  });
  return ok({ sha: merged, merged: true, message: 'Pull Request successfully merged' });
}

function reviewShape(repo: Repository, review: ReviewRecord) {
  const html = repo.html(`/pull/${review.pull_number}#pullrequestreview-${review.id}`);
  const pullUrl = repo.api(`/pulls/${review.pull_number}`);
  return {
    id: review.id,
    node_id: nodeId('PullRequestReview', review.id),
    user: user(repo.baseUrl, review.user),
    body: review.body,
    state: review.state,
    html_url: html,
    pull_request_url: pullUrl,
    _links: { html: { href: html }, pull_request: { href: pullUrl } },
    submitted_at: review.submitted_at,
    commit_id: review.commit_id,
    author_association: 'MEMBER',
  };
}

function listReviews(context: Context) {
  const pull = findPull(context.repo, context);
  const reviews = context.repo.state.reviews.filter((r) => r.pull_number === pull.number);
  return paginate(
    context,
    reviews.map((r) => reviewShape(context.repo, r)),
  );
}

const REVIEW_STATES: Record<string, ReviewRecord['state']> = {
  APPROVE: 'APPROVED',
  REQUEST_CHANGES: 'CHANGES_REQUESTED',
  COMMENT: 'COMMENTED',
};

async function createReview(context: Context) {
  const { repo, body } = context;
  const pull = findPull(repo, context);
  const event = optionalString(body, 'event');
  const state = event === undefined ? 'PENDING' : REVIEW_STATES[event];
  if (!state)
    throw invalid(
      `Unprocessable Entity: event ${event} is not one of APPROVE, REQUEST_CHANGES, COMMENT`,
    );
  const text = optionalString(body, 'body') ?? '';
  if ((event === 'REQUEST_CHANGES' || event === 'COMMENT') && text === '') {
    throw invalid('Unprocessable Entity', [`Body is required for ${event.toLowerCase()} events`]);
  }
  const review: ReviewRecord = {
    id: repo.ids.id(),
    pull_number: pull.number,
    state,
    body: text,
    user: ACTOR,
    commit_id: optionalString(body, 'commit_id') ?? (await headSha(repo, pull)),
    submitted_at: now(),
  };
  repo.state.reviews.push(review);
  return ok(reviewShape(repo, review));
}

async function requestReviewers(context: Context) {
  const { repo, body } = context;
  const pull = findPull(repo, context);
  const reviewers = stringList(body['reviewers']);
  if (reviewers.some((login) => login.toLowerCase() === pull.user.toLowerCase())) {
    throw invalid('Review cannot be requested from pull request author.');
  }
  for (const login of reviewers) {
    if (!pull.requested_reviewers.includes(login)) pull.requested_reviewers.push(login);
  }
  for (const slug of stringList(body['team_reviewers'])) {
    if (!pull.requested_teams.includes(slug)) pull.requested_teams.push(slug);
  }
  pull.updated_at = now();
  return { status: 201, body: await pullShape(repo, pull, false) };
}

const R = '/repos/{owner}/{repo}/pulls';

export const pullRoutes: Route[] = [
  { method: 'POST', template: R, operation: 'pulls/create', handler: createPull },
  { method: 'GET', template: R, operation: 'pulls/list', handler: listPulls },
  { method: 'GET', template: `${R}/{pull_number}`, operation: 'pulls/get', handler: getPull },
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/commits/{commit_sha}/pulls',
    operation: 'repos/list-pull-requests-associated-with-commit',
    handler: listPullsOfCommit,
  },
  {
    method: 'PATCH',
    template: `${R}/{pull_number}`,
    operation: 'pulls/update',
    handler: updatePull,
  },
  {
    method: 'PUT',
    template: `${R}/{pull_number}/merge`,
    operation: 'pulls/merge',
    handler: mergePull,
  },
  {
    method: 'GET',
    template: `${R}/{pull_number}/files`,
    operation: 'pulls/list-files',
    handler: listFiles,
  },
  {
    method: 'GET',
    template: `${R}/{pull_number}/commits`,
    operation: 'pulls/list-commits',
    handler: listCommits,
  },
  {
    method: 'GET',
    template: `${R}/{pull_number}/reviews`,
    operation: 'pulls/list-reviews',
    handler: listReviews,
  },
  {
    method: 'POST',
    template: `${R}/{pull_number}/reviews`,
    operation: 'pulls/create-review',
    handler: createReview,
  },
  {
    method: 'POST',
    template: `${R}/{pull_number}/requested_reviewers`,
    operation: 'pulls/request-reviewers',
    handler: requestReviewers,
  },
];
