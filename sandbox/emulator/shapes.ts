import type { CommitObject, Identity, TagObject } from './git.js';
import type { Repository } from './repository.js';

/**
 * Response objects in GitHub's shapes. Fields the suite never reads still get plausible values,
 * because GitHub's OpenAPI description requires them and every response is validated against it.
 */

export const nodeId = (kind: string, id: number | string): string =>
  Buffer.from(`${kind}:${id}`).toString('base64').replace(/=+$/, '');

/** Stable ids for users and organizations named in URLs. */
function numericId(text: string): number {
  let hash = 7;
  for (const char of text) hash = (hash * 31 + char.charCodeAt(0)) % 2_000_000_000;
  return hash + 1;
}

export function user(baseUrl: string, login: string) {
  const isBot = login.endsWith('[bot]');
  const url = `${baseUrl}/users/${encodeURIComponent(login)}`;
  return {
    login,
    id: numericId(login),
    node_id: nodeId('User', login),
    avatar_url: `${baseUrl}/avatars/${encodeURIComponent(login)}`,
    gravatar_id: '',
    url,
    html_url: `${baseUrl}/${encodeURIComponent(login)}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: isBot ? 'Bot' : 'User',
    site_admin: false,
  };
}

export function repository(repo: Repository) {
  const api = repo.api();
  const timestamp = '2024-01-01T00:00:00Z';
  return {
    id: repo.id,
    node_id: nodeId('Repository', repo.id),
    name: repo.name,
    full_name: repo.fullName,
    owner: { ...user(repo.baseUrl, repo.owner), type: 'Organization' },
    private: true,
    html_url: repo.html(),
    description: null,
    fork: false,
    url: api,
    archive_url: `${api}/{archive_format}{/ref}`,
    assignees_url: `${api}/assignees{/user}`,
    blobs_url: `${api}/git/blobs{/sha}`,
    branches_url: `${api}/branches{/branch}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    comments_url: `${api}/comments{/number}`,
    commits_url: `${api}/commits{/sha}`,
    compare_url: `${api}/compare/{base}...{head}`,
    contents_url: `${api}/contents/{+path}`,
    contributors_url: `${api}/contributors`,
    deployments_url: `${api}/deployments`,
    downloads_url: `${api}/downloads`,
    events_url: `${api}/events`,
    forks_url: `${api}/forks`,
    git_commits_url: `${api}/git/commits{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    git_url: `${repo.html()}.git`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    issue_events_url: `${api}/issues/events{/number}`,
    issues_url: `${api}/issues{/number}`,
    keys_url: `${api}/keys{/key_id}`,
    labels_url: `${api}/labels{/name}`,
    languages_url: `${api}/languages`,
    merges_url: `${api}/merges`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    pulls_url: `${api}/pulls{/number}`,
    releases_url: `${api}/releases{/id}`,
    ssh_url: `git@sandbox:${repo.fullName}.git`,
    stargazers_url: `${api}/stargazers`,
    statuses_url: `${api}/statuses/{sha}`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    tags_url: `${api}/tags`,
    teams_url: `${api}/teams`,
    trees_url: `${api}/git/trees{/sha}`,
    clone_url: `${repo.html()}.git`,
    mirror_url: null,
    hooks_url: `${api}/hooks`,
    svn_url: repo.html(),
    homepage: null,
    language: null,
    forks: 0,
    forks_count: 0,
    stargazers_count: 0,
    watchers: 0,
    watchers_count: 0,
    size: 0,
    default_branch: repo.defaultBranch,
    open_issues: openIssueCount(repo),
    open_issues_count: openIssueCount(repo),
    is_template: false,
    topics: [],
    has_issues: true,
    has_projects: false,
    has_wiki: false,
    has_pages: false,
    has_downloads: false,
    has_discussions: false,
    archived: false,
    disabled: false,
    visibility: 'private',
    pushed_at: timestamp,
    created_at: timestamp,
    updated_at: timestamp,
    permissions: { admin: false, maintain: false, push: true, triage: true, pull: true },
    allow_rebase_merge: true,
    allow_squash_merge: true,
    allow_merge_commit: true,
    allow_auto_merge: false,
    delete_branch_on_merge: false,
    allow_forking: false,
    web_commit_signoff_required: false,
    license: null,
    network_count: 0,
    subscribers_count: 0,
  };
}

function openIssueCount(repo: Repository): number {
  const open = (items: { state: string }[]) => items.filter((i) => i.state === 'open').length;
  return open(repo.state.issues) + open(repo.state.pulls);
}

export const UNSIGNED = {
  verified: false,
  reason: 'unsigned',
  signature: null,
  payload: null,
  verified_at: null,
};

/** A commit as the Git Data API shows it (`/git/commits/{sha}`). */
export function gitCommit(repo: Repository, commit: CommitObject) {
  return {
    sha: commit.sha,
    node_id: nodeId('Commit', commit.sha),
    url: repo.api(`/git/commits/${commit.sha}`),
    html_url: repo.html(`/commit/${commit.sha}`),
    author: commit.author,
    committer: commit.committer,
    message: commit.message,
    tree: { sha: commit.tree, url: repo.api(`/git/trees/${commit.tree}`) },
    parents: commit.parents.map((sha) => ({
      sha,
      url: repo.api(`/git/commits/${sha}`),
      html_url: repo.html(`/commit/${sha}`),
    })),
    verification: UNSIGNED,
  };
}

/** A commit as the repository API shows it (`/commits`, compare, pulls/commits). */
export function commit(repo: Repository, commit: CommitObject) {
  return {
    url: repo.api(`/commits/${commit.sha}`),
    sha: commit.sha,
    node_id: nodeId('Commit', commit.sha),
    html_url: repo.html(`/commit/${commit.sha}`),
    comments_url: repo.api(`/commits/${commit.sha}/comments`),
    commit: {
      url: repo.api(`/git/commits/${commit.sha}`),
      author: commit.author,
      committer: commit.committer,
      message: commit.message,
      comment_count: 0,
      tree: { sha: commit.tree, url: repo.api(`/git/trees/${commit.tree}`) },
      verification: UNSIGNED,
    },
    // Commit authors are not GitHub accounts here; GitHub answers null for unknown emails.
    author: null,
    committer: null,
    parents: commit.parents.map((sha) => ({
      sha,
      url: repo.api(`/commits/${sha}`),
      html_url: repo.html(`/commit/${sha}`),
    })),
  };
}

export function gitTag(repo: Repository, tag: TagObject) {
  return {
    node_id: nodeId('Tag', tag.sha),
    tag: tag.tag,
    sha: tag.sha,
    url: repo.api(`/git/tags/${tag.sha}`),
    message: tag.message,
    tagger: tag.tagger,
    object: { sha: tag.object, type: tag.type, url: repo.api(`/git/${tag.type}s/${tag.object}`) },
    verification: UNSIGNED,
  };
}

export function gitRef(repo: Repository, ref: { ref: string; sha: string; type: string }) {
  return {
    ref: ref.ref,
    node_id: nodeId('Ref', ref.ref),
    url: repo.api(`/git/${ref.ref}`),
    object: { type: ref.type, sha: ref.sha, url: repo.api(`/git/${ref.type}s/${ref.sha}`) },
  };
}

export function identity(value: unknown, fallback: Identity): Identity {
  if (!value || typeof value !== 'object') return fallback;
  const given = value as Partial<Identity>;
  return {
    name: given.name ?? fallback.name,
    email: given.email ?? fallback.email,
    date: given.date ?? fallback.date,
  };
}

/** Base64 as GitHub sends file contents: wrapped at 60 characters. */
export function wrappedBase64(content: Buffer): string {
  const encoded = content.toString('base64');
  return (encoded.match(/.{1,60}/g) ?? []).join('\n') + (encoded ? '\n' : '');
}
