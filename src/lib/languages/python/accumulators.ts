/**
 * Lists collected in a loop: `found = []` then `for x in event list: ... found.append(v)` (or `.extend(v)`,
 * `.add(v)`) under tests of the item. What a rule then asks of `found` is mostly whether it is empty; `found` is
 * read as a comprehension over the list (collections.ts) whose filter is "this item adds something", so its truth
 * is "some item adds something". What it holds is left unknown (an extend adds several values).
 */
import type { Expr, Stmt } from './ast.ts';
import { TRUE, cAnd } from './conditions.ts';
import type { Env, StatementRunner } from './interpret.ts';
import type { ItemList } from './loops.ts';
import { elementMarker } from './scopes.ts';
import { HIDDEN, assignedNames, countName, hasBreak, walkStmts } from './statements.ts';
import { constSym, isSeq, unknownSym, type ModuleEnv, type Sym } from './values.ts';

type For = Extract<Stmt, { t: 'for' }>;
const ADDERS = new Set(['append', 'extend', 'add']);

/** The list a statement adds to (`found.append(v)`), with what it adds. */
function addition(s: Stmt): { list: string; how: string; arg: Expr } | undefined {
  if (s.t !== 'expr' || s.value.t !== 'call') return undefined;
  const { fn, args } = s.value;
  if (fn.t !== 'attr' || fn.obj.t !== 'name' || !ADDERS.has(fn.name) || args.length !== 1) return undefined;
  return { list: fn.obj.id, how: fn.name, arg: args[0] };
}

const isEmptyList = (s: Sym | undefined) => s?.k === 'const' && isSeq(s.v) && s.v.seq.length === 0;
const flagOf = (list: string) => `${HIDDEN}added:${list}`;

/** `found.append(v)` becomes `flag = True`; `found.extend(v)` adds only when v is not empty: `if v: flag = True`. */
function markAdditions(stmts: Stmt[], lists: Set<string>): Stmt[] {
  return stmts.map((s): Stmt => {
    const add = addition(s);
    if (add && lists.has(add.list)) {
      const line = (s as { line: number }).line;
      const set: Stmt = { t: 'assign', targets: [{ t: 'name', id: flagOf(add.list), line }], value: { t: 'const', v: true }, line };
      return add.how === 'extend' ? { t: 'if', branches: [{ test: add.arg, body: [set] }], orelse: [], line } : set;
    }
    if (s.t === 'if') return { ...s, branches: s.branches.map((b) => ({ ...b, body: markAdditions(b.body, lists) })), orelse: markAdditions(s.orelse, lists) };
    if (s.t === 'with') return { ...s, body: markAdditions(s.body, lists) };
    return s;
  });
}

/**
 * Reads the loop when it only adds to lists that start empty, besides its own temporaries: each such list becomes a
 * comprehension over the items that add to it. False when the loop is not of that shape (env is then untouched).
 */
export function collectingLoop(r: StatementRunner, s: For, list: ItemList, what: string, env: Env, mod: ModuleEnv): boolean {
  if (s.vars.length !== 1 || hasBreak(s.body) || walkStmts(s.body, (x) => x.t === 'return' || x.t === 'for' || x.t === 'try')) return false;
  const adds: { list: string; how: string; arg: Expr }[] = [];
  walkStmts(s.body, (x) => {
    const add = addition(x);
    if (add) adds.push(add);
    return false;
  });
  const lists = new Set(adds.map((a) => a.list).filter((n) => isEmptyList(env.get(n))));
  if (lists.size === 0 || adds.some((a) => !lists.has(a.list) && (env.has(a.list) || mod.globals.has(a.list)))) return false;
  // The lists are read only by the additions, and the loop sets nothing else that outlives one item.
  if ([...lists].some((n) => countName(s.body as never, n) !== adds.filter((a) => a.list === n).length)) return false;
  if (adds.some((a) => countName(a.arg, a.list) > 0)) return false;
  const others = assignedNames(s.body).filter((n) => !lists.has(n) && n !== s.vars[0]);
  if (others.some((n) => env.has(n) || mod.globals.has(n))) return false;
  const marker = list.marker ?? elementMarker();
  const inner = new Map(env);
  inner.set(s.vars[0], list.element(marker));
  for (const n of lists) inner.set(flagOf(n), constSym(false));
  r.run(markAdditions(s.body, lists), inner, mod);
  for (const n of lists) {
    const added = r.truthy(inner.get(flagOf(n))!);
    env.set(n, { k: 'map', list: list.path, marker, elt: unknownSym(`items collected in a loop over ${what}`), filter: cAnd(list.filter ?? TRUE, added) });
  }
  for (const n of [...others, s.vars[0]]) env.set(n, unknownSym(`loop over ${what}`));
  return true;
}
