import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  escapeInline,
  escapeTableCell,
  toSingleLine,
  unescapeInline,
} from '../../src/domain/markdown.js';
import { nodeTypes, parseGfm, renderedText, tablesOf } from '../helpers/markdown-reference.js';

const ZERO_WIDTH = /\u200B/g;

/** The cells of a data row holding `cell` in the middle of a three-column table. */
function rowWith(cell: string): string[] {
  const markdown = `| Date | Text | Version |\n| --- | --- | --- |\n| 2026-03-05 | ${cell} | 0.1.1 |\n`;
  const [table] = tablesOf(markdown);
  expect(table?.rows).toHaveLength(2);
  return table?.rows[1] ?? [];
}

/** What an escaped inline text becomes as a list item: the markup in it and the text. */
function listItem(markdown: string): { markup: string[]; text: string } {
  const root = parseGfm(`- ${markdown}\n`);
  const [list] = root.children;
  const [item] = list?.type === 'list' ? list.children : [];
  expect(root.children).toHaveLength(1);
  expect(list?.type === 'list' && list.children).toHaveLength(1);
  expect(item?.children.map((child) => child.type)).toEqual(['paragraph']);
  return { markup: markupIn(item?.children[0] ?? root), text: renderedText(root) };
}

/**
 * Node types other than text below a paragraph. A bare URL is allowed: GitHub links it anywhere,
 * and its text is its address, so nothing is hidden.
 */
function markupIn(node: { type: string }): string[] {
  if (node.type === 'link' && 'url' in node) {
    const text = renderedText(node);
    if ([text, `http://${text}`, `mailto:${text}`].includes(String(node.url))) return [];
    return ['link'];
  }
  const children: { type: string }[] =
    'children' in node && Array.isArray(node.children) ? node.children : [];
  return [
    ...(['root', 'paragraph', 'text'].includes(node.type) ? [] : [node.type]),
    ...children.flatMap(markupIn),
  ];
}

/** Text a reader sees, minus the zero-width spaces the escaping inserts. */
function visible(text: string): string {
  return text.replace(ZERO_WIDTH, '');
}

// Text from the hotfix form as people type it, and as attackers would.
const REAL_WORLD_TEXTS: string[] = [
  'HOTFIX: Fix login crash on iOS 17.2',
  'HOTFIX: Checkout fails when cart total | discount is 0',
  'HOTFIX: Path C:\\Users\\staff\\cache not cleared',
  'HOTFIX: Escape \\| in names',
  'HOTFIX: Crash\nwhen offline\r\nafter update',
  'HOTFIX: <script>alert("x")</script> in profile name',
  'HOTFIX: <img src=x onerror=alert(1)>',
  'HOTFIX: <!-- hidden --> comment',
  'HOTFIX: Regression from @octocat in #123 (see @octo-org/devops)',
  '@channel payments are down',
  '#42 is back',
  'HOTFIX: Fixes GH-77 and octo-org/api#9',
  'HOTFIX: `null` pointer in `UserRepository.load()`',
  '```js\nalert(1)\n```',
  'HOTFIX: **bold** _italic_ ~~strike~~ ~one~',
  'HOTFIX: Broken [link](https://evil.example) and ![img](x.png)',
  'HOTFIX: [ref][1] and [1]: https://evil.example',
  'HOTFIX: &amp; &lt;b&gt; &#124; &#x40;user &copy;',
  'HOTFIX: price $5 to $10 and $x^2$',
  'HOTFIX: snake_case_name and 2*3*4',
  '# Heading',
  '> quoted',
  '- not a list',
  '+ not a list',
  '1. not a list',
  '2) not a list',
  '---',
  '***',
  '=== underline',
  '    indented code',
  '\tTab',
  'HOTFIX: trailing backslash \\',
  'HOTFIX: trailing spaces   ',
  'HOTFIX: 😀 emoji, ünïcödé, 中文, RTL \u05E9\u05DC\u05D5\u05DD',
  'HOTFIX: mail ops@example.com',
  'HOTFIX: NUL\u0000 and bell\u0007',
  'HOTFIX: [x] task',
  'HOTFIX: footnote[^1]',
  '| a | b |',
  '|',
  '\\',
  '@',
  '#',
];

describe('escapeTableCell', () => {
  it.each(REAL_WORLD_TEXTS)('keeps %j in one cell with its text', (text) => {
    const cells = rowWith(escapeTableCell(text));
    expect(cells).toHaveLength(3);
    expect(cells[0]).toBe('2026-03-05');
    expect(visible(cells[1] ?? '')).toBe(toSingleLine(text));
    expect(cells[2]).toBe('0.1.1');
  });

  it('escapes the characters that would split the cell or start markup', () => {
    expect(escapeTableCell('a | b')).toBe('a \\| b');
    expect(escapeTableCell('C:\\temp')).toBe('C:\\\\temp');
    expect(escapeTableCell('<b>x</b>')).toBe('\\<b\\>x\\</b\\>');
    expect(escapeTableCell('line one\nline two')).toBe('line one line two');
  });

  it('leaves ordinary text readable in the file', () => {
    expect(escapeTableCell('HOTFIX: Fix login crash on iOS 17.2 (staff app)')).toBe(
      'HOTFIX: Fix login crash on iOS 17.2 (staff app)',
    );
  });

  it('neutralises mentions and issue references with a zero-width space', () => {
    expect(escapeTableCell('ping @octocat and @octo-org/devops about #123 and GH-4')).toBe(
      'ping @&#8203;octocat and @&#8203;octo-org/devops about #&#8203;123 and GH-&#8203;4',
    );
    expect(escapeTableCell('user@example.com, C# and #hashtag')).toBe(
      'user@&#8203;example.com, C# and #hashtag',
    );
  });

  it('renders a mention with its characters but without the pattern GitHub links', () => {
    const [, cell] = rowWith(escapeTableCell('@octocat broke #123'));
    expect(visible(cell ?? '')).toBe('@octocat broke #123');
    expect(cell).not.toMatch(/@\w|#\d/);
  });

  it('keeps every cell of a table without leading pipes when the text starts with markup', () => {
    for (const text of ['# title', '- item', '> quote', '1. one', '---', '| pipe']) {
      const markdown = `Text | Version\n--- | ---\n${escapeTableCell(text)} | 0.1.1\n`;
      const [table] = tablesOf(markdown);
      expect(table?.rows[1]).toEqual([text, '0.1.1']);
    }
  });
});

describe('escapeInline', () => {
  it.each(REAL_WORLD_TEXTS)('renders %j as plain text in a list item', (text) => {
    const { markup, text: rendered } = listItem(escapeInline(text) || 'x');
    expect(markup).toEqual([]);
    expect(visible(rendered)).toBe(toSingleLine(text) || 'x');
  });

  it.each(REAL_WORLD_TEXTS)('renders %j as plain text in a body paragraph', (text) => {
    const root = parseGfm(`Issue: ${escapeInline(text)}\n`);
    expect(root.children.map((child) => child.type)).toEqual(['paragraph']);
    expect(markupIn(root)).toEqual([]);
    expect(visible(renderedText(root))).toBe(`Issue: ${toSingleLine(text)}`.replace(/[ \t]+$/, ''));
  });

  it('leaves a bare URL as GitHub shows it: a link whose text is its address', () => {
    const root = parseGfm(escapeInline('See https://sentry.example.com/issues/42'));
    expect(nodeTypes(root)).toContain('link');
    expect(renderedText(root)).toBe('See https://sentry.example.com/issues/42');
  });

  it('does not let Markdown link syntax hide an address behind other text', () => {
    const root = parseGfm(escapeInline('[Sign in again](https://evil.example/login)'));
    expect(renderedText(root)).toBe('[Sign in again](https://evil.example/login)');
    expect(markupIn(root)).toEqual([]);
  });
});

describe('unescapeInline', () => {
  it.each(REAL_WORLD_TEXTS)('gives back %j from its escaped form', (text) => {
    expect(unescapeInline(escapeInline(text))).toBe(toSingleLine(text));
  });

  it('decodes character references and keeps hand-written markup as written', () => {
    expect(unescapeInline('Fix &amp; ship &#x40;team &#64;me &copy;')).toBe(
      'Fix & ship @team @me &copy;',
    );
    expect(unescapeInline('**Fix** `login`')).toBe('**Fix** `login`');
  });
});

describe('toSingleLine', () => {
  it('turns every kind of line break into one space and trims', () => {
    expect(toSingleLine('  a\nb\r\nc\rd\t ')).toBe('a b c d');
    expect(toSingleLine('a\n\nb')).toBe('a  b');
  });
});

// Pieces that stress the escaping, mixed with arbitrary text.
const tricky = fc.constantFrom(
  '|',
  '\\',
  '\n',
  '\r\n',
  '\r',
  '<script>',
  '</td>',
  '<!--',
  '@',
  '@user',
  '@org/team',
  '#',
  '#123',
  'GH-9',
  '`',
  '``',
  '*',
  '**',
  '_',
  '__',
  '~',
  '~~',
  '[',
  ']',
  '](',
  '(',
  ')',
  '![',
  '&',
  '&amp;',
  '&#124;',
  '&#x40;',
  ';',
  '$',
  '>',
  '-',
  '+',
  '=',
  '1.',
  '2)',
  ':',
  '[^1]',
  '[ ]',
  ' ',
  '  ',
  '\t',
  'a',
  'x1',
  'é',
  '😀',
);
const untrustedText = fc.string({
  unit: fc.oneof(
    { weight: 3, arbitrary: tricky },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 2 }) },
  ),
  maxLength: 30,
});

describe('escaping properties', () => {
  it('any text stays in exactly one cell and renders as itself', () => {
    fc.assert(
      fc.property(untrustedText, (text) => {
        const cells = rowWith(escapeTableCell(text));
        expect(cells).toHaveLength(3);
        expect(cells[0]).toBe('2026-03-05');
        expect(cells[2]).toBe('0.1.1');
        expect(visible(cells[1] ?? '')).toBe(visible(toSingleLine(text)));
        expect(cells[1]).not.toMatch(/@\w|#\d|GH-\d/i);
      }),
      { numRuns: 2000 },
    );
  });

  it('any text is one paragraph of plain text with no mention or reference', () => {
    fc.assert(
      fc.property(untrustedText, (text) => {
        const root = parseGfm(`Issue: ${escapeInline(text)}\n`);
        expect(root.children.map((child) => child.type)).toEqual(['paragraph']);
        expect(markupIn(root)).toEqual([]);
        const rendered = renderedText(root);
        expect(visible(rendered)).toBe(
          visible(`Issue: ${toSingleLine(text)}`.replace(/[ \t]+$/, '')),
        );
        expect(rendered).not.toMatch(/@\w|#\d|GH-\d/i);
      }),
      { numRuns: 2000 },
    );
  });

  it('any text is one list item of plain text', () => {
    fc.assert(
      fc.property(
        untrustedText.filter((text) => toSingleLine(text) !== ''),
        (text) => {
          const { markup, text: rendered } = listItem(escapeInline(text));
          expect(markup).toEqual([]);
          expect(visible(rendered)).toBe(visible(toSingleLine(text)));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('unescapeInline gives back the text escapeInline was given', () => {
    fc.assert(
      fc.property(untrustedText, (text) => {
        expect(unescapeInline(escapeInline(text))).toBe(toSingleLine(text));
      }),
      { numRuns: 2000 },
    );
  });
});
