// The start of every action writes its workflow commands without @actions/core (see
// src/runner/commands.ts); the runner must read them exactly as it reads @actions/core's.
import { describe, expect, jest, test } from '@jest/globals';
import * as core from '@actions/core';
import fc from 'fast-check';
import { annotateError, annotateWarning, debug, setSecret } from '../../src/runner/commands.js';

function stdoutOf(write: () => void): string {
  let out = '';
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  try {
    write();
  } finally {
    spy.mockRestore();
  }
  return out;
}

const tricky = fc.string({
  unit: fc.constantFrom('a', ' ', '%', '\r', '\n', ':', ',', '=', '::', 'é', '%0A', '`'),
});

describe('workflow commands', () => {
  test('annotations on a file line are written exactly as @actions/core writes them', () => {
    fc.assert(
      fc.property(
        tricky,
        tricky,
        fc.option(fc.nat(), { nil: undefined }),
        fc.option(fc.nat(), { nil: undefined }),
        (message, file, line, column) => {
          const location = {
            file: file === '' ? 'a' : file,
            ...(line !== undefined ? { line } : {}),
            ...(column !== undefined ? { column } : {}),
          };
          const properties = {
            file: location.file,
            ...(line !== undefined ? { startLine: line } : {}),
            ...(column !== undefined ? { startColumn: column } : {}),
          };
          expect(stdoutOf(() => annotateError(message, location))).toBe(
            stdoutOf(() => core.error(message, properties)),
          );
          expect(stdoutOf(() => annotateWarning(message, location))).toBe(
            stdoutOf(() => core.warning(message, properties)),
          );
        },
      ),
    );
  });

  test('messages without a location, debug lines and masks match @actions/core', () => {
    fc.assert(
      fc.property(tricky, (message) => {
        expect(stdoutOf(() => annotateError(message))).toBe(stdoutOf(() => core.error(message)));
        expect(stdoutOf(() => debug(message))).toBe(stdoutOf(() => core.debug(message)));
        expect(stdoutOf(() => setSecret(message))).toBe(stdoutOf(() => core.setSecret(message)));
      }),
    );
  });

  test('a line break cannot start a second command', () => {
    expect(stdoutOf(() => annotateError('bad\n::add-mask::x'))).toBe(
      '::error::bad%0A::add-mask::x\n',
    );
  });
});
