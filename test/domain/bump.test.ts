import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { filesToRead, planBump, type BumpPlan } from '../../src/domain/bump.js';
import type { VersionFileSpec } from '../../src/domain/version-files.js';
import { UserError } from '../../src/domain/errors.js';
import { userErrorOf } from '../helpers/user-error.js';

function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/version-files/${name}`, import.meta.url), 'utf8');
}

/** The repository as planBump sees it: every path of filesToRead, undefined where absent. */
function repo(
  specs: VersionFileSpec[],
  files: Record<string, string>,
): Map<string, string | undefined> {
  return new Map(filesToRead(specs).map((path) => [path, files[path]]));
}

function summary(plan: BumpPlan): unknown {
  return plan.changes.map(({ path, line, previous, next }) => ({ path, line, previous, next }));
}

const staff = { path: 'apps/mobile/apps/staff/pubspec.yaml' };
const xcconfig = {
  path: 'apps/mobile/apps/staff/ios/Flutter/version.xcconfig',
  pattern: '^MARKETING_VERSION = (?<version>\\S+)$',
};
const gradle = {
  path: 'apps/mobile/apps/staff/android/app/build.gradle',
  pattern: 'versionCode (?<build>\\d+)\\s+versionName "(?<version>[^"]+)"',
};
const web = { path: 'apps/web/package.json' };
const payments = { path: 'backend/payments/package.json' };

describe('filesToRead', () => {
  it('lists the version files, then the lockfiles that may record each package.json', () => {
    expect(filesToRead([staff, web, { path: 'VERSION' }])).toEqual([
      staff.path,
      web.path,
      'VERSION',
      'apps/web/package-lock.json',
      'apps/web/npm-shrinkwrap.json',
      'apps/package-lock.json',
      'apps/npm-shrinkwrap.json',
      'package-lock.json',
      'npm-shrinkwrap.json',
    ]);
  });

  it('lists a shared workspace lockfile once', () => {
    expect(filesToRead([web, payments, web])).toEqual([
      web.path,
      payments.path,
      'apps/web/package-lock.json',
      'apps/web/npm-shrinkwrap.json',
      'apps/package-lock.json',
      'apps/npm-shrinkwrap.json',
      'package-lock.json',
      'npm-shrinkwrap.json',
      'backend/payments/package-lock.json',
      'backend/payments/npm-shrinkwrap.json',
      'backend/package-lock.json',
      'backend/npm-shrinkwrap.json',
    ]);
  });

  it('refuses a file whose format it cannot tell', () => {
    expect(() => filesToRead([{ path: 'ios/version.xcconfig' }])).toThrow(UserError);
  });
});

describe('planBump', () => {
  const staffPubspec = fixture('staff-pubspec.yaml');
  const mobileSpecs = [staff, xcconfig, gradle];
  const mobileFiles = {
    [staff.path]: staffPubspec,
    [xcconfig.path]: fixture('version.xcconfig'),
    [gradle.path]: fixture('build.gradle'),
  };

  it('bumps a Flutter app 0.1.0+5 -> 0.1.1+6 with its iOS and Android version files', () => {
    const plan = planBump(mobileSpecs, repo(mobileSpecs, mobileFiles), {
      buildNumber: 'increment',
    });
    expect(plan).toMatchObject({
      previousVersion: '0.1.0',
      version: '0.1.1',
      previousBuild: '5',
      build: '6',
      alreadyDone: false,
    });
    expect(summary(plan)).toEqual([
      { path: staff.path, line: 20, previous: '0.1.0+5', next: '0.1.1+6' },
      { path: xcconfig.path, line: 5, previous: '0.1.0', next: '0.1.1' },
      { path: gradle.path, line: 16, previous: '0.1.0+5', next: '0.1.1+6' },
    ]);
    const [pubspecChange, xcconfigChange] = plan.changes;
    expect(pubspecChange?.before).toBe(staffPubspec);
    expect(pubspecChange?.after).toBe(staffPubspec.replace('version: 0.1.0+5', 'version: 0.1.1+6'));
    expect(xcconfigChange?.after).toBe(
      mobileFiles[xcconfig.path]?.replace('MARKETING_VERSION = 0.1.0', 'MARKETING_VERSION = 0.1.1'),
    );
  });

  it("keeps build numbers with buildNumber: 'keep'", () => {
    const plan = planBump(mobileSpecs, repo(mobileSpecs, mobileFiles), { buildNumber: 'keep' });
    expect(plan).toMatchObject({ previousBuild: '5', build: '5', version: '0.1.1' });
    expect(summary(plan)).toEqual([
      { path: staff.path, line: 20, previous: '0.1.0+5', next: '0.1.1+5' },
      { path: xcconfig.path, line: 5, previous: '0.1.0', next: '0.1.1' },
      { path: gradle.path, line: 16, previous: '0.1.0+5', next: '0.1.1+5' },
    ]);
  });

  it('increments each pubspec its own build number; the plan reports the first', () => {
    const client = { path: 'apps/mobile/apps/client/pubspec.yaml' };
    const specs = [{ path: 'VERSION' }, staff, client];
    const plan = planBump(
      specs,
      repo(specs, {
        VERSION: '0.1.0\n',
        [staff.path]: staffPubspec,
        [client.path]: 'name: client\r\nversion: "0.1.0+0099"\r\n',
      }),
      { buildNumber: 'increment' },
    );
    expect(plan).toMatchObject({ previousBuild: '5', build: '6' });
    expect(plan.changes[2]).toMatchObject({
      previous: '0.1.0+0099',
      next: '0.1.1+0100',
      after: 'name: client\r\nversion: "0.1.1+0100"\r\n',
    });
  });

  it('reports no build number when no file has one', () => {
    const specs = [{ path: 'VERSION' }, { path: 'packages/core/pubspec.yaml' }];
    const plan = planBump(
      specs,
      repo(specs, {
        VERSION: '3.2.1',
        'packages/core/pubspec.yaml': 'name: core\nversion: 3.2.1\n',
      }),
      { buildNumber: 'increment' },
    );
    expect(plan).toEqual({
      previousVersion: '3.2.1',
      version: '3.2.2',
      alreadyDone: false,
      changes: [
        {
          path: 'VERSION',
          line: 1,
          before: '3.2.1',
          after: '3.2.2',
          previous: '3.2.1',
          next: '3.2.2',
        },
        {
          path: 'packages/core/pubspec.yaml',
          line: 2,
          before: 'name: core\nversion: 3.2.1\n',
          after: 'name: core\nversion: 3.2.2\n',
          previous: '3.2.1',
          next: '3.2.2',
        },
      ],
    });
    expect(plan.build).toBeUndefined();
  });

  it('bumps a web app and the package-lock.json beside it', () => {
    const lock = fixture('web-package-lock.json');
    const plan = planBump(
      [web],
      repo([web], { [web.path]: fixture('web-package.json'), 'apps/web/package-lock.json': lock }),
      { buildNumber: 'increment' },
    );
    expect(summary(plan)).toEqual([
      { path: web.path, line: 3, previous: '0.1.0', next: '0.1.1' },
      { path: 'apps/web/package-lock.json', line: 3, previous: '0.1.0', next: '0.1.1' },
    ]);
    const after = plan.changes[1]?.after ?? '';
    expect(JSON.parse(after).version).toBe('0.1.1');
    expect(JSON.parse(after).packages[''].version).toBe('0.1.1');
    expect(JSON.parse(after).packages['node_modules/react'].version).toBe('18.3.1');
  });

  it('bumps a workspace member and its entry in the root lockfile, not the root package', () => {
    const specs = [web, payments];
    const files = {
      [web.path]: fixture('web-package.json'),
      [payments.path]: fixture('payments-package.json').replace(
        '"version": "1.4.2"',
        '"version": "0.1.0"',
      ),
      'package.json': fixture('workspace-root-package.json'),
      'package-lock.json': fixture('workspace-package-lock-v2.json').replace(
        '"version": "1.4.2"',
        '"version": "0.1.0"',
      ),
    };
    const plan = planBump(specs, repo(specs, files), { buildNumber: 'increment' });
    expect(summary(plan)).toEqual([
      { path: web.path, line: 3, previous: '0.1.0', next: '0.1.1' },
      { path: payments.path, line: 23, previous: '0.1.0', next: '0.1.1' },
      { path: 'package-lock.json', line: 20, previous: '0.1.0', next: '0.1.1' },
    ]);
    const lock = JSON.parse(plan.changes[2]?.after ?? '');
    expect(lock.version).toBe('1.0.0');
    expect(lock.packages[''].version).toBe('1.0.0');
    expect(lock.packages['apps/web'].version).toBe('0.1.1');
    expect(lock.packages['backend/payments'].version).toBe('0.1.1');
    expect(lock.dependencies['@krow/web'].version).toBe('file:apps/web');
  });

  it("bumps a backend service's npm-shrinkwrap.json", () => {
    const plan = planBump(
      [payments],
      repo([payments], {
        [payments.path]: fixture('payments-package.json'),
        'backend/payments/npm-shrinkwrap.json': fixture('payments-npm-shrinkwrap.json'),
      }),
      { buildNumber: 'increment' },
    );
    expect(summary(plan)).toEqual([
      { path: payments.path, line: 23, previous: '1.4.2', next: '1.4.3' },
      { path: 'backend/payments/npm-shrinkwrap.json', line: 3, previous: '1.4.2', next: '1.4.3' },
    ]);
  });

  it('refuses a lockfile that disagrees with its package.json, telling to run npm install', () => {
    const error = userErrorOf(() =>
      planBump(
        [web],
        repo([web], {
          [web.path]: fixture('web-package.json'),
          'apps/web/package-lock.json': fixture('web-package-lock.json').replace(
            '  "version": "0.1.0",\n  "lockfileVersion"',
            '  "version": "0.0.9",\n  "lockfileVersion"',
          ),
        }),
        { buildNumber: 'increment' },
      ),
    );
    expect(error.message).toMatch(
      /^apps\/web\/package-lock\.json:3: records version "0\.0\.9" .*Run `npm install` in apps\/web/,
    );
    expect(error.locations).toEqual([{ file: 'apps/web/package-lock.json', line: 3 }]);
  });

  it('keeps a leading v in a file that writes one', () => {
    const specs = [{ path: 'VERSION' }, web];
    const plan = planBump(
      specs,
      repo(specs, { VERSION: 'v0.1.0\n', [web.path]: fixture('web-package.json') }),
      { buildNumber: 'increment' },
    );
    expect(plan.changes[0]).toMatchObject({
      after: 'v0.1.1\n',
      previous: 'v0.1.0',
      next: 'v0.1.1',
    });
    expect(plan.version).toBe('0.1.1');
  });

  it('names every missing file in one message', () => {
    const specs = [staff, xcconfig, web];
    const error = userErrorOf(() =>
      planBump(specs, repo(specs, { [web.path]: fixture('web-package.json') }), {
        buildNumber: 'increment',
      }),
    );
    expect(error.message).toBe(
      `Version files not found: ${staff.path}, ${xcconfig.path}. Fix the path in the version-files of .github/hotfix.yml (or the \`files\` input), or add the file on the branch.`,
    );
    expect(error.locations).toEqual([{ file: staff.path }, { file: xcconfig.path }]);
  });

  it('names each file, line and version when the files disagree', () => {
    const specs = [staff, xcconfig, web];
    const error = userErrorOf(() =>
      planBump(
        specs,
        repo(specs, {
          ...mobileFiles,
          [web.path]: fixture('web-package.json').replace('"0.1.0"', '"0.2.0"'),
        }),
        { buildNumber: 'increment' },
      ),
    );
    expect(error.message).toBe(
      [
        'The version files disagree; they must all hold the same X.Y.Z before a hotfix bump:',
        `- ${staff.path}:20: 0.1.0+5`,
        `- ${xcconfig.path}:5: 0.1.0`,
        `- ${web.path}:3: 0.2.0`,
        'Make them all hold the version of the production release, then re-run.',
      ].join('\n'),
    );
    expect(error.locations).toEqual([
      { file: staff.path, line: 20, column: 10 },
      { file: xcconfig.path, line: 5, column: 21 },
      { file: web.path, line: 3, column: 15 },
    ]);
  });

  it('treats v0.1.0 and 0.1.0 as the same version', () => {
    const specs = [{ path: 'VERSION' }, { path: 'version.txt' }];
    const plan = planBump(specs, repo(specs, { VERSION: 'v0.1.0', 'version.txt': '0.1.0\n' }), {
      buildNumber: 'increment',
    });
    expect(plan.changes.map((change) => change.after)).toEqual(['v0.1.1', '0.1.1\n']);
  });

  it.each([
    [
      '1.2.0-rc.1+7',
      /^apps\/mobile\/apps\/staff\/pubspec\.yaml:1: 1\.2\.0-rc\.1 is a prerelease; prereleases are not hotfixed/,
    ],
    ['1.2+7', /^apps\/mobile\/apps\/staff\/pubspec\.yaml:1: '1\.2' is not a version/],
    ['latest', /^apps\/mobile\/apps\/staff\/pubspec\.yaml:1: 'latest' is not a version/],
  ])('refuses the pubspec version %s, naming file and line', (version, message) => {
    const error = userErrorOf(() =>
      planBump([staff], repo([staff], { [staff.path]: `version: ${version}\n` }), {
        buildNumber: 'increment',
      }),
    );
    expect(error.message).toMatch(message);
    expect(error.locations).toEqual([{ file: staff.path, line: 1 }]);
  });

  it('refuses to increment a build number that is not a whole number', () => {
    const specs = [staff];
    const files = { [staff.path]: 'name: a\nversion: 0.1.0+build.5\n' };
    expect(() => planBump(specs, repo(specs, files), { buildNumber: 'increment' })).toThrow(
      new UserError(
        `${staff.path}:2: build number 'build.5' is not a whole number, so it cannot be incremented. Make it a number, or set build-number: keep.`,
      ),
    );
    expect(planBump(specs, repo(specs, files), { buildNumber: 'keep' }).changes[0]?.after).toBe(
      'name: a\nversion: 0.1.1+build.5\n',
    );
  });

  it('refuses an empty list of version files', () => {
    expect(() => planBump([], new Map(), { buildNumber: 'increment' })).toThrow(
      /^No version files to bump\./,
    );
  });

  it('bumps a file listed twice only once', () => {
    const specs = [{ path: 'VERSION' }, { path: 'VERSION' }];
    const plan = planBump(specs, repo(specs, { VERSION: '1.0.0\n' }), { buildNumber: 'increment' });
    expect(summary(plan)).toEqual([{ path: 'VERSION', line: 1, previous: '1.0.0', next: '1.0.1' }]);
    expect(plan.changes[0]?.after).toBe('1.0.1\n');
  });

  it('applies two patterns on the same file as one change', () => {
    const marketing = {
      path: 'ios/version.xcconfig',
      pattern: 'MARKETING_VERSION = (?<version>\\S+)',
    };
    const project = {
      path: 'ios/version.xcconfig',
      pattern: 'APP_VERSION_STRING = "(?<version>[^"]+)"',
    };
    const text = 'MARKETING_VERSION = 2.0.0\nAPP_VERSION_STRING = "2.0.0"\n';
    const plan = planBump(
      [marketing, project],
      repo([marketing, project], { [marketing.path]: text }),
      {
        buildNumber: 'increment',
      },
    );
    expect(plan.changes).toEqual([
      {
        path: 'ios/version.xcconfig',
        line: 1,
        before: text,
        after: 'MARKETING_VERSION = 2.0.1\nAPP_VERSION_STRING = "2.0.1"\n',
        previous: '2.0.0',
        next: '2.0.1',
      },
    ]);
  });

  describe('with an expected version', () => {
    const specs = [staff, web];
    const files = { [staff.path]: staffPubspec, [web.path]: fixture('web-package.json') };

    it('bumps when the files hold it', () => {
      const plan = planBump(specs, repo(specs, files), {
        expectedVersion: '0.1.0',
        buildNumber: 'increment',
      });
      expect(plan).toMatchObject({
        previousVersion: '0.1.0',
        version: '0.1.1',
        alreadyDone: false,
      });
      expect(plan.changes).toHaveLength(2);
    });

    it('writes nothing when the files already hold its next patch (a re-run)', () => {
      const bumped = planBump(specs, repo(specs, files), { buildNumber: 'increment' });
      const afterFirstRun = Object.fromEntries(
        bumped.changes.map((change) => [change.path, change.after]),
      );
      const rerun = planBump(specs, repo(specs, afterFirstRun), {
        expectedVersion: 'v0.1.0',
        buildNumber: 'increment',
      });
      expect(rerun).toEqual({
        previousVersion: '0.1.0',
        version: '0.1.1',
        previousBuild: '5',
        build: '6',
        alreadyDone: true,
        changes: [],
      });
      const kept = planBump(specs, repo(specs, afterFirstRun), {
        expectedVersion: '0.1.0',
        buildNumber: 'keep',
      });
      expect(kept).toMatchObject({ previousBuild: '6', build: '6', alreadyDone: true });
    });

    it('refuses files that hold neither, saying what was expected and found', () => {
      const error = userErrorOf(() =>
        planBump(specs, repo(specs, files), { expectedVersion: '0.0.9', buildNumber: 'increment' }),
      );
      expect(error.message).toBe(
        [
          'The version files hold 0.1.0, but 0.0.9 was expected (or 0.0.10 if already bumped):',
          `- ${staff.path}:20: 0.1.0+5`,
          `- ${web.path}:3: 0.1.0`,
          'Branch the hotfix from the production tag of that version, or correct expected-version.',
        ].join('\n'),
      );
      expect(error.locations).toEqual([
        { file: staff.path, line: 20, column: 10 },
        { file: web.path, line: 3, column: 15 },
      ]);
    });

    it('refuses an expected version that is a prerelease or not a version', () => {
      expect(() =>
        planBump(specs, repo(specs, files), { expectedVersion: '0.1.0-rc.1', buildNumber: 'keep' }),
      ).toThrow(
        "input 'expected-version': 0.1.0-rc.1 is a prerelease; prereleases are not hotfixed",
      );
      expect(() =>
        planBump(specs, repo(specs, files), { expectedVersion: '0.1', buildNumber: 'keep' }),
      ).toThrow("input 'expected-version': '0.1' is not a version");
    });
  });

  it('property: a bump is re-run safe, and every change re-reads as the next patch', () => {
    const number = fc.nat({ max: 9_999 });
    fc.assert(
      fc.property(
        fc.tuple(number, number, number),
        fc.option(number, { nil: undefined }),
        fc.constantFrom('\n', '\r\n'),
        ([major, minor, patch], build, eol) => {
          const version = `${major}.${minor}.${patch}`;
          const pubspecVersion = build === undefined ? version : `${version}+${build}`;
          const specs = [staff, web];
          const files = {
            [staff.path]: staffPubspec.replace('0.1.0+5', pubspecVersion).replace(/\n/g, eol),
            [web.path]: fixture('web-package.json').replace('0.1.0', version).replace(/\n/g, eol),
            'apps/web/package-lock.json': fixture('web-package-lock.json').replaceAll(
              '"0.1.0"',
              `"${version}"`,
            ),
          };
          const plan = planBump(specs, repo(specs, files), {
            expectedVersion: version,
            buildNumber: 'increment',
          });
          const next = `${major}.${minor}.${patch + 1}`;
          expect(plan.version).toBe(next);
          expect(plan.build).toBe(build === undefined ? undefined : String(build + 1));
          expect(plan.changes.map((change) => change.path)).toEqual([
            staff.path,
            web.path,
            'apps/web/package-lock.json',
          ]);
          const crlfCount = (text: string): number => text.split('\r\n').length;
          const lineCount = (text: string): number => text.split('\n').length;
          for (const change of plan.changes) {
            expect(crlfCount(change.after)).toBe(crlfCount(change.before));
            expect(lineCount(change.after)).toBe(lineCount(change.before));
          }
          const after = {
            ...files,
            ...Object.fromEntries(plan.changes.map((change) => [change.path, change.after])),
          };
          const rerun = planBump(specs, repo(specs, after), {
            expectedVersion: version,
            buildNumber: 'increment',
          });
          expect(rerun).toMatchObject({
            alreadyDone: true,
            changes: [],
            previousVersion: version,
            version: next,
          });
        },
      ),
    );
  });
});
