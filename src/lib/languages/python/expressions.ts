/** Expressions of the symbolic Python interpreter: names, literals, comparisons, boolean operators. */
import { checkBudget } from '../parsing/limits.ts';
import type { CompareOp, Comprehension, Expr } from './ast.ts';
import { countTest, countTruth, inMap, keptItems, mapNotEmpty, members, memberships } from './collections.ts';
import { dateArithmetic, dateCompare, dateTruth } from './libraries.ts';
import { arithmetic, compareDifference } from './arithmetic.ts';
import { elementMarker } from './scopes.ts';
import { epochArithmetic } from './epoch.ts';
import { joinedEquals, joinedIn, lookupByJoined } from './joins.ts';
import { withAttribute } from './classes.ts';
import { ipAsUnknown, ipCompare } from './ipaddress.ts';
import { objectIndex, objectMembership } from './policyuniverse.ts';
import { FALSE, TRUE, cAnd, cNot, cOr, excludes, unknownC, type C } from './conditions.ts';
import { StatementRunner, type Env } from './interpret.ts';
import { matchGroup } from './regex-groups.ts';
import { jsonTruth } from './json-values.ts';
import { setComparison } from './sets.ts';
import { asDerived, compareValues, derivedLeaf, sliceOf, yieldsList, type Derived, constInDerived, derivedIndex, derivedTruth, derivedVsConst, derivedVsValue, fieldVsField, formatted, isText, partDerived, textYielding, splitDerived, unpackedGroups } from './derived.ts';
import { FLIP, compareConst, constInField, emptinessLeaf, fieldLeaf, fieldVsConst, lengthTest, partTest, partsCountTest, type Field } from './compare.ts';
import {
  constSym, describe, equalConst, isDict, isScalar, isSeq, iterConst, truthyConst, unknownSym,
  type ModuleEnv, type PyVal, type Sym,
} from './values.ts';

/** A sequence's items by position, as Python indexes it: 0 to n-1, and -n to -1 from the end. */
const positions = (seq: PyVal[]): [PyVal, PyVal][] => seq.flatMap((v, i) => [[i, v], [i - seq.length, v]] as [PyVal, PyVal][]);

/** A test on a value we cannot follow: unknown, holding or not only where the value exists. */
const unknownOf = (v: Extract<Sym, { k: 'unknown' }>): C => unknownC(v.reason, v.needs ? { implies: v.needs, impliesNot: v.needs } : {});

export abstract class ExpressionInterpreter extends StatementRunner {
  abstract call(e: Extract<Expr, { t: 'call' }>, env: Env, mod: ModuleEnv): Sym;
  abstract attribute(obj: Sym, name: string): Sym;
  abstract lookupName(id: string, env: Env, mod: ModuleEnv): Sym;

  ev(e: Expr, env: Env, mod: ModuleEnv): Sym {
    checkBudget();
    switch (e.t) {
      case 'name':
        return this.lookupName(e.id, env, mod);
      case 'const':
        return constSym(e.v);
      case 'fstring':
        return e.segments ? formatted(e.segments.map((x) => (typeof x === 'string' ? x : this.ev(x, env, mod)))) : { k: 'fstring' };
      case 'list':
      case 'tuple':
      case 'set': {
        const items = e.items.map((i) => this.ev(i, env, mod));
        if (items.every((i) => i.k === 'const')) return constSym({ seq: items.map((i) => (i as { v: PyVal }).v) });
        return { k: 'seq', items };
      }
      case 'dict':
        return this.dict(e, env, mod);
      case 'attr':
        return this.attribute(this.ev(e.obj, env, mod), e.name);
      case 'index':
        return this.index(this.ev(e.obj, env, mod), this.ev(e.index, env, mod));
      case 'starred':
        return unknownSym('unpacked argument');
      case 'slice': {
        const bound = (b: Expr | undefined) => (b ? this.ev(b, env, mod) : constSym(null));
        return sliceOf(this.ev(e.obj, env, mod), bound(e.lower), bound(e.upper));
      }
      case 'call':
        return this.call(e, env, mod);
      case 'bool': {
        const left = this.ev(e.left, env, mod);
        const right = this.ev(e.right, env, mod);
        // Two booleans: the value is the boolean itself.
        const isBool = (s: Sym) => s.k === 'cond' || (s.k === 'const' && typeof s.v === 'boolean');
        if (isBool(left) && isBool(right)) return { k: 'cond', c: this.cond(e, env, mod) };
        const c = this.truthy(left);
        // Its truth is `c and/or truthy(right)`: read through the branches, the left operand's truth would be
        // tested twice, and two unknowns cannot be seen to be the same one.
        const truth = e.op === 'or' ? cOr(c, this.truthy(right)) : cAnd(c, this.truthy(right));
        return e.op === 'or' ? { k: 'ite', c, a: left, b: right, truth } : { k: 'ite', c, a: right, b: left, truth };
      }
      case 'not':
      case 'compare':
        return { k: 'cond', c: this.cond(e, env, mod) };
      case 'neg': {
        const v = this.ev(e.operand, env, mod);
        return v.k === 'const' && typeof v.v === 'number' ? constSym(-v.v) : unknownSym('computed value: negation');
      }
      case 'binop':
        return this.binop(e.op, this.ev(e.left, env, mod), this.ev(e.right, env, mod));
      case 'ifexp':
        return { k: 'ite', c: this.cond(e.test, env, mod), a: this.ev(e.body, env, mod), b: this.ev(e.orelse, env, mod) };
      case 'comp':
        return this.comprehension(e, env, mod);
      case 'lambda':
        return unknownSym('lambda');
      case 'walrus': {
        const value = this.ev(e.value, env, mod);
        env.set(e.name, value);
        return value;
      }
      default:
        return unknownSym(e.reason ?? `unsupported expression: ${e.text.slice(0, 30)}`);
    }
  }

  /** A boolean context: `if`, `not`, `and`, `or`, `return x == y`. */
  cond(e: Expr, env: Env, mod: ModuleEnv): C {
    checkBudget();
    switch (e.t) {
      case 'bool': {
        const l = this.cond(e.left, env, mod);
        if (e.op === 'and' && l.type === 'false') return FALSE;
        if (e.op === 'or' && l.type === 'true') return TRUE;
        const r = this.cond(e.right, env, mod);
        return e.op === 'and' ? cAnd(l, r) : cOr(l, r);
      }
      case 'not':
        return cNot(this.cond(e.operand, env, mod));
      case 'compare':
        return this.compare(this.ev(e.left, env, mod), this.ev(e.right, env, mod), e.op);
      default:
        return this.truthy(this.ev(e, env, mod));
    }
  }

  truthy(s: Sym): C {
    if (s.k === 'call') return this.truthy(this.resolve(s));
    if (s.k === 'ite') {
      if (s.truth) return s.truth;
      if (s.c.type === 'true' || s.c.type === 'false') return this.truthy(s.c.type === 'true' ? s.a : s.b);
      // As apply() reads branches, but through truthy() so that `x and y` values inside keep their own truth.
      const pa = this.truthy(s.a);
      const pb = this.truthy(s.b);
      return cOr(cAnd(s.c, pa), excludes(pb, s.c) ? pb : cAnd(cNot(s.c), pb));
    }
    return this.apply(s, (v) => {
      switch (v.k) {
        case 'const':
          return truthyConst(v.v) ? TRUE : FALSE;
        case 'field':
          if (v.json) return jsonTruth(v) ?? unknownC('truth of parsed JSON');
          return v.path.length ? emptinessLeaf(v, 'is_not_null') : TRUE;
        case 'len':
          return emptinessLeaf(v.of, 'is_not_null');
        case 'part': {
          const d = partDerived(v);
          return d ? derivedTruth(d) : unknownC('truth of a split part');
        }
        case 'derived':
          return derivedTruth(v);
        case 'difference':
          return unknownC('truth of a difference');
        case 'cond':
          return v.c;
        case 'seq':
          return v.items.length ? TRUE : FALSE;
        case 'dict':
          return v.entries.length ? TRUE : v.open ? unknownC('dict built in a loop') : FALSE;
        case 'map':
          return mapNotEmpty(v);
        case 'members':
          return countTruth(memberships(v, (x, y, op) => this.compare(x, y, op)));
        case 'count':
          return countTruth(v.cs);
        case 'kept':
          return countTruth(v.keeps);
        case 'date':
          return dateTruth(v);
        case 'span':
          return unknownC('truth of a time span');
        case 'unknown':
          return unknownOf(v);
        case 'extern':
          return unknownC(`external call: ${v.name}`);
        case 'ip':
          return unknownOf(ipAsUnknown(v));
        default:
          return TRUE;
      }
    });
  }

  compare(l: Sym, r: Sym, op: CompareOp): C {
    return this.apply(l, (a) => this.apply(r, (b) => this.compareValues(a, b, op)));
  }

  private compareValues(a: Sym, b: Sym, op: CompareOp): C {
    const sets = setComparison(a, b, op);
    if (sets) return sets;
    if (op === 'not in') return cNot(this.compareValues(a, b, 'in'));
    if (op === '!=' || op === 'is not') return cNot(this.compareValues(a, b, '=='));
    if (op === 'is') op = '==';
    if (a.k === 'len' && b.k === 'const' && typeof b.v === 'number') return a.sep ? partsCountTest(a.of, a.sep, b.v, op) : lengthTest(a.of, b.v, op);
    if (a.k === 'count' && b.k === 'const' && typeof b.v === 'number') return countTest(a.cs, b.v, op);
    if (b.k === 'count' && a.k === 'const' && typeof a.v === 'number' && FLIP[op]) return countTest(b.cs, a.v, FLIP[op]!);
    const dated = dateCompare(a, b, op) ?? compareDifference(a, b, op);
    if (dated) return dated;
    const ip = ipCompare(a, b, op, (s, p) => this.apply(s, p));
    if (ip) return ip;
    if (op === 'in' && b.k === 'map') return inMap(a, b, (x, y, o) => this.compare(x, y, o));
    if (op === 'in' && b.k === 'object') return objectMembership(a, b);
    const joined = this.compareJoined(a, b, op);
    if (joined) return joined;
    // A list is never equal to a scalar (a helper's list of matches compared with one value).
    if (op === '==' && ((a.k === 'map' && b.k === 'const' && isScalar(b.v)) || (b.k === 'map' && a.k === 'const' && isScalar(a.v)))) return FALSE;
    if (op === 'in' && b.k === 'kept') return cOr(...b.items.map((item, i) => cAnd(b.keeps[i], this.compare(a, item, '=='))));
    if (a.k === 'part' && b.k === 'const' && (op === '==' || op === 'in')) return partTest(a, b.v, op);
    if (b.k === 'part' && a.k === 'const' && op === '==') return partTest(b, a.v, op);
    if (b.k === 'len' && a.k === 'const' && typeof a.v === 'number' && FLIP[op]) return this.compareValues(b, a, FLIP[op]!);
    if (a.k === 'const' && b.k === 'const') {
      // Undefined comparisons (None < 3, "a" in None) raise TypeError: the rule errors, no alert.
      return compareConst(a.v, b.v, op) ? TRUE : FALSE;
    }
    if (a.k === 'cond' && b.k === 'const' && typeof b.v === 'boolean' && op === '==') return b.v ? a.c : cNot(a.c);
    // re.search(...) is None: a match object is never None when the pattern matched.
    if (a.k === 'cond' && b.k === 'const' && b.v === null && op === '==') return cNot(a.c);
    if (b.k === 'cond' && a.k === 'const') return this.compareValues(b, a, op);
    if (a.k === 'field' && b.k === 'const') return fieldVsConst(a, b.v, op);
    if (a.k === 'const' && b.k === 'field') {
      if (op === 'in') return constInField(a.v, b);
      const flipped = FLIP[op];
      return flipped ? fieldVsConst(b, a.v, flipped) : unknownC('comparison');
    }
    if (op === 'in' && b.k === 'seq') return cOr(...b.items.map((item) => this.compare(a, item, '==')));
    if (op === 'in' && b.k === 'dict') {
      if (b.open) return unknownC('dict built in a loop');
      return cOr(...b.entries.map(([key]) => this.compare(a, constSym(key), '==')));
    }
    if (a.k === 'field' && b.k === 'field') return fieldVsField(a, b, op);
    const computed = this.compareComputed(a, b, op);
    if (computed) return computed;
    if (a.k === 'unknown') return unknownOf(a);
    if (b.k === 'unknown') return unknownOf(b);
    return unknownC(`comparison of ${describe(a)} and ${describe(b)}`);
  }

  /** A join of values (joins.ts) compared with a constant text, or tested for membership in a constant. */
  private compareJoined(a: Sym, b: Sym, op: CompareOp): C | undefined {
    const each = (x: Sym, y: Sym, o: CompareOp) => this.compare(x, y, o);
    if (a.k === 'joined' && b.k === 'const') return op === '==' ? joinedEquals(a, b.v, each) : op === 'in' ? (joinedIn(a, b.v, each) ?? unknownC('membership of a join')) : undefined;
    if (b.k === 'joined' && a.k === 'const' && op === '==') return joinedEquals(b, a.v, each);
    return undefined;
  }

  /** Comparisons of a computed value (a split part, a derived value) with a constant or a field. */
  private compareComputed(a: Sym, b: Sym, op: CompareOp): C | undefined {
    const da = a.k === 'field' ? undefined : asDerived(a);
    const db = b.k === 'field' ? undefined : asDerived(b);
    if (da && b.k === 'const') return derivedVsConst(da, b.v, op);
    if (db && a.k === 'const') {
      if (op === 'in') return constInDerived(a.v, db);
      return FLIP[op] ? derivedVsConst(db, a.v, FLIP[op]!) : undefined;
    }
    if (op === 'in') {
      const member = db && (a.k === 'field' || da) ? compareValues(db, 'eq', da ?? (a as Field), true) : undefined;
      return member ?? (da || db ? unknownC('membership in a computed value') : undefined);
    }
    if (da && (b.k === 'field' || db)) return derivedVsValue(da, db ?? (b as Field), op);
    if (db && a.k === 'field' && FLIP[op]) return derivedVsValue(db, a, FLIP[op]!);
    return undefined;
  }

  private dict(e: Extract<Expr, { t: 'dict' }>, env: Env, mod: ModuleEnv): Sym {
    const entries: [string, Sym][] = [];
    const constEntries: [PyVal, PyVal][] = [];
    let allConst = true;
    e.keys.forEach((k, i) => {
      const value = this.ev(e.values[i], env, mod);
      if (k === null) {
        allConst = false;
        if (value.k === 'dict') entries.push(...value.entries);
        else if (value.k === 'const' && isDict(value.v)) for (const [dk, dv] of value.v.dict) entries.push([String(dk), constSym(dv)]);
        return;
      }
      const key = this.ev(k, env, mod);
      if (key.k !== 'const' || !isScalar(key.v)) {
        allConst = false;
        return;
      }
      entries.push([String(key.v), value]);
      if (value.k === 'const') constEntries.push([key.v, value.v]);
      else allConst = false;
    });
    return allConst ? constSym({ dict: constEntries }) : { k: 'dict', entries };
  }

  /**
   * CONSTANTS[event value]: one branch per key of the constant dict (`f eq key`), else the fallback. A constant
   * sequence indexed by a computed number (`ORDER[x - 1]`) has one branch per position, negative ones included.
   */
  lookupByField(table: PyVal, f: Field | Extract<Sym, { k: 'part' }> | Derived, fallback: Sym): Sym {
    const entries = isDict(table) ? table.dict : f.k === 'derived' && isSeq(table) ? positions(table.seq) : undefined;
    if (!entries || entries.length > 60 || !entries.every(([k]) => isScalar(k) && (k !== null || f.k === 'field'))) return unknownSym('computed index');
    let value = fallback;
    for (let i = entries.length - 1; i >= 0; i--) {
      const [k, v] = entries[i];
      // A None key is the entry of a missing field (deep_get's None).
      const key = k as string | number | boolean;
      const c = f.k === 'field' ? (k === null ? fieldVsConst(f, null, '==') : fieldLeaf(f, 'eq', [key])) : f.k === 'derived' ? derivedLeaf(f, 'eq', [key]) : partTest(f, k, '==');
      value = { k: 'ite', c, a: constSym(v), b: value };
    }
    return value;
  }

  index(obj: Sym, idx: Sym): Sym {
    if (obj.k === 'ite') return { k: 'ite', c: obj.c, a: this.index(obj.a, idx), b: this.index(obj.b, idx) };
    if (obj.k === 'call') return this.index(this.resolve(obj), idx);
    if (obj.k === 'error') return obj;
    if (obj.k === 'const' && (idx.k === 'field' || (idx.k === 'derived' && !yieldsList(idx)))) return this.lookupByField(obj.v, idx, { k: 'error', reason: 'KeyError' });
    if (obj.k === 'const' && idx.k === 'joined') return lookupByJoined(obj.v, idx, (x, y, o) => this.compare(x, y, o)) ?? unknownSym('computed index');
    if (idx.k !== 'const' || !isScalar(idx.v)) return unknownSym('computed index');
    const key = idx.v;
    if (obj.k === 'split') {
      // split(sep)[0] / [-1] (rsplit(sep, 1)[-1]) can be tested; so can split(sep)[n] on one character (a regex).
      if (key === -1 || (key === 0 && !(obj.fromRight && obj.limited))) return { k: 'part', of: obj.of, sep: obj.sep, last: key === -1 };
      if (typeof key === 'number' && key > 0 && !obj.fromRight && !obj.limited && obj.sep.length === 1) return { k: 'part', of: obj.of, sep: obj.sep, last: false, nth: key };
      const d = splitDerived(obj);
      return (d && derivedIndex(d, key)) ?? unknownSym('method: split');
    }
    if (obj.k === 'field') return { k: 'field', path: [...obj.path, String(key)] };
    // [m.get("asn") for m in list][0]: the first item's field, list[0].asn.
    if (obj.k === 'map' && obj.filter.type === 'true' && obj.elt.k === 'field' && Object.keys(obj.elt).length === 2 && obj.elt.path[0] === obj.marker && typeof key === 'number' && key >= 0) {
      return { k: 'field', path: [...obj.list, String(key), ...obj.elt.path.slice(1)] };
    }
    if (obj.k === 'derived' || obj.k === 'part') {
      const d = asDerived(obj);
      return (d && derivedIndex(d, key)) ?? unknownSym('computed index');
    }
    if (obj.k === 'dict') return obj.entries.find(([k]) => k === String(key))?.[1] ?? unknownSym(obj.open ? 'dict built in a loop' : 'missing key');
    if (obj.k === 'seq' && typeof key === 'number') return obj.items.at(key) ?? unknownSym('index');
    if (obj.k === 'const') {
      const v = obj.v;
      if (isDict(v)) {
        const hit = v.dict.find(([k]) => equalConst(k, key));
        return hit ? constSym(hit[1]) : unknownSym('missing key');
      }
      if (isSeq(v) && typeof key === 'number') return v.seq.at(key) !== undefined ? constSym(v.seq.at(key)!) : unknownSym('index');
      if (typeof v === 'string' && typeof key === 'number') return constSym(v.at(key) ?? '');
    }
    if (obj.k === 'unknown') return obj;
    if (obj.k === 'object') return objectIndex(obj);
    // re.search(...)[0] raises TypeError when nothing matched, even where the value goes unused: not a test the tree states.
    if (obj.k === 'cond') this.reasons.push('match text of a regex search (raises when nothing matches)');
    if (obj.k === 'cond' && obj.match) return matchGroup(obj.match, obj.c, [constSym(key)]) ?? unknownSym('computed index');
    return unknownSym(`index into ${describe(obj)}`);
  }

  private binop(op: string, a: Sym, b: Sym): Sym {
    const dated = epochArithmetic(op, a, b) ?? dateArithmetic(op, a, b) ?? arithmetic(op, a, b);
    if (dated) return dated;
    // CONSTANT_SET & computed: the constants it holds.
    if (op === '&' && a.k === 'const' && isSeq(a.v) && b.k !== 'const') return members(a.v.seq, b);
    if (op === '&' && b.k === 'const' && isSeq(b.v) && a.k !== 'const') return members(b.v.seq, a);
    // An empty set united with a set of event values is that set (`cached | set(ids)` with nothing cached).
    const emptySeq = (s: Sym): boolean => (s.k === 'call' ? emptySeq(this.iterable(s)) : s.k === 'const' && isSeq(s.v) && s.v.seq.length === 0);
    if (op === '|' && (emptySeq(a) || emptySeq(b)) && (a.k === 'field' || b.k === 'field')) return emptySeq(a) ? b : a;
    if (op === '|' && a.k !== 'const') {
      const merged = this.mergeDicts(a, b);
      if (merged) return merged;
    }
    if (a.k === 'const' && b.k === 'const') {
      const x = a.v;
      const y = b.v;
      if (typeof x === 'number' && typeof y === 'number') {
        const r = op === '+' ? x + y : op === '-' ? x - y : op === '*' ? x * y : op === '/' ? x / y : op === '//' ? Math.floor(x / y) : op === '%' ? x % y : undefined;
        if (r !== undefined) return constSym(r);
      }
      if (op === '+' && typeof x === 'string' && typeof y === 'string') return constSym(x + y);
      if ((op === '+' || op === '|') && isSeq(x) && isSeq(y)) {
        const seq = [...x.seq];
        for (const item of y.seq) if (op === '+' || !seq.some((s) => equalConst(s, item))) seq.push(item);
        return constSym({ seq });
      }
      if (op === '|' && isDict(x) && isDict(y)) return constSym({ dict: [...x.dict, ...y.dict] });
      if (op === '-' && isSeq(x) && isSeq(y)) return constSym({ seq: x.seq.filter((i) => !y.seq.some((j) => equalConst(i, j))) });
      if (op === '&' && isSeq(x) && isSeq(y)) return constSym({ seq: x.seq.filter((i) => y.seq.some((j) => equalConst(i, j))) });
    }
    if (op === '+' && (isText(a) || isText(b))) {
      // "." + x, x + "/": the value between constant texts, as f"{x}" is.
      const concat = formatted([a, b]);
      if (concat.k === 'derived') return concat;
    }
    if (op === '+' || op === '%') {
      // "/apis/" + str(x): the value between constant texts, as f"/apis/{x}" (`+` raises on a non-string).
      if (op === '+' && (isText(a) || isText(b)) && [a, b].every((x) => x.k === 'const' || textYielding(x))) return formatted([a, b]);
      if (isText(a) || isText(b)) return { k: 'fstring' };
    }
    return unknownSym(`computed value: ${op}`);
  }

  private comprehension(e: Extract<Expr, { t: 'comp' }>, env: Env, mod: ModuleEnv): Sym {
    // {k: v for k, v in d.items() if ...}: at most the entries of d (what alert_context helpers build).
    const it = e.gen.iter;
    if (e.kind === 'dict' && it.t === 'call' && it.fn.t === 'attr' && it.fn.name === 'items') {
      const entries = this.dictEntries(this.ev(it.fn.obj, env, mod));
      if (entries) return { k: 'dict', entries };
    }
    const items = this.iterate(e.gen.iter, e.gen.vars, e.gen.conds, env, mod, (inner) => this.ev(e.elt, inner, mod));
    if (!items) return (e.kind !== 'dict' && (this.mapOver(e.gen, e.elt, env, mod) ?? keptItems(this, e.gen, e.elt, env, mod))) || unknownSym('comprehension over event values');
    if (e.kind === 'dict') return unknownSym('dict comprehension');
    if (items.every((i) => i.k === 'const')) return constSym({ seq: items.map((i) => (i as { v: PyVal }).v) });
    return { k: 'seq', items };
  }

  /** `[elt for x in event list if conds]`: a comprehension over the list's elements (collections.ts). */
  mapOver(gen: Comprehension, elt: Expr, env: Env, mod: ModuleEnv): Sym | undefined {
    if (gen.vars.length !== 1) return undefined;
    const list = this.itemList(this.ev(gen.iter, env, mod));
    if (!list) return undefined;
    const marker = list.marker ?? elementMarker();
    const inner = new Map(env);
    inner.set(gen.vars[0], list.element(marker));
    const filter = cAnd(list.filter ?? TRUE, ...gen.conds.map((c) => this.cond(c, inner, mod)));
    return { k: 'map', list: list.path, marker, elt: this.ev(elt, inner, mod), filter };
  }

  /** Unrolls `for vars in iter if conds` over a constant; undefined when the iterable is not constant. */
  iterate<T>(iterExpr: Expr, vars: string[], conds: Expr[], env: Env, mod: ModuleEnv, each: (inner: Env) => T): T[] | undefined {
    const iter = this.iterable(this.ev(iterExpr, env, mod));
    const items: Sym[] | undefined =
      iter.k === 'const' ? iterConst(iter.v)?.map(constSym) : iter.k === 'seq' ? iter.items : iter.k === 'dict' ? iter.entries.map(([k]) => constSym(k)) : undefined;
    if (!items || items.length > 300) return undefined;
    const out: T[] = [];
    for (const item of items) {
      const inner = new Map(env);
      if (vars.length === 1) inner.set(vars[0], item);
      else if (item.k === 'const' && isSeq(item.v)) vars.forEach((v, i) => inner.set(v, constSym((item.v as { seq: PyVal[] }).seq[i] ?? null)));
      else vars.forEach((v) => inner.set(v, unknownSym('loop variable')));
      const keep = cAnd(...conds.map((c) => this.cond(c, inner, mod)));
      if (keep.type === 'false') continue;
      if (keep.type !== 'true') return undefined;
      out.push(each(inner));
    }
    return out;
  }

  /** `a, b = value`: the parts of a tuple, following calls and branches. */
  private unpack(value: Sym, n: number): Sym[] | undefined {
    if (value.k === 'call') return this.unpack(this.resolve(value), n);
    if (value.k === 'seq') return value.items.length === n ? value.items : undefined;
    if (value.k === 'derived') return unpackedGroups(value, n);
    if (value.k === 'const' && isSeq(value.v)) return value.v.seq.length === n ? value.v.seq.map(constSym) : undefined;
    if (value.k === 'ite') {
      const a = this.unpack(value.a, n);
      const b = this.unpack(value.b, n);
      return a && b ? a.map((x, i) => ({ k: 'ite', c: value.c, a: x, b: b[i] })) : undefined;
    }
    return undefined;
  }

  assignTarget(target: Expr, value: Sym, env: Env, mod: ModuleEnv): void {
    if (target.t === 'name') {
      env.set(target.id, value);
      return;
    }
    if (target.t === 'tuple' || target.t === 'list') {
      const parts = this.unpack(value, target.items.length);
      target.items.forEach((t, i) => this.assignTarget(t, parts?.[i] ?? unknownSym('unpacked value'), env, mod));
      return;
    }
    if (target.t === 'attr' && target.obj.t === 'name') {
      // self.x = value in a method of a helper class (classes.ts).
      const obj = env.get(target.obj.id);
      const updated = obj && withAttribute(obj, target.name, value);
      if (updated) env.set(target.obj.id, updated);
      return;
    }
    if (target.t === 'index' && target.obj.t === 'name') {
      // context["key"] = value: keep building dicts (alert_context).
      // The dict may come from a helper that adds keys conditionally (an ite of dicts): its entries are their union.
      const obj = env.get(target.obj.id);
      const key = this.ev(target.index, env, mod);
      const entries = obj && this.dictEntries(obj);
      if (entries && key.k === 'const' && isScalar(key.v)) {
        const open = obj.k === 'dict' ? obj.open : undefined;
        env.set(target.obj.id, { k: 'dict', entries: [...entries.filter(([k]) => k !== String(key.v)), [String(key.v), value]], ...(open ? { open } : {}) });
      }
    }
  }
}
