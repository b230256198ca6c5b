/**
 * CHANGELOG formats for the `changelog-entry` action (step 5 of the hotfix process): adding the
 * hotfix's entry to a file's text, and finding the entry of a version again (for the PR check and
 * the tag message). Pure: text in, text out. The file is edited in place: every byte outside the
 * new entry (line endings, alignment, other tables) stays as it was.
 *
 * The entry goes where its version belongs in the file's own order, not always on top: a hotfix
 * of 0.1.x forward-ported to main, whose CHANGELOG already has 0.2.0, goes below 0.2.0. A table
 * is newest first unless its rows say otherwise (oldest first: the newest row at the bottom); Keep
 * a Changelog is newest first, below `## [Unreleased]`. See `insertionIndex`.
 */
import semver from 'semver';
import { UserError } from './errors.js';
import {
  escapeInline,
  escapeTableCell,
  toSingleLine,
  trimSpaces,
  unescapeInline,
} from './markdown.js';
import { parseReleaseVersion } from './version.js';

export type ChangelogFormat = 'table' | 'keep-a-changelog';

/** text already has its prefix, e.g. 'HOTFIX: Fix login crash'; date is YYYY-MM-DD. */
export interface NewEntry {
  version: string;
  date: string;
  text: string;
}

export interface ChangelogOptions {
  format: 'auto' | ChangelogFormat;
  /** For keep-a-changelog link definitions: the compare URL between two versions' tags (the caller knows the repo URL and tag format). */
  compareUrl?: (fromVersion: string, toVersion: string) => string;
}

export interface EntryResult {
  /** The new file content (== input when unchanged). */
  content: string;
  changed: boolean;
  /** The Markdown written (or that would be): the table row, or the section (lines joined with \n). */
  entry: string;
  format: ChangelogFormat;
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
  format: ChangelogFormat;
}

const EXAMPLE_TABLE = '| Date | Version | Description |\n| --- | --- | --- |';

export function detectChangelogFormat(content: string): ChangelogFormat | undefined {
  return formatOf(Lines.read(content)).format;
}

/** The format, and the tables when they had to be read to tell it (so they are read once). */
function formatOf(lines: Lines): { format: ChangelogFormat | undefined; tables?: Table[] } {
  for (let index = 0; index < lines.count; index++) {
    if (lines.isMarkdown(index) && KEEP_A_CHANGELOG_HEADING.test(lines.text(index))) {
      return { format: 'keep-a-changelog' };
    }
  }
  const tables = findTables(lines);
  if (tables.some((table) => table.columns.version !== undefined))
    return { format: 'table', tables };
  return { format: undefined, tables };
}

/**
 * Adds the entry where its version belongs in the file's own order (see `insertionIndex`):
 * - table (the first one with a Version column): newest first, a row above the first row of a
 *   lower version, so usually the first row, or the last when every row is newer; oldest first
 *   (its last versioned row higher than its first), a row below the last row of a lower version,
 *   so usually the last row.
 * - Keep a Changelog: newest first below `## [Unreleased]`, a section above the first release of
 *   a lower version, so usually right after `## [Unreleased]`, or after the last release when
 *   every release is newer; its link definition goes in the same order.
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

  // An empty file is as good as a missing one: there is nothing to keep.
  if (content === undefined || content.trim() === '') {
    return createChangelog(newEntry, options.format === 'auto' ? 'table' : options.format);
  }
  // A large CHANGELOG is read once: its lines and tables serve both the detection and the edit.
  const lines = Lines.read(content);
  const detected = options.format === 'auto' ? formatOf(lines) : undefined;
  const format = detected ? detected.format : options.format;
  if (format === undefined) {
    throw new UserError(
      `${path}: cannot tell the changelog's format: it has no table with a Version column and no ` +
        `Keep a Changelog "## [x.y.z]" or "## [Unreleased]" heading. Add a table for the entries, ` +
        `e.g.\n\n${EXAMPLE_TABLE}\n\nor set the input 'format' to 'table' or 'keep-a-changelog'.`,
      [{ file: path }],
    );
  }
  return format === 'table'
    ? addTableRow(path, content, newEntry, lines, detected?.tables)
    : addReleaseSection(content, lines, newEntry, options);
}

/** The entry for a version, if any: its plain text (unescaped description), date and line. Used later by the PR check and the tag message. */
export function findChangelogEntry(content: string, version: string): FoundEntry | undefined {
  const wanted = comparableVersion(version);
  const lines = Lines.read(content);
  const { format, tables } = formatOf(lines);
  if (format === 'keep-a-changelog') {
    const list = lines.slice();
    const section = readReleaseSections(list).sections.find((s) => s.version === wanted);
    if (section === undefined) return undefined;
    return {
      text: sectionItems(list, section).join('\n'),
      ...(section.date !== undefined ? { date: section.date } : {}),
      line: section.line + 1,
      format: 'keep-a-changelog',
    };
  }
  const found = findTableRow(lines, tables ?? findTables(lines), wanted);
  if (found === undefined) return undefined;
  return { ...found, format: 'table' };
}

// ---------------------------------------------------------------------------------------------
// Lines

/** A line as an object, as the Keep a Changelog code reads lines (`Lines.slice`). */
interface Line {
  /** 0-based line number. */
  index: number;
  text: string;
  /** false inside fenced code and HTML comments, where a table or heading is only an example. */
  markdown: boolean;
}

const FENCE_OR_COMMENT_CHARS = /[`~<]/;
const MARKUP_CHARS = /[\\&`*]/;

/**
 * The content's lines, as offsets into it. A 10 MB CHANGELOG has 150,000 lines: an object kept
 * for each cost more in garbage collection than reading them, so the table code cuts a line's
 * text from the content when it asks for it. The Keep a Changelog code, simpler with objects,
 * takes them from `slice`.
 */
class Lines {
  private constructor(
    readonly content: string,
    readonly count: number,
    /** Offset of each line's first character. */
    private readonly starts: Int32Array,
    /** Offset of each line's ending (`\r\n` or `\n`), or of the content's end. */
    private readonly cuts: Int32Array,
    /** Offset after each line's ending. */
    private readonly ends: Int32Array,
    /** 1 where the line is Markdown, 0 inside fenced code or an HTML comment. */
    private readonly markdown: Uint8Array,
  ) {}

  static read(content: string): Lines {
    let capacity = 1;
    for (let at = content.indexOf('\n'); at !== -1; at = content.indexOf('\n', at + 1)) capacity++;
    const starts = new Int32Array(capacity);
    const cuts = new Int32Array(capacity);
    const ends = new Int32Array(capacity);
    const markdownFlags = new Uint8Array(capacity);
    let count = 0;
    let fence: { marker: string; length: number } | undefined;
    let inComment = false;
    for (let start = 0; start < content.length; count++) {
      const newline = content.indexOf('\n', start);
      const end = newline === -1 ? content.length : newline + 1;
      const cut = Math.max(
        start,
        newline === -1 ? end : content[newline - 1] === '\r' ? newline - 1 : newline,
      );
      const text = content.slice(start, cut);
      let markdown = fence === undefined && !inComment;
      if (markdown && !FENCE_OR_COMMENT_CHARS.test(text)) {
        // Neither a fence nor a comment can start here (most lines): nothing more to look at.
      } else if (fence !== undefined) {
        const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(text)?.[1];
        if (close?.[0] === fence.marker && close.length >= fence.length) fence = undefined;
      } else if (inComment) {
        inComment = !text.includes('-->');
      } else {
        const open = /^ {0,3}(`{3,}|~{3,})/.exec(text)?.[1];
        if (open !== undefined) {
          fence = { marker: open[0] ?? '`', length: open.length };
          markdown = false;
        } else if (/^ {0,3}<!--/.test(text)) {
          inComment = !text.slice(text.indexOf('<!--') + 4).includes('-->');
          markdown = false;
        }
      }
      starts[count] = start;
      cuts[count] = cut;
      ends[count] = end;
      markdownFlags[count] = markdown ? 1 : 0;
      start = end;
    }
    return new Lines(content, count, starts, cuts, ends, markdownFlags);
  }

  /** The line's text, without its ending. */
  text(index: number): string {
    return this.content.slice(this.starts[index], this.cuts[index]);
  }

  isMarkdown(index: number): boolean {
    return this.markdown[index] === 1;
  }

  /** Where the line starts; the content's length for the line after the last. */
  start(index: number): number {
    return index < this.count ? (this.starts[index] ?? 0) : this.content.length;
  }

  /** Where the next line starts (after this line's ending). */
  end(index: number): number {
    return index < this.count ? (this.ends[index] ?? 0) : this.content.length;
  }

  /** Lines `from` to `to` (excluded) as objects. */
  slice(from = 0, to = this.count): Line[] {
    const lines: Line[] = [];
    for (let index = from; index < Math.min(to, this.count); index++) {
      lines.push({ index, text: this.text(index), markdown: this.isMarkdown(index) });
    }
    return lines;
  }
}

/** The line ending the file uses (of its first line); LF for a one-line file. */
function lineEnding(content: string): string {
  const newline = content.indexOf('\n');
  return newline > 0 && content[newline - 1] === '\r' ? '\r\n' : '\n';
}

interface Edit {
  /** Index of the first line replaced, or where the lines are inserted. */
  at: number;
  remove: number;
  insert: string[];
}

/**
 * Applies edits to the content, touching nothing else. Edits at the same line are applied in the
 * given order, each landing above the ones before it: list a line's replacement before insertions
 * that go above it.
 */
function applyEdits(lines: Lines, edits: Edit[]): string {
  const content = lines.content;
  const eol = lineEnding(content);
  let result = content;
  for (const edit of [...edits].sort((a, b) => b.at - a.at)) {
    const start = lines.start(edit.at);
    const end = edit.remove > 0 ? lines.end(edit.at + edit.remove - 1) : start;
    const lastLineHasNoEnding = end === content.length && !/\n$/.test(content);
    let replacement = edit.insert.map((line) => line + eol).join('');
    if (lastLineHasNoEnding && edit.remove > 0) replacement = edit.insert.join(eol);
    else if (lastLineHasNoEnding && content !== '') replacement = eol + edit.insert.join(eol);
    result = result.slice(0, start) + replacement + result.slice(end);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Versions and dates

/** `v0.1.1`, `0.1.1+6` (a Flutter build number) and `0.1.1` are the same release. */
function comparableVersion(text: string): string {
  return text
    .trim()
    .replace(/^v(?=\d)/i, '')
    .replace(/\+.*$/, '');
}

/** The version a table cell or heading names: `0.1.1`, `v0.1.1`, `` `0.1.1` ``, `**0.1.1**`, `[0.1.1](…)`. */
function versionIn(markdown: string): string | undefined {
  const text = unescapeInline(markdown)
    .replace(/[`*]/g, '')
    .replace(/^\[([^\]]*)\](?:\(.*\)|\[[^\]]*\])?$/, '$1')
    .trim();
  const match = /^v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)$/i.exec(text);
  return match?.[1] === undefined ? undefined : comparableVersion(match[1]);
}

/** a < b by semver; false when a is no version semver reads (`01.2.3`): such an entry is ignored. */
function isLower(a: string, b: string): boolean {
  const parsed = semver.parse(a);
  return parsed !== null && parsed.compare(b) < 0;
}

/** How a CHANGELOG orders its entries. */
type VersionOrder = 'newest-first' | 'oldest-first';

/**
 * Where a new version's entry goes among `count` entries, in the file's own order: newest first,
 * before the first entry of a lower version (after the last when none is lower); oldest first,
 * after the last entry of a lower version (before the first when none is lower). Returns the
 * index of the entry it goes before (`count`: after the last). An entry whose `versionAt` is
 * undefined is ignored, and only the entries up to the insertion point are read.
 */
function insertionIndex(
  count: number,
  versionAt: (index: number) => string | undefined,
  version: string,
  order: VersionOrder,
): number {
  const isLowerAt = (index: number): boolean => {
    const other = versionAt(index);
    return other !== undefined && isLower(other, version);
  };
  if (order === 'newest-first') {
    for (let index = 0; index < count; index++) if (isLowerAt(index)) return index;
    return count;
  }
  for (let index = count - 1; index >= 0; index--) if (isLowerAt(index)) return index + 1;
  return 0;
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

// ---------------------------------------------------------------------------------------------
// New file

function createChangelog(entry: NewEntry, format: ChangelogFormat): EntryResult {
  const title = ['# Changelog', ''];
  if (format === 'table') {
    const row = formatRow([entry.date, entry.version, escapeTableCell(entry.text)], {
      indent: '',
      leadingPipe: true,
      trailingPipe: true,
    });
    const lines = [...title, ...EXAMPLE_TABLE.split('\n'), row];
    return { content: lines.join('\n') + '\n', changed: true, entry: row, format, line: 5 };
  }
  const section = releaseSection(entry, {
    versionPrefix: '',
    bullet: '-',
    blankAfterSubheading: true,
  });
  return {
    content: [...title, ...section].join('\n') + '\n',
    changed: true,
    entry: section.join('\n'),
    format,
    line: 3,
  };
}

// ---------------------------------------------------------------------------------------------
// Table format: `| 2026-03-05 | 0.1.1 | HOTFIX: … |` as a row of the first table whose header has
// a version column, in the table's version order: usually its first row.

interface TableStyle {
  indent: string;
  leadingPipe: boolean;
  trailingPipe: boolean;
}

interface Table extends TableStyle {
  /** 0-based line index of the header row. */
  headerLine: number;
  delimiterLine: number;
  headers: string[];
  /** Column index of each role, found by header name. */
  columns: { date?: number; version?: number; description?: number };
  /** The rows: line `firstRow` to `rowsEnd` (excluded). A row is split into cells only when
   * looked at (a CHANGELOG can have 100,000). */
  firstRow: number;
  rowsEnd: number;
}

function cellsOf(row: string): string[] {
  return splitRow(row).cells;
}

/** Header names (lower case, letters only) of each column the entry fills. */
const COLUMN_NAMES = {
  date: ['date', 'releasedate', 'released', 'releasedon', 'day', 'when'],
  version: ['version', 'ver', 'release', 'releaseversion', 'versionnumber', 'appversion', 'tag'],
  description: [
    'description',
    'desc',
    'changes',
    'change',
    'changelog',
    'summary',
    'notes',
    'releasenotes',
    'details',
    'whatchanged',
    'fix',
    'fixes',
    'entry',
    'message',
    'comment',
    'comments',
  ],
};

// GFM trims spaces and tabs around a row and its cells, not other Unicode spaces (String.trim
// would drop a no-break space, and the entry read back would not be the entry written).
function splitRow(text: string): { cells: string[]; leadingPipe: boolean; trailingPipe: boolean } {
  let body = trimSpaces(text);
  const leadingPipe = body.startsWith('|');
  if (leadingPipe) body = body.slice(1);
  if (!body.includes('\\')) {
    // No escapes (almost every row): the same cells, without walking character by character.
    const parts = body.split('|');
    const last = parts.pop() ?? '';
    const split = parts.map((part) => trimSpaces(part));
    const trailing = split.length > 0 && trimSpaces(last) === '';
    if (!trailing) split.push(trimSpaces(last));
    return { cells: split, leadingPipe, trailingPipe: trailing };
  }
  const cells: string[] = [];
  let cell = '';
  for (let index = 0; index < body.length; index++) {
    const char = body[index] ?? '';
    if (char === '\\' && index + 1 < body.length) {
      // An escaped character (`\|` above all) belongs to the cell, as in GFM.
      cell += char + (body[index + 1] ?? '');
      index++;
    } else if (char === '|') {
      cells.push(trimSpaces(cell));
      cell = '';
    } else {
      cell += char;
    }
  }
  const trailingPipe = cells.length > 0 && trimSpaces(cell) === '';
  if (!trailingPipe) cells.push(trimSpaces(cell));
  return { cells, leadingPipe, trailingPipe };
}

function isDelimiterRow(text: string): boolean {
  // Without a pipe, `---` is a thematic break or a heading underline, not a table.
  if (!text.includes('|')) return false;
  const { cells } = splitRow(text);
  return cells.length > 0 && cells.every((cell) => /^:?-+:?$/.test(cell));
}

function headerName(cell: string): string {
  return unescapeInline(cell)
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

function findTables(lines: Lines): Table[] {
  const tables: Table[] = [];
  for (let index = 0; index + 1 < lines.count; index++) {
    if (!lines.isMarkdown(index) || !lines.isMarkdown(index + 1)) continue;
    const header = lines.text(index);
    if (!header.includes('|') || /^ {4}/.test(header)) continue;
    const delimiter = lines.text(index + 1);
    if (!isDelimiterRow(delimiter)) continue;
    const { cells: headers, leadingPipe, trailingPipe } = splitRow(header);
    if (splitRow(delimiter).cells.length !== headers.length) continue;

    let next = index + 2;
    while (next < lines.count && lines.isMarkdown(next) && lines.text(next).trim() !== '') next++;
    tables.push({
      headerLine: index,
      delimiterLine: index + 1,
      headers,
      columns: findColumns(headers),
      firstRow: index + 2,
      rowsEnd: next,
      indent: /^\s*/.exec(header)?.[0] ?? '',
      leadingPipe,
      trailingPipe,
    });
    index = next - 1;
  }
  return tables;
}

function findColumns(headers: string[]): Table['columns'] {
  const names = headers.map(headerName);
  const taken = new Set<number>();
  const find = (candidates: string[]): number | undefined => {
    const index = names.findIndex((name, i) => !taken.has(i) && candidates.includes(name));
    if (index === -1) return undefined;
    taken.add(index);
    return index;
  };
  const date = find(COLUMN_NAMES.date);
  const version = find(COLUMN_NAMES.version);
  const description = find(COLUMN_NAMES.description);
  return {
    ...(date !== undefined ? { date } : {}),
    ...(version !== undefined ? { version } : {}),
    ...(description !== undefined ? { description } : {}),
  };
}

function formatRow(cells: string[], style: TableStyle): string {
  // A row cannot start (or end) with an empty cell without the outer pipe, whatever the style.
  const leading = style.leadingPipe || cells[0] === '';
  const trailing = style.trailingPipe || cells.at(-1) === '';
  return `${style.indent}${leading ? '| ' : ''}${cells.join(' | ')}${trailing ? ' |' : ''}`;
}

/** The version written as the table's newest row writes it: `v0.1.1`, `` `0.1.1` ``... */
function versionCell(lines: Lines, table: Table, version: string): string {
  const sample =
    table.firstRow < table.rowsEnd
      ? (cellsOf(lines.text(table.firstRow))[table.columns.version ?? -1] ?? '')
      : '';
  const style = /^(`?)(v?)\d+\.\d+\.\d+[^`]*(`?)$/i.exec(sample);
  return `${style?.[1] ?? ''}${style?.[2] ?? ''}${version}${style?.[3] ?? ''}`;
}

/** The version a row's version cell names. A row that cannot name one is not split into cells. */
function rowVersion(row: string, column: number): string | undefined {
  if (!/\d\.\d+\.\d/.test(row) && !MARKUP_CHARS.test(row)) return undefined;
  return versionIn(cellsOf(row)[column] ?? '');
}

function findTableRow(
  lines: Lines,
  tables: Table[],
  version: string,
): { text: string; date?: string; line: number } | undefined {
  for (const table of tables) {
    const { version: versionColumn, date: dateColumn, description } = table.columns;
    if (versionColumn === undefined) continue;
    for (let index = table.firstRow; index < table.rowsEnd; index++) {
      const row = lines.text(index);
      // A row without the version's text and without markup or escapes cannot name it: skipped
      // without splitting it into cells.
      if (!row.includes(version) && !MARKUP_CHARS.test(row)) continue;
      const cells = cellsOf(row);
      if (versionIn(cells[versionColumn] ?? '') !== version) continue;
      const date = dateColumn === undefined ? undefined : cells[dateColumn];
      return {
        text: unescapeInline(description === undefined ? '' : (cells[description] ?? '')),
        ...(date ? { date: unescapeInline(date) } : {}),
        line: index + 1,
      };
    }
  }
  return undefined;
}

/**
 * Oldest first when the last row that names a version names a higher one than the first row that
 * does; else (and with fewer than two such rows) newest first.
 */
function tableOrder(count: number, versionAt: (index: number) => string | undefined): VersionOrder {
  const readable = (index: number): string | undefined => {
    const version = versionAt(index);
    return version !== undefined && semver.valid(version) !== null ? version : undefined;
  };
  let first: string | undefined;
  let last: string | undefined;
  for (let index = 0; first === undefined && index < count; index++) first = readable(index);
  for (let index = count - 1; last === undefined && index >= 0; index--) last = readable(index);
  return first !== undefined && last !== undefined && semver.lt(first, last)
    ? 'oldest-first'
    : 'newest-first';
}

function addTableRow(
  path: string,
  content: string,
  entry: NewEntry,
  lines: Lines,
  tables: Table[] = findTables(lines),
): EntryResult {
  const table = tables.find((t) => t.columns.version !== undefined);
  if (table === undefined) {
    throw new UserError(
      `${path} has no table with a Version column, so the hotfix entry has nowhere to go. ` +
        `Add a table whose header names its columns, e.g.\n\n${EXAMPLE_TABLE}\n\n` +
        `(Date and Description may also be called Released, Changes, Summary or Notes), ` +
        `or set the input 'format' to 'keep-a-changelog' if the file uses "## [x.y.z]" sections.`,
      [{ file: path }],
    );
  }
  const { date, version, description } = table.columns;
  if (description === undefined) {
    const line = table.headerLine + 1;
    throw new UserError(
      `${path}:${line}: the changelog table (${table.headers.join(', ')}) has a version column ` +
        `but none for the text. Name one of its columns Description, Changes, Summary or Notes.`,
      [{ file: path, line }],
    );
  }

  const cells = table.headers.map(() => '');
  if (date !== undefined) cells[date] = entry.date;
  if (version !== undefined) cells[version] = versionCell(lines, table, entry.version);
  cells[description] = escapeTableCell(entry.text);
  const row = formatRow(cells, table);

  const existing = findTableRow(lines, tables, entry.version);
  if (existing !== undefined) return unchanged(content, row, 'table', entry, existing);

  // Only the rows the insertion point depends on are read: the first and the last, usually.
  const count = table.rowsEnd - table.firstRow;
  const versionAt = (index: number): string | undefined =>
    rowVersion(lines.text(table.firstRow + index), version ?? -1);
  const order = tableOrder(count, versionAt);
  const at = table.firstRow + insertionIndex(count, versionAt, entry.version, order);
  return {
    content: applyEdits(lines, [{ at, remove: 0, insert: [row] }]),
    changed: true,
    entry: row,
    format: 'table',
    line: at + 1,
  };
}

function unchanged(
  content: string,
  markdown: string,
  format: ChangelogFormat,
  entry: NewEntry,
  existing: { text: string; line: number; texts?: string[] },
): EntryResult {
  const texts = (existing.texts ?? [existing.text]).map(toSingleLine);
  return {
    content,
    changed: false,
    entry: markdown,
    format,
    line: existing.line,
    existing: { text: existing.text, line: existing.line, sameText: texts.includes(entry.text) },
  };
}

// ---------------------------------------------------------------------------------------------
// Keep a Changelog: `## [0.1.1] - 2026-03-05` / `### Fixed` / `- HOTFIX: …` newest first below
// the `## [Unreleased]` section (usually right after it), and the version's compare link among
// the link definitions, in the same order.

/** What tells a Keep a Changelog file apart: a bracketed version or Unreleased heading. */
const KEEP_A_CHANGELOG_HEADING = /^##\s+\[\s*(?:unreleased|v?\d+\.\d+\.\d+[^\]]*)\s*\]/i;

/** `## [0.1.1] - 2026-03-05`, `## [v0.1.1](…) (2026-03-05)`, `## 0.1.1`, `## [Unreleased]`. */
const RELEASE_HEADING =
  /^##\s+(?:\[\s*(?<bracketed>[^\]]+?)\s*\]|(?<bare>v?\d+\.\d+\.\d+[0-9A-Za-z.+-]*))(?<rest>.*)$/;

const LINK_DEFINITION = /^ {0,3}\[(?<label>[^\]]+)\]:\s*(?<url>\S+)/;

interface ReleaseSection {
  /** 0-based line index of the heading. */
  line: number;
  /** Index of the line after the section: the next `#`/`##` heading or the link definitions. */
  end: number;
  unreleased: boolean;
  version?: string;
  /** The label as written, e.g. `v0.1.0`, for the version's link definition. */
  label: string;
  date?: string;
}

interface LinkDefinition {
  line: number;
  label: string;
  url: string;
}

interface ReleaseDocument {
  sections: ReleaseSection[];
  /** The link definitions at the bottom of the file, if it has them. */
  links: LinkDefinition[];
  linksStart?: number;
}

function readReleaseSections(lines: Line[]): ReleaseDocument {
  // Link definitions at the bottom: the last run of `[label]: url` lines (blank lines between).
  const links: LinkDefinition[] = [];
  let linksStart: number | undefined;
  for (let index = lines.length - 1; index >= 0; index--) {
    const line = lines[index];
    if (line === undefined || !line.markdown) break;
    if (line.text.trim() === '') continue;
    const match = LINK_DEFINITION.exec(line.text)?.groups;
    if (match === undefined) break;
    links.unshift({ line: index, label: match.label ?? '', url: match.url ?? '' });
    linksStart = index;
  }

  const headingLines = lines
    .map((line, index) => ({ line, index }))
    .filter(({ line }) => line.markdown && /^#{1,2}\s/.test(line.text));
  const bodyEnd = linksStart ?? lines.length;
  const sections: ReleaseSection[] = [];
  headingLines.forEach(({ line, index }, i) => {
    const match = RELEASE_HEADING.exec(line.text)?.groups;
    const label = (match?.bracketed ?? match?.bare)?.trim();
    if (label === undefined || index >= bodyEnd) return;
    const unreleased = /^unreleased$/i.test(label);
    const version = versionIn(label);
    if (!unreleased && version === undefined) return;
    const date = [...(match?.rest ?? '').matchAll(/\d{4}-\d{2}-\d{2}/g)].at(-1)?.[0];
    sections.push({
      line: index,
      end: Math.min(headingLines[i + 1]?.index ?? bodyEnd, bodyEnd),
      unreleased,
      label,
      ...(version !== undefined ? { version } : {}),
      ...(date !== undefined ? { date } : {}),
    });
  });
  return { sections, links, ...(linksStart !== undefined ? { linksStart } : {}) };
}

/** A section's list items as plain text (continuation lines joined), or its paragraph text. */
function sectionItems(lines: Line[], section: ReleaseSection): string[] {
  const items: string[] = [];
  const paragraphs: string[] = [];
  let inItem = false;
  for (const line of lines.slice(section.line + 1, section.end)) {
    const item = /^ {0,3}[-*+]\s+(.*)$/.exec(line.text);
    if (item !== null) {
      items.push(item[1] ?? '');
      inItem = true;
    } else if (line.text.trim() === '' || /^#/.test(line.text)) {
      inItem = false;
    } else if (inItem && /^\s/.test(line.text)) {
      items[items.length - 1] += ` ${line.text.trim()}`;
    } else {
      paragraphs.push(line.text.trim());
    }
  }
  const texts = items.length > 0 ? items : paragraphs.length > 0 ? [paragraphs.join(' ')] : [];
  return texts.map((text) => unescapeInline(text.trim()));
}

interface ReleaseStyle {
  /** `v` when the file's version headings say `[v0.1.0]`. */
  versionPrefix: string;
  bullet: string;
  blankAfterSubheading: boolean;
}

/** Follows the file's own habits, so the new section looks like its neighbours. */
function releaseStyle(lines: Line[], document: ReleaseDocument): ReleaseStyle {
  const newest = document.sections.find((section) => section.version !== undefined);
  const body = lines.slice(document.sections[0]?.line ?? 0).filter((line) => line.markdown);
  const bullet = body.map((line) => /^ {0,3}([-*+])\s/.exec(line.text)?.[1]).find(Boolean);
  const subheading = lines.findIndex((line) => line.markdown && /^###\s/.test(line.text));
  return {
    versionPrefix: /^v/i.exec(newest?.label ?? '')?.[0] ?? '',
    bullet: bullet ?? '-',
    blankAfterSubheading: subheading === -1 || lines[subheading + 1]?.text.trim() === '',
  };
}

function releaseSection(entry: NewEntry, style: ReleaseStyle): string[] {
  return [
    `## [${style.versionPrefix}${entry.version}] - ${entry.date}`,
    '',
    '### Fixed',
    ...(style.blankAfterSubheading ? [''] : []),
    `${style.bullet} ${escapeInline(entry.text)}`,
  ];
}

function addReleaseSection(
  content: string,
  allLines: Lines,
  entry: NewEntry,
  options: ChangelogOptions,
): EntryResult {
  const lines = allLines.slice();
  const document = readReleaseSections(lines);
  const style = releaseStyle(lines, document);
  const section = releaseSection(entry, style);
  const markdown = section.join('\n');

  const existing = document.sections.find((s) => s.version === entry.version);
  if (existing !== undefined) {
    const texts = sectionItems(lines, existing);
    const found = { text: texts.join('\n'), line: existing.line + 1, texts };
    return unchanged(content, markdown, 'keep-a-changelog', entry, found);
  }

  // Newest first, below [Unreleased]: right after the release above the new one; with none
  // above, after [Unreleased], else above the newest release, else at the end, above the links.
  const releases = document.sections.filter((s) => s.version !== undefined);
  const before = insertionIndex(
    releases.length,
    (i) => releases[i]?.version,
    entry.version,
    'newest-first',
  );
  const above = before > 0 ? releases[before - 1] : document.sections.find((s) => s.unreleased);
  const at = above?.end ?? releases[0]?.line ?? document.linksStart ?? lines.length;
  const isBlank = (index: number): boolean => (lines[index]?.text.trim() ?? '') === '';
  const blankBefore = at > 0 && !isBlank(at - 1);
  const blankAfter = at < lines.length && !isBlank(at);
  const insert = [...(blankBefore ? [''] : []), ...section, ...(blankAfter ? [''] : [])];

  const { edits, warnings } = linkEdits(document, entry.version, style, options);
  return {
    content: applyEdits(allLines, [...edits, { at, remove: 0, insert }]),
    changed: true,
    entry: markdown,
    format: 'keep-a-changelog',
    line: at + (blankBefore ? 1 : 0) + 1,
    ...(warnings.length > 0 ? { warnings } : {}),
  };
}

/** Matches a version inside a ref or URL (`v0.1.0`, `web/prod-v0.1.0`) but not `10.1.0` or `0.1.0.1`. */
function versionToken(version: string): RegExp {
  return new RegExp(`(?<![\\d.])${version.replace(/\./g, '\\.')}(?![\\d]|\\.\\d)`);
}

/** `…/compare/FROM...TO`, the shape of GitHub's (and GitLab's) compare URLs. */
const COMPARE_URL = /^(?<base>.*\/compare\/)(?<from>.+?)(?<dots>\.{2,3})(?<to>[^.].*)$/;

function parseCompareUrl(
  url: string,
): { base: string; from: string; dots: string; to: string } | undefined {
  const { base, from, dots, to } = COMPARE_URL.exec(url)?.groups ?? {};
  if (base === undefined || from === undefined || dots === undefined || to === undefined) {
    return undefined;
  }
  return { base, from, dots, to };
}

/**
 * The new version's link definition (placed in version order) and the `[Unreleased]` link moved
 * to compare from the new version, when the file keeps link definitions at the bottom.
 */
function linkEdits(
  document: ReleaseDocument,
  version: string,
  style: ReleaseStyle,
  options: ChangelogOptions,
): { edits: Edit[]; warnings: string[] } {
  if (document.linksStart === undefined) return { edits: [], warnings: [] };
  const edits: Edit[] = [];
  const warnings: string[] = [];
  // The release this one follows: the newest older version (a hotfix of an old line compares
  // with its own predecessor, not with the newest release).
  const previous = document.sections
    .map((section) => section.version)
    .filter((v): v is string => v !== undefined && isLower(v, version))
    .sort(semver.rcompare)[0];
  const label = `${style.versionPrefix}${version}`;
  const unreleased = document.links.find((link) => /^unreleased$/i.test(link.label));
  const unreleasedCompare = unreleased && parseCompareUrl(unreleased.url);

  if (!document.links.some((link) => versionIn(link.label) === version)) {
    const url = previous && compareLink(document, previous, version, options);
    if (url === undefined) {
      warnings.push(
        `No link definition was added for [${label}]: ` +
          (previous === undefined
            ? 'the changelog has no earlier version to compare with.'
            : `no compare URL is known and no ".../compare/A...B" link in the file shows the tag names.`),
      );
    } else {
      edits.push({
        at: linkPosition(document, version),
        remove: 0,
        insert: [`[${label}]: ${url}`],
      });
    }
  }

  if (unreleased && unreleasedCompare && previous !== undefined) {
    const token = versionToken(previous);
    const { base, from, dots, to } = unreleasedCompare;
    if (token.test(from)) {
      const line = `[${unreleased.label}]: ${base}${from.replace(token, version)}${dots}${to}`;
      edits.unshift({ at: unreleased.line, remove: 1, insert: [line] }); // a replacement goes first
    }
  }
  return { edits, warnings };
}

/**
 * The compare URL from the caller; else one made like the file's own: the previous version's
 * `compare/A...PREV` link, or the `[Unreleased]` link's `compare/PREV...HEAD`, shows the tag names.
 */
function compareLink(
  document: ReleaseDocument,
  previous: string,
  version: string,
  options: ChangelogOptions,
): string | undefined {
  if (options.compareUrl !== undefined) return options.compareUrl(previous, version);
  const token = versionToken(previous);
  for (const link of document.links) {
    const compare = parseCompareUrl(link.url);
    // `[PREV]: …/compare/OLDER...PREV` and `[Unreleased]: …/compare/PREV...HEAD` name PREV's tag.
    const previousTag =
      versionIn(link.label) === previous
        ? compare?.to
        : /^unreleased$/i.test(link.label)
          ? compare?.from
          : undefined;
    if (compare !== undefined && previousTag !== undefined && token.test(previousTag)) {
      return `${compare.base}${previousTag}...${previousTag.replace(token, version)}`;
    }
  }
  return undefined;
}

/** Before the first link of an older version; else after the last version or Unreleased link. */
function linkPosition(document: ReleaseDocument, version: string): number {
  const isRelease = (link: LinkDefinition): boolean =>
    /^unreleased$/i.test(link.label) || versionIn(link.label) !== undefined;
  const older = document.links.find((link) => {
    const linkVersion = versionIn(link.label);
    return linkVersion !== undefined && isLower(linkVersion, version);
  });
  if (older !== undefined) return older.line;
  const lastRelease = document.links.filter(isRelease).at(-1);
  return lastRelease !== undefined ? lastRelease.line + 1 : (document.linksStart ?? 0);
}
