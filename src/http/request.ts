/**
 * One HTTP(S) request with Node's own http/https modules, for health checks, Prometheus and the
 * webhook: its own timeout (named by the stage it stopped in), a fresh connection each time (so
 * every check pays DNS, connect and TLS like a user does), TLS always verified, and every network
 * error turned into a failure class with a message a person can act on.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { Socket } from 'node:net';
import type { FailureClass } from '../domain/monitor/checks.js';
import { formatDuration } from '../domain/monitor/duration.js';

/** A request that failed, classified: `dns`, `connection`, `tls` or `timeout`. */
export class RequestFailure extends Error {
  override name = 'RequestFailure';
  constructor(
    readonly failureClass: FailureClass,
    message: string,
  ) {
    super(message);
  }
}

/** The caller's signal stopped the request (the step is being cancelled). */
export class RequestCancelled extends Error {
  override name = 'RequestCancelled';
}

export interface SendOptions {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Give up after this long, whatever the stage. */
  timeoutMs: number;
  /** The timeout named in the message, when `timeoutMs` is what remains of a larger budget. */
  timeoutLabelMs?: number;
  signal?: AbortSignal;
  /** Read at most this much of the body (default 1 MiB); the rest is not downloaded. */
  maxBodyBytes?: number;
}

export interface Response {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** The body was longer than maxBodyBytes; `body` holds its start. */
  truncated: boolean;
}

const DEFAULT_MAX_BODY = 1024 * 1024;
export const USER_AGENT = 'hotfix-actions-post-deploy-monitor';

type Stage = 'connecting' | 'TLS handshake' | 'waiting for the response' | 'reading the body';

export function send(url: URL, options: SendOptions): Promise<Response> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return Promise.reject(new Error(`send: not an http(s) URL: ${url.protocol}`));
  }
  const transport = url.protocol === 'https:' ? https : http;
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  return new Promise<Response>((resolve, reject) => {
    let stage: Stage = 'connecting';
    let settled = false;
    const finish = (action: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      action();
    };
    const headers: Record<string, string> = {
      'user-agent': USER_AGENT,
      accept: '*/*',
      'cache-control': 'no-cache',
      ...options.headers,
    };
    if (options.body !== undefined) {
      headers['content-length'] = String(Buffer.byteLength(options.body));
    }
    const request = transport.request(url, {
      method: options.method ?? 'GET',
      headers,
      // A new connection per request: no pooled socket hides a slow handshake or a dead server.
      agent: false,
      // TLS is always verified; an internal CA is trusted with NODE_EXTRA_CA_CERTS.
      rejectUnauthorized: true,
    });

    const timer = setTimeout(() => {
      const label = formatDuration(options.timeoutLabelMs ?? options.timeoutMs);
      const failure = new RequestFailure('timeout', `no response within ${label} (${stage})`);
      finish(() => reject(failure));
      request.destroy(failure);
    }, options.timeoutMs);
    const onAbort = (): void => {
      const cancelled = new RequestCancelled('cancelled');
      finish(() => reject(cancelled));
      request.destroy(cancelled);
    };
    if (options.signal?.aborted) {
      onAbort();
      return;
    }
    options.signal?.addEventListener('abort', onAbort, { once: true });

    request.on('socket', (socket: Socket) => {
      socket.once('connect', () => {
        if (stage === 'connecting')
          stage = url.protocol === 'https:' ? 'TLS handshake' : 'waiting for the response';
      });
      socket.once('secureConnect', () => {
        if (stage === 'TLS handshake' || stage === 'connecting') stage = 'waiting for the response';
      });
    });
    request.on('error', (error) => finish(() => reject(classifyError(error, url, stage))));
    request.on('response', (response) => {
      stage = 'reading the body';
      const chunks: Buffer[] = [];
      let size = 0;
      const done = (truncated: boolean): void =>
        finish(() =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks, Math.min(size, maxBody)),
            truncated,
          }),
        );
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size > maxBody) {
          done(true);
          request.destroy();
        }
      });
      response.on('end', () => done(false));
      response.on('aborted', () =>
        finish(() =>
          reject(
            new RequestFailure('connection', 'the connection was closed while reading the body'),
          ),
        ),
      );
      response.on('error', (error) => finish(() => reject(classifyError(error, url, stage))));
    });
    request.end(options.body);
  });
}

/** TLS verification problems, in words (Node's codes are OpenSSL's). */
const TLS_PROBLEMS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'a self-signed certificate (an untrusted root CA) is in the chain',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    "the certificate's issuer is unknown (an internal CA that is not trusted, or the server does not send its intermediate certificate)",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    "the certificate's issuer is not a trusted CA (an internal CA, or a missing intermediate certificate)",
  UNABLE_TO_GET_ISSUER_CERT: "the certificate's issuer certificate could not be found",
  CERT_HAS_EXPIRED: 'the certificate has expired',
  CERT_NOT_YET_VALID: 'the certificate is not valid yet',
  CERT_REVOKED: 'the certificate has been revoked',
  CERT_UNTRUSTED: 'the certificate is not trusted',
  CERT_REJECTED: 'the certificate was rejected',
  CERT_SIGNATURE_FAILURE: "the certificate's signature is invalid",
  INVALID_CA: 'a CA certificate in the chain is invalid',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the certificate is not for this host name',
  HOSTNAME_MISMATCH: 'the certificate is not for this host name',
};

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME']);
const CONNECTION_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the server',
  EPIPE: 'connection closed by the server while sending the request',
  ECONNABORTED: 'connection aborted',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EHOSTDOWN: 'host down',
  EADDRNOTAVAIL: 'address not available',
};

interface NodeError extends Error {
  code?: string;
  reason?: string;
  hostname?: string;
}

/** A Node request error as a failure class and a message that names the problem. */
export function classifyError(thrown: unknown, url: URL, stage: string): Error {
  if (thrown instanceof RequestFailure || thrown instanceof RequestCancelled) return thrown;
  // Not `instanceof Error`: errors from another realm (a vm context, a worker) are objects too.
  const error: NodeError =
    typeof thrown === 'object' && thrown !== null
      ? (thrown as NodeError)
      : new Error(String(thrown));
  const code = error.code ?? '';
  const where = url.host;
  if (DNS_CODES.has(code)) {
    return new RequestFailure(
      'dns',
      `cannot resolve ${url.hostname} (${code}${code === 'EAI_AGAIN' ? ': temporary DNS failure' : ''})`,
    );
  }
  const tlsProblem = TLS_PROBLEMS[code];
  if (
    tlsProblem !== undefined ||
    code.startsWith('ERR_TLS_') ||
    code.startsWith('ERR_SSL_') ||
    code === 'EPROTO' ||
    /CERT/.test(code)
  ) {
    const problem = tlsProblem ?? error.message;
    const detail =
      code === 'ERR_TLS_CERT_ALTNAME_INVALID' && error.reason ? `: ${error.reason}` : '';
    return new RequestFailure(
      'tls',
      `TLS verification failed for ${where}: ${problem}${detail} (${code || 'TLS error'}). ` +
        'Fix the certificate, or trust an internal CA with NODE_EXTRA_CA_CERTS.',
    );
  }
  if (code === 'ETIMEDOUT') {
    return new RequestFailure('timeout', `${where}: the operating system timed out (${stage})`);
  }
  if (code === 'ECONNRESET' && /socket hang up/.test(error.message)) {
    return new RequestFailure(
      'connection',
      `${where} closed the connection without a response (${stage})`,
    );
  }
  const connection = CONNECTION_CODES[code];
  if (connection !== undefined) {
    return new RequestFailure('connection', `${where}: ${connection} (${code}, ${stage})`);
  }
  if (code.startsWith('HPE_')) {
    return new RequestFailure('connection', `${where} sent an invalid HTTP response (${code})`);
  }
  // Anything else is still a failed connection, never a pass; the message keeps Node's words.
  return new RequestFailure(
    'connection',
    `${where}: ${error.message}${code ? ` (${code})` : ''} (${stage})`,
  );
}
