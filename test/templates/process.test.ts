// Each template wires the right step of the process to the right event, and its run: scripts do
// what they say when bash runs them (the template rehearsal of the sandbox runs them the same way).
import { afterAll, describe, expect, test } from '@jest/globals';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../src/domain/config.js';
import { branchName, tagName } from '../../src/domain/naming.js';
import { DEPLOY_SCRIPT, hotfixConfig } from '../../sandbox/fixtures/content.js';
import {
  filterPattern,
  loadTemplate,
  runStepScript,
  stepsOf,
  templateNames,
  triggerConfig,
  triggers,
  type Template,
  type WorkflowStep,
} from '../../sandbox/templates/templates.js';

const config = parseConfig('.github/hotfix.yml', hotfixConfig());
const products = Object.keys(config.products);
const ROOT = 'hotfix-actions/hotfix-actions@v1';
const action = (name: string) => `hotfix-actions/hotfix-actions/actions/${name}@v1`;

function step(template: Template, find: (step: WorkflowStep) => boolean): WorkflowStep {
  const found = stepsOf(template.workflow).find(({ step: s }) => find(s));
  if (!found) throw new Error(`${template.name}: no such step`);
  return found.step;
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('hotfix-start.yml', () => {
  const start = loadTemplate('hotfix-start');
  test('is the workflow_dispatch form running `start`, one run per product', () => {
    expect(triggers(start.workflow)).toEqual(['workflow_dispatch']);
    expect(step(start, (s) => s.uses === ROOT).with?.['command']).toBe('start');
    expect(start.workflow.concurrency).toMatchObject({
      group: expect.stringContaining('inputs.product'),
    });
  });
});

describe('hotfix-validate.yml', () => {
  const validate = loadTemplate('hotfix-validate');
  const [job] = Object.values(validate.workflow.jobs);
  test('runs verify-tag-base on pull_request, for hotfix branches only', () => {
    expect(triggers(validate.workflow)).toEqual(['pull_request']);
    expect(job?.if).toBe("startsWith(github.head_ref, 'hotfix/')");
    expect(step(validate, (s) => s.uses === action('verify-tag-base')).with).toMatchObject({
      branch: '${{ github.head_ref }}',
      head: '${{ github.event.pull_request.head.sha }}',
    });
  });
  test("the head-branch filter matches the configured branch-format's branches", () => {
    for (const product of products) {
      expect(branchName(config, product, '0.1.1')).toMatch(filterPattern('hotfix/**'));
    }
  });
});

describe('hotfix-release.yml', () => {
  const release = loadTemplate('hotfix-release');
  const [job] = Object.values(release.workflow.jobs);

  test('runs on a merged hotfix pull request of this repository', () => {
    expect(triggers(release.workflow)).toEqual(['pull_request']);
    expect(triggerConfig(release.workflow, 'pull_request')['types']).toEqual(['closed']);
    expect(job?.if).toMatch(/github\.event\.pull_request\.merged == true/);
    expect(job?.if).toMatch(/startsWith\(github\.head_ref, 'hotfix\/'\)/);
    expect(job?.if).toMatch(/head\.repo\.full_name == github\.repository/);
  });

  test('create-prod-tag with release and the deploy dispatch, the forward-port, then resolve and sync', () => {
    const tag = step(release, (s) => s.uses === action('create-prod-tag'));
    expect(tag.with).toMatchObject({ release: true, 'require-approval': true });
    expect(tag.with?.['dispatch']).toMatch(/'hotfix-deploy\.yml'/);
    expect(templateNames()).toContain('hotfix-deploy');
    // No shell parsing of the branch name: create-prod-tag reads product and version from the
    // pull request by the configured branch-format, resolve reads them back from the tag.
    expect(tag.with?.['product']).toBeUndefined();
    expect(tag.with?.['version']).toBeUndefined();
    expect(stepsOf(release.workflow).filter(({ step: s }) => s.run !== undefined)).toEqual([]);
    const order = stepsOf(release.workflow)
      .filter(({ jobId }) => jobId === 'release')
      .map(({ step: s }) => s.with?.['command'] ?? s.id);
    expect(order).toEqual(['app-token', 'tag', 'forward-port', 'resolve', 'sync']);
    expect(step(release, (s) => s.with?.['command'] === 'forward-port').with?.['tag']).toBe(
      '${{ steps.tag.outputs.tag }}',
    );
    expect(step(release, (s) => s.with?.['command'] === 'resolve').with?.['tag']).toBe(
      '${{ steps.tag.outputs.tag }}',
    );
    const sync = step(release, (s) => s.with?.['command'] === 'sync');
    expect(sync.if).toBe('${{ !cancelled() }}');
    expect(sync.with).toMatchObject({
      product: '${{ steps.resolve.outputs.product }}',
      version: '${{ steps.resolve.outputs.version }}',
    });
  });
});

describe('hotfix-release.yml: the fix on main', () => {
  const release = loadTemplate('hotfix-release');
  const job = release.workflow.jobs['forward-ported'];

  test('a merged forward-port pull request of this repository syncs every open tracker', () => {
    expect(job?.if).toMatch(/github\.event\.pull_request\.merged == true/);
    expect(job?.if).toMatch(/startsWith\(github\.head_ref, 'forward-port\/'\)/);
    expect(job?.if).toMatch(/head\.repo\.full_name == github\.repository/);
    const sync = (job?.steps ?? []).find((s) => s.with?.['command'] === 'sync');
    expect(sync?.with?.['product']).toBeUndefined();
  });
});

describe('hotfix-deploy.yml', () => {
  const deploy = loadTemplate('hotfix-deploy');
  const [jobId, job] = Object.entries(deploy.workflow.jobs)[0]!;
  const deployStep = step(deploy, (s) => s.name === 'Deploy');

  test('starts on a production tag push, by dispatch with a tag, and by workflow_call', () => {
    expect(triggers(deploy.workflow).sort()).toEqual([
      'push',
      'workflow_call',
      'workflow_dispatch',
    ]);
    const tags = triggerConfig(deploy.workflow, 'push')['tags'] as string[];
    expect(triggerConfig(deploy.workflow, 'push')['branches']).toBeUndefined();
    for (const product of products) {
      const tag = tagName(config, product, '0.1.1');
      expect(tags.some((pattern) => filterPattern(pattern).test(tag))).toBe(true);
    }
    expect(tags.some((pattern) => filterPattern(pattern).test('main'))).toBe(false);
    expect(
      tags.some((pattern) => filterPattern(pattern).test('krow-withus-web/staging-v0.2.0')),
    ).toBe(false);
    const dispatchInputs = triggerConfig(deploy.workflow, 'workflow_dispatch')['inputs'];
    // Not required: create-prod-tag dispatches at the tag itself (`github.ref_name`).
    expect(dispatchInputs).toMatchObject({ tag: { type: 'string', required: false } });
    expect(triggerConfig(deploy.workflow, 'workflow_call')['inputs']).toMatchObject({
      tag: { type: 'string', required: true },
    });
  });

  test(`jobs.${jobId}: production environment, the tag checked out, resolve, deploy, monitor, sync`, () => {
    expect(job.environment).toBe('production');
    expect(job.env?.['HOTFIX_TAG']).toBe('${{ inputs.tag || github.ref_name }}');
    expect(deploy.workflow.concurrency).toMatchObject({
      group: 'hotfix-deploy-${{ inputs.tag || github.ref_name }}',
    });
    const order = (job.steps ?? []).map((s) => s.with?.['command'] ?? s.uses ?? s.name);
    expect(order).toEqual([
      expect.stringMatching(/^actions\/checkout@/),
      'resolve',
      'Deploy',
      action('post-deploy-monitor'),
      'sync',
    ]);
    expect(job.steps?.[0]?.with?.['ref']).toBe('refs/tags/${{ env.HOTFIX_TAG }}');
    expect(job.steps?.[1]?.with?.['tag']).toBe('${{ env.HOTFIX_TAG }}');
    expect(job.steps?.[3]?.with).toMatchObject({
      product: '${{ steps.resolve.outputs.product }}',
      tag: '${{ env.HOTFIX_TAG }}',
      environment: 'production',
    });
    expect(job.steps?.[4]?.if).toMatch(/!cancelled\(\)/);
    expect(deployStep.env?.['DEPLOY']).toBe('${{ steps.resolve.outputs.deploy }}');
    expect(deploy.text).toMatch(/keep timeout-minutes above the longest `monitor\.duration`/);
  });

  function fixtureCheckout(): string {
    const dir = mkdtempSync(join(tmpdir(), 'hotfix-deploy-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'scripts'));
    writeFileSync(join(dir, 'scripts/deploy-mobile-production.sh'), DEPLOY_SCRIPT);
    chmodSync(join(dir, 'scripts/deploy-mobile-production.sh'), 0o755);
    return dir;
  }

  test("runs the product's deploy command with the tag as $1", () => {
    const cwd = fixtureCheckout();
    const product = 'krow-withus-worker-mobile';
    const tag = tagName(config, product, '0.1.1');
    const result = runStepScript(
      deployStep.run!,
      { DEPLOY: config.products[product]!.deploy!, PRODUCT: product, HOTFIX_TAG: tag },
      { cwd },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`Deploying ${tag} to the App Store and Google Play`);
  });

  test('a tag is data, never code; the deploy script refuses a non-mobile tag', () => {
    const cwd = fixtureCheckout();
    const tag = 'x"; touch pwned; echo "$(touch pwned2)';
    const result = runStepScript(
      deployStep.run!,
      {
        DEPLOY: './scripts/deploy-mobile-production.sh',
        PRODUCT: 'krow-withus-worker-mobile',
        HOTFIX_TAG: tag,
      },
      { cwd },
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`Not a mobile production tag: ${tag}`);
    expect(existsSync(join(cwd, 'pwned'))).toBe(false);
    expect(existsSync(join(cwd, 'pwned2'))).toBe(false);
  });

  test('a product without a deploy command fails, naming what to add', () => {
    const result = runStepScript(deployStep.run!, {
      DEPLOY: '',
      PRODUCT: 'krow-withus-web',
      HOTFIX_TAG: 'krow-withus-web/prod-v0.1.2',
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(
      '::error::No deploy command for krow-withus-web: add products.krow-withus-web.deploy to .github/hotfix.yml.',
    );
  });
});

describe('hotfix-followup.yml', () => {
  const followup = loadTemplate('hotfix-followup');
  test('runs `follow-up` hourly and on demand', () => {
    expect(triggers(followup.workflow).sort()).toEqual(['schedule', 'workflow_dispatch']);
    const schedule = (followup.workflow.on as { schedule: { cron: string }[] }).schedule;
    expect(schedule).toHaveLength(1);
    expect(schedule[0]?.cron).toMatch(/^([0-5]?\d) \* \* \* \*$/);
    expect(step(followup, (s) => s.uses === ROOT).with?.['command']).toBe('follow-up');
  });
});

describe('GitHub App token, when configured', () => {
  test.each(['hotfix-start', 'hotfix-release', 'hotfix-followup'])(
    '%s.yml creates it only with HOTFIX_APP_ID and falls back to github.token',
    (name) => {
      const template = loadTemplate(name);
      const token = step(template, (s) => s.id === 'app-token');
      expect(token.uses).toMatch(/^actions\/create-github-app-token@[0-9a-f]{40}$/);
      expect(token.if).toBe("vars.HOTFIX_APP_ID != ''");
      expect(token.with).toMatchObject({
        'app-id': '${{ vars.HOTFIX_APP_ID }}',
        'private-key': '${{ secrets.HOTFIX_APP_PRIVATE_KEY }}',
      });
      // Narrowed to named permissions (docs.test.ts checks them against the job's scopes).
      expect(Object.keys(token.with ?? {}).some((key) => key.startsWith('permission-'))).toBe(true);
      const ours = stepsOf(template.workflow).filter(({ step: s }) =>
        s.uses?.startsWith('hotfix-actions/'),
      );
      expect(ours.length).toBeGreaterThan(0);
      for (const { step: s } of ours) {
        expect(s.with?.['token']).toBe('${{ steps.app-token.outputs.token || github.token }}');
      }
    },
  );

  test('the release dispatches the deploy only when the tag was created with GITHUB_TOKEN', () => {
    const release = loadTemplate('hotfix-release');
    expect(step(release, (s) => s.id === 'tag').with?.['dispatch']).toBe(
      "${{ steps.app-token.outputs.token == '' && 'hotfix-deploy.yml' || '' }}",
    );
  });
});
