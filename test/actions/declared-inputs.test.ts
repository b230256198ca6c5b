// Every input an action reads must be declared in its action.yml: the runner passes only
// declared inputs' defaults, so an undeclared one is silently empty on GitHub.
import { describe, expect, test } from '@jest/globals';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';

const root = new URL('../..', import.meta.url).pathname;
const INPUT_READ = /\bget(?:Required|Optional|Boolean|Enum|List)?Input\(\s*'([a-z-]+)'/g;

/** The inputs a source file reads by name, with the files it imports from src/actions. */
function inputsRead(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return new Set();
  seen.add(file);
  const source = readFileSync(file, 'utf8');
  const names = new Set([...source.matchAll(INPUT_READ)].map((match) => match[1]!));
  // core.getInput('x', ...) too
  for (const match of source.matchAll(/core\.getInput\(\s*'([a-z-]+)'/g)) names.add(match[1]!);
  // Imports of other action modules: `./common.js`, `./hotfix/inputs.js`, `../inputs.js`.
  for (const match of source.matchAll(/from '(\.\.?\/[a-z/.-]+)\.js'/g)) {
    const imported = join(dirname(file), `${match[1]}.ts`);
    if (!imported.startsWith(join(root, 'src/actions/'))) continue;
    for (const name of inputsRead(imported, seen)) names.add(name);
  }
  return names;
}

const actions = readdirSync(join(root, 'actions')).filter((name) =>
  existsSync(join(root, 'actions', name, 'action.yml')),
);

describe.each(actions)('actions/%s/action.yml', (name) => {
  const declared = parse(readFileSync(join(root, 'actions', name, 'action.yml'), 'utf8')) as {
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
    runs: { using: string; main: string };
  };

  test('declares every input its code reads', () => {
    const read = inputsRead(join(root, 'src/actions', `${name}.ts`));
    expect(read.size).toBeGreaterThan(0);
    expect([...read].filter((input) => !(input in declared.inputs))).toEqual([]);
  });

  test('declares every output its code sets', () => {
    const source = readFileSync(join(root, 'src/actions', `${name}.ts`), 'utf8');
    const set = [...source.matchAll(/setOutput\(\s*'([a-z-]+)'/g)].map((match) => match[1]!);
    expect(set.length).toBeGreaterThan(0);
    expect(set.filter((output) => !(output in declared.outputs))).toEqual([]);
    expect(Object.keys(declared.outputs).filter((output) => !set.includes(output))).toEqual([]);
  });

  test('runs its own entry of the shared bundle on node24', () => {
    expect(declared.runs).toEqual({ using: 'node24', main: `../../dist/${name}/index.js` });
  });
});

describe('action.yml (the root action, `hotfix`)', () => {
  const declared = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as {
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
    runs: { using: string; main: string };
  };
  const folder = join(root, 'src/actions/hotfix');
  const sources = [
    join(root, 'src/actions/hotfix.ts'),
    ...readdirSync(folder)
      .filter((name) => name.endsWith('.ts'))
      .map((name) => join(folder, name)),
  ];

  test('declares every input its code reads', () => {
    const read = inputsRead(join(root, 'src/actions/hotfix.ts'));
    expect(read.size).toBeGreaterThan(5);
    expect([...read].filter((input) => !(input in declared.inputs))).toEqual([]);
    // And reads every input it declares.
    expect(Object.keys(declared.inputs).filter((input) => !read.has(input))).toEqual([]);
  });

  test('declares every output its code sets, and sets every output it declares', () => {
    const set = new Set(
      sources.flatMap((file) =>
        [...readFileSync(file, 'utf8').matchAll(/setOutput\(\s*'([a-z-]+)'/g)].map(
          (match) => match[1]!,
        ),
      ),
    );
    expect([...set].filter((output) => !(output in declared.outputs))).toEqual([]);
    expect(Object.keys(declared.outputs).filter((output) => !set.has(output))).toEqual([]);
  });

  test('runs its own entry of the shared bundle on node24', () => {
    expect(declared.runs).toEqual({ using: 'node24', main: 'dist/hotfix/index.js' });
  });
});
