import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseConfig } from '../../src/domain/config.js';
import {
  createMonorepo,
  describeFixture,
  removeTmpDirs,
  tmpDir,
  workspaceCopy,
  type Monorepo,
} from '../../sandbox/fixtures/monorepo.js';

let repo: Monorepo;

beforeAll(async () => {
  repo = await createMonorepo(tmpDir('fixture'));
});

afterAll(() => removeTmpDirs());

/** Every version a product's files hold at a ref, by file. */
function versionsAt(ref: string, product: string): Record<string, string> {
  const fixture = repo.products[product]!;
  const versions: Record<string, string> = {};
  for (const file of [...fixture.versionFiles, ...fixture.lockfiles]) {
    const text = repo.readFile(ref, file);
    if (file.endsWith('pubspec.yaml')) {
      versions[file] = String((parseYaml(text) as { version: unknown }).version);
    } else if (file.endsWith('.xcconfig')) {
      versions[file] = /^MARKETING_VERSION = (\S+)$/m.exec(text)?.[1] ?? 'none';
    } else if (file.endsWith('package-lock.json')) {
      const lock = JSON.parse(text) as {
        version: string;
        packages: Record<string, { version: string }>;
      };
      versions[file] = lock.version;
      versions[`${file} packages[""]`] = lock.packages['']!.version;
    } else {
      versions[file] = (JSON.parse(text) as { version: string }).version;
    }
  }
  return versions;
}

/** The version column of the CHANGELOG's first data row. */
function newestChangelogRow(ref: string, product: string): string[] {
  const text = repo.readFile(ref, repo.products[product]!.changelog);
  const rows = text.split('\n').filter((line) => /^\| \d{4}-\d\d-\d\d \|/.test(line));
  return rows[0]!
    .split('|')
    .map((cell) => cell.trim())
    .slice(1, -1);
}

describe('the default monorepo', () => {
  test('has the products, versions and tags of the hotfix process', () => {
    expect(Object.keys(repo.products)).toEqual([
      'krow-withus-worker-mobile',
      'krow-withus-client-mobile',
      'krow-withus-web',
      'krow-withus-api',
      'krow-withus-notifier',
    ]);
    const worker = repo.products['krow-withus-worker-mobile']!;
    expect(worker.latestTag).toBe('krow-withus-worker-mobile/prod-v0.1.0');
    expect(worker.version).toBe('0.1.0');
    expect(worker.build).toBe(5);
    expect(repo.git(['rev-list', '--count', 'main'])).toBe('300');
    expect(repo.commits).toBe(300);
    expect(repo.git(['rev-parse', 'main'])).toBe(repo.head);
    expect(repo.git(['rev-parse', 'HEAD'], repo.work)).toBe(repo.head);
    expect(repo.git(['branch', '--show-current'], repo.work)).toBe('main');
  });

  test('annotated and lightweight tags are what they claim, and point at release commits', () => {
    const releases = Object.values(repo.products).flatMap((product) => product.releases);
    expect(releases.some((release) => release.annotated)).toBe(true);
    expect(releases.some((release) => !release.annotated)).toBe(true);
    for (const release of releases) {
      expect(repo.git(['cat-file', '-t', `refs/tags/${release.tag}`])).toBe(
        release.annotated ? 'tag' : 'commit',
      );
      expect(repo.git(['rev-parse', `${release.tag}^{commit}`])).toBe(release.commit);
      expect(repo.git(['log', '-1', '--format=%s', release.commit])).toBe(
        `chore(release): ${release.tag.split('/')[0]} ${release.version}`,
      );
    }
    expect(repo.products['krow-withus-worker-mobile']!.releases.at(-1)!.annotated).toBe(true);
    expect(repo.products['krow-withus-api']!.releases.at(-1)!.annotated).toBe(false);
  });

  test('past hotfix tags carry a HOTFIX message from the release engineer', () => {
    const message = repo.git([
      'tag',
      '-l',
      '--format=%(contents:subject)|%(taggername)',
      'krow-withus-client-mobile/prod-v0.1.1',
    ]);
    expect(message).toMatch(/^HOTFIX: .+\|Rin Tanaka$/);
  });

  test('at every production tag, every version file and the CHANGELOG hold that version', () => {
    for (const [name, product] of Object.entries(repo.products)) {
      for (const release of product.releases) {
        const expected =
          release.build === undefined ? release.version : `${release.version}+${release.build}`;
        for (const [file, version] of Object.entries(versionsAt(release.tag, name))) {
          const wanted = file.endsWith('pubspec.yaml') ? expected : release.version;
          expect({ tag: release.tag, file, version }).toEqual({
            tag: release.tag,
            file,
            version: wanted,
          });
        }
        const [date, version] = newestChangelogRow(release.tag, name);
        expect(version).toBe(release.version);
        expect(date).toBe(repo.git(['log', '-1', '--format=%cs', release.commit]));
      }
    }
  });

  test('main moved on after every last release; the web app is already at the next minor', () => {
    for (const [name, product] of Object.entries(repo.products)) {
      const dir = product.changelog.replace(/\/CHANGELOG\.md$/, '');
      expect(repo.git(['merge-base', '--is-ancestor', product.latestTag, 'main'])).toBe('');
      expect(repo.git(['diff', '--name-only', product.latestTag, 'main', '--', dir])).not.toBe('');
      const onMain = versionsAt('main', name);
      for (const version of Object.values(onMain)) {
        expect(version.replace(/\+\d+$/, '')).toBe(product.mainVersion);
      }
      expect(product.mainVersion).toBe(name === 'krow-withus-web' ? '0.2.0' : product.version);
    }
    expect(repo.allTags).toContain('krow-withus-web/staging-v0.2.0');
    expect(repo.git(['rev-parse', 'krow-withus-web/staging-v0.2.0'])).toBe(repo.head);
  });

  test('the staff pubspec is a real pubspec with nested version keys besides its own', () => {
    const pubspec = parseYaml(repo.readFile('main', 'apps/mobile/apps/staff/pubspec.yaml')) as {
      name: string;
      version: string;
      dependencies: Record<string, { version?: string }>;
      flutter: object;
    };
    expect(pubspec.name).toBe('krow_staff');
    expect(pubspec.version).toBe('0.1.0+5');
    expect(pubspec.dependencies['firebase_messaging']!.version).toBe('^15.0.4');
    expect(pubspec.flutter).toHaveProperty('uses-material-design', true);
  });

  test('.github/hotfix.yml loads with the project config loader and names the fixture files', () => {
    const config = parseConfig('.github/hotfix.yml', repo.readFile('main', '.github/hotfix.yml'));
    const raw = parseYaml(repo.readFile('main', '.github/hotfix.yml')) as {
      'base-branch': string;
      products: Record<
        string,
        { 'version-files': (string | { path: string })[]; changelog: string }
      >;
    };
    expect(config.found).toBe(true);
    expect(config.baseBranch).toBe('main');
    expect(Object.keys(raw.products)).toEqual(Object.keys(repo.products));
    for (const [name, product] of Object.entries(raw.products)) {
      const paths = product['version-files'].map((file) =>
        typeof file === 'string' ? file : file.path,
      );
      expect(paths).toEqual(repo.products[name]!.versionFiles);
      expect(product.changelog).toBe(repo.products[name]!.changelog);
    }
    expect(raw.products['krow-withus-worker-mobile']!['version-files'][1]).toEqual({
      path: 'apps/mobile/apps/staff/ios/version.xcconfig',
      pattern: 'MARKETING_VERSION = (?<version>\\S+)',
    });
  });

  test('the deploy script is committed executable', () => {
    expect(repo.git(['ls-tree', 'main', 'scripts/deploy-mobile-production.sh'])).toMatch(
      /^100755 blob /,
    );
  });

  test('describeFixture tells the same story as the built repository', () => {
    const text = describeFixture();
    for (const product of Object.values(repo.products)) {
      expect(text).toContain(product.latestTag);
    }
    expect(text).toContain('0.1.0+5');
    expect(text).toContain('krow-withus-web/staging-v0.2.0');
  });
});

describe('workspaceCopy', () => {
  test('checks out a tag detached, with the files of that release', () => {
    const dir = workspaceCopy(repo, 'krow-withus-worker-mobile/prod-v0.0.4');
    expect(repo.git(['rev-parse', 'HEAD'], dir)).toBe(
      repo.products['krow-withus-worker-mobile']!.releases[3]!.commit,
    );
    expect(repo.git(['branch', '--show-current'], dir)).toBe('');
    expect(readFileSync(join(dir, 'apps/mobile/apps/staff/pubspec.yaml'), 'utf8')).toContain(
      '\nversion: 0.0.4+4\n',
    );
  });

  test('checks out a branch as a local branch that can commit', () => {
    const dir = workspaceCopy(repo, 'main');
    expect(repo.git(['branch', '--show-current'], dir)).toBe('main');
    expect(existsSync(join(dir, '.github/hotfix.yml'))).toBe(true);
    repo.git(['commit', '--allow-empty', '-q', '-m', 'test'], dir);
    expect(repo.git(['log', '-1', '--format=%an', 'HEAD'], dir)).toBe('Hotfix Tester');
  });
});

describe('createMonorepo options', () => {
  test('the same options give the same SHAs', async () => {
    const options = { commits: 80, releases: 12, extraTags: 4 };
    const first = await createMonorepo(tmpDir('fixture-a'), options);
    const second = await createMonorepo(tmpDir('fixture-b'), options);
    expect(second.head).toBe(first.head);
    expect(second.git(['show-ref'])).toBe(first.git(['show-ref']));
    const otherSeed = await createMonorepo(tmpDir('fixture-c'), { ...options, seed: 2 });
    expect(otherSeed.head).not.toBe(first.head);
  });

  test('commits, releases and extra tags are as asked', async () => {
    const small = await createMonorepo(tmpDir('fixture-small'), {
      commits: 60,
      releases: 10,
      extraTags: 3,
    });
    expect(small.git(['rev-list', '--count', 'main'])).toBe('60');
    expect(small.git(['tag', '-l', '*/prod-v*']).split('\n')).toHaveLength(10);
    expect(small.git(['tag', '-l', 'ci/build-*']).split('\n')).toEqual([
      'ci/build-1',
      'ci/build-2',
      'ci/build-3',
    ]);
    for (const product of Object.values(small.products))
      expect(product.tags.length).toBeGreaterThan(0);
  });

  test('refuses too few commits for the releases', async () => {
    await expect(
      createMonorepo(tmpDir('fixture-tiny'), { commits: 20, releases: 30 }),
    ).rejects.toThrow(/20 commits cannot hold 30 releases: use at least 38/);
  });

  test('builds 5,000 commits and 300 tags quickly (time printed, not asserted)', async () => {
    const started = performance.now();
    const big = await createMonorepo(tmpDir('fixture-big'), { commits: 5000, releases: 300 });
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    console.log(`createMonorepo: 5,000 commits and 300 production tags in ${seconds} s`);
    expect(big.git(['rev-list', '--count', 'main'])).toBe('5000');
    expect(big.git(['tag', '-l', '*/prod-v*']).split('\n')).toHaveLength(300);
  });
});

test('tmpDir makes a fresh empty directory on every call', () => {
  const dir = tmpDir('fixture-tmp');
  expect(readdirSync(dir)).toEqual([]);
  expect(tmpDir('fixture-tmp')).not.toBe(dir);
});
