// Shared setup of the root action's end-to-end tests: one emulator per file, one fresh fixture
// monorepo per test (served under its own name), and the built bundle run as `hotfix`.
import { createServer, type Server } from 'node:http';
import { getOctokit } from '@actions/github';
import { type Emulator } from '../../sandbox/emulator/index.js';
import type { CommentRecord } from '../../sandbox/emulator/repository.js';
import { runAction, type ActionResult } from '../../sandbox/harness/run-action.js';
import { createMonorepo, tmpDir, type Monorepo } from '../../sandbox/fixtures/monorepo.js';
import type { CommentFact } from '../../src/domain/tracker/facts.js';
import { decodeMarker, type TrackerState } from '../../src/domain/tracker/state.js';
import { useSandbox } from './sandbox.js';

export const MOBILE = 'krow-withus-worker-mobile';
export const WEB = 'krow-withus-web';
export const PUBSPEC = 'apps/mobile/apps/staff/pubspec.yaml';
export const XCCONFIG = 'apps/mobile/apps/staff/ios/version.xcconfig';
export const MOBILE_CHANGELOG = 'apps/mobile/apps/staff/CHANGELOG.md';

export interface Sandbox {
  emulator: Emulator;
}

/** Starts the emulator (and builds) before the file's tests; problems fail each test. */
export function useHotfixSandbox(): Sandbox {
  return useSandbox();
}

let served = 0;

export interface TestRepo {
  name: string;
  repo: Monorepo;
  octokit: ReturnType<typeof getOctokit>;
  owner: string;
  short: string;
  run(inputs: Record<string, string>, env?: Record<string, string>): Promise<ActionResult>;
  start(inputs?: Record<string, string>, env?: Record<string, string>): Promise<ActionResult>;
}

export const FORM = {
  product: MOBILE,
  severity: 'CRITICAL',
  issue: 'Shift list crashes on open',
  impact: 'All 1,200 staff on iOS',
};

/** A fresh fixture monorepo served by the emulator under a name of its own. */
export async function freshRepo(sandbox: Sandbox): Promise<TestRepo> {
  const repo = await createMonorepo(tmpDir('hotfix'));
  const short = `krow-withus-${++served}`;
  const name = `octo-org/${short}`;
  sandbox.emulator.addRepository(name, repo.bare, { defaultBranch: 'main' });
  const octokit = getOctokit('test-token', { baseUrl: sandbox.emulator.url });
  const run = (inputs: Record<string, string>, env: Record<string, string> = {}) =>
    runAction('hotfix', {
      inputs,
      apiUrl: sandbox.emulator.url,
      repository: name,
      env: { HOTFIX_RETRY_BASE_MS: '10', ...env },
    });
  return {
    name,
    repo,
    octokit,
    owner: 'octo-org',
    short,
    run,
    start: (inputs = {}, env = {}) => run({ command: 'start', ...FORM, ...inputs }, env),
  };
}

/** The tracker's hidden state, from its body. */
export function markerOf(body: string | null): TrackerState {
  const state = decodeMarker(body);
  if (!state) throw new Error(`no tracker marker in:\n${body}`);
  return state;
}

/** A local webhook receiver: the JSON bodies it accepted; the first `failures` get a 500. */
export async function webhookReceiver(options: { failures?: number } = {}): Promise<{
  url: string;
  messages: { text: string }[];
  close(): Promise<void>;
}> {
  const messages: { text: string }[] = [];
  let failures = options.failures ?? 0;
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      if (failures > 0) {
        failures--;
        response.writeHead(500, { 'content-type': 'text/plain' }).end('try later');
        return;
      }
      messages.push(JSON.parse(body) as { text: string });
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/hooks/T000/B000/secret`,
    messages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** An emulator comment as the tracker sees it, for the messages module's detect functions. */
export function commentFact(comment: CommentRecord): CommentFact {
  return {
    id: comment.id,
    body: comment.body,
    byBot: comment.user.endsWith('[bot]'),
    createdAt: comment.created_at,
    url: '',
  };
}

/** ISO time `minutes` after `start`. */
export function after(start: string, minutes: number): string {
  return new Date(Date.parse(start) + minutes * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
