/** Values read through json.loads(): their paths read into the parsed text; their truth is the parsed value's. */
import type { C } from './conditions.ts';
import { derivedOf, derivedTruth, withStep } from './derived.ts';
import type { Sym } from './values.ts';

/** `if json.loads(x):` is false for `"[]"`, `"{}"`, `"0"`, `"null"`: the parsed value's Python truth. */
export function jsonTruth(f: Extract<Sym, { k: 'field' }>): C | undefined {
  const d = derivedOf({ ...f, json: undefined });
  return d && derivedTruth(withStep(d, { fn: 'json_parse' }, `json.loads(${d.text})`, 'json.loads'));
}
