/** The project's JSON Schemas compiled with ajv (draft 2020-12), shared by the unit, corpus and schema tests. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { PROJECT_ROOT } from '../src/lib/sources.ts';

const read = (name: string) => JSON.parse(readFileSync(join(PROJECT_ROOT, 'schemas', name), 'utf8'));

function compile() {
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  ajv.addSchema(read('rule-logic.schema.json'));
  ajv.addSchema(read('rule.schema.json'));
  ajv.addSchema(read('navigator-layer-4.5.schema.json'));
  return {
    rule: ajv.getSchema('https://rulecat.example/schemas/rule.schema.json')!,
    logic: ajv.getSchema('https://rulecat.example/schemas/rule-logic.schema.json')!,
    layer: ajv.getSchema('https://rulecat.example/schemas/navigator-layer-4.5.schema.json')!,
    errors: (v: { errors?: unknown[] | null }) => JSON.stringify(v.errors?.slice(0, 3)),
  };
}

let compiled: ReturnType<typeof compile> | undefined;
export function schemas() {
  return (compiled ??= compile());
}
