/**
 * Unified diffs as GitHub's compare API sends them (`files[].patch`: the hunks, without the
 * `diff --git`/`---`/`+++` header). Reversing one onto a file's new text gives its old text, so
 * a check can read a file at both ends of a comparison for the price of one read.
 */

interface FileLines {
  lines: string[];
  /** Whether the last line ends with a line break (`\ No newline at end of file` says no). */
  finalNewline: boolean;
}

function toLines(content: string): FileLines {
  if (content === '') return { lines: [], finalNewline: true };
  const finalNewline = content.endsWith('\n');
  const lines = (finalNewline ? content.slice(0, -1) : content).split('\n');
  return { lines, finalNewline };
}

function fromLines(file: FileLines): string {
  if (file.lines.length === 0) return '';
  return file.lines.join('\n') + (file.finalNewline ? '\n' : '');
}

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/**
 * The text a file had before `patch` turned it into `newContent`, or undefined when the patch
 * does not fit the text (a context or added line differs, a hunk is cut short). Line endings
 * (CRLF too) are kept byte for byte.
 */
export function reversePatch(newContent: string, patch: string): string | undefined {
  const current = toLines(newContent);
  const old: string[] = [];
  let next = 0; // index into current.lines of the first line not yet copied
  let oldLacksNewline = false;
  let newLacksNewline = false;
  const patchLines = patch.split('\n');
  if (patchLines.at(-1) === '') patchLines.pop();

  let index = 0;
  while (index < patchLines.length) {
    const header = HUNK_HEADER.exec(patchLines[index] ?? '');
    if (header === null) return undefined;
    index++;
    const oldCount = header[2] === undefined ? 1 : Number(header[2]);
    const newStart = Number(header[3]);
    const newCount = header[4] === undefined ? 1 : Number(header[4]);
    // `+0,0` (the new file is empty) starts after line 0.
    const startIndex = newCount === 0 ? newStart : newStart - 1;
    if (startIndex < next || startIndex > current.lines.length) return undefined;
    old.push(...current.lines.slice(next, startIndex));
    next = startIndex;

    let oldSeen = 0;
    let newSeen = 0;
    let last: ' ' | '-' | '+' | undefined;
    while (index < patchLines.length && !HUNK_HEADER.test(patchLines[index] ?? '')) {
      const line = patchLines[index] ?? '';
      index++;
      const kind = line[0];
      const text = line.slice(1);
      if (kind === '\\') {
        // `\ No newline at end of file`: about the line just before it.
        if (last === '-' || last === ' ') oldLacksNewline = true;
        if (last === '+' || last === ' ') newLacksNewline = true;
        continue;
      }
      if (kind === ' ' || (kind === undefined && line === '')) {
        if (current.lines[next] !== text) return undefined;
        old.push(text);
        next++;
        oldSeen++;
        newSeen++;
        last = ' ';
      } else if (kind === '-') {
        old.push(text);
        oldSeen++;
        last = '-';
      } else if (kind === '+') {
        if (current.lines[next] !== text) return undefined;
        next++;
        newSeen++;
        last = '+';
      } else {
        return undefined;
      }
    }
    if (oldSeen !== oldCount || newSeen !== newCount) return undefined;
  }
  old.push(...current.lines.slice(next));
  const oldFinalNewline = oldLacksNewline ? false : newLacksNewline ? true : current.finalNewline;
  return fromLines({ lines: old, finalNewline: oldFinalNewline });
}

/** The first 1-based line where two texts differ, or undefined when they are equal. */
export function firstDifferentLine(a: string, b: string): number | undefined {
  if (a === b) return undefined;
  const left = a.split('\n');
  const right = b.split('\n');
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    if (left[i] !== right[i]) return i + 1;
  }
  return Math.max(left.length, right.length);
}
