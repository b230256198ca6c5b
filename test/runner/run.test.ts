// How a step fails: a user's mistake shows its message alone; anything else is reported as a bug
// with its stack in the debug log, whether an Error was thrown or not.
import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals';
import { runAction } from '../../src/runner/run.js';
import { UserError } from '../../src/domain/errors.js';

/** The workflow commands written to stdout during `body`. */
async function commandsOf(body: () => Promise<void>): Promise<{ lines: string[]; ok: boolean }> {
  const lines: string[] = [];
  const write = jest
    .spyOn(process.stdout, 'write')
    .mockImplementation((chunk: string | Uint8Array) => {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      return true;
    });
  try {
    const ok = await runAction(body);
    return { lines, ok };
  } finally {
    write.mockRestore();
  }
}

describe('runAction', () => {
  beforeEach(() => {
    process.exitCode = undefined;
  });
  afterEach(() => {
    process.exitCode = undefined;
  });

  test('a user error: its message alone, and an annotation on the file line it names', async () => {
    const { lines, ok } = await commandsOf(async () => {
      throw new UserError('apps/web/package.json:3: not a version', [
        { file: 'apps/web/package.json', line: 3 },
      ]);
    });
    expect(ok).toBe(false);
    expect(process.exitCode).toBe(1);
    expect(lines).toEqual([
      '::error file=apps/web/package.json,line=3::apps/web/package.json:3: not a version',
      '::error::apps/web/package.json:3: not a version',
    ]);
  });

  test('a user error naming several lines: one annotation per line, each with its own problem', async () => {
    const message = 'c.yml is not valid YAML:\nc.yml:4:5: bad indent\nc.yml:9:1: bad key';
    const { lines } = await commandsOf(async () => {
      throw new UserError(message, [
        { file: 'c.yml', line: 4, column: 5, note: 'bad indent' },
        { file: 'c.yml', line: 4, column: 13, note: 'nested mapping' },
        { file: 'c.yml', line: 9, column: 1, note: 'bad key' },
      ]);
    });
    expect(lines).toEqual([
      '::error file=c.yml,line=4,col=5::bad indent',
      '::error file=c.yml,line=9,col=1::bad key',
      `::error::${message.replace(/\n/g, '%0A')}`,
    ]);
  });

  test('a user error naming no file: one annotation', async () => {
    const { lines } = await commandsOf(async () => {
      throw new UserError("Input 'product' is required.");
    });
    expect(lines).toEqual(["::error::Input 'product' is required."]);
  });

  test('a bug: reported as one, with the stack in the debug log', async () => {
    const { lines } = await commandsOf(async () => {
      throw new TypeError('x is undefined');
    });
    expect(lines[0]).toMatch(/^::debug::TypeError: x is undefined%0A {4}at /);
    expect(lines[1]).toMatch(
      /^::error::Unexpected error \(a bug in hotfix-actions.*x is undefined$/,
    );
    expect(process.exitCode).toBe(1);
  });

  test('a thrown non-Error still fails the step, with what was thrown', async () => {
    const thrownObject = await commandsOf(async () => {
      throw { code: 42 };
    });
    expect(thrownObject.lines.at(-1)).toContain('{"code":42}');
    const thrownUndefined = await commandsOf(async () => {
      throw undefined;
    });
    expect(thrownUndefined.ok).toBe(false);
    expect(thrownUndefined.lines.at(-1)).toMatch(/^::error::Unexpected error/);
  });

  test('success fails nothing', async () => {
    const { lines, ok } = await commandsOf(async () => {});
    expect(ok).toBe(true);
    expect(lines).toEqual([]);
    expect(process.exitCode).toBeUndefined();
  });
});
