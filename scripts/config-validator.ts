// Compiles the configuration's JSON Schema (src/domain/config-schema.ts) into a validator module,
// src/domain/config-validator.cjs, with Ajv's standalone code generation: the actions then never
// compile the schema at run time (about 45 ms of every run that reads .github/hotfix.yml).
// CommonJS, because Ajv's ES-module output still `require`s its runtime helpers
// (ajv-validator/ajv#2209); ncc bundles either. test/domain/config.test.ts fails when the file is
// out of date; `UPDATE_SCHEMA=1` there rewrites it, as it does schema/hotfix.schema.json.
import { Ajv } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { HOTFIX_CONFIG_SCHEMA } from '../src/domain/config-schema.js';

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
    '// Generated from src/domain/config-schema.ts by scripts/config-validator.ts: do not edit.\n' +
    standaloneCode.default(ajv, validate)
  );
}
