import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import semver from 'semver';
import {
  addChangelogEntry,
  detectChangelogFormat,
  findChangelogEntry,
} from '../../src/domain/changelog/entry.js';
import type { ChangelogOptions, EntryResult } from '../../src/domain/changelog/format.js';
import { toSingleLine } from '../../src/domain/markdown.js';
import { nodeTypes, parseGfm, renderedText, tablesOf } from '../helpers/markdown-reference.js';
import { userErrorOf } from '../helpers/user-error.js';

function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/changelogs/${name}`, import.meta.url), 'utf8');
}

const AUTO: ChangelogOptions = { format: 'auto' };
const WEB_COMPARE: ChangelogOptions = {
  format: 'auto',
  compareUrl: (from, to) =>
    `https://github.com/krow-withus/monorepo/compare/krow-withus-web/prod-v${from}...krow-withus-web/prod-v${to}`,
};

function entry(version: string, text = 'HOTFIX: Fix login crash', date = '2026-03-05') {
  return { version, date, text };
}

/** The content's line at a 1-based number. */
function lineAt(content: string, line: number): string | undefined {
  return content.split(/\r?\n/)[line - 1];
}

/** The content with one 1-based line taken out: what the file was before a one-line insert. */
function withoutLine(content: string, line: number): string {
  const lines = content.split('\n');
  lines.splice(line - 1, 1);
  return lines.join('\n');
}

function visible(text: string | undefined): string | undefined {
  return text?.replace(/\u200B/g, '');
}

const HOSTILE_TEXTS = [
  'HOTFIX: Checkout total | discount wrong',
  'HOTFIX: <script>alert(1)</script> in venue name',
  'HOTFIX: Regression by @octocat, see #123 and @krow/devops',
  'HOTFIX: Crash\nwhen offline\r\nafter update',
  'HOTFIX: Path C:\\temp\\ and trailing \\',
  'HOTFIX: **bold** `code` [link](https://evil.example) ~~x~~ &amp;',
];

describe('detectChangelogFormat', () => {
  it.each([
    ['table-process.md', 'table'],
    ['table-reordered.md', 'table'],
    ['table-no-outer-pipes.md', 'table'],
    ['table-multiple.md', 'table'],
    ['table-crlf.md', 'table'],
    ['keep-a-changelog.md', 'keep-a-changelog'],
    ['keep-a-changelog-no-unreleased.md', 'keep-a-changelog'],
    ['keep-a-changelog-crlf.md', 'keep-a-changelog'],
    ['pub-style.md', undefined],
  ])('%s is %s', (name, format) => {
    expect(detectChangelogFormat(fixture(name))).toBe(format);
  });

  it('knows a Keep a Changelog file by its [Unreleased] heading alone', () => {
    expect(detectChangelogFormat('# Changelog\n\n## [Unreleased]\n\n- Nothing yet\n')).toBe(
      'keep-a-changelog',
    );
  });

  it('ignores tables without a version column and tables in code blocks or comments', () => {
    expect(detectChangelogFormat('| Owner | Channel |\n| --- | --- |\n| @a | #b |\n')).toBe(
      undefined,
    );
    expect(detectChangelogFormat('```\n| Date | Version |\n| --- | --- |\n```\n')).toBe(undefined);
    expect(detectChangelogFormat('~~~~\n## [1.0.0]\n~~~~\n')).toBe(undefined);
    expect(detectChangelogFormat('<!--\n| Version | Notes |\n|---|---|\n-->\n')).toBe(undefined);
    expect(detectChangelogFormat('')).toBe(undefined);
  });
});

describe('addChangelogEntry: table format', () => {
  it('a description of Unicode spaces is read back as written (GFM trims only spaces and tabs)', () => {
    const content =
      '| Date | Version | Description |\n|---|---|---|\n| 2026-02-20 | 0.1.0 | First |\n';
    for (const text of ['\u00a0', 'Fix\u2003', '\u3000login']) {
      const result = addChangelogEntry('CHANGELOG.md', content, entry('9.0.0', text), AUTO);
      expect(findChangelogEntry(result.content, '9.0.0')?.text).toBe(text);
    }
    // Spaces and tabs around a cell are the table's layout, not its text.
    expect(
      findChangelogEntry(`${content}| 2026-03-05 | 9.0.0 | \t Fix \t |\n`, '9.0.0')?.text,
    ).toBe('Fix');
  });

  it('adds the row of HOTFIX_PROCESS.md step 5 as the first row, leaving the rest alone', () => {
    const before = fixture('table-process.md');
    const result = addChangelogEntry('CHANGELOG.md', before, entry('0.1.1'), AUTO);
    expect(result).toEqual({
      content: expect.any(String),
      changed: true,
      entry: '| 2026-03-05 | 0.1.1 | HOTFIX: Fix login crash |',
      format: 'table',
      line: 8,
    });
    expect(lineAt(result.content, 8)).toBe(result.entry);
    expect(withoutLine(result.content, 8)).toBe(before);
    expect(tablesOf(result.content)[0]?.rows.slice(0, 3)).toEqual([
      ['Date', 'Version', 'Description'],
      ['2026-03-05', '0.1.1', 'HOTFIX: Fix login crash'],
      ['2026-02-20', '0.1.0', 'First production release: shifts, clock-in, timesheets'],
    ]);
  });

  it('fills columns found by name in any order, leaves other columns empty, and follows the version style', () => {
    const before = fixture('table-reordered.md');
    const result = addChangelogEntry('apps/web/CHANGELOG.md', before, entry('0.4.3'), AUTO);
    expect(result.entry).toBe('| `v0.4.3` |  | HOTFIX: Fix login crash | 2026-03-05 |  |');
    expect(result.line).toBe(8);
    expect(withoutLine(result.content, 8)).toBe(before);
    const [table] = tablesOf(result.content);
    expect(table?.rows[1]).toEqual(['v0.4.3', '', 'HOTFIX: Fix login crash', '2026-03-05', '']);
  });

  it('keeps a table without outer pipes without them', () => {
    const before = fixture('table-no-outer-pipes.md');
    const result = addChangelogEntry('backend/api/CHANGELOG.md', before, entry('1.8.1'), AUTO);
    expect(result.entry).toBe('2026-03-05 | 1.8.1 | HOTFIX: Fix login crash');
    expect(result.line).toBe(8);
    expect(tablesOf(result.content)[0]?.rows[1]).toEqual([
      '2026-03-05',
      '1.8.1',
      'HOTFIX: Fix login crash',
    ]);
  });

  it('writes the outer pipe an empty first or last cell needs, even in a table without them', () => {
    const before =
      'Author | Version | Notes | Ticket\n--- | --- | --- | ---\nana | 1.0.0 | First | T-1\n';
    const result = addChangelogEntry('CHANGELOG.md', before, entry('1.0.1'), AUTO);
    expect(result.entry).toBe('|  | 1.0.1 | HOTFIX: Fix login crash |  |');
    expect(tablesOf(result.content)[0]?.rows[1]).toEqual([
      '',
      '1.0.1',
      'HOTFIX: Fix login crash',
      '',
    ]);
  });

  it('uses the first table with a version column, past other tables, code blocks and comments', () => {
    const before = fixture('table-multiple.md');
    const result = addChangelogEntry(
      'apps/mobile/apps/client/CHANGELOG.md',
      before,
      entry('2.3.1'),
      AUTO,
    );
    expect(result.line).toBe(28);
    expect(lineAt(result.content, 24)).toBe('## 2026');
    expect(withoutLine(result.content, result.line)).toBe(before);
    const tables = tablesOf(result.content);
    expect(tables.map((table) => table.rows.length)).toEqual([3, 4, 3]);
    expect(tables[1]?.rows[1]).toEqual(['2026-03-05', '2.3.1', 'HOTFIX: Fix login crash']);
  });

  it('keeps CRLF line endings', () => {
    const before = fixture('table-crlf.md');
    const result = addChangelogEntry('CHANGELOG.md', before, entry('0.1.1'), AUTO);
    expect(result.content.match(/\n/g)?.length).toBe(before.match(/\n/g)!.length + 1);
    expect(result.content).not.toMatch(/[^\r]\n/);
    expect(result.content).toContain(
      '-|\r\n| 2026-03-05 | 0.1.1 | HOTFIX: Fix login crash |\r\n| 2026-02-20',
    );
    expect(result.content.replace(/\r\n/g, '\n')).toBe(
      addChangelogEntry('CHANGELOG.md', fixture('table-process.md'), entry('0.1.1'), AUTO).content,
    );
  });

  it('adds a row to a table that ends the file without a final newline', () => {
    const result = addChangelogEntry(
      'CHANGELOG.md',
      '| Version | Changes |\n| --- | --- |',
      entry('0.1.1'),
      AUTO,
    );
    expect(result.content).toBe(
      '| Version | Changes |\n| --- | --- |\n| 0.1.1 | HOTFIX: Fix login crash |',
    );
    expect(result.line).toBe(3);
  });

  it.each(HOSTILE_TEXTS)('keeps %j in its cell, as text', (text) => {
    for (const name of ['table-process.md', 'table-reordered.md', 'table-no-outer-pipes.md']) {
      const result = addChangelogEntry('CHANGELOG.md', fixture(name), entry('9.0.0', text), AUTO);
      const [table] = tablesOf(result.content);
      const header = table?.rows[0] ?? [];
      const row = table?.rows[1] ?? [];
      expect(row).toHaveLength(header.length);
      expect(visible(row[header.findIndex((cell) => /Description|Summary|Notes/.test(cell))])).toBe(
        toSingleLine(text),
      );
      expect(table?.rows).toHaveLength(tablesOf(fixture(name))[0]!.rows.length + 1);
      expect(row.join(' ')).not.toMatch(/@\w|#\d/);
    }
  });

  it("for any text, the new row has the table's column count and the text in its cell", () => {
    const fixtures = ['table-process.md', 'table-reordered.md', 'table-no-outer-pipes.md'].map(
      (name) => ({ content: fixture(name), table: tablesOf(fixture(name))[0]! }),
    );
    const text = fc
      .string({
        unit: fc.oneof(
          fc.constantFrom(
            '|',
            '\\',
            '\n',
            '\r\n',
            '<b>',
            '@u',
            '@o/t',
            '#1',
            '`',
            '*',
            '_',
            '[',
            ']',
            '(',
            ')',
            '&amp;',
            '&#124;',
            '-',
            '>',
            ' ',
            'x',
          ),
          fc.string({ unit: 'grapheme', maxLength: 2 }),
        ),
        maxLength: 25,
      })
      .filter((t) => toSingleLine(t) !== '');
    fc.assert(
      fc.property(text, fc.constantFrom(...fixtures), (description, { content, table }) => {
        const result = addChangelogEntry(
          'CHANGELOG.md',
          content,
          entry('9.0.0', description),
          AUTO,
        );
        const [parsed] = tablesOf(result.content);
        expect(parsed?.rows).toHaveLength(table.rows.length + 1);
        const row = parsed?.rows[1] ?? [];
        expect(row).toHaveLength(table.rows[0]!.length);
        expect(row.map(visible)).toContain(visible(toSingleLine(description)));
        expect(row.join('\u0000')).not.toMatch(/@\w|#\d/);
        expect(findChangelogEntry(result.content, '9.0.0')?.text).toBe(toSingleLine(description));
      }),
      { numRuns: 300 },
    );
  });

  it('writes nothing when the version already has a row, and says whether its text differs', () => {
    const before = fixture('table-process.md');
    const same = addChangelogEntry(
      'CHANGELOG.md',
      before,
      entry('0.1.0', 'First production release: shifts, clock-in, timesheets'),
      AUTO,
    );
    expect(same).toEqual({
      content: before,
      changed: false,
      entry: '| 2026-03-05 | 0.1.0 | First production release: shifts, clock-in, timesheets |',
      format: 'table',
      line: 8,
      existing: {
        text: 'First production release: shifts, clock-in, timesheets',
        line: 8,
        sameText: true,
      },
    });
    const other = addChangelogEntry('CHANGELOG.md', before, entry('0.0.9'), AUTO);
    expect(other.changed).toBe(false);
    expect(other.existing).toEqual({
      text: 'Release candidate for the pilot with two venues',
      line: 9,
      sameText: false,
    });
  });

  it('converges when re-run with the same entry, even with text that needed escaping', () => {
    const text = 'HOTFIX: @octocat | <b>#42</b>\nsecond line';
    const first = addChangelogEntry(
      'CHANGELOG.md',
      fixture('table-process.md'),
      entry('0.1.1', text),
      AUTO,
    );
    const second = addChangelogEntry('CHANGELOG.md', first.content, entry('0.1.1', text), AUTO);
    expect(second).toMatchObject({ changed: false, content: first.content, line: 8 });
    expect(second.existing).toEqual({ text: toSingleLine(text), line: 8, sameText: true });
  });

  it('matches versions written as `v0.4.1`, with backticks, links or a build number', () => {
    const reordered = addChangelogEntry(
      'CHANGELOG.md',
      fixture('table-reordered.md'),
      entry('0.4.1'),
      AUTO,
    );
    expect(reordered.existing).toMatchObject({ line: 9, sameText: false });
    for (const cell of [
      'v0.1.1',
      '`0.1.1`',
      '**0.1.1**',
      '[0.1.1](https://x.example/0.1.1)',
      '0.1.1+6',
      '`v0.1.1`',
    ]) {
      const content = `| Date | Version | Description |\n| --- | --- | --- |\n| 2026-03-05 | ${cell} | Fix |\n`;
      expect(
        addChangelogEntry('CHANGELOG.md', content, entry('0.1.1', 'Fix'), AUTO).existing,
      ).toEqual({
        text: 'Fix',
        line: 3,
        sameText: true,
      });
    }
    const near = '| Version | Notes |\n| --- | --- |\n| 0.1.10 | Ten |\n| 10.1.1 | Other |\n';
    expect(addChangelogEntry('CHANGELOG.md', near, entry('0.1.1'), AUTO).changed).toBe(true);
  });

  it('finds an existing version in any table of the file', () => {
    const result = addChangelogEntry(
      'CHANGELOG.md',
      fixture('table-multiple.md'),
      entry('2.1.0'),
      AUTO,
    );
    expect(result.changed).toBe(false);
    expect(result.existing).toMatchObject({ text: 'Invoices in the app', line: 36 });
  });

  it('refuses a file without a versioned table, naming the file and the header it expects', () => {
    const error = userErrorOf(() =>
      addChangelogEntry('apps/web/CHANGELOG.md', fixture('pub-style.md'), entry('1.0.2'), {
        format: 'table',
      }),
    );
    expect(error.message).toContain('apps/web/CHANGELOG.md');
    expect(error.message).toContain('| Date | Version | Description |');
    expect(error.locations).toEqual([{ file: 'apps/web/CHANGELOG.md' }]);
  });

  it('refuses a versioned table with no column for the text, pointing at its header', () => {
    const content =
      '# Changelog\n\n| Date | Version | Author |\n| --- | --- | --- |\n| 2026-01-01 | 1.0.0 | ana |\n';
    const error = userErrorOf(() =>
      addChangelogEntry('CHANGELOG.md', content, entry('1.0.1'), AUTO),
    );
    expect(error.message).toMatch(/^CHANGELOG\.md:3: .*Description, Changes, Summary or Notes/);
    expect(error.locations).toEqual([{ file: 'CHANGELOG.md', line: 3 }]);
  });

  it('fills a table with no date column', () => {
    const content = '| Release | Changes |\n|---|---|\n| 3.0.0 | Big one |\n';
    const result = addChangelogEntry('CHANGELOG.md', content, entry('3.0.1'), AUTO);
    expect(result.entry).toBe('| 3.0.1 | HOTFIX: Fix login crash |');
  });
});

describe('addChangelogEntry: a new file', () => {
  it.each([undefined, '', '\n'])('creates a titled table file from %j', (content) => {
    const result = addChangelogEntry('apps/web/CHANGELOG.md', content, entry('0.1.1'), AUTO);
    expect(result.content).toBe(
      '# Changelog\n\n| Date | Version | Description |\n| --- | --- | --- |\n| 2026-03-05 | 0.1.1 | HOTFIX: Fix login crash |\n',
    );
    expect(result).toMatchObject({ changed: true, format: 'table', line: 5 });
    expect(lineAt(result.content, 5)).toBe(result.entry);
    expect(detectChangelogFormat(result.content)).toBe('table');
  });

  it('creates a Keep a Changelog file when that format is asked for', () => {
    const result = addChangelogEntry('CHANGELOG.md', undefined, entry('0.1.1'), {
      format: 'keep-a-changelog',
    });
    expect(result.content).toBe(
      '# Changelog\n\n## [0.1.1] - 2026-03-05\n\n### Fixed\n\n- HOTFIX: Fix login crash\n',
    );
    expect(result.line).toBe(3);
    expect(detectChangelogFormat(result.content)).toBe('keep-a-changelog');
  });
});

describe('addChangelogEntry: input checks', () => {
  const content = fixture('table-process.md');
  it.each(['2026-3-5', '05.03.2026', '2026-02-30', 'today', ''])('refuses the date %j', (date) => {
    expect(
      userErrorOf(() => addChangelogEntry('CHANGELOG.md', content, entry('0.1.1', 'x', date), AUTO))
        .message,
    ).toMatch(/YYYY-MM-DD/);
  });

  it('refuses a version that is not X.Y.Z, and an empty text', () => {
    userErrorOf(() => addChangelogEntry('CHANGELOG.md', content, entry('0.1'), AUTO));
    userErrorOf(() => addChangelogEntry('CHANGELOG.md', content, entry('0.1.1-rc.1'), AUTO));
    expect(
      userErrorOf(() => addChangelogEntry('CHANGELOG.md', content, entry('0.1.1', ' \n '), AUTO))
        .message,
    ).toMatch(/empty/);
  });

  it('accepts a v-prefixed version and writes it without the v', () => {
    expect(addChangelogEntry('CHANGELOG.md', content, entry('v0.1.1'), AUTO).entry).toBe(
      '| 2026-03-05 | 0.1.1 | HOTFIX: Fix login crash |',
    );
  });

  it('refuses to guess the format of a file that has neither', () => {
    const error = userErrorOf(() =>
      addChangelogEntry('CHANGELOG.md', fixture('pub-style.md'), entry('1.0.2'), AUTO),
    );
    expect(error.message).toMatch(/CHANGELOG\.md: cannot tell the changelog's format/);
    expect(error.message).toContain("'format'");
  });
});

describe('addChangelogEntry: keep-a-changelog format', () => {
  const SECTION = '## [0.3.1] - 2026-03-05\n\n### Fixed\n\n- HOTFIX: Fix login crash';

  function expectedWebChangelog(content: string): string {
    return content
      .replace('## [0.3.0] - 2026-02-18', `${SECTION}\n\n## [0.3.0] - 2026-02-18`)
      .replace(
        '[unreleased]: https://github.com/krow-withus/monorepo/compare/krow-withus-web/prod-v0.3.0...HEAD\n',
        '[unreleased]: https://github.com/krow-withus/monorepo/compare/krow-withus-web/prod-v0.3.1...HEAD\n' +
          '[0.3.1]: https://github.com/krow-withus/monorepo/compare/krow-withus-web/prod-v0.3.0...krow-withus-web/prod-v0.3.1\n',
      );
  }

  it('adds a Fixed section after [Unreleased] and the compare links in order', () => {
    const before = fixture('keep-a-changelog.md');
    const result = addChangelogEntry('apps/web/CHANGELOG.md', before, entry('0.3.1'), WEB_COMPARE);
    expect(result.content).toBe(expectedWebChangelog(before));
    expect(result).toMatchObject({
      changed: true,
      entry: SECTION,
      format: 'keep-a-changelog',
      line: 18,
    });
    expect(lineAt(result.content, 18)).toBe('## [0.3.1] - 2026-03-05');
    expect(result.warnings).toBeUndefined();
  });

  it("makes the compare link like the file's own when no compareUrl is given", () => {
    const before = fixture('keep-a-changelog.md');
    expect(addChangelogEntry('CHANGELOG.md', before, entry('0.3.1'), AUTO).content).toBe(
      expectedWebChangelog(before),
    );
  });

  it('keeps CRLF line endings', () => {
    const before = fixture('keep-a-changelog-crlf.md');
    const result = addChangelogEntry('CHANGELOG.md', before, entry('0.3.1'), WEB_COMPARE);
    expect(result.content).not.toMatch(/[^\r]\n/);
    expect(result.content).toBe(
      expectedWebChangelog(fixture('keep-a-changelog.md')).replace(/\n/g, '\r\n'),
    );
    expect(result.entry).toBe(SECTION);
  });

  it("puts a hotfix of an older line after newer releases' links, comparing with its predecessor", () => {
    const before = fixture('keep-a-changelog.md');
    const result = addChangelogEntry('CHANGELOG.md', before, entry('0.2.2'), WEB_COMPARE);
    const links = result.content.split('\n').filter((line) => /^\[/.test(line));
    expect(links).toEqual([
      '[unreleased]: https://github.com/krow-withus/monorepo/compare/krow-withus-web/prod-v0.3.0...HEAD',
      '[0.3.0]: https://github.com/krow-withus/monorepo/compare/krow-withus-web/prod-v0.2.1...krow-withus-web/prod-v0.3.0',
      '[0.2.2]: https://github.com/krow-withus/monorepo/compare/krow-withus-web/prod-v0.2.1...krow-withus-web/prod-v0.2.2',
      '[0.2.1]: https://github.com/krow-withus/monorepo/compare/krow-withus-web/prod-v0.2.0...krow-withus-web/prod-v0.2.1',
      '[0.2.0]: https://github.com/krow-withus/monorepo/releases/tag/krow-withus-web/prod-v0.2.0',
    ]);
  });

  it("goes above the newest release when there is no [Unreleased], in the file's style", () => {
    const before = fixture('keep-a-changelog-no-unreleased.md');
    const result = addChangelogEntry('backend/payments/CHANGELOG.md', before, entry('2.4.1'), AUTO);
    expect(result.entry).toBe('## [v2.4.1] - 2026-03-05\n\n### Fixed\n* HOTFIX: Fix login crash');
    expect(result.content).toBe(before.replace('## [v2.4.0]', `${result.entry}\n\n## [v2.4.0]`));
    expect(result.line).toBe(5);
    expect(result.warnings).toBeUndefined();
  });

  it('matches an existing [v2.3.1] section and writes nothing', () => {
    const before = fixture('keep-a-changelog-no-unreleased.md');
    const result = addChangelogEntry(
      'CHANGELOG.md',
      before,
      entry('2.3.1', 'HOTFIX: Double charge when the card needed 3-D Secure.'),
      AUTO,
    );
    expect(result).toMatchObject({ changed: false, content: before, line: 10 });
    expect(result.existing).toEqual({
      text: 'HOTFIX: Double charge when the card needed 3-D Secure.',
      line: 10,
      sameText: true,
    });
  });

  it('reports an existing section with other text, and converges on a re-run', () => {
    const before = fixture('keep-a-changelog.md');
    expect(addChangelogEntry('CHANGELOG.md', before, entry('0.2.1'), AUTO).existing).toEqual({
      text: 'HOTFIX: Crash on start when the device language is Arabic.',
      line: 29,
      sameText: false,
    });
    const text = 'HOTFIX: @octocat *broke* <b>#7</b>';
    const first = addChangelogEntry('CHANGELOG.md', before, entry('0.3.1', text), WEB_COMPARE);
    const second = addChangelogEntry(
      'CHANGELOG.md',
      first.content,
      entry('0.3.1', text),
      WEB_COMPARE,
    );
    expect(second).toMatchObject({ changed: false, content: first.content, line: 18 });
    expect(second.existing?.sameText).toBe(true);
  });

  it.each(HOSTILE_TEXTS)('writes %j as one plain list item', (text) => {
    const result = addChangelogEntry(
      'CHANGELOG.md',
      fixture('keep-a-changelog.md'),
      entry('0.3.1', text),
      AUTO,
    );
    const section = result.content
      .split('\n')
      .slice(result.line - 1, result.line + 4)
      .join('\n');
    const root = parseGfm(section);
    expect(root.children.map((node) => node.type)).toEqual(['heading', 'heading', 'list']);
    const list = root.children[2]!;
    expect(
      nodeTypes(list).filter(
        (type) => !['list', 'listItem', 'paragraph', 'text', 'link'].includes(type),
      ),
    ).toEqual([]);
    expect(visible(renderedText(list))).toBe(toSingleLine(text));
    expect(renderedText(list)).not.toMatch(/@\w|#\d/);
  });

  it('appends to a file with only a title when the format is given, keeping its missing final newline', () => {
    const result = addChangelogEntry(
      'CHANGELOG.md',
      '# Changelog\nNotes for the API.',
      entry('1.0.1'),
      {
        format: 'keep-a-changelog',
      },
    );
    expect(result.content).toBe(
      '# Changelog\nNotes for the API.\n\n## [1.0.1] - 2026-03-05\n\n### Fixed\n\n- HOTFIX: Fix login crash',
    );
    expect(result.line).toBe(4);
  });

  it('puts the section after [Unreleased] when it is the last section before the links', () => {
    const before =
      '# Changelog\n\n## [Unreleased]\n- Thing\n\n[Unreleased]: https://git.example/r/compare/v1.0.0...HEAD\n';
    const result = addChangelogEntry('CHANGELOG.md', before, entry('1.0.1'), AUTO);
    expect(result.content).toBe(
      '# Changelog\n\n## [Unreleased]\n- Thing\n\n## [1.0.1] - 2026-03-05\n\n### Fixed\n\n- HOTFIX: Fix login crash\n\n' +
        '[Unreleased]: https://git.example/r/compare/v1.0.0...HEAD\n',
    );
    expect(result.warnings).toEqual([
      'No link definition was added for [1.0.1]: the changelog has no earlier version to compare with.',
    ]);
  });

  it('warns instead of guessing when the links do not show the tag names', () => {
    const before =
      '# Changelog\n\n## [1.0.0] - 2026-01-01\n- First\n\n[1.0.0]: https://git.example/r/releases/tag/v1.0.0\n';
    const result = addChangelogEntry('CHANGELOG.md', before, entry('1.0.1'), AUTO);
    expect(result.changed).toBe(true);
    expect(result.content).not.toContain('[1.0.1]:');
    expect(result.warnings?.[0]).toMatch(/No link definition was added for \[1\.0\.1\]/);
    const withUrl = addChangelogEntry('CHANGELOG.md', before, entry('1.0.1'), {
      format: 'auto',
      compareUrl: (from, to) => `https://git.example/r/compare/v${from}...v${to}`,
    });
    expect(
      withUrl.content.endsWith(
        '[1.0.1]: https://git.example/r/compare/v1.0.0...v1.0.1\n[1.0.0]: https://git.example/r/releases/tag/v1.0.0\n',
      ),
    ).toBe(true);
  });
});

describe("addChangelogEntry: in the file's version order", () => {
  const HEADER = '| Date | Version | Description |\n| --- | --- | --- |\n';
  const table = (...versions: string[]): string =>
    `# Changelog\n\n${HEADER}${versions.map((v) => `| 2026-01-01 | ${v} | Release ${v} |\n`).join('')}\nOlder entries are in git.\n`;
  const row = (version: string): string => `| 2026-03-05 | ${version} | HOTFIX: Fix login crash |`;
  const SECTION_0_2_2 = '## [0.2.2] - 2026-03-05\n\n### Fixed\n\n- HOTFIX: Fix login crash';

  /** The versions of the first table's rows, top to bottom. */
  function rowVersions(content: string): string[] {
    return (tablesOf(content)[0]?.rows.slice(1) ?? []).map((cells) => cells[1] ?? '');
  }

  /** Adds the entry and checks that `line` points at it and that nothing else changed. */
  function addRow(before: string, version: string): EntryResult {
    const result = addChangelogEntry('CHANGELOG.md', before, entry(version), AUTO);
    expect(result.changed).toBe(true);
    expect(lineAt(result.content, result.line)).toBe(result.entry);
    expect(withoutLine(result.content, result.line)).toBe(before);
    return result;
  }

  it('writes the usual case (newer than every entry) byte for byte as before: on top', () => {
    const before = table('0.2.0', '0.1.0');
    expect(addChangelogEntry('CHANGELOG.md', before, entry('0.2.1'), AUTO)).toEqual({
      content:
        `# Changelog\n\n${HEADER}${row('0.2.1')}\n` +
        '| 2026-01-01 | 0.2.0 | Release 0.2.0 |\n| 2026-01-01 | 0.1.0 | Release 0.1.0 |\n' +
        '\nOlder entries are in git.\n',
      changed: true,
      entry: row('0.2.1'),
      format: 'table',
      line: 5,
    });
    const kac =
      '# Changelog\n\n## [Unreleased]\n\n- Next\n\n## [0.2.0] - 2026-01-01\n- Two\n\n' +
      '[unreleased]: https://git.example/r/compare/v0.2.0...HEAD\n' +
      '[0.2.0]: https://git.example/r/compare/v0.1.0...v0.2.0\n';
    expect(addChangelogEntry('CHANGELOG.md', kac, entry('0.2.1'), AUTO)).toEqual({
      content:
        '# Changelog\n\n## [Unreleased]\n\n- Next\n\n' +
        '## [0.2.1] - 2026-03-05\n\n### Fixed\n\n- HOTFIX: Fix login crash\n\n' +
        '## [0.2.0] - 2026-01-01\n- Two\n\n' +
        '[unreleased]: https://git.example/r/compare/v0.2.1...HEAD\n' +
        '[0.2.1]: https://git.example/r/compare/v0.2.0...v0.2.1\n' +
        '[0.2.0]: https://git.example/r/compare/v0.1.0...v0.2.0\n',
      changed: true,
      entry: '## [0.2.1] - 2026-03-05\n\n### Fixed\n\n- HOTFIX: Fix login crash',
      format: 'keep-a-changelog',
      line: 7,
    });
  });

  it('puts a forward-ported hotfix below the newer rows of a newest-first table', () => {
    const result = addRow(table('0.3.0', '0.2.0', '0.1.0'), '0.1.1');
    expect(result.line).toBe(7);
    expect(rowVersions(result.content)).toEqual(['0.3.0', '0.2.0', '0.1.1', '0.1.0']);
    // Versions compare as versions: 0.0.10 is above 0.0.9.
    const process = addRow(fixture('table-process.md'), '0.0.10');
    expect(rowVersions(process.content)).toEqual(['0.1.0', '0.0.10', '0.0.9', '0.0.8']);
  });

  it('puts the row last when every row of a newest-first table is newer', () => {
    const result = addRow(fixture('table-process.md'), '0.0.7');
    expect(result.line).toBe(11);
    expect(lineAt(result.content, 12)).toBe('');
    expect(rowVersions(result.content)).toEqual(['0.1.0', '0.0.9', '0.0.8', '0.0.7']);
  });

  it('adds to an oldest-first table at the bottom, or after the last lower version', () => {
    const before = table('0.1.0', '0.2.0', '0.3.0');
    const newest = addRow(before, '0.3.1');
    expect(newest.line).toBe(8);
    expect(lineAt(newest.content, 9)).toBe('');
    expect(rowVersions(newest.content)).toEqual(['0.1.0', '0.2.0', '0.3.0', '0.3.1']);
    const between = addRow(before, '0.1.1');
    expect(between.line).toBe(6);
    expect(rowVersions(between.content)).toEqual(['0.1.0', '0.1.1', '0.2.0', '0.3.0']);
    const oldest = addRow(before, '0.0.9');
    expect(oldest.line).toBe(5);
    expect(rowVersions(oldest.content)).toEqual(['0.0.9', '0.1.0', '0.2.0', '0.3.0']);
  });

  it('tells the order by the rows that name a version, ignoring the others', () => {
    // The last versioned row is higher than the first: oldest first, past the `next` row.
    const ascending = addRow(table('next', '0.1.0', '0.2.0', 'TBD'), '0.2.1');
    expect(rowVersions(ascending.content)).toEqual(['next', '0.1.0', '0.2.0', '0.2.1', 'TBD']);
    // One versioned row: newest first, so a lower version goes below it.
    const single = addRow(table('TBD', '0.2.0'), '0.1.1');
    expect(rowVersions(single.content)).toEqual(['TBD', '0.2.0', '0.1.1']);
  });

  it('keeps CRLF line endings when the row goes between two rows', () => {
    const before = fixture('table-crlf.md');
    const result = addChangelogEntry('CHANGELOG.md', before, entry('0.0.10'), AUTO);
    expect(result.content).not.toMatch(/[^\r]\n/);
    expect(result.content).toContain(
      '| 0.1.0 | First production release: shifts, clock-in, timesheets |\r\n' +
        '| 2026-03-05 | 0.0.10 | HOTFIX: Fix login crash |\r\n| 2026-02-02 | 0.0.9 |',
    );
    expect(lineAt(result.content, result.line)).toBe(result.entry);
    expect(result.content.replace(/\r\n/g, '\n')).toBe(
      addChangelogEntry('CHANGELOG.md', fixture('table-process.md'), entry('0.0.10'), AUTO).content,
    );
  });

  it('puts a Keep a Changelog section below the newer release sections, its link in order', () => {
    const before = fixture('keep-a-changelog.md');
    const result = addChangelogEntry('CHANGELOG.md', before, entry('0.2.2'), WEB_COMPARE);
    expect(result.content).toBe(
      before
        .replace('## [0.2.1] - 2026-01-22', `${SECTION_0_2_2}\n\n## [0.2.1] - 2026-01-22`)
        .replace(
          '[0.2.1]: ',
          '[0.2.2]: https://github.com/krow-withus/monorepo/compare/krow-withus-web/prod-v0.2.1...krow-withus-web/prod-v0.2.2\n[0.2.1]: ',
        ),
    );
    expect(result.line).toBe(29);
    expect(lineAt(result.content, result.line)).toBe('## [0.2.2] - 2026-03-05');
    expect(result.warnings).toBeUndefined();

    const payments = fixture('keep-a-changelog-no-unreleased.md');
    const between = addChangelogEntry('CHANGELOG.md', payments, entry('2.3.2'), AUTO);
    expect(between.content).toBe(
      payments.replace('## [v2.3.1]', `${between.entry}\n\n## [v2.3.1]`),
    );
    expect(lineAt(between.content, between.line)).toBe('## [v2.3.2] - 2026-03-05');
  });

  it('puts the section after the last release when [Unreleased] and newer releases are all there is', () => {
    const section = '## [0.1.1] - 2026-03-05\n\n### Fixed\n\n- HOTFIX: Fix login crash';
    const releases =
      '# Changelog\n\n## [Unreleased]\n\n## [0.3.0] - 2026-02-01\n- Three\n\n## [0.2.0] - 2026-01-01\n- Two\n';
    const links = '[0.2.0]: https://git.example/r/releases/tag/v0.2.0\n';
    const withLinks = addChangelogEntry('CHANGELOG.md', `${releases}\n${links}`, entry('0.1.1'), {
      format: 'auto',
      compareUrl: (from, to) => `https://git.example/r/compare/v${from}...v${to}`,
    });
    expect(withLinks.content).toBe(`${releases}\n${section}\n\n${links}`);
    expect(withLinks.line).toBe(11);
    expect(lineAt(withLinks.content, withLinks.line)).toBe('## [0.1.1] - 2026-03-05');
    expect(withLinks.warnings).toEqual([
      'No link definition was added for [0.1.1]: the changelog has no earlier version to compare with.',
    ]);
    // Without link definitions, at the end of the file: one blank line before, none doubled.
    const atEnd = addChangelogEntry('CHANGELOG.md', releases, entry('0.1.1'), AUTO);
    expect(atEnd.content).toBe(`${releases}\n${section}\n`);
    expect(lineAt(atEnd.content, atEnd.line)).toBe('## [0.1.1] - 2026-03-05');
  });

  it('keeps CRLF line endings when the section goes between two releases', () => {
    const before = fixture('keep-a-changelog-crlf.md');
    const result = addChangelogEntry('CHANGELOG.md', before, entry('0.2.2'), WEB_COMPARE);
    expect(result.content).not.toMatch(/[^\r]\n/);
    expect(result.content).toBe(
      addChangelogEntry(
        'CHANGELOG.md',
        fixture('keep-a-changelog.md'),
        entry('0.2.2'),
        WEB_COMPARE,
      ).content.replace(/\n/g, '\r\n'),
    );
    expect(lineAt(result.content, result.line)).toBe('## [0.2.2] - 2026-03-05');
    expect(result.content).toContain(
      `\r\n\r\n${SECTION_0_2_2.replace(/\n/g, '\r\n')}\r\n\r\n## [0.2.1]`,
    );
  });

  it('keeps any sorted table and Keep a Changelog file sorted, in its own order', () => {
    const version = fc
      .tuple(fc.nat(3), fc.nat(3), fc.nat(12))
      .map(([major, minor, patch]) => `${major}.${minor}.${patch}`);
    fc.assert(
      fc.property(
        fc.uniqueArray(version, { minLength: 2, maxLength: 8 }),
        fc.boolean(),
        (versions, ascending) => {
          const [added, ...existing] = versions as [string, ...string[]];
          const newestFirst = [...existing].sort(semver.rcompare);
          const rows = ascending ? [...newestFirst].reverse() : newestFirst;
          const result = addRow(table(...rows), added);
          const expected = [...versions].sort(semver.compare);
          // One row cannot tell its order: it is read as newest first.
          const ascendingTable = ascending && rows.length > 1;
          expect(rowVersions(result.content)).toEqual(
            ascendingTable ? expected : [...expected].reverse(),
          );

          const kac = `# Changelog\n\n## [Unreleased]\n${newestFirst.map((v) => `\n## [${v}] - 2026-01-01\n- Release ${v}\n`).join('')}`;
          const section = addChangelogEntry('CHANGELOG.md', kac, entry(added), AUTO);
          const headings = section.content.split('\n').filter((line) => line.startsWith('## '));
          expect(headings).toEqual([
            '## [Unreleased]',
            ...[...expected]
              .reverse()
              .map((v) => `## [${v}] - ${v === added ? '2026-03-05' : '2026-01-01'}`),
          ]);
          expect(section.content).not.toMatch(/\n\n\n/);
          expect(lineAt(section.content, section.line)).toBe(`## [${added}] - 2026-03-05`);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('findChangelogEntry', () => {
  it.each([
    [
      'table-process.md',
      '0.0.9',
      {
        text: 'Release candidate for the pilot with two venues',
        date: '2026-02-02',
        line: 9,
        format: 'table',
      },
    ],
    [
      'table-reordered.md',
      '0.4.1',
      {
        text: 'HOTFIX: Login loop on Safari 17 after session expiry',
        date: '2026-02-11',
        line: 9,
        format: 'table',
      },
    ],
    [
      'table-reordered.md',
      'v0.4.1',
      {
        text: 'HOTFIX: Login loop on Safari 17 after session expiry',
        date: '2026-02-11',
        line: 9,
        format: 'table',
      },
    ],
    [
      'table-no-outer-pipes.md',
      '1.7.3',
      {
        text: 'Fix timezone of shift reminders | affects AU venues',
        date: '2026-02-14',
        line: 9,
        format: 'table',
      },
    ],
    [
      'table-multiple.md',
      '2.2.0',
      { text: 'Dark mode', date: '2025-12-12', line: 35, format: 'table' },
    ],
    [
      'table-crlf.md',
      '0.1.0',
      {
        text: 'First production release: shifts, clock-in, timesheets',
        date: '2026-02-20',
        line: 8,
        format: 'table',
      },
    ],
    [
      'keep-a-changelog.md',
      '0.2.1',
      {
        text: 'HOTFIX: Crash on start when the device language is Arabic.',
        date: '2026-01-22',
        line: 29,
        format: 'keep-a-changelog',
      },
    ],
    [
      'keep-a-changelog.md',
      '0.3.0',
      {
        text: 'Invitations by SMS.\nShift templates.\nTime zone of reminders for venues outside Europe.',
        date: '2026-02-18',
        line: 18,
        format: 'keep-a-changelog',
      },
    ],
    [
      'keep-a-changelog-crlf.md',
      '0.2.0',
      { text: 'First public release.', date: '2026-01-10', line: 35, format: 'keep-a-changelog' },
    ],
    [
      'keep-a-changelog-no-unreleased.md',
      '2.3.1',
      {
        text: 'HOTFIX: Double charge when the card needed 3-D Secure.',
        date: '2026-02-03',
        line: 10,
        format: 'keep-a-changelog',
      },
    ],
  ])('finds %s %s', (name, version, found) => {
    expect(findChangelogEntry(fixture(name), version)).toEqual(found);
  });

  it.each([
    ['table-process.md', '0.1.1'],
    ['table-multiple.md', '9.9.9'],
    ['table-multiple.md', '0.0.0'],
    ['keep-a-changelog.md', '0.3.1'],
    ['keep-a-changelog.md', 'Unreleased'],
    ['pub-style.md', '1.0.0'],
  ])('finds nothing in %s for %s', (name, version) => {
    expect(findChangelogEntry(fixture(name), version)).toBeUndefined();
  });

  it('reads back the text of the entry it wrote', () => {
    const results: EntryResult[] = HOSTILE_TEXTS.flatMap((text) => [
      addChangelogEntry('CHANGELOG.md', fixture('table-reordered.md'), entry('0.5.0', text), AUTO),
      addChangelogEntry('CHANGELOG.md', fixture('keep-a-changelog.md'), entry('0.5.0', text), AUTO),
    ]);
    results.forEach((result, index) => {
      const text = HOSTILE_TEXTS[Math.floor(index / 2)]!;
      expect(findChangelogEntry(result.content, '0.5.0')).toEqual({
        text: toSingleLine(text),
        date: '2026-03-05',
        line: result.line,
        format: result.format,
      });
    });
  });
});
