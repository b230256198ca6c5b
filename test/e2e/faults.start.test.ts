// The fault suite for `start` (see test/helpers/fault-suite.ts): a fault at each of its writes, of each
// kind, then a clean re-run, ends in the state of a clean run.
import { beforeAll, expect, test } from '@jest/globals';
import { runAction } from '../../sandbox/harness/run-action.js';
import { FORM } from '../helpers/hotfix.js';
import { pristineCopies, runFaultSuite } from '../helpers/fault-suite.js';
import { useSandbox } from '../helpers/sandbox.js';

const sandbox = useSandbox();
const copies = pristineCopies(sandbox, 'faults-start');
beforeAll(() => copies.build(), 120_000);

test('start: every write faulted, each kind, then a re-run: the clean run’s state', async () => {
  const { diverged } = await runFaultSuite(sandbox.emulator, {
    name: 'start',
    prepare: () => copies.next(),
    run: (repository) =>
      runAction('hotfix', {
        inputs: { command: 'start', ...FORM },
        apiUrl: sandbox.emulator.url,
        repository,
        env: { HOTFIX_RETRY_BASE_MS: '1', HOTFIX_NOW: '2026-03-05T10:00:00Z' },
      }),
  });
  expect(diverged).toEqual([]);
}, 600_000);
