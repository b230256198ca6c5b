/**
 * Escaping of untrusted text (the hotfix form's issue and impact fields) for Markdown that GitHub
 * renders: CHANGELOG table cells, list items, issue and PR bodies. The escaped text renders as the
 * input's text on one line, with no markup, no HTML, no mentions and no issue links.
 */

/**
 * Inserted after `@`, `#` and `GH-` so that GitHub neither pings `@user`/`@org/team` nor links
 * `#123`/`GH-123`: GitHub finds mentions and references in the rendered text, so a backslash escape
 * does not stop them, but a zero-width space between the sigil and the name does (the approach
 * Dependabot takes in release notes). Written as a character reference rather than the raw
 * character so that the neutralisation is visible in the file, in diffs and in review.
 */
const ZERO_WIDTH_SPACE = '&#8203;';

/**
 * ASCII punctuation that can start markup anywhere in a line: `\` escapes, `` ` `` code, `*`/`_`
 * emphasis, `[`/`]` links and images, `<`/`>` HTML and autolinks, `&` character references, `|`
 * table cells, `~` strikethrough, `$` GitHub's math. A backslash before any ASCII punctuation
 * renders as the character itself, in table cells too.
 */
const MARKUP_CHARACTERS = /[\\`*_[\]<>&|~$]/g;

/**
 * Control characters other than tab and line breaks (they never render, and NUL is replaced),
 * and Unicode's bidirectional controls (U+202A-U+202E, U+2066-U+2069, the marks U+200E, U+200F
 * and U+061C): text from the form that reverses what follows it would make a pull request title,
 * a tag message, a CHANGELOG row or a Slack message read otherwise than it is.
 */
const CONTROL_CHARACTERS =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/**
 * The text the escaped Markdown renders as: line breaks become spaces (a table cell, a list item
 * or a heading is one line), control characters are dropped and outer spaces trimmed (Markdown
 * trims them anyway).
 */
export function toSingleLine(text: string): string {
  return trimSpaces(withoutControls(text.replace(/\r\n|[\r\n]/g, ' ')));
}

/** The text without its control characters (tabs and line breaks kept). */
export function withoutControls(text: string): string {
  return text.replace(CONTROL_CHARACTERS, '');
}

/**
 * A value as an error message quotes it: one line, cut to `max` characters with how long it
 * was, so that a 100,000-character input does not fill the log.
 */
export function shown(text: string, max = 80): string {
  const line = toSingleLine(text);
  const characters = [...line];
  return characters.length <= max
    ? line
    : `${characters.slice(0, max).join('')}… (${characters.length} characters)`;
}

/** Without the spaces and tabs around it: what GFM trims (other Unicode spaces are text). */
export function trimSpaces(text: string): string {
  return text.replace(/^[ \t]+|[ \t]+$/g, '');
}

/** Text for one GFM table cell: always exactly one cell whatever the input; renders as the input's text. */
export function escapeTableCell(text: string): string {
  // Every `|` is escaped and line breaks are gone, so the text can neither end the cell nor the
  // row. The line-start escapes of escapeInline also matter here: in a table without a leading
  // pipe, the first cell starts the line.
  return escapeInline(text);
}

/** Inline text for an issue/PR body or list item: no markup, no HTML, no mentions, no issue links. */
export function escapeInline(text: string): string {
  const escaped = escapeLineStart(toSingleLine(text).replace(MARKUP_CHARACTERS, '\\$&'));
  return neutraliseReferences(escaped);
}

/**
 * Characters that only mean something at the start of a line (or of a list item's content):
 * `#` heading, `-`/`+` list or thematic break, `=` setext underline, `1.`/`1)` ordered list.
 * (`>`, `*`, `_`, `` ` `` and `~` are escaped everywhere already.)
 */
function escapeLineStart(line: string): string {
  if (/^[#+=-]/.test(line)) return `\\${line}`;
  return line.replace(/^(\d+)([.)])/, '$1\\$2');
}

function neutraliseReferences(markdown: string): string {
  // One pass, so that the `#` of an inserted `&#8203;` is not taken for a reference. `@\\?\w`
  // also covers `@\_x`: the escaped underscore still renders as `@_x`.
  return markdown.replace(/@(?=\\?\w)|#(?=\d)|GH-(?=\d)/gi, `$&${ZERO_WIDTH_SPACE}`);
}

const NAMED_CHARACTER_REFERENCES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00A0',
};

/**
 * The plain text of Markdown written by escapeInline/escapeTableCell: backslash escapes and
 * character references decoded, the zero-width spaces inserted after `@`, `#` and `GH-` removed.
 * Other Markdown (a hand-written `**bold**`, say) is returned as written.
 */
export function unescapeInline(markdown: string): string {
  return markdown
    .replace(
      /\\([!-/:-@[-`{-~])|&(#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]+);/g,
      (match, escaped: string | undefined, reference: string | undefined) =>
        escaped ?? decodeCharacterReference(reference ?? '') ?? match,
    )
    .replace(/(?<=@|#|GH-)\u200B/gi, '');
}

function decodeCharacterReference(reference: string): string | undefined {
  if (!reference.startsWith('#')) return NAMED_CHARACTER_REFERENCES[reference];
  const codePoint = /^#[xX]/.test(reference)
    ? Number.parseInt(reference.slice(2), 16)
    : Number.parseInt(reference.slice(1), 10);
  if (codePoint === 0 || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) {
    return '\uFFFD';
  }
  return String.fromCodePoint(codePoint);
}

/** An inline code span that no backtick in `text` can end early. */
export function code(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((run) => run[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text.replace(/[\r\n]+/g, ' ')}${pad}${fence}`;
}

/** A fenced code block that no line of `text` can close early. */
export function codeBlock(text: string, language = ''): string {
  const longest = Math.max(0, ...[...text.matchAll(/`{3,}/g)].map((run) => run[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${language}\n${text}\n${fence}`;
}

/** Slack's escaping for text in `mrkdwn`: only `&`, `<` and `>` (which also stops `<!channel>`). */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
