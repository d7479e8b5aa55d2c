/** Calls in the symbolic interpreter: event accessors, string methods, builtins, helpers and data models. */
import type { Expr, PyModule, Stmt } from './ast.ts';
import { FALSE, TRUE, cAnd, cNot, cOr, unknownC, type C } from './conditions.ts';
import { anyElement, elementMarker } from './scopes.ts';
import { anyOrAll, perList } from './loops.ts';
import { ExpressionInterpreter } from './expressions.ts';
import { fieldLeaf, withDefault } from './compare.ts';
import { IN_TRY, type Env } from './interpret.ts';
import { countName, itemsField, loopName } from './statements.ts';
import { constSym, describe, isDict, isScalar, isSeq, iterConst, unknownSym, type ModuleEnv, type PyVal, type Sym } from './values.ts';
import { isKeyed, keyedGet } from './keyed.ts';
import { KNOWN_HELPERS, PATH_HELPERS, dateCall, knownHelper, spanIn } from './libraries.ts';
import { objectAttribute, objectMethod, policyuniverseCall } from './policyuniverse.ts';
import { members, memberships } from './collections.ts';
import { pyValue } from './mocks.ts';
import { lookupCall } from './lookup-tables.ts';
import { paramValues, pyConstant, urlPart } from './urls.ts';
import { derive, type DeriveStep } from '../../logic/derive.ts';
import { ipAttribute, ipCall, ipHasAttribute, ipMethod, ipValidity } from './ipaddress.ts';
import { matchGroup, matchOf } from './regex-groups.ts';
import { keyedListGet, pickMap } from './keyed-lists.ts';
import { countryAttribute, countryCall } from './countries.ts';
import { epochCall, epochMethod } from './epoch.ts';
import { callBound, defineClass, instantiate, isObjectValue, objectMember, superOf } from './classes.ts';
import { affixOfValue, asDerived, computedList, dictViewList, groupCount, derivedLeaf, derivedMethod, derivedOf, isText, lengthOf, typeTest, withStep, yieldsList } from './derived.ts';

const BUILTINS = new Set([
  'any', 'all', 'len', 'str', 'int', 'float', 'bool', 'set', 'frozenset', 'list', 'tuple', 'sorted', 'isinstance',
  'print', 'dict', 'bytes', 'min', 'max', 'sum', 'hasattr', 'getattr', 'type', 'abs', 'round', 'repr', 'range', 'reversed', 'enumerate', 'zip',
]);
/** One-argument builtins applied to each branch of a conditional value. */
const DISTRIBUTED = new Set(['len', 'str', 'int', 'float', 'bool', 'list', 'tuple', 'set', 'frozenset', 'sorted']);
const STRING_METHODS = new Set(['lower', 'upper', 'casefold', 'startswith', 'endswith', 'strip', 'lstrip', 'rstrip', 'split', 'rsplit', 'replace']);
const IDENTITY_STRING_METHODS = new Set(['strip', 'lstrip', 'rstrip', 'copy']);
const DICT_VIEWS = new Set(['keys', 'values', 'items']);

type Field = Extract<Sym, { k: 'field' }>;

/** `d.items()` / `d.values()` of a dict built from constants (`{**A, **B}`): its pairs or values, in order. */
function dictView(entries: [string, Sym][], name: 'items' | 'values'): Sym {
  const items: Sym[] = entries.map(([k, v]) => (name === 'values' ? v : v.k === 'const' ? constSym({ seq: [k, v.v] }) : { k: 'seq', items: [constSym(k), v] }));
  return items.every((i) => i.k === 'const') ? constSym({ seq: items.map((i) => (i as { v: PyVal }).v) }) : { k: 'seq', items };
}

export class Interpreter extends ExpressionInterpreter {
  /** Loads a module's top level: imports, constants and functions. */
  loadModule(name: string, module: PyModule, cache = true): ModuleEnv {
    const cached = cache ? this.lib.modules.get(name) : undefined;
    if (cached) return cached;
    const mod: ModuleEnv = { name, module, globals: new Map() };
    if (cache) this.lib.modules.set(name, mod);
    this.loadStatements(module.body, mod);
    const helper = name.startsWith('helper:') ? name.slice('helper:'.length) : undefined;
    for (const [cls, lookup] of (helper && this.lib.lookupClasses?.(helper)) || []) {
      const generic = mod.globals.get(cls);
      mod.globals.set(cls, { k: 'lookup', cls: lookup, instance: false, generic: generic?.k === 'class' ? generic : undefined });
    }
    return mod;
  }

  private loadStatements(stmts: Stmt[], mod: ModuleEnv) {
    for (const s of stmts) {
      if (s.t === 'import') {
        if (s.names.length) for (const n of s.names) mod.globals.set(n.as, this.importName(s.module, n.name));
        else if (s.as) mod.globals.set(s.as, this.importModule(s.module));
      } else if (s.t === 'def') mod.globals.set(s.fn.name, { k: 'fn', fn: s.fn, mod });
      else if (s.t === 'class') mod.globals.set(s.name, defineClass(this, s, mod));
      else if (s.t === 'assign') {
        const value = this.ev(s.value, mod.globals, mod);
        for (const t of s.targets) this.assignTarget(t, value, mod.globals, mod);
      } else if (s.t === 'try') this.loadStatements(s.body, mod);
      else if (s.t === 'if') this.loadStatements(s.branches[0]?.body ?? [], mod);
    }
  }

  private importModule(module: string): Sym {
    const name = module.replace(/^global_helpers\./, '');
    const parsed = this.lib.helper(name);
    return parsed ? { k: 'module', mod: this.loadModule(`helper:${name}`, parsed) } : { k: 'extern', name: module };
  }

  private importName(module: string, name: string): Sym {
    if (PATH_HELPERS.has(name) || (KNOWN_HELPERS.has(name) && module.replace(/^global_helpers\./, '').startsWith('panther_'))) return { k: 'builtin', name };
    if (name === 'MagicMock') return { k: 'builtin', name };
    const m = this.importModule(module);
    if (m.k === 'module') return m.mod.globals.get(name) ?? unknownSym(`unknown helper: ${name}`);
    return { k: 'extern', name: module.startsWith('panther_') ? name : `${module}.${name}` };
  }

  lookupName(id: string, env: Env, mod: ModuleEnv): Sym {
    const local = env.get(id) ?? mod.globals.get(id);
    if (local) return local;
    if (id === 'super') return { k: 'builtin', name: id };
    if (BUILTINS.has(id) || KNOWN_HELPERS.has(id)) return { k: 'builtin', name: id };
    if (id === 'event') return { k: 'field', path: [] };
    return unknownSym(`unknown name: ${id}`);
  }

  attribute(obj: Sym, name: string): Sym {
    if (obj.k === 'module') {
      if (KNOWN_HELPERS.has(name) && obj.mod.name.startsWith('helper:panther_')) return { k: 'builtin', name };
      return obj.mod.globals.get(name) ?? (PATH_HELPERS.has(name) ? { k: 'builtin', name } : unknownSym(`unknown helper: ${name}`));
    }
    if (obj.k === 'extern') return { k: 'extern', name: `${obj.name}.${name}` };
    if (obj.k === 'unknown' || obj.k === 'error') return obj;
    if (obj.k === 'lookup' && obj.instance && !obj.cls.methods[name] && obj.generic) return this.attribute(obj.generic, name);
    const value = obj.k === 'call' ? this.resolve(obj) : obj;
    const member = isObjectValue(value) ? objectMember(value, name, (o, n) => this.attribute(o, n)) : undefined;
    if (member) return member;
    if (obj.k === 'object') {
      const get = (o: Sym, key: string) => this.pathGet(o, [constSym(key)]);
      return objectAttribute(obj, name, (doc, expanded) => this.statementList(doc, expanded), get) ?? { k: 'method', obj, name };
    }
    if (obj.k === 'span' && name === 'days') return spanIn(obj, 'days');
    if (obj.k === 'ip') return ipAttribute(obj, name, (s, p) => this.apply(s, p));
    const part = urlPart(obj, name, (o) => this.attribute(o, name));
    if (part) return part;
    return countryAttribute(obj, name) ?? { k: 'method', obj, name };
  }

  call(e: Extract<Expr, { t: 'call' }>, env: Env, mod: ModuleEnv): Sym {
    if (e.gen) return this.aggregate(e, env, mod);
    const sorted = this.sortedByKey(e, env, mod);
    if (sorted) return sorted;
    // `all((x for x in y))`: the parenthesised generator is the call's own.
    const [only] = e.args;
    if (e.args.length === 1 && only.t === 'comp' && only.kind === 'gen' && !Object.keys(e.kwargs).length) {
      return this.aggregate({ ...e, args: [], gen: { ...only.gen, elt: only.elt } }, env, mod);
    }
    const fn = this.ev(e.fn, env, mod);
    const args = e.args.flatMap((a) => (a.t === 'starred' ? this.spread(this.ev(a.value, env, mod)) : [this.ev(a, env, mod)]));
    const kwargs: Record<string, Sym> = {};
    for (const [k, v] of Object.entries(e.kwargs)) kwargs[k] = this.ev(v, env, mod);
    return this.invoke(fn, args, kwargs, env);
  }

  /**
   * sorted(event list, key=lambda x: x["n"]): the list's items, walked in the order of one field of theirs (a loop
   * over it then knows which matching item comes first, loops.ts). Undefined for other sorts.
   */
  private sortedByKey(e: Extract<Expr, { t: 'call' }>, env: Env, mod: ModuleEnv): Sym | undefined {
    const key = e.kwargs.key;
    if (e.fn.t !== 'name' || e.fn.id !== 'sorted' || env.has('sorted') || mod.globals.has('sorted')) return undefined;
    if (e.args.length !== 1 || key?.t !== 'lambda' || key.params.length !== 1 || Object.keys(e.kwargs).length !== 1) return undefined;
    const iter = this.iterable(this.ev(e.args[0], env, mod));
    const list = this.itemList(iter);
    if (!list || list.computed) return undefined;
    const marker = list.marker ?? elementMarker();
    const element = list.element(marker);
    const inner = new Map(env);
    inner.set(key.params[0], element);
    const k = this.ev(key.body, inner, mod);
    if (k.k !== 'field' || k.path[0] !== marker || k.path.length < 2 || k.def !== undefined || k.lower || k.text || k.list || k.view || k.distinct) return undefined;
    const orderedBy = k.path.slice(1).join('.');
    return iter.k === 'map' ? { ...iter, orderedBy } : { k: 'map', list: list.path, marker, elt: element, filter: TRUE, orderedBy };
  }

  noRaise(e: Expr, env: Env, mod: ModuleEnv): C | undefined {
    return ipValidity(this.ev(e, env, mod), (s, p) => this.apply(s, p));
  }

  /** The items `*x` passes: those of a sequence we know, else one unknown. */
  private spread(s: Sym): Sym[] {
    if (s.k === 'seq') return s.items;
    if (s.k === 'const' && isSeq(s.v)) return s.v.seq.map(constSym);
    return [s.k === 'unknown' ? s : unknownSym('unpacked argument')];
  }

  invoke(fn: Sym, args: Sym[], kwargs: Record<string, Sym>, caller?: Env): Sym {
    switch (fn.k) {
      case 'fn':
        return this.callFunction(fn.fn, fn.mod, args, kwargs, caller);
      case 'method':
        return this.method(fn.obj, fn.name, args, kwargs);
      case 'builtin':
        return fn.name === 'super' ? superOf(caller) : this.builtin(fn.name, args, kwargs);
      case 'class':
        return instantiate(this, fn, args, kwargs);
      case 'bound':
        return callBound(this, fn, args, kwargs, caller);
      case 'ite':
        // A method of an object that only some branches hold (`get_ipinfo_asn(event).asn(...)`): called per branch.
        if (isObjectValue(fn)) {
          const each = (f: Sym) => (f.k === 'error' ? f : this.invoke(f, args, kwargs, caller));
          return { k: 'ite', c: fn.c, a: each(fn.a), b: each(fn.b) };
        }
        return unknownSym(`call of ${describe(fn)}`);
      case 'extern':
        return this.external(fn.name, args, kwargs, caller?.has(IN_TRY) ?? false);
      case 'mock':
        return constSym(fn.value);
      case 'lookup':
        if (fn.instance) return unknownSym('call of a lookup table object');
        return { ...fn, instance: true, generic: fn.generic?.k === 'class' ? instantiate(this, fn.generic, args, kwargs) : undefined };
      case 'unknown':
        return fn;
      default:
        return unknownSym(`call of ${describe(fn)}`);
    }
  }

  /** any(...) / all(...) over a generator, unrolled over constant lists. */
  private aggregate(e: Extract<Expr, { t: 'call' }>, env: Env, mod: ModuleEnv): Sym {
    const gen = e.gen!;
    const fn = this.ev(e.fn, env, mod);
    const name = fn.k === 'builtin' ? fn.name : '';
    if (fn.k === 'method' && fn.name === 'join' && fn.obj.k === 'const' && typeof fn.obj.v === 'string') {
      const joined = this.joined(fn.obj.v, gen, env, mod);
      if (joined) return joined;
    }
    if (name !== 'any' && name !== 'all') {
      const items = this.iterate(gen.iter, gen.vars, gen.conds, env, mod, (inner) => this.ev(gen.elt, inner, mod));
      if (items) return this.builtin(name, [{ k: 'seq', items }], {});
      const mapped = this.mapOver(gen, gen.elt, env, mod);
      return mapped ? this.builtin(name, [mapped], {}) : unknownSym('generator over event values');
    }
    const conds = this.iterate(gen.iter, gen.vars, gen.conds, env, mod, (inner) => this.cond(gen.elt, inner, mod));
    if (conds) return { k: 'cond', c: name === 'any' ? cOr(...conds) : cAnd(...conds) };
    const what = `loop over ${loopName(gen.iter)}`;
    const iter = this.iterable(this.ev(gen.iter, env, mod));
    const branched = perList(this, iter, loopName(gen.iter), env, (name, inner) => this.aggregate({ ...e, gen: { ...gen, iter: name } }, inner, mod));
    if (branched) return branched;
    const items = this.itemList(iter);
    if (items && gen.vars.length === 1) {
      // any(test(x) for x in event list): some element passes; all(...): no element fails.
      const testWith = (item: Sym) => {
        const inner = new Map(env);
        inner.set(gen.vars[0], item);
        const kept = cAnd(...gen.conds.map((c) => this.cond(c, inner, mod)));
        const test = this.cond(gen.elt, inner, mod);
        return name === 'any' ? cAnd(kept, test) : cAnd(kept, cNot(test));
      };
      const marker = items.marker ?? elementMarker();
      const some = anyElement(items.path, marker, cAnd(items.filter ?? TRUE, testWith(items.element(marker))));
      if (some) return { k: 'cond', c: name === 'any' ? some : cNot(some) };
    }
    const listed = iter.k === 'field' ? dictViewList(iter) : iter;
    if (listed?.k === 'derived' && yieldsList(listed) && gen.vars.length === 1) {
      // any()/all() over a list the rule computes (`d.keys()`, `x.split(",")`): a scope over that list.
      const { field, list } = computedList(listed);
      const marker = elementMarker();
      const inner = new Map(env);
      inner.set(gen.vars[0], { k: 'field', path: [marker] });
      const test = cAnd(...gen.conds.map((c) => this.cond(c, inner, mod)), name === 'any' ? this.cond(gen.elt, inner, mod) : cNot(this.cond(gen.elt, inner, mod)));
      const some = anyElement([field], marker, test, list);
      if (some) return { k: 'cond', c: name === 'any' ? some : cNot(some) };
    }
    const list = itemsField(iter);
    if (name === 'any' && list && gen.vars.length === 1) {
      // The test compares the item with something outside it: exact when it reads one field of the item.
      const reads = gen.conds.reduce((n, c) => n + countName(c, gen.vars[0]), countName(gen.elt, gen.vars[0]));
      const inner = new Map(env);
      inner.set(gen.vars[0], { k: 'field', path: list.path });
      if (reads !== 1) this.reasons.push(`${what}: item fields tested separately`);
      return { k: 'cond', c: cAnd(...gen.conds.map((c) => this.cond(c, inner, mod)), this.cond(gen.elt, inner, mod)) };
    }
    return { k: 'cond', c: unknownC(what) };
  }

  /**
   * `sep.join(str(x) for x in list)` over an event list: the list as one text (a `join` step). A missing list joins
   * as no value, which reads as the empty text would under the tests a rule makes of it (truth, `in`).
   */
  private joined(sep: string, gen: NonNullable<Extract<Expr, { t: 'call' }>['gen']>, env: Env, mod: ModuleEnv): Sym | undefined {
    const iter = this.iterable(this.ev(gen.iter, env, mod));
    if (iter.k === 'const' || iter.k === 'seq') {
      const items = this.iterate(gen.iter, gen.vars, gen.conds, env, mod, (inner) => this.ev(gen.elt, inner, mod));
      const texts = items?.map((i) => (i.k === 'const' && typeof i.v === 'string' ? i.v : undefined));
      return texts?.every((t) => t !== undefined) ? constSym(texts.join(sep)) : undefined;
    }
    const branched = perList(this, iter, loopName(gen.iter), env, (name, inner) => this.joined(sep, { ...gen, iter: name }, inner, mod) ?? unknownSym('generator over event values'));
    if (branched) return branched;
    const m = this.mapOver(gen, gen.elt, env, mod);
    if (m?.k !== 'map' || m.filter.type !== 'true') return undefined;
    const d = asDerived(m.elt);
    const asText = d && d.from.path.length === 1 && d.from.path[0] === m.marker && d.steps.length === 1 && d.steps[0].fn === 'string';
    if (!asText) return undefined;
    const list = m.list.join('.');
    return { k: 'derived', from: { k: 'field', path: m.list }, steps: [{ fn: 'join', args: [sep] }], text: `${JSON.stringify(sep)}.join(str(x) for x in ${list})`, fns: ['join', 'str'] };
  }

  private builtin(name: string, args: Sym[], kwargs: Record<string, Sym>): Sym {
    const [a, b] = args;
    if (args.length === 1 && DISTRIBUTED.has(name) && a.k === 'pick') return pickMap(a, (v) => this.builtin(name, [v], kwargs));
    if (args.length === 1 && DISTRIBUTED.has(name)) {
      // (bool() of a value whose truth is known directly is that truth.)
      if (a.k === 'ite' && !(name === 'bool' && a.truth)) return { k: 'ite', c: a.c, a: this.builtin(name, [a.a], kwargs), b: this.builtin(name, [a.b], kwargs) };
      if (a.k === 'call') return this.builtin(name, [this.resolve(a)], kwargs);
      // len(CONSTANTS[x]) where the lookup raises KeyError raises too.
      if (a.k === 'error') return a;
    }
    switch (name) {
      case 'deep_get':
      case 'deep_walk':
        return a ? this.pathGet(a, args.slice(1), kwargs.default) : unknownSym('deep_get');
      case 'get_val_from_list':
        return valuesFromList(args);
      case 'listify':
      case 'resolve_timestamp_string':
      case 'resource_lookup':
      case 'golang_nanotime_to_python_datetime':
      case 'panther_nanotime_to_python_datetime':
      case 'key_value_list_to_dict':
      case 'is_base64':
        return knownHelper(name, args, kwargs);
      case 'any':
      case 'all': {
        const items = a?.k === 'seq' ? a.items : a?.k === 'const' ? iterConst(a.v)?.map(constSym) : undefined;
        if (!items) return (a && anyOrAll(this, name, a)) ?? unknownSym(`${name} over event values`);
        const cs = items.map((i) => this.truthy(i));
        return { k: 'cond', c: name === 'any' ? cOr(...cs) : cAnd(...cs) };
      }
      case 'isinstance':
        // Only a unit test's mock is a MagicMock (mocks.ts); the deployed rule takes the other branch.
        if (b?.k === 'builtin' && b.name === 'MagicMock') return constSym(a?.k === 'mock');
        if (a && b?.k === 'builtin') {
          const t = typeOf(a);
          if (t) return constSym(b.name === t || (b.name === 'int' && t === 'bool'));
        }
        return a && b ? { k: 'cond', c: this.apply(a, (v) => this.typeTestOf(v, b)) } : unknownSym('type test');
      case 'str':
      case 'int':
      case 'float':
      case 'list':
      case 'tuple':
      case 'set':
      case 'frozenset':
      case 'sorted':
        if (!a) return constSym(name === 'str' ? '' : { seq: [] });
        if (a.k === 'const') {
          if (name === 'str') return isScalar(a.v) ? constSym(a.v === null ? 'None' : String(a.v)) : { k: 'fstring' };
          if (name === 'int' || name === 'float') return typeof a.v === 'string' && a.v.trim() !== '' && !Number.isNaN(Number(a.v)) ? constSym(Number(a.v)) : a;
          const items = iterConst(a.v);
          return items ? constSym({ seq: name === 'sorted' ? [...items].sort() : items }) : a;
        }
        // set(x) of an event list: compared as a set, and its distinct items, which its length counts.
        if ((name === 'set' || name === 'frozenset') && a.k === 'field' && a.path.length) return { ...a, set: true, ...(!a.view && { distinct: true }) };
        return name === 'str' && a.k === 'field' ? { ...a, text: true } : a;
      case 'bool':
        return a ? { k: 'cond', c: this.truthy(a) } : constSym(false);
      case 'len':
        if (a?.k === 'const') return constSym(iterConst(a.v)?.length ?? 0);
        if (a?.k === 'field' && a.path.length) return { k: 'len', of: a };
        if (a?.k === 'split' && !a.limited && a.sep.length === 1) return { k: 'len', of: a.of, sep: a.sep };
        if (a?.k === 'map' && a.filter.type === 'true') return { k: 'len', of: { k: 'field', path: a.list } };
        if (a?.k === 'members') return { k: 'count', cs: memberships(a, (x, y, op) => this.compare(x, y, op)) };
        if (a?.k === 'kept') return { k: 'count', cs: a.keeps };
        if (a?.k === 'derived' || a?.k === 'part' || a?.k === 'split') {
          const d = asDerived(a);
          if (d) return lengthOf(d);
        }
        return unknownSym('length of a computed value');
      case 'print':
        return constSym(null);
      case 'hasattr':
        if (a?.k === 'ip' && b?.k === 'const' && typeof b.v === 'string') return constSym(ipHasAttribute(b.v));
        return unknownSym(`unsupported function: ${name}`);
      default:
        return unknownSym(`unsupported function: ${name}`);
    }
  }

  /** event.get / event.deep_get / deep_get(event, ...): a path under a field. */
  private pathGet(obj: Sym, keys: Sym[], def?: Sym): Sym {
    if (obj.k === 'ite') return { k: 'ite', c: obj.c, a: this.pathGet(obj.a, keys, def), b: this.pathGet(obj.b, keys, def) };
    if (obj.k === 'call') return this.pathGet(this.resolve(obj), keys, def);
    if (obj.k === 'error') return obj;
    if (obj.k === 'const' && keys.length === 1 && (keys[0].k === 'field' || keys[0].k === 'part')) return this.lookupByField(obj.v, keys[0], def ?? constSym(null));
    // A key chosen by a test (`"a" if x else "b"`): the path under each choice.
    const chosen = keys.findIndex((k) => k.k === 'ite');
    if (chosen >= 0) {
      const choice = keys[chosen] as Extract<Sym, { k: 'ite' }>;
      const under = (k: Sym) => this.pathGet(obj, keys.map((x, i) => (i === chosen ? k : x)), def);
      return { k: 'ite', c: choice.c, a: under(choice.a), b: under(choice.b) };
    }
    const names: string[] = [];
    for (const k of keys) {
      if (k.k !== 'const' || !isScalar(k.v) || k.v === null) return unknownSym('computed key');
      names.push(String(k.v));
    }
    const defVal = def?.k === 'const' ? def.v : undefined;
    if (obj.k === 'field') return { k: 'field', path: [...obj.path, ...names], def: defVal };
    if (obj.k === 'const') {
      let v: PyVal | undefined = obj.v;
      for (const n of names) v = v !== undefined && isDict(v) ? v.dict.find(([k]) => k === n)?.[1] : undefined;
      return constSym(v ?? defVal ?? null);
    }
    if (isKeyed(obj) && names.length === 1) return keyedGet(obj, (keys[0] as { v: PyVal }).v, def);
    if (obj.k === 'dict' && names.length === 1) {
      const hit = obj.entries.find(([k]) => k === names[0])?.[1];
      return hit ?? (obj.open ? unknownSym('dict built in a loop') : def ?? constSym(null));
    }
    if (obj.k === 'unknown') return obj;
    return unknownSym(`get on ${describe(obj)}`);
  }

  private method(obj: Sym, name: string, args: Sym[], kwargs: Record<string, Sym>): Sym {
    if (obj.k === 'ite') return { k: 'ite', c: obj.c, a: this.method(obj.a, name, args, kwargs), b: this.method(obj.b, name, args, kwargs) };
    if (obj.k === 'call') return this.method(this.resolve(obj), name, args, kwargs);
    if (obj.k === 'unknown' || obj.k === 'error') return obj;
    if (obj.k === 'ip') return ipMethod(obj, name, args, (s, p) => this.apply(s, p));
    const values = obj.k === 'derived' && name === 'get' ? paramValues(obj, args) : undefined;
    if (values) return values;
    if (obj.k === 'keyed' && name === 'get' && args[0]) return keyedListGet(obj, args[0], args[1] ?? kwargs.default ?? constSym(null));
    if (obj.k === 'pick') return pickMap(obj, (v) => this.method(v, name, args, kwargs));
    if (name === 'get') return this.pathGet(obj, args.slice(0, 1), args[1] ?? kwargs.default);
    if (name === 'deep_get' || name === 'deep_walk') return this.pathGet(obj, args, kwargs.default);
    if (obj.k === 'field') return this.fieldMethod(obj, name, args, kwargs);
    if (obj.k === 'part') return this.partMethod(obj, name, args);
    if (obj.k === 'derived' || obj.k === 'split') {
      const epoch = epochMethod(obj, name);
      if (epoch) return epoch;
      const d = asDerived(obj);
      return (d && derivedMethod(d, name, args)) ?? unknownSym(`method: ${name}`);
    }
    if (obj.k === 'regex' && (name === 'search' || name === 'match' || name === 'fullmatch')) return this.regexTest(obj, name, args[0]);
    if (obj.k === 'cond' && obj.match && name === 'group') return matchGroup(obj.match, obj.c, args) ?? unknownSym('method: group');
    if (obj.k === 'const') return this.constMethod(obj.v, name, args);
    if (obj.k === 'dict' && (name === 'keys' || name === 'copy')) return obj;
    if (obj.k === 'dict' && !obj.open && (name === 'items' || name === 'values')) return dictView(obj.entries, name);
    if (obj.k === 'lookup' && obj.instance) return lookupCall(obj.cls, name, args);
    if (obj.k === 'object') return objectMethod(obj, name, (o, key) => this.compare(constSym(key), o, 'in'));
    if (obj.k === 'span' && name === 'total_seconds') return spanIn(obj, 'seconds');
    if (name === 'intersection' && args[0]?.k === 'const' && (obj.k === 'map' || obj.k === 'seq')) {
      const values = iterConst(args[0].v);
      if (values) return members(values, obj);
    }
    return unknownSym(`method: ${name}`);
  }

  /** Tests on the first / last part of a split that say the same of the whole value. */
  private partMethod(p: Extract<Sym, { k: 'part' }>, name: string, args: Sym[]): Sym {
    if (name === 'lower' || name === 'upper' || name === 'casefold') return { ...p, of: { ...p.of, lower: true } };
    const arg = args[0];
    const values = arg?.k === 'const' ? (isSeq(arg.v) ? arg.v.seq : [arg.v]) : [];
    const plain = values.length > 0 && values.every((v) => typeof v === 'string' && !v.includes(p.sep));
    if (plain && p.nth === undefined && ((name === 'startswith' && !p.last) || (name === 'endswith' && p.last))) {
      return { k: 'cond', c: fieldLeaf(p.of, name, values as string[]) };
    }
    const d = asDerived(p);
    return (d && derivedMethod(d, name, args)) ?? unknownSym(`method: ${name} of a split part`);
  }

  private fieldMethod(f: Field, name: string, args: Sym[], kwargs: Record<string, Sym> = {}): Sym {
    if ((name === 'udm' || name === 'udm_path') && f.path.length === 0) return args[0]?.k === 'const' ? this.udm(String(args[0].v), name === 'udm_path') : unknownSym('computed udm name');
    if (name === 'lower' || name === 'upper' || name === 'casefold') return { ...f, lower: true, def: lowerDefault(f.def) };
    // strip() reads as the value itself (logs rarely pad with spaces); rstrip(".") cuts what tests send on purpose.
    if (IDENTITY_STRING_METHODS.has(name) && (!args.length || name === 'copy')) return f;
    // A dict's keys, values or items: comparisons read the dict as before; loops do not take it for a list.
    if (DICT_VIEWS.has(name)) return { ...f, view: name as 'keys' | 'values' | 'items' };
    if (name === 'startswith' || name === 'endswith') {
      const arg = args[0];
      if (arg?.k !== 'const') return (arg && affixOfValue(f, name, arg)) ?? unknownSym(`computed argument: ${name}`);
      const values = (isSeq(arg.v) ? arg.v.seq : [arg.v]).filter((v): v is string => typeof v === 'string');
      const test = (d: PyVal) => typeof d === 'string' && values.some((v) => (name === 'startswith' ? d.startsWith(v) : d.endsWith(v)));
      return { k: 'cond', c: withDefault(f, fieldLeaf(f, name, values), test) };
    }
    if ((name === 'split' || name === 'rsplit') && f.path.length) {
      const sep = args[0];
      if (sep?.k === 'const' && typeof sep.v === 'string' && sep.v) {
        return { k: 'split', of: f, sep: sep.v, fromRight: name === 'rsplit', limited: args.length > 1 || kwargs.maxsplit !== undefined };
      }
      return unknownSym(`method: ${name}`);
    }
    if (name === 'lookup' || name === 'udm_path') return unknownSym(`lookup: ${name}`);
    // rstrip("."), replace("/", "\\"): steps of a computed value.
    const d = derivedOf(f);
    return (d && derivedMethod(d, name, args)) ?? unknownSym(`method: ${name}`);
  }

  private constMethod(v: PyVal, name: string, args: Sym[]): Sym {
    if (typeof v === 'string') {
      if (name === 'lower' || name === 'casefold') return constSym(v.toLowerCase());
      if (name === 'upper') return constSym(v.toUpperCase());
      if (IDENTITY_STRING_METHODS.has(name)) return constSym(v.trim());
      if (name === 'format') return { k: 'fstring' };
      const a = args[0];
      if ((name === 'startswith' || name === 'endswith') && a?.k === 'const') {
        const values = isSeq(a.v) ? a.v.seq : [a.v];
        return constSym(values.some((x) => typeof x === 'string' && (name === 'startswith' ? v.startsWith(x) : v.endsWith(x))));
      }
      if (name === 'split' && (!a || a.k === 'const')) return constSym({ seq: a && typeof a.v === 'string' ? v.split(a.v) : v.split(/\s+/) });
      if (name === 'join') {
        const parts = a?.k === 'const' ? iterConst(a.v) : undefined;
        if (parts?.every((x) => typeof x === 'string')) return constSym((parts as string[]).join(v));
        return a?.k === 'seq' && v !== '' ? { k: 'joined', sep: v, parts: a.items } : { k: 'fstring' };
      }
    }
    if (isSeq(v) && (name === 'intersection' || name === 'issubset') && args[0] && args[0].k !== 'const') {
      // CONSTANT_SET.intersection(x): which constants x holds; .issubset(x): all of them.
      const m = members(v.seq, args[0]);
      if (name === 'intersection') return m;
      return { k: 'cond', c: cAnd(...memberships(m as Extract<Sym, { k: 'members' }>, (x, y, op) => this.compare(x, y, op))) };
    }
    if (isDict(v)) {
      if (name === 'keys') return constSym({ seq: v.dict.map(([k]) => k) });
      if (name === 'values') return constSym({ seq: v.dict.map(([, x]) => x) });
      if (name === 'items') return constSym({ seq: v.dict.map(([k, x]) => ({ seq: [k, x] })) });
    }
    if (isSeq(v) && name === 'copy') return constSym(v);
    // None.lower() raises: the rule errors on that path and raises no alert.
    if ((v === null || typeof v === 'boolean' || typeof v === 'number') && STRING_METHODS.has(name)) return { k: 'error', reason: 'AttributeError' };
    return unknownSym(`method: ${name}`);
  }

  private regexTest(r: Extract<Sym, { k: 'regex' }>, how: string, subject: Sym | undefined): Sym {
    if (!subject) return unknownSym('regex');
    // A leading inline-flag group such as (?i) must stay first once the pattern is anchored.
    const [, flags = '', body = r.pattern] = /^(\(\?[aiLmsux]+\))?([\s\S]*)$/.exec(r.pattern) ?? [];
    const pattern = how === 'search' ? r.pattern : how === 'match' ? `${flags}^(?:${body})` : `${flags}^(?:${body})$`;
    const match = matchOf(pattern, r.ignoreCase, how, subject);
    return {
      k: 'cond',
      ...(match && { match }),
      c: this.apply(subject, (s) => {
        const d = s.k === 'derived' || s.k === 'part' ? asDerived(s) : undefined;
        if (d) {
          const computed = derivedLeaf(d, 'regex', [pattern]);
          if (computed.type === 'leaf' && r.ignoreCase) delete computed.leaf.caseSensitive;
          return computed;
        }
        if (s.k !== 'field') return s.k === 'unknown' ? unknownC(s.reason) : unknownC('regex on a computed value');
        const leaf = fieldLeaf(s, 'regex', [pattern]);
        if (leaf.type === 'leaf' && r.ignoreCase) delete leaf.leaf.caseSensitive;
        return leaf;
      }),
    };
  }

  /** isinstance(v, T) of one value: constants by their type, event values by a computed `type(x)` leaf. */
  private typeTestOf(v: Sym, classes: Sym): C {
    // Builtin classes, and the abstract ones of collections.abc by their last name (collections.abc.Mapping).
    // (Panther's ImmutableList and ImmutableCaseInsensitiveDict likewise: what an event's lists and dicts are.)
    const className = (c: Sym) => (c.k === 'builtin' ? c.name : c.k === 'extern' ? c.name.split('.').pop() : undefined);
    const listed = classes.k === 'seq' ? classes.items.map(className) : [className(classes)];
    const names = listed.every((n) => n !== undefined) ? (listed as string[]) : undefined;
    if (!names) return unknownC('type test');
    const t = typeOf(v);
    if (t) return names.some((n) => n === t || (n === 'int' && t === 'bool') || ((n.endsWith('Mapping') || n.endsWith('Dict')) && t === 'dict') || (n === 'Sequence' && (t === 'list' || t === 'str')) || (n === 'ImmutableList' && t === 'list')) ? TRUE : FALSE;
    if (v.k === 'field' && v.def !== undefined && !isScalar(v.def)) {
      // event.get("x", {}): a missing x reads as the default, whose type is known.
      const typed = this.typeTestOf({ ...v, def: undefined }, classes);
      const t = typeOf(constSym(v.def));
      return t && names.includes(t) ? cOr(typed, fieldLeaf(v, 'is_null')) : typed;
    }
    const d = v.k === 'field' || v.k === 'derived' || v.k === 'part' ? asDerived(v) : undefined;
    return (d && typeTest(d, names)) ?? (v.k === 'unknown' ? unknownC(v.reason) : unknownC('type test'));
  }

  /** Calls into modules we do not follow; re and fnmatch become regex and wildcard leaves. */
  private external(name: string, args: Sym[], kwargs: Record<string, Sym>, inTry: boolean): Sym {
    const [a, b, c] = args;
    const flags = (name === 're.compile' ? b : c) ?? kwargs.flags;
    const ignoreCase = flags?.k === 'extern' && /IGNORECASE|\.I$/.test(flags.name);
    if ((name === 're.compile' || name === 're.search' || name === 're.match' || name === 're.fullmatch') && a?.k === 'const' && typeof a.v === 'string') {
      const r: Sym = { k: 'regex', pattern: a.v, ignoreCase };
      return name === 're.compile' ? r : this.regexTest(r as Extract<Sym, { k: 'regex' }>, name.slice(3), b);
    }
    // re.search(COMPILED, x): a pattern compiled by a module constant (EMAIL_REGEX = re.compile(...)).
    if ((name === 're.search' || name === 're.match' || name === 're.fullmatch') && a?.k === 'regex' && !c && !kwargs.flags) return this.regexTest(a, name.slice(3), b);
    // re.findall(p, x) without flags: every match, a computed list of texts (len() of it counts the matches); with
    // several groups its items are tuples, which no leaf compares but which unpack into their groups.
    if (name === 're.findall' && !flags && a?.k === 'const' && typeof a.v === 'string' && Number.isFinite(groupCount(a.v)) && b) {
      const d = b.k === 'field' || b.k === 'derived' || b.k === 'part' ? asDerived(b) : undefined;
      if (d && !yieldsList(d)) return withStep(d, { fn: 'find_all', args: [a.v] }, `re.findall(${JSON.stringify(a.v)}, ${d.text})`, 're.findall');
    }
    // shlex.split(x): the shell words of a text, a computed list (no value where shlex raises ValueError).
    if (name === 'shlex.split' && args.length === 1 && !Object.keys(kwargs).length && a) {
      const d = a.k === 'field' || a.k === 'derived' || a.k === 'part' ? asDerived(a) : undefined;
      if (d && !yieldsList(d)) return withStep(d, { fn: 'shell_split' }, `shlex.split(${d.text})`, 'shlex.split');
    }
    // urllib.parse.unquote(x): the text with its %xx escapes decoded (a `url_decode` step).
    if (name === 'urllib.parse.unquote' && args.length === 1 && !Object.keys(kwargs).length && a) return this.textStep(a, name, { fn: 'url_decode' }, 'unquote');
    // urlparse(x) / urlsplit(x): the URL's parts (whose .query is read below); parse_qs(x): its parameters.
    if ((name === 'urllib.parse.urlparse' || name === 'urllib.parse.urlsplit') && args.length === 1 && !Object.keys(kwargs).length && a) return this.textStep(a, name, { fn: 'url_parts' }, name.split('.').at(-1)!);
    if (name === 'urllib.parse.parse_qs' && args.length === 1 && !Object.keys(kwargs).length && a) return this.textStep(a, name, { fn: 'query_params' }, 'parse_qs');
    // json.loads(event.get("x")): fields inside the JSON text read as x.<path>.
    if (name === 'json.loads' && a?.k === 'field' && a.path.length) return { k: 'field', path: a.path, json: true };
    // (Of a text chosen by a decided test: a mocked cache read `get_dictionary(key) or {}`.)
    const text = a && this.iterable(a);
    if (name === 'json.loads' && text?.k === 'const' && typeof text.v === 'string') return jsonConstant(text.v);
    const known = dateCall(name, args, kwargs) ?? policyuniverseCall(name, args) ?? ipCall(name, args, inTry) ?? countryCall(name, args, kwargs) ?? epochCall(name, args);
    if (known) return known;
    if ((name === 'fnmatch.fnmatch' || name === 'fnmatch' || name === 'fnmatch.fnmatchcase') && b?.k === 'const' && typeof b.v === 'string') {
      const pattern = b.v;
      return {
        k: 'cond',
        c: this.apply(a ?? unknownSym('fnmatch'), (s) => (s.k === 'field' ? fieldLeaf(s, 'wildcard', [pattern]) : s.k === 'const' ? constWildcard(s.v, pattern) : unknownC('fnmatch on a computed value'))),
      };
    }
    return unknownSym(`external call: ${name}`);
  }

  /** A library function of one text as a derivation step, through the branches of a conditional value. */
  private textStep(a: Sym, name: string, step: DeriveStep, spelled: string): Sym {
    if (a.k === 'ite') return { k: 'ite', c: a.c, a: this.textStep(a.a, name, step, spelled), b: this.textStep(a.b, name, step, spelled) };
    if (a.k === 'call') return this.textStep(this.resolve(a), name, step, spelled);
    // f(None) raises TypeError: the rule errors on that path (as it does where the argument raised).
    if (a.k === 'const' && a.v === null) return { k: 'error', reason: 'TypeError' };
    if (a.k === 'error') return a;
    if (a.k === 'const' && typeof a.v === 'string') {
      const v = pyConstant(derive(a.v, [step]));
      return v !== undefined ? constSym(v) : unknownSym(`external call: ${name}`);
    }
    const d = a.k === 'field' || a.k === 'derived' || a.k === 'part' ? asDerived(a) : undefined;
    if (!d || yieldsList(d)) return unknownSym(`external call: ${name}`);
    return withStep(d, step, `${spelled}(${d.text})`, name);
  }

  /** policyuniverse's Policy.statements: the document's Statement as a list of Statement objects. */
  private statementList(doc: Field, expanded: boolean): Sym {
    const marker = elementMarker();
    const element: Sym = { k: 'object', cls: 'Statement', doc: { k: 'field', path: [marker] }, ...(expanded ? { expanded } : {}) };
    return { k: 'map', list: [...doc.path, 'Statement'], marker, elt: element, filter: TRUE };
  }

  /**
   * event.udm("name"): the data model of each of the rule's log types says where the value lives. `asPath`:
   * event.udm_path("name"), the mapping's own text (the path, or the method's name) instead of the value.
   */
  private udm(name: string, asPath = false): Sym {
    const found: { logType: string; value: Sym }[] = [];
    for (const logType of this.logTypes) {
      const m = this.lib.udm(logType, name);
      if (!m) continue;
      let value: Sym;
      if (asPath) value = m.path ? constSym(m.path.join('.')) : m.method ? constSym(m.method.fn) : unknownSym(`udm mapping: ${m.unsupported ?? name}`);
      else if (m.path) value = { k: 'field', path: m.path };
      else if (m.method) {
        const parsed = this.lib.dataModelModule(m.method.module);
        const fn = parsed && this.loadModule(`datamodel:${m.method.module}`, parsed).globals.get(m.method.fn);
        value = fn?.k === 'fn' ? this.callFunction(fn.fn, fn.mod, [{ k: 'field', path: [] }], {}) : unknownSym(`udm method: ${m.method.fn}`);
      } else value = unknownSym(`udm mapping: ${m.unsupported ?? name}`);
      found.push({ logType, value });
    }
    if (found.length === 0) return asPath ? constSym(null) : { k: 'field', path: [name] };
    const distinct = found.filter((f, i) => JSON.stringify(f.value) !== JSON.stringify(found[0].value) || i === 0);
    if (distinct.length === 1) return found[0].value;
    // Several log types with different mappings: Panther picks by the event's p_log_type.
    // The rule only sees its own log types: the last one needs no test.
    let value: Sym = found.length === this.logTypes.length ? found[found.length - 1].value : asPath ? constSym(null) : { k: 'field', path: [name] };
    for (let i = found.length - (found.length === this.logTypes.length ? 2 : 1); i >= 0; i--) {
      value = { k: 'ite', c: fieldLeaf({ k: 'field', path: ['p_log_type'] }, 'eq', [found[i].logType]), a: found[i].value, b: value };
    }
    return value;
  }
}

/** json.loads of a constant text (a mocked setting); invalid JSON raises. */
function jsonConstant(text: string): Sym {
  try {
    return constSym(pyValue(JSON.parse(text)));
  } catch {
    return { k: 'error', reason: 'JSONDecodeError' };
  }
}

/**
 * get_val_from_list(items, return_key, key, value): the set of item[return_key] over the items whose item[key] ==
 * value (panther_base_helpers), as a list built from an event list.
 */
function valuesFromList([list, ret, key, value]: Sym[]): Sym {
  const names = [ret, key].map((k) => (k?.k === 'const' && typeof k.v === 'string' ? k.v : undefined));
  if (list?.k !== 'field' || !list.path.length || !names[0] || !names[1] || value?.k !== 'const' || !isScalar(value.v) || value.v === null) {
    return unknownSym('get_val_from_list');
  }
  const marker = elementMarker();
  return { k: 'map', list: list.path, marker, elt: { k: 'field', path: [marker, names[0]] }, filter: fieldLeaf({ k: 'field', path: [marker, names[1]] }, 'eq', [value.v]) };
}

/** The Python type name of a value we know, for isinstance(). */
function typeOf(s: Sym): string | undefined {
  if (s.k === 'dict') return 'dict';
  if (isText(s)) return 'str';
  if (s.k !== 'const') return undefined;
  const v = s.v;
  if (v === null) return 'NoneType';
  if (typeof v === 'string') return 'str';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  return isDict(v) ? 'dict' : 'list';
}

function lowerDefault(d: PyVal | undefined): PyVal | undefined {
  return typeof d === 'string' ? d.toLowerCase() : d;
}

function constWildcard(v: PyVal, pattern: string): C {
  if (typeof v !== 'string') return FALSE;
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return re.test(v) ? TRUE : FALSE;
}
