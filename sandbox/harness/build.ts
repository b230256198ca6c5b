/**
 * End-to-end tests must never run a stale bundle: `assertFreshBuild` refuses one, and
 * `ensureFreshBuild` (for a test file's `beforeAll`) rebuilds it, once for all jest workers.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
  readFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** This project's root (the folder with package.json, src/ and dist/). */
export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

/** The files a build reads; the bundle is stale when any is newer than dist/index.js. */
export function buildInputs(root: string): string[] {
  const files = [
    ...listFiles(join(root, 'src')),
    join(root, 'action.yml'),
    join(root, 'scripts', 'build.mjs'),
  ];
  const actionsDir = join(root, 'actions');
  if (existsSync(actionsDir)) {
    for (const entry of readdirSync(actionsDir, { withFileTypes: true })) {
      if (entry.isDirectory()) files.push(join(actionsDir, entry.name, 'action.yml'));
    }
  }
  return files.filter((file) => existsSync(file));
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Why the bundle in `root` cannot be run as built, or undefined when it is fresh. */
export function staleReason(root: string = projectRoot): string | undefined {
  const bundle = join(root, 'dist', 'index.js');
  if (!existsSync(bundle)) return `${bundle} does not exist`;
  const builtAt = statSync(bundle).mtimeMs;
  const newer = buildInputs(root).filter((file) => statSync(file).mtimeMs > builtAt);
  if (newer.length === 0) return undefined;
  const names = newer.map((file) => file.slice(root.length).replace(/^\//, ''));
  const shown =
    names.slice(0, 5).join(', ') + (names.length > 5 ? ` and ${names.length - 5} more` : '');
  return `${shown} ${names.length === 1 ? 'is' : 'are'} newer than dist/index.js`;
}

/** Throws, telling to run `npm run build`, when dist/ is missing or older than its sources. */
export function assertFreshBuild(root: string = projectRoot): void {
  const reason = staleReason(root);
  if (reason) {
    throw new Error(
      `The bundle is stale or missing (${reason}): run \`npm run build\` in ${root}.`,
    );
  }
}

const LOCK_STALE_MS = 10 * 60_000;
const WAIT_LIMIT_MS = 5 * 60_000;

/**
 * Builds `root` with `npm run build` when its bundle is stale. Parallel jest workers share a
 * directory lock under the OS temp dir keyed by the root, so only one builds and the others wait
 * and then find the bundle fresh.
 */
export async function ensureFreshBuild(root: string = projectRoot): Promise<void> {
  if (!staleReason(root)) return;
  const lock = join(
    tmpdir(),
    `hotfix-actions-build-${createHash('sha1').update(root).digest('hex').slice(0, 12)}.lock`,
  );
  await acquireLock(lock);
  try {
    // Another worker may have built while this one waited.
    if (!staleReason(root)) return;
    await build(root);
    assertFreshBuild(root);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

async function acquireLock(lock: string): Promise<void> {
  const deadline = Date.now() + WAIT_LIMIT_MS;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'owner'), String(process.pid));
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (lockIsAbandoned(lock)) {
      rmSync(lock, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for the build lock ${lock}.`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A lock whose owner died (or that is very old) would block every later run. */
function lockIsAbandoned(lock: string): boolean {
  try {
    if (Date.now() - statSync(lock).mtimeMs > LOCK_STALE_MS) return true;
    const owner = Number(readFileSync(join(lock, 'owner'), 'utf8'));
    if (!owner) return false; // being written right now
    process.kill(owner, 0);
    return false;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // ESRCH: the owner is gone. ENOENT: the lock vanished or its owner file is not written yet.
    return code === 'ESRCH';
  }
}

async function build(root: string): Promise<void> {
  // NODE_OPTIONS from jest (--experimental-vm-modules) has no business in the build.
  const env = { ...process.env };
  delete env['NODE_OPTIONS'];
  try {
    await promisify(execFile)('npm', ['run', 'build'], {
      cwd: root,
      env,
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`\`npm run build\` failed in ${root}:\n${stdout}${stderr}`, {
      cause: error,
    });
  }
}
