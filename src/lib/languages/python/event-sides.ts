/**
 * Comparisons of a loop's item with a value read outside the loop (`domain == primary_domain` where domain comes
 * from the item and primary_domain from the event): inside the scope the item's side is relative to the element
 * and the other side reads the whole event (Leaf.otherOfEvent). Sides read from an enclosing loop's item cannot
 * be said that way and are left as they are.
 */
import type { Leaf } from '../../logic/types.ts';
import { leafC, type C } from './conditions.ts';

/** Marker paths of loop items start with this character (scopes.ts), which no event field name holds. */
const MARKER_START = '\u0001';

const SYMMETRIC = new Set(['eq', 'ne']);

/** The condition with each leaf that compares the item (under `marker`) with an event value marked as such. */
export function markEventSides(c: C, marker: string, isUnder: (field: string, marker: string) => boolean): C {
  switch (c.type) {
    case 'leaf': {
      const marked = eventSide(c.leaf, marker, isUnder);
      return marked ? leafC(marked) : c;
    }
    case 'and':
    case 'or':
      return { type: c.type, cs: c.cs.map((x) => markEventSides(x, marker, isUnder)) };
    case 'not':
      return { type: 'not', c: markEventSides(c.c, marker, isUnder) };
    default:
      return c;
  }
}

function eventSide(l: Leaf, marker: string, isUnder: (field: string, marker: string) => boolean): Leaf | undefined {
  if (l.otherField === undefined || l.otherOfEvent) return undefined;
  const own = l.derive?.from ?? l.field;
  const other = l.otherDerive?.from ?? l.otherField;
  const ofEvent = (f: string) => !f.startsWith(MARKER_START);
  if (isUnder(own, marker) && !isUnder(other, marker) && ofEvent(other)) return { ...l, otherOfEvent: true };
  if (isUnder(own, marker) || !isUnder(other, marker) || !ofEvent(own) || !SYMMETRIC.has(l.kind)) return undefined;
  // `primary == domain` with domain the item's: the same test with the item's side first.
  const { derive, otherDerive, computed, ...rest } = l;
  const swapped: Leaf = { ...rest, field: l.otherField, otherField: l.field, otherOfEvent: true };
  if (otherDerive) {
    swapped.derive = otherDerive;
    if (computed?.length) swapped.computed = computed;
  }
  if (derive) swapped.otherDerive = derive;
  return swapped;
}
