/**
 * A comprehension over an event list (`[x["id"] for x in targets if x["type"] == "User"]`, panther_base_helpers'
 * get_val_from_list) as a computed list: `where` and `pluck` steps. Used where a scope cannot say the test because
 * it compares an element with a value outside the element (`actor not in get_val_from_list(targets, ...)`).
 */
import type { DeriveStep } from '../../logic/derive.ts';
import type { C } from './conditions.ts';
import type { Derived } from './derived.ts';
import type { Sym } from './values.ts';

type MapSym = Extract<Sym, { k: 'map' }>;
type Field = Extract<Sym, { k: 'field' }>;

/** The element's member a path names (`[marker, "id"]` → "id"); undefined for the element itself or a deeper path. */
function memberOf(path: string[], marker: string): string | undefined {
  return path.length === 2 && path[0] === marker ? path[1] : undefined;
}

/** The filter as `where` steps: a conjunction of `element[key] == constant` tests (or none). */
function whereSteps(filter: C, marker: string): DeriveStep[] | undefined {
  if (filter.type === 'true') return [];
  const tests = filter.type === 'and' ? filter.cs : [filter];
  const steps: DeriveStep[] = [];
  for (const t of tests) {
    if (t.type !== 'leaf') return undefined;
    const l = t.leaf;
    const key = memberOf(l.field.split('.'), marker);
    if (!key || l.kind !== 'eq' || l.values.length !== 1 || l.caseSensitive !== true || l.derive || l.otherField !== undefined || l.computed) return undefined;
    steps.push({ fn: 'where', args: [key, l.values[0]] });
  }
  return steps;
}

/** The comprehension as a computed list of one member of the elements that pass its filter; undefined otherwise. */
export function mappedList(m: MapSym): Derived | undefined {
  if (m.elt.k !== 'field' || m.elt.lower || m.elt.def !== undefined) return undefined;
  const key = memberOf(m.elt.path, m.marker);
  const where = whereSteps(m.filter, m.marker);
  if (!key || !where || !m.list.length) return undefined;
  const list = m.list.join('.');
  const tests = where.map((s) => `x[${JSON.stringify(s.args![0])}] == ${JSON.stringify(s.args![1])}`);
  const text = `[x.get(${JSON.stringify(key)}) for x in ${list}${tests.length ? ` if ${tests.join(' and ')}` : ''}]`;
  const from: Field = { k: 'field', path: m.list };
  return { k: 'derived', from, steps: [...where, { fn: 'pluck', args: [key] }], text, fns: ['comprehension'] };
}
