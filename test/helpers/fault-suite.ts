// The fault suite: for a writing action, a fault at each of its writes (each kind below), then a
// clean re-run, must end in exactly the state of a clean run, compared on every ref and every
// record of the emulator. What differs by nature between two runs (times, ids, commit SHAs of
// commits GitHub dates itself) is left out; what a person would see (trees, messages, titles,
// bodies, labels, states, counts) is compared.
import { execFileSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from '@jest/globals';
import { isWrite, type Emulator, type FaultKind } from '../../sandbox/emulator/index.js';
import type { ActionResult } from '../../sandbox/harness/run-action.js';
import { createMonorepo, runGit, tmpDir, type Monorepo } from '../../sandbox/fixtures/monorepo.js';

export interface Fault {
  kind: FaultKind;
  times: number;
  label: string;
}

/**
 * At every write: GitHub's answer lost after the write applied (the client cannot tell whether
 * it did), and a 502 through every retry (the run ends, the write not made).
 */
export const FAULTS_AT_EVERY_WRITE: Fault[] = [
  { kind: 'drop-after-write', times: 1, label: 'applied, answer lost' },
  { kind: 'status-502', times: 10, label: '502 on every retry' },
];

/**
 * At a scenario's first write, the other kinds: a 502 after the write applied (handled as an
 * answer lost: it may have applied), and those the client's retries absorb without a write (one
 * 502, a secondary rate limit once, or until the client gives up). One position per scenario
 * shows each path; every write position would double the suite's time for the same code path.
 */
export const FAULTS_AT_FIRST_WRITE: Fault[] = [
  { kind: 'applied-then-502', times: 1, label: 'applied, then 502' },
  { kind: 'status-502', times: 1, label: '502 once' },
  { kind: 'secondary-rate-limit', times: 1, label: 'secondary rate limit once' },
  { kind: 'secondary-rate-limit', times: 10, label: 'secondary rate limit until it gives up' },
];

export interface Scenario {
  name: string;
  /** A fresh repository served by the emulator, in the state before the action runs. */
  prepare(): Promise<{ repository: string; bare: string }>;
  /** The action, as the runner runs it. */
  run(repository: string): Promise<ActionResult>;
  /** The time of the runs (their HOTFIX_NOW): the emulator stamps its records with it. */
  clock?: string;
  /**
   * A re-run that does its work again by design (the monitor watches production again, with
   * new statuses): the faulted run and its re-run are compared with two clean runs.
   */
  rerunRepeats?: boolean;
  /** What of the state must converge, when not all of it (default: all). */
  project?: (state: State) => unknown;
}

export type State = ReturnType<typeof snapshot>;

/** Text with what differs between two runs by nature taken out: times, durations, SHAs. */
function normalize(text: string | null | undefined): string {
  return (text ?? '')
    .replace(/```mermaid[\s\S]*?```/g, '<gantt>')
    .replace(/\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?Z?)?( UTC)?/g, '<time>')
    .replace(/\d{2}:\d{2} UTC/g, '<time>')
    .replace(/T\+\d+/g, 'T+<n>')
    .replace(/\b\d+ (minutes?|min|ms|s)\b/g, '<n> $1')
    .replace(/\b[0-9a-f]{40}\b/g, '<sha>')
    .replace(/\b[0-9a-f]{7}\b/g, '<short>')
    .replace(/\/actions\/runs\/\d+/g, '/actions/runs/<id>')
    .replace(/\/octo-org\/faults-[a-z-]+-\d+\//g, '/<repository>/')
    .replace(/#issuecomment-\d+/g, '#issuecomment-<id>');
}

/** Every ref, as what it holds: a commit's tree, parents and subject; a tag's message. */
function refsOf(bare: string): Record<string, string> {
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: bare, encoding: 'utf8' }).trim();
  const out: Record<string, string> = {};
  const lines = git('for-each-ref', '--format=%(refname) %(objecttype)');
  for (const line of lines.split('\n').filter(Boolean)) {
    const [ref = '', type] = line.split(' ');
    const commit = git('log', '-1', '--format=%T %P|%s', `${ref}^{commit}`);
    const [treeAndParents = '', subject = ''] = commit.split('|');
    const [tree, ...parents] = treeAndParents.split(' ');
    out[ref] =
      `${type} tree=${tree} parents=${parents.filter(Boolean).length} "${subject}"` +
      (type === 'tag'
        ? ` message="${git('tag', '-l', '--format=%(contents:subject)', ref.replace('refs/tags/', ''))}"`
        : '');
  }
  return out;
}

/** The emulator's records of the repository, as a person would compare them. */
function recordsOf(emulator: Emulator, repository: string) {
  const state = emulator.repo(repository);
  const sorted = <T>(items: T[]) => items.map((item) => JSON.stringify(item)).sort();
  return {
    pulls: state.pulls.map((pull) => ({
      number: pull.number,
      title: pull.title,
      head: pull.head,
      base: pull.base,
      state: pull.state,
      draft: pull.draft,
      merged: pull.merged,
      labels: [...pull.labels].sort(),
      reviewers: [...pull.requested_reviewers, ...pull.requested_teams].sort(),
      body: normalize(pull.body),
    })),
    issues: state.issues.map((issue) => ({
      number: issue.number,
      title: issue.title,
      state: issue.state,
      labels: [...issue.labels].sort(),
      body: normalize(issue.body),
    })),
    comments: sorted(
      state.comments.map((comment) => ({
        issue: comment.issue_number,
        body: normalize(comment.body),
      })),
    ),
    labels: sorted(state.labels.map((label) => ({ name: label.name, color: label.color }))),
    releases: state.releases.map((release) => ({
      tag: release.tag_name,
      name: release.name,
      draft: release.draft,
      body: normalize(release.body),
    })),
    deployments: state.deployments.map((deployment) => ({
      ref: deployment.ref,
      environment: deployment.environment,
      statuses: state.deploymentStatuses
        .filter((status) => status.deployment_id === deployment.id)
        .map((status) => `${status.state}: ${normalize(status.description)}`),
    })),
    dispatches: state.dispatches.map((dispatch) => ({
      workflow: dispatch.workflow_id,
      ref: dispatch.ref,
      inputs: dispatch.inputs,
    })),
  };
}

export function snapshot(emulator: Emulator, repository: string, bare: string) {
  return { refs: refsOf(bare), records: recordsOf(emulator, repository) };
}

/** The clean run: its final state, and its writes (operation and occurrence), in order. */
export async function cleanRun(emulator: Emulator, scenario: Scenario) {
  const { repository, bare } = await scenario.prepare();
  emulator.reset();
  emulator.setClock(scenario.clock);
  const result = await scenario.run(repository);
  expect(result.stdout).not.toContain('::error');
  if (scenario.rerunRepeats) {
    const writes = emulator.requests.filter(isWrite);
    emulator.reset();
    emulator.setClock(scenario.clock);
    await scenario.run(repository);
    emulator.requests.splice(0, emulator.requests.length, ...writes);
  }
  const seen = new Map<string, number>();
  const writes = emulator.requests.filter(isWrite).map((request) => {
    const operation = request.operation ?? request.path;
    const occurrence = seen.get(operation) ?? 0;
    seen.set(operation, occurrence + 1);
    return { operation, occurrence };
  });
  return { state: snapshot(emulator, repository, bare), writes };
}

/**
 * The faulted run then a clean re-run; returns the final state and what the faulted run said
 * when it failed (never "a bug").
 */
export async function faultedThenRerun(
  emulator: Emulator,
  scenario: Scenario,
  write: { operation: string; occurrence: number },
  fault: Fault,
) {
  const { repository, bare } = await scenario.prepare();
  emulator.reset();
  emulator.setClock(scenario.clock);
  emulator.injectFault({
    route: write.operation,
    skip: write.occurrence,
    times: fault.times,
    kind: fault.kind,
  });
  const faulted = await scenario.run(repository);
  emulator.reset();
  emulator.setClock(scenario.clock);
  const rerun = await scenario.run(repository);
  return { state: snapshot(emulator, repository, bare), faulted, rerun };
}

/**
 * The whole suite for a scenario: the clean run, then each fault at each write position and a
 * clean re-run. Returns the cases and those that did not end in the clean run's state (or whose
 * failure called itself a bug, or whose re-run failed).
 */
export async function runFaultSuite(emulator: Emulator, scenario: Scenario) {
  const clean = await cleanRun(emulator, scenario);
  const cases: string[] = [];
  const diverged: string[] = [];
  for (const [index, write] of clean.writes.entries()) {
    const faults =
      index === 0 ? [...FAULTS_AT_EVERY_WRITE, ...FAULTS_AT_FIRST_WRITE] : FAULTS_AT_EVERY_WRITE;
    for (const fault of faults) {
      const label = `${scenario.name}: ${write.operation}#${write.occurrence + 1} ${fault.label}`;
      cases.push(label);
      const { state, faulted, rerun } = await faultedThenRerun(emulator, scenario, write, fault);
      if (faulted.stdout.includes('a bug')) diverged.push(`${label}: the failure says "a bug"`);
      if (rerun.exitCode !== 0) {
        diverged.push(`${label}: the re-run failed: ${rerun.stdout.slice(-800)}`);
        continue;
      }
      try {
        const project = scenario.project ?? ((whole: State) => whole);
        expect(project(state)).toEqual(project(clean.state));
      } catch (error) {
        diverged.push(`${label}: ${(error as Error).message.slice(0, 3000)}`);
      }
    }
  }
  console.log(
    `fault suite, ${scenario.name}: ${clean.writes.length} writes, ${cases.length} cases, ` +
      `${cases.length - diverged.length} converged`,
  );
  return { cases, diverged };
}

/**
 * Copies of one fixture monorepo built once: each case starts from the same repository (the
 * fixture is deterministic), served under a name of its own so its records start empty.
 * `setUp` brings a copy to the state the action starts from.
 */
export function pristineCopies(
  sandbox: { emulator: Emulator },
  prefix: string,
  setUp: (repo: Monorepo) => void | Promise<void> = () => undefined,
) {
  let pristine: Monorepo | undefined;
  let served = 0;
  return {
    async build(): Promise<void> {
      pristine = await createMonorepo(tmpDir(prefix));
    },
    async next(): Promise<{ repository: string; bare: string; repo: Monorepo }> {
      if (!pristine) throw new Error('pristineCopies: build() first');
      const bare = join(tmpDir(`${prefix}-copy`), 'repo.git');
      cpSync(pristine.bare, bare, { recursive: true });
      const repo: Monorepo = {
        ...pristine,
        bare,
        git: (args, cwd = bare) => runGit(args, cwd),
        readFile: (ref, path) =>
          execFileSync('git', ['cat-file', 'blob', `${ref}:${path}`], {
            cwd: bare,
            encoding: 'utf8',
          }),
      };
      const repository = `octo-org/${prefix}-${++served}`;
      sandbox.emulator.addRepository(repository, bare, { defaultBranch: 'main' });
      await setUp(repo);
      return { repository, bare, repo };
    },
  };
}
