// The security rules, each its own test over every template, and each proven able to fail by a
// violation planted in a copy of a template.
import { describe, expect, test } from '@jest/globals';
import {
  loadTemplate,
  templateFromText,
  templateNames,
} from '../../sandbox/templates/templates.js';
import { RULES, replaceOnce, type Rule } from '../helpers/template-rules.js';

const names = templateNames();
const templates = names.map((name) => loadTemplate(name));

describe.each(Object.keys(RULES))('rule %s', (ruleName) => {
  const rule: Rule = RULES[ruleName as keyof typeof RULES];
  test.each(names)('holds for %s.yml', (name) => {
    expect(rule(templates.find((template) => template.name === name)!)).toEqual([]);
  });
});

/** The violations `rule` finds in a copy of template `name` with each `from` replaced by `to`. */
function plant(rule: Rule, name: string, ...edits: [from: string, to: string][]): string[] {
  let text = loadTemplate(name).text;
  for (const [from, to] of edits) text = replaceOnce(text, from, to);
  return rule(templateFromText(name, text));
}

describe('each rule catches a planted violation', () => {
  test('runWithoutExpressions: a form input, an output or a head ref pasted into run:', () => {
    expect(
      plant(RULES.runWithoutExpressions, 'hotfix-deploy', [
        'hotfix-deploy "$HOTFIX_TAG"',
        'hotfix-deploy "${{ inputs.tag }}"',
      ]),
    ).toEqual([expect.stringMatching(/steps\[2\].*inputs\.tag.*pass it through env:/)]);
    expect(
      plant(RULES.runWithoutExpressions, 'hotfix-deploy', [
        'if [ -z "$DEPLOY" ]',
        'if [ -z "${{ steps.resolve.outputs.deploy }}" ]',
      ]),
    ).toHaveLength(1);
    expect(
      plant(RULES.runWithoutExpressions, 'hotfix-start', [
        '          dry-run: ${{ inputs.dry-run }}\n',
        '          dry-run: ${{ inputs.dry-run }}\n' +
          '      - run: echo "${{ steps.start.outputs.pr-url }}"\n',
      ]),
    ).toHaveLength(1);
  });

  test('noDangerousTriggers: pull_request_target and workflow_run', () => {
    expect(
      plant(RULES.noDangerousTriggers, 'hotfix-release', [
        '  pull_request:\n    types: [closed]',
        '  pull_request_target:\n    types: [closed]',
      ]),
    ).toEqual([expect.stringMatching(/pull_request_target/)]);
    expect(
      plant(RULES.noDangerousTriggers, 'hotfix-followup', [
        '  workflow_dispatch:',
        '  workflow_run:\n    workflows: [Hotfix deploy]\n  workflow_dispatch:',
      ]),
    ).toEqual([expect.stringMatching(/workflow_run/)]);
  });

  test('minimalPermissions: write-all, write at the top, a job without permissions, a scope too many', () => {
    expect(
      plant(RULES.minimalPermissions, 'hotfix-start', [
        'permissions: {}',
        'permissions: write-all',
      ]),
    ).toEqual([expect.stringMatching(/^permissions: must be a mapping/)]);
    expect(
      plant(RULES.minimalPermissions, 'hotfix-start', [
        'permissions: {}',
        'permissions:\n  contents: write',
      ]),
    ).toEqual([expect.stringMatching(/write at the top level/)]);
    expect(
      plant(
        RULES.minimalPermissions,
        'hotfix-validate',
        ['    permissions:\n      contents: read # compare', '    # contents: read # compare'],
        ['      pull-requests: read # the pull', '      # pull-requests: read # the pull'],
      ),
    ).toEqual([expect.stringMatching(/jobs\.verify\.permissions: missing/)]);
    expect(
      plant(RULES.minimalPermissions, 'hotfix-deploy', [
        '      deployments: write',
        '      packages: write\n      deployments: write',
      ]),
    ).toEqual([expect.stringMatching(/packages: write is more than/)]);
    expect(
      plant(RULES.minimalPermissions, 'hotfix-start', [
        'permissions: {}',
        'permissions:\n  contents: read',
      ]),
    ).toEqual([]);
  });

  test('pinnedActions: a tag instead of a SHA, a short SHA, no version comment, a local action', () => {
    const sha = '11bd71901bbe5b1630ceea73d27597364c9af683';
    expect(
      plant(RULES.pinnedActions, 'hotfix-deploy', [
        `actions/checkout@${sha} # v4.2.2`,
        'actions/checkout@v4',
      ]),
    ).toEqual([expect.stringMatching(/pin a third-party action to a full commit SHA/)]);
    expect(
      plant(RULES.pinnedActions, 'hotfix-deploy', [`checkout@${sha}`, 'checkout@11bd719']),
    ).toHaveLength(1);
    expect(
      plant(RULES.pinnedActions, 'hotfix-deploy', [`checkout@${sha} # v4.2.2`, `checkout@${sha}`]),
    ).toEqual([expect.stringMatching(/version in a comment/)]);
    expect(
      plant(RULES.pinnedActions, 'hotfix-validate', [
        'hotfix-actions/hotfix-actions/actions/verify-tag-base@v1',
        './actions/verify-tag-base',
      ]),
    ).toEqual([expect.stringMatching(/published action/)]);
    expect(
      plant(RULES.pinnedActions, 'hotfix-start', [
        '# Replace hotfix-actions/hotfix-actions',
        '# Use',
      ]),
    ).toEqual([expect.stringMatching(/comment .* is missing/)]);
  });

  test('checkoutWithoutCredentials: persist-credentials true or left out', () => {
    expect(
      plant(RULES.checkoutWithoutCredentials, 'hotfix-deploy', [
        'persist-credentials: false',
        'persist-credentials: true',
      ]),
    ).toEqual([expect.stringMatching(/persist-credentials: false/)]);
    expect(
      plant(RULES.checkoutWithoutCredentials, 'hotfix-deploy', [
        '          persist-credentials: false\n',
        '',
      ]),
    ).toHaveLength(1);
  });

  test('jobTimeouts: a job without timeout-minutes, or one above 6 hours', () => {
    expect(plant(RULES.jobTimeouts, 'hotfix-followup', ['    timeout-minutes: 15\n', ''])).toEqual([
      expect.stringMatching(/jobs\.follow-up\.timeout-minutes: missing/),
    ]);
    expect(
      plant(RULES.jobTimeouts, 'hotfix-deploy', ['timeout-minutes: 150', 'timeout-minutes: 600']),
    ).toHaveLength(1);
  });

  test('neverCancelled: cancel-in-progress true, left out, or no concurrency at all', () => {
    expect(
      plant(RULES.neverCancelled, 'hotfix-deploy', [
        'cancel-in-progress: false',
        'cancel-in-progress: true',
      ]),
    ).toEqual([expect.stringMatching(/cancel-in-progress: must be false/)]);
    expect(
      plant(RULES.neverCancelled, 'hotfix-start', ['  cancel-in-progress: false\n', '']),
    ).toHaveLength(1);
    expect(
      plant(RULES.neverCancelled, 'hotfix-followup', [
        'concurrency:\n  group: hotfix-follow-up\n  cancel-in-progress: false\n',
        '',
      ]),
    ).toEqual(['concurrency: missing at the top level']);
    expect(
      plant(RULES.neverCancelled, 'hotfix-release', [
        '    runs-on: ubuntu-latest',
        '    concurrency:\n      group: x\n      cancel-in-progress: ${{ true }}\n    runs-on: ubuntu-latest',
      ]),
    ).toEqual([expect.stringMatching(/jobs\.release\.concurrency\.cancel-in-progress/)]);
  });
});

// The exact scopes of each job: widening one is a decision to make here, with its reason in the
// template's comment, not a side effect.
const EXPECTED_PERMISSIONS: Record<string, Record<string, Record<string, string>>> = {
  'hotfix-start': {
    start: { contents: 'write', 'pull-requests': 'write', issues: 'write' },
  },
  'hotfix-validate': { verify: { contents: 'read', 'pull-requests': 'read' } },
  'hotfix-release': {
    release: {
      contents: 'write',
      actions: 'write',
      'pull-requests': 'write',
      issues: 'write',
      deployments: 'read',
    },
    'forward-ported': {
      contents: 'read',
      issues: 'write',
      'pull-requests': 'read',
      deployments: 'read',
    },
  },
  'hotfix-deploy': {
    deploy: {
      contents: 'read',
      deployments: 'write',
      issues: 'write',
      'pull-requests': 'read',
    },
  },
  'hotfix-followup': {
    'follow-up': {
      contents: 'read',
      issues: 'write',
      'pull-requests': 'read',
      deployments: 'read',
    },
  },
};

test.each(names)(
  '%s.yml: permissions: {} at the top, and exactly the scopes each job needs',
  (name) => {
    const { workflow } = templates.find((template) => template.name === name)!;
    expect(workflow.permissions).toEqual({});
    expect(
      Object.fromEntries(Object.entries(workflow.jobs).map(([id, job]) => [id, job.permissions])),
    ).toEqual(EXPECTED_PERMISSIONS[name]);
  },
);
