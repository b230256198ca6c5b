// The health check against real servers on 127.0.0.1: statuses, bodies, JSON, latency, redirects
// followed by hand, timeouts by stage, refused and reset connections, DNS and TLS failures.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { probeHttp, redirectProblem, jsonAt, MAX_REDIRECTS } from '../../src/monitor/http-probe.js';
import { RequestCancelled } from '../../src/http/request.js';
import type { HttpProbeSpec } from '../../src/domain/monitor/checks.js';
import {
  delay,
  freePort,
  makeCertificates,
  startHttpServer,
  startHttpsServer,
  startTcpServer,
  type Certificates,
  type TestServer,
} from '../helpers/servers.js';

let server: TestServer;
let certificates: Certificates;
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  certificates = makeCertificates();
  server = await startHttpServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    const path = url.pathname;
    if (path === '/health') return void response.end('status: ok');
    if (path === '/json')
      return void response.setHeader('content-type', 'application/json').end(
        JSON.stringify({
          status: 'ok',
          checks: { db: 'up', cache: 'degraded' },
          items: [{ n: 1 }],
        }),
      );
    if (path === '/error') {
      response.statusCode = 500;
      return void response.end('Internal Server Error: <b>db down</b>');
    }
    if (path === '/no-content') {
      response.statusCode = 204;
      return void response.end();
    }
    if (path === '/slow-headers') {
      await delay(Number(url.searchParams.get('ms') ?? '1000'));
      return void response.end('ok');
    }
    if (path === '/slow-body') {
      response.write('first part ');
      await delay(1000);
      return void response.end('rest');
    }
    if (path === '/chain') {
      const left = Number(url.searchParams.get('n') ?? '0');
      if (left === 0) return void response.end('arrived');
      response.statusCode = left % 2 ? 302 : 301;
      // Relative and absolute Locations, both resolved against the current URL.
      response.setHeader(
        'location',
        left % 3 ? `/chain?n=${left - 1}` : `${server.url}/chain?n=${left - 1}`,
      );
      return void response.end();
    }
    if (path === '/loop-a' || path === '/loop-b') {
      response.statusCode = 307;
      response.setHeader('location', path === '/loop-a' ? '/loop-b' : '/loop-a');
      return void response.end();
    }
    if (path === '/to-localhost') {
      response.statusCode = 302;
      response.setHeader('location', `http://localhost:${server.port}/health`);
      return void response.end();
    }
    if (path === '/no-location') {
      response.statusCode = 302;
      return void response.end();
    }
    if (path === '/big') {
      response.write('ok ' + 'x'.repeat(1024 * 1024));
      return void response.end('y'.repeat(1024 * 1024));
    }
    if (path === '/auth') {
      const expected = `Basic ${Buffer.from('monitor:s3cret').toString('base64')}`;
      response.statusCode = request.headers.authorization === expected ? 200 : 401;
      return void response.end(response.statusCode === 200 ? 'ok' : 'who are you');
    }
    response.statusCode = 404;
    response.end('not found');
  });
});

afterAll(async () => {
  await server.close();
  for (const close of closers) await close();
  certificates.remove();
});

function spec(path: string, extra: Partial<HttpProbeSpec> = {}): HttpProbeSpec {
  return {
    kind: 'http',
    id: 'url-1',
    url: path.startsWith('http') ? path : `${server.url}${path}`,
    allowOtherHost: false,
    ...extra,
  };
}

const probe = (s: HttpProbeSpec, timeoutMs = 2000) => probeHttp(s, { timeoutMs });

describe('expectations', () => {
  test('a 2xx passes, with status and latency', async () => {
    const result = await probe(spec('/health'));
    expect(result).toMatchObject({ outcome: 'pass', status: 200 });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
  });

  test('a 500 is http-status, quoting the start of the body', async () => {
    expect(await probe(spec('/error'))).toMatchObject({
      outcome: 'fail',
      failureClass: 'http-status',
      status: 500,
      message: 'HTTP 500, expected a 2xx status: Internal Server Error: <b>db down</b>',
    });
  });

  test('expect-status is exact', async () => {
    expect(await probe(spec('/no-content', { expectStatus: 204 }))).toMatchObject({
      outcome: 'pass',
    });
    expect(await probe(spec('/health', { expectStatus: 204 }))).toMatchObject({
      failureClass: 'http-status',
      message: 'HTTP 200, expected 204: status: ok',
    });
  });

  test('body text and regex', async () => {
    expect(await probe(spec('/health', { expectBody: 'ok' }))).toMatchObject({ outcome: 'pass' });
    expect(await probe(spec('/health', { expectBody: 'healthy' }))).toMatchObject({
      failureClass: 'body',
      message: 'body does not contain "healthy": status: ok',
    });
    expect(await probe(spec('/health', { expectBodyRegex: '^status: (ok|up)$' }))).toMatchObject({
      outcome: 'pass',
    });
    expect(await probe(spec('/health', { expectBodyRegex: '^up$' }))).toMatchObject({
      failureClass: 'body',
    });
  });

  test('a regex that backtracks catastrophically is stopped, not left to hang the monitor', async () => {
    // A repetition inside a repetition, on a page of "x" that never ends in "!".
    const result = await probe(spec('/big', { expectBodyRegex: '^ok (x+)+!$' }));
    expect(result).toMatchObject({ outcome: 'fail', failureClass: 'body' });
    expect(result.message).toContain('took more than 1 s to match and was stopped');
  });

  test('JSON fields by dot path', async () => {
    expect(
      await probe(
        spec('/json', { expectJson: { status: 'ok', 'checks.db': 'up', 'items.0.n': 1 } }),
      ),
    ).toMatchObject({ outcome: 'pass' });
    expect(await probe(spec('/json', { expectJson: { 'checks.cache': 'up' } }))).toMatchObject({
      failureClass: 'body',
      message: 'JSON field checks.cache is "degraded", expected "up"',
    });
    expect(await probe(spec('/json', { expectJson: { 'checks.queue': 'up' } }))).toMatchObject({
      failureClass: 'body',
      message: 'JSON field checks.queue is missing',
    });
    expect(await probe(spec('/health', { expectJson: { status: 'ok' } }))).toMatchObject({
      failureClass: 'body',
      message: 'body is not JSON: status: ok',
    });
  });

  test('max-latency: a correct but slow answer is latency', async () => {
    const result = await probe(spec('/slow-headers?ms=150', { maxLatencyMs: 50 }));
    expect(result).toMatchObject({ outcome: 'fail', failureClass: 'latency', status: 200 });
    expect(result.message).toMatch(/^took \d+ms, more than the allowed 50ms$/);
  });

  test('only the first 1 MiB of a body is read', async () => {
    expect(await probe(spec('/big', { expectBody: 'ok x' }))).toMatchObject({ outcome: 'pass' });
    expect(await probe(spec('/big', { expectBody: 'yyy' }))).toMatchObject({
      failureClass: 'body',
      message: expect.stringContaining('(in the first 1 MiB)'),
    });
  });

  test('credentials in the URL are sent as basic auth and never shown', async () => {
    const url = `http://monitor:s3cret@127.0.0.1:${server.port}/auth`;
    expect(await probe(spec(url))).toMatchObject({ outcome: 'pass' });
    const refused = await probe(spec(`http://monitor:wrong@127.0.0.1:${server.port}/auth`));
    expect(refused).toMatchObject({ failureClass: 'http-status', status: 401 });
    expect(refused.message).not.toContain('wrong');
  });

  test('jsonAt reads own properties only', () => {
    expect(jsonAt({ a: { b: [1, { c: null }] } }, 'a.b.1.c')).toEqual({
      exists: true,
      value: null,
    });
    expect(jsonAt({ a: 1 }, 'a.b')).toEqual({ exists: false });
    expect(jsonAt({}, 'constructor')).toEqual({ exists: false });
  });
});

describe('redirects, followed by hand', () => {
  test('a chain of 5 (relative and absolute Locations) is followed', async () => {
    expect(await probe(spec('/chain?n=5', { expectBody: 'arrived' }))).toMatchObject({
      outcome: 'pass',
      status: 200,
    });
  });

  test(`more than ${MAX_REDIRECTS} is a redirect failure listing the chain`, async () => {
    const result = await probe(spec('/chain?n=6'));
    expect(result).toMatchObject({ outcome: 'fail', failureClass: 'redirect' });
    expect(result.message).toMatch(/^more than 5 redirects \(.*chain\?n=6 → .*chain\?n=0\)$/);
  });

  test('a loop is detected before the limit', async () => {
    const result = await probe(spec('/loop-a'));
    expect(result).toMatchObject({ failureClass: 'redirect', status: 307 });
    expect(result.message).toBe(
      `redirect loop: ${server.url}/loop-a → ${server.url}/loop-b → ${server.url}/loop-a`,
    );
  });

  test('another host only when allowed', async () => {
    const refused = await probe(spec('/to-localhost'));
    expect(refused).toMatchObject({ failureClass: 'redirect' });
    expect(refused.message).toContain('redirect to another host refused');
    expect(refused.message).toContain('allow-other-host: true');
    expect(await probe(spec('/to-localhost', { allowOtherHost: true }))).toMatchObject({
      outcome: 'pass',
    });
  });

  test('a 3xx as expect-status checks the redirect itself', async () => {
    expect(await probe(spec('/loop-a', { expectStatus: 307 }))).toMatchObject({
      outcome: 'pass',
      status: 307,
    });
  });

  test('a redirect without a Location', async () => {
    expect(await probe(spec('/no-location'))).toMatchObject({
      failureClass: 'redirect',
      message: 'HTTP 302 without a Location header',
    });
  });

  test('never from HTTPS to HTTP, never to another scheme', () => {
    const first = new URL('https://a.example/health');
    expect(redirectProblem(first, first, new URL('http://a.example/health'), true)).toMatch(
      /HTTPS to plain HTTP refused/,
    );
    expect(redirectProblem(first, first, new URL('ftp://a.example/x'), true)).toMatch(/ftp:/);
    expect(
      redirectProblem(first, first, new URL('https://A.EXAMPLE/other'), false),
    ).toBeUndefined();
    expect(
      redirectProblem(
        new URL('http://a.example/'),
        new URL('http://a.example/'),
        new URL('https://a.example/'),
        false,
      ),
    ).toBeUndefined();
  });
});

describe('network failures, classified', () => {
  test('timeout while waiting for the response', async () => {
    const result = await probe(spec('/slow-headers?ms=1500'), 200);
    expect(result).toMatchObject({ outcome: 'fail', failureClass: 'timeout' });
    expect(result.message).toBe('no response within 200ms (waiting for the response)');
  });

  test('timeout while reading the body', async () => {
    const result = await probe(spec('/slow-body'), 300);
    expect(result).toMatchObject({ failureClass: 'timeout' });
    expect(result.message).toBe('no response within 300ms (reading the body)');
  });

  test('the timeout covers the whole check, redirects included', async () => {
    const result = await probe(spec('/chain?n=1', { expectBody: 'x' }), 1);
    expect(result.failureClass).toBe('timeout');
  });

  test('connection refused', async () => {
    const port = await freePort();
    const result = await probe(spec(`http://127.0.0.1:${port}/health`));
    expect(result).toMatchObject({ outcome: 'fail', failureClass: 'connection' });
    expect(result.message).toBe(`127.0.0.1:${port}: connection refused (ECONNREFUSED, connecting)`);
  });

  test('a server that resets the connection', async () => {
    const tcp = await startTcpServer((socket) => socket.resetAndDestroy());
    closers.push(tcp.close);
    const result = await probe(spec(`${tcp.url}/health`));
    expect(result).toMatchObject({ failureClass: 'connection' });
    expect(result.message).toMatch(/connection reset by the server|closed the connection/);
  });

  test('a server that closes without answering', async () => {
    const tcp = await startTcpServer((socket) => socket.end());
    closers.push(tcp.close);
    expect(await probe(spec(`${tcp.url}/health`))).toMatchObject({
      failureClass: 'connection',
      message: `127.0.0.1:${tcp.port} closed the connection without a response (waiting for the response)`,
    });
  });

  test('a server that does not speak HTTP', async () => {
    const tcp = await startTcpServer((socket) => socket.end('SSH-2.0-OpenSSH_9.2\r\n\r\n'));
    closers.push(tcp.close);
    expect(await probe(spec(`${tcp.url}/health`))).toMatchObject({
      failureClass: 'connection',
      message: expect.stringContaining('sent an invalid HTTP response (HPE_'),
    });
  });

  test('a name under .invalid does not resolve: dns', async () => {
    expect(await probe(spec('http://status.hotfix.invalid/health'))).toMatchObject({
      outcome: 'fail',
      failureClass: 'dns',
      message: 'cannot resolve status.hotfix.invalid (ENOTFOUND)',
    });
  });

  test('a self-signed certificate is refused and named', async () => {
    const tls = await startHttpsServer(
      certificates.selfSigned,
      (_q, response) => void response.end('ok'),
    );
    closers.push(tls.close);
    const result = await probe(spec(`${tls.url}/health`));
    expect(result).toMatchObject({ outcome: 'fail', failureClass: 'tls' });
    expect(result.message).toContain(
      'the certificate is self-signed (DEPTH_ZERO_SELF_SIGNED_CERT)',
    );
    expect(result.message).toContain('NODE_EXTRA_CA_CERTS');
    expect(tls.requests).toHaveLength(0);
  });

  test("an internal CA's certificate is refused until the CA is trusted", async () => {
    const tls = await startHttpsServer(
      certificates.leaf,
      (_q, response) => void response.end('ok'),
    );
    closers.push(tls.close);
    const result = await probe(spec(`${tls.url}/health`));
    expect(result).toMatchObject({ failureClass: 'tls' });
    expect(result.message).toContain("the certificate's issuer is unknown");
    expect(result.message).toContain('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });

  test('cancellation stops a request in flight: no result, not a failure', async () => {
    const controller = new AbortController();
    const pending = probeHttp(spec('/slow-headers?ms=1500'), {
      timeoutMs: 5000,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toBeInstanceOf(RequestCancelled);
  });
});
