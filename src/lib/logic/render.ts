/** Condition trees as text, in the catalog's notation: `eventName in ["A", "B"]`, one conjunct per line. */
import { leafMatch } from './tree.ts';
import type { Condition, Leaf, Value } from './types.ts';

export interface RenderOptions {
  /**
   * Show how each leaf compares, as rule pages do: the operator names its match kind when it differs from the
   * kind's default (`has` for whole terms, `match` for full text, `is_empty` for null-or-""), and `~` marks a
   * case-insensitive text comparison (`eq~`, `contains~`, `in~`). Without marks the text is the kind alone.
   */
  marks?: boolean;
}

export function renderValue(v: Value): string {
  if (typeof v === 'string') return JSON.stringify(v);
  return String(v);
}

const UNCASED = new Set(['cidr', 'gt', 'gte', 'lt', 'lte', 'is_null', 'is_not_null']);

/** Whether the leaf compares text, so that case matters: a string value on a textual kind. */
export function comparesText(l: Leaf): boolean {
  return !UNCASED.has(l.kind) && (l.otherField !== undefined || l.values.some((v) => typeof v === 'string'));
}

/** The operator of a leaf as pages print it (see RenderOptions.marks). */
export function leafOperator(l: Leaf, options: RenderOptions = {}): string {
  const all = l.all ? '_all' : '';
  if (!options.marks) return l.kind + all;
  const match = leafMatch(l);
  let op: string = l.kind;
  if (l.kind === 'is_null' || l.kind === 'is_not_null') op = match === 'empty' ? l.kind.replace('null', 'empty') : l.kind;
  else if (match === 'term') op = 'has';
  else if (match === 'fulltext' && l.kind !== 'keyword') op = 'match';
  else if (match === 'phrase') op = 'phrase';
  return op + all + (comparesText(l) && !l.caseSensitive ? '~' : '');
}

export function renderLeaf(l: Leaf, options: RenderOptions = {}): string {
  const op = leafOperator(l, options);
  if (l.kind === 'is_null' || l.kind === 'is_not_null') return `${l.field} ${op}`;
  if (l.listRef !== undefined) return `${l.field} ${op} list $${l.listRef}`;
  if (l.otherField !== undefined) return `${l.field} ${op} ${l.otherOfEvent ? 'event field' : 'field'} ${l.otherField}`;
  if (l.kind === 'in' || l.values.length !== 1) return `${l.field} ${op} [${l.values.map(renderValue).join(', ')}]`;
  return `${l.field} ${op} ${renderValue(l.values[0])}`;
}

/** Renders a condition; `nested` wraps and/or in parentheses. */
export function renderCondition(c: Condition, nested = false, options: RenderOptions = {}): string {
  switch (c.type) {
    case 'leaf':
      return renderLeaf(c, options);
    case 'not':
      return `not ${renderCondition(c.child, true, options)}`;
    case 'scope':
      return `${c.quantifier} ${c.field} (${renderCondition(c.child, false, options)})`;
    case 'and':
    case 'or': {
      const text = c.children.map((child) => renderCondition(child, true, options)).join(` ${c.type} `);
      return nested ? `(${text})` : text;
    }
  }
}

/** One line per top-level conjunct, as the Condition block of a rule page shows them. */
export function renderConjuncts(conjuncts: Condition[], options: RenderOptions = {}): string[] {
  return conjuncts.map((c) => renderCondition(c, false, options));
}
