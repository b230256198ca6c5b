// create-prod-tag on the fixture monorepo through the GitHub emulator: the built bundle tags a
// merged hotfix (or fast-forwards main first), checked with plain git. Each test gets a fresh
// copy of the fixture, served under its own repository name.
import { beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { getOctokit } from '@actions/github';
import { isWrite, type Emulator } from '../../sandbox/emulator/index.js';
import { useSandbox } from '../helpers/sandbox.js';
import { pullRequestEvent, workflowDispatchEvent } from '../../sandbox/harness/events.js';
import { runAction, type RunOptions } from '../../sandbox/harness/run-action.js';
import { createMonorepo, tmpDir, type Monorepo } from '../../sandbox/fixtures/monorepo.js';
import {
  changelogRow,
  CLIENT,
  mobileHotfix,
  MOBILE,
  pushBranch,
} from '../helpers/mobile-hotfix.js';

let emulator: Emulator;
let repo: Monorepo;
let repository: string;
let octokit: ReturnType<typeof getOctokit>;
let serial = 0;

const TAG = `${MOBILE}/prod-v0.1.1`;
const DEPLOY_WORKFLOW =
  'name: Deploy\nrun-name: Deploy ${{ inputs.tag }}\non:\n  workflow_dispatch:\n    inputs:\n      tag: { required: true, type: string }\njobs: {}\n';
const BRANCH = `hotfix/${MOBILE}-v0.1.1`;

const sandbox = useSandbox();

beforeAll(async () => {
  emulator = sandbox.emulator;
  octokit = getOctokit('test-token', { baseUrl: emulator.url });
}, 300_000);
beforeEach(async () => {
  repo = await createMonorepo(tmpDir('create-prod-tag'));
  repository = `octo-org/krow-withus-${++serial}`;
  emulator.addRepository(repository, repo.bare, { defaultBranch: 'main' });
}, 60_000);

const at = () => {
  const [owner = '', name = ''] = repository.split('/');
  return { owner, repo: name };
};

/**
 * The worker-mobile hotfix pushed, its pull request opened, and (unless told) merged with the
 * `method` button. The pull request targets main, which stands at the production tag as the
 * process's ff-only merge needs, unless `mainMovedOn`; or `into` another branch (the release
 * line's maintenance branch, cut at the tag).
 */
async function hotfixPull(
  options: {
    merge?: boolean;
    mainMovedOn?: boolean;
    workflow?: string;
    into?: string;
    method?: 'merge' | 'squash' | 'rebase';
  } = {},
) {
  const base = options.into ?? 'main';
  if (options.into !== undefined) {
    repo.git(['branch', '--force', base, `${MOBILE}/prod-v0.1.0^{commit}`]);
  } else if (!options.mainMovedOn) {
    repo.git(['update-ref', 'refs/heads/main', `${MOBILE}/prod-v0.1.0^{commit}`]);
  }
  const commits = mobileHotfix();
  if (options.workflow) {
    commits.push({
      message: 'ci: the deploy workflow',
      files: { [`.github/workflows/${options.workflow}`]: 'on: workflow_dispatch\njobs: {}\n' },
    });
  }
  const head = pushBranch(repo, BRANCH, `${MOBILE}/prod-v0.1.0`, commits);
  const { data: pull } = await octokit.rest.pulls.create({
    ...at(),
    title: 'HOTFIX: Shift list crashes',
    head: BRANCH,
    base,
  });
  let mergeSha: string | undefined;
  if (options.merge !== false) {
    mergeSha = (
      await octokit.rest.pulls.merge({
        ...at(),
        pull_number: pull.number,
        merge_method: options.method ?? 'merge',
      })
    ).data.sha;
  }
  emulator.reset();
  return { number: pull.number, head, mergeSha: mergeSha ?? '', base };
}

function closedEvent(pull: { number: number; head: string; mergeSha: string; base: string }) {
  return pullRequestEvent({
    action: 'closed',
    number: pull.number,
    merged: true,
    merge_commit_sha: pull.mergeSha,
    head: { ref: BRANCH, sha: pull.head },
    base: { ref: pull.base, sha: pull.mergeSha },
    repository,
  });
}

function run(inputs: Record<string, string>, options: RunOptions = {}) {
  return runAction('create-prod-tag', {
    inputs,
    apiUrl: emulator.url,
    repository,
    env: { HOTFIX_RETRY_BASE_MS: '10' },
    ...options,
  });
}

const tagRefs = () => repo.git(['for-each-ref', '--format=%(refname) %(objectname)', 'refs/tags']);
const peeled = (tag: string) => repo.git(['rev-parse', `${tag}^{commit}`]);
const writes = () => emulator.requests.filter(isWrite);

describe('the production tag', () => {
  test('on the merged pull request: an annotated tag on the merge commit, HOTFIX message', async () => {
    const pull = await hotfixPull();

    const result = await run({}, { event: closedEvent(pull) });

    expect(result.exitCode).toBe(0);
    expect(result.outputs).toEqual({
      tag: TAG,
      sha: pull.mergeSha,
      created: 'true',
      'release-url': '',
      dispatched: 'false',
    });
    expect(repo.git(['cat-file', '-t', TAG])).toBe('tag');
    expect(peeled(TAG)).toBe(pull.mergeSha);
    expect(repo.git(['tag', '-l', '--format=%(contents:subject)', TAG])).toBe(
      'HOTFIX: Shift list crashes',
    );
    expect(result.summary).toContain('Created the annotated tag');
    const calls = emulator.requests.map((r) => r.operation);
    console.log(`create-prod-tag API calls: ${calls.length} (${calls.join(', ')})`);

    // A re-run: the tag is there on the same commit. Nothing is written.
    emulator.reset();
    const again = await run({}, { event: closedEvent(pull) });
    expect(again.exitCode).toBe(0);
    expect(again.outputs['created']).toBe('false');
    expect(again.summary).toContain('already exists');
    expect(writes()).toEqual([]);
  });

  test.each(['merge', 'squash', 'rebase'] as const)(
    'the %s button into the maintenance branch: the tag is the merge result, on that branch',
    async (method) => {
      const line = `release/${MOBILE}-v0.1.x`;
      const pull = await hotfixPull({ into: line, method });

      const result = await run({}, { event: closedEvent(pull) });

      expect(result.exitCode).toBe(0);
      expect(result.outputs['sha']).toBe(pull.mergeSha);
      expect(peeled(TAG)).toBe(repo.git(['rev-parse', line]));
      // Exactly the reviewed content, and no notice claiming otherwise.
      expect(repo.git(['diff', '--stat', pull.head, TAG])).toBe('');
      expect(result.annotations.filter((a) => a.level === 'notice')).toEqual([]);
    },
  );

  test('an admin merged into a main that had moved on: refused before any write', async () => {
    const pull = await hotfixPull({ mainMovedOn: true });
    const before = tagRefs();

    const result = await run({ release: 'true' }, { event: closedEvent(pull) });

    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain(
      `The merge commit ${pull.mergeSha} of pull request #${pull.number} does not hold exactly the reviewed head ${pull.head}`,
    );
    expect(result.stdout).toContain(`run this action with 'sha: ${pull.head}'`);
    expect(repo.git(['diff', '--name-only', pull.head, pull.mergeSha])).not.toBe('');
    expect(tagRefs()).toBe(before);
    expect(writes()).toEqual([]);
  });

  test("main's version won the merge's conflict: refused, the version is not the branch's", async () => {
    const pull = await hotfixPull();
    const before = tagRefs();

    const result = await run({ version: '0.2.0' }, { event: closedEvent(pull) });

    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain(`the hotfix branch ${BRANCH} makes 0.1.1. Nothing was tagged`);
    expect(tagRefs()).toBe(before);
  });

  test('the reviewed head tagged by sha: it must descend from the base tag', async () => {
    const pull = await hotfixPull({ merge: false });
    // A commit from before the base tag: it cannot be a hotfix of it.
    const unrelated = repo.git(['rev-parse', `${MOBILE}/prod-v0.0.4^{commit}`]);
    const before = tagRefs();

    const refused = await run(
      { sha: unrelated, product: MOBILE, version: '0.1.1', message: 'HOTFIX: x' },
      { event: workflowDispatchEvent({ repository }) },
    );
    expect(refused.exitCode).toBe(1);
    expect(refused.stdout).toContain(`does not descend from ${MOBILE}/prod-v0.1.0`);
    expect(tagRefs()).toBe(before);

    const tagged = await run(
      { sha: pull.head, product: MOBILE },
      { event: workflowDispatchEvent({ repository }) },
    );
    expect(tagged.exitCode).toBe(0);
    expect(peeled(TAG)).toBe(pull.head);
  });

  test('a tag of that name on another commit: refused, never moved', async () => {
    const pull = await hotfixPull();
    repo.git([
      '-c',
      'user.name=Someone',
      '-c',
      'user.email=someone@krow.example',
      'tag',
      '-a',
      TAG,
      '-m',
      'made by hand',
      `${MOBILE}/prod-v0.1.0^{commit}`,
    ]);
    const before = tagRefs();

    const result = await run({}, { event: closedEvent(pull) });

    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain(
      `Tag ${TAG} already exists on ${peeled(`${MOBILE}/prod-v0.1.0`)}`,
    );
    expect(result.stdout).toContain('never moved');
    expect(tagRefs()).toBe(before);
    expect(writes()).toEqual([]);
  });

  test('a version not higher than every tag of its release line: refused', async () => {
    const pull = await hotfixPull();
    repo.git(['tag', `${MOBILE}/prod-v0.1.5`, `${MOBILE}/prod-v0.1.0^{commit}`]);
    const before = tagRefs();

    const result = await run({}, { event: closedEvent(pull) });

    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain(
      `0.1.1 is not higher than 0.1.5, the version of ${MOBILE}/prod-v0.1.5, the newest production tag of ${MOBILE}'s 0.1 line`,
    );
    expect(tagRefs()).toBe(before);
  });

  test('a hotfix of an older release line: tagged while a newer line exists', async () => {
    const oldTag = `${MOBILE}/prod-v0.0.4`;
    const branch = `hotfix/${MOBILE}-v0.0.5`;
    const head = pushBranch(repo, branch, oldTag, [
      {
        message: 'fix(staff): crash',
        files: { 'apps/mobile/apps/staff/lib/fix.dart': '// fix\n' },
      },
      {
        message: 'chore(release): 0.0.5',
        files: {
          'apps/mobile/apps/staff/pubspec.yaml': (text) =>
            text.replace(
              /^version: 0\.0\.4\+(\d+)$/m,
              (_all, build: string) => `version: 0.0.5+${Number(build) + 1}`,
            ),
          'apps/mobile/apps/staff/ios/version.xcconfig': (text) =>
            text.replace('MARKETING_VERSION = 0.0.4', 'MARKETING_VERSION = 0.0.5'),
          'apps/mobile/apps/staff/CHANGELOG.md': changelogRow('0.0.5', 'HOTFIX: Old crash'),
        },
      },
    ]);

    const result = await run(
      { sha: head, product: MOBILE },
      { event: workflowDispatchEvent({ repository }) },
    );

    expect(result.exitCode).toBe(0);
    expect(peeled(`${MOBILE}/prod-v0.0.5`)).toBe(head);
  });

  test('dry-run: reports what it would do, writes nothing', async () => {
    const pull = await hotfixPull();
    const before = tagRefs();

    const result = await run(
      { 'dry-run': 'true', release: 'true', dispatch: 'deploy.yml' },
      { event: closedEvent(pull) },
    );

    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ tag: TAG, created: 'false', dispatched: 'false' });
    expect(result.summary).toContain('(dry run: nothing written)');
    expect(result.summary).toContain('Would create the annotated tag');
    expect(result.summary).toContain('Would start the workflow `deploy.yml`');
    expect(tagRefs()).toBe(before);
    expect(writes()).toEqual([]);
  });
});

describe('fast-forward', () => {
  test('moves main to the hotfix without force, then tags it', async () => {
    // A hotfix of the client app cut from main's tip, so main can be fast-forwarded to it.
    const branch = `hotfix/${CLIENT}-v0.1.3`;
    const head = pushBranch(repo, branch, 'main', [
      {
        message: 'fix(client): login',
        files: { 'apps/mobile/apps/client/lib/fix.dart': '// fix\n' },
      },
      {
        message: 'chore(release): client 0.1.3',
        files: {
          'apps/mobile/apps/client/pubspec.yaml': (text) =>
            text.replace(/^version: 0\.1\.2\+7/m, 'version: 0.1.3+8'),
          'apps/mobile/apps/client/CHANGELOG.md': changelogRow('0.1.3', 'HOTFIX: Login loop'),
        },
      },
    ]);

    const result = await run(
      { 'fast-forward': 'main' },
      {
        event: workflowDispatchEvent({ repository, ref: `refs/heads/${branch}` }),
        sha: head,
        ref: `refs/heads/${branch}`,
      },
    );

    expect(result.exitCode).toBe(0);
    expect(repo.git(['rev-parse', 'main'])).toBe(head);
    expect(peeled(`${CLIENT}/prod-v0.1.3`)).toBe(head);
    expect(result.outputs).toMatchObject({ tag: `${CLIENT}/prod-v0.1.3`, created: 'true' });
    const updates = emulator.requests.filter((r) => r.operation === 'git/update-ref');
    expect(updates.map((r) => [r.status, (r.requestBody as { force?: boolean }).force])).toEqual([
      [200, false],
    ]);
    expect(result.summary).toContain('Fast-forwarded `main`');
  });

  test('not a fast-forward: refused with what to do, nothing tagged, main unchanged', async () => {
    const head = pushBranch(repo, BRANCH, `${MOBILE}/prod-v0.1.0`, mobileHotfix());
    const main = repo.git(['rev-parse', 'main']);
    const before = tagRefs();

    const result = await run(
      { 'fast-forward': 'main' },
      {
        event: workflowDispatchEvent({ repository, ref: `refs/heads/${BRANCH}` }),
        sha: head,
        ref: `refs/heads/${BRANCH}`,
      },
    );

    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain(`Cannot fast-forward main to ${head}`);
    expect(result.stdout).toContain('Merge the hotfix pull request into main instead');
    expect(repo.git(['rev-parse', 'main'])).toBe(main);
    expect(tagRefs()).toBe(before);
    expect(writes()).toEqual([]);
  });
});

describe('require-approval', () => {
  test('refused without an approving review; tags once approved (found from the commit)', async () => {
    const pull = await hotfixPull();
    const before = tagRefs();

    const refused = await run({ 'require-approval': 'true' }, { event: closedEvent(pull) });

    expect(refused.exitCode).toBe(1);
    expect(refused.stdout).toContain(
      `Pull request #${pull.number} is not approved: nobody approved its head ${pull.head.slice(0, 7)}`,
    );
    expect(tagRefs()).toBe(before);
    expect(writes()).toEqual([]);

    await octokit.rest.pulls.createReview({ ...at(), pull_number: pull.number, event: 'APPROVE' });
    emulator.reset();
    // By hand this time: the pull request is found from the merge commit.
    const approved = await run(
      { 'require-approval': 'true', sha: pull.mergeSha, product: MOBILE },
      { event: workflowDispatchEvent({ repository }) },
    );

    expect(approved.exitCode).toBe(0);
    expect(approved.outputs['created']).toBe('true');
    expect(
      emulator.countRequests({ operation: 'repos/list-pull-requests-associated-with-commit' }),
    ).toBe(1);
    expect(approved.summary).toContain('Approved by');
  });
  test('an approval given before the last push counts for nothing: refused, then tagged once the head is approved', async () => {
    const pull = await hotfixPull({ merge: false });
    await octokit.rest.pulls.createReview({ ...at(), pull_number: pull.number, event: 'APPROVE' });
    // A commit pushed after the approval: nobody reviewed it.
    const pushed = pushBranch(repo, BRANCH, pull.head, [
      {
        message: 'fix(staff): one more thing',
        files: { 'apps/mobile/apps/staff/lib/more.dart': '// more\n' },
      },
    ]);
    const merged = (await octokit.rest.pulls.merge({ ...at(), pull_number: pull.number })).data.sha;
    const closed = { ...pull, head: pushed, mergeSha: merged };
    emulator.reset();
    const before = tagRefs();

    const refused = await run({ 'require-approval': 'true' }, { event: closedEvent(closed) });

    expect(refused.exitCode).toBe(1);
    expect(refused.stdout).toContain(
      `was given before the last push, so nobody approved its head ${pushed.slice(0, 7)}`,
    );
    expect(tagRefs()).toBe(before);
    expect(writes()).toEqual([]);

    await octokit.rest.pulls.createReview({
      ...at(),
      pull_number: pull.number,
      event: 'APPROVE',
      commit_id: pushed,
    });
    const approved = await run({ 'require-approval': 'true' }, { event: closedEvent(closed) });
    expect(approved.exitCode).toBe(0);
    expect(peeled(TAG)).toBe(merged);
  });
});

describe('release and dispatch', () => {
  test('a tag without the workflow file: the deploy starts on the default branch with the tag as input', async () => {
    const pull = await hotfixPull();
    // The workflow was added on main after the tag (adopted later); it takes the tag as input.
    pushBranch(repo, 'main', 'main', [
      {
        message: 'ci: the deploy workflow',
        files: { '.github/workflows/deploy.yml': DEPLOY_WORKFLOW },
      },
    ]);

    // A dry run says where the deploy would start, as the real run then does.
    const dry = await run(
      { dispatch: 'deploy.yml', 'dry-run': 'true' },
      { event: closedEvent(pull) },
    );
    expect(dry.summary).toContain(
      `Would start the workflow \`deploy.yml\` on \`main\` with \`${TAG}\` as its input`,
    );
    expect(emulator.repo(repository).dispatches).toEqual([]);

    const result = await run({ dispatch: 'deploy.yml' }, { event: closedEvent(pull) });

    expect(result.exitCode).toBe(0);
    expect(emulator.repo(repository).dispatches).toEqual([
      expect.objectContaining({
        workflow_id: 'deploy.yml',
        ref: 'refs/heads/main',
        inputs: { tag: TAG },
      }),
    ]);
    const notice = result.annotations.find((a) => a.level === 'notice');
    expect(notice?.message).toContain('must allow deployments from main');
    expect(result.summary).toContain(
      `Started the workflow \`deploy.yml\` on \`main\` with \`${TAG}\` as its input`,
    );

    // A re-run (the job's "Re-run failed jobs") finds the run by its title: no second deploy.
    emulator.reset();
    const again = await run({ dispatch: 'deploy.yml' }, { event: closedEvent(pull) });
    expect(again.exitCode).toBe(0);
    expect(emulator.repo(repository).dispatches).toHaveLength(1);
    expect(again.outputs['dispatched']).toBe('true');
    expect(again.summary).toContain('was already started for');
  });

  test.each(['drop-after-write', 'status-502'] as const)(
    'a dispatch whose answer is lost (%s): one deploy, in this run and on a re-run',
    async (kind) => {
      const pull = await hotfixPull({ workflow: 'deploy.yml' });
      emulator.injectFault({ route: 'actions/create-workflow-dispatch', kind, times: 1 });

      const first = await run({ dispatch: 'deploy.yml' }, { event: closedEvent(pull) });
      const second = await run({ dispatch: 'deploy.yml' }, { event: closedEvent(pull) });

      expect(first.exitCode).toBe(0);
      expect(second.exitCode).toBe(0);
      expect(emulator.repo(repository).dispatches).toHaveLength(1);
      expect(emulator.repo(repository).dispatches[0]).toMatchObject({ ref: `refs/tags/${TAG}` });
    },
  );

  test('a workflow that does not exist, or does not take a tag: refused as GitHub refuses it', async () => {
    const pull = await hotfixPull();

    const missing = await run({ dispatch: 'nowhere.yml' }, { event: closedEvent(pull) });

    expect(missing.exitCode).toBe(1);
    expect(missing.stdout).toContain("the workflow 'nowhere.yml' could not be started (404");
    expect(missing.stdout).toContain('the tag is kept');
    expect(emulator.repo(repository).dispatches).toEqual([]);
  });

  test('creates the release with the CHANGELOG entry and starts the deploy at the tag', async () => {
    const pull = await hotfixPull({ workflow: 'deploy.yml' });

    const result = await run(
      { release: 'true', dispatch: 'deploy.yml' },
      { event: closedEvent(pull) },
    );

    expect(result.exitCode).toBe(0);
    const state = emulator.repo(repository);
    expect(state.releases).toHaveLength(1);
    expect(state.releases[0]).toMatchObject({ tag_name: TAG, name: TAG, draft: false });
    expect(state.releases[0]!.body).toContain('HOTFIX: Shift list crashes');
    expect(result.outputs['release-url']).toContain(`/releases/tag/`);
    expect(state.dispatches).toEqual([
      expect.objectContaining({ workflow_id: 'deploy.yml', ref: `refs/tags/${TAG}` }),
    ]);
    expect(result.outputs['dispatched']).toBe('true');
    expect(result.summary).toContain('Started the workflow `deploy.yml`');
    expect(result.summary).toContain('workflow_dispatch');

    expect(result.annotations.filter((a) => a.level === 'notice')).toEqual([]);

    // A re-run finds the release instead of making a second one.
    const again = await run({ release: 'true' }, { event: closedEvent(pull) });
    expect(again.exitCode).toBe(0);
    expect(emulator.repo(repository).releases).toHaveLength(1);
    expect(again.outputs['release-url']).toBe(result.outputs['release-url']);
  });
});

describe('faults on the writes', () => {
  test('a 502 on the tag object is retried: one tag', async () => {
    const pull = await hotfixPull();
    emulator.injectFault({ route: 'git/create-tag', kind: 'status-502', times: 1 });

    const result = await run({}, { event: closedEvent(pull) });

    expect(result.exitCode).toBe(0);
    expect(peeled(TAG)).toBe(pull.mergeSha);
    expect(
      emulator.requests.filter((r) => r.operation === 'git/create-tag').map((r) => r.status),
    ).toEqual([502, 201]);
  });

  test('a secondary rate limit on the ref is waited out', async () => {
    const pull = await hotfixPull();
    emulator.injectFault({
      route: 'git/create-ref',
      kind: 'secondary-rate-limit',
      times: 1,
      retryAfter: 1,
    });

    const result = await run({}, { event: closedEvent(pull) });

    expect(result.exitCode).toBe(0);
    expect(peeled(TAG)).toBe(pull.mergeSha);
    expect(
      emulator.requests.filter((r) => r.operation === 'git/create-ref').map((r) => r.status),
    ).toEqual([403, 201]);
  });

  test.each(['git/create-tag', 'git/create-ref', 'repos/create-release'])(
    'the answer to %s lost after it was applied: exactly one tag, and a re-run changes nothing',
    async (operation) => {
      const pull = await hotfixPull();
      const others = tagRefs();
      emulator.injectFault({ route: operation, kind: 'drop-after-write', times: 1 });

      const result = await run({ release: 'true' }, { event: closedEvent(pull) });

      expect(result.exitCode).toBe(0);
      expect(result.outputs['created']).toBe('true');
      const added = tagRefs()
        .split('\n')
        .filter((line) => !others.includes(line));
      expect(added).toHaveLength(1);
      expect(added[0]).toContain(`refs/tags/${TAG} `);
      expect(peeled(TAG)).toBe(pull.mergeSha);
      expect(emulator.repo(repository).releases).toHaveLength(1);
      const after = tagRefs();

      emulator.reset();
      const again = await run({ release: 'true' }, { event: closedEvent(pull) });
      expect(again.exitCode).toBe(0);
      expect(again.outputs['created']).toBe('false');
      expect(tagRefs()).toBe(after);
      expect(writes()).toEqual([]);
    },
  );
});
