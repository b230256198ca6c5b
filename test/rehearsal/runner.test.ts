// The rehearsal runner's own rules, on small workflows of run: steps (no action bundle, no
// emulator): status functions, outputs between steps and jobs, GITHUB_ENV, the checkout stand-in,
// and the loud failures for anything it cannot rehearse faithfully.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { scratchRepository, type ScratchRepository } from '../../sandbox/emulator/bare-repo.js';
import { ensureFreshBuild } from '../../sandbox/harness/build.js';
import { pushEvent, workflowDispatchEvent } from '../../sandbox/harness/events.js';
import { RehearsalError, rehearse, type RehearseOptions } from '../../sandbox/rehearsal/runner.js';
import { templateFromText } from '../../sandbox/templates/templates.js';

let scratch: ScratchRepository;

beforeAll(async () => {
  await ensureFreshBuild();
  scratch = scratchRepository({ 'scripts/hello.sh': 'echo "hello $1"\n' });
}, 300_000);
afterAll(() => scratch.remove());

function run(text: string, options: Partial<RehearseOptions> = {}) {
  return rehearse({
    repository: {
      fullName: 'octo-org/scratch',
      bare: scratch.bare,
      apiUrl: 'http://127.0.0.1:1',
    },
    workflow: templateFromText('test', text),
    event: workflowDispatchEvent({ repository: 'octo-org/scratch', inputs: {} }),
    ...options,
  });
}

describe('as GitHub runs a workflow', () => {
  test('status functions, step and job outputs, GITHUB_ENV, needs', async () => {
    const result = await run(`
name: Statuses
on:
  workflow_dispatch:
    inputs:
      flag: { type: boolean, default: false }
      word: { type: string, default: hi }
env:
  TOP: top
jobs:
  first:
    runs-on: ubuntu-latest
    outputs:
      said: \${{ steps.say.outputs.said }}
    steps:
      - id: say
        env:
          WORD: \${{ inputs.word }}-\${{ inputs.flag }}
        run: |
          echo "said=$WORD $TOP" >> "$GITHUB_OUTPUT"
          echo "LATER=exported" >> "$GITHUB_ENV"
      - id: env-seen
        run: echo "later=$LATER" >> "$GITHUB_OUTPUT"
      - id: boom
        run: exit 3
      - id: skipped
        run: echo never
      - id: on-failure
        if: failure()
        run: echo "outcome=$OUTCOME" >> "$GITHUB_OUTPUT"
        env:
          OUTCOME: \${{ steps.boom.outcome }}
      - id: always
        if: \${{ always() && env.LATER == 'exported' }}
        run: 'true'
  second:
    needs: first
    runs-on: ubuntu-latest
    steps:
      - run: echo never
  third:
    needs: first
    if: always()
    runs-on: ubuntu-latest
    steps:
      - id: read
        env:
          SAID: \${{ needs.first.outputs.said }}
          RESULT: \${{ needs.first.result }}
        run: echo "got=$SAID/$RESULT" >> "$GITHUB_OUTPUT"
`);
    expect(result.conclusion).toBe('failure');
    const first = result.job('first');
    expect(first.result).toBe('failure');
    expect(first.steps.map((s) => `${s.id}:${s.outcome}`)).toEqual([
      'say:success',
      'env-seen:success',
      'boom:failure',
      'skipped:skipped',
      'on-failure:success',
      'always:success',
    ]);
    expect(result.step('first', 'say').outputs).toEqual({ said: 'hi-false top' });
    expect(result.step('first', 'env-seen').outputs).toEqual({ later: 'exported' });
    expect(result.step('first', 'on-failure').outputs).toEqual({ outcome: 'failure' });
    expect(first.outputs).toEqual({ said: 'hi-false top' });
    expect(result.job('second').result).toBe('skipped');
    expect(result.step('third', 'read').outputs).toEqual({ got: 'hi-false top/failure' });
    result.cleanup();
  });

  test('actions/checkout clones the repository at the ref; run: steps work in it', async () => {
    const sha = scratch.commit({ VERSION: '1.2.3\n' }, 'version');
    const result = await run(
      `
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    defaults: { run: { shell: bash } }
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
        with: { persist-credentials: false }
      - id: read
        run: |
          echo "version=$(cat VERSION)" >> "$GITHUB_OUTPUT"
          echo "sha=$GITHUB_SHA" >> "$GITHUB_OUTPUT"
          bash scripts/hello.sh "$GITHUB_REF_NAME"
`,
      { event: pushEvent({ ref: 'refs/heads/main', after: sha }) },
    );
    expect(result.conclusion).toBe('success');
    expect(result.step('build', 'read').outputs).toEqual({ version: '1.2.3', sha });
    expect(result.step('build', 'read').stdout).toBe('hello main\n');
    result.cleanup();
  });
});

describe('fails loudly rather than skipping', () => {
  const cases: [string, string, RegExp][] = [
    [
      'an unknown action',
      `on: workflow_dispatch
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: someone/else@v1`,
      /someone\/else@v1' is not an action the rehearsal can stand in for/,
    ],
    [
      'a matrix',
      `on: workflow_dispatch
jobs:
  a:
    runs-on: ubuntu-latest
    strategy: { matrix: { n: [1, 2] } }
    steps:
      - run: echo`,
      /jobs\.a\.strategy is not rehearsed/,
    ],
    [
      'an expression function it does not have',
      `on: workflow_dispatch
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo "$H"
        env:
          H: \${{ hashFiles('**/package-lock.json') }}`,
      /cannot rehearse \$\{\{ hashFiles/,
    ],
    [
      'the matrix context',
      `on: workflow_dispatch
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - if: matrix.os == 'linux'
        run: echo`,
      /cannot rehearse/,
    ],
    [
      'an event the workflow does not listen to',
      `on: { pull_request: { types: [closed] } }
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo`,
      /does not run on 'workflow_dispatch'/,
    ],
    [
      'another shell',
      `on: workflow_dispatch
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - shell: pwsh
        run: Write-Host hi`,
      /shell 'pwsh' is not rehearsed/,
    ],
    [
      'a reusable workflow',
      `on: workflow_dispatch
jobs:
  a:
    uses: ./.github/workflows/other.yml`,
      /reusable-workflow job is not rehearsed/,
    ],
    [
      'an input the dispatch form does not have',
      `on: workflow_dispatch
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo`,
      /does not declare/,
    ],
  ];
  test.each(cases)('%s', async (_label, text, message) => {
    const event =
      _label === 'an input the dispatch form does not have'
        ? workflowDispatchEvent({ repository: 'octo-org/scratch', inputs: { extra: 'x' } })
        : undefined;
    const promise = run(text, event ? { event } : {});
    await expect(promise).rejects.toThrow(RehearsalError);
    await expect(run(text, event ? { event } : {})).rejects.toThrow(message);
  });
});
