/**
 * Loops that raise flags: `found = False` then `for x in event list: if test(x): found = True` (no break, no
 * return). A flag ends True when some item passes its test, an array scope. A test that reads a flag the loop raises
 * (`if x == "-" and cf_seen:`) or the item's position (`for i, x in enumerate(list)`) depends on the order of the
 * items, which no scope says: the flag is then unknown, named, and known to imply that some item passes the test
 * with the flags it reads at their final values (flags only go from False to True).
 */
import type { Expr, Stmt } from './ast.ts';
import { TRUE, cAnd, cOr, unknownC, type C } from './conditions.ts';
import type { Env, StatementRunner } from './interpret.ts';
import type { ItemList } from './loops.ts';
import { anyElement, elementMarker } from './scopes.ts';
import { HIDDEN, assignedNames, countName, hasBreak, walkStmts } from './statements.ts';
import { constSym, unknownSym, type ModuleEnv } from './values.ts';

type For = Extract<Stmt, { t: 'for' }>;
type If = Extract<Stmt, { t: 'if' }>;

/** The position an item has in `enumerate(list)`: not a value of the event. */
export const POSITION = `${HIDDEN}position`;

const isTrue = (e: Expr) => e.t === 'const' && e.v === true;

/** `if test: a = True; b = True` (one branch, only flags raised). */
function raises(s: Stmt): If | undefined {
  if (s.t !== 'if' || s.branches.length !== 1 || s.orelse.length) return undefined;
  const ok = s.branches[0].body.every((x) => x.t === 'assign' && isTrue(x.value) && x.targets.every((t) => t.t === 'name'));
  return ok ? s : undefined;
}

function andTerms(e: Expr): Expr[] {
  return e.t === 'bool' && e.op === 'and' ? [...andTerms(e.left), ...andTerms(e.right)] : [e];
}

function hasUnknown(c: C): boolean {
  if (c.type === 'unknown') return true;
  if (c.type === 'and' || c.type === 'or') return c.cs.some(hasUnknown);
  if (c.type === 'not') return hasUnknown(c.c);
  return false;
}

/**
 * Reads the loop when its body computes the item's temporaries and then only raises flags that start False; the
 * flags are set in env. False when the loop is not of that shape (env is then untouched).
 */
export function flagsLoop(r: StatementRunner, s: For, list: ItemList, what: string, env: Env, mod: ModuleEnv): boolean {
  if (s.vars.length !== 1 || hasBreak(s.body) || walkStmts(s.body, (x) => x.t === 'return' || x.t === 'for' || x.t === 'try' || x.t === 'with')) return false;
  const first = s.body.findIndex((x) => x.t === 'if');
  if (first < 0) return false;
  const [before, tests] = [s.body.slice(0, first), s.body.slice(first).map(raises)];
  if (tests.some((t) => !t) || before.some((x) => x.t !== 'assign' || !x.targets.every((t) => t.t === 'name'))) return false;
  const flags = [...new Set(assignedNames(s.body.slice(first)))];
  if (!flags.every((n) => { const v = env.get(n); return v?.k === 'const' && v.v === false; })) return false;
  // The item's temporaries are its own: names no one had before the loop, not flags.
  const temporaries = assignedNames(before);
  if (temporaries.some((n) => flags.includes(n) || (n !== POSITION && (env.has(n) || mod.globals.has(n))))) return false;

  const marker = list.marker ?? elementMarker();
  const inner = new Map(env);
  inner.set(s.vars[0], list.element(marker));
  r.run(before, inner, mod);
  const final = new Map<string, C>();
  for (const t of tests as If[]) {
    const { test, body } = t.branches[0];
    // A flag the test reads is one of its `and` terms (so raising it only ever lets the test pass), raised before.
    const terms = andTerms(test);
    const read = flags.filter((n) => countName(test, n) > 0);
    if (read.some((n) => !final.has(n) || !terms.some((e) => e.t === 'name' && e.id === n) || terms.filter((e) => e.t !== 'name').some((e) => countName(e, n) > 0))) return false;
    const scoped = new Map(inner);
    for (const n of read) scoped.set(n, constSym(true));
    const passes = r.cond(test, scoped, mod);
    const some = anyElement(list.path, marker, cAnd(list.filter ?? TRUE, passes), list.computed);
    if (!some) return false;
    const raised = read.length || hasUnknown(passes) ? unknownC(`loop over ${what}: the order of items`, { implies: cAnd(some, ...read.map((n) => final.get(n)!)) }) : some;
    for (const n of assignedNames(body)) final.set(n, final.has(n) ? cOr(final.get(n)!, raised) : raised);
  }
  for (const [n, c] of final) env.set(n, { k: 'cond', c });
  for (const n of [...temporaries, s.vars[0]]) env.set(n, unknownSym(`loop over ${what}`));
  return true;
}

/** `for i, x in enumerate(list)`: a loop over the list whose body first binds i to the item's (unknown) position. */
export function withoutEnumerate(s: For, env: Env): For {
  const it = s.iter;
  if (s.vars.length !== 2 || it.t !== 'call' || it.fn.t !== 'name' || it.fn.id !== 'enumerate' || it.args.length !== 1 || Object.keys(it.kwargs).length) return s;
  env.set(POSITION, unknownSym('position of an item in the list'));
  const line = s.line;
  const bindIndex: Stmt = { t: 'assign', targets: [{ t: 'name', id: s.vars[0], line }], value: { t: 'name', id: POSITION, line }, line };
  return { ...s, vars: [s.vars[1]], iter: it.args[0], body: [bindIndex, ...s.body] };
}

