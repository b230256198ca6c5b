import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import * as core from '@actions/core';
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseAnnotations, parseFileCommand } from '../../sandbox/harness/commands.js';
import { pullRequestEvent, tagPushEvent } from '../../sandbox/harness/events.js';
import {
  HARNESS_TOKEN,
  inputVariable,
  runAction,
  UNREACHABLE_API_URL,
} from '../../sandbox/harness/run-action.js';
import { assertFreshBuild, ensureFreshBuild, projectRoot } from '../../sandbox/harness/build.js';

// A throwaway project shaped like this one: src/, actions/probe/action.yml and a built dist/
// whose `probe` entry uses the real @actions/core, so the harness reads what core really writes.
const coreUrl = pathToFileURL(join(projectRoot, 'node_modules/@actions/core/lib/core.js')).href;
const probeScript = `
import * as core from '${coreUrl}';
import { readFileSync } from 'node:fs';
const event = JSON.parse(readFileSync(process.env.GITHUB_EVENT_PATH, 'utf8'));
core.setOutput('message', core.getInput('message'));
core.setOutput('dry-run', core.getInput('dry-run'));
core.setOutput('token', core.getInput('token'));
core.setOutput('multiline', 'first line\\nsecond line\\n');
core.setOutput('env-names', JSON.stringify(Object.keys(process.env).sort()));
core.setOutput('cwd', process.cwd());
core.setOutput('api-url', process.env.GITHUB_API_URL);
core.setOutput('event', JSON.stringify(event));
core.setOutput('ref-env', [process.env.GITHUB_REF, process.env.GITHUB_REF_NAME, process.env.GITHUB_SHA,
  process.env.GITHUB_HEAD_REF ?? '-', process.env.GITHUB_BASE_REF ?? '-'].join(' '));
core.exportVariable('HOTFIX_VERSION', '0.1.1');
core.saveState('started', 'yes');
await core.summary.addHeading('Probe').addRaw('ran').write();
core.warning('Version files disagree, see line 3', { file: 'apps/web/package.json', startLine: 3, startColumn: 14, title: 'Mismatch: web, api' });
core.notice('100% done\\nnext: tag');
core.debug('printed always, shown by the runner only in debug mode');
core.setOutput('is-debug', String(core.isDebug()));
if (core.getInput('fail') === 'true') core.setFailed('Refused: the branch moved');
`;
const probeActionYml = `name: Probe
description: A throwaway action for the harness tests
inputs:
  message:
    description: Text to echo
    default: hello
  token:
    description: GitHub token
    default: \${{ github.token }}
  dry-run:
    description: Compute only
    default: false
  fail:
    description: Fail the step
runs:
  using: node24
  main: ../../dist/probe/index.js
`;

let root: string;

function writeProject(): void {
  mkdirSync(join(root, 'src'), { recursive: true });
  mkdirSync(join(root, 'actions', 'probe'), { recursive: true });
  mkdirSync(join(root, 'dist', 'probe'), { recursive: true });
  writeFileSync(join(root, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(join(root, 'src', 'main.ts'), 'export {};\n');
  writeFileSync(join(root, 'actions', 'probe', 'action.yml'), probeActionYml);
  writeFileSync(join(root, 'dist', 'probe', 'index.js'), probeScript);
  // Built after its sources, as `npm run build` leaves it.
  writeFileSync(join(root, 'dist', 'index.js'), 'export {};\n');
  const past = new Date(Date.now() - 60_000);
  utimesSync(join(root, 'src', 'main.ts'), past, past);
  utimesSync(join(root, 'actions', 'probe', 'action.yml'), past, past);
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'harness-test-'));
  writeProject();
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('runAction', () => {
  test('passes inputs and declared defaults, and reads outputs written as heredocs', async () => {
    const result = await runAction('probe', { root, inputs: { message: 'fix: crash on login' } });

    expect(result.exitCode).toBe(0);
    expect(result.outputs['message']).toBe('fix: crash on login');
    expect(result.outputs['dry-run']).toBe('false');
    expect(result.outputs['token']).toBe(HARNESS_TOKEN);
    expect(result.outputs['multiline']).toBe('first line\nsecond line\n');
    expect(result.summary).toBe('<h1>Probe</h1>\nran');
    expect(result.exportedEnv).toEqual({ HOTFIX_VERSION: '0.1.1' });
    expect(result.state).toEqual({ started: 'yes' });
    expect(result.durationMs).toBeGreaterThan(0);
  });

  test('an explicit token replaces ${{ github.token }}', async () => {
    const result = await runAction('probe', { root, token: 'ghs_other' });
    expect(result.outputs['token']).toBe('ghs_other');
  });

  test('refuses an input the action.yml does not declare', async () => {
    await expect(runAction('probe', { root, inputs: { dry_run: 'true' } })).rejects.toThrow(
      /Input 'dry_run' is not declared .*declared: message, token, dry-run, fail/,
    );
  });

  test('turns workflow commands on stdout into annotations', async () => {
    const result = await runAction('probe', { root, inputs: { fail: 'true' } });

    expect(result.exitCode).toBe(1);
    expect(result.annotations).toEqual([
      {
        level: 'warning',
        message: 'Version files disagree, see line 3',
        file: 'apps/web/package.json',
        line: 3,
        col: 14,
        title: 'Mismatch: web, api',
      },
      { level: 'notice', message: '100% done\nnext: tag' },
      { level: 'debug', message: 'printed always, shown by the runner only in debug mode' },
      { level: 'error', message: 'Refused: the branch moved' },
    ]);
  });

  test('debug mode is off unless asked for', async () => {
    const quiet = await runAction('probe', { root });
    const debug = await runAction('probe', { root, debug: true });
    expect(quiet.outputs['is-debug']).toBe('false');
    expect(debug.outputs['is-debug']).toBe('true');
  });

  test('the process sees the runner environment and nothing else of the test process', async () => {
    process.env['HARNESS_LEAK_CHECK'] = 'leaked';
    const workspace = mkdtempSync(join(tmpdir(), 'harness-workspace-'));
    try {
      const result = await runAction('probe', {
        root,
        workspace,
        repository: 'krow/monorepo',
        env: { MY_STEP_ENV: '1' },
      });
      const names = JSON.parse(result.outputs['env-names'] ?? '[]') as string[];

      expect(names).not.toContain('HARNESS_LEAK_CHECK');
      expect(names).not.toContain('NODE_OPTIONS');
      expect(names).toEqual(
        expect.arrayContaining([
          'PATH',
          'HOME',
          'MY_STEP_ENV',
          'CI',
          'GITHUB_ACTIONS',
          'GITHUB_API_URL',
          'GITHUB_EVENT_PATH',
          'GITHUB_OUTPUT',
          'GITHUB_STEP_SUMMARY',
          'GITHUB_REPOSITORY',
          'GITHUB_REPOSITORY_OWNER',
          'GITHUB_RUN_ID',
          'GITHUB_WORKSPACE',
          'RUNNER_TEMP',
          'INPUT_DRY-RUN',
          'INPUT_MESSAGE',
          'INPUT_TOKEN',
        ]),
      );
      expect(names.filter((name) => !/^(GITHUB_|RUNNER_|INPUT_)/.test(name)).sort()).toEqual([
        'CI',
        'HOME',
        'MY_STEP_ENV',
        'PATH',
      ]);
      expect(result.outputs['cwd']).toBe(workspace);
      const event = JSON.parse(result.outputs['event'] ?? '{}');
      expect(event.repository.full_name).toBe('krow/monorepo');
      expect(event.repository.owner.login).toBe('krow');
    } finally {
      delete process.env['HARNESS_LEAK_CHECK'];
      rmSync(workspace, { recursive: true, force: true });
    }
  });

  test('a pull_request event sets the merge ref, head and base refs', async () => {
    const event = pullRequestEvent({
      action: 'opened',
      number: 12,
      head: { ref: 'hotfix/krow-withus-web-v0.1.2', sha: 'a'.repeat(40) },
      base: { ref: 'main', sha: 'b'.repeat(40) },
      title: 'HOTFIX: checkout button',
      labels: ['hotfix', 'URGENT'],
    });
    const result = await runAction('probe', { root, event });
    expect(result.outputs['ref-env']).toBe(
      `refs/pull/12/merge 12/merge ${'a'.repeat(40)} hotfix/krow-withus-web-v0.1.2 main`,
    );
    const payload = JSON.parse(result.outputs['event'] ?? '{}');
    expect(payload.pull_request.labels.map((label: { name: string }) => label.name)).toEqual([
      'hotfix',
      'URGENT',
    ]);
  });

  test('a tag push sets GITHUB_REF to the tag and GITHUB_SHA to its commit', async () => {
    const event = tagPushEvent({
      tag: 'krow-withus-api/prod-v0.2.1',
      sha: 'c'.repeat(40),
      tagObjectSha: 'd'.repeat(40),
    });
    const result = await runAction('probe', { root, event });
    expect(result.outputs['ref-env']).toBe(
      `refs/tags/krow-withus-api/prod-v0.2.1 krow-withus-api/prod-v0.2.1 ${'c'.repeat(40)} - -`,
    );
    const payload = JSON.parse(result.outputs['event'] ?? '{}');
    expect(payload.after).toBe('d'.repeat(40));
    expect(payload.created).toBe(true);
  });

  test('API calls go to a closed local port unless the test names an API URL', async () => {
    const unnamed = await runAction('probe', { root });
    const named = await runAction('probe', { root, apiUrl: 'http://127.0.0.1:4321' });
    expect(unnamed.outputs['api-url']).toBe(UNREACHABLE_API_URL);
    expect(UNREACHABLE_API_URL).toMatch(/^http:\/\/127\.0\.0\.1:/);
    expect(named.outputs['api-url']).toBe('http://127.0.0.1:4321');
  });

  test('sends a signal, as the runner does on cancel: after a time or when stdout matches', async () => {
    const script = join(root, 'signal-probe.mjs');
    writeFileSync(
      script,
      `process.on('SIGTERM', () => { console.log('got SIGTERM'); process.exit(3); });
console.log('ready');
setTimeout(() => { console.log('not signalled'); process.exit(0); }, 10000);
`,
    );
    const matched = await runAction('probe', {
      root,
      bundle: script,
      signal: { name: 'SIGTERM', whenStdoutMatches: /^ready$/m },
    });
    expect(matched.exitCode).toBe(3);
    expect(matched.stdout).toBe('ready\ngot SIGTERM\n');
    const timed = await runAction('probe', {
      root,
      bundle: script,
      signal: { name: 'SIGTERM', afterMs: 500 },
    });
    expect(timed.exitCode).toBe(3);
    // A pattern that never matches sends nothing.
    const never = await runAction('probe', {
      root,
      bundle: join(root, 'dist', 'probe', 'index.js'),
      signal: { name: 'SIGTERM', whenStdoutMatches: /no such line/ },
    });
    expect(never.exitCode).toBe(0);
  });

  test('refuses a bundle older than a source file, naming the file and the fix', async () => {
    const future = new Date(Date.now() + 60_000);
    utimesSync(join(root, 'src', 'main.ts'), future, future);
    try {
      await expect(runAction('probe', { root })).rejects.toThrow(
        /src\/main\.ts is newer than dist\/index\.js.*run `npm run build`/,
      );
    } finally {
      const past = new Date(Date.now() - 60_000);
      utimesSync(join(root, 'src', 'main.ts'), past, past);
    }
  });

  test('refuses a changed action.yml and a missing bundle', () => {
    const ymlPath = join(root, 'actions', 'probe', 'action.yml');
    const future = new Date(Date.now() + 60_000);
    utimesSync(ymlPath, future, future);
    expect(() => assertFreshBuild(root)).toThrow(/actions\/probe\/action\.yml is newer/);
    const past = new Date(Date.now() - 60_000);
    utimesSync(ymlPath, past, past);

    const empty = mkdtempSync(join(tmpdir(), 'harness-empty-'));
    try {
      expect(() => assertFreshBuild(empty)).toThrow(
        /dist\/index\.js does not exist.*npm run build/,
      );
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

test('input variables: upper case, spaces to underscores, hyphens kept', () => {
  expect(inputVariable('dry-run')).toBe('INPUT_DRY-RUN');
  expect(inputVariable('base tag')).toBe('INPUT_BASE_TAG');
});

describe('parseFileCommand', () => {
  test('reads both forms, CRLF delimiters, and keeps the last value of a name', () => {
    const text = 'version=0.1.1\nentry<<EOF_1\n| a | b |\r\n\nEOF_1\r\nversion=0.1.2\n';
    expect(parseFileCommand(text)).toEqual({ version: '0.1.2', entry: '| a | b |\r\n' });
  });

  test('an `=` before `<<` makes a plain value', () => {
    expect(parseFileCommand('expr=a<<b\n')).toEqual({ expr: 'a<<b' });
  });

  test('refuses an unterminated heredoc', () => {
    expect(() => parseFileCommand('entry<<END\nvalue\n')).toThrow(/Unterminated value for 'entry'/);
  });

  test('reads back any value @actions/core writes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'harness-output-'));
    const file = join(dir, 'output');
    const previous = process.env['GITHUB_OUTPUT'];
    process.env['GITHUB_OUTPUT'] = file;
    try {
      fc.assert(
        fc.property(fc.string({ unit: 'binary' }), (value) => {
          writeFileSync(file, '');
          core.setOutput('value', value);
          expect(parseFileCommand(readFileSync(file, 'utf8'))).toEqual({ value });
        }),
      );
    } finally {
      if (previous === undefined) delete process.env['GITHUB_OUTPUT'];
      else process.env['GITHUB_OUTPUT'] = previous;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('parseAnnotations', () => {
  test('undoes the escaping once: an escaped % stays a literal %0A', () => {
    expect(parseAnnotations('::error file=a%2Cb.ts,line=2::100%250A done%0Anext\n')).toEqual([
      { level: 'error', message: '100%0A done\nnext', file: 'a,b.ts', line: 2 },
    ]);
  });

  test('ignores other lines and other workflow commands', () => {
    const stdout =
      'plain text\n::group::Bump\n::add-mask::secret\n::endgroup::\n::warning::careful\n';
    expect(parseAnnotations(stdout)).toEqual([{ level: 'warning', message: 'careful' }]);
  });

  test('reads back any annotation @actions/core prints', () => {
    const printed: string[] = [];
    const write = jest
      .spyOn(process.stdout, 'write')
      .mockImplementation((chunk: string | Uint8Array) => {
        printed.push(String(chunk));
        return true;
      });
    try {
      fc.assert(
        fc.property(
          fc.string({ unit: 'binary' }),
          fc.string({ unit: 'binary' }),
          (message, file) => {
            printed.length = 0;
            core.error(message, { file, startLine: 7, title: file });
            write.mockClear();
            const expected = {
              level: 'error',
              message,
              line: 7,
              ...(file ? { file, title: file } : {}),
            };
            expect(parseAnnotations(printed.join(''))).toEqual([expected]);
          },
        ),
      );
    } finally {
      write.mockRestore();
    }
  });
});

describe('ensureFreshBuild', () => {
  test('builds a stale project once even when called concurrently', async () => {
    const project = mkdtempSync(join(tmpdir(), 'harness-build-'));
    try {
      mkdirSync(join(project, 'src'));
      mkdirSync(join(project, 'scripts'));
      writeFileSync(join(project, 'src', 'main.ts'), 'export {};\n');
      writeFileSync(
        join(project, 'package.json'),
        JSON.stringify({ type: 'module', scripts: { build: 'node scripts/build.mjs' } }),
      );
      // A slow build, so the second caller finds the lock taken and must wait for it.
      writeFileSync(
        join(project, 'scripts', 'build.mjs'),
        `import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
await new Promise((resolve) => setTimeout(resolve, 300));
mkdirSync('dist', { recursive: true });
writeFileSync('dist/index.js', 'export {};');
appendFileSync('builds.log', 'built\\n');
`,
      );
      const past = new Date(Date.now() - 60_000);
      utimesSync(join(project, 'src', 'main.ts'), past, past);
      utimesSync(join(project, 'scripts', 'build.mjs'), past, past);

      await Promise.all([ensureFreshBuild(project), ensureFreshBuild(project)]);
      await ensureFreshBuild(project);

      expect(() => assertFreshBuild(project)).not.toThrow();
      expect(readFileSync(join(project, 'builds.log'), 'utf8')).toBe('built\n');
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});
