import {
  type Context,
  type Route,
  idParam,
  invalid,
  notFound,
  ok,
  optionalString,
  paginate,
  requiredString,
} from '../http.js';
import { ACTOR, type ReleaseRecord, type Repository, now } from '../repository.js';
import { nodeId, user } from '../shapes.js';

/** Releases. Publishing one for a tag that does not exist creates the tag, as GitHub does. */

function releaseShape(repo: Repository, release: ReleaseRecord) {
  const api = repo.api(`/releases/${release.id}`);
  const tag = encodeURIComponent(release.tag_name);
  return {
    url: api,
    html_url: repo.html(`/releases/tag/${tag}`),
    assets_url: `${api}/assets`,
    upload_url: `${repo.baseUrl}/uploads/repos/${repo.fullName}/releases/${release.id}/assets{?name,label}`,
    tarball_url: repo.api(`/tarball/${tag}`),
    zipball_url: repo.api(`/zipball/${tag}`),
    id: release.id,
    node_id: nodeId('Release', release.id),
    tag_name: release.tag_name,
    target_commitish: release.target_commitish,
    name: release.name,
    body: release.body,
    draft: release.draft,
    prerelease: release.prerelease,
    immutable: false,
    created_at: release.created_at,
    published_at: release.published_at,
    updated_at: release.updated_at,
    author: user(repo.baseUrl, release.author),
    assets: [],
  };
}

function findRelease(context: Context): ReleaseRecord {
  const id = idParam(context, 'release_id');
  const release = context.repo.state.releases.find((r) => r.id === id);
  if (!release) throw notFound();
  return release;
}

/** Creates `refs/tags/<tag>` at the target when a published release names a new tag. */
async function ensureTag(repo: Repository, tag: string, target: string): Promise<void> {
  if (await repo.git.ref(`refs/tags/${tag}`)) return;
  const sha = await repo.git.resolveCommit(target);
  if (!sha) {
    throw invalid('Validation Failed', [
      { resource: 'Release', field: 'target_commitish', code: 'invalid' },
    ]);
  }
  if (!(await repo.git.updateRef(`refs/tags/${tag}`, sha, null))) {
    throw invalid('Validation Failed', [
      { resource: 'Release', field: 'tag_name', code: 'invalid' },
    ]);
  }
}

async function createRelease({ repo, body }: Context) {
  const tag = requiredString(body, 'tag_name', 'Release');
  if (repo.state.releases.some((r) => r.tag_name === tag)) {
    throw invalid('Validation Failed', [
      { resource: 'Release', field: 'tag_name', code: 'already_exists' },
    ]);
  }
  const draft = body['draft'] === true;
  const target = optionalString(body, 'target_commitish') ?? repo.defaultBranch;
  if (!draft) await ensureTag(repo, tag, target);
  const timestamp = now();
  const release: ReleaseRecord = {
    id: repo.ids.id(),
    tag_name: tag,
    target_commitish: target,
    name: optionalString(body, 'name') ?? tag,
    body: optionalString(body, 'body') ?? null,
    draft,
    prerelease: body['prerelease'] === true,
    make_latest: optionalString(body, 'make_latest') ?? 'true',
    author: ACTOR,
    created_at: timestamp,
    published_at: draft ? null : timestamp,
    updated_at: timestamp,
  };
  repo.state.releases.push(release);
  return {
    status: 201,
    body: releaseShape(repo, release),
    headers: { location: repo.api(`/releases/${release.id}`) },
  };
}

function getReleaseByTag({ repo, params }: Context) {
  // Drafts are not found by tag: they have no tag yet.
  const release = repo.state.releases.find((r) => r.tag_name === params['tag'] && !r.draft);
  if (!release) throw notFound();
  return ok(releaseShape(repo, release));
}

function getRelease(context: Context) {
  return ok(releaseShape(context.repo, findRelease(context)));
}

function listReleases(context: Context) {
  const { repo } = context;
  const newestFirst = [...repo.state.releases].sort((a, b) => b.id - a.id);
  return paginate(
    context,
    newestFirst.map((r) => releaseShape(repo, r)),
  );
}

async function updateRelease(context: Context) {
  const { repo, body } = context;
  const release = findRelease(context);
  const tag = optionalString(body, 'tag_name');
  if (tag !== undefined && tag !== release.tag_name) {
    if (repo.state.releases.some((r) => r.tag_name === tag)) {
      throw invalid('Validation Failed', [
        { resource: 'Release', field: 'tag_name', code: 'already_exists' },
      ]);
    }
    release.tag_name = tag;
  }
  for (const key of ['target_commitish', 'name', 'body', 'make_latest'] as const) {
    const value = optionalString(body, key);
    if (value !== undefined) release[key] = value;
  }
  if (typeof body['prerelease'] === 'boolean') release.prerelease = body['prerelease'];
  if (typeof body['draft'] === 'boolean' && body['draft'] !== release.draft) {
    if (!body['draft']) {
      await ensureTag(repo, release.tag_name, release.target_commitish);
      release.published_at = now();
    }
    release.draft = body['draft'];
  }
  release.updated_at = now();
  return ok(releaseShape(repo, release));
}

const R = '/repos/{owner}/{repo}/releases';

export const releaseRoutes: Route[] = [
  { method: 'POST', template: R, operation: 'repos/create-release', handler: createRelease },
  { method: 'GET', template: R, operation: 'repos/list-releases', handler: listReleases },
  {
    method: 'GET',
    template: `${R}/tags/{tag}`,
    operation: 'repos/get-release-by-tag',
    handler: getReleaseByTag,
  },
  {
    method: 'GET',
    template: `${R}/{release_id}`,
    operation: 'repos/get-release',
    handler: getRelease,
  },
  {
    method: 'PATCH',
    template: `${R}/{release_id}`,
    operation: 'repos/update-release',
    handler: updateRelease,
  },
];
