/**
 * A product's production tags (`<product>/prod-v<version>`, or the configured tag-format) through
 * the GitHub API: all of them in ONE `git/matching-refs` call on the tag prefix, whatever the
 * repository's history or number of other tags. Used by verify-tag-base, create-prod-tag and the
 * `start` command.
 */
import { tagPrefix, tagVersion, type NameFormats } from '../domain/naming.js';
import { compareVersions } from '../domain/version.js';
import { UserError } from '../domain/errors.js';
import type { RepositoryId } from './client.js';
import type { GitHubClient } from './client.js';

export interface ProductionTag {
  /** The tag's name, without `refs/tags/`. */
  name: string;
  /** X.Y.Z, read back from the name with the tag format. */
  version: string;
  /** What the ref points at: a tag object (annotated) or a commit (lightweight). */
  objectSha: string;
  annotated: boolean;
}

export interface ProductionTags {
  product: string;
  /** Every production tag of the product, newest version first. */
  tags: ProductionTag[];
  newest: ProductionTag | undefined;
  /** The tag of a version, if it exists. */
  find(version: string): ProductionTag | undefined;
  /** The tag of a name (without `refs/tags/`), if it exists. */
  named(name: string): ProductionTag | undefined;
}

/**
 * The product's production tags, newest first, in one API call. Other products' tags that share
 * the prefix (`web` and `web-admin` with some formats) and tags that are not versions are left out.
 */
export async function listProductionTags(
  github: GitHubClient,
  repository: RepositoryId,
  formats: NameFormats,
  product: string,
): Promise<ProductionTags> {
  const prefix = tagPrefix(formats, product);
  const { data } = await github.rest.git.listMatchingRefs({
    ...repository,
    ref: `tags/${prefix}`,
  });
  const tags: ProductionTag[] = [];
  for (const ref of data) {
    if (!ref.ref.startsWith('refs/tags/')) continue;
    const name = ref.ref.slice('refs/tags/'.length);
    const version = tagVersion(formats, product, name);
    if (version === undefined) continue;
    tags.push({
      name,
      version,
      objectSha: ref.object.sha,
      annotated: ref.object.type === 'tag',
    });
  }
  tags.sort((a, b) => compareVersions(b.version, a.version));
  return {
    product,
    tags,
    newest: tags[0],
    find: (version) => tags.find((tag) => tag.version === version),
    named: (name) => tags.find((tag) => tag.name === name.replace(/^refs\/tags\//, '')),
  };
}

/** How many tag objects deep we follow a tag of a tag before calling it a mistake. */
const MAX_TAG_DEPTH = 5;

/**
 * The commit a production tag names: the ref itself for a lightweight tag, else the annotated
 * tag object read with `git/get-tag` (one call; a tag of a tag costs one more per level).
 */
export async function tagCommit(
  github: GitHubClient,
  repository: RepositoryId,
  tag: Pick<ProductionTag, 'name' | 'objectSha' | 'annotated'>,
): Promise<string> {
  if (!tag.annotated) return tag.objectSha;
  let sha = tag.objectSha;
  for (let depth = 0; depth < MAX_TAG_DEPTH; depth++) {
    const { data } = await github.rest.git.getTag({ ...repository, tag_sha: sha });
    if (data.object.type === 'commit') return data.object.sha;
    if (data.object.type !== 'tag') {
      throw new UserError(
        `Tag ${tag.name} points at a ${data.object.type}, not a commit: a production tag must name a commit.`,
      );
    }
    sha = data.object.sha;
  }
  throw new UserError(`Tag ${tag.name} is a tag of a tag more than ${MAX_TAG_DEPTH} levels deep.`);
}
