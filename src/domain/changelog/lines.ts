/**
 * A CHANGELOG's lines, as the formats read them, and the edits they make to them: every byte
 * outside an edit (line endings, alignment) stays as it was.
 */

/** A line as an object, as the Keep a Changelog format reads lines (`Lines.slice`). */
export interface Line {
  /** 0-based line number. */
  index: number;
  text: string;
  /** false inside fenced code and HTML comments, where a table or heading is only an example. */
  markdown: boolean;
}

const FENCE_OR_COMMENT_CHARS = /[`~<]/;

/**
 * The content's lines, as offsets into it. A 10 MB CHANGELOG has 150,000 lines: an object kept
 * for each cost more in garbage collection than reading them, so the table format cuts a line's
 * text from the content when it asks for it. The Keep a Changelog format, simpler with objects,
 * takes them from `slice`.
 */
export class Lines {
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

export interface Edit {
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
export function applyEdits(lines: Lines, edits: Edit[]): string {
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
