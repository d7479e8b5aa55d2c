/**
 * Dicts built from an event list of key/value items (Panther's key_value_list_to_dict(list, "Key", "Value"),
 * `{item[key]: item[value] for item in list}`): `d.get("roles", "")` is the value of the item whose key is "roles",
 * else the default. A value of one item (`pick`) is tested inside a scope over the list: "some item whose Key is
 * roles has a Value that ...". Item lists carry each key once; where one repeats, the dict keeps the last item's
 * value, and the scope reads any of them.
 */
import { cAnd, unknownC, type C } from './conditions.ts';
import { fieldLeaf } from './compare.ts';
import { anyElement, elementMarker } from './scopes.ts';
import { isScalar, unknownSym, type Sym } from './values.ts';

type Keyed = Extract<Sym, { k: 'keyed' }>;
type Pick = Extract<Sym, { k: 'pick' }>;

/** key_value_list_to_dict(list, key, value) over an event list, with constant key and value names. */
export function keyedList([list, key, value]: Sym[]): Sym {
  const names = [key, value].map((k) => (k?.k === 'const' && typeof k.v === 'string' ? k.v : undefined));
  if (list?.k !== 'field' || !list.path.length || list.list || list.view || list.text || !names[0] || !names[1]) return unknownSym('key_value_list_to_dict');
  return { k: 'keyed', list: list.path, key: names[0], value: names[1] };
}

/** d.get(k, default) / d[k]: the value of the item whose key is k where there is one, else the default. */
export function keyedListGet(d: Keyed, key: Sym, def: Sym): Sym {
  if (key.k !== 'const' || !isScalar(key.v) || key.v === null) return unknownSym('computed key');
  const marker = elementMarker();
  const filter = fieldLeaf({ k: 'field', path: [marker, d.key] }, 'eq', [key.v]);
  const has = anyElement(d.list, marker, filter);
  if (!has) return unknownSym('key of a key/value list');
  const pick: Pick = { k: 'pick', list: d.list, marker, filter, elt: { k: 'field', path: [marker, d.value] } };
  return { k: 'ite', c: has, a: pick, b: def };
}

/** A test of one item's value: some item with that key passes it. */
export function pickTest(p: Pick, test: (v: Sym) => C): C {
  return anyElement(p.list, p.marker, cAnd(p.filter, test(p.elt))) ?? unknownC('value of a key/value list');
}

/** An operation on one item's value (a method, str(), set()...) is one on that item's value. */
export function pickMap(p: Pick, op: (v: Sym) => Sym): Sym {
  const elt = op(p.elt);
  return elt.k === 'unknown' || elt.k === 'error' ? elt : { ...p, elt };
}
