import type { FileChange } from '../git.js';
import {
  type Context,
  type Route,
  HttpError,
  noContent,
  notFound,
  ok,
  optionalString,
  paginate,
  paginateAsync,
  requiredString,
} from '../http.js';
import { limits } from '../limits.js';
import { type Repository, actorIdentity, githubIdentity, now } from '../repository.js';
import { commit, nodeId, repository, wrappedBase64 } from '../shapes.js';

/**
 * Repository metadata, contents, compare, commits, branches and tags, all read from git; and
 * merging a branch or commit into a branch (`merges`), written with git.
 */

/** The commit a branch, tag (annotated tags peeled) or sha names, or 404. */
export async function commitOf(repo: Repository, rev: string): Promise<string> {
  const sha = await repo.git.resolveCommit(rev);
  if (!sha) throw notFound();
  return sha;
}

async function renderCommit(repo: Repository, sha: string) {
  return commit(repo, await repo.git.readCommit(sha));
}

export async function renderCommits(repo: Repository, shas: string[]) {
  return (await repo.git.readCommits(shas)).map((c) => commit(repo, c));
}

export function diffEntry(repo: Repository, ref: string, change: FileChange) {
  const path = encodeURI(change.filename);
  return {
    sha: change.sha,
    filename: change.filename,
    status: change.status,
    additions: change.additions,
    deletions: change.deletions,
    changes: change.additions + change.deletions,
    blob_url: repo.html(`/blob/${ref}/${path}`),
    raw_url: repo.html(`/raw/${ref}/${path}`),
    contents_url: repo.api(`/contents/${path}?ref=${ref}`),
    ...(change.patch !== undefined ? { patch: change.patch } : {}),
    ...(change.previous_filename !== undefined
      ? { previous_filename: change.previous_filename }
      : {}),
  };
}

function getRepo({ repo }: Context) {
  return ok(repository(repo));
}

function contentEntry(
  repo: Repository,
  ref: string,
  entry: { path: string; type: string; sha: string; size?: number },
) {
  const path = encodeURI(entry.path);
  const type = entry.type === 'tree' ? 'dir' : entry.type === 'commit' ? 'submodule' : 'file';
  const gitUrl = repo.api(`/git/${entry.type === 'tree' ? 'trees' : 'blobs'}/${entry.sha}`);
  const htmlUrl = repo.html(`/${type === 'dir' ? 'tree' : 'blob'}/${ref}/${path}`);
  const self = repo.api(`/contents/${path}?ref=${encodeURIComponent(ref)}`);
  return {
    type,
    size: entry.size ?? 0,
    name: entry.path.split('/').pop() ?? entry.path,
    path: entry.path,
    sha: entry.sha,
    url: self,
    git_url: gitUrl,
    html_url: htmlUrl,
    download_url: type === 'file' ? repo.html(`/raw/${ref}/${path}`) : null,
    _links: { self, git: gitUrl, html: htmlUrl },
  };
}

async function getContent({ repo, params, query }: Context) {
  const ref = query.get('ref') || repo.defaultBranch;
  const sha = await commitOf(repo, ref);
  const path = (params['path'] ?? '').replace(/\/+$/, '');
  const { tree } = await repo.git.readCommit(sha);
  if (path === '') {
    const entries = await repo.git.lsTree(tree);
    return ok(entries.map((e) => contentEntry(repo, ref, e)));
  }
  const [entry] = await repo.git.lsTree(tree, { path });
  if (!entry || entry.path !== path) throw notFound();
  if (entry.type === 'tree') {
    const entries = await repo.git.lsTree(entry.sha);
    return ok(entries.map((e) => contentEntry(repo, ref, { ...e, path: `${path}/${e.path}` })));
  }
  if (entry.type === 'commit') throw notFound(); // submodules: the suite never reads them
  // GitHub inlines files up to 1 MB; a larger one comes with no content (read the blob or raw).
  if ((entry.size ?? 0) > limits.contentsInline) {
    return ok({ ...contentEntry(repo, ref, entry), encoding: 'none', content: '' });
  }
  const content = await repo.git.catFile('blob', entry.sha);
  return ok({
    ...contentEntry(repo, ref, entry),
    encoding: 'base64',
    content: wrappedBase64(content),
  });
}

/**
 * `compare/{base}...{head}`, within GitHub's documented limits: asked without `page` or
 * `per_page`, the newest 250 commits (oldest first); asked with them, a page of all the commits
 * in order; the files (at most 300) on the first page only.
 */
async function compare(context: Context) {
  const { repo, params, query } = context;
  const basehead = params['basehead'] ?? '';
  const separator = basehead.indexOf('...');
  if (separator === -1) throw notFound();
  const baseName = basehead.slice(0, separator);
  const headName = basehead.slice(separator + 3);
  const base = await commitOf(repo, baseName);
  const head = await commitOf(repo, headName);
  const mergeBase = await repo.git.mergeBase(base, head);
  if (!mergeBase) throw notFound(); // no common history: GitHub answers 404 too
  const aheadBy = await repo.git.count([`${base}..${head}`]);
  const behindBy = await repo.git.count([`${head}..${base}`]);
  const status =
    aheadBy === 0 && behindBy === 0
      ? 'identical'
      : behindBy === 0
        ? 'ahead'
        : aheadBy === 0
          ? 'behind'
          : 'diverged';
  const all = await repo.git.revList(['--reverse', `${base}..${head}`]);
  const paged = query.has('page') || query.has('per_page');
  const page = paged ? paginate(context, all) : undefined;
  const commits = page ? (page.body as string[]) : all.slice(-limits.compareCommits);
  const firstPage = !paged || (Number(query.get('page')) || 1) === 1;
  const files = firstPage
    ? (await repo.git.diff(mergeBase, head)).slice(0, limits.compareFiles)
    : undefined;
  return {
    status: 200,
    headers: page?.headers ?? {},
    body: {
      url: repo.api(`/compare/${basehead}`),
      html_url: repo.html(`/compare/${basehead}`),
      permalink_url: repo.html(`/compare/${base}...${head}`),
      diff_url: repo.html(`/compare/${basehead}.diff`),
      patch_url: repo.html(`/compare/${basehead}.patch`),
      base_commit: await renderCommit(repo, base),
      merge_base_commit: await renderCommit(repo, mergeBase),
      status,
      ahead_by: aheadBy,
      behind_by: behindBy,
      total_commits: aheadBy,
      commits: await renderCommits(repo, commits),
      ...(files ? { files: files.map((f) => diffEntry(repo, head, f)) } : {}),
    },
  };
}

async function listCommits(context: Context) {
  const { repo, query } = context;
  const start = await commitOf(repo, query.get('sha') || repo.defaultBranch);
  const path = query.get('path');
  const shas = await repo.git.revList([start, ...(path ? ['--', path] : [])]);
  return paginateAsync(context, shas, (page) => renderCommits(repo, page));
}

async function getCommit({ repo, params }: Context) {
  const sha = await commitOf(repo, params['ref'] ?? '');
  const details = await repo.git.readCommit(sha);
  const files = await repo.git.diff(details.parents[0] ?? null, sha);
  const additions = files.reduce((sum, f) => sum + f.additions, 0);
  const deletions = files.reduce((sum, f) => sum + f.deletions, 0);
  return ok({
    ...commit(repo, details),
    stats: { additions, deletions, total: additions + deletions },
    files: files.map((f) => diffEntry(repo, sha, f)),
  });
}

async function branches(repo: Repository) {
  return (await repo.git.refs())
    .filter((r) => r.ref.startsWith('refs/heads/'))
    .map((r) => ({ name: r.ref.slice('refs/heads/'.length), sha: r.sha }));
}

async function listBranches(context: Context) {
  const { repo } = context;
  const list = (await branches(repo)).map((b) => ({
    name: b.name,
    commit: { sha: b.sha, url: repo.api(`/commits/${b.sha}`) },
    protected: false,
  }));
  return paginate(context, list);
}

async function getBranch({ repo, params }: Context) {
  const name = params['branch'] ?? '';
  const branch = (await branches(repo)).find((b) => b.name === name);
  if (!branch) throw new HttpError(404, 'Branch not found');
  const url = repo.api(`/branches/${name}`);
  return ok({
    name,
    commit: await renderCommit(repo, branch.sha),
    _links: { html: repo.html(`/tree/${name}`), self: url },
    protected: false,
    protection: {
      enabled: false,
      required_status_checks: { enforcement_level: 'off', contexts: [], checks: [] },
    },
    protection_url: `${url}/protection`,
  });
}

async function listTags(context: Context) {
  const { repo } = context;
  const tags = (await repo.git.refs())
    .filter((r) => r.ref.startsWith('refs/tags/'))
    .map((r) => ({ name: r.ref.slice('refs/tags/'.length), sha: r.target }))
    // GitHub lists the newest tag names first.
    .sort((a, b) => (a.name < b.name ? 1 : -1));
  return paginate(
    context,
    tags.map(({ name, sha }) => ({
      name,
      commit: { sha, url: repo.api(`/commits/${sha}`) },
      zipball_url: repo.api(`/zipball/refs/tags/${name}`),
      tarball_url: repo.api(`/tarball/refs/tags/${name}`),
      node_id: nodeId('Tag', name),
    })),
  );
}

/**
 * `POST merges`: merges `head` (a branch, or any commit) into the branch `base` with a merge commit,
 * even when the base could fast-forward, as GitHub does. The authenticated user is the author and
 * GitHub the committer; the base moves with a compare-and-swap.
 */
async function mergeBranch({ repo, body }: Context) {
  const git = repo.git;
  const baseName = requiredString(body, 'base', 'Merge');
  const headName = requiredString(body, 'head', 'Merge');
  const base = (await git.ref(`refs/heads/${baseName}`))?.sha;
  if (!base) throw new HttpError(404, 'Base does not exist');
  // A branch of that name first, then anything naming a commit (a sha, a tag).
  const head =
    (await git.ref(`refs/heads/${headName}`))?.sha ?? (await git.resolveCommit(headName));
  if (!head) throw new HttpError(404, 'Head does not exist');
  if (await git.isAncestor(head, base)) return noContent(); // nothing to merge
  const date = now();
  const merged = await git.mergeCommit(base, head, {
    message: optionalString(body, 'commit_message') ?? `Merge ${headName} into ${baseName}`,
    author: actorIdentity(date),
    committer: githubIdentity(date),
  });
  if (!merged) throw new HttpError(409, 'Merge conflict');
  if (!(await git.updateRef(`refs/heads/${baseName}`, merged, base))) {
    throw new HttpError(409, 'Base branch was modified. Review and try the merge again.');
  }
  return ok(await renderCommit(repo, merged), 201);
}

const R = '/repos/{owner}/{repo}';

export const repoRoutes: Route[] = [
  { method: 'GET', template: R, operation: 'repos/get', handler: getRepo },
  {
    method: 'GET',
    template: `${R}/contents/{path}`,
    operation: 'repos/get-content',
    handler: getContent,
  },
  {
    method: 'GET',
    template: `${R}/compare/{basehead}`,
    operation: 'repos/compare-commits-with-basehead',
    handler: compare,
  },
  {
    method: 'GET',
    template: `${R}/commits`,
    operation: 'repos/list-commits',
    handler: listCommits,
  },
  {
    method: 'GET',
    template: `${R}/commits/{ref}`,
    operation: 'repos/get-commit',
    handler: getCommit,
  },
  {
    method: 'GET',
    template: `${R}/branches`,
    operation: 'repos/list-branches',
    handler: listBranches,
  },
  {
    method: 'GET',
    template: `${R}/branches/{branch}`,
    operation: 'repos/get-branch',
    handler: getBranch,
  },
  { method: 'GET', template: `${R}/tags`, operation: 'repos/list-tags', handler: listTags },
  { method: 'POST', template: `${R}/merges`, operation: 'repos/merge', handler: mergeBranch },
];
