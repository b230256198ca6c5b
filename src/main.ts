import { setFailed } from './runner/commands.js';
import { runAction } from './runner/run.js';
import { parseInputs as bumpPatchInputs } from './actions/bump-patch/inputs.js';
import { parseInputs as changelogEntryInputs } from './actions/changelog-entry/inputs.js';
import { parseInputs as createProdTagInputs } from './actions/create-prod-tag/inputs.js';
import { parseInputs as hotfixInputs } from './actions/hotfix/inputs.js';
import { parseInputs as postDeployMonitorInputs } from './actions/post-deploy-monitor/inputs.js';
import { parseInputs as verifyTagBaseInputs } from './actions/verify-tag-base/inputs.js';

/**
 * An action in two parts: its inputs, read and checked by light code, then its body, loaded only
 * once they are valid. The body brings @actions/core, Octokit, ajv and YAML, most of the bundle;
 * a step with a wrong input fails before paying for them.
 *
 * `webpackMode: "eager"` keeps the body in the one bundle file (no chunk to ship) while ncc
 * defers its evaluation to the `import()`.
 */
function action<I>(
  parseInputs: () => I,
  loadBody: () => Promise<{ run(inputs: I): Promise<void> }>,
): () => Promise<void> {
  return async () => {
    const inputs = parseInputs();
    const { run } = await loadBody();
    await run(inputs);
  };
}

/** The shared bundle's one entry: `dist/<name>/index.js` calls `main('<name>')`. */
const actions: Record<string, () => Promise<void>> = {
  'bump-patch': action(
    bumpPatchInputs,
    () => import(/* webpackMode: "eager" */ './actions/bump-patch.js'),
  ),
  'changelog-entry': action(
    changelogEntryInputs,
    () => import(/* webpackMode: "eager" */ './actions/changelog-entry.js'),
  ),
  hotfix: action(hotfixInputs, () => import(/* webpackMode: "eager" */ './actions/hotfix.js')),
  'verify-tag-base': action(
    verifyTagBaseInputs,
    () => import(/* webpackMode: "eager" */ './actions/verify-tag-base.js'),
  ),
  'create-prod-tag': action(
    createProdTagInputs,
    () => import(/* webpackMode: "eager" */ './actions/create-prod-tag.js'),
  ),
  'post-deploy-monitor': action(
    postDeployMonitorInputs,
    () => import(/* webpackMode: "eager" */ './actions/post-deploy-monitor.js'),
  ),
};

export async function main(name: string): Promise<void> {
  const run = actions[name];
  if (!run) {
    setFailed(`Unknown action '${name}': this bundle has ${Object.keys(actions).join(', ')}.`);
    return;
  }
  await runAction(run);
}
