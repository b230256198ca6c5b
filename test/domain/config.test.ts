import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { getProduct, parseConfig, type HotfixConfig } from '../../src/domain/config.js';
import { HOTFIX_CONFIG_SCHEMA } from '../../src/domain/config-schema.js';
import {
  configValidatorSource,
  schemaJsonSource,
  SCHEMA_PATH,
  VALIDATOR_PATH,
} from '../../scripts/config-schema.js';
import { UserError } from '../../src/domain/errors.js';
import { DEFAULT_CONFIG_PATH } from '../../src/actions/inputs.js';

const PATH = DEFAULT_CONFIG_PATH;

function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/config/${name}`, import.meta.url), 'utf8');
}

/** The UserError parseConfig throws for `text`; fails the test when it does not throw one. */
function mistake(text: string): UserError {
  try {
    parseConfig(PATH, text);
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error(`expected a UserError for:\n${text}`);
}

const DEFAULTS_ONLY: Omit<HotfixConfig, 'found'> = {
  path: PATH,
  tagFormat: '{product}/prod-v{version}',
  branchFormat: 'hotfix/{product}-v{version}',
  maintenanceBranchFormat: 'release/{product}-v{major}.{minor}.x',
  labels: ['hotfix', 'URGENT'],
  reviewers: [],
  owners: [],
  products: {},
};

describe('parseConfig reads valid files', () => {
  it('turns the DESIGN.md example into the configuration, camelCased', () => {
    expect(parseConfig(PATH, fixture('design-example.yml'))).toEqual({
      path: PATH,
      found: true,
      baseBranch: 'main',
      tagFormat: '{product}/prod-v{version}',
      branchFormat: 'hotfix/{product}-v{version}',
      maintenanceBranchFormat: 'release/{product}-v{major}.{minor}.x',
      labels: ['hotfix', 'URGENT'],
      reviewers: ['octo-org/release-engineers'],
      owners: ['octo-org/devops', 'octo-org/product'],
      products: {
        'krow-withus-worker-mobile': {
          name: 'krow-withus-worker-mobile',
          versionFiles: [
            { path: 'apps/mobile/apps/staff/pubspec.yaml' },
            {
              path: 'apps/mobile/apps/staff/ios/version.xcconfig',
              pattern: 'MARKETING_VERSION = (?<version>\\S+)',
            },
          ],
          changelog: 'apps/mobile/apps/staff/CHANGELOG.md',
          deploy: './scripts/deploy-mobile-production.sh',
          monitor: {
            duration: '2h',
            interval: '1m',
            urls: [
              { url: 'https://staff.example.com/health', expectStatus: 200, expectBody: 'ok' },
            ],
            prometheus: {
              url: 'https://prometheus.example.com',
              queries: [
                {
                  name: '5xx ratio',
                  query:
                    'sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[5m]))',
                  max: 0.01,
                },
              ],
            },
          },
        },
      },
    });
  });

  it('reads a monorepo with mobile, web and backend products', () => {
    const config = parseConfig(PATH, fixture('monorepo.yml'));
    expect(Object.keys(config.products)).toEqual([
      'krow-withus-worker-mobile',
      'krow-withus-client-mobile',
      'web',
      'backend-api',
      'backend-worker.jobs',
    ]);
    expect(config.reviewers).toEqual(['octo-org/release-engineers', 'alice']);
    expect(config.owners).toEqual(['octo-org/devops']);
    expect(config.labels).toEqual(['hotfix', 'URGENT']);
    // `./` is dropped so the path is the one the contents API and the workspace both know.
    expect(config.products['krow-withus-client-mobile']?.versionFiles).toEqual([
      { path: 'apps/mobile/apps/client/pubspec.yaml' },
      {
        path: 'apps/mobile/apps/client/ios/Runner.xcodeproj/project.pbxproj',
        pattern: 'MARKETING_VERSION = (?<version>\\d+\\.\\d+\\.\\d+);',
      },
    ]);
    expect(config.products.web?.monitor).toEqual({
      duration: '90m',
      interval: '30s',
      urls: [
        { url: 'https://app.example.com/' },
        { url: 'https://app.example.com/api/health', expectStatus: 204 },
      ],
    });
    expect(config.products['backend-api']?.monitor).toEqual({
      urls: [],
      prometheus: {
        url: 'http://prometheus.monitoring.svc:9090',
        queries: [
          {
            name: 'p99 latency (s)',
            query:
              'histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket{job="api"}[5m])) by (le))',
            max: 1.5,
          },
          { name: 'healthy pods', query: 'sum(up{job="api"})', min: 2 },
        ],
      },
    });
    expect(config.products['backend-worker.jobs']).toEqual({
      name: 'backend-worker.jobs',
      versionFiles: [{ path: 'backend/worker/package.json' }, { path: 'backend/worker/VERSION' }],
    });
  });

  it('without a file: defaults, no products, found false', () => {
    expect(parseConfig(PATH, undefined)).toEqual({ ...DEFAULTS_ONLY, found: false });
    expect(parseConfig('config/hotfix.yaml', undefined).path).toBe('config/hotfix.yaml');
  });

  it.each([
    ['an empty file', ''],
    ['only comments', '# hotfix settings come later\n# products:\n'],
    ['an empty document', '---\n'],
  ])('%s: defaults, found true', (_why, text) => {
    expect(parseConfig(PATH, text)).toEqual({ ...DEFAULTS_ONLY, found: true });
  });

  it('a minimal product: version files alone', () => {
    const config = parseConfig(
      PATH,
      'products:\n  web:\n    version-files: [apps/web/package.json]\n',
    );
    expect(config).toEqual({
      ...DEFAULTS_ONLY,
      found: true,
      products: { web: { name: 'web', versionFiles: [{ path: 'apps/web/package.json' }] } },
    });
  });

  it('a product without version files (files come as inputs) has none', () => {
    const config = parseConfig(PATH, 'products:\n  web:\n    changelog: apps/web/CHANGELOG.md\n');
    expect(config.products.web).toEqual({
      name: 'web',
      versionFiles: [],
      changelog: 'apps/web/CHANGELOG.md',
    });
  });

  it('keeps custom formats, labels and an empty label list', () => {
    const config = parseConfig(
      PATH,
      [
        'tag-format: release/{product}@{version}',
        "branch-format: 'fix/{product}/{version}'",
        'labels: [hotfix, "priority: p0", 🔥]',
        'base-branch: release/2026',
      ].join('\n'),
    );
    expect(config.tagFormat).toBe('release/{product}@{version}');
    expect(config.branchFormat).toBe('fix/{product}/{version}');
    expect(config.labels).toEqual(['hotfix', 'priority: p0', '🔥']);
    expect(config.baseBranch).toBe('release/2026');
    expect(parseConfig(PATH, 'labels: []').labels).toEqual([]);
  });

  it('accepts product names with dots, underscores and capitals', () => {
    const config = parseConfig(
      PATH,
      'products:\n  Api.V2:\n    version-files: [a/package.json]\n  svc_1:\n    version-files: [b/VERSION]\n',
    );
    expect(Object.keys(config.products)).toEqual(['Api.V2', 'svc_1']);
  });

  it('reads duration, interval and prometheus limits as written', () => {
    const config = parseConfig(
      PATH,
      [
        'products:',
        '  web:',
        '    monitor:',
        '      duration: 15m',
        '      interval: 90s',
        '      prometheus:',
        '        url: http://127.0.0.1:9090/',
        '        queries:',
        '          - {name: errors, query: "sum(rate(errors_total[1m]))", min: 0, max: 0}',
      ].join('\n'),
    );
    expect(config.products.web?.monitor).toEqual({
      duration: '15m',
      interval: '90s',
      urls: [],
      prometheus: {
        url: 'http://127.0.0.1:9090/',
        queries: [{ name: 'errors', query: 'sum(rate(errors_total[1m]))', min: 0, max: 0 }],
      },
    });
  });
});

describe('parseConfig refuses mistakes with the file, line, data path and fix', () => {
  it('lists every problem of a file at once, by line, each with a location', () => {
    const error = mistake(fixture('mistakes.yml'));
    expect(error.message).toBe(
      [
        `${PATH} has 7 problems:`,
        `${PATH}:1: tag-format: "{product}/prod-v{verison}" cannot be used: it has the unknown placeholder {verison}: only {product} and {version} exist.`,
        `${PATH}:2: lables: unknown key (did you mean "labels"?); allowed here: base-branch, tag-format, branch-format, maintenance-branch-format, labels, reviewers, owners, products.`,
        `${PATH}:6: products.web.version-files[0]: must be a file path relative to the repository root, with '/' separators, no leading '/' and no '..' (e.g. apps/web/package.json).`,
        `${PATH}:8: products.web.version-files[1].pattern: has no named group "version": capture the version with (?<version>...), e.g. "MARKETING_VERSION = (?<version>\\\\S+)".`,
        `${PATH}:10: products.web.monitor.duration: must be a duration: a whole number and ms, s, m or h, like 500ms, 90s, 15m, 2h or 1h30m.`,
        `${PATH}:12: products.web.monitor.urls[0].url: must be an http:// or https:// URL without spaces, e.g. https://web.example.com/health.`,
        `${PATH}:13: products.web.monitor.urls[0].expect-status: must be an HTTP status code between 100 and 599, e.g. 200 (YAML read "200" as text: remove the quotes).`,
      ].join('\n'),
    );
    // Each line's annotation carries that line's problem, not the whole list again.
    const lines = error.message.split('\n').slice(1);
    expect(error.locations).toEqual(
      [1, 2, 6, 8, 10, 12, 13].map((line, index) => ({ file: PATH, line, note: lines[index] })),
    );
  });

  // [what, file text, the one expected message line (after `path:`), line]
  const cases: [string, string, string, number][] = [
    [
      'a misspelt top-level key',
      'base-branch: main\nreviewer: [alice]',
      'reviewer: unknown key (did you mean "reviewers"?); allowed here: base-branch, tag-format, branch-format, maintenance-branch-format, labels, reviewers, owners, products',
      2,
    ],
    [
      'a snake_case key',
      'tag_format: "{product}@{version}"',
      'tag_format: unknown key (did you mean "tag-format"?); allowed here: base-branch, tag-format, branch-format, maintenance-branch-format, labels, reviewers, owners, products',
      1,
    ],
    [
      'a camelCase key in a product',
      'products:\n  web:\n    versionFiles: [apps/web/package.json]',
      'products.web.versionFiles: unknown key (did you mean "version-files"?); allowed here: version-files, changelog, deploy, monitor',
      3,
    ],
    [
      'an unknown key with no near match',
      'slack: https://hooks.slack.com/x',
      'slack: unknown key; allowed here: base-branch, tag-format, branch-format, maintenance-branch-format, labels, reviewers, owners, products',
      1,
    ],
    [
      'a key of a version file object',
      'products:\n  web:\n    version-files:\n      - path: a/version.xcconfig\n        regex: "V=(?<version>.*)"',
      'products.web.version-files[0].regex: unknown key; allowed here: path, pattern',
      5,
    ],
    [
      'a version file that is a number',
      'products:\n  web:\n    version-files:\n      - apps/web/package.json\n      - 3',
      'products.web.version-files[1]: must be a path or {path, pattern}, not the number 3',
      5,
    ],
    [
      'a version file that is a list',
      'products:\n  web:\n    version-files:\n      - [apps/web/package.json]',
      'products.web.version-files[0]: must be a path or {path, pattern}, not a list',
      4,
    ],
    [
      'a version file object without path',
      'products:\n  web:\n    version-files:\n      - pattern: "V=(?<version>.*)"',
      'products.web.version-files[0]: missing "path": add it',
      4,
    ],
    [
      'version-files as a single string',
      'products:\n  web:\n    version-files: apps/web/package.json',
      'products.web.version-files: must be a list of paths or {path, pattern}, not text "apps/web/package.json"',
      3,
    ],
    [
      'an empty version-files list',
      'products:\n  web:\n    version-files: []',
      'products.web.version-files: must not be empty: list at least one entry, or remove the key',
      3,
    ],
    [
      'a version file listed twice',
      'products:\n  web:\n    version-files:\n      - apps/web/package.json\n      - ./apps/web/package.json',
      'products.web.version-files[1]: lists apps/web/package.json twice: remove one',
      5,
    ],
    [
      'a pattern that does not compile',
      'products:\n  ios:\n    version-files:\n      - path: ios/version.xcconfig\n        pattern: "MARKETING_VERSION = (?<version>\\\\S+"',
      'products.ios.version-files[0].pattern: is not a valid JavaScript regex (Invalid regular expression: /MARKETING_VERSION = (?<version>\\S+/dm: Unterminated group): fix it, and remember YAML double quotes need \\\\ for a backslash',
      5,
    ],
    [
      'a pattern with another group name',
      "products:\n  ios:\n    version-files:\n      - path: ios/version.xcconfig\n        pattern: 'MARKETING_VERSION = (?<ver>\\S+)'",
      'products.ios.version-files[0].pattern: has no named group "version": capture the version with (?<version>...), e.g. "MARKETING_VERSION = (?<version>\\\\S+)"',
      5,
    ],
    [
      'a file whose format the name does not tell',
      'products:\n  ios:\n    version-files: [ios/Flutter/Generated.xcconfig]',
      'products.ios.version-files[0]: cannot tell from the name of ios/Flutter/Generated.xcconfig how it holds the version (known: pubspec.yaml, package.json, VERSION, *.txt): write it as {path, pattern} with a regex whose group (?<version>...) captures the version',
      3,
    ],
    [
      'a changelog outside the repository',
      'products:\n  web:\n    changelog: ../CHANGELOG.md',
      "products.web.changelog: must be a file path relative to the repository root, with '/' separators, no leading '/' and no '..' (e.g. apps/web/package.json)",
      3,
    ],
    [
      'a product name with a space',
      'products:\n  web app:\n    version-files: [apps/web/package.json]',
      `products["web app"]: is not a valid product name: use letters, digits, '.', '_' and '-', starting and ending with a letter or digit (no '..', no '.lock' ending)`,
      2,
    ],
    [
      'a product name with a slash',
      'products:\n  apps/web:\n    version-files: [apps/web/package.json]',
      `products["apps/web"]: is not a valid product name: use letters, digits, '.', '_' and '-', starting and ending with a letter or digit (no '..', no '.lock' ending)`,
      2,
    ],
    [
      'a product with nothing under it',
      'products:\n  web:\n',
      "products.web: must be the product's settings, e.g. version-files: [apps/web/package.json], not empty",
      2,
    ],
    [
      'products as a list',
      'products: [web, api]',
      'products: must be a mapping from product name to its settings, not a list',
      1,
    ],
    [
      'the whole file as a list',
      '- web\n- api',
      '(the whole file): must be a mapping of settings (base-branch, tag-format, ..., products), not a list',
      1,
    ],
    [
      'a tag format without {version}',
      'tag-format: "{product}/prod"',
      'tag-format: "{product}/prod" cannot be used: it must contain {version}, e.g. "{product}/prod-v{version}"',
      1,
    ],
    [
      'a branch format git refuses',
      'branch-format: "hotfix: {product} v{version}"',
      'branch-format: "hotfix: {product} v{version}" cannot be used: it gives names like "hotfix: product v1.2.3", which git refuses: it contains \':\'',
      1,
    ],
    [
      'a tag format with refs/tags/',
      "tag-format: 'refs/tags/{product}/v{version}'",
      `tag-format: "refs/tags/{product}/v{version}" cannot be used: it must not start with 'refs/': it is the name after refs/tags/ or refs/heads/`,
      1,
    ],
    [
      'the same tag and branch format',
      'tag-format: "{product}-v{version}"\nbranch-format: "{product}-v{version}"',
      'branch-format: is the same as the other format, so a tag and a branch would share a name: make tag-format and branch-format differ',
      2,
    ],
    [
      'a maintenance-branch format without {product}',
      "maintenance-branch-format: 'release/v{major}.{minor}.x'",
      'maintenance-branch-format: "release/v{major}.{minor}.x" cannot be used: it must contain {product}, e.g. "release/{product}-v{major}.{minor}.x"',
      1,
    ],
    [
      'a maintenance-branch format per version, not per line',
      "maintenance-branch-format: 'release/{product}-v{version}'",
      'maintenance-branch-format: "release/{product}-v{version}" cannot be used: it has the placeholder {version}: only {product}, {major} and {minor} exist (one branch per release line), e.g. "release/{product}-v{major}.{minor}.x"',
      1,
    ],
    [
      'a maintenance-branch format git refuses',
      "maintenance-branch-format: 'release/{product} {major}.{minor}'",
      'maintenance-branch-format: "release/{product} {major}.{minor}" cannot be used: it gives names like "release/product 1.2", which git refuses: it contains a space',
      1,
    ],
    [
      'a base branch git refuses',
      'base-branch: main..release',
      `base-branch: "main..release" is not a valid branch name: it contains '..'`,
      1,
    ],
    [
      'labels as a single string',
      'labels: hotfix',
      'labels: must be a list of label names, e.g. [hotfix, URGENT], not text "hotfix"',
      1,
    ],
    [
      'a label YAML reads as a number',
      'labels:\n  - hotfix\n  - 1.10',
      'labels[1]: must be a label name of 1 to 50 characters (YAML read 1.1 as a number: put it in quotes)',
      3,
    ],
    [
      'a label listed twice',
      'labels: [hotfix, hotfix]',
      'labels: lists "hotfix" twice: remove one',
      1,
    ],
    [
      'a label longer than GitHub allows',
      `labels: [${'x'.repeat(51)}]`,
      'labels[0]: must be a label name of 1 to 50 characters',
      1,
    ],
    [
      'a reviewer that is not a login or team',
      'reviewers:\n  - release engineers',
      'reviewers[0]: must be a GitHub login (octocat) or a team (octo-org/release-engineers)',
      2,
    ],
    [
      'an owner given as an email',
      "owners: ['devops@example.com']",
      'owners[0]: must be a GitHub login (octocat) or a team (octo-org/release-engineers)',
      1,
    ],
    [
      'a duration in words',
      'products:\n  web:\n    monitor:\n      duration: 2 hours',
      'products.web.monitor.duration: must be a duration: a whole number and ms, s, m or h, like 500ms, 90s, 15m, 2h or 1h30m',
      4,
    ],
    [
      'a duration as a bare number',
      'products:\n  web:\n    monitor:\n      interval: 60',
      'products.web.monitor.interval: must be a duration: a whole number and ms, s, m or h, like 500ms, 90s, 15m, 2h or 1h30m (YAML read 60 as a number: put it in quotes)',
      4,
    ],
    [
      'an interval longer than the duration',
      'products:\n  web:\n    monitor:\n      duration: 30m\n      interval: 1h',
      'products.web.monitor.interval: 1h is longer than the duration 30m: make the interval shorter',
      5,
    ],
    [
      'a URL without scheme',
      'products:\n  web:\n    monitor:\n      urls: [web.example.com/health]',
      'products.web.monitor.urls[0]: must be an http:// or https:// URL without spaces, e.g. https://web.example.com/health',
      4,
    ],
    [
      'an ftp URL in an object',
      'products:\n  web:\n    monitor:\n      urls:\n        - url: ftp://files.example.com\n          expect-status: 200',
      'products.web.monitor.urls[0].url: must be an http:// or https:// URL without spaces, e.g. https://web.example.com/health',
      5,
    ],
    [
      'a status code out of range',
      'products:\n  web:\n    monitor:\n      urls:\n        - url: https://web.example.com\n          expect-status: 20',
      'products.web.monitor.urls[0].expect-status: must be an HTTP status code between 100 and 599, e.g. 200',
      6,
    ],
    [
      'a misspelt probe key',
      'products:\n  web:\n    monitor:\n      urls:\n        - url: https://web.example.com\n          expect_body: ok',
      'products.web.monitor.urls[0].expect_body: unknown key (did you mean "expect-body"?); allowed here: url, expect-status, expect-body',
      6,
    ],
    [
      'prometheus without queries',
      'products:\n  web:\n    monitor:\n      prometheus:\n        url: https://prometheus.example.com',
      'products.web.monitor.prometheus: missing "queries": add it',
      4,
    ],
    [
      'a query without a threshold',
      'products:\n  web:\n    monitor:\n      prometheus:\n        url: https://p.example.com\n        queries:\n          - name: errors\n            query: sum(errors)',
      'products.web.monitor.prometheus.queries[0]: needs a threshold: add max, min or both',
      7,
    ],
    [
      'a query whose min is above its max',
      'products:\n  web:\n    monitor:\n      prometheus:\n        url: https://p.example.com\n        queries:\n          - {name: pods, query: sum(up), min: 3, max: 1}',
      'products.web.monitor.prometheus.queries[0]: min 3 is above max 1, so no value could pass: swap them',
      7,
    ],
    [
      'a threshold given as text',
      'products:\n  web:\n    monitor:\n      prometheus:\n        url: https://p.example.com\n        queries:\n          - {name: ratio, query: x, max: 1%}',
      'products.web.monitor.prometheus.queries[0].max: must be a number, not text "1%"',
      7,
    ],
  ];

  it.each(cases)('%s', (_what, text, expected, line) => {
    const error = mistake(text);
    expect(error.message).toBe(`${PATH}:${line}: ${expected}.`);
    expect(error.locations).toEqual([{ file: PATH, line }]);
  });

  it('names the file it was given', () => {
    expect(mistake('labels: hotfix').message).toMatch(/^\.github\/hotfix\.yml:1: labels:/);
    expect(() => parseConfig('ci/hotfix.yaml', 'labels: hotfix')).toThrow(/^ci\/hotfix\.yaml:1:/);
  });

  it('points at the line of the key even through comments and blank lines', () => {
    const text = '# header\n\nproducts:\n\n  # the web app\n  web:\n\n    versionfiles: []\n';
    expect(mistake(text).locations).toEqual([{ file: PATH, line: 8 }]);
  });

  it('locates problems behind YAML anchors and aliases', () => {
    const text = [
      'products:',
      '  web: &base',
      '    version-files: [apps/web/package.json]',
      '    monitor: {duration: soon}',
      '  admin: *base',
    ].join('\n');
    const error = mistake(text);
    expect(error.message).toContain(`${PATH}:4: products.web.monitor.duration: must be a duration`);
    expect(error.message).toContain(`products.admin.monitor.duration: must be a duration`);
  });
});

describe('parseConfig reads YAML anchors, aliases and merge keys', () => {
  it('shares settings between products with <<', () => {
    const config = parseConfig(
      PATH,
      [
        'products:',
        '  staff: &mobile',
        '    version-files: [apps/mobile/apps/staff/pubspec.yaml]',
        '    deploy: ./scripts/deploy-mobile-production.sh',
        '  client:',
        '    <<: *mobile',
        '    version-files: [apps/mobile/apps/client/pubspec.yaml]',
      ].join('\n'),
    );
    expect(config.products.client).toEqual({
      name: 'client',
      versionFiles: [{ path: 'apps/mobile/apps/client/pubspec.yaml' }],
      deploy: './scripts/deploy-mobile-production.sh',
    });
  });
});

describe('parseConfig refuses YAML syntax errors at line and column', () => {
  it('an alias before its anchor', () => {
    const error = mistake('labels: [hotfix]\nreviewers: *team\nowners: &team [alice]');
    expect(error.message).toBe(
      `${PATH}:2:12: not valid YAML: Unresolved alias (the anchor must be set before the alias): ` +
        'team. Define each anchor (&name) before its aliases (*name), or write the values out.',
    );
    expect(error.locations).toEqual([{ file: PATH, line: 2, column: 12 }]);
  });

  it('an alias bomb', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (const name of 'bcdefgh') {
      const previous = String.fromCharCode(name.charCodeAt(0) - 1);
      bomb.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`);
    }
    expect(mistake(bomb.join('\n')).message).toMatch(
      /^\.github\/hotfix\.yml:\d+:\d+: not valid YAML: /,
    );
  });

  it.each([
    ['a tab as indentation', 'products:\n\tweb: {}', 2, 1, 'Tabs are not allowed as indentation'],
    ['an unclosed quote', 'tag-format: "{product}/v{version}', 1, 34, 'Missing closing "quote'],
    ['a duplicate key', 'labels: [a]\nlabels: [b]', 2, 1, 'Map keys must be unique'],
  ])('%s', (_what, text, line, column, reason) => {
    const error = mistake(text);
    expect(error.message).toContain(
      `${PATH} is not valid YAML:\n${PATH}:${line}:${column}: ${reason}`,
    );
    expect(error.message).toContain('Fix the syntax there');
    expect(error.locations[0]).toEqual({ file: PATH, line, column });
  });

  it('an unclosed flow list', () => {
    const error = mistake('labels: [hotfix, URGENT\nreviewers: []');
    expect(error.message).toMatch(
      /^\.github\/hotfix\.yml is not valid YAML:\n\.github\/hotfix\.yml:\d+:\d+: /,
    );
    expect(error.locations.length).toBeGreaterThan(0);
  });
});

describe('parseConfig on arbitrary input (property)', () => {
  function outcome(text: string): 'ok' | 'user-error' {
    try {
      parseConfig(PATH, text);
      return 'ok';
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      for (const location of error.locations) {
        expect(location.file).toBe(PATH);
        expect(location.line).toBeGreaterThanOrEqual(1);
      }
      expect(error.message.startsWith(PATH)).toBe(true);
      return 'user-error';
    }
  }

  it('any text gives a configuration or a located UserError, never a crash', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => void outcome(text)),
      {
        numRuns: 300,
      },
    );
  });

  it('any YAML value shaped roughly like a config gives a configuration or a located UserError', () => {
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.constantFrom('web', 'apps/web/package.json', '{product}/v{version}', '2h', 'https://x'),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(
          fc.constantFrom('products', 'web', 'version-files', 'path', 'pattern', 'monitor', 'urls'),
          tie('node'),
          { maxKeys: 3 },
        ),
      ),
    })).node;
    fc.assert(
      fc.property(value, (data) => void outcome(stringify(data))),
      { numRuns: 300 },
    );
  });
});

describe('getProduct', () => {
  const config = parseConfig(PATH, fixture('monorepo.yml'));

  it('returns a configured product', () => {
    expect(getProduct(config, 'web')).toBe(config.products.web);
    expect(getProduct(config, 'backend-worker.jobs').name).toBe('backend-worker.jobs');
  });

  it('refuses an unknown product, listing the configured ones and the closest', () => {
    expect(() => getProduct(config, 'wbe')).toThrow(
      new UserError(
        `Product "wbe" is not configured in ${PATH} (did you mean "web"?). Configured products: ` +
          'krow-withus-worker-mobile, krow-withus-client-mobile, web, backend-api, ' +
          'backend-worker.jobs. Use one of them, or add "wbe" under `products:`.',
      ),
    );
    expect(() => getProduct(config, 'Backend_API')).toThrow(/did you mean "backend-api"\?/);
    expect(() => getProduct(config, 'payments')).toThrow(
      /^Product "payments" is not configured in \.github\/hotfix\.yml\. Configured/,
    );
  });

  it('does not mistake object built-ins for products', () => {
    expect(() => getProduct(config, 'constructor')).toThrow(UserError);
    expect(() => getProduct(config, 'toString')).toThrow(UserError);
  });

  it('without a file, says so and how to pass files as inputs', () => {
    const error = (() => {
      try {
        getProduct(parseConfig(PATH, undefined), 'web');
      } catch (thrown) {
        return thrown as UserError;
      }
      throw new Error('expected a UserError');
    })();
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toBe(
      `Product "web" is not configured: there is no ${PATH}. Add it under \`products:\` in ` +
        `${PATH} with its version-files, or pass the version files as the \`files\` input ` +
        '(and `changelog`) to the action.',
    );
    expect(error.locations).toEqual([]);
  });

  it('with a file but no products, says the file configures none', () => {
    expect(() => getProduct(parseConfig(PATH, 'labels: [hotfix]'), 'web')).toThrow(
      /^Product "web" is not configured: \.github\/hotfix\.yml configures no products\. .*`files` input/,
    );
  });
});

describe('monitor durations are read as the inputs read them', () => {
  it.each(['90s', '15m', '2h', '120m', '1h30m', '500ms'])('%s is a duration', (text) => {
    const config = parseConfig(PATH, `products:\n  web:\n    monitor:\n      interval: ${text}\n`);
    expect(config.products.web?.monitor?.interval).toBe(text);
  });

  it.each(['0s', '1.5h', '2 h', '1d', 'h', '-1m', '5'])('%j is not a duration', (text) => {
    expect(
      mistake(`products:\n  web:\n    monitor:\n      interval: "${text}"\n`).message,
    ).toContain('products.web.monitor.interval: must be a duration');
  });
});

describe('the JSON Schema', () => {
  const regenerate = 'npm run regenerate';

  it('schema/hotfix.schema.json is the schema the code uses', async () => {
    if (readFileSync(SCHEMA_PATH, 'utf8') !== (await schemaJsonSource())) {
      throw new Error(
        `schema/hotfix.schema.json differs from src/domain/config-schema.ts. ` +
          `Edit the TypeScript, then regenerate the JSON with:\n  ${regenerate}`,
      );
    }
  });

  it('src/domain/config-validator.cjs is the schema compiled as the build would compile it', () => {
    if (readFileSync(VALIDATOR_PATH, 'utf8') !== configValidatorSource()) {
      throw new Error(
        `src/domain/config-validator.cjs differs from src/domain/config-schema.ts compiled. ` +
          `Regenerate it with:\n  ${regenerate}`,
      );
    }
  });

  it('validates the example files on its own, as an editor would', () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as object);
    const load = (name: string): unknown => parse(fixture(name)) as unknown;
    expect(validate(load('design-example.yml'))).toBe(true);
    expect(validate(load('monorepo.yml'))).toBe(true);
    expect(validate(load('mistakes.yml'))).toBe(false);
  });

  it.each(['design-example.yml', 'monorepo.yml'])(
    'the yaml-language-server comment of %s finds the schema',
    (name) => {
      const reference = /^# yaml-language-server: \$schema=(\S+)$/m.exec(fixture(name))?.[1];
      expect(reference).toBeDefined();
      const target = new URL(
        reference ?? '',
        new URL(`./fixtures/config/${name}`, import.meta.url),
      );
      expect(fileURLToPath(target)).toBe(SCHEMA_PATH);
    },
  );

  it('describes every setting, so editors can complete and explain it', () => {
    const undescribed: string[] = [];
    const visit = (schema: unknown, at: string): void => {
      if (schema === null || typeof schema !== 'object') return;
      const node = schema as Record<string, unknown>;
      for (const [key, child] of Object.entries((node.properties as object | undefined) ?? {})) {
        if (typeof (child as { description?: unknown }).description !== 'string') {
          undescribed.push(`${at}.${key}`);
        }
        visit(child, `${at}.${key}`);
      }
      for (const key of ['items', 'additionalProperties'] as const) visit(node[key], `${at}[]`);
      for (const branch of (node.anyOf as unknown[] | undefined) ?? []) visit(branch, at);
    };
    visit(HOTFIX_CONFIG_SCHEMA, '');
    expect(undescribed).toEqual([]);
  });

  it('refuses unknown keys at every level', () => {
    const objects: string[] = [];
    const visit = (schema: unknown, at: string): void => {
      if (schema === null || typeof schema !== 'object') return;
      const node = schema as Record<string, unknown>;
      if (node.properties !== undefined && node.additionalProperties !== false) objects.push(at);
      for (const [key, child] of Object.entries((node.properties as object | undefined) ?? {})) {
        visit(child, `${at}.${key}`);
      }
      for (const key of ['items', 'additionalProperties'] as const) visit(node[key], `${at}[]`);
      for (const branch of (node.anyOf as unknown[] | undefined) ?? []) visit(branch, at);
    };
    visit(HOTFIX_CONFIG_SCHEMA, '');
    expect(objects).toEqual([]);
  });
});

describe('a monitor duration a job cannot run', () => {
  it('is refused on its line', () => {
    const error = mistake(
      'products:\n  web:\n    monitor:\n      duration: 600h\n      urls: [https://example.com/health]\n',
    );
    expect(error.message).toContain(
      `${PATH}:4: products.web.monitor.duration: 600h is longer than a job can run`,
    );
  });
});
