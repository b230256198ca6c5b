/**
 * What a hotfix starts from (step 2: the production tag) and where its pull request merges
 * (step 7). Pure: the flow reads the tags and branch heads, this decides.
 */
import type { HotfixConfig } from '../config.js';
import { UserError } from '../errors.js';
import { tagName, tagVersion } from '../naming.js';
import { sameReleaseLine } from '../version.js';

/** A production tag of the product, newest first in the lists given here. */
export interface TagSeen {
  name: string;
  version: string;
}

/** The base-tag input names a production tag of the product (checked before any request). */
export function checkBaseTagName(config: HotfixConfig, product: string, baseTag: string): void {
  if (tagVersion(config, product, baseTag)) return;
  throw new UserError(
    `base-tag '${baseTag}' is not a production tag of ${product}: production tags are named like '${tagName(config, product, '1.2.3')}' (tag-format in ${config.path}). Leave base-tag empty to start from the newest one.`,
  );
}

/** The base tag: the one asked for (a production tag of the product), or the newest. */
export function chooseTag<T extends TagSeen>(
  tags: readonly T[],
  product: string,
  baseTag: string | undefined,
  config: HotfixConfig,
): T {
  if (baseTag !== undefined) {
    const name = baseTag.replace(/^refs\/tags\//, '');
    const tag = tags.find((candidate) => candidate.name === name);
    if (!tag) {
      throw new UserError(
        `base-tag '${name}' does not exist: ${product}'s production tags are ${describeTags(tags)}.`,
      );
    }
    checkNewestOfLine(tags, tag, product);
    return tag;
  }
  const newest = tags[0];
  if (!newest) {
    throw new UserError(
      `${product} has no production tag yet (no '${tagName(config, product, '1.2.3').replace('1.2.3', '*')}'): a hotfix starts from a production release. Release it first, or give base-tag.`,
    );
  }
  return newest;
}

/**
 * A hotfix makes the next PATCH of its line's newest release: a base tag with a newer tag on
 * its line (its next PATCH exists, or a later one) would make a version that is taken or behind.
 */
function checkNewestOfLine(tags: readonly TagSeen[], tag: TagSeen, product: string): void {
  const newestOfLine = tags.find((candidate) => sameReleaseLine(candidate.version, tag.version));
  if (newestOfLine === undefined || newestOfLine.name === tag.name) return;
  throw new UserError(
    `base-tag '${tag.name}' is not the newest release of ${product}'s ${tag.version.split('.').slice(0, 2).join('.')} line: ` +
      `${newestOfLine.name} is. A hotfix makes the next PATCH of the release in production: ` +
      `start from ${newestOfLine.name} (base-tag: ${newestOfLine.name}).`,
  );
}

function describeTags(tags: readonly TagSeen[]): string {
  if (tags.length === 0) return 'none';
  const shown = tags.slice(0, 5).map((tag) => tag.name);
  return (
    shown.join(', ') +
    (tags.length > shown.length ? ` and ${tags.length - shown.length} older` : '')
  );
}

/**
 * Where the hotfix pull request merges (step 7). The process merges the branch into main with
 * `--ff-only`, which works only while main is still at the production tag. In a monorepo main
 * has usually moved on, often in the hotfix's own files (the next version, new CHANGELOG rows):
 * then the pull request targets the release line's maintenance branch, cut at the tag, where it
 * merges without conflicts and the tag holds exactly the reviewed fix; a forward-port pull
 * request carries the fix to main after the tag.
 */
export type HotfixTarget =
  | { path: 'main'; branch: string; why: string }
  | {
      path: 'maintenance';
      branch: string;
      /** What start does to the branch first: create it at the tag, or move it up to the tag. */
      prepare: 'create' | 'fast-forward' | 'none';
      why: string;
    };

export interface TargetFacts {
  baseBranch: string;
  /** The base branch's head commit. */
  baseHead: string;
  baseTag: string;
  /** The base tag's commit. */
  tagSha: string;
  maintenanceBranch: string;
  /** The maintenance branch's head, when it exists. */
  maintenanceHead?: string;
  /** Whether the maintenance branch's head is an ancestor of the tag (asked only when needed). */
  maintenanceBehindTag?: boolean;
}

/**
 * Main when its head is the tag's commit; else the maintenance branch (created at the tag, or
 * reused: a second hotfix of the line finds it at the previous hotfix's tag). A maintenance
 * branch holding commits that no production tag has is refused: the tag would ship them.
 */
export function chooseTarget(facts: TargetFacts): HotfixTarget {
  const short = (sha: string) => sha.slice(0, 7);
  if (facts.baseHead === facts.tagSha) {
    return {
      path: 'main',
      branch: facts.baseBranch,
      why: `${facts.baseBranch} is still at ${facts.baseTag} (${short(facts.tagSha)}): the pull request merges into it (step 7), and whichever merge button is used, the merge holds exactly the reviewed fix.`,
    };
  }
  const why =
    `${facts.baseBranch} has moved on since ${facts.baseTag} (it is at ${short(facts.baseHead)}), ` +
    `so the pull request targets ${facts.maintenanceBranch}, cut at the tag: it merges without ` +
    `conflicts and the tag holds exactly the reviewed fix. After the tag, a forward-port pull ` +
    `request carries the fix to ${facts.baseBranch}.`;
  if (facts.maintenanceHead === undefined) {
    return { path: 'maintenance', branch: facts.maintenanceBranch, prepare: 'create', why };
  }
  if (facts.maintenanceHead === facts.tagSha) {
    return { path: 'maintenance', branch: facts.maintenanceBranch, prepare: 'none', why };
  }
  if (facts.maintenanceBehindTag === true) {
    return { path: 'maintenance', branch: facts.maintenanceBranch, prepare: 'fast-forward', why };
  }
  throw new UserError(
    `The maintenance branch ${facts.maintenanceBranch} is at ${short(facts.maintenanceHead)}, which ` +
      `is not ${facts.baseTag} (${short(facts.tagSha)}) nor behind it: it holds commits that no ` +
      `production tag has, and a hotfix merged into it would ship them. Nothing was written. If ` +
      `they are an unfinished hotfix, finish it (tag it); if they do not belong there, reset the ` +
      `branch to the tag (git push --force-with-lease origin ${facts.baseTag}^{commit}:refs/heads/${facts.maintenanceBranch}), then start again.`,
  );
}
