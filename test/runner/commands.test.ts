// Every action writes its workflow commands without @actions/core (see src/runner/commands.ts);
// the runner must read them exactly as it reads @actions/core's.
import { describe, expect, jest, test } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import fc from 'fast-check';
import {
  annotateError,
  annotateNotice,
  annotateWarning,
  debug,
  info,
  setOutput,
  setSecret,
} from '../../src/runner/commands.js';

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
        expect(stdoutOf(() => annotateNotice(message))).toBe(stdoutOf(() => core.notice(message)));
        expect(stdoutOf(() => info(message))).toBe(stdoutOf(() => core.info(message)));
      }),
    );
  });

  test('a line break cannot start a second command', () => {
    expect(stdoutOf(() => annotateError('bad\n::add-mask::x'))).toBe(
      '::error::bad%0A::add-mask::x\n',
    );
  });

  describe('outputs', () => {
    /** Runs `use` with GITHUB_OUTPUT set to `path` (unset for undefined), then puts it back. */
    function withOutputPath<T>(path: string | undefined, use: () => T): T {
      const saved = process.env['GITHUB_OUTPUT'];
      if (path === undefined) delete process.env['GITHUB_OUTPUT'];
      else process.env['GITHUB_OUTPUT'] = path;
      try {
        return use();
      } finally {
        if (saved === undefined) delete process.env['GITHUB_OUTPUT'];
        else process.env['GITHUB_OUTPUT'] = saved;
      }
    }

    /** What a write leaves in a fresh GITHUB_OUTPUT file, its random delimiters made one. */
    function outputFileOf(write: () => void): string {
      const dir = mkdtempSync(join(tmpdir(), 'hotfix-output-'));
      const path = join(dir, 'output');
      writeFileSync(path, '');
      try {
        withOutputPath(path, write);
        return readFileSync(path, 'utf8').replace(/ghadelimiter_[0-9a-f-]{36}/g, 'DELIMITER');
      } finally {
        rmSync(dir, { recursive: true });
      }
    }

    test('are appended to GITHUB_OUTPUT as @actions/core appends them', () => {
      const name = fc.stringMatching(/^[a-z][a-z-]{0,10}$/);
      fc.assert(
        fc.property(name, tricky, (key, value) => {
          const ours = outputFileOf(() => setOutput(key, value));
          expect(ours).toBe(outputFileOf(() => core.setOutput(key, value)));
          expect(ours).toBe(`${key}<<DELIMITER\n${value}\nDELIMITER\n`);
        }),
      );
    });

    test('fall back to the set-output command where GITHUB_OUTPUT is unset', () => {
      withOutputPath(undefined, () =>
        fc.assert(
          fc.property(tricky, (value) => {
            expect(stdoutOf(() => setOutput('tag', value))).toBe(
              stdoutOf(() => core.setOutput('tag', value)),
            );
          }),
        ),
      );
    });

    test('a missing GITHUB_OUTPUT file is an error, not a silently lost output', () => {
      withOutputPath(join(tmpdir(), 'hotfix-no-such-dir', 'output'), () =>
        expect(() => setOutput('tag', 'v1')).toThrow(/Missing file at path/),
      );
    });
  });
});
