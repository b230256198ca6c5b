/**
 * The table format: `| 2026-03-05 | 0.1.1 | HOTFIX: … |` as a row of the first table whose header
 * has a version column, in the table's version order: newest first unless its rows say otherwise
 * (oldest first: the newest row at the bottom), so usually its first row.
 */
import semver from 'semver';
import { UserError } from '../errors.js';
import { escapeTableCell, trimSpaces, unescapeInline } from '../markdown.js';
import {
  unchanged,
  type ChangelogFormat,
  type EntryResult,
  type FoundEntry,
  type NewEntry,
} from './format.js';
import { applyEdits, type Lines } from './lines.js';
import { insertionIndex, versionIn, type VersionOrder } from './versions.js';

export const EXAMPLE_TABLE = '| Date | Version | Description |\n| --- | --- | --- |';

/** Escapes, character references, code and emphasis: a row without them names its version in plain text. */
const MARKUP_CHARS = /[\\&`*]/;

interface TableStyle {
  indent: string;
  leadingPipe: boolean;
  trailingPipe: boolean;
}

interface Table extends TableStyle {
  /** 0-based line index of the header row. */
  headerLine: number;
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

/** The file's tables, top to bottom, each read when asked for: detection stops at the first. */
function* tablesIn(lines: Lines): Generator<Table> {
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
    yield {
      headerLine: index,
      headers,
      columns: findColumns(headers),
      firstRow: index + 2,
      rowsEnd: next,
      indent: /^\s*/.exec(header)?.[0] ?? '',
      leadingPipe,
      trailingPipe,
    };
    index = next - 1;
  }
}

/** The table entries go in: the first with a version column. */
function entryTable(tables: Iterable<Table>): Table | undefined {
  for (const table of tables) if (table.columns.version !== undefined) return table;
  return undefined;
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
  // In this order: a column taken by one role is not another's.
  return {
    date: find(COLUMN_NAMES.date),
    version: find(COLUMN_NAMES.version),
    description: find(COLUMN_NAMES.description),
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

function findTableRow(lines: Lines, tables: Table[], version: string): FoundEntry | undefined {
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
        date: date ? unescapeInline(date) : undefined,
        line: index + 1,
        format: 'table',
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

/**
 * Adds the entry's row to the first table with a Version column: newest first, above the first
 * row of a lower version, so usually the first row, or the last when every row is newer; oldest
 * first (its last versioned row higher than its first), below the last row of a lower version,
 * so usually the last row.
 */
function addTableRow(lines: Lines, entry: NewEntry, path: string): EntryResult {
  const tables = [...tablesIn(lines)];
  const table = entryTable(tables);
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
  if (existing !== undefined) return unchanged(lines, row, 'table', entry, existing);

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

export const tableFormat: ChangelogFormat = {
  name: 'table',
  emptyFile: `# Changelog\n\n${EXAMPLE_TABLE}\n`,
  detect: (lines) => entryTable(tablesIn(lines)) !== undefined,
  add: (lines, entry, { path }) => addTableRow(lines, entry, path),
  find: (lines, version) => findTableRow(lines, [...tablesIn(lines)], version),
};
