// The step actions keep the tracking issue true at their end: the PR check and the production tag
// find the tracker through the pull request's body ("Tracking issue: #N", written by start) and
// sync it, with no extra call when there is none.
import { describe, expect, test } from '@jest/globals';
import { pullRequestEvent } from '../../sandbox/harness/events.js';
import { runAction, type RunOptions } from '../../sandbox/harness/run-action.js';
import { runGit, workspaceCopy } from '../../sandbox/fixtures/monorepo.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FORM, freshRepo, useHotfixSandbox, type TestRepo } from '../helpers/hotfix.js';

const sandbox = useHotfixSandbox();

function step(t: TestRepo, name: string, options: RunOptions) {
  return runAction(name, {
    apiUrl: sandbox.emulator.url,
    repository: t.name,
    env: { HOTFIX_RETRY_BASE_MS: '10' },
    ...options,
  });
}

function box(body: string, label: string): boolean {
  const line = body.split('\n').find((l) => l.startsWith('- [') && l.includes(label));
  if (!line) throw new Error(`no box '${label}' in:\n${body}`);
  return line.startsWith('- [x]');
}

describe('step actions sync the tracker', () => {
  test('verify-tag-base and create-prod-tag tick their boxes on the tracker the PR links to', async () => {
    const t = await freshRepo(sandbox);
    const started = await t.start();
    expect(started.exitCode).toBe(0);
    const tracker = Number(started.outputs['tracking-issue']);
    const number = Number(started.outputs['pr-number']);
    const branch = started.outputs['branch']!;
    const issue = () => sandbox.emulator.repo(t.name).issues.find((i) => i.number === tracker)!;
    expect(box(issue().body ?? '', 'Production tag created')).toBe(false);

    // The fix, pushed with plain git.
    const work = workspaceCopy(t.repo, branch);
    runGit(['checkout', '-q', branch], work);
    writeFileSync(join(work, 'apps/mobile/apps/staff/lib/fix.dart'), '// the fix\n');
    runGit(['add', '.'], work);
    runGit(['commit', '-qm', 'fix: shift list crash'], work);
    runGit(['push', '-q', 'origin', branch], work);

    const pull = async () =>
      (await t.octokit.rest.pulls.get({ owner: t.owner, repo: t.short, pull_number: number })).data;
    const event = async (action: 'synchronize' | 'closed') => {
      const data = await pull();
      expect(data.body).toContain(`Tracking issue: #${tracker}`);
      return pullRequestEvent({
        action,
        number,
        head: { ref: branch, sha: data.head.sha },
        base: { ref: data.base.ref, sha: data.base.sha },
        title: data.title,
        body: data.body ?? '',
        ...(action === 'closed'
          ? { merged: true, merge_commit_sha: data.merge_commit_sha ?? '' }
          : {}),
        repository: t.name,
      });
    };

    const bodyBefore = issue().body;
    const check = await step(t, 'verify-tag-base', { event: await event('synchronize') });
    expect(check.exitCode).toBe(0);
    expect(check.stdout).toContain(`Tracking issue #${tracker}`);
    expect(issue().body).not.toBe(bodyBefore); // the fix commit is now on the tracker

    await t.octokit.rest.pulls.createReview({
      owner: t.owner,
      repo: t.short,
      pull_number: number,
      event: 'APPROVE',
    });
    await t.octokit.rest.pulls.merge({ owner: t.owner, repo: t.short, pull_number: number });
    const tagged = await step(t, 'create-prod-tag', {
      event: await event('closed'),
      inputs: { release: 'true' },
    });
    expect(tagged.exitCode).toBe(0);
    expect(tagged.outputs['created']).toBe('true');
    expect(box(issue().body ?? '', 'Production tag created')).toBe(true);
    expect(box(issue().body ?? '', 'GitHub Release created')).toBe(true);
  });

  test('no tracker linked: the step makes no tracker call at all', async () => {
    const t = await freshRepo(sandbox);
    const started = await t.start({ ...FORM });
    const branch = started.outputs['branch']!;
    const head = t.repo.git(['rev-parse', branch]);
    sandbox.emulator.reset();
    const check = await step(t, 'verify-tag-base', {
      event: pullRequestEvent({
        action: 'opened',
        number: Number(started.outputs['pr-number']),
        head: { ref: branch, sha: head },
        base: { ref: 'main', sha: t.repo.git(['rev-parse', 'main']) },
        body: 'A hand-written body without the tracker link.',
        repository: t.name,
      }),
    });
    expect(check.stdout).not.toContain('Tracking issue #');
    expect(sandbox.emulator.countRequests({ operation: 'issues/get' })).toBe(0);
    expect(sandbox.emulator.countRequests({ method: 'PATCH' })).toBe(0);
  });
});
