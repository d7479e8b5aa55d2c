/**
 * Loops that read the item after the current one: "the token after a flag".
 *
 *     for i, arg in enumerate(tokens):
 *         if arg.lower() in FLAGS:
 *             j = i + 1
 *             while j < len(tokens) and tokens[j] == "":   # optional: skip empty tokens
 *                 j += 1
 *             if j < len(tokens):
 *                 <body reading tokens[j]>
 *
 * reads as a scope over the list's `next_pairs` (each item with the next one that is not skipped): some pair
 * whose first item passes the test and whose second makes the body return. Any other use of the positions
 * (i, j) leaves the loop to the general reading.
 */
import type { Expr, PyConst, Stmt } from './ast.ts';
import { asDerived, computedList, derivedOf, withStep, yieldsList } from './derived.ts';
import type { Env, StatementRunner, XStmt } from './interpret.ts';
import { itemLoop } from './loops.ts';
import { elementMarker } from './scopes.ts';
import { countName, HIDDEN, loopName } from './statements.ts';
import type { ModuleEnv, Sym } from './values.ts';

type For = Extract<Stmt, { t: 'for' }>;

/** The name the body's `tokens[j]` is rewritten to. */
const NEXT_ITEM = `${HIDDEN}next item`;

const isName = (e: Expr | undefined, id: string) => e?.t === 'name' && e.id === id;
const isOne = (e: Expr) => e.t === 'const' && e.v === 1;
/** `j < len(L)` */
const withinList = (e: Expr, j: string, list: string) =>
  e.t === 'compare' && e.op === '<' && isName(e.left, j) && e.right.t === 'call' && isName(e.right.fn, 'len') && e.right.args.length === 1 && isName(e.right.args[0], list);
/** `L[j]` */
const itemAt = (e: Expr, list: string, j: string) => e.t === 'index' && isName(e.obj, list) && isName(e.index, j);

interface NextItemArm {
  j: string;
  skip?: PyConst;
  body: Stmt[];
}

/** `while j < len(L) and L[j] == C: j += 1`: the skipped constant C. */
function skipped(s: Stmt | undefined, j: string, list: string): { skip: PyConst } | undefined {
  if (s?.t !== 'other' || !s.loop) return undefined;
  const { test, body } = s.loop;
  const [step] = body;
  if (body.length !== 1 || step.t !== 'augassign' || !isName(step.target, j) || step.op !== '+' || !isOne(step.value)) return undefined;
  if (test.t !== 'bool' || test.op !== 'and' || !withinList(test.left, j, list)) return undefined;
  const eq = test.right;
  return eq.t === 'compare' && eq.op === '==' && itemAt(eq.left, list, j) && eq.right.t === 'const' ? { skip: eq.right.v } : undefined;
}

/** `j = i + 1; [skip loop]; if j < len(L): body`, nothing else. */
function nextItemArm(arm: Stmt[], i: string, list: string): NextItemArm | undefined {
  const [init, ...more] = arm;
  if (init?.t !== 'assign' || init.targets.length !== 1 || init.targets[0].t !== 'name') return undefined;
  const v = init.value;
  if (v.t !== 'binop' || v.op !== '+' || !isName(v.left, i) || !isOne(v.right)) return undefined;
  const j = init.targets[0].id;
  const skip = skipped(more[0], j, list);
  const rest = skip ? more.slice(1) : more;
  const [guard] = rest;
  if (rest.length !== 1 || guard.t !== 'if' || guard.branches.length !== 1 || guard.orelse.length || !withinList(guard.branches[0].test, j, list)) return undefined;
  return { j, ...skip, body: guard.branches[0].body };
}

/** The statements with every `L[j]` read as the next item. */
function withNextItem<T>(x: T, list: string, j: string): T {
  if (Array.isArray(x)) return x.map((y) => withNextItem(y, list, j)) as T;
  if (!x || typeof x !== 'object') return x;
  if (itemAt(x as unknown as Expr, list, j)) return { t: 'name', id: NEXT_ITEM, line: 0 } as T;
  return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, withNextItem(v, list, j)])) as T;
}

/** The loop read as a scope over the list's next pairs; undefined when it is not of the shape above. */
export function neighbourLoop(r: StatementRunner, s: For, rest: XStmt[], env: Env, mod: ModuleEnv): Sym | undefined {
  const iter = s.iter;
  if (s.vars.length !== 2 || iter.t !== 'call' || !isName(iter.fn, 'enumerate') || iter.args.length !== 1 || Object.keys(iter.kwargs).length) return undefined;
  const [listExpr] = iter.args;
  const [only] = s.body;
  if (listExpr.t !== 'name' || s.body.length !== 1 || only.t !== 'if' || only.branches.length !== 1 || only.orelse.length) return undefined;
  const [i, item] = s.vars;
  const { test, body: arm } = only.branches[0];
  const next = countName(test, i) === 0 ? nextItemArm(arm, i, listExpr.id) : undefined;
  if (!next) return undefined;
  const body = withNextItem(next.body, listExpr.id, next.j);
  // The body may read neither position, nor set the list it walks.
  if (countName(body as never, i) || countName(body as never, next.j) || countName(body as never, listExpr.id)) return undefined;
  const listed = r.iterable(r.ev(listExpr, env, mod));
  const d = asDerived(listed);
  if (!d || (d.steps.length > 0 && !yieldsList(d))) return undefined;
  const skip = next.skip === undefined ? '' : `, skip=${JSON.stringify(next.skip)}`;
  const pairs = withStep(d, { fn: 'next_pairs', args: next.skip === undefined ? [] : [next.skip] }, `next_pairs(${d.text}${skip})`, 'enumerate');
  const marker = elementMarker();
  const pair = derivedOf({ k: 'field', path: [marker] })!;
  const binds: XStmt[] = [
    { t: 'bind', names: [item], value: withStep(pair, { fn: 'index', args: [0] }, `${pair.text}[0]`) },
    { t: 'bind', names: [NEXT_ITEM], value: withStep(pair, { fn: 'index', args: [1] }, `${pair.text}[1]`) },
  ];
  const loop = { ...s, vars: [`${HIDDEN}pair`], body: [...binds, { t: 'if', branches: [{ test, body }], orelse: [], line: only.line }] } as For;
  const { field, list } = computedList(pairs);
  const out = itemLoop(r, loop, { path: [field], computed: list, marker, element: () => ({ k: 'field', path: [marker] }) }, loopName(s.iter), rest, env, mod);
  return out === 'continue' ? undefined : out;
}
