// The whole hotfix of HOTFIX_PROCESS.md, through the workflow templates alone, on a rehearsal
// sandbox: the Start hotfix form, a fix pushed with plain git, the PR check, an approval and the
// merge (what a person does on GitHub, through the emulator's API), the release, the deploy it
// dispatches with the product's deploy script and the monitor, and the follow-up 24 hours later
// (a simulated clock). Each step reports what a person would see on GitHub. The lifecycle test
// asserts on what it returns; `npm run demo` prints it.
//
// By default main has moved on since the production tag in the hotfix's own files (it holds the
// next release, 0.2.0+7, in the same pubspec and CHANGELOG): the pull request merges into the
// release line's maintenance branch and a forward-port pull request carries the fix to main,
// which a developer merges. With `quietMain`, main is still at the tag: the pull request merges
// into main (step 7's ff-only path).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getOctokit } from '@actions/github';
import type { Emulator } from '../emulator/index.js';
import {
  pullRequestEvent,
  repositoryPayload,
  workflowDispatchEvent,
  type Event,
} from '../harness/events.js';
import { runGit, startNextReleaseOnMain } from '../fixtures/monorepo.js';
import {
  RehearsalError,
  rehearse,
  type RehearsalRepository,
  type StepRun,
  type WorkflowRun,
} from './runner.js';

export const PRODUCT = 'krow-withus-worker-mobile';
export const FORM = {
  product: PRODUCT,
  severity: 'CRITICAL',
  issue: 'Shift list crashes on open',
  impact: 'All 1,200 staff on iOS cannot see their shifts',
};
export const FIX_FILE = 'apps/mobile/apps/staff/lib/shift_list_guard.dart';
export const RELEASE_ENGINEER = 'rin-tanaka';

export interface Reporter {
  /** A new stage of the process (a workflow run or a person's action). */
  section(title: string): void;
  /** One thing a person would see. */
  line(text: string): void;
}

export const silentReporter: Reporter = { section: () => undefined, line: () => undefined };

export interface LifecycleResult {
  repository: RehearsalRepository;
  runs: Record<string, WorkflowRun>;
  branch: string;
  version: string;
  tag: string;
  pr: number;
  /** The branch the hotfix pull request merged into: main, or the maintenance branch. */
  target: string;
  /** The forward-port pull request (main had moved on). */
  forwardPort?: number;
  tracker: number;
  postmortem: number;
  /** The simulated time of the follow-ups (24 hours after the deploy). */
  followUpAt: string;
}

/** Fails the lifecycle with what went wrong, the step's own messages included. */
function expectRun(run: WorkflowRun, conclusion: 'success' | 'failure' = 'success'): void {
  if (run.conclusion === conclusion) return;
  const failed = Object.values(run.jobs)
    .flatMap((job) => job.steps.map((step) => ({ job, step })))
    .filter(({ step }) => step.outcome === 'failure')
    .map(
      ({ job, step }) =>
        `${job.id} / ${step.name}:\n${step.annotations.map((a) => `  ${a.level}: ${a.message}`).join('\n')}\n${step.stdout.slice(-3000)}${step.stderr.slice(-2000)}`,
    );
  throw new RehearsalError(
    `${run.workflow} (${run.title}) ended '${run.conclusion}', expected '${conclusion}'.\n${failed.join('\n')}`,
  );
}

function stepLine(step: StepRun): string {
  const mark = step.outcome === 'success' ? '✓' : step.outcome === 'failure' ? '✗' : '–';
  return `${mark} ${step.name}${step.outcome === 'skipped' ? ' (skipped)' : ''}`;
}

/** Reports a run like the Actions tab: jobs, steps and their marks. */
export function reportRun(reporter: Reporter, run: WorkflowRun): void {
  reporter.line(`Actions: "${run.title}" (${run.event}) → ${run.conclusion}`);
  for (const job of Object.values(run.jobs)) {
    const where = job.environment ? ` [environment: ${job.environment}]` : '';
    reporter.line(`  job ${job.name}${where}: ${job.result}`);
    for (const step of job.steps) reporter.line(`    ${stepLine(step)}`);
  }
}

function git(args: string[], cwd: string): string {
  return runGit(args, cwd);
}

/** A person's clone: the branch checked out, an identity set. */
export function personClone(repository: RehearsalRepository, branch: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'hotfix-rehearsal-person-'));
  git(['clone', '--quiet', repository.bare, dir], tmpdir());
  git(['checkout', '--quiet', branch], dir);
  git(['config', 'user.name', 'Ada Okafor'], dir);
  git(['config', 'user.email', 'ada.okafor@krow.example'], dir);
  return dir;
}

export function octokitFor(emulator: Emulator) {
  return getOctokit('ghp_rehearsalPersonToken000000000000000000', { baseUrl: emulator.url });
}

function pullEvent(
  repository: RehearsalRepository,
  emulator: Emulator,
  number: number,
  action: 'opened' | 'synchronize' | 'closed',
): Event {
  const pull = emulator.repo(repository.fullName).pulls.find((p) => p.number === number);
  if (!pull) throw new RehearsalError(`No pull request #${number}.`);
  const sha = (ref: string) => git(['rev-parse', `${ref}^{commit}`], repository.bare);
  const merged = action === 'closed' && pull.merged;
  return pullRequestEvent({
    action,
    number,
    head: { ref: pull.head, sha: merged ? (pull.head_sha ?? sha(pull.head)) : sha(pull.head) },
    base: { ref: pull.base, sha: merged ? (pull.base_sha ?? sha(pull.base)) : sha(pull.base) },
    merged,
    merge_commit_sha: pull.merge_commit_sha,
    title: pull.title,
    body: pull.body,
    labels: pull.labels,
    user: pull.user,
    sender: action === 'closed' ? RELEASE_ENGINEER : 'ada-okafor',
    repository: repositoryPayload(repository.fullName, { apiUrl: repository.apiUrl }),
  });
}

export interface LifecycleOptions {
  emulator: Emulator;
  repository: RehearsalRepository;
  reporter?: Reporter;
  /** Extra variables for every step's process (e.g. HOTFIX_RETRY_BASE_MS). */
  runnerEnv?: Record<string, string>;
  /** Main still at the production tag (the ff-only path), instead of holding the next release. */
  quietMain?: boolean;
}

/** Runs the whole lifecycle; throws on the first step that does not end as the process expects. */
export async function runLifecycle(options: LifecycleOptions): Promise<LifecycleResult> {
  const { emulator, repository } = options;
  const reporter = options.reporter ?? silentReporter;
  const records = () => emulator.repo(repository.fullName);
  const octokit = octokitFor(emulator);
  const [owner = '', repo = ''] = repository.fullName.split('/');
  const runs: Record<string, WorkflowRun> = {};
  const payloadRepository = repositoryPayload(repository.fullName, { apiUrl: repository.apiUrl });
  const common = {
    repository,
    runnerEnv: { HOTFIX_RETRY_BASE_MS: '10', ...options.runnerEnv },
  };

  // Where main stands: the next release in the hotfix's own files, or still at the tag.
  const productionTag = `${PRODUCT}/prod-v0.1.0`;
  if (options.quietMain) {
    git(['update-ref', 'refs/heads/main', `${productionTag}^{commit}`], repository.bare);
    reporter.section(`Before: main is still at ${productionTag} (the quiet-main path)`);
  } else {
    const next = startNextReleaseOnMain({ bare: repository.bare });
    reporter.section(`Before: main has moved on since ${productionTag}`);
    reporter.line(
      `main at ${next.slice(0, 7)} holds the next release in the same files: ` +
        `"${git(['show', `main:apps/mobile/apps/staff/pubspec.yaml`], repository.bare)
          .split('\n')
          .find((line) => line.startsWith('version:'))}" and a 0.2.0 CHANGELOG row`,
    );
  }

  // 1, 2, 4, 5, 6: the Start hotfix form.
  reporter.section('Step 1-6: a release engineer fills in the "Start hotfix" form');
  reporter.line(
    `Form: product ${FORM.product}, severity ${FORM.severity}, issue "${FORM.issue}", impact "${FORM.impact}"`,
  );
  const start = await rehearse({
    ...common,
    workflow: 'hotfix-start',
    event: workflowDispatchEvent({
      repository: payloadRepository,
      inputs: FORM,
      sender: RELEASE_ENGINEER,
      workflow: '.github/workflows/hotfix-start.yml',
    }),
  });
  runs['start'] = start;
  reportRun(reporter, start);
  expectRun(start);
  const started = start.step('start', 'start').outputs;
  const branch = started['branch'] ?? '';
  const version = started['version'] ?? '';
  const pr = Number(started['pr-number']);
  const tracker = Number(started['tracking-issue']);
  const pull = records().pulls.find((p) => p.number === pr);
  if (!branch || !pull) throw new RehearsalError('Start gave no branch or pull request.');
  reporter.line(
    `Branch: ${branch} at ${started['base-tag']} (+1 commit: "${git(['log', '-1', '--format=%s', branch], repository.bare)}")`,
  );
  const target = pull.base;
  reporter.line(
    `Pull request #${pr}: "${pull.title}" into ${target} [${pull.labels.join(', ')}], reviewers: ${[...pull.requested_reviewers, ...pull.requested_teams.map((t) => `${owner}/${t}`)].join(', ') || 'none'}`,
  );
  reporter.line(
    target === 'main'
      ? 'main is still at the tag: the pull request merges into it (step 7).'
      : `main has moved on: the pull request targets ${target}, cut at the tag, so it merges without conflicts.`,
  );
  reporter.line(
    `Tracking issue #${tracker}: "${records().issues.find((i) => i.number === tracker)?.title}"`,
  );
  reporter.line(
    '(A pull request opened with GITHUB_TOKEN starts no workflow: the check runs on the first push.)',
  );

  // 3: the fix, with plain git.
  reporter.section('Step 3: a developer pushes the fix with plain git');
  const clone = personClone(repository, branch);
  writeFileSync(
    join(clone, FIX_FILE),
    '// Guards the shift list against an empty response (the crash on open).\n' +
      'bool hasShifts(List<Object?>? shifts) => shifts != null && shifts.isNotEmpty;\n',
  );
  git(['add', FIX_FILE], clone);
  git(
    [
      'commit',
      '--quiet',
      '-m',
      'fix: guard the empty shift list\n\nHOTFIX for production\nIssue: the shift list crashed when the API returned no shifts\n' +
        'Solution: treat an empty or missing list as no shifts\nTested: on an iPhone 15 simulator with an empty account',
    ],
    clone,
  );
  git(['push', '--quiet', 'origin', branch], clone);
  reporter.line(
    `git push origin ${branch}: ${git(['log', '-1', '--format=%h %s', 'HEAD'], clone)}`,
  );

  // 6: the PR check on the push.
  reporter.section('Step 6: the pull request check runs on the push');
  const validate = await rehearse({
    ...common,
    workflow: 'hotfix-validate',
    event: pullEvent(repository, emulator, pr, 'synchronize'),
    actor: 'ada-okafor',
  });
  runs['validate'] = validate;
  reportRun(reporter, validate);
  expectRun(validate);
  const verify = validate.step('verify', 'verify').outputs;
  reporter.line(
    `Check "Verify hotfix branch": ${verify['result']} (base ${verify['base-tag']}, ${verify['base-version']} → ${verify['version']}, ${verify['files-changed']} files)`,
  );

  // 6, 7: approval and merge, by people on GitHub.
  reporter.section('Step 6-7: a reviewer approves, the release engineer merges');
  await octokit.rest.pulls.createReview({ owner, repo, pull_number: pr, event: 'APPROVE' });
  // The emulator knows one actor; the review is the release engineer's.
  records().reviews.at(-1)!.user = RELEASE_ENGINEER;
  const merge = await octokit.rest.pulls.merge({
    owner,
    repo,
    pull_number: pr,
    merge_method: 'merge',
  });
  reporter.line(
    `Approved by ${RELEASE_ENGINEER}; merged into ${target} as ${merge.data.sha.slice(0, 7)}`,
  );

  // 7, 8, 9: the release on the merge.
  reporter.section('Step 8: the merge starts the release');
  const dispatchesBefore = records().dispatches.length;
  const release = await rehearse({
    ...common,
    workflow: 'hotfix-release',
    event: pullEvent(repository, emulator, pr, 'closed'),
    actor: RELEASE_ENGINEER,
  });
  runs['release'] = release;
  reportRun(reporter, release);
  expectRun(release);
  const tagged = release.step('release', 'tag').outputs;
  const tag = tagged['tag'] ?? '';
  reporter.line(
    `Tag ${tag} on ${tagged['sha']?.slice(0, 7)}: "${git(['tag', '-l', '--format=%(contents:subject)', tag], repository.bare)}"`,
  );
  reporter.line(`Release: ${tagged['release-url']}`);
  const forwardPort = records().pulls.find((p) => p.head === `forward-port/${PRODUCT}-v${version}`);
  const ported = release.step('release', 'forward-port').outputs;
  reporter.line(
    forwardPort
      ? `Forward-port #${forwardPort.number} into main: "${forwardPort.title}" (${ported['result']}: the fix, main's 0.2.0 kept, the 0.1.1 CHANGELOG row in order)`
      : `Forward-port: ${ported['result']} (the fix is on main already)`,
  );
  if (options.quietMain ? forwardPort : !forwardPort || ported['result'] !== 'opened') {
    throw new RehearsalError(
      `The release's forward-port ended '${ported['result']}', not what the ${options.quietMain ? 'quiet-main' : 'main-moved'} path expects.`,
    );
  }
  const dispatches = records().dispatches.slice(dispatchesBefore);
  if (dispatches.length !== 1) {
    throw new RehearsalError(`The release dispatched ${dispatches.length} workflows, not 1.`);
  }
  const dispatch = dispatches[0]!;
  reporter.line(`Deploy dispatched: ${dispatch.workflow_id} at ${dispatch.ref}`);

  // 9, 10, 11: the dispatched deploy.
  reporter.section('Step 9-11: the deploy runs in the production environment');
  if (dispatch.workflow_id !== 'hotfix-deploy.yml') {
    throw new RehearsalError(
      `The release dispatched '${dispatch.workflow_id}', not hotfix-deploy.yml.`,
    );
  }
  const deploy = await rehearse({
    ...common,
    workflow: 'hotfix-deploy',
    event: workflowDispatchEvent({
      repository: payloadRepository,
      ref: dispatch.ref.startsWith('refs/') ? dispatch.ref : `refs/tags/${dispatch.ref}`,
      inputs: Object.fromEntries(Object.entries(dispatch.inputs).map(([k, v]) => [k, String(v)])),
      sender: 'github-actions[bot]',
      workflow: '.github/workflows/hotfix-deploy.yml',
    }),
    actor: 'github-actions[bot]',
  });
  runs['deploy'] = deploy;
  reportRun(reporter, deploy);
  expectRun(deploy);
  const deployStep = deploy.job('deploy').steps.find((s) => s.name === 'Deploy');
  for (const line of (deployStep?.stdout ?? '').trim().split('\n')) reporter.line(`  | ${line}`);
  const monitor = deploy.step('deploy', 'monitor').outputs;
  reporter.line(
    `Monitor verdict: ${monitor['result']} (${monitor['checks']} checks, ${monitor['failures']} failures, availability ${monitor['availability']})`,
  );
  const deployment = records().deployments.at(-1);
  const statuses = records()
    .deploymentStatuses.filter((s) => s.deployment_id === deployment?.id)
    .map((s) => `${s.state} "${s.description}"`);
  reporter.line(
    `Deployment ${deployment?.id} (${deployment?.environment}): ${statuses.join(' → ')}`,
  );

  // 7, on main: the forward-port reviewed and merged; the release workflow's second job syncs.
  if (forwardPort) {
    reporter.section('Step 7 on main: a developer reviews and merges the forward-port');
    const portMerge = await octokit.rest.pulls.merge({
      owner,
      repo,
      pull_number: forwardPort.number,
      merge_method: 'merge',
    });
    reporter.line(
      `Forward-port #${forwardPort.number} merged into main as ${portMerge.data.sha.slice(0, 7)}: main keeps "${git(
        ['show', 'main:apps/mobile/apps/staff/pubspec.yaml'],
        repository.bare,
      )
        .split('\n')
        .find((line) => line.startsWith('version:'))}" and now holds ${FIX_FILE}`,
    );
    const onMain = await rehearse({
      ...common,
      workflow: 'hotfix-release',
      event: pullEvent(repository, emulator, forwardPort.number, 'closed'),
      actor: RELEASE_ENGINEER,
    });
    runs['forward-ported'] = onMain;
    reportRun(reporter, onMain);
    expectRun(onMain);
  }

  // 11 and post-incident: the follow-up, 24 hours after the deploy.
  reporter.section('24 hours later: the hourly follow-up');
  // The first hourly run once the deploy (its first status) is 24 hours old.
  const firstStatus = records().deploymentStatuses.find((s) => s.deployment_id === deployment?.id);
  const deployedAt = Date.parse(firstStatus?.created_at ?? new Date().toISOString());
  const followUpAt = new Date(deployedAt + 24 * 3600_000).toISOString();
  // The emulator stamps what it records with the real time; what a run with a simulated clock
  // writes (comments, issues) is restamped with that clock, as if it had happened then.
  const followUp = async (at: string) => {
    const comments = records().comments.length;
    const issues = records().issues.length;
    const run = await rehearse({
      ...common,
      runnerEnv: { ...common.runnerEnv, HOTFIX_NOW: at },
      workflow: 'hotfix-followup',
      event: { name: 'schedule', payload: { schedule: '17 * * * *' } },
      actor: 'github-actions[bot]',
    });
    for (const record of [
      ...records().comments.slice(comments),
      ...records().issues.slice(issues),
    ]) {
      record.created_at = at;
      record.updated_at = at;
    }
    reportRun(reporter, run);
    expectRun(run);
    return run;
  };
  reporter.line(`(clock set to ${followUpAt} with HOTFIX_NOW)`);
  runs['follow-up'] = await followUp(followUpAt);
  const postmortem = records().issues.find(
    (i) => i.number !== tracker && i.labels.includes('postmortem'),
  );
  if (!postmortem) throw new RehearsalError('The follow-up opened no postmortem issue.');
  const update = records().comments.find((c) => c.body.includes('HOTFIX STATUS UPDATE'));
  reporter.line(`Comment on #${tracker}: ${update?.body.split('\n').slice(0, 3).join(' / ')}`);
  reporter.line(`Postmortem issue #${postmortem.number}: "${postmortem.title}"`);

  reporter.section(
    'Post-incident: the postmortem is written and closed; the next follow-up closes the tracker',
  );
  await octokit.rest.issues.update({
    owner,
    repo,
    issue_number: postmortem.number,
    state: 'closed',
    state_reason: 'completed',
  });
  const writtenAt = new Date(Date.parse(followUpAt) + 30 * 60_000).toISOString();
  const closed = records().issues.find((i) => i.number === postmortem.number)!;
  closed.closed_at = writtenAt;
  closed.updated_at = writtenAt;
  reporter.line(`Postmortem #${postmortem.number} closed (at ${writtenAt}, simulated)`);
  const lastAt = new Date(Date.parse(followUpAt) + 60 * 60_000).toISOString();
  runs['follow-up-2'] = await followUp(lastAt);
  const trackerIssue = records().issues.find((i) => i.number === tracker);
  reporter.line(`Tracking issue #${tracker}: ${trackerIssue?.state}`);

  return {
    repository,
    runs,
    branch,
    version,
    tag,
    pr,
    target,
    ...(forwardPort ? { forwardPort: forwardPort.number } : {}),
    tracker,
    postmortem: postmortem.number,
    followUpAt,
  };
}

/** The tracker's "Timeline" table (step, target, actual), from its body. */
export function timelineOf(body: string): string[] {
  const lines = body.split('\n');
  const start = lines.findIndex((line) => line.startsWith('### Timeline'));
  if (start < 0) return [];
  const table: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('|')) table.push(line);
    else if (table.length > 0) break;
  }
  return table;
}

/** The tracker's checklist lines (`- [x] ...`). */
export function checklistOf(body: string): string[] {
  return body.split('\n').filter((line) => /^- \[[ x]\] /.test(line));
}
