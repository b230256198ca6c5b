// GitHub's refusals and outages, told as what they are: the call, the likely cause, what the
// run had already written, and that a re-run completes the work; never "a bug".
import { describe, expect, test } from '@jest/globals';
import { freshRepo, useHotfixSandbox } from '../helpers/hotfix.js';

const sandbox = useHotfixSandbox();

const errorOf = (stdout: string) =>
  stdout
    .split('\n')
    .filter((line) => line.startsWith('::error::'))
    .join('\n');

describe('a failed start says what GitHub refused and what was written', () => {
  test('pull requests not permitted to GitHub Actions: the setting to change; a re-run completes it', async () => {
    const t = await freshRepo(sandbox);
    sandbox.emulator.injectFault({
      route: 'pulls/create',
      kind: 'pull-requests-not-permitted',
      times: 1,
    });

    const failed = await t.start();

    expect(failed.exitCode).toBe(1);
    const error = errorOf(failed.stdout);
    expect(error).not.toContain('a bug');
    expect(error).toContain('GitHub failed the call POST /repos/octo-org/');
    expect(error).toContain('/pulls');
    expect(error).toContain('"Allow GitHub Actions to create and approve pull requests"');
    expect(error).toMatch(/Already written by this run: POST \/repos\/[^;]+\/git\/refs/);
    expect(error).toContain('re-running the job completes the work');
    expect(sandbox.emulator.repo(t.name).pulls).toEqual([]);

    const again = await t.start();
    expect(again.exitCode).toBe(0);
    expect(sandbox.emulator.repo(t.name).pulls).toHaveLength(1);
    expect(sandbox.emulator.repo(t.name).issues).toHaveLength(1);
  });

  test('a missing job permission names the scope', async () => {
    const t = await freshRepo(sandbox);
    sandbox.emulator.injectFault({
      route: 'issues/create',
      kind: 'not-accessible-by-integration',
      times: 1,
    });

    const failed = await t.start();

    expect(failed.exitCode).toBe(1);
    expect(errorOf(failed.stdout)).toContain('give the job `permissions: issues: write`');
  });

  test('an outage through every retry: named as an outage, before any write', async () => {
    const t = await freshRepo(sandbox);
    sandbox.emulator.injectFault({
      route: 'git/list-matching-refs',
      kind: 'status-502',
      times: 10,
    });

    const failed = await t.start();

    expect(failed.exitCode).toBe(1);
    const error = errorOf(failed.stdout);
    expect(error).toContain('an outage at GitHub or a dropped connection (502)');
    expect(error).toContain('Nothing was written by this run.');
    expect(error).not.toContain('a bug');
  });
});
