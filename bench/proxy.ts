/**
 * A recording proxy in front of the GitHub emulator: the bench points `GITHUB_API_URL` at it to
 * learn when each request started (first byte in) and ended (last byte of the answer out), which
 * the emulator's log (one timestamp, at the answer, in whole milliseconds) cannot tell.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface TimedRequest {
  method: string;
  path: string;
  /** performance.now() when the request reached the proxy. */
  start: number;
  /** performance.now() when its answer had been sent back. */
  end: number;
}

export interface RecordingProxy {
  url: string;
  requests: TimedRequest[];
  close(): Promise<void>;
}

export async function startProxy(target: string): Promise<RecordingProxy> {
  const upstream = new URL(target);
  const requests: TimedRequest[] = [];
  const server: Server = createServer((incoming, outgoing) => {
    const start = performance.now();
    const forward = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
        answer.on('end', () => {
          requests.push({
            method: incoming.method ?? 'GET',
            path: (incoming.url ?? '').split('?')[0] ?? '',
            start,
            end: performance.now(),
          });
        });
      },
    );
    forward.on('error', () => outgoing.destroy());
    incoming.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * The longest chain of requests each of which started only after the previous one had ended:
 * the number of sequential round trips the run paid for. Requests that overlap in time (run in
 * parallel) share a level. Dynamic programming over the requests in start order.
 */
export function longestChain(requests: readonly TimedRequest[]): number {
  const sorted = [...requests].sort((a, b) => a.start - b.start);
  const depth: number[] = [];
  let longest = 0;
  for (let i = 0; i < sorted.length; i++) {
    let best = 0;
    for (let j = 0; j < i; j++) {
      if (sorted[j]!.end <= sorted[i]!.start) best = Math.max(best, depth[j]!);
    }
    depth[i] = best + 1;
    longest = Math.max(longest, best + 1);
  }
  return longest;
}
