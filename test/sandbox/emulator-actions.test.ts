// Workflow dispatches and runs in the emulator, as GitHub answers them: the workflow file must
// exist at the ref with a workflow_dispatch trigger declaring the inputs; each dispatch is a run
// titled by the workflow's run-name.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { getOctokit } from '@actions/github';
import { scratchRepository, type ScratchRepository } from '../../sandbox/emulator/bare-repo.js';
import { useEmulator } from '../../sandbox/emulator/jest.js';

const sandbox = useEmulator();
let repo: ScratchRepository;
let octokit: ReturnType<typeof getOctokit>;
const at = { owner: 'octo-org', repo: 'actions' };

const DEPLOY = `name: Hotfix deploy
run-name: Deploy \${{ inputs.tag || github.ref_name }}
on:
  push:
    tags: ['*/prod-v*']
  workflow_dispatch:
    inputs:
      tag: { required: false, type: string, default: '' }
jobs: {}
`;

beforeAll(() => {
  repo = scratchRepository({
    '.github/workflows/deploy.yml': DEPLOY,
    '.github/workflows/ci.yml': 'on: push\njobs: {}\n',
  });
  sandbox.emulator.addRepository(`${at.owner}/${at.repo}`, repo.bare);
  octokit = getOctokit('test-token', { baseUrl: sandbox.emulator.url });
});

afterAll(() => repo.remove());

const status = async (request: Promise<unknown>) =>
  request.then(
    () => 200,
    (error: { status?: number; message?: string }) =>
      `${error.status}: ${error.message?.replace(/ - https:\/\/docs\.github\.com\/rest$/, '')}`,
  );

describe('workflow dispatches', () => {
  test('a run per dispatch, titled by run-name, listed newest first with its branch', async () => {
    const { data } = await octokit.rest.actions.createWorkflowDispatch({
      ...at,
      workflow_id: 'deploy.yml',
      ref: 'main',
      inputs: { tag: 'web/prod-v1.2.3' },
      return_run_details: true,
    });
    expect(data).toMatchObject({ workflow_run_id: expect.any(Number) });
    await octokit.rest.actions.createWorkflowDispatch({
      ...at,
      workflow_id: 'deploy.yml',
      ref: 'main',
    });

    const { data: runs } = await octokit.rest.actions.listWorkflowRuns({
      ...at,
      workflow_id: 'deploy.yml',
      event: 'workflow_dispatch',
    });
    expect(runs.total_count).toBe(2);
    expect(runs.workflow_runs.map((run) => run.display_title)).toEqual([
      'Deploy main',
      'Deploy web/prod-v1.2.3',
    ]);
    expect(runs.workflow_runs[1]).toMatchObject({
      id: (data as { workflow_run_id: number }).workflow_run_id,
      head_branch: 'main',
      event: 'workflow_dispatch',
      status: 'queued',
    });
    expect(sandbox.emulator.problems).toEqual([]);
  });

  test('refused as GitHub refuses: no such workflow, no trigger, undeclared inputs', async () => {
    const dispatch = (workflow_id: string, inputs?: Record<string, string>) =>
      status(
        octokit.rest.actions.createWorkflowDispatch({
          ...at,
          workflow_id,
          ref: 'main',
          ...(inputs ? { inputs } : {}),
        }),
      );
    expect(await dispatch('missing.yml')).toMatch(/^404/);
    expect(await dispatch('ci.yml')).toBe(
      "422: Workflow does not have 'workflow_dispatch' trigger",
    );
    expect(await dispatch('deploy.yml', { tga: 'x' })).toBe(
      '422: Unexpected inputs provided: ["tga"]',
    );
    expect(
      await status(
        octokit.rest.actions.createWorkflowDispatch({
          ...at,
          workflow_id: 'deploy.yml',
          ref: 'nope',
        }),
      ),
    ).toBe('422: No ref found for: nope');
    sandbox.emulator.reset();
  });
});
