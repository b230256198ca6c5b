// Test helper: real servers on 127.0.0.1 for the monitor's probes (HTTP, HTTPS with certificates
// made by the openssl CLI, raw TCP for resets and garbage), and a free port nobody listens on.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestServer {
  url: string;
  port: number;
  /** Requests received so far (method and URL). */
  requests: { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }[];
  close(): Promise<void>;
}

export type Handler = (
  request: http.IncomingMessage,
  response: http.ServerResponse,
  index: number,
) => void | Promise<void>;

function listening(server: net.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
  });
}

function closer(server: http.Server | net.Server, sockets: Set<net.Socket>): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
}

async function serve(
  server: http.Server,
  scheme: 'http' | 'https',
  handler: Handler,
): Promise<TestServer> {
  const requests: TestServer['requests'] = [];
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('request', (request: http.IncomingMessage, response: http.ServerResponse) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const index = requests.length;
      requests.push({
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body,
      });
      void Promise.resolve(handler(request, response, index)).catch((error: unknown) => {
        response.statusCode = 599;
        response.end(String(error));
      });
    });
  });
  const port = await listening(server);
  return { url: `${scheme}://127.0.0.1:${port}`, port, requests, close: closer(server, sockets) };
}

export function startHttpServer(handler: Handler): Promise<TestServer> {
  return serve(http.createServer(), 'http', handler);
}

export function startHttpsServer(
  credentials: { key: string; cert: string },
  handler: Handler,
): Promise<TestServer> {
  return serve(https.createServer(credentials), 'https', handler);
}

/** A TCP server that does `onConnection` with each socket (reset it, close it, write garbage). */
export async function startTcpServer(
  onConnection: (socket: net.Socket) => void,
): Promise<{ url: string; port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    // Wait for the request, then act, as a crashing server would.
    socket.once('data', () => onConnection(socket));
  });
  const port = await listening(server);
  return { url: `http://127.0.0.1:${port}`, port, close: closer(server, sockets) };
}

/** A port on 127.0.0.1 with nothing listening (bound, then released). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  const port = await listening(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A pause in a server's handler; it does not keep the test process alive. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

export interface Certificates {
  dir: string;
  /** Self-signed for 127.0.0.1 and localhost. */
  selfSigned: { key: string; cert: string };
  /** A test CA's certificate (PEM file path and text). */
  caFile: string;
  /** Signed by the CA, for IP 127.0.0.1 only (so `localhost` is the wrong host name). */
  leaf: { key: string; cert: string };
  remove(): void;
}

/** Makes the certificates with the openssl CLI (which must be installed: the tests fail otherwise). */
export function makeCertificates(): Certificates {
  try {
    execFileSync('openssl', ['version'], { stdio: 'pipe' });
  } catch {
    throw new Error('The openssl CLI is required by the TLS tests (apt-get install openssl).');
  }
  const dir = mkdtempSync(join(tmpdir(), 'hotfix-tls-'));
  const openssl = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  };
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(
    'req',
    '-x509',
    ...ec,
    '-keyout',
    'self.key',
    '-out',
    'self.pem',
    '-days',
    '2',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1,DNS:localhost',
  );
  openssl(
    'req',
    '-x509',
    ...ec,
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-subj',
    '/CN=Hotfix Test Internal CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
  openssl(
    'req',
    '-new',
    ...ec,
    '-keyout',
    'leaf.key',
    '-out',
    'leaf.csr',
    '-subj',
    '/CN=127.0.0.1',
  );
  writeFileSync(join(dir, 'leaf.ext'), 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n');
  openssl(
    'x509',
    '-req',
    '-in',
    'leaf.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'leaf.pem',
    '-days',
    '2',
    '-extfile',
    'leaf.ext',
  );
  const read = (name: string): string => readFileSync(join(dir, name), 'utf8');
  return {
    dir,
    selfSigned: { key: read('self.key'), cert: read('self.pem') },
    caFile: join(dir, 'ca.pem'),
    leaf: { key: read('leaf.key'), cert: read('leaf.pem') },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
