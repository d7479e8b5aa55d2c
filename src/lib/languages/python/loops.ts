/**
 * Loops over the items of an event list. `for item in event list: <body that may return>` reads as "if some item
 * makes the body return, the first such return, else what follows the loop": the body is followed once with the
 * item standing for one element (a marker path), and the condition under which it returns becomes an array scope.
 * `for item in list: if test: flag = value; break` sets the flag when some item passes the test.
 */
import type { Expr, Stmt } from './ast.ts';
import { FALSE, TRUE, cAnd, cNot, cOr, leafC, unknownC, unknownReasons, type C, type ComputedList } from './conditions.ts';
import type { Env, StatementRunner, XStmt } from './interpret.ts';
import { splitDerived, yieldsList } from './derived.ts';
import { anyElement, elementMarker } from './scopes.ts';
import { firstMatchLoop } from './first-match-loops.ts';
import { HIDDEN } from './statements.ts';
import { assignedNames, containsReturn, countName, hasBreak, walkStmts } from './statements.ts';
import { MUTATORS } from './mutators.ts';
import { equalConst, unknownSym, type ModuleEnv, type Sym } from './values.ts';

type For = Extract<Stmt, { t: 'for' }>;

/**
 * The event list a loop walks: its path, and what its variable holds for one element at a marker path. A
 * comprehension brings its own marker (its values read it) and the filter its elements pass.
 */
export interface ItemList {
  path: string[];
  element(marker: string): Sym;
  marker?: string;
  filter?: C;
  /** Set when the list is computed by the rule (`shlex.split(x)`); `path` is then its text, one segment. */
  computed?: ComputedList;
  /** The element's field the list is sorted by (`sorted(list, key=lambda x: x["n"])`), relative to the element. */
  orderedBy?: string;
}

/** What the loop body returns when it falls off its end: go on with the next item. */
export const NEXT: Sym = { k: 'unknown', reason: 'next item' };

/** The loop's value, `continue` when it only set variables, undefined when it is not of a shape read here. */
export function itemLoop(r: StatementRunner, s: For, list: ItemList, what: string, rest: XStmt[], env: Env, mod: ModuleEnv): Sym | 'continue' | undefined {
  if (s.vars.length !== 1) return undefined;
  const assigned = assignedNames(s.body);
  // A variable set by one iteration and read by the next (a counter) is not one element's business.
  const carried = assigned.filter((n) => (env.has(n) || mod.globals.has(n)) && n !== s.vars[0]);
  if (hasBreak(s.body)) return carried.length ? flagLoop(r, s, list, env, mod) : firstMatchLoop(r, s, list, what, rest, env, mod);
  if (!s.body.some(containsReturn) || carried.some((n) => readBeforeSet(s.body, n))) return undefined;
  const marker = list.marker ?? elementMarker();
  const inner = new Map(env);
  inner.set(s.vars[0], list.element(marker));
  const value = r.run([...s.body, { t: 'next' }], inner, mod);
  const after = new Map(env);
  for (const n of [...assigned, s.vars[0]]) after.set(n, unknownSym(`loop over ${what}`));
  const returns = cAnd(list.filter ?? TRUE, returnCondition(value));
  if (returns.type === 'false') return r.run(rest, after, mod);
  const some = anyElement(list.path, marker, returns, list.computed);
  if (!some) return undefined;
  const values = returned(r, value);
  if (values.every((v) => v.k === 'field' && v.path.length === 1 && v.path[0] === marker) && testsAKey(returns, marker)) {
    // `for d in list: if d.get("type") == X: return d`: the first matching item, which is not empty (it has the
    // key tested), so the loop's value is truthy exactly when some item matches; what the item holds is not said.
    const b = r.run(rest, after, mod);
    return { k: 'ite', c: some, a: unknownSym(`loop over ${what}: the first matching item`), b, truth: cOr(some, cAnd(cNot(some), r.truthy(b))) };
  }
  if (returnsOnlyWhenTruthy(r, values, returns)) {
    // `for x in list: v = f(x); if v: return v`: the first item's truthy value, so the loop's value is truthy
    // exactly when some item gives one; which value it is is not said.
    const b = r.run(rest, after, mod);
    return { k: 'ite', c: some, a: unknownSym(`loop over ${what}: the first truthy value`), b, truth: cOr(some, cAnd(cNot(some), r.truthy(b))) };
  }
  const first = values[0];
  let result: Sym;
  if (values.every((v) => v.k === 'const' && first.k === 'const' && equalConst(v.v, first.v))) result = first;
  else if (!values.every(isBoolean)) return undefined;
  else {
    // Items return different tests: the first item that returns decides, which no tree says. What it implies is
    // known: some item returns True (or, for a False result, some item returns False). Items returning other
    // values (fields of the item) are left to the reading of the item as the whole list (interpret.ts).
    const first = list.orderedBy ? firstReturnsTruthy(list, marker, returns, truthOf(r, value, true)) : undefined;
    const implies = anyElement(list.path, marker, cAnd(list.filter ?? TRUE, truthOf(r, value, true)), list.computed);
    const impliesNot = anyElement(list.path, marker, cAnd(list.filter ?? TRUE, truthOf(r, value, false)), list.computed);
    result = { k: 'cond', c: first ?? unknownC(`loop over ${what}: the first matching item decides`, { implies, impliesNot }) };
  }
  return { k: 'ite', c: some, a: result, b: r.run(rest, after, mod) };
}

/**
 * In a list walked in the order of a field of its items (`sorted(list, key=lambda x: x["n"])`), the first item that
 * makes the body return returns a truthy value: some item returns a truthy value and no item with a lower key
 * returns at all (the comparison reads the outer item through `^.`). Items with equal keys, which a stable sort
 * leaves in list order, are not told apart. Undefined when the test holds a part the tree cannot state.
 */
function firstReturnsTruthy(list: ItemList, marker: string, returns: C, truthy: C): C | undefined {
  // Unknown parts are matched by identity: two items' copies of one would read as the same condition.
  if (unknownReasons(returns).length || unknownReasons(truthy).length) return undefined;
  const other = elementMarker();
  const key = list.orderedBy!;
  const lower = leafC({ type: 'leaf', field: `${other}.${key}`, kind: 'lt', values: [], otherField: `${marker}.${key}`, caseSensitive: true });
  const earlier = anyElement(list.path, other, cAnd(renamed(returns, marker, other), lower), list.computed, true);
  return earlier && anyElement(list.path, marker, cAnd(list.filter ?? TRUE, truthy, cNot(earlier)), list.computed, true);
}

/** The condition read on another item: its marker's paths under the other marker. */
function renamed(c: C, from: string, to: string): C {
  const quoted = (m: string) => JSON.stringify(m).slice(1, -1);
  const pattern = new RegExp(`${quoted(from).replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}(?=[."])`, 'g');
  return JSON.parse(JSON.stringify(c).replace(pattern, quoted(to)));
}

/**
 * A loop over `a if c else b` where each branch is an event list or empty (a data model's field per log type,
 * `x.get("rules") or []`): the iterable is computed once, so the loop and what follows it read `if c: <loop over
 * a, then the rest> else <loop over b, then the rest>`. Each branch's list is bound to a hidden name the loop walks.
 */
export function branchedLoop(r: StatementRunner, s: For, iter: Sym, what: string, rest: XStmt[], env: Env, mod: ModuleEnv): Sym | undefined {
  if (iter.k !== 'ite' || !walksLists(r, iter)) return undefined;
  const hidden = `${HIDDEN}${what}`;
  const over = (branch: Sym): Sym => {
    // Iterating None raises a TypeError, and a list that could not be computed (a KeyError) raised before: no alert.
    const value = r.iterable(branch);
    if (value.k === 'error') return value;
    if (isNone(value)) return { k: 'error', reason: 'TypeError' };
    const inner = new Map(env);
    inner.set(hidden, branch);
    return r.run([{ ...s, iter: { t: 'name', id: hidden, line: s.line } }, ...rest], inner, mod);
  };
  return { k: 'ite', c: iter.c, a: over(iter.a), b: over(iter.b) };
}

/**
 * The same for an expression over such a list (`any(test(x) for x in a if c else b)`): `read` is given a name bound
 * to one branch's list, and the results are joined as `a-result if c else b-result`.
 */
export function perList(r: StatementRunner, iter: Sym, what: string, env: Env, read: (name: Extract<Expr, { t: 'name' }>, inner: Env) => Sym): Sym | undefined {
  if (iter.k !== 'ite' || r.itemList(iter) || !walksLists(r, iter)) return undefined;
  const name = { t: 'name', id: `${HIDDEN}${what}`, line: 0 } as const;
  const over = (branch: Sym): Sym => {
    const value = r.iterable(branch);
    if (value.k === 'error') return value;
    return isNone(value) ? { k: 'error', reason: 'TypeError' } : read(name, new Map(env).set(name.id, branch));
  };
  return { k: 'ite', c: iter.c, a: over(iter.a), b: over(iter.b) };
}

/**
 * any(list) / all(list) over an event list, a comprehension or constants kept under tests: some item is truthy /
 * no item is falsy.
 */
export function anyOrAll(r: StatementRunner, name: 'any' | 'all', list: Sym): Sym | undefined {
  if (list.k === 'kept') {
    const truths = list.items.map((item, i) => (name === 'any' ? cAnd(list.keeps[i], r.truthy(item)) : cOr(cNot(list.keeps[i]), r.truthy(item))));
    return { k: 'cond', c: name === 'any' ? cOr(...truths) : cAnd(...truths) };
  }
  const items = r.itemList(list);
  if (!items) return undefined;
  const marker = items.marker ?? elementMarker();
  const element = r.truthy(items.element(marker));
  const some = anyElement(items.path, marker, cAnd(items.filter ?? TRUE, name === 'any' ? element : cNot(element)));
  return some && { k: 'cond', c: name === 'any' ? some : cNot(some) };
}

const isNone = (s: Sym) => s.k === 'const' && s.v === null;

/** Every branch is an event list, a constant list or empty. */
function walksLists(r: StatementRunner, s: Sym): boolean {
  const value = r.iterable(s);
  if (value.k === 'ite') return walksLists(r, value.a) && walksLists(r, value.b);
  if (value.k === 'error') return true;
  // A list the rule computes (`x.split(".")`) is walked as a scope over it.
  if (value.k === 'split') return splitDerived(value) !== undefined;
  if (value.k === 'derived') return yieldsList(value);
  return value.k === 'const' ? value.v === null || typeof value.v === 'object' : value.k === 'seq' || r.itemList(value) !== undefined;
}

/**
 * `for x in list: if test(x): flag = True; break`: each variable the breaking branch sets becomes `value if some
 * item passes else before`. Statements around that `if` may compute the item's temporaries (before it) or set
 * other variables (after it, unknown once the loop is done), as long as the test reads none of those.
 */
function flagLoop(r: StatementRunner, s: For, list: ItemList, env: Env, mod: ModuleEnv): 'continue' | undefined {
  const at = s.body.findIndex((x) => x.t === 'if' && hasBreak([x]));
  const only = s.body[at];
  if (only?.t !== 'if' || only.branches.length !== 1 || only.orelse.length || s.body.some(containsReturn)) return undefined;
  const [before, after] = [s.body.slice(0, at), s.body.slice(at + 1)];
  const arm = only.branches[0].body;
  const last = arm.at(-1);
  const sets = arm.slice(0, -1).every((x) => x.t === 'assign' && x.targets.every((t) => t.t === 'name'));
  if (last?.t !== 'other' || last.kind !== 'BreakStatement' || !sets || hasBreak(after) || hasBreak(before)) return undefined;
  // The test must not read what an earlier item left behind.
  const laterSets = assignedNames(after).filter((n) => n !== s.vars[0]);
  if (laterSets.some((n) => countName(only.branches[0].test, n) > 0 || before.some((x) => readsName(x, n)))) return undefined;
  const marker = list.marker ?? elementMarker();
  const inner = new Map(env);
  inner.set(s.vars[0], list.element(marker));
  r.run(before, inner, mod);
  const some = anyElement(list.path, marker, cAnd(list.filter ?? TRUE, r.cond(only.branches[0].test, inner, mod)));
  if (!some) return undefined;
  const armEnv = new Map(inner);
  r.run(arm.slice(0, -1), armEnv, mod);
  const updates = new Map<string, Sym>();
  for (const n of assignedNames(arm)) {
    const value = armEnv.get(n)!;
    if (JSON.stringify(value, (_k, v) => (v instanceof Map ? undefined : v)).includes(marker)) return undefined;
    const prior = env.get(n) ?? mod.globals.get(n) ?? unknownSym(`unbound variable: ${n}`);
    updates.set(n, { k: 'ite', c: some, a: value, b: prior });
  }
  for (const n of [...assignedNames(before), ...laterSets, s.vars[0]]) env.set(n, unknownSym('loop over event values'));
  for (const [n, v] of updates) env.set(n, v);
  return 'continue';
}

const symText = (s: Sym) => JSON.stringify(s, (_k, v) => (v instanceof Map ? undefined : v));

/** The body returns one value (not a test), and only when it is truthy (`if v: return v`, under other tests). */
function returnsOnlyWhenTruthy(r: StatementRunner, values: Sym[], returns: C): boolean {
  const [first] = values;
  if (!first || isBoolean(first) || first.k === 'const' || !values.every((v) => symText(v) === symText(first))) return false;
  const truth = symText({ k: 'cond', c: r.truthy(first) });
  const conjuncts = returns.type === 'and' ? returns.cs : [returns];
  return conjuncts.some((c) => symText({ k: 'cond', c }) === truth);
}

const KEYED = new Set(['eq', 'in', 'contains', 'startswith', 'endswith', 'regex', 'wildcard', 'cidr', 'gt', 'gte', 'lt', 'lte', 'is_not_null']);

/** The test holds only when the element has one of its keys set (`d.get("type") == X`): the element is not empty. */
function testsAKey(c: C, marker: string): boolean {
  const conjuncts = c.type === 'and' ? c.cs : [c];
  return conjuncts.some((x) => x.type === 'leaf' && x.leaf.field.startsWith(`${marker}.`) && KEYED.has(x.leaf.kind) && x.leaf.values.every((v) => v !== null));
}

/** When the body's value is a return rather than the next item. */
function returnCondition(s: Sym): C {
  if (s === NEXT || s.k === 'error') return FALSE;
  if (s.k !== 'ite') return TRUE;
  if (s.c.type === 'true') return returnCondition(s.a);
  if (s.c.type === 'false') return returnCondition(s.b);
  return cOr(cAnd(s.c, returnCondition(s.a)), cAnd(cNot(s.c), returnCondition(s.b)));
}

/** The values the body returns (calls followed when they are constant). */
function returned(r: StatementRunner, s: Sym): Sym[] {
  if (s === NEXT || s.k === 'error') return [];
  if (s.k === 'ite') return [...returned(r, s.a), ...returned(r, s.b)];
  if (s.k === 'call') {
    const v = r.resolve(s);
    return v.k === 'const' ? [v] : [s];
  }
  return [s];
}

/** When the body returns a truthy value (or a falsy one). */
function truthOf(r: StatementRunner, s: Sym, truthy: boolean): C {
  if (s === NEXT || s.k === 'error') return FALSE;
  if (s.k === 'ite') return cOr(cAnd(s.c, truthOf(r, s.a, truthy)), cAnd(cNot(s.c), truthOf(r, s.b, truthy)));
  const t = r.truthy(s);
  return truthy ? t : cNot(t);
}

/** A value that is True or False (a test), whose truth is all there is to it. */
const isBoolean = (v: Sym) => v.k === 'cond' || (v.k === 'const' && typeof v.v === 'boolean');

/** Whether the body reads the name before it sets it outright (`x = f(item)` first: no earlier item's x is read). */
function readBeforeSet(body: Stmt[], name: string): boolean {
  for (const st of body) {
    if (readsName(st, name)) return true;
    if (st.t === 'assign' && st.targets.some((t) => t.t === 'name' && t.id === name)) return false;
  }
  return false;
}

/** Whether a statement reads the name (setting it, `name = ...`, is no read: an earlier item's value is lost). */
function readsName(s: Stmt, name: string): boolean {
  if (s.t === 'assign') return countName(s.value, name) > 0 || s.targets.some((t) => t.t !== 'name' && countName(t, name) > 0);
  if (s.t === 'if') return s.branches.some((b) => countName(b.test, name) > 0 || b.body.some((x) => readsName(x, name))) || s.orelse.some((x) => readsName(x, name));
  if (s.t === 'with') return s.body.some((x) => readsName(x, name));
  return countName(s as never, name) > 0;
}

/**
 * A loop with no return or break whose body, read once for any element, changes none of the variables it shares
 * with the code around it (its assignments sit under a test no element passes, as over an exception table left
 * empty): those keep their values; the loop's own variable and temporaries are unknown after it.
 */
export function unchangingLoop(r: StatementRunner, s: For, list: ItemList, env: Env, mod: ModuleEnv): boolean {
  if (s.vars.length !== 1 || hasBreak(s.body) || s.body.some(containsReturn)) return false;
  const assigned = assignedNames(s.body);
  const carried = assigned.filter((n) => (env.has(n) || mod.globals.has(n)) && n !== s.vars[0]);
  // d[k] = v and d.append(v) change d in ways the reading does not always record: only plain names are compared.
  if (!carried.length || carried.some((n) => containerWrites(s.body).includes(n))) return false;
  const inner = new Map(env);
  inner.set(s.vars[0], list.element(list.marker ?? elementMarker()));
  r.run([...s.body, { t: 'next' }], inner, mod);
  if (!carried.every((n) => inner.get(n) === env.get(n))) return false;
  for (const n of [...assigned.filter((x) => !carried.includes(x)), s.vars[0]]) env.set(n, unknownSym('loop over event values'));
  return true;
}

/** Names written into (`d[k] = v`, `o.a = v`, `d.update(...)`) rather than bound. */
function containerWrites(stmts: Stmt[]): string[] {
  const out: string[] = [];
  walkStmts(stmts, (x) => {
    if (x.t === 'assign') for (const t of x.targets) if ((t.t === 'index' || t.t === 'attr') && t.obj.t === 'name') out.push(t.obj.id);
    if (x.t === 'augassign' && x.target.t !== 'name' && (x.target.t === 'index' || x.target.t === 'attr') && x.target.obj.t === 'name') out.push(x.target.obj.id);
    if (x.t === 'expr' && x.value.t === 'call' && x.value.fn.t === 'attr' && x.value.fn.obj.t === 'name' && MUTATORS.has(x.value.fn.name)) out.push(x.value.fn.obj.id);
    return false;
  });
  return out;
}
