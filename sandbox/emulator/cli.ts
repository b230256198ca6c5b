import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startEmulator } from './index.js';

/**
 * Starts the GitHub emulator on your own bare repositories, to try an action by hand:
 *
 *   npx tsx sandbox/emulator/cli.ts --repo octo-org/monorepo=/tmp/monorepo.git [--port 3000] [--no-validate]
 *
 * Prints the URL to use as GITHUB_API_URL, then one line per request; Ctrl-C stops it.
 */

const usage =
  'usage: npx tsx sandbox/emulator/cli.ts --repo owner/name=/path/to/bare.git [--repo ...] ' +
  '[--port 3000] [--latency ms] [--no-validate] [--quiet]';

const { values } = parseArgs({
  options: {
    repo: { type: 'string', multiple: true },
    port: { type: 'string', default: '0' },
    latency: { type: 'string', default: '0' },
    'no-validate': { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (values.help || !values.repo?.length) {
  console.error(usage);
  process.exit(values.help ? 0 : 2);
}

let problemsShown = 0;
const emulator = await startEmulator({
  port: Number(values.port),
  latencyMs: Number(values.latency),
  validate: !values['no-validate'],
  onRequest(entry) {
    if (!values.quiet) {
      const fault = entry.fault ? ` [fault: ${entry.fault}]` : '';
      console.log(
        `${entry.method} ${decodeURIComponent(entry.path)}${entry.query} -> ${entry.status} (${entry.operation ?? 'unknown route'})${fault}`,
      );
    }
    for (const problem of emulator.problems.slice(problemsShown))
      console.error(`PROBLEM ${problem}`);
    problemsShown = emulator.problems.length;
  },
});

for (const spec of values.repo) {
  const separator = spec.indexOf('=');
  if (separator === -1) {
    console.error(`--repo ${spec}: expected owner/name=/path/to/bare.git\n${usage}`);
    process.exit(2);
  }
  const fullName = spec.slice(0, separator);
  const path = resolve(spec.slice(separator + 1));
  emulator.addRepository(fullName, path);
  console.log(`serving ${fullName} from ${path}`);
}
console.log(`GitHub emulator listening: GITHUB_API_URL=${emulator.url}`);

const stop = async () => {
  await emulator.close();
  process.exit(emulator.problems.length > 0 ? 1 : 0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
