/**
 * Windows event XML read through bag_unpack and pivot, as Sentinel's Windows rules do:
 *   extend EventData = parse_xml(EventData).EventData.Data | mv-expand EventData | evaluate bag_unpack(EventData)
 *   | extend Key = column_ifexists('@Name', ""), Value = column_ifexists('#text', "")
 *   | evaluate pivot(Key, any(Value), TimeGenerated, Computer, ...)
 * turns each `<Data Name="ObjectName">value</Data>` element into a column ObjectName. A filter on such a column is
 * a test of one element of the list: `any EventData.EventData.Data (@Name eq "ObjectName" and #text contains ...)`.
 */
import { and, leaf, not, scope } from '../../logic/tree.ts';
import type { Condition, Leaf, LeafKind, Value } from '../../logic/types.ts';
import type { Expr } from './ast.ts';

/** A column pivot made of the elements of `list` whose `key` member names it: its value is their `value` member. */
export interface PivotColumn {
  kind: 'pivot';
  list: string;
  key: string;
  value: string;
  name: string;
}

/** What pivot(Key, any(Value), kept columns...) makes of the rows, when Key and Value are members of one list's items. */
export interface Pivot {
  list: string;
  key: string;
  value: string;
  /** The columns pivot keeps as they were (its group-by columns). */
  kept: Set<string>;
}

/** Keys of an unpacked bag that cannot be table columns (`@Name`, `#text`: XML attribute and text nodes). */
export function isBagKey(name: string): boolean {
  return /^[@#]/.test(name);
}

/**
 * The pivot of `pivot(Key, any(Value), cols...)` when `fieldOf` gives Key and Value as members of one list; undefined
 * when the call is of another shape.
 */
export function pivotOf(call: Expr, fieldOf: (e: Expr) => string | undefined, lists: string[]): Pivot | undefined {
  if (call.type !== 'call' || call.args.length < 2) return undefined;
  const [keyArg, valueArg, ...rest] = call.args;
  const agg = valueArg.type === 'call' && ['any', 'take_any', 'max', 'min'].includes(valueArg.name.toLowerCase()) ? valueArg.args[0] : undefined;
  const key = fieldOf(keyArg);
  const value = agg && fieldOf(agg);
  const list = lists.find((l) => key?.startsWith(`${l}.`) && value?.startsWith(`${l}.`));
  if (!list || !key || !value) return undefined;
  const kept = new Set(rest.flatMap((e) => (e.type === 'name' ? [e.name] : [])));
  return { list, key: key.slice(list.length + 1), value: value.slice(list.length + 1), kept };
}

/**
 * The condition a leaf on a pivoted column states: one element named like the column passes the test on `member`
 * (its value member, or a computation over it such as `split(#text, "\\")[-1]`).
 */
export function pivotCondition(column: PivotColumn, member: string, kind: LeafKind, values: Value[], extra: Partial<Leaf>): Condition {
  const named = leaf(column.key, 'eq', [column.name], { caseSensitive: true });
  // A column no element names is empty: isempty(X) holds unless an element named X has a value.
  if (kind === 'is_null') return not(scope('any', column.list, and(named, leaf(member, 'is_not_null', [], extra))))!;
  return scope('any', column.list, and(named, leaf(member, kind, values, extra)))!;
}
