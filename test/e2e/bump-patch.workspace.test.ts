// bump-patch in workspace mode: the built bundle, run as the runner runs it, on a checkout of the
// fixture monorepo. Every assertion is about what a user sees: files, outputs, annotations.
import { describe, expect, test } from '@jest/globals';
import { writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runAction } from '../../sandbox/harness/run-action.js';
import { runGit } from '../../sandbox/fixtures/monorepo.js';
import { readText, useFixtureCheckouts } from '../helpers/workspace.js';

const MOBILE = 'krow-withus-worker-mobile';
const WEB = 'krow-withus-web';
const { checkoutAtTag } = useFixtureCheckouts('bump-ws');

function changedPaths(workspace: string): string[] {
  return runGit(['status', '--porcelain'], workspace)
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.slice(3))
    .sort();
}

describe('bump-patch (workspace)', () => {
  test('bumps a Flutter product: pubspec version and build, and the xcconfig by pattern, nothing else', async () => {
    const workspace = checkoutAtTag(MOBILE);
    const pubspec = 'apps/mobile/apps/staff/pubspec.yaml';
    const xcconfig = 'apps/mobile/apps/staff/ios/version.xcconfig';
    const before = {
      pubspec: readText(workspace, pubspec),
      xcconfig: readText(workspace, xcconfig),
    };

    const result = await runAction('bump-patch', { inputs: { product: MOBILE }, workspace });

    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({
      'previous-version': '0.1.0',
      version: '0.1.1',
      'previous-build': '5',
      build: '6',
      'commit-sha': '',
    });
    expect(JSON.parse(result.outputs['changed-files']!)).toEqual([pubspec, xcconfig]);
    expect(changedPaths(workspace)).toEqual([xcconfig, pubspec].sort());
    // The files differ from the originals in the version and nothing else.
    expect(readText(workspace, pubspec)).toBe(
      before.pubspec.replace(/^version: 0\.1\.0\+5$/m, 'version: 0.1.1+6'),
    );
    expect(readText(workspace, pubspec)).not.toBe(before.pubspec);
    expect(readText(workspace, xcconfig)).toBe(
      before.xcconfig.replace('MARKETING_VERSION = 0.1.0', 'MARKETING_VERSION = 0.1.1'),
    );
    expect(result.summary).toContain('0.1.0 → 0.1.1');
    expect(result.summary).toContain(
      '| apps/mobile/apps/staff/pubspec.yaml | `0.1.0+5` | `0.1.1+6` |',
    );
  });

  test('bumps package.json and its lockfile (root version and packages[""])', async () => {
    const workspace = checkoutAtTag(WEB);
    const lockBefore = readText(workspace, 'apps/web/package-lock.json');

    const result = await runAction('bump-patch', { inputs: { product: WEB }, workspace });

    expect(result.exitCode).toBe(0);
    expect(result.outputs['version']).toBe('0.1.2');
    expect(result.outputs['build']).toBe('');
    expect(JSON.parse(result.outputs['changed-files']!)).toEqual([
      'apps/web/package.json',
      'apps/web/package-lock.json',
    ]);
    const lock = JSON.parse(readText(workspace, 'apps/web/package-lock.json'));
    expect(lock.version).toBe('0.1.2');
    expect(lock.packages[''].version).toBe('0.1.2');
    // Only the two version values changed in the lockfile.
    const changedLines = runGit(['diff', '-U0', '--', 'apps/web/package-lock.json'], workspace)
      .split('\n')
      .filter((line) => /^[+-] /.test(line));
    expect(changedLines.filter((line) => line.startsWith('-'))).toEqual([
      '-  "version": "0.1.1",',
      '-      "version": "0.1.1",',
    ]);
    expect(changedLines.filter((line) => line.startsWith('+'))).toEqual([
      '+  "version": "0.1.2",',
      '+      "version": "0.1.2",',
    ]);
    expect(lockBefore).not.toBe(readText(workspace, 'apps/web/package-lock.json'));
  });

  test('a re-run with expected-version writes nothing and succeeds', async () => {
    const workspace = checkoutAtTag(MOBILE);
    const first = await runAction('bump-patch', {
      inputs: { product: MOBILE, 'expected-version': '0.1.0' },
      workspace,
    });
    expect(first.exitCode).toBe(0);
    const afterFirst = readText(workspace, 'apps/mobile/apps/staff/pubspec.yaml');

    const second = await runAction('bump-patch', {
      inputs: { product: MOBILE, 'expected-version': '0.1.0' },
      workspace,
    });

    expect(second.exitCode).toBe(0);
    expect(second.outputs).toMatchObject({
      'previous-version': '0.1.0',
      version: '0.1.1',
      'changed-files': '[]',
    });
    expect(readText(workspace, 'apps/mobile/apps/staff/pubspec.yaml')).toBe(afterFirst);
    expect(second.summary).toContain('already');
  });

  test('on a hotfix branch, a re-run without expected-version does not bump twice', async () => {
    const workspace = checkoutAtTag(MOBILE);
    const env = { GITHUB_REF: `refs/heads/hotfix/${MOBILE}-v0.1.1` };
    const first = await runAction('bump-patch', {
      inputs: { product: MOBILE },
      workspace,
      ref: env.GITHUB_REF,
    });
    const second = await runAction('bump-patch', {
      inputs: { product: MOBILE },
      workspace,
      ref: env.GITHUB_REF,
    });
    expect(first.outputs['version']).toBe('0.1.1');
    expect(second.exitCode).toBe(0);
    expect(second.outputs['version']).toBe('0.1.1');
    expect(second.outputs['changed-files']).toBe('[]');
  });

  test('dry-run reports the bump and writes nothing', async () => {
    const workspace = checkoutAtTag(MOBILE);
    const result = await runAction('bump-patch', {
      inputs: { product: MOBILE, 'dry-run': 'true' },
      workspace,
    });
    expect(result.exitCode).toBe(0);
    expect(result.outputs['version']).toBe('0.1.1');
    expect(JSON.parse(result.outputs['changed-files']!)).toHaveLength(2);
    expect(changedPaths(workspace)).toEqual([]);
    expect(result.summary).toContain('dry run');
  });

  test('build-number: keep keeps +B', async () => {
    const workspace = checkoutAtTag(MOBILE);
    const result = await runAction('bump-patch', {
      inputs: { product: MOBILE, 'build-number': 'keep' },
      workspace,
    });
    expect(result.exitCode).toBe(0);
    expect(readText(workspace, 'apps/mobile/apps/staff/pubspec.yaml')).toMatch(
      /^version: 0\.1\.1\+5$/m,
    );
  });

  test('works with the files input alone, in a repository without a configuration file', async () => {
    const workspace = checkoutAtTag(WEB);
    rmSync(join(workspace, '.github/hotfix.yml'));
    const result = await runAction('bump-patch', {
      inputs: { files: 'backend/api/package.json\napps/web/package.json' },
      workspace,
    });
    expect(result.exitCode).toBe(1);
    // The two products are at different versions: refused, both files named with their line.
    expect(result.stdout).toContain('disagree');
    const errors = result.annotations.filter((a) => a.level === 'error' && a.file !== undefined);
    expect(errors.map((a) => a.file).sort()).toEqual([
      'apps/web/package.json',
      'backend/api/package.json',
    ]);
    expect(errors.every((a) => typeof a.line === 'number')).toBe(true);

    const single = await runAction('bump-patch', {
      inputs: { files: '- apps/web/package.json' },
      workspace,
    });
    expect(single.exitCode).toBe(0);
    expect(single.outputs['version']).toBe('0.1.2');
  });
});

describe('bump-patch refuses before any write', () => {
  async function expectRefusal(workspace: string, inputs: Record<string, string>, message: RegExp) {
    const before = changedPaths(workspace);
    const result = await runAction('bump-patch', { inputs, workspace });
    expect(result.exitCode).toBe(1);
    const failure = result.annotations.find((a) => a.level === 'error' && a.file === undefined);
    expect(failure?.message).toMatch(message);
    expect(failure?.message).not.toMatch(/bug in hotfix-actions/);
    expect(changedPaths(workspace)).toEqual(before);
    return result;
  }

  test('version files that disagree: each file and line named, annotated', async () => {
    const workspace = checkoutAtTag(MOBILE);
    const xcconfig = 'apps/mobile/apps/staff/ios/version.xcconfig';
    writeFileSync(
      join(workspace, xcconfig),
      readText(workspace, xcconfig).replace('0.1.0', '0.0.9'),
    );
    const result = await expectRefusal(workspace, { product: MOBILE }, /disagree/);
    const message = result.annotations.find(
      (a) => a.level === 'error' && a.file === undefined,
    )!.message;
    expect(message).toContain('apps/mobile/apps/staff/pubspec.yaml:');
    expect(message).toContain(`${xcconfig}:`);
    expect(message).toContain('0.0.9');
    expect(result.annotations.some((a) => a.file === xcconfig && a.line !== undefined)).toBe(true);
    expect(changedPaths(workspace)).toEqual([xcconfig]);
  });

  test('a prerelease is refused', async () => {
    const workspace = checkoutAtTag(WEB);
    const path = 'apps/web/package.json';
    writeFileSync(
      join(workspace, path),
      readText(workspace, path).replace('"version": "0.1.1"', '"version": "0.1.2-rc.1"'),
    );
    runGit(['commit', '-qam', 'rc'], workspace);
    await expectRefusal(workspace, { files: path }, /prerelease/i);
  });

  test('a version that is not semver is refused', async () => {
    const workspace = checkoutAtTag(WEB);
    const path = 'apps/web/package.json';
    writeFileSync(
      join(workspace, path),
      readText(workspace, path).replace('"version": "0.1.1"', '"version": "1.2"'),
    );
    runGit(['commit', '-qam', 'odd'], workspace);
    await expectRefusal(workspace, { files: path }, /apps\/web\/package\.json:\d+/);
  });

  test('a missing version file is named', async () => {
    const workspace = checkoutAtTag(MOBILE);
    rmSync(join(workspace, 'apps/mobile/apps/staff/ios/version.xcconfig'));
    runGit(['commit', '-qam', 'rm'], workspace);
    await expectRefusal(
      workspace,
      { product: MOBILE },
      /apps\/mobile\/apps\/staff\/ios\/version\.xcconfig/,
    );
  });

  test('an unknown product lists the configured ones', async () => {
    const workspace = checkoutAtTag(MOBILE);
    await expectRefusal(
      workspace,
      { product: 'krow-withus-wroker-mobile' },
      /krow-withus-worker-mobile/,
    );
  });

  test('files that hold neither expected-version nor its next patch', async () => {
    const workspace = checkoutAtTag(MOBILE);
    await expectRefusal(workspace, { product: MOBILE, 'expected-version': '0.0.4' }, /0\.0\.4/);
  });

  test('an invalid expected-version, build-number or dry-run input', async () => {
    const workspace = checkoutAtTag(MOBILE);
    await expectRefusal(
      workspace,
      { product: MOBILE, 'expected-version': '1.0.0-beta' },
      /prerelease/i,
    );
    await expectRefusal(
      workspace,
      { product: MOBILE, 'build-number': 'bump' },
      /'increment', 'keep'/,
    );
    await expectRefusal(workspace, { product: MOBILE, 'dry-run': 'yes' }, /true or false/);
  });

  test('a malformed configuration names its line', async () => {
    const workspace = checkoutAtTag(MOBILE);
    writeFileSync(
      join(workspace, '.github/hotfix.yml'),
      `products:\n  ${MOBILE}:\n    version-files:\n      - apps/mobile/apps/staff/pubspec.yaml\n      - 3\n`,
    );
    runGit(['commit', '-qam', 'bad config'], workspace);
    await expectRefusal(
      workspace,
      { product: MOBILE },
      /\.github\/hotfix\.yml:5: products\.krow-withus-worker-mobile\.version-files\[1\]/,
    );
  });

  test('no product and no files', async () => {
    const workspace = checkoutAtTag(MOBILE);
    await expectRefusal(workspace, {}, /Input 'product' is required/);
  });
});
