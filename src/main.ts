// The entry of every action (`dist/<name>/index.js` calls `main('<name>')`), built into a small
// bundle of its own (dist/index.js): it reads and checks the action's inputs, then loads the
// bodies' bundle (dist/run-actions.js). A step with a wrong input fails in a few milliseconds, before
// the runtime has compiled a megabyte of Octokit and YAML code it would not use.
import type { ActionInputs, ActionName } from './run-actions.js';
import { setFailed } from './runner/commands.js';
import { runAction } from './runner/run.js';
import { parseInputs as bumpPatchInputs } from './actions/bump-patch/inputs.js';
import { parseInputs as changelogEntryInputs } from './actions/changelog-entry/inputs.js';
import { parseInputs as createProdTagInputs } from './actions/create-prod-tag/inputs.js';
import { parseInputs as hotfixInputs } from './actions/hotfix/inputs.js';
import { parseInputs as postDeployMonitorInputs } from './actions/post-deploy-monitor/inputs.js';
import { parseInputs as verifyTagBaseInputs } from './actions/verify-tag-base/inputs.js';

const INPUTS: { [N in ActionName]: () => ActionInputs<N> } = {
  'bump-patch': bumpPatchInputs,
  'changelog-entry': changelogEntryInputs,
  'create-prod-tag': createProdTagInputs,
  hotfix: hotfixInputs,
  'post-deploy-monitor': postDeployMonitorInputs,
  'verify-tag-base': verifyTagBaseInputs,
};

export async function main(name: string): Promise<void> {
  if (!Object.hasOwn(INPUTS, name)) {
    setFailed(`Unknown action '${name}': this bundle has ${Object.keys(INPUTS).join(', ')}.`);
    return;
  }
  const action = name as ActionName;
  let inputs: ActionInputs<ActionName> | undefined;
  const valid = await runAction(async () => {
    inputs = INPUTS[action]();
  });
  if (!valid) return;
  // `webpackIgnore`: ncc leaves this import alone, so the bodies stay in their own file.
  const { runCheckedAction } = (await import(
    /* webpackIgnore: true */ './run-actions.js'
  )) as typeof import('./run-actions.js');
  await runCheckedAction(action, inputs!);
}
