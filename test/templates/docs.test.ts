// The workflow snippets of the READMEs follow the rules the templates follow: users copy them.
// No `${{ }}` in a `run:` script (an expression there is shell injection), third-party actions
// pinned to a commit SHA, checkouts without persisted credentials, no `secrets: inherit` for a
// job that runs a deploy command, App tokens limited to the permissions they need.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from '@jest/globals';
import { parseAllDocuments } from 'yaml';
import { loadTemplate, stepsOf, templateNames } from '../../sandbox/templates/templates.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const READMES = [
  'README.md',
  'workflows-templates/README.md',
  ...readdirSync(join(ROOT, 'actions')).map((name) => `actions/${name}/README.md`),
];

/** Every ```yaml block of a Markdown file, parsed (a snippet may be a step list or a workflow). */
function yamlBlocks(path: string): { path: string; data: unknown }[] {
  const text = readFileSync(join(ROOT, path), 'utf8');
  return [...text.matchAll(/^```ya?ml\n([\s\S]*?)^```/gm)].flatMap((match) =>
    parseAllDocuments(match[1] ?? '').map((doc) => ({ path, data: doc.toJS() as unknown })),
  );
}

/** Every mapping in a parsed snippet (steps, jobs, `with:` blocks...). */
function mappings(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.flatMap(mappings);
  if (value === null || typeof value !== 'object') return [];
  const record = value as Record<string, unknown>;
  return [record, ...Object.values(record).flatMap(mappings)];
}

const snippets = READMES.flatMap(yamlBlocks);
const all = snippets.flatMap(({ path, data }) => mappings(data).map((node) => ({ path, node })));
const OURS = /^(<owner>\/)?hotfix-actions(\/hotfix-actions)?(\/actions\/[\w-]+)?@v1$/;

describe('the READMEs’ workflow snippets', () => {
  test('there are snippets to check', () => {
    expect(snippets.length).toBeGreaterThan(5);
  });

  test('no ${{ }} inside a run: script (values reach scripts through env:)', () => {
    const runs = all.filter(({ node }) => typeof node['run'] === 'string');
    expect(runs.length).toBeGreaterThan(0);
    expect(
      runs.filter(({ node }) => String(node['run']).includes('${{')).map(({ path }) => path),
    ).toEqual([]);
  });

  test('third-party actions pinned to a full commit SHA; checkouts persist no credentials', () => {
    const uses = all.filter(({ node }) => typeof node['uses'] === 'string');
    const loose = uses
      .map(({ path, node }) => ({ path, uses: String(node['uses']) }))
      // A local reusable workflow (./.github/workflows/...) is the repository's own.
      .filter(
        ({ uses: ref }) => !OURS.test(ref) && !ref.startsWith('./') && !/@[0-9a-f]{40}$/.test(ref),
      );
    expect(loose).toEqual([]);
    const checkouts = uses.filter(({ node }) =>
      String(node['uses']).startsWith('actions/checkout@'),
    );
    expect(checkouts.length).toBeGreaterThan(0);
    expect(
      checkouts
        .filter(
          ({ node }) =>
            (node['with'] as Record<string, unknown>)?.['persist-credentials'] !== false,
        )
        .map(({ path }) => path),
    ).toEqual([]);
  });

  test('no secrets: inherit (the deploy job would get every secret)', () => {
    expect(all.filter(({ node }) => node['secrets'] === 'inherit').map(({ path }) => path)).toEqual(
      [],
    );
  });

  test('App tokens ask for named permissions only', () => {
    const tokens = all.filter(({ node }) =>
      String(node['uses'] ?? '').startsWith('actions/create-github-app-token@'),
    );
    for (const { node } of tokens) {
      const inputs = Object.keys((node['with'] as Record<string, unknown>) ?? {});
      expect(inputs.filter((name) => name.startsWith('permission-')).length).toBeGreaterThan(0);
    }
  });
});

describe('the templates’ App tokens', () => {
  test.each(templateNames())('%s: an App token carries only the permissions of its job', (name) => {
    const template = loadTemplate(name);
    for (const { job, step } of stepsOf(template.workflow)) {
      if (!step.uses?.startsWith('actions/create-github-app-token@')) continue;
      const asked = Object.entries(step.with ?? {})
        .filter(([key]) => key.startsWith('permission-'))
        .map(([key, level]): [string, string] => [key.slice('permission-'.length), String(level)]);
      expect(asked.length).toBeGreaterThan(0);
      // Each App permission asked for is one the job's GITHUB_TOKEN scopes name (members aside:
      // an organisation permission, for team reviewers), at no higher a level.
      const scopes = (job.permissions ?? {}) as Record<string, string>;
      for (const [permission, level] of asked) {
        if (permission === 'members') continue;
        expect([permission, scopes[permission] ?? 'none']).toEqual([
          permission,
          level === 'read' ? expect.stringMatching(/^(read|write)$/) : 'write',
        ]);
      }
    }
  });
});
