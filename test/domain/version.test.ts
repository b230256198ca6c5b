import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  compareVersions,
  nextPatch,
  parseReleaseVersion,
  previousPatch,
} from '../../src/domain/version.js';
import { UserError } from '../../src/domain/errors.js';
import { userErrorOf } from '../helpers/user-error.js';

const release = fc
  .tuple(fc.nat({ max: 10_000 }), fc.nat({ max: 10_000 }), fc.nat({ max: 10_000 }))
  .map(([major, minor, patch]) => `${major}.${minor}.${patch}`);

describe('parseReleaseVersion', () => {
  it.each([
    ['0.1.0', '0.1.0'],
    ['2.14.3', '2.14.3'],
    ['10.0.99', '10.0.99'],
    [' 1.2.3\n', '1.2.3'],
    ['v0.1.0', '0.1.0'],
  ])('accepts %j as %s', (text, expected) => {
    expect(parseReleaseVersion(text)).toBe(expected);
  });

  it.each(['1.2.0-rc.1', '0.1.1-beta', '3.0.0-alpha.2+7'])(
    'refuses the prerelease %s, naming where it was found',
    (text) => {
      const error = userErrorOf(() => parseReleaseVersion(text, 'apps/web/package.json:3'));
      expect(error.message).toMatch(
        /^apps\/web\/package\.json:3: .* is a prerelease; prereleases are not hotfixed/,
      );
      expect(error.locations).toEqual([{ file: 'apps/web/package.json', line: 3 }]);
    },
  );

  it.each(['1.2', '1', '1.2.3.4', '01.2.3', 'latest', '', '^1.2.3', '1.2.x', 'v'])(
    'refuses %j as not a version',
    (text) => {
      const error = userErrorOf(() => parseReleaseVersion(text, 'VERSION:1'));
      expect(error.message).toBe(
        `VERSION:1: '${text}' is not a version. Write it as X.Y.Z (three whole numbers, e.g. 0.1.0).`,
      );
    },
  );

  it('refuses build metadata, which is not part of a release version', () => {
    expect(() => parseReleaseVersion('1.2.3+5', "input 'expected-version'")).toThrow(
      "input 'expected-version': '1.2.3+5' has build metadata (+5). Write the release version as X.Y.Z without '+…'.",
    );
    // A `where` that is not file:line gives no annotation location.
    expect(userErrorOf(() => parseReleaseVersion('1.2.3+5', "input 'x'")).locations).toEqual([]);
  });

  it('gives a message without a prefix when no place is named', () => {
    expect(() => parseReleaseVersion('nope')).toThrow(
      new UserError(
        "'nope' is not a version. Write it as X.Y.Z (three whole numbers, e.g. 0.1.0).",
      ),
    );
  });

  it('returns any X.Y.Z unchanged', () => {
    fc.assert(fc.property(release, (version) => parseReleaseVersion(version) === version));
  });
});

describe('nextPatch', () => {
  it.each([
    ['0.1.0', '0.1.1'],
    ['0.1.9', '0.1.10'],
    ['1.0.99', '1.0.100'],
    ['2.14.3', '2.14.4'],
    ['v3.2.1', '3.2.2'],
  ])('%s -> %s', (version, next) => {
    expect(nextPatch(version)).toBe(next);
  });

  it('refuses to bump a prerelease (semver would release it instead)', () => {
    expect(() => nextPatch('1.2.0-rc.1')).toThrow(/prereleases are not hotfixed/);
  });

  it('is always a patch bump and sorts after the version', () => {
    fc.assert(
      fc.property(release, (version) => {
        const next = nextPatch(version);
        return previousPatch(next) === version && compareVersions(version, next) < 0;
      }),
    );
  });
});

describe('compareVersions', () => {
  it('orders numerically, not as text', () => {
    expect(compareVersions('0.1.10', '0.1.9')).toBeGreaterThan(0);
    expect(compareVersions('0.9.0', '0.10.0')).toBeLessThan(0);
    expect(compareVersions('2.0.0', '10.0.0')).toBeLessThan(0);
    expect(compareVersions('1.2.3', 'v1.2.3')).toBe(0);
    expect(['0.1.10', '0.1.2', '0.10.0', '0.1.0'].sort(compareVersions)).toEqual([
      '0.1.0',
      '0.1.2',
      '0.1.10',
      '0.10.0',
    ]);
  });
});
