import { afterAll, describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { firstDifferentLine, reversePatch } from '../../src/domain/patch.js';

const dir = mkdtempSync(join(tmpdir(), 'patch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The hunks `git diff` gives from `before` to `after`, as GitHub's compare sends them. */
function gitPatch(before: string, after: string): string {
  writeFileSync(join(dir, 'a'), before);
  writeFileSync(join(dir, 'b'), after);
  let out = '';
  try {
    execFileSync('git', ['diff', '--no-index', '--no-color', 'a', 'b'], {
      cwd: dir,
      encoding: 'utf8',
    });
  } catch (error) {
    out = (error as { stdout: string }).stdout; // exit 1: the files differ
  }
  const start = out.indexOf('\n@@');
  return start === -1 ? '' : out.slice(start + 1).replace(/\n$/, '');
}

describe('reversePatch', () => {
  test.each([
    ['one line changed', 'a\nversion: 0.1.0+5\nb\n', 'a\nversion: 0.1.1+6\nb\n'],
    ['CRLF kept', 'x\r\nversion = 1.0.0\r\ny\r\n', 'x\r\nversion = 1.0.1\r\ny\r\n'],
    ['newline added at the end', 'a\nb', 'a\nb\n'],
    ['newline removed at the end', 'a\nb\n', 'a\nc'],
    ['lines added at the top', 'row 1\nrow 2\n', 'new row\nrow 1\nrow 2\n'],
    ['lines removed at the end', 'a\nb\nc\nd\n', 'a\n'],
    [
      'two hunks far apart',
      `${'x\n'.repeat(20)}1\n${'y\n'.repeat(20)}2\n`,
      `${'x\n'.repeat(20)}one\n${'y\n'.repeat(20)}two\n`,
    ],
    ['everything removed', 'a\nb\n', ''],
  ])('%s', (_name, before, after) => {
    expect(reversePatch(after, gitPatch(before, after))).toBe(before);
  });

  test('any two texts: the reversed patch gives the old text back', () => {
    const line = fc.constantFrom('a', 'b', 'version: 1.0.0', '', '  "version": "0.1.0",', 'x\r');
    const text = fc
      .tuple(fc.array(line, { maxLength: 12 }), fc.boolean())
      .map(([lines, finalNewline]) =>
        lines.length ? lines.join('\n') + (finalNewline ? '\n' : '') : '',
      );
    fc.assert(
      fc.property(text, text, (before, after) => {
        if (before === after) return;
        expect(reversePatch(after, gitPatch(before, after))).toBe(before);
      }),
      { numRuns: 60 },
    );
  });

  test('a patch that does not fit the text: undefined, not a wrong text', () => {
    const patch = gitPatch('a\nb\nc\n', 'a\nB\nc\n');
    expect(reversePatch('a\nX\nc\n', patch)).toBeUndefined();
    expect(reversePatch('a\nB\nc\n', 'not a patch')).toBeUndefined();
  });
});

test('firstDifferentLine', () => {
  expect(firstDifferentLine('a\nb\n', 'a\nb\n')).toBeUndefined();
  expect(firstDifferentLine('a\nb\nc', 'a\nB\nc')).toBe(2);
  expect(firstDifferentLine('a\n', 'a\nb\n')).toBe(2);
});
