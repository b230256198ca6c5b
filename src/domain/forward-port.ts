/**
 * The forward-port of a hotfix to the default branch (the maintenance path of step 7): what it
 * carries and what it leaves. Pure: texts in, texts out.
 *
 * The hotfix branch holds the fix and the release's own edits (the PATCH bump in the version
 * files and their lockfiles, the CHANGELOG row). Main has its own versions (often the next
 * release) in those very files, so only the fix is merged there: a "fix only" commit (the
 * release's files put back to the base tag's version, everything else as tagged) is merged
 * three-way by GitHub onto main, where it conflicts only where the fix itself does. Then the
 * hotfix's CHANGELOG entry is inserted into main's CHANGELOG in its version order, and the build
 * numbers main carries are raised above the hotfix's when they are not (a store refuses a build
 * number it has already seen).
 */
import { filesToRead } from './bump.js';
import { addChangelogEntry, findChangelogEntry } from './changelog/entry.js';
import { code, codeBlock, escapeInline } from './markdown.js';
import { UserError } from './errors.js';
import type { FileChange, FileContents } from './files.js';
import {
  companionFiles,
  readVersion,
  updateCompanion,
  writeVersion,
  type VersionFileSpec,
} from './version-files.js';

/** What a product's release edits: its version files, their lockfiles, its CHANGELOG. */
export function releaseFiles(specs: readonly VersionFileSpec[], changelog?: string): string[] {
  return [...filesToRead([...specs]), ...(changelog !== undefined ? [changelog] : [])];
}

/**
 * The release's files at the tag, put back to what they were at the base tag, keeping any other
 * change the fix made in them: the version (and build) written back into each version file, the
 * lockfiles' recorded version likewise, the CHANGELOG as it was. Only files that differ from the
 * tag are returned.
 */
export function withoutReleaseEdits(options: {
  specs: readonly VersionFileSpec[];
  changelog?: string;
  baseVersion: string;
  version: string;
  atBase: FileContents;
  atTag: FileContents;
}): FileChange[] {
  const { specs, atBase, atTag } = options;
  const changes = new Map<string, string>();
  const current = (path: string) => changes.get(path) ?? atTag.get(path);
  for (const spec of specs) {
    const tagged = current(spec.path);
    const base = atBase.get(spec.path);
    if (tagged === undefined || base === undefined) continue;
    const before = readVersion(spec, base);
    const after = readVersion(spec, tagged);
    const build =
      before.build !== undefined && after.build !== undefined ? before.build : undefined;
    changes.set(
      spec.path,
      writeVersion(spec, tagged, { version: before.version, ...(build ? { build } : {}) }),
    );
    for (const lockfile of companionFiles(spec)) {
      const lockTagged = current(lockfile);
      const lockBase = atBase.get(lockfile);
      if (lockTagged === undefined || lockTagged === lockBase) continue;
      let restored: string | undefined;
      try {
        restored = updateCompanion(
          spec,
          lockfile,
          lockTagged,
          options.version,
          options.baseVersion,
        );
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        // The lockfile does not record the hotfix's version for this package: as at the base.
        restored = lockBase;
      }
      if (restored !== undefined) changes.set(lockfile, restored);
    }
  }
  if (options.changelog !== undefined) {
    const base = atBase.get(options.changelog);
    if (base !== undefined) changes.set(options.changelog, base);
  }
  return [...changes]
    .filter(([path, content]) => content !== atTag.get(path))
    .map(([path, content]) => ({ path, content }));
}

export interface MainEdits {
  changes: FileChange[];
  /** The CHANGELOG entry was added (false: main had it already, or has no CHANGELOG). */
  changelogAdded: boolean;
  /** Main's build number, raised above the hotfix's: [from, to]. */
  buildRaised?: [string, string];
}

/**
 * On main, after the fix is merged: the hotfix's CHANGELOG entry (from the tag's CHANGELOG)
 * inserted into main's in version order, and main's build numbers raised above the hotfix's
 * when they are not. Main's versions are kept.
 */
export function mainEdits(options: {
  specs: readonly VersionFileSpec[];
  changelog?: string;
  version: string;
  /** The entry's date when the tag's CHANGELOG gives none (YYYY-MM-DD). */
  today: string;
  /** The tag's files: its version files (for the hotfix's build) and its CHANGELOG. */
  atTag: FileContents;
  atMain: FileContents;
}): MainEdits {
  const { specs, atTag, atMain, version } = options;
  const changes: FileChange[] = [];
  let changelogAdded = false;
  const path = options.changelog;
  const tagged = path === undefined ? undefined : atTag.get(path);
  const onMain = path === undefined ? undefined : atMain.get(path);
  if (path !== undefined && tagged !== undefined && onMain !== undefined) {
    const entry = findChangelogEntry(tagged, version);
    if (entry !== undefined) {
      const added = addChangelogEntry(
        path,
        onMain,
        {
          version,
          date: entry.date ?? options.today,
          text: entry.text.split('\n').join('; '),
        },
        { format: 'auto' },
      );
      if (added.changed) {
        changes.push({ path, content: added.content });
        changelogAdded = true;
      }
    }
  }

  const hotfixBuild = highestBuild(specs, atTag);
  const mainBuild = highestBuild(specs, atMain);
  let buildRaised: [string, string] | undefined;
  if (hotfixBuild !== undefined && mainBuild !== undefined && mainBuild <= hotfixBuild) {
    const raised = hotfixBuild + 1n;
    for (const spec of specs) {
      const content = atMain.get(spec.path);
      if (content === undefined) continue;
      const reading = readVersion(spec, content);
      if (reading.build === undefined || !/^\d+$/.test(reading.build)) continue;
      const build = raised.toString().padStart(reading.build.length, '0');
      changes.push({
        path: spec.path,
        content: writeVersion(spec, content, { version: reading.version, build }),
      });
      buildRaised ??= [reading.build, build];
    }
  }
  return { changes, changelogAdded, buildRaised };
}

/** The highest whole build number among the version files that carry one. */
function highestBuild(
  specs: readonly VersionFileSpec[],
  contents: FileContents,
): bigint | undefined {
  let highest: bigint | undefined;
  for (const spec of specs) {
    const content = contents.get(spec.path);
    if (content === undefined) continue;
    const build = readVersion(spec, content).build;
    if (build === undefined || !/^\d+$/.test(build)) continue;
    const value = BigInt(build);
    if (highest === undefined || value > highest) highest = value;
  }
  return highest;
}

export interface ForwardPortText {
  product: string;
  version: string;
  tag: string;
  baseTag: string;
  baseBranch: string;
  branch: string;
  /** What the fix changed, outside the release's files. */
  fixFiles: string[];
  releaseFiles: string[];
  edits: MainEdits;
  tracker?: number;
  /** Files both the fix and the base branch changed since the base tag (a conflict). */
  conflicts?: string[];
}

export function forwardPortTitle(product: string, version: string, baseBranch: string): string {
  return `Forward-port: ${product} ${version} hotfix to ${baseBranch}`;
}

/** The fix's merge commit on the forward-port branch: found again by this subject on a re-run. */
export function forwardPortMergeMessage(tag: string, baseBranch: string): string {
  return `Merge the fix of ${tag} into ${baseBranch}\n\nThe hotfix without its release edits (version files, lockfiles, CHANGELOG).\n`;
}

export function forwardPortEditsMessage(product: string, version: string): string {
  return `chore(release): ${product} ${version} CHANGELOG entry on the base branch\n`;
}

/** The forward-port pull request's body: what it holds, or the conflict and how to finish it. */
export function forwardPortBody(text: ForwardPortText): string {
  const lines = [
    `Carries the fix of ${code(text.tag)} (hotfix of ${code(text.baseTag)}) to ${code(text.baseBranch)}, so the next release does not ship the bug again.`,
    '',
  ];
  if (text.conflicts !== undefined) {
    lines.push(
      '**⚠️ GitHub could not merge the fix: resolve it here.** No conflict marker was committed.',
      '',
      text.conflicts.length > 0
        ? `The fix and ${code(text.baseBranch)} both changed, since ${code(text.baseTag)}: ${text.conflicts.map(code).join(', ')}.`
        : `The conflicting files are among the fix's: ${text.fixFiles.map(code).join(', ')}.`,
      '',
      'Apply the fix with a three-way merge, resolve, and push to this branch:',
      '',
      codeBlock(conflictCommands(text), 'sh'),
      '',
      'Then mark this pull request ready for review.',
      '',
    );
  }
  lines.push(
    '- The fix: ' +
      (text.fixFiles.length > 0 ? text.fixFiles.map(code).join(', ') : 'no file') +
      (text.conflicts !== undefined ? ' (to apply, above).' : '.'),
    `- Not carried: the release's edits (${text.releaseFiles.map(code).join(', ')}): ${code(text.baseBranch)} keeps its own versions.`,
  );
  if (text.edits.changelogAdded) {
    lines.push(`- The CHANGELOG entry of ${text.version}, in version order.`);
  }
  if (text.edits.buildRaised) {
    const [from, to] = text.edits.buildRaised;
    lines.push(
      `- The build number raised from ${from} to ${to}, above the hotfix's: an app store refuses a build number it has seen.`,
    );
  }
  lines.push('');
  if (text.tracker !== undefined) lines.push(`Tracking issue: #${text.tracker}`, '');
  return lines.join('\n');
}

/** The commands that apply the fix by hand: its diff without the release's files, three-way. */
export function conflictCommands(text: ForwardPortText): string {
  const excludes = text.releaseFiles.map((path) => `':(exclude)${path}'`).join(' ');
  return [
    `git fetch origin --tags ${text.branch}`,
    `git switch ${text.branch}`,
    `git diff ${text.baseTag} ${text.tag} -- . ${excludes} | git apply --3way`,
    '# resolve the conflicts, then:',
    'git add -A',
    `git commit -m "fix: forward-port of ${text.tag}"`,
    `git push origin ${text.branch}`,
  ].join('\n');
}

/** What the forward-port found or did. */
export type ForwardPortOutcome =
  | { result: 'on-main'; why: string }
  | { result: 'opened' | 'conflict' | 'exists'; pull: { number: number; url: string } }
  | { result: 'would-open' };

function describe(outcome: ForwardPortOutcome, baseBranch: string, dryRun: boolean): string {
  switch (outcome.result) {
    case 'on-main':
      return `nothing to carry: ${outcome.why}.`;
    case 'exists':
      return `pull request #${outcome.pull.number} already carries the fix (${outcome.pull.url}).`;
    case 'opened':
      return `opened pull request #${outcome.pull.number} (${outcome.pull.url}).`;
    case 'conflict':
      return (
        `GitHub could not merge the fix into ${baseBranch}: draft pull request ` +
        `#${outcome.pull.number} (${outcome.pull.url}) names the files and the commands to finish it.`
      );
    case 'would-open':
      return dryRun ? 'would open a forward-port pull request (dry run: nothing written).' : '';
  }
}

export function forwardPortLogLine(
  outcome: ForwardPortOutcome,
  hotfix: { tag: string; baseBranch: string },
  dryRun: boolean,
): string {
  return `${hotfix.tag} → ${hotfix.baseBranch}: ${describe(outcome, hotfix.baseBranch, dryRun)}`;
}

/** The forward-port's job summary. */
export function forwardPortSummary(
  outcome: ForwardPortOutcome,
  hotfix: { tag: string; baseBranch: string },
  options: { edits: MainEdits | undefined; fixFiles: readonly string[]; dryRun: boolean },
): string {
  const { edits, fixFiles } = options;
  const said = describe(outcome, hotfix.baseBranch, options.dryRun);
  return (
    `### Forward-port of ${code(hotfix.tag)} to ${code(hotfix.baseBranch)}\n\n${escapeInline(said)}\n` +
    (edits?.buildRaised
      ? `\nBuild number on ${code(hotfix.baseBranch)} raised from ${edits.buildRaised[0]} to ${edits.buildRaised[1]}.\n`
      : '') +
    (fixFiles.length > 0 ? `\nThe fix: ${fixFiles.map(code).join(', ')}.\n` : '')
  );
}
