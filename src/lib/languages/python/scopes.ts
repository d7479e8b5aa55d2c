/**
 * Loops over the items of an event list read as array scopes: "some element of the list passes the test". While a
 * loop body is read, its variable stands for a marker path; the test is then rewritten relative to one element,
 * and what it reads outside the element (fields of the event, an enclosing loop's element) moves out of the scope.
 */
import { FALSE, cAnd, cNot, cOr, leafC, scopeOf, type C, type ComputedList } from './conditions.ts';
import { emptinessLeaf } from './compare.ts';
import { markEventSides } from './event-sides.ts';
import { byEventCases } from './event-cases.ts';
import type { Leaf } from '../../logic/types.ts';

/** Marker paths start with this character, which no event field name holds. */
const MARKER = '\u0001element';
let markers = 0;

/** A fresh marker for one loop variable (nested loops each get their own). */
export function elementMarker(): string {
  return `${MARKER}${++markers}`;
}

const isUnder = (field: string, marker: string) => field === marker || field.startsWith(`${marker}.`);
/** The field relative to the element; the element itself is "." (as MQL scopes write it). */
const relative = (field: string, marker: string) => (field === marker ? '.' : field.slice(marker.length + 1));

/** A path inside a scope that reads what the scope stands on starts with this (logic/types.ts Scope). */
const OUTER = '^.';

/** A path as seen `depth` scopes deep inside the test: how many levels it climbs, and the path it names there. */
function climbs(path: string): { n: number; rest: string } {
  let n = 0;
  while (path.startsWith(OUTER, n * OUTER.length)) n++;
  return { n, rest: path.slice(n * OUTER.length) };
}

/** Whether a path `depth` scopes deep reads the element (under marker), something outside it, or a nested element. */
function classify(path: string, marker: string, depth: number): 'element' | 'foreign' | 'nested' {
  const { n, rest } = climbs(path);
  if (n < depth) return 'nested';
  return n === depth && isUnder(rest, marker) ? 'element' : 'foreign';
}

/**
 * The path relative to the element, `depth` scopes deep: the element's fields relative to it; with `outer`, the
 * fields outside it climb one more level (`^.Name`), as a test comparing the element with them reads them.
 */
function rebased(path: string, marker: string, depth: number, outer: boolean): string {
  const { n, rest } = climbs(path);
  if (n !== depth) return path;
  if (isUnder(rest, marker)) return OUTER.repeat(depth) + relative(rest, marker);
  return outer ? OUTER.repeat(depth + 1) + rest : path;
}

/** The fields a leaf or scope reads: a computed leaf's derivation start, a second field it compares with, a scope's list. */
function fieldsOf(x: Extract<C, { type: 'leaf' | 'scope' }>): string[] {
  if (x.type === 'scope') return [x.list?.derive.from ?? x.field];
  const l = x.leaf;
  return [l.derive?.from ?? l.field, ...(l.otherField === undefined || l.otherOfEvent ? [] : [l.otherDerive?.from ?? l.otherField])];
}

/** Which fields a condition reads: the element's (under marker), others, or none (constants and plain unknowns). */
function reads(c: C, marker: string): { element: boolean; foreign: boolean } {
  const out = { element: false, foreign: false };
  const visit = (x: C | undefined, depth: number): void => {
    if (!x) return;
    switch (x.type) {
      case 'leaf':
      case 'scope': {
        // A side read from the whole event (otherOfEvent) is no field of ours: the scope's leaf reads it.
        for (const field of fieldsOf(x)) {
          const k = classify(field, marker, depth);
          if (k === 'element') out.element = true;
          else if (k === 'foreign') out.foreign = true;
        }
        // A nested scope's own test reads its own element, and ours only through `^.` paths.
        if (x.type === 'scope') visit(x.c, depth + 1);
        return;
      }
      case 'unknown':
        visit(x.implies, depth);
        return visit(x.impliesNot, depth);
      case 'and':
      case 'or':
        return x.cs.forEach((y) => visit(y, depth));
      case 'not':
        return visit(x.c, depth);
      default:
        return;
    }
  };
  visit(c, 0);
  return out;
}

/** A computed value's text with the element's path spelled relative: the element itself is `.` (`.lower()`, `len(.)`). */
function respelled(text: string, path: string, relativePath: string): string {
  if (path === relativePath) return text;
  const [first, ...rest] = text.split(path);
  return first + rest.map((part) => (relativePath === '.' && part.startsWith('.') ? part : relativePath + part)).join('');
}

/** The condition with the element's fields made relative to the element (and, with `outer`, the others climbing out). */
function relativeTo(c: C, marker: string, outer = false, depth = 0): C {
  const move = (path: string) => rebased(path, marker, depth, outer);
  switch (c.type) {
    case 'leaf': {
      const l = c.leaf;
      const out = { ...l };
      if (l.derive) {
        // The computed text names the element's field as the derivation does.
        const from = move(l.derive.from);
        Object.assign(out, { field: respelled(l.field, l.derive.from, from), derive: { ...l.derive, from } });
      } else out.field = move(l.field);
      if (l.otherOfEvent || l.otherField === undefined) return out.field === l.field ? c : leafC(out);
      if (l.otherDerive) {
        const from = move(l.otherDerive.from);
        Object.assign(out, { otherField: respelled(l.otherField!, l.otherDerive.from, from), otherDerive: { ...l.otherDerive, from } });
      } else if (l.otherField !== undefined) out.otherField = move(l.otherField);
      return out.field === l.field && out.otherField === l.otherField ? c : leafC(out);
    }
    case 'scope': {
      const field = c.list ? respelled(c.field, c.list.derive.from, move(c.list.derive.from)) : move(c.field);
      const list = c.list && { ...c.list, derive: { ...c.list.derive, from: move(c.list.derive.from) } };
      return { ...c, field, c: relativeTo(c.c, marker, outer, depth + 1), ...(list ? { list } : {}) };
    }
    case 'and':
    case 'or':
      return { type: c.type, cs: c.cs.map((x) => relativeTo(x, marker, outer, depth)) };
    case 'not':
      return { type: 'not', c: relativeTo(c.c, marker, outer, depth) };
    case 'unknown': {
      const out: C = { ...c };
      if (c.implies) out.implies = relativeTo(c.implies, marker, outer, depth);
      if (c.impliesNot) out.impliesNot = relativeTo(c.impliesNot, marker, outer, depth);
      return out;
    }
    default:
      return c;
  }
}

/**
 * "Some element of the list `listPath` passes `test`" where `test` reads the element through `marker`. Parts of the
 * test that read nothing of the element move out (`any(x: Q and E(x))` is `Q and any(x: E(x))`, `any(x: Q or E(x))`
 * is `(Q and the list is not empty) or any(x: E(x))`). A part that mixes both in a way that does not split (a field
 * of the element compared with a field outside it) gives undefined, unless `outer` asks to keep the whole test in
 * the scope, reading the outside fields through `^.` paths (`any Entries (RuleNumber lt field ^.RuleNumber)`).
 */
export function anyElement(listPath: string[], marker: string, test: C, computed?: ComputedList, outer = false): C | undefined {
  const list = listPath.join('.');
  // A computed list is not empty when its derivation yields a non-empty list.
  const nonEmpty = computed
    ? leafC({ type: 'leaf', field: list, kind: 'is_not_null', values: [], computed: computed.computed, derive: computed.derive, match: 'empty' })
    : emptinessLeaf({ k: 'field', path: listPath }, 'is_not_null');
  // What no split separates reads case by case on the event-only conditions it holds (event-cases.ts).
  let depth = 0;
  const eventOnly = (x: C) => {
    const r = reads(x, marker);
    return r.foreign && !r.element;
  };
  const split = (t: C): C | undefined => {
    const out = direct(t);
    if (out) return out;
    depth++;
    const cases = byEventCases(t, eventOnly, split, depth - 1);
    depth--;
    return cases;
  };
  const direct = (t: C): C | undefined => {
    if (t.type === 'true') return nonEmpty;
    if (t.type === 'false') return FALSE;
    const r = reads(t, marker);
    if (!r.foreign) return scopeOf(list, relativeTo(t, marker), computed);
    if (!r.element) return cAnd(t, nonEmpty);
    if (t.type === 'and') {
      const outside = t.cs.filter((x) => !reads(x, marker).element);
      const inside = t.cs.filter((x) => reads(x, marker).element);
      const mixed = inside.filter((x) => reads(x, marker).foreign);
      if (mixed.length > 0 && inside.length > 1) return undefined;
      const scoped = split(inside.length === 1 ? inside[0] : cAnd(...inside));
      return scoped && cAnd(...outside, scoped);
    }
    if (t.type === 'or') {
      // any() distributes over or: the element-only alternatives stay together in one scope.
      const own = t.cs.filter((x) => !reads(x, marker).foreign);
      const parts = t.cs.filter((x) => reads(x, marker).foreign).map(split);
      if (parts.some((p) => p === undefined)) return undefined;
      return cOr(...(own.length ? [split(cOr(...own))!] : []), ...(parts as C[]));
    }
    if (t.type === 'not' && (t.c.type === 'and' || t.c.type === 'or')) {
      const pushed = t.c.type === 'and' ? cOr(...t.c.cs.map(cNot)) : cAnd(...t.c.cs.map(cNot));
      return pushed.type === 'not' ? undefined : split(pushed);
    }
    return undefined;
  };
  return split(markEventSides(test, marker, isUnder)) ?? (outer ? scopeOf(list, relativeTo(test, marker, true), computed) : undefined);
}
