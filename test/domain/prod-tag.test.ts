import { expect, test } from '@jest/globals';
import { parseWorkflow, releaseNotes, tagMessage } from '../../src/domain/prod-tag.js';
import { userErrorOf } from '../helpers/user-error.js';

test('tag message: HOTFIX: once', () => {
  expect(tagMessage({ text: 'HOTFIX: Crash on login' })).toBe('HOTFIX: Crash on login');
  expect(tagMessage({ text: 'Crash on login' })).toBe('HOTFIX: Crash on login');
});

test('tag message: no bidirectional control survives, lines stay lines', () => {
  expect(tagMessage({ text: 'Crash in \u202Efdp.exe\u202C\nsecond \u2067item\u2069' })).toBe(
    'HOTFIX: Crash in fdp.exe\nsecond item',
  );
});

test('release notes escape the entry', () => {
  expect(releaseNotes({ text: 'HOTFIX: <script> @team #12' }, 'C.md')).not.toMatch(
    /<script>|@team|#12/,
  );
  expect(releaseNotes({ text: 'one\ntwo' }, 'C.md')).toContain('- one\n- two');
});

test('dispatch workflow names', () => {
  expect(parseWorkflow('deploy.yml')).toBe('deploy.yml');
  expect(parseWorkflow('.github/workflows/deploy.yaml')).toBe('deploy.yaml');
  expect(parseWorkflow('1234')).toBe('1234');
  expect(parseWorkflow(undefined)).toBeUndefined();
  expect(userErrorOf(() => parseWorkflow('../x.yml')).message).toContain("Input 'dispatch'");
});
