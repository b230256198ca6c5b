/**
 * The CHANGELOG entry of the `changelog-entry` action (step 5 of the hotfix process): adding the
 * hotfix's entry to a file's text, and finding the entry of a version again (for the PR check and
 * the tag message), in whichever of `FORMATS` the file is. Pure: text in, text out. The file is
 * edited in place: every byte outside the new entry (line endings, alignment, other tables)
 * stays as it was.
 *
 * The entry goes where its version belongs in the file's own order, not always on top: a hotfix
 * of 0.1.x forward-ported to main, whose CHANGELOG already has 0.2.0, goes below 0.2.0. See
 * `insertionIndex`.
 */
import { UserError } from '../errors.js';
import { toSingleLine } from '../markdown.js';
import { parseReleaseVersion } from '../version.js';
import type {
  ChangelogFormat,
  ChangelogOptions,
  EntryResult,
  FormatName,
  FoundEntry,
  NewEntry,
} from './format.js';
import { keepAChangelogFormat } from './keep-a-changelog.js';
import { Lines } from './lines.js';
import { EXAMPLE_TABLE, tableFormat } from './table.js';
import { comparableVersion } from './versions.js';

/**
 * The formats, in the order detection tries them: a Keep a Changelog heading decides first, as
 * such a file may also hold a table with a Version column.
 */
const FORMATS: readonly ChangelogFormat[] = [keepAChangelogFormat, tableFormat];

/** The format a file is created in when none is asked for: the hotfix process's own. */
const NEW_FILE_FORMAT = tableFormat;

export function detectChangelogFormat(content: string): FormatName | undefined {
  return formatOf(Lines.read(content))?.name;
}

function formatOf(lines: Lines): ChangelogFormat | undefined {
  return FORMATS.find((format) => format.detect(lines));
}

function formatNamed(name: FormatName): ChangelogFormat {
  const format = FORMATS.find((candidate) => candidate.name === name);
  if (format === undefined) throw new Error(`No changelog format is named '${name}'.`);
  return format;
}

/**
 * Adds the entry where its version belongs in the file's own order (see each format's `add`).
 * An entry already there for the version is reported, not changed.
 *
 * content undefined = the file does not exist: it is created with a `# Changelog` title and the
 * table format. `path` is only for messages.
 */
export function addChangelogEntry(
  path: string,
  content: string | undefined,
  entry: NewEntry,
  options: ChangelogOptions,
): EntryResult {
  const version = parseReleaseVersion(entry.version, "input 'version'");
  checkDate(entry.date);
  const text = toSingleLine(entry.text);
  if (text === '') {
    throw new UserError(
      `The changelog entry for ${version} is empty. Give the hotfix a description (input 'description').`,
    );
  }
  const newEntry = { version, date: entry.date, text };
  const context = { path, compareUrl: options.compareUrl };

  // An empty file is as good as a missing one: there is nothing to keep.
  if (content === undefined || content.trim() === '') {
    const format = options.format === 'auto' ? NEW_FILE_FORMAT : formatNamed(options.format);
    return format.add(Lines.read(format.emptyFile), newEntry, context);
  }
  // A large CHANGELOG is read once: its lines serve both the detection and the edit.
  const lines = Lines.read(content);
  const format = options.format === 'auto' ? formatOf(lines) : formatNamed(options.format);
  if (format === undefined) {
    throw new UserError(
      `${path}: cannot tell the changelog's format: it has no table with a Version column and no ` +
        `Keep a Changelog "## [x.y.z]" or "## [Unreleased]" heading. Add a table for the entries, ` +
        `e.g.\n\n${EXAMPLE_TABLE}\n\nor set the input 'format' to 'table' or 'keep-a-changelog'.`,
      [{ file: path }],
    );
  }
  return format.add(lines, newEntry, context);
}

/** The entry for a version, if any: its plain text (unescaped description), date and line. Used later by the PR check and the tag message. */
export function findChangelogEntry(content: string, version: string): FoundEntry | undefined {
  const lines = Lines.read(content);
  return formatOf(lines)?.find(lines, comparableVersion(version));
}

/** Refuses a date that is not a real YYYY-MM-DD day. */
export function checkDate(date: string): void {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const [year, month, day] = (match?.slice(1) ?? []).map(Number);
  const parsed =
    year === undefined ? undefined : new Date(Date.UTC(year, (month ?? 0) - 1, day ?? 0));
  if (parsed === undefined || parsed.toISOString().slice(0, 10) !== date) {
    throw new UserError(
      `The changelog date '${date}' is not a date. Write it as YYYY-MM-DD (e.g. 2026-03-05), ` +
        `or leave the input 'date' empty for today.`,
    );
  }
}
