// examples/hotfix.yml, the documented configuration for the process's monorepo: valid by the JSON
// Schema that ships in schema/, accepted by the actions' own loader, and naming the products the
// Start hotfix form offers.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from '@jest/globals';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { parseConfig } from '../../src/domain/config.js';
import { loadTemplate, projectRoot, triggerConfig } from '../../sandbox/templates/templates.js';

const text = readFileSync(`${projectRoot}/examples/hotfix.yml`, 'utf8');
const schema = JSON.parse(
  readFileSync(`${projectRoot}/schema/hotfix.schema.json`, 'utf8'),
) as object;

describe('examples/hotfix.yml', () => {
  test('is valid by schema/hotfix.schema.json', () => {
    const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
    ajv.addKeyword('x-message');
    const validate = ajv.compile(schema);
    const valid = validate(parse(text));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  test("is accepted by the actions' loader, with every product deployable and monitored", () => {
    const config = parseConfig('.github/hotfix.yml', text);
    const products = Object.values(config.products);
    expect(products).toHaveLength(5);
    for (const product of products) {
      expect(product.versionFiles.length).toBeGreaterThan(0);
      expect(product.changelog).toMatch(/CHANGELOG\.md$/);
      expect(product.deploy).toMatch(/^\.\/scripts\/deploy-/);
      expect(product.monitor?.duration).toBe('2h');
    }
  });

  test('names the products the Start hotfix form offers', () => {
    const form = triggerConfig(loadTemplate('hotfix-start').workflow, 'workflow_dispatch') as {
      inputs: { product: { options: string[] } };
    };
    expect(Object.keys((parse(text) as { products: object }).products)).toEqual(
      form.inputs.product.options,
    );
  });
});
