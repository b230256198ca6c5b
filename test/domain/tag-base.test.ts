import { describe, expect, test } from '@jest/globals';
import { DEFAULT_NAME_FORMATS } from '../../src/domain/naming.js';
import {
  checkAncestry,
  checkBaseTag,
  checkChangeSize,
  checkChangelog,
  checkVersionFiles,
  planBase,
  productFolder,
  renderReport,
  type AncestryFacts,
} from '../../src/domain/tag-base.js';
import { code, codeBlock } from '../../src/domain/markdown.js';
import { userErrorOf } from '../helpers/user-error.js';

const formats = DEFAULT_NAME_FORMATS;
const tags = ['0.0.4', '0.1.0', '0.1.1'].map((version) => ({
  name: `web/prod-v${version}`,
  version,
}));

describe('planBase and checkBaseTag', () => {
  test('from the branch: the tag before its version', () => {
    const plan = planBase({ formats, product: 'web', branchVersion: '0.1.2', tags });
    expect(plan).toMatchObject({ tag: 'web/prod-v0.1.1', baseVersion: '0.1.1', version: '0.1.2' });
    expect(checkBaseTag({ formats, product: 'web', plan, tags }).verdict).toBe('pass');
  });

  test('a released version fails; an older release line passes, from the branch or base-tag', () => {
    const fromBranch = planBase({ formats, product: 'web', branchVersion: '0.1.1', tags });
    const refused = checkBaseTag({ formats, product: 'web', plan: fromBranch, tags });
    // 0.1.1 is already tagged: the branch cannot make it.
    expect(refused).toMatchObject({ verdict: 'fail' });
    expect(refused.reason).toContain('web/prod-v0.1.1 already exists');

    const older = planBase({ formats, product: 'web', baseTag: 'web/prod-v0.0.4', tags });
    expect(older.version).toBe('0.0.5');
    expect(checkBaseTag({ formats, product: 'web', plan: older, tags }).verdict).toBe('pass');
    // The branch alone names the older line: 0.0.4 is the newest of 0.0.x, so it passes too.
    const fromOlderBranch = planBase({ formats, product: 'web', branchVersion: '0.0.5', tags });
    const result = checkBaseTag({ formats, product: 'web', plan: fromOlderBranch, tags });
    expect(result.verdict).toBe('pass');
    expect(result.reason).toContain('newest release of the 0.0 line');
    expect(result.reason).toContain('the newest production tag of web is web/prod-v0.1.1');
  });

  test('not the newest of its own line: fails, with the branch to cut instead', () => {
    const lineTags = [...tags, { name: 'web/prod-v0.1.3', version: '0.1.3' }];
    const plan = planBase({ formats, product: 'web', branchVersion: '0.1.2', tags: lineTags });
    const result = checkBaseTag({ formats, product: 'web', plan, tags: lineTags });
    expect(result.verdict).toBe('fail');
    expect(result.reason).toContain(
      'web/prod-v0.1.1 is not the newest release of the 0.1 line of web: web/prod-v0.1.3 is',
    );
    expect(result.commands).toContain('git switch -c hotfix/web-v0.1.4 web/prod-v0.1.3');
  });

  test('base-tag that disagrees with the branch name fails', () => {
    const plan = planBase({ formats, product: 'web', baseTag: 'web/prod-v0.0.4', tags });
    const result = checkBaseTag({ formats, product: 'web', plan, tags, branchVersion: '0.0.9' });
    expect(result.verdict).toBe('fail');
    expect(result.reason).toContain('named for 0.0.9');
  });

  test('X.Y.0 is no hotfix version; base-tag of another product is a user error', () => {
    const plan = planBase({ formats, product: 'web', branchVersion: '0.2.0', tags });
    expect(plan.tag).toBeUndefined();
    expect(checkBaseTag({ formats, product: 'web', plan, tags }).reason).toContain(
      'not a PATCH release',
    );
    expect(
      userErrorOf(() =>
        planBase({ formats, product: 'web', baseTag: 'web-admin/prod-v1.0.0', tags }),
      ).message,
    ).toContain('not a production tag of web');
  });

  test('no branch version: the newest tag', () => {
    expect(planBase({ formats, product: 'web', tags })).toMatchObject({
      tag: 'web/prod-v0.1.1',
      version: '0.1.2',
      source: 'newest',
    });
  });
});

describe('checkAncestry', () => {
  const facts = (over: Partial<AncestryFacts>): AncestryFacts => ({
    baseTag: 'web/prod-v0.1.1',
    baseSha: 'a'.repeat(40),
    headSha: 'f'.repeat(40),
    branch: 'hotfix/web-v0.1.2',
    baseBranch: 'main',
    descends: true,
    mergeBaseSha: 'a'.repeat(40),
    sinceTag: [],
    sinceTagTotal: 0,
    notOnBaseBranch: new Set(),
    notOnBaseBranchTotal: 0,
    ...over,
  });
  const commit = (n: number) => ({ sha: String(n).padStart(40, '0'), subject: `change ${n}` });

  test('own commits only: pass', () => {
    const own = [commit(1), commit(2)];
    const result = checkAncestry(
      facts({
        sinceTag: own,
        sinceTagTotal: 2,
        notOnBaseBranch: new Set(own.map((c) => c.sha)),
        notOnBaseBranchTotal: 2,
      }),
    );
    expect(result).toMatchObject({ ownCommits: 2, foreignTotal: 0, check: { verdict: 'pass' } });
  });

  test('foreign commits: the first five named, the rest counted, untrusted subjects kept as text', () => {
    const since = Array.from({ length: 9 }, (_, i) => commit(i + 1));
    since[0] = { ...since[0]!, subject: 'feat: @everyone | #12' };
    const own = new Set([since[8]!.sha]);
    const result = checkAncestry(
      facts({ sinceTag: since, sinceTagTotal: 9, notOnBaseBranch: own, notOnBaseBranchTotal: 1 }),
    );
    expect(result.ownCommits).toBe(1);
    expect(result.foreignTotal).toBe(8);
    expect(result.check.reason).toContain('8 commits from main');
    expect(result.check.reason).toContain('and 3 more');
    const markdown = renderReport({
      product: 'web',
      headSha: 'f'.repeat(40),
      baseBranch: 'main',
      fastForwardPossible: false,
      checks: [result.check],
    });
    const row = markdown.split('\n').find((line) => line.includes('Branch history'))!;
    expect(row.split(/(?<!\\)\|/)).toHaveLength(5); // the subject's `|` cannot add a cell
    expect(row).not.toContain('@everyone');
  });

  test('more than GitHub lists: counted from the totals', () => {
    const since = Array.from({ length: 250 }, (_, i) => commit(i + 1));
    const result = checkAncestry(
      facts({
        sinceTag: since,
        sinceTagTotal: 700,
        notOnBaseBranch: new Set(),
        notOnBaseBranchTotal: 3,
      }),
    );
    expect(result).toMatchObject({ ownCommits: 3, foreignTotal: 697 });
  });

  test('not descending from the tag', () => {
    expect(checkAncestry(facts({ descends: false })).check.verdict).toBe('fail');
  });
});

describe('checkVersionFiles', () => {
  const spec = { path: 'app/pubspec.yaml' };
  const pubspec = (v: string, extra = '') => `name: app\n${extra}version: ${v}\n`;
  const check = (atTag: string, atHead: string) =>
    checkVersionFiles({
      files: [{ spec, atTag, atHead }],
      baseVersion: '0.1.0',
      version: '0.1.1',
      baseTag: 'app/prod-v0.1.0',
    });

  test('the next PATCH and build: pass', () => {
    expect(check(pubspec('0.1.0+5'), pubspec('0.1.1+6')).verdict).toBe('pass');
  });

  test.each([
    ['MINOR bump', pubspec('0.2.0+6'), 'a MINOR bump', 2],
    ['MAJOR bump', pubspec('1.0.0+6'), 'a MAJOR bump', 2],
    ['not bumped', pubspec('0.1.0+6'), 'not bumped', 2],
    ['build kept', pubspec('0.1.1+5'), 'was not incremented', 2],
    ['build jumped', pubspec('0.1.1+9'), 'must be 0.1.1+6', 2],
    [
      'other line changed',
      pubspec('0.1.1+6', 'description: x\n'),
      'changed besides the version',
      2,
    ],
    ['a prerelease', pubspec('0.1.1-rc.1+6'), 'prerelease', 2],
  ])('%s: fails, annotated on the line', (_name, head, message, line) => {
    const result = check(pubspec('0.1.0+5'), head);
    expect(result.verdict).toBe('fail');
    expect(result.reason).toContain(message);
    expect(result.annotations[0]?.location).toMatchObject({ file: spec.path, line });
  });

  test('a file missing at the head', () => {
    const result = checkVersionFiles({
      files: [{ spec }],
      baseVersion: '0.1.0',
      version: '0.1.1',
      baseTag: 't',
    });
    expect(result.reason).toContain('does not exist at the head');
  });
});

describe('checkChangelog and checkChangeSize', () => {
  const table =
    '| Date | Version | Description |\n|---|---|---|\n| 2026-03-05 | 0.1.1 | HOTFIX: x |\n';
  test('changelog', () => {
    expect(
      checkChangelog({ path: 'C.md', content: table, version: '0.1.1', product: 'p' }).verdict,
    ).toBe('pass');
    expect(
      checkChangelog({ path: 'C.md', content: table, version: '0.1.2', product: 'p' }).verdict,
    ).toBe('fail');
    expect(checkChangelog({ version: '0.1.2', product: 'p' }).verdict).toBe('skip');
  });

  test('change size warns, never fails', () => {
    const files = ['apps/web/a.ts', 'apps/web/b.ts', 'README.md'];
    const result = checkChangeSize({
      files,
      filesComplete: true,
      maxFiles: 2,
      folder: 'apps/web',
      product: 'web',
    });
    expect(result.verdict).toBe('warn');
    expect(result.reason).toContain('3 files changed, more than max-files (2)');
    expect(result.reason).toContain('1 file outside apps/web/');
    expect(
      checkChangeSize({
        files: files.slice(0, 2),
        filesComplete: true,
        maxFiles: 20,
        folder: 'apps/web',
        product: 'web',
      }).verdict,
    ).toBe('pass');
  });

  test('productFolder', () => {
    expect(productFolder(['apps/web/package.json', 'apps/web/CHANGELOG.md'])).toBe('apps/web');
    expect(productFolder(['apps/m/staff/pubspec.yaml', 'apps/m/staff/ios/v.xcconfig'])).toBe(
      'apps/m/staff',
    );
    expect(productFolder(['package.json', 'apps/x/CHANGELOG.md'])).toBe('');
  });
});

test('code spans and blocks cannot be closed by the text', () => {
  expect(code('a`b')).toBe('``a`b``');
  expect(codeBlock('```\nx')).toBe('````\n```\nx\n````');
});
