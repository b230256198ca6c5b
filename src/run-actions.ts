// Each action's run() by name, in a bundle of their own (dist/run-actions.js) that main.ts
// loads once an action's inputs are valid. They bring YAML, the configuration's validator and the
// domain; Octokit, the largest part, is a third bundle that src/github/client.ts loads on the
// first GitHub request.
import { runAction } from './runner/run.js';
import { run as bumpPatch } from './actions/bump-patch.js';
import { run as changelogEntry } from './actions/changelog-entry.js';
import { run as createProdTag } from './actions/create-prod-tag.js';
import { run as hotfix } from './actions/hotfix.js';
import { run as postDeployMonitor } from './actions/post-deploy-monitor.js';
import { run as verifyTagBase } from './actions/verify-tag-base.js';

const BODIES = {
  'bump-patch': bumpPatch,
  'changelog-entry': changelogEntry,
  'create-prod-tag': createProdTag,
  hotfix,
  'post-deploy-monitor': postDeployMonitor,
  'verify-tag-base': verifyTagBase,
};

export type ActionName = keyof typeof BODIES;
export type ActionInputs<N extends ActionName> = Parameters<(typeof BODIES)[N]>[0];

/** Runs an action's body on its checked inputs; what it throws fails the step (runAction). */
export async function runCheckedAction<N extends ActionName>(
  name: N,
  inputs: ActionInputs<N>,
): Promise<void> {
  const body = BODIES[name] as (inputs: ActionInputs<N>) => Promise<void>;
  await runAction(() => body(inputs));
}
