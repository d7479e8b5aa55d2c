/**
 * Symbolic execution of Python detection functions: runs `rule(event)` over symbolic values and yields the
 * value it returns as a tree of branches (ite), from which conditions are read. Statements live here;
 * expressions in expressions.ts, calls and methods in calls.ts.
 */
import { checkBudget } from '../parsing/limits.ts';
import type { Expr, FunctionDef, PyModule, Stmt } from './ast.ts';
import { MUTATORS } from './mutators.ts';
import { computedList, dictViewList, isText, splitDerived, yieldsList } from './derived.ts';
import { assignedNames, augmented, containsReturn, continuesAsGuards, countName, hasBreak, hasReturn, itemsField, loopName } from './statements.ts';
import { FALSE, TRUE, cAnd, cNot, cOr, excludes, unknownC, type C } from './conditions.ts';
import { NEXT, branchedLoop, itemLoop, unchangingLoop, type ItemList } from './loops.ts';
import { keyedLoop } from './keyed.ts';
import { constantTestLoop } from './constant-loops.ts';
import { neighbourLoop } from './neighbour-loops.ts';
import { collectingLoop } from './accumulators.ts';
import { pickTest } from './keyed-lists.ts';
import { selfEffect } from './classes.ts';
import { flagsLoop, withoutEnumerate } from './flag-loops.ts';
import type { LookupClass } from './lookup-tables.ts';
import { constSym, iterConst, isDict, isSeq, truthyConst, unknownSym, type ModuleEnv, type PyVal, type Sym } from './values.ts';

export type Env = Map<string, Sym>;
/** Statements plus what loops add: binding a loop variable, and the end of one item's body (loops.ts). */
export type XStmt =
  | Stmt
  | { t: 'bind'; names: string[]; value: Sym }
  | { t: 'next' }
  | { t: 'try-end'; prior?: Sym }
  /** A statement of a try body that may raise what the handler catches (ip_address(x)): the handler runs instead. */
  | { t: 'guard'; stmt: Stmt; handler: Stmt[]; end: XStmt };

/**
 * Set in the variables of code running inside a `try` with handlers (and of functions it calls): an exception
 * there may be caught and turned into any result, so what raising implies (ip_network(x) needs x) says nothing.
 */
export const IN_TRY = '\u0001try';

/** Where the interpreter finds helper modules and data models. */
export interface Library {
  /** A helper module by import name (global_helpers/<name>.py), parsed. */
  helper(name: string): PyModule | undefined;
  /** The udm mapping of one name for one log type: a field path, a method of the data model's module, or nothing. */
  udm(logType: string, name: string): { path?: string[]; unsupported?: string; method?: { module: string; fn: string } } | undefined;
  /** A data model's Python module by key. */
  dataModelModule(key: string): PyModule | undefined;
  /** Helper classes over enrichment tables a helper module defines (lookup-tables.ts), by class name. */
  lookupClasses?(module: string): Map<string, LookupClass>;
  /** Shared cache of loaded module environments. */
  modules: Map<string, ModuleEnv>;
}

/** A statement whose call may raise ValueError on the event's text (ipaddress constructors). */
function mayRaise(s: Stmt): boolean {
  const value = s.t === 'expr' || s.t === 'assign' ? s.value : undefined;
  if (value?.t !== 'call') return false;
  const name = value.fn.t === 'name' ? value.fn.id : value.fn.t === 'attr' ? value.fn.name : '';
  return /^(ip_address|ip_network|IPv[46](Address|Network))$/.test(name);
}

const MAX_STEPS = 40000;
const MAX_DEPTH = 14;
const MAX_UNROLL = 200;

/** `items.append(x)` on a list whose items are known (a loop over constants fills it): one more item. */
function appended(list: Sym, item: Sym): Sym | undefined {
  if (list.k === 'seq') return { k: 'seq', items: [...list.items, item] };
  if (list.k === 'const' && isSeq(list.v)) return { k: 'seq', items: [...list.v.seq.map(constSym), item] };
  return undefined;
}

/** An item of a constant list or of a list of values. */
const asSym = (item: PyVal | Sym): Sym => (typeof item === 'object' && item !== null && 'k' in item ? (item as Sym) : constSym(item as PyVal));

export abstract class StatementRunner {
  /** Reasons found on the way that no unknown value carries (MagicMock handling, loop over ALLOW_LIST). */
  reasons: string[] = [];
  steps = 0;
  depth = 0;
  private resolved = new WeakMap<object, Sym>();
  /** Functions being followed right now: a recursive call is not followed again. */
  private active = new Set<FunctionDef>();

  constructor(
    readonly lib: Library,
    readonly logTypes: string[],
  ) {}

  abstract ev(e: Expr, env: Env, mod: ModuleEnv): Sym;
  abstract cond(e: Expr, env: Env, mod: ModuleEnv): C;
  abstract truthy(s: Sym): C;
  abstract assignTarget(target: Expr, value: Sym, env: Env, mod: ModuleEnv): void;
  /** When a call may raise the exception a handler catches: the condition under which it does not; else undefined. */
  abstract noRaise(e: Expr, env: Env, mod: ModuleEnv): C | undefined;

  /** Entries of a dict value (symbolic or constant), following calls; undefined when it is not a dict. */
  dictEntries(s: Sym): [string, Sym][] | undefined {
    if (s.k === 'call') return this.dictEntries(this.resolve(s));
    if (s.k === 'ite') {
      // Either branch's dict: the union of their entries (what alert_context may emit).
      const a = this.dictEntries(s.a);
      const b = this.dictEntries(s.b);
      if (!a || !b) return a ?? b;
      const keys = new Set(a.map(([k]) => k));
      return [...a, ...b.filter(([k]) => !keys.has(k))];
    }
    if (s.k === 'dict') return s.entries;
    if (s.k === 'const' && isDict(s.v)) return s.v.dict.map(([k, v]) => [String(k), constSym(v)]);
    return undefined;
  }

  /** `a | b` and `a.update(b)` on dicts; keys of b win. */
  mergeDicts(a: Sym, b: Sym): Sym | undefined {
    const left = this.dictEntries(a);
    const right = this.dictEntries(b);
    if (!left || !right) return undefined;
    const keys = new Set(right.map(([k]) => k));
    return { k: 'dict', entries: [...left.filter(([k]) => !keys.has(k)), ...right] };
  }

  /** Applies a predicate to a value, following branches and calls. */
  apply(s: Sym, p: (v: Sym) => C): C {
    if (s.k === 'ite') {
      if (s.c.type === 'true') return this.apply(s.a, p);
      if (s.c.type === 'false') return this.apply(s.b, p);
      const pa = this.apply(s.a, p);
      const pb = this.apply(s.b, p);
      // `if X == "A": return ...` then `return X in [B, C]`: the second branch already rules X == "A" out.
      const elseBranch = excludes(pb, s.c) ? pb : cAnd(cNot(s.c), pb);
      return cOr(cAnd(s.c, pa), elseBranch);
    }
    if (s.k === 'call') return this.apply(this.resolve(s), p);
    if (s.k === 'error') return FALSE;
    if (s.k === 'pick') return pickTest(s, (v) => this.apply(v, p));
    return p(s);
  }

  /** What a loop walks: a call's value, and of `a if <decided> else b` the branch taken (`_normalize(groups)`). */
  iterable(s: Sym): Sym {
    if (s.k === 'call') return this.iterable(this.resolve(s));
    if (s.k === 'ite' && (s.c.type === 'true' || s.c.type === 'false')) return this.iterable(s.c.type === 'true' ? s.a : s.b);
    return s;
  }

  /** The value a deferred call returns (a tree of branches). */
  resolve(s: Extract<Sym, { k: 'call' }>): Sym {
    const done = this.resolved.get(s);
    if (done) return done;
    if (this.depth >= MAX_DEPTH) return unknownSym('call depth');
    if (this.active.has(s.fn)) return unknownSym(`recursive call: ${s.fn.name}`);
    this.depth++;
    this.active.add(s.fn);
    const out = this.run(s.fn.body, s.env, s.mod);
    this.active.delete(s.fn);
    this.depth--;
    this.resolved.set(s, out);
    return out;
  }

  /** Binds arguments to a function's parameters: the call is followed when its value is needed. */
  callFunction(fn: FunctionDef, mod: ModuleEnv, args: Sym[], kwargs: Record<string, Sym>, caller?: Env): Sym {
    const env: Env = new Map();
    const inTry = caller?.get(IN_TRY);
    if (inTry) env.set(IN_TRY, inTry);
    fn.params.forEach((p, i) => {
      if (p.star === '*') env.set(p.name, { k: 'seq', items: args.slice(i) });
      else if (p.star === '**') env.set(p.name, { k: 'dict', entries: Object.entries(kwargs) });
      else if (i < args.length) env.set(p.name, args[i]);
      else if (kwargs[p.name]) env.set(p.name, kwargs[p.name]);
      else if (p.default) env.set(p.name, this.ev(p.default, new Map(), mod));
      else env.set(p.name, unknownSym(`missing argument: ${p.name}`));
    });
    return { k: 'call', fn, mod, env };
  }

  /** Runs statements; the result is the value returned, with branches as ite nodes. Falling off the end returns None. */
  run(stmts: XStmt[], env: Env, mod: ModuleEnv): Sym {
    for (let i = 0; i < stmts.length; i++) {
      checkBudget();
      if (++this.steps > MAX_STEPS) return unknownSym('too many branches');
      const s = stmts[i];
      const rest = () => stmts.slice(i + 1);
      switch (s.t) {
        case 'return':
          return s.value ? this.ev(s.value, env, mod) : constSym(null);
        case 'if': {
          if (!hasReturn(s)) {
            this.mergeBranches(s, env, mod);
            continue;
          }
          return this.runIf(s.branches, s.orelse, rest(), env, mod);
        }
        case 'for': {
          const out = this.runFor(s, rest(), env, mod);
          if (out) return out;
          continue;
        }
        case 'try': {
          if (s.handlers.length === 0) return this.run([...s.body, ...rest()], env, mod);
          const prior = env.get(IN_TRY);
          env.set(IN_TRY, constSym(true));
          const end: XStmt = { t: 'try-end', prior };
          const [handler] = s.handlers;
          const body = s.handlers.length === 1 ? s.body.map((b): XStmt => (mayRaise(b) ? { t: 'guard', stmt: b, handler, end } : b)) : s.body;
          return this.run([...body, end, ...rest()], env, mod);
        }
        case 'guard': {
          // `try: ip_address(x) except ValueError: return False`: the rest of the body where x is an address, else the handler.
          const call = s.stmt.t === 'expr' || s.stmt.t === 'assign' ? s.stmt.value : undefined;
          const ok = call && stmts.includes(s.end) ? this.noRaise(call, env, mod) : undefined;
          if (!ok || ok.type === 'true') {
            this.simple(s.stmt, env, mod);
            continue;
          }
          const after = stmts.slice(stmts.indexOf(s.end));
          const handled = () => this.run([after[0], ...s.handler, ...after.slice(1)], new Map(env), mod);
          if (ok.type === 'false') return handled();
          return { k: 'ite', c: ok, a: this.run([s.stmt, ...rest()], new Map(env), mod), b: handled() };
        }
        case 'try-end':
          if (s.prior) env.set(IN_TRY, s.prior);
          else env.delete(IN_TRY);
          continue;
        case 'with':
          return this.run([...s.body, ...rest()], env, mod);
        case 'next':
          return NEXT;
        case 'other':
          if (s.kind === 'RaiseStatement') return unknownSym('raise');
          if (s.kind === 'WhileStatement') return unknownSym('while loop');
          continue;
        default:
          this.simple(s, env, mod);
      }
    }
    return constSym(null);
  }

  private runIf(branches: { test: Expr; body: Stmt[] }[], orelse: Stmt[], rest: XStmt[], env: Env, mod: ModuleEnv): Sym {
    if (branches.length === 0) return this.run([...orelse, ...rest], env, mod);
    const [first, ...others] = branches;
    const c = this.cond(first.test, env, mod);
    if (c.type === 'true') return this.run([...first.body, ...rest], env, mod);
    const elseValue = () => this.runIf(others, orelse, rest, this.refined(first.test, false, env), mod);
    if (c.type === 'false') return elseValue();
    const a = this.run([...first.body, ...rest], this.refined(first.test, true, env), mod);
    return { k: 'ite', c, a, b: elseValue() };
  }

  /**
   * A copy of the variables as a branch knows them: after `if not x: return False`, x is truthy, so the
   * constant falsy values x could hold (None, False, "") are gone from it.
   */
  private refined(test: Expr, holds: boolean, env: Env): Env {
    const out = new Map(env);
    const visit = (e: Expr, truth: boolean) => {
      if (e.t === 'not') return visit(e.operand, !truth);
      if (e.t === 'bool') {
        if ((e.op === 'and') === truth) {
          visit(e.left, truth);
          visit(e.right, truth);
        }
        return;
      }
      if (e.t === 'name') return this.prune(out, e.id, (v) => truthyConst(v) === truth);
      if (e.t === 'compare' && e.left.t === 'name' && e.right.t === 'const' && (e.right.v === null || typeof e.right.v === 'boolean')) {
        const same = e.op === 'is' || e.op === '==' ? truth : e.op === 'is not' || e.op === '!=' ? !truth : undefined;
        const target = e.right.v;
        if (same !== undefined) this.prune(out, e.left.id, (v) => (v === target) === same);
      }
    };
    visit(test, holds);
    return out;
  }

  /** Drops the constant values a local variable cannot hold on this path. */
  private prune(env: Env, name: string, possible: (v: PyVal) => boolean) {
    const value = env.get(name);
    if (!value) return;
    const cut = (s: Sym): Sym | undefined => {
      if (s.k === 'call') return cut(this.resolve(s));
      if (s.k === 'const') return possible(s.v) ? s : undefined;
      if (s.k !== 'ite') return s;
      const a = cut(s.a);
      const b = cut(s.b);
      return a && b ? (a === s.a && b === s.b ? s : { ...s, a, b }) : a ?? b;
    };
    const kept = cut(value);
    if (kept && kept !== value) env.set(name, kept);
  }

  /** An if without returns only sets variables: each variable becomes `a if test else b`. */
  private mergeBranches(s: Extract<Stmt, { t: 'if' }>, env: Env, mod: ModuleEnv) {
    const arms: { c: C; env: Env }[] = [];
    let guard: C = TRUE;
    for (const b of s.branches) {
      const c = this.cond(b.test, env, mod);
      if (cAnd(guard, c).type === 'false') continue;
      const armEnv = new Map(env);
      this.run(b.body, armEnv, mod);
      arms.push({ c: cAnd(guard, c), env: armEnv });
      guard = cAnd(guard, cNot(c));
    }
    const elseEnv = new Map(env);
    this.run(s.orelse, elseEnv, mod);
    const names = new Set([...arms.flatMap((a) => [...a.env.keys()]), ...elseEnv.keys()]);
    for (const name of names) {
      const outer = (e: Env) => e.get(name) ?? mod.globals.get(name) ?? unknownSym(`unbound variable: ${name}`);
      let value: Sym = outer(elseEnv);
      for (let i = arms.length - 1; i >= 0; i--) {
        const armValue = outer(arms[i].env);
        if (armValue !== value) value = arms[i].c.type === 'true' ? armValue : { k: 'ite', c: arms[i].c, a: armValue, b: value };
      }
      if (value !== env.get(name)) env.set(name, value);
    }
  }

  private runFor(loop: Extract<Stmt, { t: 'for' }>, rest: XStmt[], env: Env, mod: ModuleEnv): Sym | undefined {
    const plain = { ...loop, body: continuesAsGuards(loop.body) };
    const neighbours = neighbourLoop(this, plain, rest, env, mod);
    if (neighbours) return neighbours;
    const s = withoutEnumerate(plain, env);
    const iter = this.iterable(this.ev(s.iter, env, mod));
    const items = iter.k === 'const' ? iterConst(iter.v) : iter.k === 'seq' ? iter.items : undefined;
    const what = loopName(s.iter);
    if (items && items.length === 0 && s.iter.t === 'name' && !env.has(s.iter.id)) {
      // An empty module-level list meant for users to fill (ALLOW_LIST): what they will put there is not in the tree.
      this.reasons.push(`loop over ${s.iter.id}`);
      return undefined;
    }
    if (items && items.length > MAX_UNROLL) {
      const tested = constantTestLoop(this, s, items.map(asSym), what, rest, env, mod);
      if (tested) return tested;
    }
    if (items && items.length <= MAX_UNROLL && !hasBreak(s.body)) {
      const unrolled: XStmt[] = [];
      for (const item of items) {
        unrolled.push({ t: 'bind', names: s.vars, value: asSym(item) }, ...s.body);
      }
      return this.run([...unrolled, ...rest], env, mod);
    }
    // `x.split(sep)` of a field is a list the rule computes, as any derived list; so is a dict's keys() or values().
    const listed = iter.k === 'split' ? (splitDerived(iter) ?? iter) : iter.k === 'field' ? (dictViewList(iter) ?? iter) : iter;
    const computed = listed.k === 'derived' && yieldsList(listed) ? computedList(listed) : undefined;
    if (computed) {
      // A loop over a list the rule computes (shlex.split(x)): some element of it, when the body reads as a scope.
      const items: ItemList = { path: [computed.field], computed: computed.list, element: (marker) => ({ k: 'field', path: [marker] }) };
      const out = itemLoop(this, s, items, what, rest, env, mod);
      if (out === 'continue') return undefined;
      if (out) return out;
      if (flagsLoop(this, s, items, what, env, mod)) return undefined;
    }
    const list = computed ? undefined : this.itemList(iter);
    if (list) {
      const out = itemLoop(this, s, list, what, rest, env, mod);
      if (out === 'continue') return undefined;
      if (out) return out;
      if (collectingLoop(this, s, list, what, env, mod)) return undefined;
      if (unchangingLoop(this, s, list, env, mod) || keyedLoop(this, s, list, env, mod) || flagsLoop(this, s, list, what, env, mod)) return undefined;
    } else {
      const branched = branchedLoop(this, s, iter, what, rest, env, mod);
      if (branched) return branched;
    }
    const listField = itemsField(iter);
    // Names the body assigns that did not exist before the loop are the item's own temporaries.
    const fresh = assignedNames(s.body).every((n) => !env.has(n) && !mod.globals.has(n) && !s.vars.includes(n));
    if (listField && s.vars.length === 1 && s.body.some(containsReturn) && !hasBreak(s.body) && fresh) {
      return this.runItemLoop(s, listField, what, rest, env, mod);
    }
    for (const name of assignedNames(s.body)) {
      // Strings built up in a loop (query += f"...") stay strings.
      const before = env.get(name);
      const stringy = before !== undefined && isText(before);
      const entries = before && this.dictEntries(before);
      if (stringy) env.set(name, { k: 'fstring' });
      else if (entries) env.set(name, { k: 'dict', entries, open: true });
      else env.set(name, unknownSym(`loop over ${what}`));
    }
    for (const v of s.vars) env.set(v, unknownSym(`loop over ${what}`));
    if (!s.body.some(containsReturn)) return undefined;
    return { k: 'ite', c: unknownC(`loop over ${what}`), a: unknownSym(`loop over ${what}`), b: this.run(rest, env, mod) };
  }

  /** The event list a value is, for loops over its items. */
  itemList(iter: Sym): ItemList | undefined {
    if (iter.k === 'map') return { path: iter.list, marker: iter.marker, filter: iter.filter, element: () => iter.elt, ...(iter.orderedBy ? { orderedBy: iter.orderedBy } : {}) };
    const f = itemsField(iter);
    // A dict's .values() or .items() walks its entries, which no scope over a list says.
    if (!f || f.view) return undefined;
    return { path: f.path, element: (marker) => ({ k: 'field', path: [marker] }) };
  }

  /**
   * A loop whose body the scope reading (loops.ts) cannot take, such as a test comparing a field of the item with
   * one outside it: the item stands for every element (list.field leaves match any element), exact when the test
   * reads one field of the item; otherwise each field may match a different element, and the rule is partial.
   */
  private runItemLoop(s: Extract<Stmt, { t: 'for' }>, list: Extract<Sym, { k: 'field' }>, what: string, rest: XStmt[], env: Env, mod: ModuleEnv): Sym {
    const [only] = s.body;
    const simple = s.body.length === 1 && only.t === 'if' && only.branches.length === 1 && only.orelse.length === 0 && only.branches[0].body.length === 1 && only.branches[0].body[0].t === 'return';
    const exact = simple && only.t === 'if' && countName(only.branches[0].test, s.vars[0]) === 1;
    if (!exact) this.reasons.push(`loop over ${what}: item fields tested separately`);
    const inner = new Map(env);
    inner.set(s.vars[0], { k: 'field', path: list.path });
    return this.run([...s.body, ...rest], inner, mod);
  }

  /** Statements that neither branch nor return. */
  private simple(s: XStmt, env: Env, mod: ModuleEnv) {
    switch (s.t) {
      case 'bind': {
        if (s.names.length === 1) env.set(s.names[0], s.value);
        else if (s.value.k === 'const' && isSeq(s.value.v) && s.value.v.seq.length === s.names.length) {
          const seq = s.value.v.seq;
          s.names.forEach((n, i) => env.set(n, constSym(seq[i])));
        } else if (s.value.k === 'seq' && s.value.items.length === s.names.length) {
          const items = s.value.items;
          s.names.forEach((n, i) => env.set(n, items[i]));
        } else for (const n of s.names) env.set(n, unknownSym('loop variable'));
        return;
      }
      case 'assign': {
        const value = this.ev(s.value, env, mod);
        for (const target of s.targets) this.assignTarget(target, value, env, mod);
        return;
      }
      case 'augassign': {
        if (s.target.t !== 'name') return;
        const before = this.ev(s.target, env, mod);
        const added = this.ev(s.value, env, mod);
        env.set(s.target.id, augmented(before, added, s.op));
        return;
      }
      case 'def':
        env.set(s.fn.name, { k: 'fn', fn: s.fn, mod });
        return;
      case 'expr': {
        // x.update(...), x.append(...): the variable changes in a way we do not model.
        const e = s.value;
        const effect = selfEffect(this, e, env, mod);
        if (effect) {
          env.set(effect.name, effect.self);
          return;
        }
        if (e.t === 'call' && e.fn.t === 'attr' && e.fn.obj.t === 'name' && MUTATORS.has(e.fn.name) && env.has(e.fn.obj.id)) {
          const before = env.get(e.fn.obj.id)!;
          const arg = e.args[0] ? this.ev(e.args[0], env, mod) : undefined;
          const merged = e.fn.name === 'update' && arg ? this.mergeDicts(before, arg) : e.fn.name === 'append' && arg ? appended(before, arg) : undefined;
          env.set(e.fn.obj.id, merged ?? unknownSym(`computed value: ${e.fn.name}`));
        }
        return;
      }
      default:
        return;
    }
  }
}
