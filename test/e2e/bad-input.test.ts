// Bad input that used to hang or lie: refused up front (before any read or write), with short
// messages, and secrets kept out of the log.
import { describe, expect, test } from '@jest/globals';
import { isWrite } from '../../sandbox/emulator/index.js';
import { runAction } from '../../sandbox/harness/run-action.js';
import { FORM, freshRepo, useHotfixSandbox } from '../helpers/hotfix.js';

const sandbox = useHotfixSandbox();
const writes = () => sandbox.emulator.requests.filter(isWrite);

describe('refused before any write', () => {
  test('a webhook-url that is not http(s): start refuses it up front, not after its writes', async () => {
    const t = await freshRepo(sandbox);

    const result = await t.start({ 'webhook-url': 'javascript:alert(1)' });

    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain("Input 'webhook-url' is not an http:// or https:// URL.");
    // Masked (the runner hides it), and never quoted in the error.
    expect(result.stdout.split('\n').find((line) => line.startsWith('::error::'))).not.toContain(
      'alert(1)',
    );
    expect(sandbox.emulator.requests).toEqual([]);
  });

  test("a webhook's secret path is masked too: an endpoint's error may echo it alone", async () => {
    const t = await freshRepo(sandbox);

    const result = await t.start({
      'dry-run': 'true',
      'webhook-url': 'https://hooks.slack.example/services/T000/B000/XXXXsecret',
    });

    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('::add-mask::/services/T000/B000/XXXXsecret');
  });

  test('a 100,000-character input is quoted short in its error', async () => {
    const t = await freshRepo(sandbox);

    const result = await t.start({ severity: 'X'.repeat(100_000) });

    expect(result.exitCode).toBe(1);
    expect(result.stdout.length).toBeLessThan(2_000);
    expect(result.stdout).toContain('… (100000 characters)');
    expect(writes()).toEqual([]);
  });

  test('a monitor duration past what a job can run: refused, never "healthy" at once', async () => {
    const result = await runAction('post-deploy-monitor', {
      inputs: { urls: 'http://127.0.0.1:9/health', duration: '600h', interval: '1m' },
      apiUrl: sandbox.emulator.url,
      repository: 'octo-org/none',
    });

    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain("Input 'duration' is 600h, longer than a job can run");
    expect(result.outputs['result']).toBeUndefined();
  });
});

describe('rate limits', () => {
  test('a wait longer than a step should sit idle is not waited out: the job says to re-run later', async () => {
    const t = await freshRepo(sandbox);
    sandbox.emulator.injectFault({
      route: 'git/list-matching-refs',
      kind: 'rate-limit',
      retryAfter: 602,
      times: 1,
    });

    const started = Date.now();
    const result = await t.start({ ...FORM });

    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('GitHub asks to wait');
    expect(result.stdout).toContain('more than the 60s a step waits');
    expect(result.stdout).toContain("GitHub's rate limit");
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(writes()).toEqual([]);
  });
});
