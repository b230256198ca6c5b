import * as core from '@actions/core';
import { runAction } from './runner/run.js';
import { run as bumpPatch } from './actions/bump-patch.js';
import { run as changelogEntry } from './actions/changelog-entry.js';
import { run as hotfix } from './actions/hotfix.js';
import { run as verifyTagBase } from './actions/verify-tag-base.js';
import { run as createProdTag } from './actions/create-prod-tag.js';
import { run as postDeployMonitor } from './actions/post-deploy-monitor.js';

/**
 * The shared bundle's one entry: `dist/<name>/index.js` calls `main('<name>')`. Each action's
 * `run()` lives in `src/actions/<name>.ts`.
 */
const actions: Record<string, () => Promise<void>> = {
  'bump-patch': bumpPatch,
  'changelog-entry': changelogEntry,
  hotfix,
  'verify-tag-base': verifyTagBase,
  'create-prod-tag': createProdTag,
  'post-deploy-monitor': postDeployMonitor,
};

export async function main(name: string): Promise<void> {
  const action = actions[name];
  if (!action) {
    core.setFailed(`Unknown action '${name}': this bundle has ${Object.keys(actions).join(', ')}.`);
    return;
  }
  await runAction(action);
}
