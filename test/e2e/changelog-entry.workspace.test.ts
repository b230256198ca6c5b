// changelog-entry in workspace mode: the built bundle on a checkout of the fixture monorepo.
import { describe, expect, test } from '@jest/globals';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';
import { toString } from 'mdast-util-to-string';
import { runAction } from '../../sandbox/harness/run-action.js';
import { runGit } from '../../sandbox/fixtures/monorepo.js';
import { readText, useFixtureCheckouts } from '../helpers/workspace.js';

const MOBILE = 'krow-withus-worker-mobile';
const CHANGELOG = 'apps/mobile/apps/staff/CHANGELOG.md';
const { checkoutAtTag } = useFixtureCheckouts('changelog-ws');

/** The rows of the first table of a Markdown text, as GitHub renders them: cell texts. */
function tableRows(markdown: string): string[][] {
  const tree = fromMarkdown(markdown, {
    extensions: [gfm()],
    mdastExtensions: [gfmFromMarkdown()],
  });
  const table = tree.children.find((node) => node.type === 'table');
  if (!table || table.type !== 'table') throw new Error('no table');
  return table.children.map((row) => row.children.map((cell) => toString(cell)));
}

describe('changelog-entry (workspace)', () => {
  test('adds the process row at the top of the table, and nothing else', async () => {
    const workspace = checkoutAtTag(MOBILE);
    const before = readText(workspace, CHANGELOG);

    const result = await runAction('changelog-entry', {
      inputs: {
        product: MOBILE,
        version: '0.1.1',
        description: 'Shift list crashes on Android 14',
        date: '2026-03-05',
      },
      workspace,
    });

    expect(result.exitCode).toBe(0);
    const row = '| 2026-03-05 | 0.1.1 | HOTFIX: Shift list crashes on Android 14 |';
    expect(result.outputs).toMatchObject({
      entry: row,
      changed: 'true',
      path: CHANGELOG,
      'commit-sha': '',
    });
    const after = readText(workspace, CHANGELOG);
    expect(after).toBe(
      before.replace(
        '|------|---------|-------------|\n',
        `|------|---------|-------------|\n${row}\n`,
      ),
    );
    expect(tableRows(after)[1]).toEqual([
      '2026-03-05',
      '0.1.1',
      'HOTFIX: Shift list crashes on Android 14',
    ]);
    expect(runGit(['status', '--porcelain'], workspace)).toBe(` M ${CHANGELOG}`);
    expect(result.summary).toContain(row);
  });

  test('takes the version from the product files after bump-patch, and today (UTC) as the date', async () => {
    const workspace = checkoutAtTag(MOBILE);
    const bump = await runAction('bump-patch', { inputs: { product: MOBILE }, workspace });
    expect(bump.exitCode).toBe(0);

    const result = await runAction('changelog-entry', {
      inputs: { product: MOBILE, description: 'Login loops forever' },
      workspace,
    });

    expect(result.exitCode).toBe(0);
    const today = new Date().toISOString().slice(0, 10);
    expect(tableRows(readText(workspace, CHANGELOG))[1]).toEqual([
      today,
      '0.1.1',
      'HOTFIX: Login loops forever',
    ]);
  });

  test('a re-run writes nothing, and warns when the text differs', async () => {
    const workspace = checkoutAtTag(MOBILE);
    const inputs = {
      product: MOBILE,
      version: '0.1.1',
      description: 'Crash on start',
      date: '2026-03-05',
    };
    expect((await runAction('changelog-entry', { inputs, workspace })).exitCode).toBe(0);
    const afterFirst = readText(workspace, CHANGELOG);

    const same = await runAction('changelog-entry', { inputs, workspace });
    expect(same.exitCode).toBe(0);
    expect(same.outputs['changed']).toBe('false');
    expect(same.annotations.filter((a) => a.level === 'warning')).toEqual([]);

    const other = await runAction('changelog-entry', {
      inputs: { ...inputs, description: 'Another text' },
      workspace,
    });
    expect(other.exitCode).toBe(0);
    expect(other.outputs['changed']).toBe('false');
    const warning = other.annotations.find((a) => a.level === 'warning');
    expect(warning?.file).toBe(CHANGELOG);
    expect(warning?.message).toContain('Crash on start');
    expect(readText(workspace, CHANGELOG)).toBe(afterFirst);
  });

  test('dry-run outputs the entry and writes nothing', async () => {
    const workspace = checkoutAtTag(MOBILE);
    const result = await runAction('changelog-entry', {
      inputs: {
        product: MOBILE,
        version: '0.1.1',
        description: 'x',
        date: '2026-03-05',
        'dry-run': 'true',
      },
      workspace,
    });
    expect(result.exitCode).toBe(0);
    expect(result.outputs['changed']).toBe('true');
    expect(result.outputs['entry']).toBe('| 2026-03-05 | 0.1.1 | HOTFIX: x |');
    expect(runGit(['status', '--porcelain'], workspace)).toBe('');
  });

  test('untrusted text stays text: one cell, no mention, no markup', async () => {
    const workspace = checkoutAtTag(MOBILE);
    const description =
      'Fix | split <img src=x onerror=alert(1)> @octo-org/devops #12 **bold**\nsecond line \\';
    const result = await runAction('changelog-entry', {
      inputs: { product: MOBILE, version: '0.1.1', description, date: '2026-03-05' },
      workspace,
    });
    expect(result.exitCode).toBe(0);
    const rows = tableRows(readText(workspace, CHANGELOG));
    expect(rows[1]).toHaveLength(3);
    const cell = rows[1]![2]!.replace(/\u200b/g, '');
    expect(cell).toBe(`HOTFIX: ${description.replace('\n', ' ')}`);
    expect(rows[1]![2]).not.toMatch(/@\w|#\d/);
    // No raw HTML reaches the rendered Markdown.
    const tree = fromMarkdown(readText(workspace, CHANGELOG), {
      extensions: [gfm()],
      mdastExtensions: [gfmFromMarkdown()],
    });
    expect(JSON.stringify(tree)).not.toContain('"type":"html"');
  });

  test('creates a missing CHANGELOG with a title and the table', async () => {
    const workspace = checkoutAtTag(MOBILE);
    const result = await runAction('changelog-entry', {
      inputs: {
        path: 'services/new/CHANGELOG.md',
        version: '1.0.1',
        description: 'First hotfix',
        date: '2026-03-05',
      },
      workspace,
    });
    expect(result.exitCode).toBe(0);
    const created = readText(workspace, 'services/new/CHANGELOG.md');
    expect(created).toMatch(/^# /);
    expect(tableRows(created)).toEqual([
      ['Date', 'Version', 'Description'],
      ['2026-03-05', '1.0.1', 'HOTFIX: First hotfix'],
    ]);
  });

  test('Keep a Changelog: a Fixed section after Unreleased, with the compare link between production tags', async () => {
    const workspace = checkoutAtTag(MOBILE);
    writeFileSync(
      join(workspace, CHANGELOG),
      '# Changelog\n\n## [Unreleased]\n\n## [0.1.0] - 2026-02-01\n### Added\n- Shifts\n\n' +
        `[unreleased]: https://github.com/octo-org/krow-withus/compare/${MOBILE}/prod-v0.1.0...HEAD\n` +
        `[0.1.0]: https://github.com/octo-org/krow-withus/releases/tag/${MOBILE}/prod-v0.1.0\n`,
    );
    const result = await runAction('changelog-entry', {
      inputs: {
        product: MOBILE,
        version: '0.1.1',
        description: 'Crash on start',
        date: '2026-03-05',
      },
      workspace,
      repository: 'octo-org/krow-withus',
    });
    expect(result.exitCode).toBe(0);
    const after = readText(workspace, CHANGELOG);
    expect(after).toContain(
      '## [Unreleased]\n\n## [0.1.1] - 2026-03-05\n\n### Fixed\n- HOTFIX: Crash on start\n\n## [0.1.0]',
    );
    expect(after).toContain(
      `[unreleased]: https://github.com/octo-org/krow-withus/compare/${MOBILE}/prod-v0.1.1...HEAD`,
    );
    expect(after).toContain(
      `[0.1.1]: https://github.com/octo-org/krow-withus/compare/${MOBILE}/prod-v0.1.0...${MOBILE}/prod-v0.1.1`,
    );
  });
});

describe('changelog-entry refuses before any write', () => {
  async function expectRefusal(inputs: Record<string, string>, message: RegExp) {
    const workspace = checkoutAtTag(MOBILE);
    const result = await runAction('changelog-entry', { inputs, workspace });
    expect(result.exitCode).toBe(1);
    const failure = result.annotations.find((a) => a.level === 'error' && a.file === undefined);
    expect(failure?.message).toMatch(message);
    expect(runGit(['status', '--porcelain'], workspace)).toBe('');
  }

  test('a date that is not YYYY-MM-DD', async () => {
    await expectRefusal(
      { product: MOBILE, version: '0.1.1', description: 'x', date: '05/03/2026' },
      /YYYY-MM-DD/,
    );
    await expectRefusal(
      { product: MOBILE, version: '0.1.1', description: 'x', date: '2026-02-30' },
      /YYYY-MM-DD/,
    );
  });

  test('a prerelease version', async () => {
    await expectRefusal(
      { product: MOBILE, version: '0.1.1-rc.1', description: 'x' },
      /prerelease/i,
    );
  });

  test('no description', async () => {
    await expectRefusal({ product: MOBILE, version: '0.1.1' }, /Input 'description' is required/);
  });

  test('no product and no path', async () => {
    await expectRefusal({ version: '0.1.1', description: 'x' }, /Input 'path' is required/);
  });

  test('an unknown format', async () => {
    await expectRefusal(
      { product: MOBILE, version: '0.1.1', description: 'x', format: 'rst' },
      /'auto', 'table', 'keep-a-changelog'/,
    );
  });

  test('a CHANGELOG with no table that has a version column', async () => {
    const workspace = checkoutAtTag(MOBILE);
    writeFileSync(
      join(workspace, CHANGELOG),
      '# Changelog\n\n| Date | Notes |\n|---|---|\n| 2026-01-01 | x |\n',
    );
    runGit(['commit', '-qam', 'odd changelog'], workspace);
    const result = await runAction('changelog-entry', {
      inputs: { product: MOBILE, version: '0.1.1', description: 'x', format: 'table' },
      workspace,
    });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain(CHANGELOG);
    expect(existsSync(join(workspace, CHANGELOG))).toBe(true);
    expect(runGit(['status', '--porcelain'], workspace)).toBe('');
  });
});
