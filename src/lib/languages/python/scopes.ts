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

/** Which fields a condition reads: the element's (under marker), others, or none (constants and plain unknowns). */
function reads(c: C, marker: string): { element: boolean; foreign: boolean } {
  const out = { element: false, foreign: false };
  const visit = (x: C | undefined): void => {
    if (!x) return;
    switch (x.type) {
      case 'leaf':
      case 'scope': {
        // A computed leaf reads the field its derivation starts from; a leaf may compare with a second field.
        // A side read from the whole event (otherOfEvent) is no field of ours: the scope's leaf reads it.
        const other = x.type === 'leaf' && x.leaf.otherField !== undefined && !x.leaf.otherOfEvent ? [x.leaf.otherDerive?.from ?? x.leaf.otherField] : [];
        const fields = x.type === 'leaf' ? [x.leaf.derive?.from ?? x.leaf.field, ...other] : [x.list?.derive.from ?? x.field];
        for (const field of fields) {
          if (isUnder(field, marker)) out.element = true;
          else out.foreign = true;
        }
        // A nested scope's own test reads its own element: nothing of ours.
        return;
      }
      case 'unknown':
        visit(x.implies);
        return visit(x.impliesNot);
      case 'and':
      case 'or':
        return x.cs.forEach(visit);
      case 'not':
        return visit(x.c);
      default:
        return;
    }
  };
  visit(c);
  return out;
}

/** A computed value's text with the element's path spelled relative: the element itself is `.` (`.lower()`, `len(.)`). */
function respelled(text: string, path: string, relativePath: string): string {
  const [first, ...rest] = text.split(path);
  return first + rest.map((part) => (relativePath === '.' && part.startsWith('.') ? part : relativePath + part)).join('');
}

/** The condition with the element's fields made relative to the element. */
function relativeTo(c: C, marker: string): C {
  switch (c.type) {
    case 'leaf': {
      const l = c.leaf;
      let out: Leaf = l;
      if (l.derive && isUnder(l.derive.from, marker)) {
        // The computed text names the element's field as the derivation does.
        const from = relative(l.derive.from, marker);
        out = { ...out, field: respelled(l.field, l.derive.from, from), derive: { ...l.derive, from } };
      } else if (isUnder(l.field, marker)) out = { ...out, field: relative(l.field, marker) };
      if (l.otherOfEvent || l.otherField === undefined) return out === l ? c : leafC(out);
      if (l.otherDerive && isUnder(l.otherDerive.from, marker)) {
        const from = relative(l.otherDerive.from, marker);
        out = { ...out, otherField: respelled(l.otherField, l.otherDerive.from, from), otherDerive: { ...l.otherDerive, from } };
      } else if (isUnder(l.otherField, marker)) out = { ...out, otherField: relative(l.otherField, marker) };
      return out === l ? c : leafC(out);
    }
    case 'scope': {
      // A list the item computes (`addr in item.Value.split(";")`) starts from the item's field too.
      if (c.list && isUnder(c.list.derive.from, marker)) {
        const from = relative(c.list.derive.from, marker);
        return { ...c, field: respelled(c.field, c.list.derive.from, from), list: { ...c.list, derive: { ...c.list.derive, from } } };
      }
      return isUnder(c.field, marker) ? { ...c, field: relative(c.field, marker) } : c;
    }
    case 'and':
    case 'or':
      return { type: c.type, cs: c.cs.map((x) => relativeTo(x, marker)) };
    case 'not':
      return { type: 'not', c: relativeTo(c.c, marker) };
    case 'unknown': {
      const out: C = { ...c };
      if (c.implies) out.implies = relativeTo(c.implies, marker);
      if (c.impliesNot) out.impliesNot = relativeTo(c.impliesNot, marker);
      return out;
    }
    default:
      return c;
  }
}

/**
 * "Some element of the list `listPath` passes `test`" where `test` reads the element through `marker`. Parts of the
 * test that read nothing of the element move out (`any(x: Q and E(x))` is `Q and any(x: E(x))`, `any(x: Q or E(x))`
 * is `(Q and the list is not empty) or any(x: E(x))`). Undefined when a part mixes both in a way that does not
 * split (a field of the element compared with a field outside it).
 */
export function anyElement(listPath: string[], marker: string, test: C, computed?: ComputedList): C | undefined {
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
  return split(markEventSides(test, marker, isUnder));
}
