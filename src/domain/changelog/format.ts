/**
 * What a CHANGELOG format is to the public functions (`entry.ts`): one interface, so that a new
 * format is a file implementing it and a line in `FORMATS`, and the types of the entries they
 * add and find.
 */
import { toSingleLine } from '../markdown.js';
import type { Lines } from './lines.js';

/** One name for each format in `FORMATS` (entry.ts); also the values of the input 'format'. */
export type FormatName = 'table' | 'keep-a-changelog';

export interface ChangelogFormat {
  readonly name: FormatName;
  /** A new file's content before its first entry: the entry is added to it as to any file. */
  readonly emptyFile: string;
  /** Whether the file is in this format (cheaply: every format is asked, in turn). */
  detect(lines: Lines): boolean;
  /**
   * Adds the entry where its version belongs in the file's own order. An entry already there for
   * the version is reported, not changed, so that a re-run changes nothing. The entry is checked:
   * its version is X.Y.Z, its text one line.
   */
  add(lines: Lines, entry: NewEntry, context: AddContext): EntryResult;
  /** The entry of a version, given as `comparableVersion` writes it. */
  find(lines: Lines, version: string): FoundEntry | undefined;
}

/** text already has its prefix, e.g. 'HOTFIX: Fix login crash'; date is YYYY-MM-DD. */
export interface NewEntry {
  version: string;
  date: string;
  text: string;
}

/** What a format's `add` is told besides the entry. */
export interface AddContext {
  /** The file's path, for messages only. */
  path: string;
  /** For keep-a-changelog link definitions: the compare URL between two versions' tags (the caller knows the repo URL and tag format). */
  compareUrl?: (fromVersion: string, toVersion: string) => string;
}

export interface ChangelogOptions extends Pick<AddContext, 'compareUrl'> {
  format: 'auto' | FormatName;
}

export interface EntryResult {
  /** The new file content (== input when unchanged). */
  content: string;
  changed: boolean;
  /** The Markdown written (or that would be): the table row, or the section (lines joined with \n). */
  entry: string;
  format: FormatName;
  /** 1-based line of the entry in the new content (or of the existing one). */
  line: number;
  /** Set when an entry for this version was already there. */
  existing?: { text: string; line: number; sameText: boolean };
  /** Things the caller should tell the user, e.g. a link definition that could not be added. */
  warnings?: string[];
}

export interface FoundEntry {
  /** Plain text: the table cell, or the section's list items one per line, unescaped. */
  text: string;
  date?: string;
  line: number;
  format: FormatName;
}

/**
 * The result of an add that found the version's entry already there: the file as it was.
 * `texts` are the existing entry's items (a section can hold several); the entry's text is the
 * same when it is one of them.
 */
export function unchanged(
  lines: Lines,
  markdown: string,
  format: FormatName,
  entry: NewEntry,
  existing: { text: string; line: number },
  texts = [existing.text],
): EntryResult {
  return {
    content: lines.content,
    changed: false,
    entry: markdown,
    format,
    line: existing.line,
    existing: {
      text: existing.text,
      line: existing.line,
      sameText: texts.map(toSingleLine).includes(entry.text),
    },
  };
}
