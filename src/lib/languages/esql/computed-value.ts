/**
 * A value an ES|QL query computes per event (`eval n = length(x)`, `where length(x) > 5`), written as the rule
 * writes it, with the columns it reads replaced by what they stand for: an event field keeps its name, a renamed
 * column its field, an earlier eval column its own expression in brackets. So `where n > 5` becomes a leaf on
 * `length(x)` that names only fields of the event.
 */
import type { EsqlExpr } from './ast.ts';
import { fieldsOf } from './expressions.ts';

export interface ComputedValue {
  /** The computation as written, over event fields only. */
  text: string;
  /** The functions it calls, lower-cased as ES|QL reads them (`length`, `coalesce`); `arithmetic` for plain operators. */
  functions: string[];
}

/** What a column read inside a computation stands for; undefined when it is no per-event value (an aggregate). */
export type ColumnValue = { field: string } | { computed: ComputedValue } | undefined;

/** The computation of `e` (written `text`), or undefined when it reads a column that is no per-event value. */
export function computedValue(e: EsqlExpr, text: string, column: (name: string) => ColumnValue): ComputedValue | undefined {
  if (!fieldsOf(e).length) return undefined;
  let written = text;
  const functions = new Set(callsIn(e));
  for (const name of new Set(fieldsOf(e))) {
    const value = column(name);
    if (!value) return undefined;
    if ('field' in value) {
      if (value.field !== name) written = replaceColumn(written, name, value.field);
      continue;
    }
    written = replaceColumn(written, name, simple(value.computed.text) ? value.computed.text : `(${value.computed.text})`);
    for (const f of value.computed.functions) functions.add(f);
  }
  if (!functions.size) functions.add('arithmetic');
  return { text: outsideStrings(written, (part) => part.replace(/\s+/g, ' ').replace(/\(\s+/g, '(').replace(/\s+\)/g, ')')).trim(), functions: [...functions] };
}

function callsIn(e: EsqlExpr): string[] {
  switch (e.t) {
    case 'call':
      return [e.name, ...e.args.flatMap(callsIn)];
    case 'computed':
      return (e.operands ?? []).flatMap(callsIn);
    case 'compare':
      return [...callsIn(e.left), ...e.right.flatMap(callsIn)];
    case 'and':
    case 'or':
      return e.children.flatMap(callsIn);
    case 'not':
      return callsIn(e.child);
    default:
      return [];
  }
}

/** One name or one call (`a.b`, `length(x)`) needs no brackets where it replaces a column. */
function simple(text: string): boolean {
  if (/^[\w.@]+$/.test(text)) return true;
  const call = /^[\w.]+\(/.exec(text);
  if (!call || !text.endsWith(')')) return false;
  let depth = 0;
  const bare = text.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  for (let i = call[0].length - 1; i < bare.length; i++) {
    if (bare[i] === '(') depth++;
    else if (bare[i] === ')' && --depth === 0) return i === bare.length - 1;
  }
  return false;
}

/** Replaces the column `name` read in `text` (outside string literals) by `by`. */
function replaceColumn(text: string, name: string, by: string): string {
  const column = new RegExp(`(?<![\\w.@\`])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w.\`(])`, 'g');
  return outsideStrings(text, (part) => part.replace(column, by));
}

/** `text` with `f` applied to what lies outside its string literals. */
function outsideStrings(text: string, f: (part: string) => string): string {
  return text
    .split(/("""[\s\S]*?"""|"(?:[^"\\]|\\.)*")/)
    .map((part, i) => (i % 2 ? part : f(part)))
    .join('');
}
