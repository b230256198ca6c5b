// Reading Prometheus's instant-query answers, and judging them against max/min. The same code
// against a real Prometheus server: test/e2e/post-deploy-monitor.prometheus.test.ts.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { judge, parseQueryResponse, probeQuery, queryUrl } from '../../src/monitor/prometheus.js';
import type { QueryProbeSpec } from '../../src/domain/monitor/checks.js';
import { freePort, startHttpServer, type TestServer } from '../helpers/servers.js';

const spec = (extra: Partial<QueryProbeSpec> = {}): QueryProbeSpec => ({
  kind: 'prometheus',
  id: 'query-1',
  name: '5xx ratio',
  url: 'http://prom.example',
  query: 'sum(rate(x[5m]))',
  max: 0.01,
  ...extra,
});

const vector = (...samples: [Record<string, string>, string][]) =>
  JSON.stringify({
    status: 'success',
    data: {
      resultType: 'vector',
      result: samples.map(([metric, value]) => ({ metric, value: [1741176000.1, value] })),
    },
  });

describe('queryUrl', () => {
  test('appends /api/v1/query to the base URL, keeping a path prefix', () => {
    expect(queryUrl('http://prom:9090', 'up == 1').href).toBe(
      'http://prom:9090/api/v1/query?query=up+%3D%3D+1',
    );
    expect(queryUrl('https://x.example/prometheus/', 'a{b="c"}').href).toBe(
      'https://x.example/prometheus/api/v1/query?query=a%7Bb%3D%22c%22%7D',
    );
  });
});

describe('parseQueryResponse', () => {
  test('vectors and scalars', () => {
    expect(parseQueryResponse(200, vector([{ code: '500' }, '0.5']))).toEqual({
      samples: [{ labels: { code: '500' }, value: 0.5 }],
    });
    expect(
      parseQueryResponse(
        200,
        JSON.stringify({ status: 'success', data: { resultType: 'scalar', result: [1, '+Inf'] } }),
      ),
    ).toEqual({ samples: [{ labels: {}, value: Infinity }] });
  });

  test("Prometheus's refusal, a range vector, and non-JSON are query errors", () => {
    expect(
      parseQueryResponse(
        400,
        JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'parse error at char 5' }),
      ),
    ).toEqual({
      error: 'Prometheus refused the query (HTTP 400): bad_data: parse error at char 5',
    });
    expect(
      parseQueryResponse(
        200,
        JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [] } }),
      ),
    ).toMatchObject({ error: expect.stringContaining('returns a matrix, not a number') });
    expect(parseQueryResponse(502, '<html>Bad Gateway</html>')).toEqual({
      error: 'Prometheus answered HTTP 502 with no JSON: <html>Bad Gateway</html>',
    });
  });
});

describe('judge', () => {
  test('within bounds passes with the value nearest the bound', () => {
    expect(
      judge(spec(), [
        { labels: {}, value: 0.001 },
        { labels: {}, value: 0.009 },
      ]),
    ).toEqual({
      outcome: 'pass',
      value: 0.009,
    });
    expect(
      judge(spec({ max: undefined, min: 1 }), [
        { labels: {}, value: 3 },
        { labels: {}, value: 2 },
      ]),
    ).toEqual({
      outcome: 'pass',
      value: 2,
    });
  });

  test('outside a bound is query-bound, naming the worst series', () => {
    expect(
      judge(spec(), [
        { labels: { service: 'a' }, value: 0.02 },
        { labels: { service: 'b' }, value: 0.5 },
      ]),
    ).toEqual({
      outcome: 'fail',
      failureClass: 'query-bound',
      message: '5xx ratio = 0.5 for {service="b"}, above max 0.01',
      value: 0.5,
    });
    expect(judge(spec({ max: undefined, min: 1 }), [{ labels: {}, value: 0 }])).toMatchObject({
      failureClass: 'query-bound',
      message: '5xx ratio = 0, below min 1',
    });
    expect(judge(spec(), [{ labels: {}, value: Infinity }])).toMatchObject({
      message: '5xx ratio = +Inf, above max 0.01',
    });
  });

  test('no series, or only NaN, is empty: its own outcome', () => {
    expect(judge(spec(), [])).toEqual({
      outcome: 'empty',
      message: 'the query returned no series',
    });
    expect(judge(spec(), [{ labels: {}, value: NaN }])).toEqual({
      outcome: 'empty',
      message: 'the query returned only NaN',
    });
  });
});

describe('probeQuery over HTTP', () => {
  let server: TestServer;
  let answer: { status: number; body: string } = { status: 200, body: vector() };
  beforeAll(async () => {
    server = await startHttpServer((_request, response) => {
      response.statusCode = answer.status;
      response.end(answer.body);
    });
  });
  afterAll(() => server.close());

  test('sends the query and judges the answer', async () => {
    answer = { status: 200, body: vector([{}, '0.2']) };
    const result = await probeQuery(spec({ url: `${server.url}/prom` }), { timeoutMs: 2000 });
    expect(result).toMatchObject({ outcome: 'fail', failureClass: 'query-bound', value: 0.2 });
    expect(server.requests.at(-1)?.url).toBe(
      '/prom/api/v1/query?query=sum%28rate%28x%5B5m%5D%29%29',
    );
  });

  test('an error answer is query-error', async () => {
    answer = {
      status: 422,
      body: JSON.stringify({ status: 'error', errorType: 'execution', error: 'too many samples' }),
    };
    expect(await probeQuery(spec({ url: server.url }), { timeoutMs: 2000 })).toMatchObject({
      failureClass: 'query-error',
      message: 'Prometheus refused the query (HTTP 422): execution: too many samples',
    });
  });

  test('an unreachable Prometheus keeps its network class', async () => {
    const port = await freePort();
    expect(
      await probeQuery(spec({ url: `http://127.0.0.1:${port}` }), { timeoutMs: 2000 }),
    ).toMatchObject({
      failureClass: 'connection',
      message: expect.stringMatching(/^Prometheus: 127\.0\.0\.1:\d+: connection refused/),
    });
  });
});
