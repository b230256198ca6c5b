// Shared by the workspace-mode end-to-end tests: a fresh build, one fixture monorepo per test
// file, and checkouts of it at a product's production tag (where a hotfix branch starts).
import { afterAll, beforeAll } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureFreshBuild } from '../../sandbox/harness/build.js';
import {
  createMonorepo,
  removeTmpDirs,
  tmpDir,
  workspaceCopy,
  type Monorepo,
} from '../../sandbox/fixtures/monorepo.js';

export function useFixtureCheckouts(prefix: string): {
  readonly repo: Monorepo;
  checkoutAtTag(product: string): string;
} {
  let repo: Monorepo | undefined;
  beforeAll(async () => {
    await ensureFreshBuild();
    repo = await createMonorepo(tmpDir(prefix));
  }, 300_000);
  afterAll(() => removeTmpDirs());
  const fixture = () => {
    if (!repo) throw new Error('the fixture is built in beforeAll');
    return repo;
  };
  return {
    get repo() {
      return fixture();
    },
    checkoutAtTag: (product) => workspaceCopy(fixture(), fixture().products[product]!.latestTag),
  };
}

export function readText(workspace: string, path: string): string {
  return readFileSync(join(workspace, path), 'utf8');
}
