/** Condition trees as text, in the catalog's notation: `eventName in ["A", "B"]`, one conjunct per line. */
import type { Condition, Leaf, Value } from './types.ts';

export function renderValue(v: Value): string {
  if (typeof v === 'string') return JSON.stringify(v);
  return String(v);
}

export function renderLeaf(l: Leaf): string {
  if (l.kind === 'is_null' || l.kind === 'is_not_null') return `${l.field} ${l.kind}`;
  // Case sensitivity is shown beside the tables, not in the text: Python ==, KQL == and EQL == would all read eq_cs.
  const kind = l.kind + (l.all ? '_all' : '');
  if (l.listRef !== undefined) return `${l.field} ${kind} list $${l.listRef}`;
  if (l.kind === 'in' || l.values.length !== 1) return `${l.field} ${kind} [${l.values.map(renderValue).join(', ')}]`;
  return `${l.field} ${kind} ${renderValue(l.values[0])}`;
}

/** Renders a condition; `nested` wraps and/or in parentheses. */
export function renderCondition(c: Condition, nested = false): string {
  switch (c.type) {
    case 'leaf':
      return renderLeaf(c);
    case 'not':
      return `not ${renderCondition(c.child, true)}`;
    case 'scope':
      return `${c.quantifier} ${c.field} (${renderCondition(c.child)})`;
    case 'and':
    case 'or': {
      const text = c.children.map((child) => renderCondition(child, true)).join(` ${c.type} `);
      return nested ? `(${text})` : text;
    }
  }
}

/** One line per top-level conjunct, as the Condition block of a rule page shows them. */
export function renderConjuncts(conjuncts: Condition[]): string[] {
  return conjuncts.map((c) => renderCondition(c));
}
