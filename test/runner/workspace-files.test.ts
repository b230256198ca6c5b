// The checked-out repository as bump-patch and changelog-entry read and write it: on a real
// directory, many files at once, all or nothing.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workspaceFiles } from '../../src/runner/workspace-files.js';

let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'hotfix-workspace-'));
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

function put(path: string, content: string): void {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), content);
}

/** Every file under the root, with its content. */
function tree(dir = root, prefix = ''): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${prefix}${entry.name}`;
    if (entry.isDirectory()) Object.assign(files, tree(join(dir, entry.name), `${path}/`));
    else files[path] = readFileSync(join(dir, entry.name), 'utf8');
  }
  return files;
}

describe('workspace files', () => {
  it('reads many files, a missing one (or one under a file) as undefined', async () => {
    const paths = Array.from({ length: 300 }, (_, i) => `packages/p${i}/version.txt`);
    paths.forEach((path, i) => put(path, `1.2.${i}\n`));
    put('VERSION', '1.2.3\n');
    const snapshot = await workspaceFiles(root).snapshot();
    const contents = await snapshot.read([...paths, 'missing.txt', 'VERSION/inside']);
    expect(paths.map((path) => contents.get(path))).toEqual(paths.map((_, i) => `1.2.${i}\n`));
    expect(contents.has('missing.txt')).toBe(true);
    expect(contents.get('missing.txt')).toBeUndefined();
    expect(contents.get('VERSION/inside')).toBeUndefined();
  });

  it('a path that cannot be read is an error, not a missing file', async () => {
    mkdirSync(join(root, 'CHANGELOG.md'));
    const snapshot = await workspaceFiles(root).snapshot();
    await expect(snapshot.read(['CHANGELOG.md'])).rejects.toThrow(/EISDIR/);
  });

  it('writes every file, creating folders and keeping each file mode', async () => {
    put('tool/release.sh', 'echo 1.2.3\n');
    chmodSync(join(root, 'tool/release.sh'), 0o755);
    const changes = Array.from({ length: 200 }, (_, i) => ({
      path: `packages/p${i}/version.txt`,
      content: `1.2.${i}\n`,
    }));
    const snapshot = await workspaceFiles(root).snapshot();
    await snapshot.write(
      [...changes, { path: 'tool/release.sh', content: 'echo 1.2.4\n' }],
      'bump',
    );
    const files = tree();
    expect(Object.keys(files)).toHaveLength(201);
    for (const change of changes) expect(files[change.path]).toBe(change.content);
    expect(files['tool/release.sh']).toBe('echo 1.2.4\n');
    expect(statSync(join(root, 'tool/release.sh')).mode & 0o777).toBe(0o755);
  });

  it('a write that fails leaves every file as it was, and no temporary file behind', async () => {
    const before = Object.fromEntries(
      Array.from({ length: 50 }, (_, i) => [`packages/p${i}/version.txt`, '1.2.3\n']),
    );
    for (const [path, content] of Object.entries(before)) put(path, content);
    put('VERSION', '1.2.3\n');
    const snapshot = await workspaceFiles(root).snapshot();
    const changes = Object.keys(before).map((path) => ({ path, content: '1.2.4\n' }));
    // A folder cannot be made where a file is: this one write fails, among fifty that succeed.
    await expect(
      snapshot.write([...changes, { path: 'VERSION/nested.txt', content: '1.2.4\n' }], 'bump'),
    ).rejects.toThrow();
    expect(tree()).toEqual({ ...before, VERSION: '1.2.3\n' });
  });
});
