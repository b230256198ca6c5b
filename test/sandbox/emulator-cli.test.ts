import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { scratchRepository, type ScratchRepository } from '../../sandbox/emulator/bare-repo.js';

// The CLI a person uses to try an action by hand: it prints the URL and serves the repository.

let repo: ScratchRepository;
let cli: ChildProcess | undefined;

beforeAll(() => {
  repo = scratchRepository();
});

afterAll(async () => {
  if (cli && cli.exitCode === null) {
    cli.kill('SIGINT');
    await once(cli, 'exit');
  }
  repo.remove();
});

test('prints the GITHUB_API_URL, serves the repository and logs each request', async () => {
  cli = spawn(
    process.execPath,
    ['--import', 'tsx', 'sandbox/emulator/cli.ts', '--repo', `octo-org/monorepo=${repo.bare}`],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const printed = (pattern: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(output);
        if (match) resolve(match);
      };
      cli?.stdout?.on('data', check);
      cli?.on('exit', (code) => reject(new Error(`cli exited with ${code}: ${output}`)));
      check();
    });
  cli.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const [, url] = await printed(/GITHUB_API_URL=(http:\/\/127\.0\.0\.1:\d+)/);
  const response = await fetch(`${url}/repos/octo-org/monorepo/git/ref/heads/main`, {
    headers: { authorization: 'token any' },
  });
  expect(response.status).toBe(200);
  await printed(/GET \/repos\/octo-org\/monorepo\/git\/ref\/heads\/main -> 200 \(git\/get-ref\)/);
  cli.kill('SIGINT');
  const [code] = (await once(cli, 'exit')) as [number | null];
  expect(code).toBe(0);
});
