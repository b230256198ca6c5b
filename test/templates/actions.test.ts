// The templates against our actions and the configuration: inputs and outputs that exist, scripts
// that read only what they are given, and a deploy job that outlives the monitor.
import { describe, expect, test } from '@jest/globals';
import { parseConfig } from '../../src/domain/config.js';
import { parseDurationMs } from '../../src/domain/monitor/duration.js';
import { hotfixConfig } from '../../sandbox/fixtures/content.js';
import {
  loadTemplate,
  ourActionFile,
  stepsOf,
  templateFromText,
  triggerConfig,
} from '../../sandbox/templates/templates.js';
import { RULES, replaceOnce, type Rule } from '../helpers/template-rules.js';

function plant(rule: Rule, name: string, ...edits: [from: string, to: string][]): string[] {
  let text = loadTemplate(name).text;
  for (const [from, to] of edits) text = replaceOnce(text, from, to);
  return rule(templateFromText(name, text));
}

describe('inputs given to our actions', () => {
  test('an input the action does not declare is caught', () => {
    expect(
      plant(RULES.inputsDeclared, 'hotfix-start', [
        '          command: start\n',
        '          command: start\n          produkt: web\n',
      ]),
    ).toEqual([
      expect.stringMatching(
        /with\.produkt: hotfix-actions\/hotfix-actions@v1 has no input "produkt"/,
      ),
    ]);
    expect(
      plant(RULES.inputsDeclared, 'hotfix-deploy', [
        'persist-credentials: false',
        'persist-credential: false',
      ]),
    ).toEqual([expect.stringMatching(/has no input "persist-credential"/)]);
  });

  test('a required input left out is caught', () => {
    expect(
      plant(RULES.inputsDeclared, 'hotfix-followup', ['          command: follow-up\n', '']),
    ).toEqual([expect.stringMatching(/requires the input "command"/)]);
    expect(
      plant(RULES.inputsDeclared, 'hotfix-start', [
        '          app-id: ${{ vars.HOTFIX_APP_ID }}\n',
        '',
      ]),
    ).toEqual([expect.stringMatching(/requires the input "app-id"/)]);
  });

  test('an action of ours without an action.yml is caught', () => {
    expect(
      plant(RULES.inputsDeclared, 'hotfix-validate', [
        'actions/verify-tag-base@v1',
        'actions/verify-tag-bass@v1',
      ]),
    ).toEqual([expect.stringMatching(/actions\/verify-tag-bass\/action.yml does not exist/)]);
  });

  test('our references resolve to this repository', () => {
    expect(ourActionFile('hotfix-actions/hotfix-actions@v1')).toMatch(/\/action\.yml$/);
    expect(ourActionFile('hotfix-actions/hotfix-actions/actions/bump-patch@v1')).toMatch(
      /\/actions\/bump-patch\/action\.yml$/,
    );
    expect(ourActionFile('actions/checkout@v4')).toBeUndefined();
  });
});

describe('outputs read from steps and jobs', () => {
  test('an output the action does not declare is caught', () => {
    expect(
      plant(RULES.outputsDeclared, 'hotfix-deploy', [
        'DEPLOY: ${{ steps.resolve.outputs.deploy }}',
        'DEPLOY: ${{ steps.resolve.outputs.deploy-command }}',
      ]),
    ).toEqual([
      expect.stringMatching(/steps\.resolve\.outputs\.deploy-command: .*declares no output/),
    ]);
  });

  test('a step id that does not exist, or a step that runs later, is caught', () => {
    expect(
      plant(RULES.outputsDeclared, 'hotfix-release', [
        'tag: ${{ steps.tag.outputs.tag }}',
        'tag: ${{ steps.tagg.outputs.tag }}',
      ]),
    ).toEqual([expect.stringMatching(/no step with id "tagg"/)]);
    expect(
      plant(RULES.outputsDeclared, 'hotfix-deploy', [
        'tag: ${{ env.HOTFIX_TAG }}\n\n      - name: Deploy',
        'tag: ${{ steps.monitor.outputs.result }}\n\n      - name: Deploy',
      ]),
    ).toEqual([expect.stringMatching(/steps\.monitor runs later/)]);
  });

  test('a run: step output is declared by what it writes to GITHUB_OUTPUT', () => {
    const withStep = (script: string) =>
      RULES.outputsDeclared(
        templateFromText(
          'hotfix-deploy',
          replaceOnce(
            loadTemplate('hotfix-deploy').text,
            '      - name: Deploy\n',
            `      - id: pick\n        run: |\n${script}\n` +
              '      - env:\n          PICKED: ${{ steps.pick.outputs.target }}\n        run: echo "$PICKED"\n' +
              '      - name: Deploy\n',
          ),
        ),
      );
    expect(withStep('          echo "target=web" >>"$GITHUB_OUTPUT"')).toEqual([]);
    expect(withStep('          target=web')).toEqual([
      expect.stringMatching(/steps\.pick\.outputs\.target: the run: script declares no output/),
    ]);
  });

  test('needs.<job>.outputs.<name> must be a declared output of a needed job', () => {
    // A second job reading the check's result through needs:.
    const text = loadTemplate('hotfix-validate').text;
    const report =
      `${text}\n  report:\n    needs: verify\n    runs-on: ubuntu-latest\n    timeout-minutes: 5\n` +
      `    permissions: {}\n    steps:\n      - env:\n          RESULT: \${{ needs.verify.outputs.result }}\n` +
      `        run: echo "$RESULT"\n`;
    expect(RULES.outputsDeclared(templateFromText('hotfix-validate', report))).toEqual([
      expect.stringMatching(/needs\.verify\.outputs\.result: not in its outputs/),
    ]);
    const withOutputs = report.replace(
      '    timeout-minutes: 10\n',
      '    timeout-minutes: 10\n    outputs:\n      result: ${{ steps.verify.outputs.result }}\n',
    );
    expect(RULES.outputsDeclared(templateFromText('hotfix-validate', withOutputs))).toEqual([]);
    expect(
      RULES.outputsDeclared(
        templateFromText('hotfix-validate', withOutputs.replace('needs: verify', 'needs: []')),
      ),
    ).toEqual([expect.stringMatching(/does not need "verify"/)]);
  });

  test('scriptVariablesGiven: a variable no env: gives is caught', () => {
    expect(
      plant(RULES.scriptVariablesGiven, 'hotfix-deploy', [
        'hotfix-deploy "$HOTFIX_TAG"',
        'hotfix-deploy "$TAG"',
      ]),
    ).toEqual([expect.stringMatching(/\$TAG is read but no env: gives it/)]);
  });
});

describe('the deploy job outlives the monitor', () => {
  const config = parseConfig('.github/hotfix.yml', hotfixConfig());
  const deploy = loadTemplate('hotfix-deploy');
  const [jobId, job] = Object.entries(deploy.workflow.jobs).find(
    ([, candidate]) => candidate.environment === 'production',
  )!;

  /** The longest monitor duration of the configured products, in seconds (2h when unset). */
  const longestMonitor = Math.max(
    ...Object.values(config.products)
      .map((product) => parseDurationMs(product.monitor?.duration ?? '2h'))
      .map((ms) => (ms ?? Number.NaN) / 1000),
  );

  test('the fixture configures monitoring (2h, as the process says)', () => {
    expect(longestMonitor).toBe(2 * 3600);
  });

  test(`jobs.${jobId}.timeout-minutes exceeds the monitor duration with room for the deploy`, () => {
    const minutes = job['timeout-minutes'] as number;
    // 10 minutes for checkout, resolve, the deploy command and the smoke phase at least.
    expect(minutes * 60).toBeGreaterThanOrEqual(longestMonitor + 10 * 60);
  });

  test('the monitor runs inside that job, after the deploy', () => {
    const uses = (job.steps ?? []).map((step) => step.uses ?? 'run');
    const monitor = uses.findIndex((u) => u.includes('/actions/post-deploy-monitor@'));
    const deployStep = (job.steps ?? []).findIndex((step) => step.name === 'Deploy');
    expect(deployStep).toBeGreaterThan(0);
    expect(monitor).toBeGreaterThan(deployStep);
  });
});

describe('the Start hotfix form', () => {
  const start = loadTemplate('hotfix-start');
  const inputs = triggerConfig(start.workflow, 'workflow_dispatch')['inputs'] as Record<
    string,
    { type: string; options?: string[]; required?: boolean }
  >;
  const config = parseConfig('.github/hotfix.yml', hotfixConfig());

  test('offers exactly the configured products, and the process severities', () => {
    expect(inputs['product']?.type).toBe('choice');
    expect(inputs['product']?.options).toEqual(Object.keys(config.products));
    expect(start.text).toMatch(/# List the products configured in \.github\/hotfix\.yml/);
    expect(inputs['severity']).toMatchObject({
      type: 'choice',
      options: ['CRITICAL', 'HIGH', 'MEDIUM'],
    });
    expect(inputs['issue']).toMatchObject({ type: 'string', required: true });
    expect(inputs['impact']).toMatchObject({ type: 'string', required: true });
    expect(inputs['dry-run']?.type).toBe('boolean');
  });

  test('hands every form field to the root action under the same name', () => {
    const step = stepsOf(start.workflow).find(({ step: s }) => s.with?.['command'] === 'start')!;
    for (const name of Object.keys(inputs)) {
      expect(step.step.with?.[name]).toBe(`\${{ inputs.${name} }}`);
    }
  });
});
