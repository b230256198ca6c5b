// Where a hotfix pull request merges: main while it is at the tag, else the release line's
// maintenance branch; and the names of those branches.
import { describe, expect, test } from '@jest/globals';
import { chooseTarget, type TargetFacts } from '../../src/domain/start/target.js';
import {
  forwardPortBranchName,
  maintenanceBranchName,
  maintenanceFormatProblem,
  parseForwardPortBranch,
} from '../../src/domain/naming.js';
import { checkTarget, checkTrustedFiles, deployPaths } from '../../src/domain/tag-base.js';
import { previousPatch, sameReleaseLine } from '../../src/domain/version.js';
import { userErrorOf } from '../helpers/user-error.js';

const TAG_SHA = 'a'.repeat(40);
const FACTS: TargetFacts = {
  baseBranch: 'main',
  baseHead: 'b'.repeat(40),
  baseTag: 'web/prod-v2.9.1',
  tagSha: TAG_SHA,
  maintenanceBranch: 'release/web-v2.9.x',
};

describe('chooseTarget', () => {
  test('main at the tag: the pull request merges into main', () => {
    expect(chooseTarget({ ...FACTS, baseHead: TAG_SHA })).toMatchObject({
      path: 'main',
      branch: 'main',
    });
  });

  test('main moved on, no maintenance branch yet: created at the tag', () => {
    const target = chooseTarget(FACTS);
    expect(target).toMatchObject({
      path: 'maintenance',
      branch: 'release/web-v2.9.x',
      prepare: 'create',
    });
    expect(target.why).toContain('main has moved on since web/prod-v2.9.1');
  });

  test('the maintenance branch at the tag (the previous hotfix of the line): reused as it is', () => {
    expect(chooseTarget({ ...FACTS, maintenanceHead: TAG_SHA })).toMatchObject({
      prepare: 'none',
    });
  });

  test('the maintenance branch behind the tag: moved up to it', () => {
    expect(
      chooseTarget({ ...FACTS, maintenanceHead: 'c'.repeat(40), maintenanceBehindTag: true }),
    ).toMatchObject({ prepare: 'fast-forward' });
  });

  test('the maintenance branch holding commits no tag has: refused, with the reset command', () => {
    const error = userErrorOf(() =>
      chooseTarget({ ...FACTS, maintenanceHead: 'c'.repeat(40), maintenanceBehindTag: false }),
    );
    expect(error.message).toContain('holds commits that no production tag has');
    expect(error.message).toContain(
      'git push --force-with-lease origin web/prod-v2.9.1^{commit}:refs/heads/release/web-v2.9.x',
    );
  });
});

describe('names', () => {
  test('one maintenance branch per product and release line', () => {
    const formats = { maintenanceBranchFormat: 'release/{product}-v{major}.{minor}.x' };
    expect(maintenanceBranchName(formats, 'web', '2.9.1')).toBe('release/web-v2.9.x');
    expect(maintenanceBranchName(formats, 'web', '2.9.7')).toBe('release/web-v2.9.x');
    expect(
      maintenanceBranchName(
        { maintenanceBranchFormat: 'maint/{major}.{minor}/{product}' },
        'api',
        '0.1.2',
      ),
    ).toBe('maint/0.1/api');
    expect(maintenanceFormatProblem('release/{product}-{major}')).toContain('{minor}');
    expect(maintenanceFormatProblem('release/{product}-v{major}.{minor}.x')).toBeUndefined();
    expect(
      userErrorOf(() =>
        maintenanceBranchName({ maintenanceBranchFormat: 'r/{major}.{minor}' }, 'web', '1.2.3'),
      ).message,
    ).toContain('must contain {product}');
  });

  test('the forward-port branch reads back, and is not a hotfix branch', () => {
    const branch = forwardPortBranchName('krow-withus-web', '0.1.2');
    expect(branch).toBe('forward-port/krow-withus-web-v0.1.2');
    expect(parseForwardPortBranch(`refs/heads/${branch}`)).toEqual({
      product: 'krow-withus-web',
      version: '0.1.2',
    });
    expect(parseForwardPortBranch('hotfix/krow-withus-web-v0.1.2')).toBeUndefined();
  });

  test('release lines and the previous PATCH', () => {
    expect(sameReleaseLine('2.9.1', '2.9.7')).toBe(true);
    expect(sameReleaseLine('2.9.1', '3.0.0')).toBe(false);
    expect(previousPatch('2.9.2')).toBe('2.9.1');
    expect(previousPatch('3.0.0')).toBeUndefined();
    expect(previousPatch('1.2.3-rc.1')).toBeUndefined();
  });
});

describe('the checks of the merge target and the trusted files', () => {
  const target = {
    baseBranch: 'main',
    maintenanceBranch: 'release/web-v2.9.x',
    baseTag: 'web/prod-v2.9.1',
  };

  test('a base holding nothing the head lacks passes; main moved on fails with the retarget', () => {
    expect(checkTarget({ ...target, target: 'release/web-v2.9.x', targetAhead: 0 }).verdict).toBe(
      'pass',
    );
    const moved = checkTarget({ ...target, target: 'main', targetAhead: 12 });
    expect(moved.verdict).toBe('fail');
    expect(moved.reason).toContain('main has 12 commits that the head lacks');
    expect(moved.commands).toContain(
      'git push origin web/prod-v2.9.1^{commit}:refs/heads/release/web-v2.9.x',
    );
    const pushed = checkTarget({ ...target, target: 'release/web-v2.9.x', targetAhead: 1 });
    expect(pushed.reason).toContain('has 1 commit that the head lacks');
  });

  test("the configuration and the deploy command's script may not change in a hotfix", () => {
    expect(deployPaths('./scripts/deploy.sh --prod')).toEqual(['scripts/deploy.sh']);
    expect(deployPaths('bash tools/release/ship.sh "$1" https://example.com/x')).toEqual([
      'tools/release/ship.sh',
    ]);
    expect(deployPaths(undefined)).toEqual([]);
    const files = ['apps/web/src/fix.ts', 'scripts/deploy.sh'];
    const check = checkTrustedFiles({
      files,
      configPath: '.github/hotfix.yml',
      deployCommand: './scripts/deploy.sh',
    });
    expect(check.verdict).toBe('fail');
    expect(check.annotations.map((a) => a.location?.file)).toEqual(['scripts/deploy.sh']);
    expect(
      checkTrustedFiles({ files: ['apps/web/src/fix.ts'], configPath: '.github/hotfix.yml' })
        .verdict,
    ).toBe('pass');
  });
});
