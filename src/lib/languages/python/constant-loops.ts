/**
 * Loops over long constant lists (IOC lists of hundreds of domains) that only test each item:
 * `for d in DOMAINS: if test(d): return V` is `V if any(test(d) for d in DOMAINS) else <what follows>`, read
 * without unrolling the loop into hundreds of copies of what follows it.
 */
import type { Stmt } from './ast.ts';
import { FALSE, cAnd, cOr, type C } from './conditions.ts';
import type { Env, StatementRunner, XStmt } from './interpret.ts';
import { countName } from './statements.ts';
import { constSym, unknownSym, type ModuleEnv, type Sym } from './values.ts';

type For = Extract<Stmt, { t: 'for' }>;

/** The loop's value, undefined when its body is not one `if test(item): return <value not read from the item>`. */
export function constantTestLoop(r: StatementRunner, s: For, items: Sym[], what: string, rest: XStmt[], env: Env, mod: ModuleEnv): Sym | undefined {
  const [only] = s.body;
  if (s.vars.length !== 1 || s.body.length !== 1 || only.t !== 'if' || only.branches.length !== 1 || only.orelse.length) return undefined;
  const [{ test, body }] = only.branches;
  const [ret] = body;
  if (body.length !== 1 || ret.t !== 'return' || (ret.value && countName(ret.value, s.vars[0]) > 0)) return undefined;
  if (countName(test, s.vars[0]) === 0 || hasWalrus(test)) return undefined;
  const tests = items.map((item) => r.cond(test, new Map(env).set(s.vars[0], item), mod));
  const after = new Map(env).set(s.vars[0], unknownSym(`loop over ${what}`));
  return { k: 'ite', c: anyOf(tests), a: ret.value ? r.ev(ret.value, env, mod) : constSym(null), b: r.run(rest, after, mod) };
}

function hasWalrus(e: unknown): boolean {
  return JSON.stringify(e).includes('"t":"walrus"');
}

/**
 * `test(item1) or test(item2) or ...`, factored: when every item's test has the same shape (the same alternatives,
 * each with the same conjuncts but for the item's own comparison, as a data model's field per log type gives),
 * `(G and A1) or (G and A2)` reads `G and (A1 or A2)`, where the items' comparisons merge into one leaf.
 */
export function anyOf(tests: C[]): C {
  const live = tests.filter((t) => t.type !== 'false');
  if (live.length < 2) return cOr(...live);
  const shapes = live.map((t) => (t.type === 'or' ? t.cs : [t]).map((d) => (d.type === 'and' ? d.cs : [d])));
  const [first] = shapes;
  const same = shapes.every((sh) => sh.length === first.length && sh.every((d, j) => d.length === first[j].length));
  if (!same) return cOr(...live);
  const key = (c: C) => JSON.stringify(c);
  const alternatives = first.map((conjuncts, j) => {
    const varying = conjuncts.map((c, k) => shapes.some((sh) => key(sh[j][k]) !== key(c)));
    const fixed = conjuncts.filter((_c, k) => !varying[k]);
    return cAnd(...fixed, cOr(...shapes.map((sh) => cAnd(...sh[j].filter((_c, k) => varying[k])))));
  });
  return alternatives.length ? cOr(...alternatives) : FALSE;
}
