// The fault suite for the file actions through the API (see test/helpers/fault-suite.ts): bump-patch and
// changelog-entry with `ref`, on a hotfix branch cut at the production tag.
import { beforeAll, expect, test } from '@jest/globals';
import { runAction } from '../../sandbox/harness/run-action.js';
import { pristineCopies, runFaultSuite } from '../helpers/fault-suite.js';
import { MOBILE } from '../helpers/mobile-hotfix.js';
import { useSandbox } from '../helpers/sandbox.js';

const sandbox = useSandbox();
const BRANCH = `hotfix/${MOBILE}-v0.1.1`;
const copies = pristineCopies(sandbox, 'faults-files', (repo) => {
  repo.git(['branch', BRANCH, `${MOBILE}/prod-v0.1.0^{commit}`]);
});
const env = { HOTFIX_RETRY_BASE_MS: '1' };
const CLOCK = '2026-03-05T10:00:00Z';

beforeAll(() => copies.build(), 120_000);

test.each([
  ['bump-patch', { product: MOBILE, ref: BRANCH }],
  [
    'changelog-entry',
    {
      product: MOBILE,
      ref: BRANCH,
      version: '0.1.1',
      date: '2026-03-05',
      description: 'Shift list crashes on open',
    },
  ],
])(
  '%s through the API: every write faulted, then a re-run: one commit',
  async (name, inputs) => {
    const { diverged } = await runFaultSuite(sandbox.emulator, {
      name,
      clock: CLOCK,
      prepare: () => copies.next(),
      run: (repository) =>
        runAction(name, { inputs, apiUrl: sandbox.emulator.url, repository, env }),
    });
    expect(diverged).toEqual([]);
  },
  600_000,
);
