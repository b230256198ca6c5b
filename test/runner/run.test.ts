// How a step fails: a user's mistake shows its message alone; anything else is reported as a bug
// with its stack in the debug log, whether an Error was thrown or not.
import { beforeEach, describe, expect, jest, test } from '@jest/globals';

const setFailed = jest.fn<(message: string) => void>();
const debug = jest.fn<(message: string) => void>();
const error = jest.fn<(message: string, properties?: object) => void>();
jest.unstable_mockModule('@actions/core', () => ({ setFailed, debug, error, warning: jest.fn() }));

const { runAction } = await import('../../src/runner/run.js');
const { UserError } = await import('../../src/runner/errors.js');

describe('runAction', () => {
  beforeEach(() => {
    jest.clearAllMocks();
  });

  test('a user error: its message alone, and an annotation on each file line it names', async () => {
    await runAction(async () => {
      throw new UserError('apps/web/package.json:3: not a version', [
        { file: 'apps/web/package.json', line: 3 },
      ]);
    });
    expect(setFailed).toHaveBeenCalledWith('apps/web/package.json:3: not a version');
    expect(error).toHaveBeenCalledWith('apps/web/package.json:3: not a version', {
      file: 'apps/web/package.json',
      startLine: 3,
    });
    expect(debug).not.toHaveBeenCalled();
  });

  test('a bug: reported as one, with the stack in the debug log', async () => {
    await runAction(async () => {
      throw new TypeError('x is undefined');
    });
    expect(setFailed.mock.calls[0]![0]).toMatch(/bug in hotfix-actions.*x is undefined/);
    expect(debug.mock.calls[0]![0]).toContain('TypeError: x is undefined\n    at ');
  });

  test('a thrown non-Error still fails the step, with what was thrown', async () => {
    await runAction(async () => {
      throw { code: 42 };
    });
    expect(setFailed.mock.calls[0]![0]).toContain('{"code":42}');
    await runAction(async () => {
      throw undefined;
    });
    expect(setFailed).toHaveBeenCalledTimes(2);
  });

  test('success fails nothing', async () => {
    await runAction(async () => {});
    expect(setFailed).not.toHaveBeenCalled();
  });
});
