// The configuration's two generated files, both from src/domain/config-schema.ts:
// - schema/hotfix.schema.json, for editors (Prettier-formatted as the repository's JSON is);
// - src/domain/config-validator.cjs, the schema compiled by Ajv's standalone code generation, so
//   the actions never compile it at run time (about 45 ms of every run that reads
//   .github/hotfix.yml). CommonJS, because Ajv's ES-module output still `require`s its runtime
//   helpers (ajv-validator/ajv#2209); ncc bundles either.
// `npm run regenerate` writes them (this file, run directly); test/domain/config.test.ts fails
// when either is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import * as prettier from 'prettier';
import { HOTFIX_CONFIG_SCHEMA } from '../src/domain/config-schema.js';

export const SCHEMA_PATH = fileURLToPath(new URL('../schema/hotfix.schema.json', import.meta.url));
export const VALIDATOR_PATH = fileURLToPath(
  new URL('../src/domain/config-validator.cjs', import.meta.url),
);

export async function schemaJsonSource(): Promise<string> {
  const options = (await prettier.resolveConfig(SCHEMA_PATH)) ?? {};
  return prettier.format(JSON.stringify(HOTFIX_CONFIG_SCHEMA), {
    ...options,
    filepath: SCHEMA_PATH,
  });
}

export function configValidatorSource(): string {
  // strictRequired off: "max or min" lists properties declared one level up, which is fine.
  const ajv = new Ajv({
    allErrors: true,
    verbose: true,
    strict: true,
    strictRequired: false,
    code: { source: true, lines: true },
  });
  ajv.addKeyword('x-message');
  const validate = ajv.compile(HOTFIX_CONFIG_SCHEMA);
  return (
    '// Generated from src/domain/config-schema.ts by scripts/config-schema.ts: do not edit.\n' +
    standaloneCode.default(ajv, validate)
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [path, text] of [
    [SCHEMA_PATH, await schemaJsonSource()],
    [VALIDATOR_PATH, configValidatorSource()],
  ] as const) {
    if (readFileSync(path, 'utf8') !== text) {
      writeFileSync(path, text);
      console.log(`wrote ${path}`);
    }
  }
}
