import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import {
  DEFAULT_BRANCH_FORMAT,
  DEFAULT_NAME_FORMATS,
  DEFAULT_TAG_FORMAT,
  branchName,
  branchVersion,
  nameFormatProblem,
  parseBranch,
  parseTag,
  productNameProblem,
  refNameProblem,
  tagName,
  tagPrefix,
  tagVersion,
  type NameFormats,
} from '../../src/domain/naming.js';
import { UserError } from '../../src/domain/errors.js';

const defaults = DEFAULT_NAME_FORMATS;

function formats(tagFormat: string, branchFormat = DEFAULT_BRANCH_FORMAT): NameFormats {
  return { tagFormat, branchFormat };
}

describe('names from the process defaults', () => {
  it('are the names HOTFIX_PROCESS.md uses', () => {
    expect(DEFAULT_TAG_FORMAT).toBe('{product}/prod-v{version}');
    expect(DEFAULT_BRANCH_FORMAT).toBe('hotfix/{product}-v{version}');
    expect(tagName(defaults, 'krow-withus-worker-mobile', '0.1.0')).toBe(
      'krow-withus-worker-mobile/prod-v0.1.0',
    );
    expect(branchName(defaults, 'krow-withus-worker-mobile', '0.1.1')).toBe(
      'hotfix/krow-withus-worker-mobile-v0.1.1',
    );
  });

  it('read back the process example tag and branch, with or without refs/', () => {
    const worker = { product: 'krow-withus-worker-mobile', version: '0.1.0' };
    expect(parseTag(defaults, 'krow-withus-worker-mobile/prod-v0.1.0')).toEqual(worker);
    expect(parseTag(defaults, 'refs/tags/krow-withus-worker-mobile/prod-v0.1.0')).toEqual(worker);
    const hotfix = { product: 'krow-withus-worker-mobile', version: '0.1.1' };
    expect(parseBranch(defaults, 'hotfix/krow-withus-worker-mobile-v0.1.1')).toEqual(hotfix);
    expect(parseBranch(defaults, 'refs/heads/hotfix/krow-withus-worker-mobile-v0.1.1')).toEqual(
      hotfix,
    );
  });
});

describe('round trips: a name built from product and version reads back to both', () => {
  const products = [
    'web',
    'web-admin',
    'krow-withus-worker-mobile',
    'api.v2',
    'svc_payments',
    'a',
    '7',
    'web-v2',
    'app-1.2.3',
    'Backend-API',
  ];
  const formatPairs: NameFormats[] = [
    defaults,
    { tagFormat: 'release/{product}@{version}', branchFormat: 'fix/{product}@{version}' },
    { tagFormat: '{product}-{version}', branchFormat: '{product}-hotfix-{version}' },
    { tagFormat: 'v{version}/{product}', branchFormat: 'hotfix/{version}/{product}' },
    { tagFormat: 'prod/{version}-{product}-final', branchFormat: 'hf-{version}_{product}' },
    { tagFormat: '{product}.prod-v{version}', branchFormat: 'hotfix/{product}.v{version}' },
    { tagFormat: 'prod-{product}-v{version}', branchFormat: 'hotfix-{product}-v{version}' },
  ];
  const versions = ['0.0.0', '0.1.1', '1.0.0', '10.20.30', '2026.3.5'];

  for (const pair of formatPairs) {
    it(`tag ${pair.tagFormat} and branch ${pair.branchFormat}`, () => {
      for (const product of products) {
        for (const version of versions) {
          const tag = tagName(pair, product, version);
          const branch = branchName(pair, product, version);
          expect(parseTag(pair, tag)).toEqual({ product, version });
          expect(parseTag(pair, `refs/tags/${tag}`)).toEqual({ product, version });
          expect(parseBranch(pair, branch)).toEqual({ product, version });
          expect(parseBranch(pair, `refs/heads/${branch}`)).toEqual({ product, version });
          expect(tagVersion(pair, product, tag)).toBe(version);
          expect(branchVersion(pair, product, branch)).toBe(version);
          expect(tag.startsWith(tagPrefix(pair, product))).toBe(true);
          expect(refNameProblem(tag)).toBeUndefined();
          expect(refNameProblem(branch)).toBeUndefined();
        }
      }
    });
  }

  it('holds for any valid product name and release version (property)', () => {
    const alnum = fc.constantFrom(...'abcxyzABZ0189'.split(''));
    const inner = fc.constantFrom(...'abz09-._'.split(''));
    const productArb = fc
      .tuple(alnum, fc.array(inner, { maxLength: 12 }), alnum)
      .map(([first, middle, last]) => first + middle.join('') + last)
      .filter((name) => productNameProblem(name) === undefined);
    const part = fc.nat({ max: 10_000 }).map(String);
    const versionArb = fc.tuple(part, part, part).map((parts) => parts.join('.'));
    fc.assert(
      fc.property(
        fc.constantFrom(...formatPairs),
        productArb,
        versionArb,
        (pair, product, version) => {
          expect(parseTag(pair, tagName(pair, product, version))).toEqual({ product, version });
          expect(parseBranch(pair, branchName(pair, product, version))).toEqual({
            product,
            version,
          });
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('parseTag refuses what is not a production tag', () => {
  it.each([
    ['a prerelease', 'web/prod-v1.2.3-rc.1'],
    ['a prerelease without dot', 'web/prod-v1.2.3-beta'],
    ['build metadata', 'web/prod-v0.1.0+5'],
    ['two version parts', 'web/prod-v1.2'],
    ['four version parts', 'web/prod-v1.2.3.4'],
    ['a leading zero', 'web/prod-v01.2.3'],
    ['no v', 'web/prod-1.2.3'],
    ['another environment', 'web/staging-v1.2.3'],
    ['a plain version tag', 'v1.2.3'],
    ['no version', 'web/prod-v'],
    ['no product', '/prod-v1.2.3'],
    ['a product starting with -', '-web/prod-v1.2.3'],
    ['a product ending with .', 'web./prod-v1.2.3'],
    ['a product with ..', 'we..b/prod-v1.2.3'],
    ['a product in a folder', 'apps/web/prod-v1.2.3'],
    ['a branch ref', 'refs/heads/web/prod-v1.2.3'],
    ['trailing text', 'web/prod-v1.2.3-hotfix'],
    ['the empty string', ''],
  ])('%s: %s', (_why, tag) => {
    expect(parseTag(defaults, tag)).toBeUndefined();
  });

  it('refuses branches that are not hotfix branches', () => {
    for (const branch of [
      'main',
      'hotfix/web',
      'hotfix/web-v1.2',
      'hotfix/web-v1.2.3-rc.1',
      'feature/web-v1.2.3',
      'refs/tags/hotfix/web-v1.2.3',
    ]) {
      expect(parseBranch(defaults, branch)).toBeUndefined();
    }
  });

  it('reads a longer product name whole, never as a shorter one sharing its prefix', () => {
    expect(parseTag(defaults, 'web-admin/prod-v1.0.0')).toEqual({
      product: 'web-admin',
      version: '1.0.0',
    });
    expect(tagVersion(defaults, 'web', 'web-admin/prod-v1.0.0')).toBeUndefined();
    expect(tagVersion(defaults, 'web-admin', 'web/prod-v1.0.0')).toBeUndefined();
    expect(branchVersion(defaults, 'web', 'hotfix/web-admin-v1.0.1')).toBeUndefined();
    expect(parseBranch(defaults, 'hotfix/web-admin-v1.0.1')).toEqual({
      product: 'web-admin',
      version: '1.0.1',
    });
    expect(parseBranch(defaults, 'hotfix/web-v2-v1.0.1')).toEqual({
      product: 'web-v2',
      version: '1.0.1',
    });
  });

  it('with a prefix other products share, tagVersion keeps only the asked product', () => {
    const shared = formats('prod-{product}-v{version}');
    const prefix = tagPrefix(shared, 'web');
    expect(prefix).toBe('prod-web-v');
    // A matching-refs call for 'prod-web-v' also lists the tags of product 'web-v2'.
    const listed = ['prod-web-v1.0.0', 'prod-web-v2-v3.0.0', 'prod-web-v1.0.1-rc.1'];
    expect(listed.every((tag) => tag.startsWith(prefix))).toBe(true);
    expect(listed.map((tag) => tagVersion(shared, 'web', tag))).toEqual([
      '1.0.0',
      undefined,
      undefined,
    ]);
    expect(parseTag(shared, 'prod-web-v2-v3.0.0')).toEqual({ product: 'web-v2', version: '3.0.0' });
  });

  it('tagVersion takes the product literally, not as a pattern', () => {
    expect(tagVersion(defaults, 'api.v2', 'apixv2/prod-v1.0.0')).toBeUndefined();
    expect(tagVersion(defaults, 'api.v2', 'api.v2/prod-v1.0.0')).toBe('1.0.0');
    expect(tagVersion(defaults, '../x', '../x/prod-v1.0.0')).toBeUndefined();
  });
});

describe('tagPrefix', () => {
  it.each([
    [DEFAULT_TAG_FORMAT, 'web', 'web/prod-v'],
    [DEFAULT_TAG_FORMAT, 'krow-withus-worker-mobile', 'krow-withus-worker-mobile/prod-v'],
    ['release/{product}@{version}', 'web', 'release/web@'],
    ['{product}-{version}', 'api.v2', 'api.v2-'],
    ['v{version}/{product}', 'web', 'v'],
    ['{version}-{product}', 'web', ''],
  ])('%s for %s is %j', (tagFormat, product, prefix) => {
    expect(tagPrefix(formats(tagFormat), product)).toBe(prefix);
  });

  it('keeps web and web-admin apart with the default format', () => {
    expect('web-admin/prod-v1.0.0'.startsWith(tagPrefix(defaults, 'web'))).toBe(false);
  });
});

describe('names are never built from unsafe input', () => {
  it.each(['../etc', 'web/admin', 'Web App', '', 'a..b', 'web.lock', '-web', 'web-', 'wéb', 'a:b'])(
    'product %j is refused',
    (product) => {
      expect(() => tagName(defaults, product, '1.0.0')).toThrow(UserError);
      expect(() => branchName(defaults, product, '1.0.0')).toThrow(/not a valid product name/);
      expect(() => tagPrefix(defaults, product)).toThrow(UserError);
    },
  );

  it.each(['1.2', '1.2.3-rc.1', 'v1.2.3', '1.2.3+7', '01.2.3', '1.2.3 ', 'latest'])(
    'version %j is refused',
    (version) => {
      expect(() => tagName(defaults, 'web', version)).toThrow(
        new UserError(
          `"${version}" is not a release version: production names need MAJOR.MINOR.PATCH ` +
            `without a prerelease or build part, e.g. "0.1.1".`,
        ),
      );
    },
  );

  it('refuses to build from a broken format, naming it', () => {
    expect(() => tagName(formats('{product}/prod v{version}'), 'web', '1.0.0')).toThrow(
      /tag-format "\{product\}\/prod v\{version\}" cannot be used: .*contains a space/,
    );
    expect(() =>
      branchName(
        { tagFormat: DEFAULT_TAG_FORMAT, branchFormat: 'hotfix/{product}' },
        'web',
        '1.0.0',
      ),
    ).toThrow(/branch-format .* must contain \{version\}/);
  });
});

describe('productNameProblem', () => {
  it.each([
    'web',
    'web-admin',
    'api.v2',
    'svc_1',
    'A',
    '9',
    'Backend-API',
    'krow-withus-worker-mobile',
  ])('accepts %j', (name) => expect(productNameProblem(name)).toBeUndefined());
  it.each(['', '-web', 'web-', '.web', 'web.', 'a..b', 'x.lock', 'a b', 'a/b', 'a~b', 'wéb', '_a'])(
    'refuses %j',
    (name) => expect(productNameProblem(name)).toMatch(/is not a valid product name/),
  );
});

describe('nameFormatProblem', () => {
  it.each([
    DEFAULT_TAG_FORMAT,
    DEFAULT_BRANCH_FORMAT,
    'release/{product}@{version}',
    '{product}-{version}',
    'v{version}/{product}',
    'prod/{product}/v{version}',
  ])('accepts %s', (format) => {
    expect(nameFormatProblem(format)).toBeUndefined();
  });

  it.each([
    ['{product}/prod-v', 'must contain {version}'],
    ['prod-v{version}', 'must contain {product}'],
    ['{product}/{product}-v{version}', 'must contain {product} only once'],
    ['{prodcut}/prod-v{version}', 'unknown placeholder {prodcut}'],
    ['{Product}/prod-v{version}', 'unknown placeholder {Product}'],
    ['{product}/prod-v{version', 'must contain {version}'],
    ['{product}/prod-v{version}}', "'{' or '}'"],
    ['{product}{version}', 'text between {product} and {version}'],
    ['refs/tags/{product}/prod-v{version}', "must not start with 'refs/'"],
    ['{product}/prod v{version}', 'contains a space'],
    ['{product}/prod..v{version}', "contains '..'"],
    ['{product}~v{version}', "contains '~'"],
    ['{product}^v{version}', "contains '^'"],
    ['{product}:v{version}', "contains ':'"],
    ['{product}?v{version}', "contains '?'"],
    ['{product}*v{version}', "contains '*'"],
    ['{product}[v{version}', "contains '['"],
    ['{product}\\v{version}', "contains '\\'"],
    ['{product}\tv{version}', 'control character'],
    ['/{product}-v{version}', "starts or ends with '/'"],
    ['{product}-v{version}/', "starts or ends with '/'"],
    ['{product}//v{version}', "contains '//'"],
    ['{product}-v{version}.', "ends with '.'"],
    ['{product}-v{version}.lock', "ends with '.lock'"],
    ['{product}/.v{version}', "starts with '.'"],
    ['{product}@{v{version}', "'{' or '}'"],
  ])('refuses %j', (format, expected) => {
    expect(nameFormatProblem(format)).toContain(expected);
  });
});

describe('refNameProblem agrees with git check-ref-format', () => {
  function gitAccepts(name: string): boolean {
    try {
      execFileSync('git', ['check-ref-format', `refs/tags/${name}`], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  }

  it.each([
    'web/prod-v1.0.0',
    'hotfix/web-v1.0.1',
    'release/web@1.0.0',
    'a.b',
    'a..b',
    'a/.b',
    'a.lock',
    'a.lock/b',
    'a/b.lock',
    'a@{b',
    '@',
    'a@b',
    'a{b}',
    'a//b',
    '/a',
    'a/',
    'a.',
    'a b',
    'a~b',
    'a\\b',
    'wéb/1.0.0',
    '',
  ])('%j', (name) => {
    expect(refNameProblem(name) === undefined).toBe(gitAccepts(name));
  });

  it('on random names (property)', () => {
    const char = fc.constantFrom(
      ...['a', 'b', '.', '/', '-', '@', '{', '}', 'l', 'o', 'c', 'k', ' ', '~', '^', ':'],
      ...['?', '*', '[', '\\', '\t', '\x7f', 'é'],
    );
    fc.assert(
      fc.property(fc.array(char, { maxLength: 10 }), (chars) => {
        const name = chars.join('');
        expect(refNameProblem(name) === undefined).toBe(gitAccepts(name));
      }),
      { numRuns: 300 },
    );
  });
});
