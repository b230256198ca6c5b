import type { Emulator, FaultSpec } from './index.js';
import type { Reply } from './http.js';

/**
 * The test controls over HTTP, under `/_sandbox/`, for a person or another process driving the
 * emulator (the in-process API is the `Emulator` object itself). No token needed; never logged.
 *
 *   GET  /_sandbox/requests                    the request log
 *   GET  /_sandbox/problems                    recorded problems
 *   POST /_sandbox/faults    {kind, times, method?, operation?, pathPattern?, retryAfter?}
 *   POST /_sandbox/latency   {ms}
 *   POST /_sandbox/reset     {state?: boolean}
 *   POST /_sandbox/repos     {fullName, path, defaultBranch?}
 *   GET  /_sandbox/repos/{owner}/{name}/state  pulls, issues, releases, dispatches...
 */
export async function handleControl(
  emulator: Emulator,
  method: string,
  path: string,
  raw: Buffer,
): Promise<Reply> {
  let body: Record<string, unknown>;
  try {
    body = raw.length ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) : {};
  } catch {
    return { status: 400, body: { message: 'Problems parsing JSON' } };
  }
  const route = `${method} ${path.replace(/\/+$/, '')}`;
  try {
    if (route === 'GET /_sandbox/requests') return { status: 200, body: emulator.requests };
    if (route === 'GET /_sandbox/problems') return { status: 200, body: emulator.problems };
    if (route === 'POST /_sandbox/faults') {
      const fault: FaultSpec = {
        kind: body['kind'] as FaultSpec['kind'],
        times: Number(body['times'] ?? 1),
      };
      if (typeof body['method'] === 'string') fault.method = body['method'];
      if (typeof body['operation'] === 'string') fault.route = body['operation'];
      if (typeof body['pathPattern'] === 'string') fault.route = new RegExp(body['pathPattern']);
      if (typeof body['retryAfter'] === 'number') fault.retryAfter = body['retryAfter'];
      if (!FAULT_KINDS.includes(fault.kind)) {
        return { status: 422, body: { message: `kind must be one of ${FAULT_KINDS.join(', ')}` } };
      }
      emulator.injectFault(fault);
      return { status: 204 };
    }
    if (route === 'POST /_sandbox/latency') {
      emulator.setLatency(Number(body['ms'] ?? 0));
      return { status: 204 };
    }
    if (route === 'POST /_sandbox/reset') {
      emulator.reset({ state: body['state'] === true });
      return { status: 204 };
    }
    if (route === 'POST /_sandbox/repos') {
      const options =
        typeof body['defaultBranch'] === 'string' ? { defaultBranch: body['defaultBranch'] } : {};
      emulator.addRepository(String(body['fullName']), String(body['path']), options);
      return { status: 204 };
    }
    const state = /^GET \/_sandbox\/repos\/([^/]+)\/([^/]+)\/state$/.exec(route);
    if (state) return { status: 200, body: emulator.repo(`${state[1]}/${state[2]}`) };
  } catch (error) {
    return { status: 400, body: { message: (error as Error).message } };
  }
  return { status: 404, body: { message: `sandbox: no control ${route}` } };
}

const FAULT_KINDS: FaultSpec['kind'][] = [
  'status-502',
  'secondary-rate-limit',
  'secondary-rate-limit-429',
  'secondary-rate-limit-no-retry-after',
  'rate-limit',
  'drop-after-write',
  'applied-then-502',
  'not-accessible-by-integration',
  'pull-requests-not-permitted',
];
