/**
 * After `mv-expand` (and inside `mv-apply`) each row holds one item of a list, so every later filter on that item
 * holds on the same item: `mv-expand T = TargetResources | where T.type == "User" and T.displayName has "admin"`
 * is `any TargetResources (type eq "User" and displayName has "admin")`, not two independent tests of the list.
 * Each expansion is its own item: two `mv-apply ... = TargetResources` pick two items, which may differ.
 */
import { and, conjunctsOf, scope } from '../../logic/tree.ts';
import type { Condition } from '../../logic/types.ts';

/** One expansion: the list it reads and an identity, so that filters after it (and only they) share its item. */
export interface Item {
  list: string;
  id: number;
}

let expansions = 0;

/** A new item of `list`; an earlier expansion of the same list is no longer what its fields refer to. */
export function expand(items: Item[] | undefined, list: string): Item[] {
  return [...(items ?? []).filter((i) => i.list !== list), { list, id: ++expansions }];
}

/** The expansion each scope built here stands for. */
const itemOf = new WeakMap<Condition, number>();

/** The fields a condition reads: its leaves', and for a nested scope the list it ranges over. */
function fieldsRead(c: Condition): string[] {
  if (c.type === 'leaf' || c.type === 'scope') return [c.field];
  if (c.type === 'not') return fieldsRead(c.child);
  return c.children.flatMap(fieldsRead);
}

const under = (f: string, list: string) => f === list || f.startsWith(`${list}.`);

/** `c` with its fields relative to one item of `list` ("." for the item itself). */
function relative(c: Condition, list: string): Condition {
  const rel = (f: string) => (f === list ? '.' : f.slice(list.length + 1));
  switch (c.type) {
    case 'leaf':
      return { ...c, field: rel(c.field) };
    case 'scope': {
      // A nested item scope: its own child is already relative to its list.
      const node = { ...c, field: rel(c.field) };
      if (itemOf.has(c)) itemOf.set(node, itemOf.get(c)!);
      return node;
    }
    case 'not':
      return { type: 'not', child: relative(c.child, list) };
    default:
      return { type: c.type, children: c.children.map((x) => relative(x, list)) };
  }
}

/**
 * The conjuncts of `cond` that read one expanded item, each group as one `any <list> (...)` scope; a list expanded
 * from an item of another (`mv-expand Tag = TargetResource.tags`) is a scope inside the other's.
 */
export function scopeItems(cond: Condition | undefined, items: Item[] | undefined): Condition | undefined {
  if (!cond || !items?.length) return cond;
  let conjuncts = conjunctsOf(cond);
  for (const item of [...items].sort((a, b) => b.list.length - a.list.length)) {
    const mine = conjuncts.filter((c) => fieldsRead(c).length > 0 && fieldsRead(c).every((f) => under(f, item.list)));
    if (!mine.length) continue;
    const node = scope('any', item.list, and(...mine.map((c) => relative(c, item.list))))!;
    itemOf.set(node, item.id);
    conjuncts = [...conjuncts.filter((c) => !mine.includes(c)), node];
  }
  return and(...conjuncts);
}

/** Conjuncts with the scopes of one expansion merged into one (they test the same item), nested ones too. */
function merged(conjuncts: Condition[]): Condition | undefined {
  const out: Condition[] = [];
  for (const c of conjuncts) {
    const id = c.type === 'scope' ? itemOf.get(c) : undefined;
    const same = id === undefined ? undefined : out.find((o) => o.type === 'scope' && itemOf.get(o) === id);
    if (same?.type !== 'scope' || c.type !== 'scope') {
      out.push(c);
      continue;
    }
    const node = scope('any', same.field, merged([...conjunctsOf(same.child), ...conjunctsOf(c.child)]))!;
    itemOf.set(node, id!);
    out[out.indexOf(same)] = node;
  }
  return and(...out);
}

/** `a and b`, the scopes of one expansion merged into one. */
export function andItems(a: Condition | undefined, b: Condition | undefined): Condition | undefined {
  return merged([...conjunctsOf(a), ...conjunctsOf(b)]);
}
