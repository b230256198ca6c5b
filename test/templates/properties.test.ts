// Each template has the metadata GitHub needs to offer it on an organisation's "New workflow" page
// (<template>.properties.json beside it in the org's .github repository, workflow-templates/).
import { describe, expect, test } from '@jest/globals';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { templateNames, templatesDir } from '../../sandbox/templates/templates.js';

const KEYS = new Set(['name', 'description', 'iconName', 'categories', 'filePatterns', 'creator']);
const names = templateNames();

/** Why `properties` is not valid workflow-template metadata, or [] when it is. */
export function propertiesProblems(properties: unknown, dir = templatesDir): string[] {
  if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) {
    return ['not a JSON object'];
  }
  const p = properties as Record<string, unknown>;
  const problems = Object.keys(p)
    .filter((key) => !KEYS.has(key))
    .map((key) => `unknown key "${key}"`);
  for (const key of ['name', 'description']) {
    if (typeof p[key] !== 'string' || (p[key] as string).trim() === '') {
      problems.push(`${key}: required, a non-empty string`);
    }
  }
  const icon = p['iconName'];
  if (icon !== undefined) {
    const octicon = typeof icon === 'string' && /^octicon [a-z0-9-]+$/.test(icon);
    const svg = typeof icon === 'string' && existsSync(join(dir, `${icon}.svg`));
    if (!octicon && !svg) problems.push(`iconName: "octicon <name>" or an SVG beside the template`);
  }
  const categories = p['categories'];
  if (
    !Array.isArray(categories) ||
    categories.length === 0 ||
    !categories.every((c) => typeof c === 'string' && c !== '')
  ) {
    problems.push('categories: a non-empty list of names');
  }
  const patterns = p['filePatterns'];
  if (patterns !== undefined) {
    if (!Array.isArray(patterns) || !patterns.every((pattern) => typeof pattern === 'string')) {
      problems.push('filePatterns: a list of regular expressions');
    } else {
      for (const pattern of patterns) {
        try {
          new RegExp(pattern);
        } catch {
          problems.push(`filePatterns: ${pattern} is not a regular expression`);
        }
      }
    }
  }
  return problems;
}

test('every template has its .properties.json, and every .properties.json its template', () => {
  const properties = readdirSync(templatesDir)
    .filter((file) => file.endsWith('.properties.json'))
    .map((file) => file.slice(0, -'.properties.json'.length))
    .sort();
  expect(properties).toEqual(names);
});

describe.each(names)('%s.properties.json', (name) => {
  const properties = JSON.parse(
    readFileSync(join(templatesDir, `${name}.properties.json`), 'utf8'),
  ) as Record<string, unknown>;

  test('is valid workflow-template metadata', () => {
    expect(propertiesProblems(properties)).toEqual([]);
  });

  test('is offered to repositories with a .github/hotfix.yml', () => {
    const patterns = properties['filePatterns'] as string[];
    expect(patterns.some((pattern) => new RegExp(pattern).test('.github/hotfix.yml'))).toBe(true);
  });
});

test('template names are unique, as GitHub lists them side by side', () => {
  const titles = names.map(
    (name) =>
      (
        JSON.parse(readFileSync(join(templatesDir, `${name}.properties.json`), 'utf8')) as {
          name: string;
        }
      ).name,
  );
  expect(new Set(titles).size).toBe(titles.length);
});

test('the metadata check fails on broken metadata', () => {
  expect(propertiesProblems([])).toEqual(['not a JSON object']);
  expect(
    propertiesProblems({
      name: '',
      description: 'x',
      iconName: 'no-such-icon',
      categories: [],
      filePatterns: ['('],
      icon: 'x',
    }),
  ).toEqual([
    'unknown key "icon"',
    'name: required, a non-empty string',
    'iconName: "octicon <name>" or an SVG beside the template',
    'categories: a non-empty list of names',
    'filePatterns: ( is not a regular expression',
  ]);
});
