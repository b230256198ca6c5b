import type { Git, TreeEntry } from '../git.js';
import { limits } from '../limits.js';
import {
  type Body,
  type Context,
  type Route,
  HttpError,
  invalid,
  noContent,
  notFound,
  ok,
  optionalString,
  requiredString,
} from '../http.js';
import { actorIdentity } from '../repository.js';
import { gitCommit, gitRef, gitTag, identity, nodeId, wrappedBase64 } from '../shapes.js';

/** The Git Data API: refs, blobs, trees, commits and tag objects, written with git plumbing. */

const SHA = /^[0-9a-f]{40}$/;

/** `heads/main` → `refs/heads/main` (GitHub accepts both spellings on writes). */
function fullRef(ref: string): string {
  return ref.startsWith('refs/') ? ref : `refs/${ref}`;
}

async function requireObject(git: Git, sha: unknown, field: string, resource: string) {
  const type = typeof sha === 'string' && SHA.test(sha) ? await git.objectType(sha) : null;
  if (!type) {
    throw invalid('Object does not exist', [{ resource, field, code: 'invalid' }]);
  }
  return { sha: sha as string, type };
}

async function getRef({ repo, params }: Context) {
  const found = await repo.git.ref(fullRef(params['ref'] ?? ''));
  if (!found) throw notFound();
  return ok(gitRef(repo, found));
}

async function matchingRefs({ repo, params }: Context) {
  const prefix = fullRef(params['ref'] ?? '');
  const refs = (await repo.git.refs()).filter((r) => r.ref.startsWith(prefix));
  return ok(refs.map((r) => gitRef(repo, r)));
}

async function createRef({ repo, body }: Context) {
  const ref = requiredString(body, 'ref', 'Reference');
  if (!ref.startsWith('refs/') || ref.split('/').length < 3) {
    throw invalid("Reference name must start with 'refs/' and have at least two slashes.");
  }
  const { sha } = await requireObject(repo.git, body['sha'], 'sha', 'Reference');
  if (!(await repo.git.updateRef(ref, sha, null))) {
    // Either it exists, or git refused the name: tell them apart by looking.
    if (await repo.git.ref(ref)) throw invalid('Reference already exists');
    throw invalid(`${ref} is not a valid ref name.`);
  }
  const created = await repo.git.ref(ref);
  if (!created) throw new Error(`sandbox: ${ref} vanished right after it was created`);
  return {
    status: 201,
    body: gitRef(repo, created),
    headers: { location: repo.api(`/git/${ref}`) },
  };
}

async function updateRef({ repo, params, body }: Context) {
  const ref = fullRef(params['ref'] ?? '');
  const current = await repo.git.ref(ref);
  if (!current) throw invalid('Reference does not exist');
  const { sha, type } = await requireObject(repo.git, body['sha'], 'sha', 'Reference');
  if (body['force'] !== true && current.sha !== sha) {
    const fastForward =
      current.type === 'commit' &&
      type === 'commit' &&
      (await repo.git.isAncestor(current.sha, sha));
    if (!fastForward) throw invalid('Update is not a fast forward');
  }
  // Compare-and-swap on what we checked: a push in between makes this fail, not clobber it.
  if (!(await repo.git.updateRef(ref, sha, current.sha))) {
    throw invalid('Reference cannot be updated');
  }
  const updated = await repo.git.ref(ref);
  if (!updated) throw new Error(`sandbox: ${ref} vanished right after it was updated`);
  return ok(gitRef(repo, updated));
}

async function deleteRef({ repo, params }: Context) {
  const ref = fullRef(params['ref'] ?? '');
  const current = await repo.git.ref(ref);
  if (!current) throw invalid('Reference does not exist');
  if (!(await repo.git.deleteRef(ref, current.sha))) throw invalid('Reference cannot be deleted');
  return noContent();
}

async function createBlob({ repo, body }: Context) {
  const content = body['content'];
  if (typeof content !== 'string') {
    throw invalid('Invalid request.', [
      { resource: 'Blob', field: 'content', code: 'missing_field' },
    ]);
  }
  const encoding = optionalString(body, 'encoding') ?? 'utf-8';
  if (encoding !== 'utf-8' && encoding !== 'utf8' && encoding !== 'base64') {
    throw invalid(`encoding must be utf-8 or base64, got ${encoding}`);
  }
  const bytes = Buffer.from(content, encoding === 'base64' ? 'base64' : 'utf8');
  const sha = await repo.git.hashObject('blob', bytes);
  return {
    status: 201,
    body: { url: repo.api(`/git/blobs/${sha}`), sha },
    headers: { location: repo.api(`/git/blobs/${sha}`) },
  };
}

async function getBlob({ repo, params }: Context) {
  const sha = params['file_sha'] ?? '';
  if ((await repo.git.objectType(sha)) !== 'blob') throw notFound();
  const content = await repo.git.catFile('blob', sha);
  return ok({
    sha,
    node_id: nodeId('Blob', sha),
    url: repo.api(`/git/blobs/${sha}`),
    size: content.length,
    content: wrappedBase64(content),
    encoding: 'base64',
  });
}

/** A directory being edited: its entries, loaded from git only when a change reaches it. */
interface DirectoryEdit {
  entries: Map<string, { mode: string; type: string; sha: string } | DirectoryEdit>;
}

async function loadDirectory(git: Git, treeSha: string | null): Promise<DirectoryEdit> {
  const entries: DirectoryEdit['entries'] = new Map();
  if (treeSha) {
    for (const entry of await git.lsTree(treeSha)) entries.set(entry.path, entry);
  }
  return { entries };
}

const isDirectoryEdit = (value: unknown): value is DirectoryEdit =>
  typeof value === 'object' && value !== null && 'entries' in value;

async function applyChange(
  git: Git,
  root: DirectoryEdit,
  path: string,
  entry: { mode: string; type: string; sha: string } | null,
): Promise<void> {
  const parts = path.split('/');
  const name = parts.pop() as string;
  let directory = root;
  for (const part of parts) {
    let child = directory.entries.get(part);
    if (!isDirectoryEdit(child)) {
      const isTree = child?.type === 'tree';
      if (!isTree && entry === null) return; // deleting below a directory that is not there
      child = await loadDirectory(git, isTree ? (child?.sha ?? null) : null);
      directory.entries.set(part, child);
    }
    directory = child;
  }
  if (entry) directory.entries.set(name, entry);
  else directory.entries.delete(name);
}

/** Writes edited directories bottom-up; an emptied directory disappears, as in git. */
async function writeDirectory(git: Git, directory: DirectoryEdit): Promise<string | null> {
  const lines: { mode: string; type: string; sha: string; name: string }[] = [];
  for (const [name, entry] of directory.entries) {
    if (isDirectoryEdit(entry)) {
      const sha = await writeDirectory(git, entry);
      if (sha) lines.push({ mode: '040000', type: 'tree', sha, name });
    } else lines.push({ ...entry, name });
  }
  if (lines.length === 0) return null;
  return git.mktree(lines);
}

const MODES: Record<string, string> = {
  '100644': 'blob',
  '100755': 'blob',
  '120000': 'blob',
  '040000': 'tree',
  '160000': 'commit',
};

async function createTree({ repo, body }: Context) {
  const git = repo.git;
  const baseTree = optionalString(body, 'base_tree');
  if (baseTree !== undefined && (await git.objectType(baseTree)) !== 'tree') {
    throw invalid('Invalid tree info', [{ resource: 'Tree', field: 'base_tree', code: 'invalid' }]);
  }
  const root = await loadDirectory(git, baseTree ?? null);
  const entries = Array.isArray(body['tree']) ? (body['tree'] as Body[]) : [];
  for (const [index, item] of entries.entries()) {
    const path = optionalString(item, 'path') ?? '';
    const mode = optionalString(item, 'mode') ?? '';
    const type = MODES[mode];
    if (
      !path ||
      path.startsWith('/') ||
      path.split('/').some((p) => p === '' || p === '.' || p === '..')
    ) {
      throw invalid(`tree.path contains a malformed path component`, [
        { resource: 'Tree', field: `tree[${index}].path`, code: 'invalid' },
      ]);
    }
    if (!type || (item['type'] !== undefined && item['type'] !== type)) {
      throw invalid(`Must supply a valid tree.mode and tree.type`, [
        { resource: 'Tree', field: `tree[${index}].mode`, code: 'invalid' },
      ]);
    }
    if (item['sha'] === null) {
      await applyChange(git, root, path, null);
      continue;
    }
    let sha: string;
    if (typeof item['content'] === 'string') {
      if (type !== 'blob') throw invalid('tree.content is only valid for blobs');
      sha = await git.hashObject('blob', Buffer.from(item['content'], 'utf8'));
    } else {
      sha = optionalString(item, 'sha') ?? '';
      const actual =
        type === 'commit' ? 'commit' : SHA.test(sha) ? await git.objectType(sha) : null;
      if (actual !== type) {
        throw invalid(`tree.sha ${sha} is not a valid ${type}`, [
          { resource: 'Tree', field: `tree[${index}].sha`, code: 'invalid' },
        ]);
      }
    }
    await applyChange(git, root, path, { mode, type, sha });
  }
  const sha = (await writeDirectory(git, root)) ?? (await git.mktree([]));
  return {
    status: 201,
    body: await treeBody(repo, sha, false),
    headers: { location: repo.api(`/git/trees/${sha}`) },
  };
}

/**
 * A tree's entries; a recursive listing is cut short, as GitHub cuts it, at 100,000 entries or
 * 7 MB (`truncated: true`): a client must then list sub-trees one at a time or read by path.
 */
async function treeBody(repo: Context['repo'], sha: string, recursive: boolean) {
  const entries: TreeEntry[] = await repo.git.lsTree(sha, { recursive });
  const tree = [];
  let bytes = 0;
  let truncated = false;
  for (const e of entries) {
    const shown = {
      path: e.path,
      mode: e.mode,
      type: e.type,
      sha: e.sha,
      ...(e.size !== undefined ? { size: e.size } : {}),
      url: repo.api(`/git/${e.type === 'tree' ? 'trees' : 'blobs'}/${e.sha}`),
    };
    bytes += JSON.stringify(shown).length + 1;
    if (recursive && (tree.length === limits.treeEntries || bytes > limits.treeBytes)) {
      truncated = true;
      break;
    }
    tree.push(shown);
  }
  return { sha, url: repo.api(`/git/trees/${sha}`), tree, truncated };
}

async function getTree({ repo, params, query }: Context) {
  const rev = params['tree_sha'] ?? '';
  // GitHub takes a tree sha, a commit sha or a branch name here.
  const sha =
    (SHA.test(rev) && (await repo.git.objectType(rev)) === 'tree' ? rev : null) ??
    (await repo.git.resolveCommit(rev).then((c) => (c ? repo.git.readCommit(c) : null)))?.tree;
  if (!sha) throw notFound();
  const recursive =
    query.has('recursive') && !['0', 'false', ''].includes(query.get('recursive') ?? '');
  return ok(await treeBody(repo, sha, recursive));
}

async function createCommit({ repo, body }: Context) {
  const git = repo.git;
  const message = requiredString(body, 'message', 'Commit');
  const tree = optionalString(body, 'tree') ?? '';
  if (!SHA.test(tree) || (await git.objectType(tree)) !== 'tree') {
    throw invalid('Tree SHA does not exist', [
      { resource: 'Commit', field: 'tree', code: 'invalid' },
    ]);
  }
  const parents = Array.isArray(body['parents']) ? (body['parents'] as unknown[]) : [];
  for (const parent of parents) {
    if (
      typeof parent !== 'string' ||
      !SHA.test(parent) ||
      (await git.objectType(parent)) !== 'commit'
    ) {
      throw invalid('Parent SHA does not exist or is not a commit object', [
        { resource: 'Commit', field: 'parents', code: 'invalid' },
      ]);
    }
  }
  const author = identity(body['author'], actorIdentity());
  // GitHub uses the author as committer when no committer is given.
  const committer = identity(body['committer'], author);
  for (const [who, person] of [
    ['author', author],
    ['committer', committer],
  ] as const) {
    if (Number.isNaN(Date.parse(person.date))) {
      throw invalid(`Invalid request.\n\n${person.date} is not a valid date-time for ${who}.date`);
    }
  }
  const sha = await git.commitTree({
    tree,
    parents: parents as string[],
    message,
    author,
    committer,
  });
  return {
    status: 201,
    body: gitCommit(repo, await git.readCommit(sha)),
    headers: { location: repo.api(`/git/commits/${sha}`) },
  };
}

async function getCommit({ repo, params }: Context) {
  const sha = params['commit_sha'] ?? '';
  if ((await repo.git.objectType(sha)) !== 'commit') throw notFound();
  return ok(gitCommit(repo, await repo.git.readCommit(sha)));
}

async function createTag({ repo, body }: Context) {
  const git = repo.git;
  const tag = requiredString(body, 'tag', 'Tag');
  const message = optionalString(body, 'message') ?? '';
  const target = await requireObject(git, body['object'], 'object', 'Tag');
  const type = optionalString(body, 'type') ?? target.type;
  if (type !== target.type) {
    throw invalid(`Object is a ${target.type}, not a ${type}`, [
      { resource: 'Tag', field: 'type', code: 'invalid' },
    ]);
  }
  const tagger = identity(body['tagger'], actorIdentity());
  let sha: string;
  try {
    sha = await git.mktag({ object: target.sha, type, tag, tagger, message });
  } catch (error) {
    throw new HttpError(422, `Invalid tag: ${(error as Error).message}`);
  }
  return {
    status: 201,
    body: gitTag(repo, await git.readTag(sha)),
    headers: { location: repo.api(`/git/tags/${sha}`) },
  };
}

async function getTag({ repo, params }: Context) {
  const sha = params['tag_sha'] ?? '';
  if ((await repo.git.objectType(sha)) !== 'tag') throw notFound();
  return ok(gitTag(repo, await repo.git.readTag(sha)));
}

const R = '/repos/{owner}/{repo}';

export const gitDataRoutes: Route[] = [
  { method: 'GET', template: `${R}/git/ref/{ref}`, operation: 'git/get-ref', handler: getRef },
  {
    method: 'GET',
    template: `${R}/git/matching-refs/{ref}`,
    operation: 'git/list-matching-refs',
    handler: matchingRefs,
  },
  { method: 'POST', template: `${R}/git/refs`, operation: 'git/create-ref', handler: createRef },
  {
    method: 'PATCH',
    template: `${R}/git/refs/{ref}`,
    operation: 'git/update-ref',
    handler: updateRef,
  },
  {
    method: 'DELETE',
    template: `${R}/git/refs/{ref}`,
    operation: 'git/delete-ref',
    handler: deleteRef,
  },
  { method: 'POST', template: `${R}/git/blobs`, operation: 'git/create-blob', handler: createBlob },
  {
    method: 'GET',
    template: `${R}/git/blobs/{file_sha}`,
    operation: 'git/get-blob',
    handler: getBlob,
  },
  { method: 'POST', template: `${R}/git/trees`, operation: 'git/create-tree', handler: createTree },
  {
    method: 'GET',
    template: `${R}/git/trees/{tree_sha}`,
    operation: 'git/get-tree',
    handler: getTree,
  },
  {
    method: 'POST',
    template: `${R}/git/commits`,
    operation: 'git/create-commit',
    handler: createCommit,
  },
  {
    method: 'GET',
    template: `${R}/git/commits/{commit_sha}`,
    operation: 'git/get-commit',
    handler: getCommit,
  },
  { method: 'POST', template: `${R}/git/tags`, operation: 'git/create-tag', handler: createTag },
  { method: 'GET', template: `${R}/git/tags/{tag_sha}`, operation: 'git/get-tag', handler: getTag },
];
