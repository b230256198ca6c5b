/** A local HTTP server for the monitor's probes (127.0.0.1, a free port). */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

export interface HttpServer {
  url: string;
  requests: number;
  close(): Promise<void>;
}

export async function startHttpServer(
  handler: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<HttpServer> {
  const state = { url: '', requests: 0 } as HttpServer;
  const server = createServer((request, response) => {
    state.requests++;
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  state.url = `http://127.0.0.1:${port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return state;
}
