/**
 * The hotfix pull request check (`verify-tag-base`): five checks on facts read from GitHub, each
 * with a verdict, the reason, and what to do about a failure; and the report that shows them.
 * Pure: the action reads the facts, this decides.
 */
import { UserError, type FileLocation } from './errors.js';
import { findChangelogEntry } from './changelog/entry.js';
import { code, codeBlock, escapeInline, escapeTableCell } from './markdown.js';
import { branchName, tagName, tagVersion, type NameFormats } from './naming.js';
import { firstDifferentLine } from './patch.js';
import {
  compareVersions,
  nextPatch,
  parseReleaseVersion,
  previousPatch,
  sameReleaseLine,
} from './version.js';
import { readVersion, writeVersion, type VersionFileSpec } from './version-files.js';

export type Verdict = 'pass' | 'fail' | 'warn' | 'skip';

export type CheckId =
  | 'base-tag'
  | 'ancestry'
  | 'version-files'
  | 'changelog'
  | 'change-size'
  | 'target'
  | 'trusted-files';

export const CHECK_TITLES: Record<CheckId, string> = {
  'base-tag': 'Base tag',
  ancestry: 'Branch history',
  'version-files': 'Version files',
  changelog: 'CHANGELOG entry',
  'change-size': 'Size of the change',
  target: 'Merge target',
  'trusted-files': 'Configuration and deploy',
};

export interface Annotation {
  level: 'error' | 'warning';
  message: string;
  /** The file and line; none for a warning about the change as a whole. */
  location?: FileLocation;
}

export interface CheckResult {
  id: CheckId;
  verdict: Verdict;
  /** Why, in plain text (escaped when rendered). */
  reason: string;
  /** What to do about a failure or warning, plain text, one step per item. */
  todo: string[];
  /** Shell commands for the fix, shown as a code block. */
  commands: string[];
  annotations: Annotation[];
}

function result(
  id: CheckId,
  verdict: Verdict,
  reason: string,
  more: Partial<Pick<CheckResult, 'todo' | 'commands' | 'annotations'>> = {},
): CheckResult {
  return {
    id,
    verdict,
    reason,
    todo: more.todo ?? [],
    commands: more.commands ?? [],
    annotations: more.annotations ?? [],
  };
}

/** A check that could not run because an earlier one found no base to compare with. */
export function skipped(id: CheckId, why: string): CheckResult {
  return result(id, 'skip', why);
}

// ---------------------------------------------------------------------------------------------
// The base: which production tag the hotfix starts from, and which version it makes

export interface TagListing {
  name: string;
  version: string;
}

export interface BasePlan {
  /** The base tag's name, or undefined when no base can be named (see `problem`). */
  tag?: string;
  baseVersion?: string;
  /** The version the hotfix makes: the next PATCH of the base. */
  version?: string;
  /** How the base was chosen, for the report. */
  source: 'base-tag' | 'branch' | 'newest';
  /** Why no base could be named (check 1 fails with it). */
  problem?: string;
}

/**
 * The base tag and target version: `base-tag` when given; else the one before the version the
 * branch is named for (`hotfix/web-v1.2.4` → `web/prod-v1.2.3`); else the newest production tag.
 * A `base-tag` that is not a production tag of the product is the user's mistake.
 */
export function planBase(options: {
  formats: NameFormats;
  product: string;
  baseTag?: string;
  branchVersion?: string;
  tags: readonly TagListing[];
}): BasePlan {
  const { formats, product } = options;
  if (options.baseTag !== undefined) {
    const baseVersion = tagVersion(formats, product, options.baseTag);
    if (baseVersion === undefined) {
      throw new UserError(
        `Input 'base-tag': '${options.baseTag}' is not a production tag of ${product}: ` +
          `its tags are named like '${tagName(formats, product, '1.2.3')}' (tag-format).`,
      );
    }
    return {
      tag: options.baseTag.replace(/^refs\/tags\//, ''),
      baseVersion,
      version: nextPatch(baseVersion),
      source: 'base-tag',
    };
  }
  if (options.branchVersion !== undefined) {
    const baseVersion = previousPatch(options.branchVersion);
    if (baseVersion === undefined) {
      return {
        source: 'branch',
        version: options.branchVersion,
        problem:
          `the branch is named for ${options.branchVersion}, which is not a PATCH release: ` +
          `a hotfix makes the next PATCH of a production tag (X.Y.Z+1).`,
      };
    }
    return {
      tag: tagName(formats, product, baseVersion),
      baseVersion,
      version: options.branchVersion,
      source: 'branch',
    };
  }
  const newest = newestTag(options.tags);
  if (newest === undefined) {
    return {
      source: 'newest',
      problem: `${product} has no production tag (${tagName(formats, product, 'X.Y.Z')}) to hotfix.`,
    };
  }
  return {
    tag: newest.name,
    baseVersion: newest.version,
    version: nextPatch(newest.version),
    source: 'newest',
  };
}

/** The production tag with the highest version. */
export function newestTag<T extends TagListing>(tags: readonly T[]): T | undefined {
  let newest: T | undefined;
  for (const tag of tags) {
    if (newest === undefined || compareVersions(tag.version, newest.version) > 0) newest = tag;
  }
  return newest;
}

// ---------------------------------------------------------------------------------------------
// Check 1: the base tag exists and is the newest production tag of its release line

export function checkBaseTag(options: {
  formats: NameFormats;
  product: string;
  /** The version the branch's name gives, when it follows the branch format. */
  branchVersion?: string;
  plan: BasePlan;
  tags: readonly TagListing[];
}): CheckResult {
  const { plan, tags, product, formats } = options;
  const newest = newestTag(tags);
  const lineOf = (version: string) => version.split('.').slice(0, 2).join('.');
  const cutCommands = (version: string, tag: string) => [
    `git fetch origin --tags`,
    `git switch -c ${branchName(formats, product, version)} ${tag}`,
  ];
  if (plan.tag === undefined || plan.baseVersion === undefined || plan.version === undefined) {
    const newestText = newest ? `The newest production tag of ${product} is ${newest.name}.` : '';
    return result('base-tag', 'fail', `No base tag: ${plan.problem ?? 'unknown.'} ${newestText}`, {
      todo: newest
        ? [
            `Cut the hotfix branch from the production tag in production (the newest is ` +
              `${newest.name}) and name it for its next PATCH.`,
          ]
        : [],
      commands: newest ? cutCommands(nextPatch(newest.version), newest.name) : [],
    });
  }
  const baseVersion = plan.baseVersion;
  // "Newest" is within the release line: a hotfix of 2.9.x is right while 3.0.0 exists.
  const newestOfLine = newestTag(tags.filter((tag) => sameReleaseLine(tag.version, baseVersion)));
  const line = lineOf(baseVersion);
  const startFromNewestOfLine = newestOfLine
    ? [
        `Cut the hotfix branch from ${newestOfLine.name}, the newest release of the ${line} line, ` +
          `and name it for ${nextPatch(newestOfLine.version)}.`,
      ]
    : [];
  if (!tags.some((tag) => tag.name === plan.tag)) {
    return result(
      'base-tag',
      'fail',
      `The base tag ${plan.tag} does not exist. ` +
        (newestOfLine
          ? `The newest release of the ${line} line is ${newestOfLine.name}.`
          : newest
            ? `The newest production tag of ${product} is ${newest.name}.`
            : `${product} has no production tag.`),
      {
        todo: [
          ...(newestOfLine ? startFromNewestOfLine : []),
          'Name the branch for the next PATCH of the release in production, or name its tag in the base-tag input.',
        ],
        commands: newestOfLine
          ? cutCommands(nextPatch(newestOfLine.version), newestOfLine.name)
          : newest
            ? cutCommands(nextPatch(newest.version), newest.name)
            : [],
      },
    );
  }
  const target = tagName(formats, product, plan.version);
  if (tags.some((tag) => tag.name === target)) {
    return result(
      'base-tag',
      'fail',
      `${target} already exists: ${plan.version} has been released, so this branch cannot make it.`,
      {
        todo:
          newestOfLine && compareVersions(newestOfLine.version, baseVersion) > 0
            ? startFromNewestOfLine
            : [`Name the branch for a version that has no production tag yet.`],
      },
    );
  }
  const { branchVersion } = options;
  if (plan.source === 'base-tag' && branchVersion !== undefined && branchVersion !== plan.version) {
    return result(
      'base-tag',
      'fail',
      `The branch is named for ${branchVersion}, but the hotfix of ${plan.tag} makes ${plan.version}.`,
      { todo: [`Name the branch for ${plan.version}, or correct the base-tag input.`] },
    );
  }
  if (newestOfLine !== undefined && compareVersions(newestOfLine.version, baseVersion) > 0) {
    return result(
      'base-tag',
      'fail',
      `${plan.tag} is not the newest release of the ${line} line of ${product}: ` +
        `${newestOfLine.name} is. A hotfix starts from the release in production.`,
      {
        todo: startFromNewestOfLine,
        commands: cutCommands(nextPatch(newestOfLine.version), newestOfLine.name),
      },
    );
  }
  if (newest !== undefined && compareVersions(newest.version, baseVersion) > 0) {
    return result(
      'base-tag',
      'pass',
      `${plan.tag} exists and is the newest release of the ${line} line: a hotfix of an older ` +
        `release line (the newest production tag of ${product} is ${newest.name}).`,
    );
  }
  return result(
    'base-tag',
    'pass',
    `${plan.tag} exists and is the newest production tag of ${product}.`,
  );
}

// ---------------------------------------------------------------------------------------------
// Check 2: the branch descends from the tag's commit and holds nothing else from the base branch

export interface CommitListing {
  sha: string;
  subject: string;
}

export interface AncestryFacts {
  baseTag: string;
  baseSha: string;
  headSha: string;
  branch?: string;
  baseBranch: string;
  /** Whether the tag's commit is an ancestor of the head (compare status ahead or identical). */
  descends: boolean;
  /** The commit the tag and the head have in common (the merge base). */
  mergeBaseSha: string;
  /** Commits on the head since the tag (compare tag...head), oldest first; GitHub lists up to 250. */
  sinceTag: readonly CommitListing[];
  sinceTagTotal: number;
  /** The shas on the head that the base branch does not have (compare base-branch...head). */
  notOnBaseBranch: ReadonlySet<string>;
  notOnBaseBranchTotal: number;
}

export interface Ancestry {
  check: CheckResult;
  /** The branch's own commits: since the tag and not on the base branch. */
  ownCommits: number;
  /** Commits since the tag that came from the base branch. */
  foreign: CommitListing[];
  foreignTotal: number;
}

/** How many foreign commits the report names. */
export const FOREIGN_COMMITS_SHOWN = 5;

export function checkAncestry(facts: AncestryFacts): Ancestry {
  const short = (sha: string) => sha.slice(0, 7);
  if (!facts.descends) {
    return {
      check: result(
        'ancestry',
        'fail',
        `The head ${short(facts.headSha)} does not descend from ${facts.baseTag} ` +
          `(${short(facts.baseSha)}): the branch was not cut from the production tag. They last ` +
          `met at ${short(facts.mergeBaseSha)}.`,
        {
          todo: [
            `Cut a new branch from ${facts.baseTag}, cherry-pick the fix onto it, and push it in ` +
              `place of this one.`,
          ],
          commands: [
            `git switch -c hotfix-rebuilt ${facts.baseTag}`,
            `git cherry-pick <the fix's commits>`,
            `git push --force-with-lease origin hotfix-rebuilt:${facts.branch ?? '<branch>'}`,
          ],
        },
      ),
      ownCommits: 0,
      foreign: [],
      foreignTotal: 0,
    };
  }
  const complete =
    facts.sinceTag.length >= facts.sinceTagTotal &&
    facts.notOnBaseBranch.size >= facts.notOnBaseBranchTotal;
  const foreign = facts.sinceTag.filter((commit) => !facts.notOnBaseBranch.has(commit.sha));
  // With both lists complete the split is exact. Past GitHub's 250 listed commits, count on the
  // usual shape (the tag is on the base branch: every commit the base lacks is the branch's own).
  const ownCommits = complete
    ? facts.sinceTag.length - foreign.length
    : Math.min(facts.sinceTagTotal, facts.notOnBaseBranchTotal);
  const foreignTotal = complete ? foreign.length : facts.sinceTagTotal - ownCommits;
  if (foreignTotal === 0) {
    return {
      check: result(
        'ancestry',
        'pass',
        `Descends from ${facts.baseTag} (${short(facts.baseSha)}) with ${plural(ownCommits, 'commit')} ` +
          `of its own and nothing else from ${facts.baseBranch}.`,
      ),
      ownCommits,
      foreign: [],
      foreignTotal: 0,
    };
  }
  const named = foreign
    .slice(0, FOREIGN_COMMITS_SHOWN)
    .map((commit) => `${short(commit.sha)} ${commit.subject}`);
  const more = foreignTotal - named.length;
  return {
    check: result(
      'ancestry',
      'fail',
      `${plural(foreignTotal, 'commit')} from ${facts.baseBranch} since ${facts.baseTag} ` +
        `${foreignTotal === 1 ? 'is' : 'are'} on the branch (cut from a later ${facts.baseBranch}, ` +
        `or ${facts.baseBranch} merged in): ${named.join('; ')}${more > 0 ? `; and ${more} more` : ''}. ` +
        `They would ship unreleased work.`,
      {
        todo: [
          `Keep only the branch's own commits on top of ${facts.baseTag}: rebase them onto the tag ` +
            `(a rebase drops the merge of ${facts.baseBranch}), then force-push the branch.`,
        ],
        commands: [
          `git fetch origin --tags`,
          `git rebase --onto ${facts.baseTag} origin/${facts.baseBranch} ${facts.branch ?? '<branch>'}`,
          `git push --force-with-lease origin ${facts.branch ?? '<branch>'}`,
        ],
      },
    ),
    ownCommits,
    foreign,
    foreignTotal,
  };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

// ---------------------------------------------------------------------------------------------
// Check 3: the version files hold exactly the next PATCH, and nothing else in them changed

export interface VersionFileFacts {
  spec: VersionFileSpec;
  /** The text at the base tag; undefined when the file did not exist there. */
  atTag?: string;
  /** The text at the head; undefined when the file does not exist there. */
  atHead?: string;
  /** Why the text at the tag is not known (e.g. GitHub sent no diff for the file). */
  unknownAtTag?: string;
}

export function checkVersionFiles(options: {
  files: readonly VersionFileFacts[];
  baseVersion: string;
  version: string;
  baseTag: string;
}): CheckResult {
  const { files, version, baseVersion, baseTag } = options;
  if (files.length === 0) {
    return result(
      'version-files',
      'fail',
      'The product lists no version files, so the bump cannot be checked.',
      { todo: ["List the product's version files under version-files in the configuration."] },
    );
  }
  const problems: string[] = [];
  const annotations: Annotation[] = [];
  const seen: string[] = [];
  const fail = (message: string, location: FileLocation) => {
    problems.push(message);
    annotations.push({ level: 'error', message, location });
  };
  for (const file of files) {
    const path = file.spec.path;
    if (file.atHead === undefined) {
      fail(`${path} does not exist at the head.`, { file: path });
      continue;
    }
    let head;
    let headVersion;
    try {
      head = readVersion(file.spec, file.atHead);
      headVersion = parseReleaseVersion(head.version, `${path}:${head.line}`);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      fail(error.message, error.locations[0] ?? { file: path });
      continue;
    }
    const at = { file: path, line: head.line, column: head.column };
    seen.push(`${path} ${display(headVersion, head.build)}`);
    if (headVersion !== version) {
      fail(`${path}:${head.line}: ${describeWrongVersion(headVersion, baseVersion, version)}`, at);
      continue;
    }
    if (file.atTag === undefined) {
      fail(
        file.unknownAtTag ??
          `${path} did not exist at ${baseTag}: a hotfix changes the version files the release had.`,
        at,
      );
      continue;
    }
    let before;
    try {
      before = readVersion(file.spec, file.atTag);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      fail(`${path} at ${baseTag}: ${error.message}`, at);
      continue;
    }
    if (before.build !== undefined) {
      const expectedBuild = incremented(before.build);
      if (head.build !== expectedBuild) {
        fail(
          `${path}:${head.line}: build number ${head.build === undefined ? 'missing' : `+${head.build}`}` +
            `${head.build === before.build ? ' was not incremented' : ''}; it was +${before.build} at ` +
            `${baseTag}, so it must be ${version}+${expectedBuild ?? '(a whole number)'}.`,
          at,
        );
        continue;
      }
    }
    // Only the version (and build) may differ: redo that edit on the tag's text and compare.
    const expected = writeVersion(file.spec, file.atTag, {
      version: head.version,
      ...(before.build !== undefined && head.build !== undefined ? { build: head.build } : {}),
    });
    const line = firstDifferentLine(expected, file.atHead);
    if (line !== undefined) {
      fail(
        `${path}:${line}: changed besides the version since ${baseTag}; a hotfix changes only the ` +
          `version in a version file.`,
        { file: path, line },
      );
    }
  }
  if (problems.length > 0) {
    return result('version-files', 'fail', problems.join(' '), {
      annotations,
      todo: [
        `Make every version file hold ${version} (PATCH only; a pubspec build number one higher ` +
          `than at ${baseTag}) and change nothing else in them: the bump-patch action does exactly ` +
          `that.`,
      ],
    });
  }
  return result(
    'version-files',
    'pass',
    `${seen.join(', ')}: the next PATCH of ${baseVersion}, nothing else changed.`,
  );
}

function describeWrongVersion(actual: string, base: string, expected: string): string {
  if (actual === base)
    return `still holds ${actual}: the PATCH version was not bumped to ${expected}.`;
  const [aMajor, aMinor] = actual.split('.');
  const [bMajor, bMinor] = base.split('.');
  if (aMajor !== bMajor)
    return `holds ${actual}, a MAJOR bump of ${base}; a hotfix makes ${expected}.`;
  if (aMinor !== bMinor)
    return `holds ${actual}, a MINOR bump of ${base}; a hotfix makes ${expected}.`;
  return `holds ${actual}; the hotfix of ${base} makes ${expected}.`;
}

function incremented(build: string): string | undefined {
  if (!/^\d+$/.test(build)) return undefined;
  return (BigInt(build) + 1n).toString().padStart(build.length, '0');
}

function display(version: string, build: string | undefined): string {
  return build === undefined ? version : `${version}+${build}`;
}

// ---------------------------------------------------------------------------------------------
// Check 4: the CHANGELOG has an entry for the new version

export function checkChangelog(options: {
  path?: string;
  content?: string;
  version: string;
  product: string;
}): CheckResult {
  const { path, content, version } = options;
  if (path === undefined) {
    return result('changelog', 'skip', `${options.product} has no changelog in the configuration.`);
  }
  if (content === undefined) {
    return result('changelog', 'fail', `${path} does not exist at the head.`, {
      todo: [`Add ${path} with an entry for ${version} (the changelog-entry action does it).`],
      annotations: [],
    });
  }
  const entry = findChangelogEntry(content, version);
  if (entry === undefined) {
    return result('changelog', 'fail', `${path} has no entry for ${version}.`, {
      todo: [
        `Add the entry at the top of ${path}, a row "| YYYY-MM-DD | ${version} | HOTFIX: what was fixed |", ` +
          `or run the changelog-entry action on the branch.`,
      ],
      annotations: [
        {
          level: 'error',
          message: `No entry for ${version}: add one at the top.`,
          location: { file: path },
        },
      ],
    });
  }
  return result('changelog', 'pass', `${path}:${entry.line}: ${version}: "${entry.text}".`);
}

// ---------------------------------------------------------------------------------------------
// Check 5: the change stays small (warnings only)

/** The folder all of a product's files share (version files, changelog); '' for the root. */
export function productFolder(paths: readonly string[]): string {
  const folders = paths.map((path) => path.split('/').slice(0, -1));
  const [first, ...rest] = folders;
  if (first === undefined) return '';
  let length = first.length;
  for (const folder of rest) {
    let i = 0;
    while (i < length && i < folder.length && folder[i] === first[i]) i++;
    length = i;
  }
  return first.slice(0, length).join('/');
}

export const FILES_SHOWN = 5;

export function checkChangeSize(options: {
  files: readonly string[];
  /** GitHub lists at most 300 files in a comparison. */
  filesComplete: boolean;
  maxFiles: number;
  folder: string;
  product: string;
}): CheckResult {
  const { files, maxFiles, folder } = options;
  const count = `${files.length}${options.filesComplete ? '' : '+'}`;
  const warnings: string[] = [];
  if (files.length > maxFiles) {
    warnings.push(`${count} files changed, more than max-files (${maxFiles}).`);
  }
  const outside = folder === '' ? [] : files.filter((file) => !file.startsWith(`${folder}/`));
  if (outside.length > 0) {
    const shown = outside.slice(0, FILES_SHOWN).join(', ');
    const more = outside.length - FILES_SHOWN;
    warnings.push(
      `${plural(outside.length, 'file')} outside ${folder}/ (the folder of ${options.product}) ` +
        `changed: ${shown}${more > 0 ? ` and ${more} more` : ''}.`,
    );
  }
  if (warnings.length > 0) {
    return result('change-size', 'warn', warnings.join(' '), {
      todo: [
        'Keep the hotfix minimal: only the fix, the version and the CHANGELOG. Move anything else ' +
          'to a normal release (a warning: the check still passes).',
      ],
      annotations: warnings.map((message) => ({ level: 'warning' as const, message })),
    });
  }
  return result(
    'change-size',
    'pass',
    `${count} files changed${folder === '' ? '' : `, all in ${folder}/`}.`,
  );
}

// ---------------------------------------------------------------------------------------------
// Check 6: the pull request merges into a branch that holds nothing the head lacks

export interface TargetFacts {
  /** The pull request's base branch. */
  target: string;
  /** The repository's default branch (main). */
  baseBranch: string;
  /** The release line's maintenance branch, where start points the pull request when main moved. */
  maintenanceBranch: string;
  baseTag: string;
  branch?: string;
  /** Commits the target has that the head lacks (compare target...head, behind_by). */
  targetAhead: number;
}

/**
 * The tag must hold exactly the reviewed fix: that is so when the target can be fast-forwarded
 * to the head (it holds nothing the head lacks), whatever merge button is pressed. A main that
 * moved on since the tag would bring its unreleased work into the merge (and usually conflict
 * in the version files and the CHANGELOG): the pull request belongs on the maintenance branch.
 */
export function checkTarget(facts: TargetFacts): CheckResult {
  const { target, baseBranch, maintenanceBranch, baseTag } = facts;
  if (facts.targetAhead === 0) {
    const path =
      target === baseBranch
        ? `${baseBranch} is still at ${baseTag}: the merge is a fast-forward (step 7 of the process)`
        : `the merge into ${target} holds exactly the reviewed head; after the tag, a forward-port pull request carries the fix to ${baseBranch}`;
    return result('target', 'pass', `${target} holds nothing the head lacks: ${path}.`);
  }
  const commits = plural(facts.targetAhead, 'commit');
  if (target === baseBranch) {
    return result(
      'target',
      'fail',
      `${baseBranch} has ${commits} that the head lacks: it moved on since ${baseTag}, so ` +
        `merging this pull request would bring its unreleased work into the release (and tag it).`,
      {
        todo: [
          `Merge the hotfix into the maintenance branch ${maintenanceBranch}, cut at ${baseTag}: ` +
            `create it if it does not exist (the commands below), then change this pull ` +
            `request's base to it (Edit, next to the title). After the tag, a forward-port pull ` +
            `request carries the fix to ${baseBranch}.`,
        ],
        commands: [
          `git fetch origin --tags`,
          `git push origin ${baseTag}^{commit}:refs/heads/${maintenanceBranch}`,
        ],
      },
    );
  }
  return result(
    'target',
    'fail',
    `${target} has ${commits} that the head lacks (pushed there after ${baseTag}): merging ` +
      `would release them without review in this pull request.`,
    {
      todo: [
        `If ${target} is the release line's maintenance branch, only a hotfix pull request ` +
          `should change it: tag or remove those commits first, then re-run this check.`,
      ],
      commands: [`git fetch origin`, `git log --oneline ${baseTag}..origin/${target}`],
    },
  );
}

// ---------------------------------------------------------------------------------------------
// Check 7: the pull request does not change what judges it or what deploys it

/**
 * The paths a deploy command runs from the repository (`./scripts/deploy.sh` and `bash
 * scripts/deploy.sh` name `scripts/deploy.sh`): words with a `/` that are not URLs or options.
 */
export function deployPaths(command: string | undefined): string[] {
  if (command === undefined) return [];
  return command
    .split(/\s+/)
    .map((word) => word.replace(/^["']|["']$/g, ''))
    .filter((word) => word.includes('/') && !word.includes('://') && !word.startsWith('-'))
    .filter((word) => !word.startsWith('/') && !word.startsWith('$'))
    .map((word) => word.replace(/^(\.\/)+/, ''));
}

/**
 * The rules that judge a hotfix (the configuration) and what deploys it (the deploy command and
 * the script it runs) come from the reviewed side. A hotfix pull request that changes them would
 * judge and deploy itself: it fails, and they change in a normal release.
 */
export function checkTrustedFiles(options: {
  files: readonly string[];
  configPath: string;
  deployCommand?: string;
}): CheckResult {
  const scripts = deployPaths(options.deployCommand);
  const changed = options.files.filter(
    (file) => file === options.configPath || scripts.includes(file),
  );
  if (changed.length === 0) {
    return result(
      'trusted-files',
      'pass',
      `The pull request changes neither ${options.configPath}` +
        `${scripts.length > 0 ? ` nor the deploy command's ${scripts.join(', ')}` : ''}.`,
    );
  }
  const shown = changed.slice(0, FILES_SHOWN).join(', ');
  return result(
    'trusted-files',
    'fail',
    `The pull request changes ${shown}${changed.length > FILES_SHOWN ? ` and ${changed.length - FILES_SHOWN} more` : ''}: ` +
      `the hotfix checks and the deploy read them from the reviewed release, not from the ` +
      `pull request, so a hotfix must not change them.`,
    {
      todo: [
        `Remove these changes from the hotfix branch; change the configuration or the deploy ` +
          `script in a normal pull request to the default branch.`,
      ],
      annotations: changed.map((file) => ({
        level: 'error' as const,
        message: `${file}: a hotfix must not change the configuration or the deploy script.`,
        location: { file },
      })),
    },
  );
}

// ---------------------------------------------------------------------------------------------
// The report

export interface Report {
  product: string;
  version?: string;
  baseTag?: string;
  baseSha?: string;
  headSha: string;
  branch?: string;
  baseBranch: string;
  commits?: number;
  filesChanged?: number;
  fastForwardPossible: boolean;
  checks: readonly CheckResult[];
}

const ICONS: Record<Verdict, string> = { pass: '✅', fail: '❌', warn: '⚠️', skip: '➖' };
const ORDER: readonly CheckId[] = [
  'base-tag',
  'ancestry',
  'version-files',
  'changelog',
  'change-size',
  'target',
  'trusted-files',
];

export function failedChecks(checks: readonly CheckResult[]): CheckResult[] {
  return checks.filter((check) => check.verdict === 'fail');
}

/** The job summary: the checks table, the facts, and what to do about each failure or warning. */
export function renderReport(report: Report): string {
  const failed = failedChecks(report.checks);
  const title =
    `### verify-tag-base: ${escapeInline(report.product)}` +
    (report.version ? ` ${report.version}` : '') +
    (failed.length === 0
      ? ' passed'
      : ` failed (${failed.length} of ${report.checks.length} checks)`);
  const rows = [...report.checks]
    .sort((a, b) => ORDER.indexOf(a.id) - ORDER.indexOf(b.id))
    .map(
      (check) =>
        `| ${ICONS[check.verdict]} ${check.verdict} | ${ORDER.indexOf(check.id) + 1}. ${CHECK_TITLES[check.id]} | ${escapeTableCell(check.reason)} |`,
    );
  const facts = [
    `- Base: ${report.baseTag ? code(report.baseTag) : 'none'}` +
      (report.baseSha ? ` at ${code(report.baseSha)}` : ''),
    `- Head: ${code(report.headSha)}${report.branch ? ` on ${code(report.branch)}` : ''}` +
      (report.commits !== undefined ? `, ${plural(report.commits, 'commit')} of its own` : '') +
      (report.filesChanged !== undefined ? `, ${plural(report.filesChanged, 'file')} changed` : ''),
    `- ${code(report.baseBranch)} can ${report.fastForwardPossible ? '' : '**not** '}be fast-forwarded to the head.`,
  ];
  const advice = report.checks
    .filter((check) => check.verdict === 'fail' || check.verdict === 'warn')
    .filter((check) => check.todo.length > 0 || check.commands.length > 0)
    .map((check) => {
      const steps = check.todo.map((step) => `- ${escapeInline(step)}`).join('\n');
      const commands =
        check.commands.length > 0 ? `\n\n${codeBlock(check.commands.join('\n'), 'sh')}` : '';
      return `**${ORDER.indexOf(check.id) + 1}. ${CHECK_TITLES[check.id]}**\n\n${steps}${commands}`;
    });
  return (
    `${title}\n\n| Result | Check | Details |\n|---|---|---|\n${rows.join('\n')}\n\n${facts.join('\n')}\n` +
    (advice.length > 0 ? `\n#### What to do\n\n${advice.join('\n\n')}\n` : '')
  );
}
