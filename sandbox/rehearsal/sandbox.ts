// The rehearsal's sandbox: the process's monorepo (the fixture) as a bare repository served by the
// GitHub emulator, and a local health endpoint standing in for production. The fixture's
// `.github/hotfix.yml` watches https://<product>.krow.example/health for 2 hours; the rehearsal
// rewrites that file throughout the history (the bytes of every other file, the dates, authors,
// messages and tags stay) so that every production tag's configuration watches the local endpoint
// for 10 seconds. The deploy workflow then reads its configuration at the tag, as on GitHub.
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '../emulator/index.js';
import { createMonorepo, removeTmpDirs, runGit, tmpDir } from '../fixtures/monorepo.js';
import type { RehearsalRepository } from './runner.js';

/** The monitor settings the rehearsal gives every product (the action's 10s default check timeout fits the interval). */
export const REHEARSAL_MONITOR = { duration: '10s', interval: '10s' };

export interface HealthEndpoint {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** Requests seen, by path. */
  hits: Map<string, number>;
  /** Makes it answer 503 from now on (or healthy again). */
  setHealthy(healthy: boolean): void;
  close(): Promise<void>;
}

/** A production health endpoint on 127.0.0.1: `GET /<product scope>/health` → 200 `status: ok`. */
export async function startHealthEndpoint(): Promise<HealthEndpoint> {
  const hits = new Map<string, number>();
  let healthy = true;
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    if (!path.endsWith('/health')) {
      response.writeHead(404).end('not found');
    } else if (!healthy) {
      response.writeHead(503, { 'content-type': 'text/plain' }).end('database unavailable');
    } else {
      response.writeHead(200, { 'content-type': 'text/plain' }).end('status: ok');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    setHealthy: (value) => (healthy = value),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The configuration with its monitors pointed at the local endpoint, for a few seconds. */
export function localMonitorConfig(text: string, healthUrl: string): string {
  const rewritten = text
    .replace(/https:\/\/([a-z0-9-]+)\.krow\.example\/health/g, `${healthUrl}/$1/health`)
    .replace(/^(\s+duration:) 2h$/gm, `$1 ${REHEARSAL_MONITOR.duration}`)
    .replace(/^(\s+interval:) 1m$/gm, `$1 ${REHEARSAL_MONITOR.interval}`);
  if (rewritten === text) throw new Error('The fixture configuration has no monitor to point.');
  return rewritten;
}

/**
 * Copies a bare repository's whole history (branches, annotated and lightweight tags) into a new
 * bare repository, passing each blob that is the configuration through `rewrite`.
 */
export function rewriteHistory(
  source: string,
  target: string,
  isConfig: (blob: string) => boolean,
  rewrite: (blob: string) => string,
): void {
  const stream = execFileSync('git', ['fast-export', '--all', '--signed-tags=strip'], {
    cwd: source,
    maxBuffer: 1024 * 1024 * 1024,
    env: gitEnv(),
  });
  const out: Buffer[] = [];
  let pos = 0;
  let command = '';
  let rewritten = 0;
  while (pos < stream.length) {
    const end = stream.indexOf(0x0a, pos);
    const lineEnd = end < 0 ? stream.length : end;
    const line = stream.subarray(pos, lineEnd).toString('utf8');
    pos = lineEnd + 1;
    const data = /^data (\d+)$/.exec(line);
    if (data) {
      const length = Number(data[1]);
      let content = stream.subarray(pos, pos + length);
      pos += length;
      if (command === 'blob') {
        const text = content.toString('utf8');
        if (isConfig(text)) {
          content = Buffer.from(rewrite(text), 'utf8');
          rewritten++;
        }
      }
      out.push(Buffer.from(`data ${content.length}\n`), content);
      continue;
    }
    const word = line.split(' ')[0] ?? '';
    if (['blob', 'commit', 'tag', 'reset', 'feature', 'option', 'done'].includes(word)) {
      command = word;
    }
    out.push(Buffer.from(`${line}\n`));
  }
  if (rewritten === 0) throw new Error(`No configuration blob found in ${source}.`);
  runGit(['init', '--quiet', '--bare', '--initial-branch=main', target], source);
  execFileSync('git', ['fast-import', '--quiet'], {
    cwd: target,
    input: Buffer.concat(out),
    env: gitEnv(),
    maxBuffer: 64 * 1024 * 1024,
  });
}

function gitEnv(): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: process.env['HOME'] ?? '/tmp',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
  };
}

export interface RehearsalSandbox {
  emulator: Emulator;
  health: HealthEndpoint;
  /** Where everything lives on disk (kept by the demo for `git log`). */
  dir: string;
  /** A fixture monorepo, configured for the rehearsal and served as `owner/name`. */
  addRepository(fullName: string): Promise<RehearsalRepository>;
  /** Stops the servers; removes the files unless `keep`. */
  close(options?: { keep?: boolean }): Promise<void>;
}

export async function createRehearsalSandbox(
  options: { commits?: number; releases?: number } = {},
): Promise<RehearsalSandbox> {
  const dir = tmpDir('hotfix-rehearsal');
  const health = await startHealthEndpoint();
  const emulator = await startEmulator();
  return {
    emulator,
    health,
    dir,
    async addRepository(fullName) {
      const name = fullName.replace('/', '-');
      const fixture = await createMonorepo(join(dir, `${name}-fixture`), {
        ...(options.commits !== undefined ? { commits: options.commits } : {}),
        ...(options.releases !== undefined ? { releases: options.releases } : {}),
      });
      const bare = join(dir, `${name}.git`);
      rewriteHistory(
        fixture.bare,
        bare,
        (blob) => blob.startsWith('# Hotfix Actions configuration') && blob.includes('monitor:'),
        (blob) => localMonitorConfig(blob, health.url),
      );
      emulator.addRepository(fullName, bare, { defaultBranch: 'main' });
      return { fullName, bare, apiUrl: emulator.url, defaultBranch: 'main' };
    },
    async close({ keep = false } = {}) {
      await emulator.close();
      await health.close();
      if (!keep) removeTmpDirs();
    },
  };
}
