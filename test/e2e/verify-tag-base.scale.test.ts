// verify-tag-base's API calls do not grow with the repository: the same check on the default
// fixture (300 commits) and on one with 5,000 commits and 300 extra tags costs the same calls.
import { beforeAll, expect, test } from '@jest/globals';
import { type Emulator } from '../../sandbox/emulator/index.js';
import { useSandbox } from '../helpers/sandbox.js';
import { pullRequestEvent } from '../../sandbox/harness/events.js';
import { runAction } from '../../sandbox/harness/run-action.js';
import { createMonorepo, tmpDir, type Monorepo } from '../../sandbox/fixtures/monorepo.js';
import { mobileHotfix, MOBILE, pushBranch } from '../helpers/mobile-hotfix.js';

const SMALL = 'octo-org/small';
const LARGE = 'octo-org/large';
const TAG = `${MOBILE}/prod-v0.1.0`;
const BRANCH = `hotfix/${MOBILE}-v0.1.1`;
/** The line's maintenance branch, cut at the tag: what start targets when main has moved on. */
const LINE = `release/${MOBILE}-v0.1.x`;

let emulator: Emulator;
const repos: Record<string, Monorepo> = {};

const sandbox = useSandbox();

beforeAll(async () => {
  repos[SMALL] = await createMonorepo(tmpDir('scale-small'));
  repos[LARGE] = await createMonorepo(tmpDir('scale-large'), { commits: 5000, extraTags: 300 });
  emulator = sandbox.emulator;
  for (const [name, repo] of Object.entries(repos)) {
    emulator.addRepository(name, repo.bare, { defaultBranch: 'main' });
  }
}, 300_000);

/** Runs the check on a pull request from `from`; returns the result and the calls it made. */
async function check(repository: string, from: string) {
  const repo = repos[repository]!;
  const head = pushBranch(repo, BRANCH, from, mobileHotfix());
  repo.git(['branch', '--force', LINE, `${TAG}^{commit}`]);
  emulator.reset();
  const result = await runAction('verify-tag-base', {
    apiUrl: emulator.url,
    repository,
    env: { HOTFIX_RETRY_BASE_MS: '10' },
    event: pullRequestEvent({
      action: 'opened',
      number: 1,
      head: { ref: BRANCH, sha: head },
      base: { ref: LINE, sha: repo.git(['rev-parse', LINE]) },
      repository,
    }),
  });
  return { result, calls: emulator.requests.map((r) => r.operation) };
}

test('a correct branch: the same calls, at most 8, on 300 and on 5,000 commits with 300 more tags', async () => {
  const large = repos[LARGE]!;
  expect(Number(large.git(['rev-list', '--count', 'main']))).toBe(5000);
  expect(large.allTags.length).toBeGreaterThanOrEqual(330);

  const small = await check(SMALL, TAG);
  const big = await check(LARGE, TAG);

  console.log(
    `verify-tag-base API calls, passing branch: ${small.calls.length} on 300 commits / ` +
      `${repos[SMALL]!.allTags.length} tags; ${big.calls.length} on 5,000 commits / ` +
      `${large.allTags.length} tags (${big.calls.join(', ')})`,
  );
  expect(small.result.exitCode).toBe(0);
  expect(big.result.exitCode).toBe(0);
  expect(big.calls).toEqual(small.calls);
  expect(big.calls.length).toBeLessThanOrEqual(8);
});

test('a branch cut from main: hundreds of foreign commits, counted exactly, same calls', async () => {
  const large = repos[LARGE]!;
  const foreign = Number(large.git(['rev-list', '--count', `${TAG}..main`]));
  // More than the 250 commits GitHub lists in a comparison.
  expect(foreign).toBeGreaterThan(250);

  const small = await check(SMALL, 'main');
  const big = await check(LARGE, 'main');

  console.log(
    `verify-tag-base API calls, branch cut from main: ${small.calls.length} on 300 commits; ` +
      `${big.calls.length} on 5,000 commits (${foreign} foreign commits)`,
  );
  expect(big.result.exitCode).toBe(1);
  expect(big.result.summary).toContain(`${foreign} commits from main since ${TAG}`);
  expect(big.result.outputs['commits']).toBe('3');
  expect(big.calls).toEqual(small.calls);
  expect(big.calls.length).toBeLessThanOrEqual(8);
});
