// The configuration schema's validator, compiled ahead of time (scripts/config-validator.ts).
import type { ValidateFunction } from 'ajv';

declare const validate: ValidateFunction;
export = validate;
