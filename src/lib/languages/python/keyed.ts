/**
 * A dict filled by a loop over an event list, one entry per item (`for a in auths: d[a.get("permission")] =
 * a.get("granted")`): a later item with the same key replaces an earlier one, so `d.get(k)` is the value of the last
 * item whose key is k, a computed value (`where`, `index -1`, `get` steps) the evaluator runs.
 */
import type { Stmt } from './ast.ts';
import type { Env, StatementRunner } from './interpret.ts';
import type { ItemList } from './loops.ts';
import { elementMarker } from './scopes.ts';
import { isDict, unknownSym, type ModuleEnv, type PyVal, type Sym } from './values.ts';
import type { Derived } from './derived.ts';

type For = Extract<Stmt, { t: 'for' }>;
type KeyedDict = Extract<Sym, { k: 'dict' }> & { keyed: { list: string[]; key: string; value: string } };

/** The element's member a value reads (`a.get("permission")`, `a["granted"]`), plain: no default, no lower(). */
function member(s: Sym, marker: string): string | undefined {
  return s.k === 'field' && s.path.length === 2 && s.path[0] === marker && s.def === undefined && !s.lower && !s.text && !s.list && !s.view ? s.path[1] : undefined;
}

/** `d = {}` then `for x in list: d[x.k] = x.v`: d becomes a keyed dict; false when the loop is not that. */
export function keyedLoop(r: StatementRunner, s: For, list: ItemList, env: Env, mod: ModuleEnv): boolean {
  const [only] = s.body;
  if (s.vars.length !== 1 || s.body.length !== 1 || only.t !== 'assign' || only.targets.length !== 1 || list.filter || list.computed) return false;
  const target = only.targets[0];
  if (target.t !== 'index' || target.obj.t !== 'name') return false;
  const before = env.get(target.obj.id);
  const empty = before?.k === 'const' ? isDict(before.v) && before.v.dict.length === 0 : before?.k === 'dict' && !before.entries.length && !before.open && !before.keyed;
  if (!empty) return false;
  const marker = list.marker ?? elementMarker();
  const inner = new Map(env).set(s.vars[0], list.element(marker));
  const key = member(r.ev(target.index, inner, mod), marker);
  const value = member(r.ev(only.value, inner, mod), marker);
  if (!key || !value) return false;
  env.set(target.obj.id, { k: 'dict', entries: [], keyed: { list: list.path, key, value } });
  env.set(s.vars[0], unknownSym('loop over event values'));
  return true;
}

export const isKeyed = (s: Sym): s is KeyedDict => s.k === 'dict' && s.keyed !== undefined;

/** `d.get(k)` / `d[k]` of a keyed dict: the value of the last item whose key is k (None when no item has it). */
export function keyedGet(d: KeyedDict, key: PyVal, def: Sym | undefined): Sym {
  if (def && !(def.k === 'const' && def.v === null)) return unknownSym('dict built in a loop');
  const { list, key: k, value } = d.keyed;
  const path = list.join('.');
  const text = `{x.get(${JSON.stringify(k)}): x.get(${JSON.stringify(value)}) for x in ${path}}.get(${JSON.stringify(key)})`;
  const derived: Derived = {
    k: 'derived',
    from: { k: 'field', path: list },
    steps: [{ fn: 'where', args: [k, key as string | number | boolean] }, { fn: 'index', args: [-1] }, { fn: 'get', args: [value] }],
    text,
    fns: ['dict'],
  };
  return derived;
}
