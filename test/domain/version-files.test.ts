import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import {
  companionFiles,
  readVersion,
  updateCompanion,
  versionFileFormat,
  writeVersion,
  type VersionFileSpec,
} from '../../src/domain/version-files.js';
import { userErrorOf } from '../helpers/user-error.js';

function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/version-files/${name}`, import.meta.url), 'utf8');
}

/** The text with exactly one occurrence of `search` replaced: the only change a bump may make. */
function replacedOnce(text: string, search: string, replacement: string): string {
  const at = text.indexOf(search);
  expect(at).toBeGreaterThanOrEqual(0);
  expect(text.indexOf(search, at + 1)).toBe(-1);
  return text.slice(0, at) + replacement + text.slice(at + search.length);
}

function crlf(text: string): string {
  return text.replace(/\n/g, '\r\n');
}

const BOM = '\uFEFF';
const staffPubspec = { path: 'apps/mobile/apps/staff/pubspec.yaml' };
const clientPubspec = { path: 'apps/mobile/apps/client/pubspec.yml' };
const webPackage = { path: 'apps/web/package.json' };
const paymentsPackage = { path: 'backend/payments/package.json' };

describe('versionFileFormat', () => {
  it.each([
    ['apps/mobile/apps/staff/pubspec.yaml', 'pubspec'],
    ['pubspec.yml', 'pubspec'],
    ['apps/web/package.json', 'package-json'],
    ['package.json', 'package-json'],
    ['backend/payments/VERSION', 'plain'],
    ['VERSION', 'plain'],
    ['release/version.txt', 'plain'],
  ])('%s is read as %s', (path, format) => {
    expect(versionFileFormat({ path })).toBe(format);
  });

  it('uses the pattern whatever the file name', () => {
    expect(versionFileFormat({ path: 'pubspec.yaml', pattern: 'v(?<version>.+)' })).toBe('pattern');
    expect(versionFileFormat({ path: 'ios/version.xcconfig', pattern: '(?<version>.+)' })).toBe(
      'pattern',
    );
  });

  it.each([
    'ios/version.xcconfig',
    'android/app/build.gradle',
    'pubspec.lock',
    'package-lock.json',
    'apps/web/.env',
  ])('asks for a pattern for %s', (path) => {
    const error = userErrorOf(() => versionFileFormat({ path }));
    expect(error.message).toContain(
      `${path}: cannot tell from its name how this file holds the version`,
    );
    expect(error.message).toContain('{path, pattern}');
    expect(error.locations).toEqual([{ file: path }]);
  });
});

describe('pubspec.yaml', () => {
  const staff = fixture('staff-pubspec.yaml');

  it('reads the top-level version of a Flutter app, not the commented or dependency ones', () => {
    expect(readVersion(staffPubspec, staff)).toEqual({
      path: staffPubspec.path,
      format: 'pubspec',
      version: '0.1.0',
      build: '5',
      line: 20,
      column: 10,
    });
  });

  it('changes only the version substring: comments, dependency versions and the flutter section stay', () => {
    const after = writeVersion(staffPubspec, staff, { version: '0.1.1', build: '6' });
    expect(after).toBe(replacedOnce(staff, 'version: 0.1.0+5\n', 'version: 0.1.1+6\n'));
    expect(after).toContain('# version: 9.9.9+99\n');
    expect(after).toContain('    version: ^2.3.0\n');
  });

  it('keeps the build number when none is given', () => {
    expect(writeVersion(staffPubspec, staff, { version: '0.1.1' })).toBe(
      replacedOnce(staff, 'version: 0.1.0+5', 'version: 0.1.1+5'),
    );
  });

  it('keeps CRLF line endings', () => {
    const windows = crlf(staff);
    expect(readVersion(staffPubspec, windows)).toMatchObject({
      version: '0.1.0',
      line: 20,
      column: 10,
    });
    expect(writeVersion(staffPubspec, windows, { version: '0.1.1', build: '6' })).toBe(
      crlf(replacedOnce(staff, 'version: 0.1.0+5', 'version: 0.1.1+6')),
    );
  });

  it('keeps a BOM and a missing final newline', () => {
    const text = `${BOM}name: staff\nversion: 0.1.0+5`;
    expect(readVersion(staffPubspec, text)).toMatchObject({ line: 2, column: 10 });
    expect(writeVersion(staffPubspec, text, { version: '0.1.1', build: '6' })).toBe(
      `${BOM}name: staff\nversion: 0.1.1+6`,
    );
    const first = `${BOM}version: 1.0.0+1\n`;
    expect(readVersion(staffPubspec, first)).toMatchObject({ line: 1, column: 10 });
    expect(writeVersion(staffPubspec, first, { version: '1.0.1', build: '2' })).toBe(
      `${BOM}version: 1.0.1+2\n`,
    );
  });

  it('keeps double quotes and the trailing comment, ignoring version text in a folded description', () => {
    const client = fixture('client-pubspec.yaml');
    expect(readVersion(clientPubspec, client)).toEqual({
      path: clientPubspec.path,
      format: 'pubspec',
      version: '2.14.3',
      build: '2104',
      line: 6,
      column: 11,
    });
    expect(writeVersion(clientPubspec, client, { version: '2.14.4', build: '2105' })).toBe(
      replacedOnce(client, 'version: "2.14.3+2104" # build', 'version: "2.14.4+2105" # build'),
    );
  });

  it.each([
    ["version: '0.1.0+5'\n", "version: '0.1.1+6'\n"],
    ['version:   0.1.0+5   # spaces kept\n', 'version:   0.1.1+6   # spaces kept\n'],
    ['version: &release 0.1.0+5\nname: a\n', 'version: &release 0.1.1+6\nname: a\n'],
    ['version: !!str 0.1.0+5\n', 'version: !!str 0.1.1+6\n'],
    ['{name: a, version: 0.1.0+5}\n', '{name: a, version: 0.1.1+6}\n'],
    ['---\nname: a\nversion: 0.1.0+5\n...\n', '---\nname: a\nversion: 0.1.1+6\n...\n'],
  ])('rewrites %j in place', (before, after) => {
    expect(writeVersion(staffPubspec, before, { version: '0.1.1', build: '6' })).toBe(after);
  });

  it('leaves a version without a build number without one', () => {
    const text = 'name: krow_core\nversion: 3.2.1\n\ndependencies:\n  meta: ^1.12.0\n';
    const reading = readVersion({ path: 'packages/core/pubspec.yaml' }, text);
    expect(reading.version).toBe('3.2.1');
    expect(reading.build).toBeUndefined();
    expect(writeVersion({ path: 'packages/core/pubspec.yaml' }, text, { version: '3.2.2' })).toBe(
      replacedOnce(text, '3.2.1', '3.2.2'),
    );
    // Asking for a build the file has none of is a bug in the caller, not the user's mistake.
    expect(() =>
      writeVersion({ path: 'pubspec.yaml' }, text, { version: '3.2.2', build: '1' }),
    ).toThrow('pubspec.yaml has no build number to set to 1');
  });

  it.each([
    ['only a dependency has a version', 'name: a\ndependencies:\n  foo:\n    version: ^1.0.0\n'],
    ['only a comment has one', 'name: a\n# version: 1.0.0+1\n'],
    ['the file is empty', ''],
    ['the document is a list', '- version: 1.0.0\n'],
  ])('refuses when %s', (_case, text) => {
    const error = userErrorOf(() => readVersion(staffPubspec, text));
    expect(error.message).toBe(
      `${staffPubspec.path}: has no top-level \`version:\`. Add \`version: X.Y.Z+B\` (build name + build number) at the top level, then re-run.`,
    );
    expect(error.locations).toEqual([{ file: staffPubspec.path }]);
  });

  it('refuses an empty version, naming its line', () => {
    const error = userErrorOf(() => readVersion(staffPubspec, 'name: a\nversion:\nflutter: {}\n'));
    expect(error.message).toMatch(
      /^apps\/mobile\/apps\/staff\/pubspec\.yaml:2: `version:` is empty/,
    );
    expect(error.locations).toEqual([{ file: staffPubspec.path, line: 2 }]);
  });

  it.each([
    ['a block scalar', 'name: a\nversion: |\n  1.0.0+1\n', 2],
    ['a mapping', 'name: a\nversion:\n  name: 1.0.0\n', 3],
    ['an alias', 'base: &v 1.0.0\nversion: *v\n', 2],
    ['an escaped quoted value', 'name: a\n\nversion: "1.0.\\x30"\n', 3],
  ])('refuses %s as the version, naming its line', (_case, text, line) => {
    const error = userErrorOf(() => readVersion(staffPubspec, text));
    expect(error.message).toBe(
      `${staffPubspec.path}:${line}: \`version:\` must be a plain or quoted value on one line, like \`version: 1.2.3+4\`. Rewrite it that way, then re-run.`,
    );
    expect(error.locations).toEqual([{ file: staffPubspec.path, line }]);
  });

  it.each([
    ['an unclosed flow sequence', 'name: a\nversion: 1.0.0\nassets: [a, b\n', 4],
    ['a duplicate key', 'version: 1.0.0\nname: a\nversion: 1.0.1\n', 3],
    ['a tab indent', 'name: a\nflutter:\n\tassets: []\n', 3],
  ])('refuses invalid YAML (%s), naming the line', (_case, text, line) => {
    const error = userErrorOf(() => readVersion(staffPubspec, text));
    expect(error.message).toMatch(
      new RegExp(
        `^apps/mobile/apps/staff/pubspec\\.yaml:${line}: is not valid YAML \\(.+\\)\\. Fix the file`,
      ),
    );
    expect(error.locations).toEqual([{ file: staffPubspec.path, line }]);
  });
});

describe('package.json', () => {
  const web = fixture('web-package.json');
  const payments = fixture('payments-package.json');

  it('reads the top-level "version"', () => {
    expect(readVersion(webPackage, web)).toEqual({
      path: webPackage.path,
      format: 'package-json',
      version: '0.1.0',
      line: 3,
      column: 15,
    });
  });

  it('changes only the top-level version; engines, volta and dependencies stay', () => {
    expect(writeVersion(webPackage, web, { version: '0.1.1' })).toBe(
      replacedOnce(web, '"version": "0.1.0"', '"version": "0.1.1"'),
    );
  });

  it('ignores nested "version" keys that come first, and keeps 4-space indent and no final newline', () => {
    expect(payments.endsWith('}')).toBe(true);
    expect(readVersion(paymentsPackage, payments)).toMatchObject({
      version: '1.4.2',
      line: 23,
      column: 17,
    });
    expect(writeVersion(paymentsPackage, payments, { version: '1.4.3' })).toBe(
      replacedOnce(payments, '    "version": "1.4.2",', '    "version": "1.4.3",'),
    );
  });

  it('keeps CRLF and a BOM', () => {
    const text = BOM + crlf(web);
    expect(readVersion(webPackage, text)).toMatchObject({ version: '0.1.0', line: 3, column: 15 });
    expect(writeVersion(webPackage, text, { version: '0.1.1' })).toBe(
      BOM + crlf(replacedOnce(web, '"0.1.0"', '"0.1.1"')),
    );
    const minified = `${BOM}{"name":"x","version":"2.0.0","dependencies":{"y":"1.0.0"}}`;
    expect(readVersion(webPackage, minified)).toMatchObject({ line: 1, column: 24 });
    expect(writeVersion(webPackage, minified, { version: '2.0.1' })).toBe(
      `${BOM}{"name":"x","version":"2.0.1","dependencies":{"y":"1.0.0"}}`,
    );
  });

  it('refuses a package.json without a top-level version', () => {
    const text = '{\n  "name": "x",\n  "engines": { "version": "1.0.0" }\n}\n';
    const error = userErrorOf(() => readVersion(webPackage, text));
    expect(error.message).toBe(
      'apps/web/package.json: has no top-level "version" field. Add "version": "X.Y.Z" to it, then re-run.',
    );
    expect(error.locations).toEqual([{ file: 'apps/web/package.json' }]);
  });

  it.each([
    ['{\n  "name": "x",\n  "version": 1\n}\n', 3, 'found 1'],
    ['{\n  "version": null\n}\n', 2, 'found null'],
    ['{\n  "version": "1.0.\\u0030"\n}\n', 2, 'found "1.0.\\u0030"'],
  ])('refuses a version that is not a plain string: %j', (text, line, found) => {
    const error = userErrorOf(() => readVersion(webPackage, text));
    expect(error.message).toBe(
      `apps/web/package.json:${line}: "version" must be a string like "1.2.3", ${found}. Fix it, then re-run.`,
    );
    expect(error.locations).toEqual([{ file: 'apps/web/package.json', line }]);
  });

  it.each([
    ['a trailing comma', '{\n  "name": "x",\n  "version": "1.0.0",\n}\n', 4],
    ['a comment', '{\n  // web app\n  "version": "1.0.0"\n}\n', 2],
    ['a missing brace', '{\n  "version": "1.0.0"\n', 3],
    ['a merge conflict', '{\n<<<<<<< HEAD\n  "version": "1.0.0"\n}\n', 2],
  ])('refuses invalid JSON (%s), naming the line', (_case, text, line) => {
    const error = userErrorOf(() => readVersion(webPackage, text));
    expect(error.message).toMatch(
      new RegExp(
        `^apps/web/package\\.json:${line}: is not valid JSON \\(\\w+\\)\\. Fix the file, then re-run\\.$`,
      ),
    );
    expect(error.locations).toEqual([{ file: 'apps/web/package.json', line }]);
  });

  it('refuses JSON that is not an object, and a duplicate version', () => {
    expect(() => readVersion(webPackage, '["1.0.0"]')).toThrow(
      'apps/web/package.json: must hold a JSON object. Fix the file, then re-run.',
    );
    expect(() => readVersion(webPackage, '{\n"version": "1.0.0",\n"version": "2.0.0"\n}')).toThrow(
      'apps/web/package.json:2: has "version" more than once at the top level. Keep one, then re-run.',
    );
  });
});

describe('VERSION and *.txt', () => {
  const spec = { path: 'backend/payments/VERSION' };

  it.each([
    ['0.1.0\n', '0.1.1\n', 1, 1],
    ['0.1.0', '0.1.1', 1, 1],
    ['  0.1.0  \r\n', '  0.1.1  \r\n', 1, 3],
    ['\n\n0.1.0\n\n', '\n\n0.1.1\n\n', 3, 1],
    [`${BOM}0.1.0\r\n`, `${BOM}0.1.1\r\n`, 1, 1],
  ])('rewrites %j as %j, keeping the whitespace', (before, after, line, column) => {
    expect(readVersion(spec, before)).toEqual({
      path: spec.path,
      format: 'plain',
      version: '0.1.0',
      line,
      column,
    });
    expect(writeVersion(spec, before, { version: '0.1.1' })).toBe(after);
  });

  it('reads the fixture and a .txt file the same way', () => {
    expect(readVersion(spec, fixture('VERSION')).version).toBe('0.1.0');
    expect(writeVersion({ path: 'release/version.txt' }, '4.5.6\n', { version: '4.5.7' })).toBe(
      '4.5.7\n',
    );
  });

  it('refuses an empty file and one with more than the version', () => {
    expect(() => readVersion(spec, ' \n')).toThrow(
      'backend/payments/VERSION: is empty. Write the version (X.Y.Z) in it, then re-run.',
    );
    const error = userErrorOf(() => readVersion(spec, '\n0.1.0\nreleased 2026-03-05\n'));
    expect(error.message).toBe(
      "backend/payments/VERSION:2: must hold only the version, found '0.1.0' followed by more text. Keep only X.Y.Z in it, or list it as {path, pattern} with a regex.",
    );
    expect(error.locations).toEqual([{ file: spec.path, line: 2 }]);
  });
});

describe('{path, pattern}', () => {
  const xcconfig = fixture('version.xcconfig');
  const gradle = fixture('build.gradle');
  const marketing = {
    path: 'apps/mobile/apps/staff/ios/version.xcconfig',
    pattern: '^MARKETING_VERSION = (?<version>\\S+)$',
  };

  it('reads the first match of the version group, with its line', () => {
    expect(readVersion(marketing, xcconfig)).toEqual({
      path: marketing.path,
      format: 'pattern',
      version: '0.1.0',
      line: 5,
      column: 21,
    });
    expect(writeVersion(marketing, xcconfig, { version: '0.1.1' })).toBe(
      replacedOnce(xcconfig, 'MARKETING_VERSION = 0.1.0', 'MARKETING_VERSION = 0.1.1'),
    );
  });

  it('matches across lines and writes a build group that comes before the version', () => {
    const spec = {
      path: 'apps/mobile/apps/staff/android/app/build.gradle',
      pattern: 'versionCode (?<build>\\d+)\\s+versionName "(?<version>[^"]+)"',
    };
    expect(readVersion(spec, gradle)).toMatchObject({
      version: '0.1.0',
      build: '5',
      line: 16,
      column: 22,
    });
    const after = writeVersion(spec, crlf(gradle), { version: '0.1.1', build: '6' });
    expect(after).toBe(
      crlf(
        replacedOnce(
          gradle,
          'versionCode 5\n        versionName "0.1.0"',
          'versionCode 6\n        versionName "0.1.1"',
        ),
      ),
    );
  });

  it('uses only the first match', () => {
    const spec = { path: 'Chart.yaml', pattern: 'Version: (?<version>[\\d.]+)' };
    const text = 'appVersion: 1.0.0\nVersion: 2.0.0\n';
    expect(readVersion(spec, text)).toMatchObject({ version: '1.0.0', line: 1, column: 13 });
    const anchored = { path: 'Chart.yaml', pattern: '^version: (?<version>[\\d.]+)' };
    expect(
      writeVersion(anchored, 'appVersion: 1.0.0\nversion: 0.3.0\n', { version: '0.3.1' }),
    ).toBe('appVersion: 1.0.0\nversion: 0.3.1\n');
  });

  it('refuses a pattern without a version group, naming the pattern', () => {
    const spec = { path: 'ios/version.xcconfig', pattern: 'MARKETING_VERSION = (\\S+)' };
    const error = userErrorOf(() => readVersion(spec, xcconfig));
    expect(error.message).toBe(
      'ios/version.xcconfig: pattern "MARKETING_VERSION = (\\\\S+)" has no named group "version": capture the version with (?<version>...), e.g. "MARKETING_VERSION = (?<version>\\\\S+)".',
    );
    expect(error.locations).toEqual([{ file: 'ios/version.xcconfig' }]);
    // A group named `version` inside a longer name is not it.
    expect(() => readVersion({ path: 'a.cfg', pattern: '(?<versionName>\\S+)' }, 'x')).toThrow(
      /has no named group "version"/,
    );
  });

  it.each(['MARKETING_VERSION = (?<version>\\S+', '(?<version>[0-9.]+', '*(?<version>.)'])(
    'refuses the pattern %j that does not compile',
    (pattern) => {
      const error = userErrorOf(() =>
        readVersion({ path: 'ios/version.xcconfig', pattern }, xcconfig),
      );
      expect(error.message).toContain(
        `ios/version.xcconfig: pattern ${JSON.stringify(pattern)} is not a valid JavaScript regex (`,
      );
    },
  );

  it('refuses a pattern that finds nothing or an empty version', () => {
    expect(() =>
      readVersion(
        { path: 'ios/version.xcconfig', pattern: 'BUNDLE_VERSION = (?<version>\\S+)' },
        xcconfig,
      ),
    ).toThrow(
      'ios/version.xcconfig: pattern "BUNDLE_VERSION = (?<version>\\\\S+)" finds no version in this file. Check the pattern against the file\'s text, or the path.',
    );
    expect(() => readVersion({ path: 'a.cfg', pattern: 'v=(?<version>\\d*)' }, 'v=\n')).toThrow(
      /finds no version in this file/,
    );
  });
});

describe('companionFiles', () => {
  it.each(['pubspec.yaml', 'VERSION', 'apps/api/version.txt'])('%s has none', (path) => {
    expect(companionFiles({ path })).toEqual([]);
  });

  it('a pattern file has none', () => {
    expect(companionFiles({ path: 'package.json', pattern: '(?<version>.+)' })).toEqual([]);
  });

  it.each([
    [
      'apps/web/package.json',
      [
        'apps/web/package-lock.json',
        'apps/web/npm-shrinkwrap.json',
        'apps/package-lock.json',
        'apps/npm-shrinkwrap.json',
        'package-lock.json',
        'npm-shrinkwrap.json',
      ],
    ],
    ['package.json', ['package-lock.json', 'npm-shrinkwrap.json']],
    [
      './backend/package.json',
      [
        'backend/package-lock.json',
        'backend/npm-shrinkwrap.json',
        'package-lock.json',
        'npm-shrinkwrap.json',
      ],
    ],
  ])('%s -> %j', (path, candidates) => {
    expect(companionFiles({ path })).toEqual(candidates);
  });
});

describe('updateCompanion of a package.json: its npm lockfile', () => {
  const updateLockfile = (lock: string, content: string, pkg: string, from: string, to: string) =>
    updateCompanion({ path: pkg }, lock, content, from, to);

  it('updates the root version and packages[""] of a v3 lockfile beside package.json, nothing else', () => {
    const lock = fixture('web-package-lock.json');
    const expected = lock
      .replace(
        '  "version": "0.1.0",\n  "lockfileVersion"',
        '  "version": "0.1.1",\n  "lockfileVersion"',
      )
      .replace(
        '"name": "@krow/web",\n      "version": "0.1.0"',
        '"name": "@krow/web",\n      "version": "0.1.1"',
      );
    expect(expected.split('0.1.1').length).toBe(3);
    expect(
      updateLockfile('apps/web/package-lock.json', lock, 'apps/web/package.json', '0.1.0', '0.1.1'),
    ).toBe(expected);
    expect(
      updateLockfile(
        'apps/web/package-lock.json',
        BOM + crlf(lock),
        'apps/web/package.json',
        '0.1.0',
        '0.1.1',
      ),
    ).toBe(BOM + crlf(expected));
  });

  it('updates only the root version of a v1 npm-shrinkwrap.json', () => {
    const shrinkwrap = fixture('payments-npm-shrinkwrap.json');
    expect(
      updateLockfile(
        'backend/payments/npm-shrinkwrap.json',
        shrinkwrap,
        'backend/payments/package.json',
        '1.4.2',
        '1.4.3',
      ),
    ).toBe(replacedOnce(shrinkwrap, '"version": "1.4.2"', '"version": "1.4.3"'));
  });

  it('updates a workspace member in the root lockfile, leaving the root package and other members', () => {
    const lock = fixture('workspace-package-lock-v2.json');
    const web = updateLockfile(
      'package-lock.json',
      lock,
      'apps/web/package.json',
      '0.1.0',
      '0.1.1',
    );
    expect(web).toBe(
      replacedOnce(
        lock,
        '"name": "@krow/web",\n      "version": "0.1.0"',
        '"name": "@krow/web",\n      "version": "0.1.1"',
      ),
    );
    const payments = updateLockfile(
      'package-lock.json',
      lock,
      'backend/payments/package.json',
      '1.4.2',
      '1.4.3',
    );
    expect(payments).toBe(replacedOnce(lock, '"version": "1.4.2"', '"version": "1.4.3"'));
  });

  it('returns undefined when the lockfile records nothing for the package', () => {
    const lock = fixture('workspace-package-lock-v2.json');
    expect(
      updateLockfile('package-lock.json', lock, 'backend/billing/package.json', '2.0.0', '2.0.1'),
    ).toBeUndefined();
    expect(
      updateLockfile(
        'apps/package-lock.json',
        '{"lockfileVersion": 3, "packages": {}}',
        'apps/web/package.json',
        '0.1.0',
        '0.1.1',
      ),
    ).toBeUndefined();
    // A lockfile that is not an ancestor never records it.
    expect(
      updateLockfile('backend/package-lock.json', lock, 'apps/web/package.json', '0.1.0', '0.1.1'),
    ).toBeUndefined();
  });

  it('refuses a lockfile that records another version, naming its line and npm install', () => {
    const lock = fixture('web-package-lock.json').replace(
      '      "version": "0.1.0"',
      '      "version": "0.0.9"',
    );
    const error = userErrorOf(() =>
      updateLockfile('apps/web/package-lock.json', lock, 'apps/web/package.json', '0.1.0', '0.1.1'),
    );
    expect(error.message).toBe(
      'apps/web/package-lock.json:9: records version "0.0.9" for apps/web/package.json, which holds 0.1.0. Run `npm install` in apps/web so the lockfile agrees with package.json, commit it, then re-run.',
    );
    expect(error.locations).toEqual([{ file: 'apps/web/package-lock.json', line: 9 }]);

    const workspace = fixture('workspace-package-lock-v2.json');
    expect(() =>
      updateLockfile('package-lock.json', workspace, 'apps/web/package.json', '0.2.0', '0.2.1'),
    ).toThrow(
      'package-lock.json:20: records version "0.1.0" for apps/web/package.json, which holds 0.2.0. Run `npm install` at the repository root',
    );
  });

  it('refuses a lockfile that is not valid JSON', () => {
    const error = userErrorOf(() =>
      updateLockfile(
        'package-lock.json',
        '{\n  "version": "1.0.0",\n<<<<<<< ours\n',
        'package.json',
        '1.0.0',
        '1.0.1',
      ),
    );
    expect(error.message).toMatch(/^package-lock\.json:3: is not valid JSON/);
  });
});

describe('properties', () => {
  const number = fc.nat({ max: 100_000 }).map(String);
  const version = fc.tuple(number, number, number).map((parts) => parts.join('.'));
  const build = fc.option(number, { nil: undefined });
  const comment = fc.string({ unit: 'grapheme-ascii', maxLength: 40 }).map((text) => `# ${text}`);
  // Other top-level keys (each at most once: YAML refuses duplicate keys), each maybe followed
  // by a comment or a blank line.
  const keys = [
    'name: krow_staff',
    'publish_to: none',
    'description: "version: 1.2.3 in text"',
    'environment:\n  sdk: ^3.5.0',
    'dependencies:\n  foo:\n    version: ^1.0.0\n  bar: any',
    'flutter:\n  uses-material-design: true',
  ];
  const trailer = fc.oneof(comment, fc.constant(''));
  const surroundings = fc
    .shuffledSubarray(keys)
    .chain((chosen) =>
      fc.tuple(
        fc.array(trailer, { maxLength: 3 }),
        fc.tuple(
          ...chosen.map((key) =>
            fc.option(trailer).map((t) => (t === null ? key : `${key}\n${t}`)),
          ),
        ),
        fc.nat({ max: chosen.length }),
      ),
    )
    .map(([leading, blocks, split]) => ({
      before: [...leading, ...blocks.slice(0, split)],
      after: blocks.slice(split),
    }));

  it('a pubspec bump changes only the version substring, with any surroundings', () => {
    fc.assert(
      fc.property(
        surroundings,
        version,
        build,
        version,
        fc.constantFrom('', '"', "'"),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        fc.boolean(),
        ({ before, after }, current, currentBuild, next, quote, eol, bom, finalNewline) => {
          const value = currentBuild === undefined ? current : `${current}+${currentBuild}`;
          const nextBuild = currentBuild === undefined ? undefined : `${Number(currentBuild) + 1}`;
          const nextValue = nextBuild === undefined ? next : `${next}+${nextBuild}`;
          const compose = (text: string): string => {
            const body = [...before, `version: ${quote}${text}${quote}`, ...after].join('\n');
            return (bom ? BOM : '') + (body + (finalNewline ? '\n' : '')).replace(/\n/g, eol);
          };
          const spec = { path: 'pubspec.yaml' };
          const written = writeVersion(spec, compose(value), {
            version: next,
            ...(nextBuild === undefined ? {} : { build: nextBuild }),
          });
          expect(written).toBe(compose(nextValue));
          const reading = readVersion(spec, written);
          expect([reading.version, reading.build]).toEqual([next, nextBuild]);
        },
      ),
    );
  });

  const specs: [VersionFileSpec, string][] = [
    [{ path: 'apps/mobile/apps/staff/pubspec.yaml' }, fixture('staff-pubspec.yaml')],
    [{ path: 'apps/mobile/apps/client/pubspec.yaml' }, fixture('client-pubspec.yaml')],
    [{ path: 'apps/web/package.json' }, fixture('web-package.json')],
    [{ path: 'backend/payments/package.json' }, fixture('payments-package.json')],
    [{ path: 'VERSION' }, fixture('VERSION')],
    [
      { path: 'ios/version.xcconfig', pattern: 'MARKETING_VERSION = (?<version>\\S+)' },
      fixture('version.xcconfig'),
    ],
  ];

  it('readVersion(writeVersion(x)) gives x back, and writing the read version back changes nothing', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...specs),
        version,
        fc.boolean(),
        ([spec, content], next, windows) => {
          const text = windows ? crlf(content) : content;
          const written = writeVersion(spec, text, { version: next });
          const reading = readVersion(spec, written);
          expect(reading.version).toBe(next);
          expect(reading.line).toBe(readVersion(spec, text).line);
          const original = readVersion(spec, text);
          expect(writeVersion(spec, written, { version: original.version })).toBe(text);
        },
      ),
    );
  });
});

describe('a pattern that backtracks catastrophically', () => {
  it('is stopped within its time bound, with what to change', () => {
    const text = `MARKETING_VERSION = ${'1'.repeat(40)}x\n`;
    const error = userErrorOf(() =>
      readVersion(
        { path: 'ios/version.xcconfig', pattern: '^MARKETING_VERSION = (?<version>(\\d+)+)$' },
        text,
      ),
    );
    expect(error.message).toContain('ios/version.xcconfig: pattern /');
    expect(error.message).toContain('took more than 1 s to match and was stopped');
    expect(error.locations).toEqual([{ file: 'ios/version.xcconfig' }]);
  });
});
