/**
 * `$e.port = "4443" or $e.port = "2448"` reads better as `port in ["4443", "2448"]`: alternatives on the
 * same field with the same operator and case rule are merged into one leaf whose values are any-of.
 */
import type { Condition, Leaf, LeafKind } from '../../logic/types.ts';

const MERGEABLE: Partial<Record<LeafKind, LeafKind>> = {
  eq: 'in',
  in: 'in',
  regex: 'regex',
  contains: 'contains',
  startswith: 'startswith',
  endswith: 'endswith',
  cidr: 'cidr',
};

function keyOf(l: Leaf): string | undefined {
  const kind = MERGEABLE[l.kind];
  if (!kind || l.all) return undefined;
  return `${kind}\u0000${l.field}\u0000${l.caseSensitive ?? ''}`;
}

export function mergeAlternatives(c: Condition | undefined): Condition | undefined {
  if (!c || c.type !== 'or') return c;
  const groups = new Map<string, Leaf[]>();
  for (const child of c.children) {
    const key = child.type === 'leaf' ? keyOf(child) : undefined;
    if (key && child.type === 'leaf') groups.set(key, [...(groups.get(key) ?? []), child]);
  }
  const out: Condition[] = [];
  const done = new Set<string>();
  for (const child of c.children) {
    const key = child.type === 'leaf' ? keyOf(child) : undefined;
    const group = key ? groups.get(key)! : undefined;
    if (!key || !group || group.length < 2) {
      out.push(child);
      continue;
    }
    if (done.has(key)) continue;
    done.add(key);
    const first = group[0];
    out.push({ ...first, kind: MERGEABLE[first.kind]!, values: group.flatMap((l) => l.values) });
  }
  return out.length === 1 ? out[0] : { type: 'or', children: out };
}
