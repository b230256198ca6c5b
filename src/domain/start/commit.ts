/**
 * The one commit of `start` (steps 4 and 5): bump-patch's plan and changelog-entry's row, the same
 * domain code as the step actions, planned on the branch's files. Pure.
 */
import { filesToRead, planBump } from '../bump.js';
import { addChangelogEntry } from '../changelog/entry.js';
import type { HotfixConfig, ProductConfig } from '../config.js';
import { UserError } from '../errors.js';
import type { FileChange, FileContents } from '../files.js';
import { hotfixText } from '../hotfix-text.js';
import { tagCompareUrl } from '../naming.js';
import type { HotfixForm } from './form.js';

/** A product start can bump: its CHANGELOG and version files configured. Returns the CHANGELOG. */
export function requireStartable(config: HotfixConfig, product: ProductConfig): string {
  if (product.changelog === undefined) {
    throw new UserError(
      `Product '${product.name}' has no changelog in ${config.path}: add 'changelog: <path>' under products.${product.name} (step 5 of the process needs it).`,
    );
  }
  if (product.versionFiles.length === 0) {
    throw new UserError(
      `Product '${product.name}' has no version-files in ${config.path}: list the files that hold its version under products.${product.name}.version-files.`,
    );
  }
  return product.changelog;
}

export interface StartCommitOptions {
  config: HotfixConfig;
  product: ProductConfig;
  changelog: string;
  /** The base tag's name and version, and the hotfix's version (its next PATCH). */
  baseTag: string;
  previousVersion: string;
  version: string;
  form: HotfixForm;
  now: Date;
  /** The repository's web address, for Keep a Changelog compare links. */
  repositoryUrl?: string;
}

/** Every file the plan reads. */
export function startCommitFiles(options: Pick<StartCommitOptions, 'product' | 'changelog'>) {
  return [...filesToRead(options.product.versionFiles), options.changelog];
}

/**
 * On a re-run the files already hold the new version and the row is there: no change. A row for
 * this version with other text is another hotfix: refused.
 */
export function planStartCommit(
  contents: FileContents,
  options: StartCommitOptions,
): { changes: FileChange[]; message: string } {
  const { product, changelog, version } = options;
  const bump = planBump(product.versionFiles, contents, {
    expectedVersion: options.previousVersion,
    buildNumber: 'increment',
  });
  if (bump.version !== version) throw new Error(`bump gave ${bump.version}, expected ${version}`);
  const entry = addChangelogEntry(
    changelog,
    contents.get(changelog),
    { version, date: options.now.toISOString().slice(0, 10), text: hotfixText(options.form.issue) },
    {
      format: 'auto',
      ...(options.repositoryUrl
        ? { compareUrl: tagCompareUrl(options.repositoryUrl, options.config, product.name) }
        : {}),
    },
  );
  if (entry.existing && !entry.existing.sameText) {
    throw new UserError(
      `A hotfix of ${product.name} ${version} is already open: ${changelog} on its branch already has the entry "${entry.existing.text}". One hotfix per product at a time: finish that one, or close it and delete its branch, then start again.`,
      [{ file: changelog, line: entry.existing.line }],
    );
  }
  return {
    changes: [
      ...bump.changes.map((change) => ({ path: change.path, content: change.after })),
      ...(entry.changed ? [{ path: changelog, content: entry.content }] : []),
    ],
    message: startCommitMessage(product.name, version, options.baseTag),
  };
}

/** The commit that bumps the version files and adds the CHANGELOG row. No form text in it. */
export function startCommitMessage(product: string, version: string, baseTag: string): string {
  return (
    `chore(release): hotfix ${product} ${version}\n\n` +
    `PATCH bump of the version files and the CHANGELOG entry, from ${baseTag}.\n`
  );
}
