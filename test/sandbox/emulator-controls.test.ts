import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { getOctokit } from '@actions/github';
import {
  git,
  scratchRepository,
  type ScratchRepository,
} from '../../sandbox/emulator/bare-repo.js';
import { useEmulator } from '../../sandbox/emulator/jest.js';
import { validateResponse } from '../../sandbox/emulator/openapi.js';

// Test controls: request log, faults, latency, problems (drift and gaps), auth, HTTP controls.

const sandbox = useEmulator();
let repo: ScratchRepository;
let octokit: ReturnType<typeof getOctokit>;
const at = { owner: 'octo-org', repo: 'monorepo' };

beforeAll(() => {
  repo = scratchRepository();
  sandbox.emulator.addRepository('octo-org/monorepo', repo.bare);
  octokit = getOctokit('test-token', { baseUrl: sandbox.emulator.url });
});

afterAll(() => repo.remove());

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return error as {
      status: number;
      message: string;
      response?: { headers: Record<string, string> };
    };
  }
  throw new Error('expected the request to fail');
}

describe('request log', () => {
  test('records method, path, operation, status and bodies, and counts by filter', async () => {
    const sha = git(repo.bare, 'rev-parse', 'main');
    await octokit.rest.git.getRef({ ...at, ref: 'heads/main' });
    await octokit.rest.git.createRef({ ...at, ref: 'refs/heads/logged', sha });
    const { requests } = sandbox.emulator;
    expect(requests).toHaveLength(2);
    expect(requests[1]).toMatchObject({
      method: 'POST',
      path: '/repos/octo-org/monorepo/git/refs',
      operation: 'git/create-ref',
      status: 201,
      requestBody: { ref: 'refs/heads/logged', sha },
      responseBody: { ref: 'refs/heads/logged' },
      authenticated: true,
      fault: null,
    });
    expect(JSON.stringify(requests)).not.toContain('test-token');
    expect(sandbox.emulator.countRequests()).toBe(2);
    expect(sandbox.emulator.countRequests({ method: 'post' })).toBe(1);
    expect(sandbox.emulator.countRequests({ operation: 'git/get-ref' })).toBe(1);
    expect(sandbox.emulator.countRequests({ path: /\/git\/refs$/ })).toBe(1);
  });

  test('a request without a token is refused with 401', async () => {
    const response = await fetch(`${sandbox.emulator.url}/repos/octo-org/monorepo`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ message: 'Requires authentication' });
    expect(sandbox.emulator.requests[0]).toMatchObject({ authenticated: false, status: 401 });
  });
});

describe('faults', () => {
  test('status-502 answers the next N matching requests with 502, then serves normally', async () => {
    sandbox.emulator.injectFault({ route: 'git/get-ref', times: 2, kind: 'status-502' });
    expect((await failure(octokit.rest.git.getRef({ ...at, ref: 'heads/main' }))).status).toBe(502);
    // Another operation does not consume the fault.
    await octokit.rest.repos.get(at);
    expect((await failure(octokit.rest.git.getRef({ ...at, ref: 'heads/main' }))).status).toBe(502);
    const served = await octokit.rest.git.getRef({ ...at, ref: 'heads/main' });
    expect(served.status).toBe(200);
    expect(sandbox.emulator.requests.map((r) => r.fault)).toEqual([
      'status-502',
      null,
      'status-502',
      null,
    ]);
  });

  test("secondary-rate-limit answers 403 with retry-after and GitHub's message", async () => {
    sandbox.emulator.injectFault({
      method: 'GET',
      route: /\/git\/ref\//,
      times: 1,
      kind: 'secondary-rate-limit',
      retryAfter: 3,
    });
    const error = await failure(octokit.rest.git.getRef({ ...at, ref: 'heads/main' }));
    expect(error.status).toBe(403);
    expect(error.message).toMatch(/secondary rate limit/);
    expect(error.response?.headers['retry-after']).toBe('3');
  });

  test('rate-limit answers 403 with no requests remaining and a reset time', async () => {
    sandbox.emulator.injectFault({ times: 1, kind: 'rate-limit' });
    const error = await failure(octokit.rest.repos.get(at));
    expect(error.status).toBe(403);
    expect(error.response?.headers['x-ratelimit-remaining']).toBe('0');
    const reset = Number(error.response?.headers['x-ratelimit-reset']);
    expect(reset).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000));
  });

  test('drop-after-write applies the write, then drops the connection without an answer', async () => {
    const sha = git(repo.bare, 'rev-parse', 'main');
    sandbox.emulator.injectFault({ method: 'POST', times: 1, kind: 'drop-after-write' });
    const error = await failure(
      octokit.rest.git.createRef({ ...at, ref: 'refs/heads/dropped', sha }),
    );
    expect(error.status).toBe(500); // Octokit's status for a request that got no response
    expect(git(repo.bare, 'rev-parse', 'refs/heads/dropped')).toBe(sha);
    expect(sandbox.emulator.requests[0]).toMatchObject({ status: 201, fault: 'drop-after-write' });
  });

  test('added latency delays every request until reset', async () => {
    sandbox.emulator.setLatency(150);
    const started = Date.now();
    await octokit.rest.repos.get(at);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    sandbox.emulator.reset();
    sandbox.emulator.injectFault({ times: 1, kind: 'status-502' });
    sandbox.emulator.reset();
    expect((await octokit.rest.repos.get(at)).status).toBe(200);
  });
});

describe('problems', () => {
  test('a route GitHub has but the emulator does not serve is a 404 "sandbox: no route" and a problem', async () => {
    const error = await failure(octokit.rest.repos.listWebhooks(at));
    expect(error.status).toBe(404);
    expect(error.message).toContain('sandbox: no route');
    expect(sandbox.emulator.problems).toEqual([
      expect.stringMatching(/GET \/repos\/octo-org\/monorepo\/hooks \(repos\/list-webhooks\)/),
    ]);
    sandbox.emulator.reset();
  });

  test('a request body that breaks the OpenAPI description is refused and recorded', async () => {
    const error = await failure(
      octokit.request('POST /repos/{owner}/{repo}/git/refs', {
        ...at,
        ref: 'refs/heads/x',
      } as never),
    );
    expect(error.status).toBe(422);
    expect(sandbox.emulator.problems).toEqual([
      expect.stringContaining(
        "request body of git/create-ref: body must have required property 'sha'",
      ),
    ]);
    sandbox.emulator.reset();
  });

  test('a response that breaks the OpenAPI description would be reported', () => {
    const result = validateResponse('git/get-ref', 200, {
      ref: 'refs/heads/main',
      url: 'not a url',
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/node_id|object|url/);
    expect(
      validateResponse('git/get-ref', 404, { message: 'Not Found', documentation_url: '' }),
    ).toEqual({
      ok: true,
    });
    expect(validateResponse('git/create-ref', 200, {}).ok).toBe(false); // GitHub answers 201
  });

  test('an unknown repository is a plain 404, not a problem', async () => {
    const error = await failure(octokit.rest.repos.get({ owner: 'someone', repo: 'else' }));
    expect(error.status).toBe(404);
    expect(sandbox.emulator.problems).toEqual([]);
  });
});

describe('HTTP controls under /_sandbox', () => {
  const control = (method: string, path: string, body?: unknown) =>
    fetch(`${sandbox.emulator.url}/_sandbox/${path}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  test('faults, the request log and state can be driven by another process', async () => {
    expect(
      (await control('POST', 'faults', { kind: 'status-502', times: 1, operation: 'repos/get' }))
        .status,
    ).toBe(204);
    expect((await failure(octokit.rest.repos.get(at))).status).toBe(502);
    const log = (await (await control('GET', 'requests')).json()) as {
      operation: string;
      status: number;
    }[];
    expect(log).toEqual([expect.objectContaining({ operation: 'repos/get', status: 502 })]);
    const state = (await (await control('GET', 'repos/octo-org/monorepo/state')).json()) as Record<
      string,
      unknown
    >;
    expect(state).toMatchObject({ pulls: [], dispatches: [] });
    expect((await control('POST', 'reset', {})).status).toBe(204);
    expect(sandbox.emulator.requests).toEqual([]);
    expect((await control('POST', 'faults', { kind: 'boom' })).status).toBe(422);
  });
});
