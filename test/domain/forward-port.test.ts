import { describe, expect, test } from '@jest/globals';
import {
  conflictCommands,
  forwardPortBody,
  mainEdits,
  releaseFiles,
  withoutReleaseEdits,
  type ForwardPortText,
} from '../../src/domain/forward-port.js';

const PUBSPEC = 'apps/staff/pubspec.yaml';
const PACKAGE = 'apps/web/package.json';
const LOCK = 'apps/web/package-lock.json';
const CHANGELOG = 'apps/staff/CHANGELOG.md';
const SPECS = [{ path: PUBSPEC }];
const TABLE = '| Date | Version | Description |\n|------|---------|-------------|\n';

const files = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe('releaseFiles', () => {
  test("the version files, each package.json's lockfiles, and the CHANGELOG", () => {
    expect(releaseFiles([{ path: PACKAGE }], 'apps/web/CHANGELOG.md')).toEqual([
      PACKAGE,
      LOCK,
      'apps/web/npm-shrinkwrap.json',
      'apps/package-lock.json',
      'apps/npm-shrinkwrap.json',
      'package-lock.json',
      'npm-shrinkwrap.json',
      'apps/web/CHANGELOG.md',
    ]);
  });
});

describe('withoutReleaseEdits: the fix without the release', () => {
  test('the version and build go back to the base tag, other changes in the file stay', () => {
    const atBase = files({
      [PUBSPEC]: 'name: staff\nversion: 0.1.0+5\ndependencies:\n  dio: ^5.4.0\n',
      [CHANGELOG]: `${TABLE}| 2026-01-01 | 0.1.0 | First |\n`,
    });
    const atTag = files({
      // The fix also raised a dependency (a security hotfix): that stays.
      [PUBSPEC]: 'name: staff\nversion: 0.1.1+6\ndependencies:\n  dio: ^5.4.3\n',
      [CHANGELOG]: `${TABLE}| 2026-03-05 | 0.1.1 | HOTFIX: Crash |\n| 2026-01-01 | 0.1.0 | First |\n`,
    });

    const changes = withoutReleaseEdits({
      specs: SPECS,
      changelog: CHANGELOG,
      baseVersion: '0.1.0',
      version: '0.1.1',
      atBase,
      atTag,
    });

    expect(Object.fromEntries(changes.map((c) => [c.path, c.content]))).toEqual({
      [PUBSPEC]: 'name: staff\nversion: 0.1.0+5\ndependencies:\n  dio: ^5.4.3\n',
      [CHANGELOG]: atBase.get(CHANGELOG),
    });
  });

  test("a lockfile's recorded version goes back; an untouched file is not returned", () => {
    const lock = (version: string, dep: string) =>
      `{\n  "name": "web",\n  "version": "${version}",\n  "lockfileVersion": 3,\n  "packages": {\n    "": { "name": "web", "version": "${version}" },\n    "node_modules/left-pad": { "version": "${dep}" }\n  }\n}\n`;
    const atBase = files({ [PACKAGE]: '{ "version": "0.1.0" }\n', [LOCK]: lock('0.1.0', '1.0.0') });
    const atTag = files({ [PACKAGE]: '{ "version": "0.1.1" }\n', [LOCK]: lock('0.1.1', '1.3.0') });

    const changes = withoutReleaseEdits({
      specs: [{ path: PACKAGE }],
      baseVersion: '0.1.0',
      version: '0.1.1',
      atBase,
      atTag,
    });

    expect(Object.fromEntries(changes.map((c) => [c.path, c.content]))).toEqual({
      [PACKAGE]: '{ "version": "0.1.0" }\n',
      // The dependency the fix raised stays; the package's own version goes back.
      [LOCK]: lock('0.1.0', '1.3.0'),
    });
    const unchanged = withoutReleaseEdits({
      specs: [{ path: PACKAGE }],
      baseVersion: '0.1.0',
      version: '0.1.1',
      atBase,
      atTag: atBase,
    });
    expect(unchanged).toEqual([]);
  });
});

describe("mainEdits: main's CHANGELOG and build number", () => {
  const atTag = files({
    [PUBSPEC]: 'version: 0.1.1+6\n',
    [CHANGELOG]: `${TABLE}| 2026-03-05 | 0.1.1 | HOTFIX: Crash on open |\n| 2026-01-01 | 0.1.0 | First |\n`,
  });
  const mainChangelog = `${TABLE}| 2026-03-20 | 0.2.0 | Shift swap |\n| 2026-01-01 | 0.1.0 | First |\n`;

  test("the entry in main's version order; main's build above the hotfix's is kept", () => {
    const edits = mainEdits({
      specs: SPECS,
      changelog: CHANGELOG,
      version: '0.1.1',
      today: '2026-03-06',
      atTag,
      atMain: files({ [PUBSPEC]: 'version: 0.2.0+7\n', [CHANGELOG]: mainChangelog }),
    });
    expect(edits.changelogAdded).toBe(true);
    expect(edits.buildRaised).toBeUndefined();
    expect(edits.changes).toEqual([
      {
        path: CHANGELOG,
        content: `${TABLE}| 2026-03-20 | 0.2.0 | Shift swap |\n| 2026-03-05 | 0.1.1 | HOTFIX: Crash on open |\n| 2026-01-01 | 0.1.0 | First |\n`,
      },
    ]);
  });

  test("main's build number not above the hotfix's: raised past it, main's version kept", () => {
    const edits = mainEdits({
      specs: SPECS,
      changelog: CHANGELOG,
      version: '0.1.1',
      today: '2026-03-06',
      atTag,
      atMain: files({ [PUBSPEC]: 'version: 0.2.0+6\n', [CHANGELOG]: mainChangelog }),
    });
    expect(edits.buildRaised).toEqual(['6', '7']);
    expect(edits.changes.find((c) => c.path === PUBSPEC)?.content).toBe('version: 0.2.0+7\n');
  });

  test('an entry main already has: nothing to add', () => {
    const edits = mainEdits({
      specs: SPECS,
      changelog: CHANGELOG,
      version: '0.1.1',
      today: '2026-03-06',
      atTag,
      atMain: files({ [PUBSPEC]: 'version: 0.2.0+9\n', [CHANGELOG]: atTag.get(CHANGELOG)! }),
    });
    expect(edits).toEqual({ changes: [], changelogAdded: false });
  });
});

describe('the forward-port pull request', () => {
  const text: ForwardPortText = {
    product: 'staff',
    version: '0.1.1',
    tag: 'staff/prod-v0.1.1',
    baseTag: 'staff/prod-v0.1.0',
    baseBranch: 'main',
    branch: 'forward-port/staff-v0.1.1',
    fixFiles: ['apps/staff/lib/guard.dart'],
    releaseFiles: [PUBSPEC, CHANGELOG],
    edits: { changes: [], changelogAdded: true, buildRaised: ['6', '7'] },
    tracker: 12,
  };

  test('says what it carries and what it leaves, and links the tracker', () => {
    const body = forwardPortBody(text);
    expect(body).toContain('- The fix: `apps/staff/lib/guard.dart`.');
    expect(body).toContain('`main` keeps its own versions');
    expect(body).toContain('The build number raised from 6 to 7');
    expect(body).toContain('Tracking issue: #12');
    expect(body).not.toContain('could not merge');
  });

  test('a conflict: the files both sides changed and the commands, release files excluded', () => {
    const body = forwardPortBody({ ...text, conflicts: ['apps/staff/lib/guard.dart'] });
    expect(body).toContain('GitHub could not merge the fix');
    expect(body).toContain('both changed, since `staff/prod-v0.1.0`: `apps/staff/lib/guard.dart`');
    expect(conflictCommands(text)).toContain(
      `git diff staff/prod-v0.1.0 staff/prod-v0.1.1 -- . ':(exclude)${PUBSPEC}' ':(exclude)${CHANGELOG}' | git apply --3way`,
    );
    expect(body).toContain(conflictCommands(text));
  });
});
