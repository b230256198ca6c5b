// The whole hotfix lifecycle through the workflow templates alone (issue 7): each template parsed
// by GitHub's parser, its expressions evaluated by GitHub's evaluator, our actions run as built
// bundles, on the fixture monorepo served by the GitHub emulator, with a local health endpoint as
// production. Then the records: exactly one of everything, a tracker with every box ticked.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { ensureFreshBuild } from '../../sandbox/harness/build.js';
import { pullRequestEvent, repositoryPayload } from '../../sandbox/harness/events.js';
import {
  FIX_FILE,
  FORM,
  PRODUCT,
  checklistOf,
  octokitFor,
  personClone,
  runLifecycle,
  timelineOf,
  type LifecycleResult,
} from '../../sandbox/rehearsal/lifecycle.js';
import { rehearse } from '../../sandbox/rehearsal/runner.js';
import { createRehearsalSandbox, type RehearsalSandbox } from '../../sandbox/rehearsal/sandbox.js';
import { runGit } from '../../sandbox/fixtures/monorepo.js';
import { isDeployedMessage } from '../../src/domain/messages.js';
import { decodeMarker } from '../../src/domain/tracker/state.js';

const PUBSPEC = 'apps/mobile/apps/staff/pubspec.yaml';
const XCCONFIG = 'apps/mobile/apps/staff/ios/version.xcconfig';
const CHANGELOG = 'apps/mobile/apps/staff/CHANGELOG.md';

let sandbox: RehearsalSandbox;

beforeAll(async () => {
  await ensureFreshBuild();
  sandbox = await createRehearsalSandbox();
}, 300_000);

afterAll(async () => {
  await sandbox?.close();
});

describe('the hotfix lifecycle, through the templates alone', () => {
  let result: LifecycleResult;

  test('start → fix → check → approval and merge → release → deploy → monitor → follow-up', async () => {
    const repository = await sandbox.addRepository('octo-org/krow-withus');
    result = await runLifecycle({ emulator: sandbox.emulator, repository });
    expect(result.branch).toBe(`hotfix/${PRODUCT}-v0.1.1`);
    expect(result.version).toBe('0.1.1');
    expect(result.tag).toBe(`${PRODUCT}/prod-v0.1.1`);
    expect(sandbox.emulator.problems).toEqual([]);
  }, 240_000);

  test('each workflow ran the steps the process needs, outputs flowing between them', () => {
    const { runs } = result;
    const outcomes = (name: string) =>
      Object.fromEntries(
        Object.values(runs[name]!.jobs).map((job) => [
          job.id,
          job.steps.map((step) => `${step.name}: ${step.outcome}`),
        ]),
      );
    expect(runs['start']!.title).toBe(`Start hotfix of ${PRODUCT} (CRITICAL)`);
    expect(outcomes('start')).toEqual({
      start: ['GitHub App token: skipped', 'Start hotfix: success'],
    });
    // Without an App token, our actions got the job's token.
    expect(runs['start']!.step('start', 'start').inputs['token']).toMatch(/^ghs_rehearsalJob/);
    expect(outcomes('validate')).toEqual({
      verify: ['Verify the branch against its production tag: success'],
    });
    expect(runs['validate']!.step('verify', 'verify').outputs['result']).toBe('pass');
    expect(outcomes('release')).toEqual({
      release: [
        'GitHub App token: skipped',
        'Production tag, GitHub Release and deploy: success',
        'Forward-port the fix to main: success',
        'Resolve the tag: success',
        'Update the tracking issue: success',
      ],
      'forward-ported': [],
    });
    expect(outcomes('forward-ported')).toEqual({
      release: [],
      'forward-ported': ['GitHub App token: skipped', 'Update the tracking issues: success'],
    });
    expect(runs['release']!.step('release', 'forward-port').outputs['result']).toBe('opened');
    // The dispatch input is the template's expression with no App token.
    expect(runs['release']!.step('release', 'tag').inputs['dispatch']).toBe('hotfix-deploy.yml');
    expect(runs['release']!.step('release', 'resolve').inputs['tag']).toBe(result.tag);
    const deploy = runs['deploy']!;
    expect(deploy.title).toBe(`Deploy ${result.tag}`);
    expect(deploy.job('deploy').environment).toBe('production');
    expect(outcomes('deploy')).toEqual({
      deploy: [
        'Check out the production tag: success',
        'Resolve the tag: success',
        'Deploy: success',
        'Smoke checks and monitoring: success',
        'Update the tracking issue: success',
      ],
    });
    const deployStep = deploy.job('deploy').steps.find((step) => step.name === 'Deploy')!;
    expect(deployStep.env).toEqual({
      DEPLOY: './scripts/deploy-mobile-production.sh',
      PRODUCT,
    });
    expect(deployStep.stdout).toContain(
      `Deploying ${result.tag} to the App Store and Google Play (fixture: nothing is uploaded).`,
    );
    const monitor = deploy.step('deploy', 'monitor');
    expect(monitor.inputs).toMatchObject({
      product: PRODUCT,
      tag: result.tag,
      environment: 'production',
    });
    expect(monitor.outputs['result']).toBe('healthy');
    expect(Number(monitor.outputs['failures'])).toBe(0);
    expect(sandbox.health.hits.get('/staff/health')).toBeGreaterThanOrEqual(2);
  });

  test('exactly one of everything, and a tracker with every box ticked', () => {
    const { repository } = result;
    const git = (args: string[]) => runGit(args, repository.bare);
    const records = sandbox.emulator.repo(repository.fullName);

    // One hotfix branch, one bump commit, the fix, one CHANGELOG row.
    expect(git(['for-each-ref', '--format=%(refname:short)', 'refs/heads/hotfix/'])).toBe(
      result.branch,
    );
    const baseTag = `${PRODUCT}/prod-v0.1.0`;
    expect(git(['log', '--format=%s', `${baseTag}..${result.branch}`]).split('\n')).toEqual([
      'fix: guard the empty shift list',
      `chore(release): hotfix ${PRODUCT} 0.1.1`,
    ]);
    expect(git(['show', `${result.tag}:${PUBSPEC}`])).toMatch(/^version: 0\.1\.1\+6$/m);
    expect(git(['show', `${result.tag}:${XCCONFIG}`])).toContain('MARKETING_VERSION = 0.1.1');
    const rows = git(['show', `${result.tag}:${CHANGELOG}`])
      .split('\n')
      .filter((line) => line.includes('| 0.1.1 |'));
    expect(rows).toEqual([
      expect.stringMatching(new RegExp(`\\| 0\\.1\\.1 \\| HOTFIX: ${FORM.issue} \\|$`)),
    ]);
    expect(git(['show', `${result.tag}:${FIX_FILE}`])).toContain('shifts.isNotEmpty');

    // Main had moved on: the hotfix pull request, approved and merged into the maintenance
    // branch; then the forward-port into main, merged.
    const line = `release/${PRODUCT}-v0.1.x`;
    expect(result.target).toBe(line);
    expect(records.pulls).toHaveLength(2);
    expect(records.pulls[0]).toMatchObject({
      number: result.pr,
      title: `HOTFIX: ${FORM.issue}`,
      base: line,
      labels: ['hotfix', 'URGENT'],
      merged: true,
    });
    expect(records.pulls[1]).toMatchObject({
      number: result.forwardPort,
      head: `forward-port/${PRODUCT}-v0.1.1`,
      base: 'main',
      labels: ['forward-port'],
      merged: true,
    });
    expect(records.reviews.map((review) => review.state)).toEqual(['APPROVED']);

    // One new production tag, annotated, on the maintenance branch: exactly the reviewed head.
    expect(git(['tag', '-l', `${PRODUCT}/prod-v0.1.1*`])).toBe(result.tag);
    expect(git(['cat-file', '-t', `refs/tags/${result.tag}`])).toBe('tag');
    expect(git(['rev-parse', `${result.tag}^{commit}`])).toBe(git(['rev-parse', line]));
    expect(git(['diff', '--stat', result.branch, result.tag])).toBe('');
    // Main has the fix, keeps its own next version, and lists 0.1.1 below its 0.2.0.
    expect(git(['show', `main:${FIX_FILE}`])).toContain('shifts.isNotEmpty');
    expect(git(['show', `main:${PUBSPEC}`])).toMatch(/^version: 0\.2\.0\+7$/m);
    const mainLog = git(['show', `main:${CHANGELOG}`]).split('\n');
    const rowIndex = (version: string) => mainLog.findIndex((l) => l.includes(`| ${version} |`));
    expect(rowIndex('0.1.1')).toBe(rowIndex('0.2.0') + 1);
    expect(git(['tag', '-l', '--format=%(contents:subject)', result.tag])).toBe(
      `HOTFIX: ${FORM.issue}`,
    );
    expect(records.releases.map((release) => release.tag_name)).toEqual([result.tag]);
    expect(records.dispatches.map((d) => d.workflow_id)).toEqual(['hotfix-deploy.yml']);

    // One deployment with its statuses, ending in success.
    expect(records.deployments).toHaveLength(1);
    expect(records.deployments[0]).toMatchObject({ ref: result.tag, environment: 'production' });
    const states = records.deploymentStatuses.map((status) => status.state);
    expect(states.length).toBeGreaterThanOrEqual(2);
    expect(states[0]).toBe('in_progress');
    expect(states.at(-1)).toBe('success');

    // The tracker: every box ticked, closed; the postmortem issue; each message once.
    const tracker = records.issues.find((issue) => issue.number === result.tracker)!;
    const boxes = checklistOf(tracker.body ?? '');
    expect(boxes).toHaveLength(17);
    expect(boxes.filter((line) => !line.startsWith('- [x] '))).toEqual([]);
    expect(tracker.state).toBe('closed');
    expect(decodeMarker(tracker.body)?.postmortem).toBe(result.postmortem);
    const postmortem = records.issues.find((issue) => issue.number === result.postmortem)!;
    expect(postmortem.title).toBe(`Postmortem: ${PRODUCT} v0.1.1: ${FORM.issue}`);
    expect(records.issues).toHaveLength(2);
    const onTracker = records.comments.filter((c) => c.issue_number === result.tracker);
    expect(
      onTracker.filter((c) =>
        isDeployedMessage({
          ...c,
          byBot: c.user.endsWith('[bot]'),
          createdAt: c.created_at,
          url: '',
        }),
      ),
    ).toHaveLength(1);
    expect(onTracker.filter((c) => c.body.includes('HOTFIX STATUS UPDATE'))).toHaveLength(1);
    expect(timelineOf(tracker.body ?? '').length).toBeGreaterThan(5);
    expect(sandbox.emulator.problems).toEqual([]);
  });
});

describe('the quiet-main path: main still at the production tag', () => {
  test('the pull request merges into main; nothing to forward-port; every box ticked', async () => {
    const repository = await sandbox.addRepository('octo-org/krow-withus-quiet');
    const quiet = await runLifecycle({ emulator: sandbox.emulator, repository, quietMain: true });
    const records = sandbox.emulator.repo(repository.fullName);
    expect(quiet.target).toBe('main');
    expect(quiet.forwardPort).toBeUndefined();
    expect(records.pulls.map((pull) => pull.base)).toEqual(['main']);
    expect(quiet.runs['release']!.step('release', 'forward-port').outputs['result']).toBe(
      'on-main',
    );
    const git = (args: string[]) => runGit(args, repository.bare);
    expect(git(['rev-parse', `${quiet.tag}^{commit}`])).toBe(git(['rev-parse', 'main']));
    const tracker = records.issues.find((issue) => issue.number === quiet.tracker)!;
    expect(checklistOf(tracker.body ?? '').filter((line) => !line.startsWith('- [x] '))).toEqual(
      [],
    );
    expect(tracker.state).toBe('closed');
    expect(sandbox.emulator.problems).toEqual([]);
  }, 240_000);
});

describe('the PR check refuses a branch cut from main', () => {
  test('hotfix-validate fails, naming the production tag it should start from', async () => {
    const repository = await sandbox.addRepository('octo-org/krow-withus-cut-from-main');
    const [owner = '', repo = ''] = repository.fullName.split('/');
    const branch = `hotfix/${PRODUCT}-v0.1.1`;
    runGit(['branch', branch, 'main'], repository.bare);
    const clone = personClone(repository, branch);
    for (const [file, from, to] of [
      [PUBSPEC, /^version: 0\.1\.0\+5$/m, 'version: 0.1.1+6'],
      [XCCONFIG, 'MARKETING_VERSION = 0.1.0', 'MARKETING_VERSION = 0.1.1'],
    ] as const) {
      const { readFileSync, writeFileSync } = await import('node:fs');
      const path = `${clone}/${file}`;
      writeFileSync(path, readFileSync(path, 'utf8').replace(from, to));
    }
    runGit(['commit', '--quiet', '-am', 'fix: guard the empty shift list'], clone);
    runGit(['push', '--quiet', 'origin', branch], clone);
    const octokit = octokitFor(sandbox.emulator);
    const { data: pull } = await octokit.rest.pulls.create({
      owner,
      repo,
      head: branch,
      base: 'main',
      title: `HOTFIX: ${FORM.issue}`,
    });
    const sha = (ref: string) => runGit(['rev-parse', ref], repository.bare);
    const run = await rehearse({
      repository,
      workflow: 'hotfix-validate',
      event: pullRequestEvent({
        action: 'opened',
        number: pull.number,
        head: { ref: branch, sha: sha(branch) },
        base: { ref: 'main', sha: sha('main') },
        title: pull.title,
        repository: repositoryPayload(repository.fullName, { apiUrl: repository.apiUrl }),
      }),
    });
    expect(run.conclusion).toBe('failure');
    const verify = run.step('verify', 'verify');
    expect(verify.outcome).toBe('failure');
    expect(verify.outputs['result']).toBe('fail');
    const errors = verify.annotations.filter((a) => a.level === 'error').map((a) => a.message);
    expect(errors.join('\n')).toContain(`${PRODUCT}/prod-v0.1.0`);
    expect(errors.join('\n')).toContain('Branch history');
    console.log(`validate on a branch cut from main:\n${errors.join('\n')}`);
    expect(sandbox.emulator.problems).toEqual([]);
  }, 120_000);
});
