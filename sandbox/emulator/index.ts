import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleControl } from './controls.js';
import { serveGraphql } from './graphql.js';
import { type Body, type Reply, type Route, HttpError } from './http.js';
import {
  bestMatch,
  findOperation,
  operationIdOf,
  validateRequestBody,
  validateResponse,
} from './openapi.js';
import { type Limits, setLimits } from './limits.js';
import { Ids, Repository, setClock, type RepositoryState } from './repository.js';
import { allRoutes } from './routes/index.js';

export type { RepositoryState } from './repository.js';
export type * from './repository.js';

/**
 * A local GitHub REST API on real git repositories, for end-to-end tests of the actions (reached
 * through `GITHUB_API_URL`, as on GitHub Enterprise Server). See sandbox/README.md.
 */

export interface EmulatorOptions {
  /** Check every request body and response against GitHub's OpenAPI description (default true). */
  validate?: boolean;
  latencyMs?: number;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Called after each API request is answered (the CLI prints them). */
  onRequest?: (entry: RequestLogEntry) => void;
}

export interface RequestLogEntry {
  method: string;
  /** Path as requested, without the query. */
  path: string;
  query: string;
  /** OpenAPI operation id (`git/update-ref`), or null for a route GitHub does not have. */
  operation: string | null;
  status: number;
  requestBody: unknown;
  responseBody: unknown;
  /** Whether an `Authorization` token came with the request (its value is never kept). */
  authenticated: boolean;
  /** The injected fault this request met, if any. */
  fault: FaultKind | null;
  timestamp: string;
}

export type FaultKind =
  | 'status-502'
  | 'secondary-rate-limit'
  | 'secondary-rate-limit-429'
  | 'secondary-rate-limit-no-retry-after'
  | 'rate-limit'
  | 'drop-after-write'
  | 'applied-then-502'
  | 'not-accessible-by-integration'
  | 'pull-requests-not-permitted';

/** Faults that let the request be served (applied) first. */
const APPLYING_FAULTS: readonly FaultKind[] = ['drop-after-write', 'applied-then-502'];

export interface FaultSpec {
  method?: string;
  /** An operation id (`git/update-ref`) or a regular expression over the request path. */
  route?: string | RegExp;
  /** How many matching requests meet the fault. */
  times: number;
  /** Matching requests let through before the fault starts (to hit the n-th write). */
  skip?: number;
  kind: FaultKind;
  /** Seconds a rate-limit fault asks the client to wait (default 1). */
  retryAfter?: number;
}

export interface Emulator {
  /** The `GITHUB_API_URL`, e.g. http://127.0.0.1:43123 */
  readonly url: string;
  addRepository(fullName: string, barePath: string, options?: { defaultBranch?: string }): void;
  readonly requests: RequestLogEntry[];
  countRequests(filter?: { method?: string; operation?: string; path?: RegExp }): number;
  /** Drift and gaps found so far: unknown routes, bodies or responses that break the OpenAPI description. */
  readonly problems: string[];
  injectFault(fault: FaultSpec): void;
  setLatency(ms: number): void;
  /** Clears the log, problems, faults, latency, clock and limits; with `state: true` also every in-memory record. */
  reset(options?: { state?: boolean }): void;
  /** Stamps records with this time instead of the real one (undefined: the real time again). */
  setClock(iso: string | undefined): void;
  /** Lowers (or raises) GitHub's response size limits; `reset` restores them. */
  setLimits(changes: Partial<Limits>): void;
  repo(fullName: string): RepositoryState;
  /** Throws, listing them, when problems were recorded (call it after each test). */
  assertNoProblems(): void;
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const emulator = new GitHubEmulator(options);
  await emulator.listen(options.port ?? 0);
  return emulator;
}

const REPO_TEMPLATE = /^\/repos\/\{owner\}\/\{repo\}/;

/** The request log's name for a GraphQL request (`POST /graphql`), which has no OpenAPI operation. */
export const GRAPHQL_OPERATION = 'graphql';

/** Whether a logged request could change anything: a REST call other than GET, or a GraphQL mutation. */
export function isWrite(
  entry: Pick<RequestLogEntry, 'method' | 'operation' | 'requestBody'>,
): boolean {
  if (entry.operation !== GRAPHQL_OPERATION) return entry.method !== 'GET';
  const query = (entry.requestBody as { query?: unknown } | undefined)?.query;
  return typeof query === 'string' && /^\s*mutation\b/.test(query);
}

class GitHubEmulator implements Emulator {
  readonly requests: RequestLogEntry[] = [];
  readonly problems: string[] = [];
  private readonly faults: (FaultSpec & { left: number })[] = [];
  private readonly repositories = new Map<string, Repository>();
  private readonly routes: (Route & { segments: string[] })[];
  private readonly checkedRoutes = new Set<Route>();
  private readonly ids = new Ids();
  private readonly validate: boolean;
  private latencyMs: number;
  private readonly onRequest: ((entry: RequestLogEntry) => void) | undefined;
  private server: Server | undefined;
  private baseUrl = '';

  constructor(options: EmulatorOptions) {
    this.validate = options.validate ?? true;
    this.latencyMs = options.latencyMs ?? 0;
    this.onRequest = options.onRequest;
    this.routes = allRoutes.map((r) => {
      if (!REPO_TEMPLATE.test(r.template))
        throw new Error(`sandbox: ${r.template} is not a repository route`);
      return { ...r, segments: r.template.split('/').slice(1) };
    });
  }

  get url(): string {
    return this.baseUrl;
  }

  listen(port: number): Promise<void> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        this.problems.push(`sandbox: internal error on ${req.method} ${req.url}: ${String(error)}`);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: 'sandbox: internal error', documentation_url: '' }));
      });
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        const { port: actual } = server.address() as AddressInfo;
        this.baseUrl = `http://127.0.0.1:${actual}`;
        resolve();
      });
    });
  }

  addRepository(
    fullName: string,
    barePath: string,
    options: { defaultBranch?: string } = {},
  ): void {
    if (!existsSync(barePath)) throw new Error(`sandbox: no git repository at ${barePath}`);
    const defaultBranch = options.defaultBranch ?? headBranch(barePath);
    const repo = new Repository(
      fullName,
      barePath,
      defaultBranch,
      this.ids.id(),
      this.baseUrl,
      this.ids,
    );
    this.repositories.set(fullName.toLowerCase(), repo);
  }

  countRequests(filter: { method?: string; operation?: string; path?: RegExp } = {}): number {
    return this.requests.filter(
      (r) =>
        (!filter.method || r.method === filter.method.toUpperCase()) &&
        (!filter.operation || r.operation === filter.operation) &&
        (!filter.path || filter.path.test(r.path)),
    ).length;
  }

  injectFault(fault: FaultSpec): void {
    this.faults.push({ ...fault, left: fault.times });
  }

  setLatency(ms: number): void {
    this.latencyMs = ms;
  }

  setClock(iso: string | undefined): void {
    setClock(iso);
  }

  setLimits(changes: Partial<Limits>): void {
    setLimits(changes);
  }

  reset(options: { state?: boolean } = {}): void {
    this.requests.length = 0;
    this.problems.length = 0;
    this.faults.length = 0;
    this.latencyMs = 0;
    setClock(undefined);
    setLimits(undefined);
    if (options.state) for (const repo of this.repositories.values()) repo.resetState();
  }

  repo(fullName: string): RepositoryState {
    const repo = this.repositories.get(fullName.toLowerCase());
    if (!repo) throw new Error(`sandbox: no repository ${fullName}`);
    return repo.state;
  }

  assertNoProblems(): void {
    if (this.problems.length > 0) {
      throw new Error(`GitHub emulator problems:\n- ${this.problems.join('\n- ')}`);
    }
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (!this.server) return resolve();
      this.server.close((error) => (error ? reject(error) : resolve()));
      this.server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const method = (req.method ?? 'GET').toUpperCase();
    const raw = await readBody(req);

    if (url.pathname.startsWith('/_sandbox/')) {
      const reply = await handleControl(this, method, url.pathname, raw);
      return send(res, reply);
    }

    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
    const authenticated = /^(token|bearer)\s+\S+/i.test(req.headers.authorization ?? '');
    const graphqlRequest = method === 'POST' && url.pathname === '/graphql';
    const found = graphqlRequest
      ? undefined
      : bestMatch(
          this.routes.filter((r) => r.method === method),
          url.pathname,
        );
    const route = found?.candidate;
    const params = found?.params ?? {};
    const operation = graphqlRequest
      ? GRAPHQL_OPERATION
      : (route?.operation ?? this.unknownOperation(method, url.pathname));

    let requestBody: unknown;
    let fault: FaultKind | null = null;
    let reply: Reply;
    try {
      requestBody = parseJson(raw);
      if (!authenticated) throw new HttpError(401, 'Requires authentication');
      if (graphqlRequest) {
        const injected = this.takeFault(method, GRAPHQL_OPERATION, url.pathname);
        fault = injected?.kind ?? null;
        reply =
          injected && !APPLYING_FAULTS.includes(injected.kind)
            ? faultReply(injected.kind, injected.retryAfter ?? 1)
            : await this.serveGraphql(requestBody);
      } else if (!route) {
        this.problems.push(
          `${method} ${url.pathname} (${operation ?? 'not a GitHub route'}): sandbox: no route`,
        );
        throw new HttpError(404, `sandbox: no route for ${method} ${url.pathname}`);
      } else {
        const injected = this.takeFault(method, route.operation, url.pathname);
        fault = injected?.kind ?? null;
        if (injected && !APPLYING_FAULTS.includes(injected.kind)) {
          reply = faultReply(injected.kind, injected.retryAfter ?? 1);
        } else {
          reply = await this.serve(route, url, params, requestBody);
        }
      }
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      reply = error.toReply();
    }

    const entry: RequestLogEntry = {
      method,
      path: url.pathname,
      query: url.search,
      operation,
      status: reply.status,
      requestBody,
      responseBody: reply.body,
      authenticated,
      fault,
      timestamp: new Date().toISOString(),
    };
    this.requests.push(entry);
    this.onRequest?.(entry);
    if (fault === 'drop-after-write') {
      // The write happened; the client never hears about it.
      req.socket.destroy();
      return;
    }
    if (fault === 'applied-then-502') {
      // The write happened; the client hears a server error (a proxy timing out, say).
      send(res, faultReply('status-502', 0));
      return;
    }
    send(res, reply);
  }

  private unknownOperation(method: string, path: string): string | null {
    return this.validate ? (findOperation(method, path)?.operationId ?? null) : null;
  }

  private takeFault(method: string, operation: string, path: string): FaultSpec | null {
    const fault = this.faults.find(
      (f) =>
        f.left > 0 &&
        (!f.method || f.method.toUpperCase() === method) &&
        (!f.route || (typeof f.route === 'string' ? f.route === operation : f.route.test(path))),
    );
    if (!fault) return null;
    if ((fault.skip ?? 0) > 0) {
      fault.skip = (fault.skip ?? 0) - 1;
      return null;
    }
    fault.left--;
    return fault;
  }

  private async serve(
    route: Route,
    url: URL,
    params: Record<string, string>,
    body: unknown,
  ): Promise<Reply> {
    if (this.validate) this.checkRouteAgainstSpec(route);
    if (this.validate) {
      const result = validateRequestBody(route.operation, body);
      if (!result.ok) {
        this.problems.push(`request body of ${route.operation}: ${result.message}`);
        throw new HttpError(422, `Invalid request.\n\n${result.message}`);
      }
    }
    // Every route is a repository's (see `allRoutes`).
    const repo = this.repositories.get(`${params['owner']}/${params['repo']}`.toLowerCase());
    if (!repo) throw new HttpError(404, 'Not Found');
    const reply = await route.handler({
      repo,
      params,
      query: url.searchParams,
      body: (body ?? {}) as Body,
      path: url.pathname,
    });
    if (this.validate) {
      const result = validateResponse(route.operation, reply.status, reply.body);
      if (!result.ok)
        this.problems.push(`response ${reply.status} of ${route.operation}: ${result.message}`);
    }
    return reply;
  }

  private async serveGraphql(body: unknown): Promise<Reply> {
    const { reply, problems } = await serveGraphql(body, (owner, name) =>
      this.repositories.get(`${owner}/${name}`.toLowerCase()),
    );
    this.problems.push(...problems);
    return reply;
  }

  private checkRouteAgainstSpec(route: Route): void {
    if (this.checkedRoutes.has(route)) return;
    this.checkedRoutes.add(route);
    const documented = operationIdOf(route.method, route.template);
    if (documented !== route.operation) {
      this.problems.push(
        `sandbox route ${route.method} ${route.template} says ${route.operation}, OpenAPI says ${documented ?? 'nothing'}`,
      );
    }
  }
}

function headBranch(barePath: string): string {
  try {
    const head = execFileSync('git', ['--git-dir', barePath, 'symbolic-ref', '--short', 'HEAD'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    return head || 'main';
  } catch {
    return 'main';
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new HttpError(400, 'Problems parsing JSON');
  }
}

function faultReply(kind: FaultKind, retryAfter: number): Reply {
  const docs = 'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api';
  switch (kind) {
    case 'status-502':
      return {
        status: 502,
        body: { message: 'Server Error', documentation_url: docs, status: '502' },
      };
    case 'secondary-rate-limit':
      return {
        status: 403,
        headers: { 'retry-after': String(retryAfter) },
        body: {
          message:
            'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
          documentation_url: docs,
          status: '403',
        },
      };
    case 'secondary-rate-limit-429':
      return {
        status: 429,
        headers: { 'retry-after': String(retryAfter) },
        body: {
          message:
            'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
          documentation_url: docs,
          status: '429',
        },
      };
    case 'secondary-rate-limit-no-retry-after':
      return {
        status: 403,
        body: {
          message:
            'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
          documentation_url: docs,
          status: '403',
        },
      };
    case 'not-accessible-by-integration':
      return {
        status: 403,
        body: {
          message: 'Resource not accessible by integration',
          documentation_url: 'https://docs.github.com/rest',
          status: '403',
        },
      };
    case 'pull-requests-not-permitted':
      return {
        status: 403,
        body: {
          message: 'GitHub Actions is not permitted to create or approve pull requests.',
          documentation_url: 'https://docs.github.com/rest/pulls/pulls#create-a-pull-request',
          status: '403',
        },
      };
    case 'drop-after-write':
    case 'applied-then-502':
      throw new Error(`sandbox: ${kind} is not answered by a reply`);
    case 'rate-limit':
      return {
        status: 403,
        headers: {
          'x-ratelimit-limit': '5000',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-used': '5000',
          'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + retryAfter),
        },
        body: { message: 'API rate limit exceeded.', documentation_url: docs, status: '403' },
      };
  }
}

let requestCounter = 0;

function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = {
    'x-github-api-version-selected': '2022-11-28',
    'x-github-request-id': `SANDBOX:${++requestCounter}`,
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': '4999',
    'x-ratelimit-used': '1',
    'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 3600),
    'x-ratelimit-resource': 'core',
    ...reply.headers,
  };
  if (reply.body === undefined) {
    res.writeHead(reply.status, headers);
    res.end();
    return;
  }
  const payload = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(payload)),
  });
  res.end(payload);
}
