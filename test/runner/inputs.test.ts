import { describe, expect, it, beforeEach } from '@jest/globals';
import {
  getBooleanInput,
  getEnumInput,
  getOptionalInput,
  getRequiredInput,
} from '../../src/runner/inputs.js';
import { UserError } from '../../src/domain/errors.js';

function setInput(name: string, value: string): void {
  process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
}

describe('typed inputs', () => {
  beforeEach(() => {
    for (const key of Object.keys(process.env))
      if (key.startsWith('INPUT_')) delete process.env[key];
  });

  it('names a missing required input', () => {
    expect(() => getRequiredInput('product')).toThrow(
      new UserError("Input 'product' is required: set it in the step's `with:`."),
    );
    setInput('product', ' web ');
    expect(getRequiredInput('product')).toBe('web');
  });

  it('reads an unset optional input as undefined', () => {
    expect(getOptionalInput('ref')).toBeUndefined();
    setInput('ref', 'hotfix/web-v1.0.1');
    expect(getOptionalInput('ref')).toBe('hotfix/web-v1.0.1');
  });

  it('accepts only YAML booleans and refuses anything else', () => {
    expect(getBooleanInput('dry-run')).toBe(false);
    expect(getBooleanInput('dry-run', true)).toBe(true);
    setInput('dry-run', 'True');
    expect(getBooleanInput('dry-run')).toBe(true);
    setInput('dry-run', 'FALSE');
    expect(getBooleanInput('dry-run', true)).toBe(false);
    setInput('dry-run', 'yes');
    expect(() => getBooleanInput('dry-run')).toThrow(
      "Input 'dry-run' must be true or false, not 'yes'.",
    );
  });

  it('lists the allowed values of an enum input', () => {
    expect(getEnumInput('build-number', ['increment', 'keep'], 'increment')).toBe('increment');
    setInput('build-number', 'keep');
    expect(getEnumInput('build-number', ['increment', 'keep'], 'increment')).toBe('keep');
    setInput('build-number', 'bump');
    expect(() => getEnumInput('build-number', ['increment', 'keep'], 'increment')).toThrow(
      "Input 'build-number' must be one of 'increment', 'keep', not 'bump'.",
    );
  });
});
