/**
 * `for item in list: if test(item): <body>; break` where the body may return: the first item that passes the test
 * decides, by what its body returns or, falling through to the break, by what follows the loop. No tree says
 * "the first such element"; what it implies is said: when the loop alerts, some item passes the test and makes
 * the body (then what follows) alert, and when it does not, some item passes the test and does not. Without any
 * such item the loop is what follows it.
 */
import type { Stmt } from './ast.ts';
import { TRUE, cAnd, cNot, unknownC } from './conditions.ts';
import type { Env, StatementRunner, XStmt } from './interpret.ts';
import type { ItemList } from './loops.ts';
import { anyElement, elementMarker } from './scopes.ts';
import { assignedNames, containsReturn, hasBreak } from './statements.ts';
import { unknownSym, type ModuleEnv, type Sym } from './values.ts';

type For = Extract<Stmt, { t: 'for' }>;

export function firstMatchLoop(r: StatementRunner, s: For, list: ItemList, what: string, rest: XStmt[], env: Env, mod: ModuleEnv): Sym | undefined {
  const at = s.body.length - 1;
  const only = s.body[at];
  if (s.vars.length !== 1 || only?.t !== 'if' || only.branches.length !== 1 || only.orelse.length) return undefined;
  const before = s.body.slice(0, at);
  const arm = only.branches[0].body;
  const last = arm.at(-1);
  if (last?.t !== 'other' || last.kind !== 'BreakStatement' || hasBreak(arm.slice(0, -1)) || hasBreak(before) || before.some(containsReturn)) return undefined;
  const marker = list.marker ?? elementMarker();
  const inner = new Map(env);
  inner.set(s.vars[0], list.element(marker));
  r.run(before, inner, mod);
  const test = cAnd(list.filter ?? TRUE, r.cond(only.branches[0].test, inner, mod));
  const some = anyElement(list.path, marker, test);
  const decided = r.run([...arm.slice(0, -1), ...rest], new Map(inner), mod);
  if (!some || !returnsTests(r, decided)) return undefined;
  const truth = r.truthy(decided);
  const implies = anyElement(list.path, marker, cAnd(test, truth));
  const impliesNot = anyElement(list.path, marker, cAnd(test, cNot(truth)));
  if (!implies || !impliesNot) return undefined;
  const after = new Map(env);
  for (const n of [...assignedNames(s.body), s.vars[0]]) after.set(n, unknownSym(`loop over ${what}`));
  const first: Sym = { k: 'cond', c: unknownC(`loop over ${what}: the first matching item decides`, { implies, impliesNot }) };
  return { k: 'ite', c: some, a: first, b: r.run(rest, after, mod) };
}

/** Every value the path returns is True or False (a test): its truth is all there is to it. */
function returnsTests(r: StatementRunner, s: Sym): boolean {
  if (s.k === 'ite') return returnsTests(r, s.a) && returnsTests(r, s.b);
  if (s.k === 'call') return returnsTests(r, r.resolve(s));
  return s.k === 'cond' || s.k === 'error' || (s.k === 'const' && typeof s.v === 'boolean');
}
