/** The value lists of Kuery and Lucene (`field:(a or b or c*)`) as few leaves as they mean. */
import { or } from '../../logic/tree.ts';
import type { Condition, Leaf } from '../../logic/types.ts';

/** `field:(a or b or c*)`: the exact values become one `in` leaf, the patterns one `wildcard` leaf, CIDR blocks one `cidr` leaf. */
export function mergeAlternatives(c: Condition | undefined): Condition | undefined {
  if (c?.type !== 'or') return c;
  const merged: Condition[] = [];
  const groups = new Map<string, Leaf>();
  for (const child of c.children) {
    const mergeable = child.type === 'leaf' && ['eq', 'in', 'wildcard', 'cidr'].includes(child.kind);
    if (!mergeable) {
      merged.push(child);
      continue;
    }
    const kind = child.kind === 'wildcard' || child.kind === 'cidr' ? child.kind : 'in';
    const key = `${child.field}\u0000${kind}\u0000${!!child.caseSensitive}`;
    const group = groups.get(key);
    if (group) group.values.push(...child.values);
    else {
      const copy: Leaf = { ...child, kind, values: [...child.values] };
      if (!copy.caseSensitive) delete copy.caseSensitive;
      groups.set(key, copy);
      merged.push(copy);
    }
  }
  for (const g of groups.values()) if (g.kind === 'in' && g.values.length === 1) g.kind = 'eq';
  return or(...merged);
}
