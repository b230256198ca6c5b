// `npm run docs`: writes each action's inputs and outputs table from its action.yml into its
// README.md, between the `<!-- inputs -->`/`<!-- outputs -->` markers. `--check` fails instead of
// writing when a README is out of date (the test suite runs it).
import { readFileSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const root = new URL('..', import.meta.url).pathname;

function cell(text) {
  return String(text ?? '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\|/g, '\\|');
}

export function tables(actionYml) {
  const action = parse(actionYml);
  const inputs = Object.entries(action.inputs ?? {}).map(
    ([name, input]) =>
      `| \`${name}\` | ${input.required ? 'yes' : 'no'} | ${input.default === undefined || input.default === '' ? '' : `\`${cell(input.default)}\``} | ${cell(input.description)} |`,
  );
  const outputs = Object.entries(action.outputs ?? {}).map(
    ([name, output]) => `| \`${name}\` | ${cell(output.description)} |`,
  );
  return {
    inputs: ['| Input | Required | Default | Description |', '|---|---|---|---|', ...inputs].join(
      '\n',
    ),
    outputs: ['| Output | Description |', '|---|---|', ...outputs].join('\n'),
  };
}

function replaceBetween(text, marker, body) {
  const start = `<!-- ${marker} -->`;
  const end = `<!-- /${marker} -->`;
  const pattern = new RegExp(`${start}[\\s\\S]*?${end}`);
  if (!pattern.test(text)) throw new Error(`missing ${start} ... ${end} markers`);
  return text.replace(pattern, `${start}\n${body}\n${end}`);
}

export function actionReadmes() {
  const dirs = readdirSync(join(root, 'actions'))
    .map((name) => join(root, 'actions', name))
    .filter((dir) => existsSync(join(dir, 'action.yml')));
  if (existsSync(join(root, 'action.yml'))) dirs.push(root);
  return dirs.map((dir) => {
    const readme = join(dir, 'README.md');
    const current = readFileSync(readme, 'utf8');
    const { inputs, outputs } = tables(readFileSync(join(dir, 'action.yml'), 'utf8'));
    const expected = replaceBetween(replaceBetween(current, 'inputs', inputs), 'outputs', outputs);
    return { readme, current, expected };
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const { readme, current, expected } of actionReadmes()) {
    if (current === expected) continue;
    if (check) {
      stale++;
      console.error(`${readme} is out of date: run npm run docs`);
    } else {
      writeFileSync(readme, expected);
      console.log(`updated ${readme}`);
    }
  }
  process.exit(stale > 0 ? 1 : 0);
}
