/** `where` predicates → condition tree leaves, with KQL's case rules (==, has_cs, in are case-sensitive). */
import { lineColumn } from '../../diagnostics.ts';
import type { Derivation } from '../../logic/derive.ts';
import { and, leaf, not, or } from '../../logic/tree.ts';
import type { Condition, Leaf, LeafKind, MatchKind, Value } from '../../logic/types.ts';
import { checkBudget } from '../parsing/limits.ts';
import type { Derived } from './aggregates.ts';
import type { Expr } from './ast.ts';
import { constantValues, type Env, isTabular, isTime } from './bindings.ts';
import { type ComputedValue, computedValue } from './computed.ts';
import { constantComparison, constants } from './constants.ts';
import type { JoinPart } from './correlation.ts';
import { type PivotColumn, pivotCondition } from './pivot.ts';

/** What a column of the current pipeline stands for. */
export type ColumnDef =
  | { kind: 'field'; path: string; caseInsensitive?: boolean }
  /**
   * A value the query computed (extend with a function, parse, bag_unpack...): `reason` says how; `value` is the
   * computation written out over source fields, when it reads only those (then a filter on it is a leaf).
   */
  | { kind: 'computed'; reason: string; value?: ComputedValue }
  /**
   * An aggregate of summarize (count_, dcount_X, StartTime = min(...)); `derived` when a later operator computed it
   * from aggregates (`Diff = FailureCount - SuccessCount`, `series_decompose_anomalies(Total, ...)`).
   */
  | { kind: 'aggregate'; derived?: Derived }
  /** A column `evaluate pivot` made of list elements that name it (pivot.ts). */
  | PivotColumn;

export interface Scope {
  env: Env;
  /** The definition of a column; undefined means a source field of that name. */
  column(name: string): ColumnDef | undefined;
}

/** A list another query gives: the leaf names it (Leaf.listRef) instead of holding values. */
export interface ListRef {
  listRef: string;
}

export interface Ctx {
  /** The query text, for leaf locations. */
  text: string;
  reasons: string[];
  /**
   * Values of a tabular expression used as a list (`in (Allowed)` with a datatable), or the name of the list another
   * query gives (a subquery, externaldata, a watchlist: then a stage of the rule); undefined (and a reason) when unknown.
   */
  tableValues(e: Expr, env: Env): Value[] | ListRef | undefined;
  /** The queries whose rows are lists a filter reads (`in (OtherQuery)`), as stages (shared by nested evaluators). */
  lists?: JoinPart[];
  /** Tables read by the right side of joins and lookups anywhere in the query (shared by nested evaluators). */
  joinedTables?: string[];
}

/**
 * A translated predicate: a condition (exact, or broader than the rule when parts were dropped), always true,
 * never true (a switch the rule's lets turn off: `EnableFilter == false` with `let EnableFilter = true`), or unknown.
 */
export type Translated = { kind: 'cond'; cond: Condition; exact: boolean } | { kind: 'true' } | { kind: 'false' } | { kind: 'unknown' };

const TRUE: Translated = { kind: 'true' };
const FALSE: Translated = { kind: 'false' };
const UNKNOWN: Translated = { kind: 'unknown' };

function unknown(ctx: Ctx, reason: string): Translated {
  ctx.reasons.push(reason);
  return UNKNOWN;
}

export interface FieldRef {
  field: string;
  caseInsensitive?: boolean;
  /** The reason a computed column gives when a filter reads it. */
  computed?: string;
  aggregate?: boolean;
  /** Set when `field` is a computation written out over source fields: the functions it calls. */
  functions?: string[];
  /** That computation as runnable steps, when it has them. */
  derive?: Derivation;
  /** Set when the column is a pivot of list elements: a leaf on it tests one element. */
  pivot?: PivotColumn;
}

/** The field an expression reads, or else the value it computes from the row's source fields. */
function refOf(e: Expr, scope: Scope): FieldRef | undefined {
  const ref = fieldOf(e, scope);
  if (ref && !ref.computed) return ref;
  if (e.type === 'literal' || e.type === 'dynamic') return undefined;
  const value = computedValue(e, scope);
  return value ? { field: value.text, functions: value.functions, ...(value.pivot && { pivot: value.pivot }) } : ref;
}

/** Functions that leave a field's value as it is for matching purposes (type conversions, JSON parsing). */
const TRANSPARENT = new Set(['tostring', 'toint', 'tolong', 'todouble', 'toreal', 'tobool', 'toboolean', 'todynamic', 'parse_json', 'parse_xml', 'todatetime', 'todecimal', 'toguid']);

/** The field an expression reads: `A`, `A.b`, `parse_json(A).b`, `tostring(A["b"])`, `column_ifexists("A", "")`. */
export function fieldOf(e: Expr, scope: Scope): FieldRef | undefined {
  switch (e.type) {
    case 'name': {
      if (!e.name) return undefined; // a name the parser expected but did not find
      if (scope.env.has(e.name) && scope.env.get(e.name)!.kind !== 'tabular') return undefined;
      return columnRef(e.name, scope);
    }
    case 'path': {
      if (e.base.type === 'name' && (e.base.name === '$left' || e.base.name === '$right')) return columnRef(e.member, scope);
      const base = fieldOf(e.base, scope);
      return base && { ...base, field: `${base.field}.${e.member}` };
    }
    case 'index': {
      const base = fieldOf(e.base, scope);
      const i = e.index.type === 'literal' ? e.index.value : e.index.type === 'unary' ? constantValues(e.index, scope.env)?.[0] : undefined;
      if (!base || typeof i !== 'number') return undefined;
      return { ...base, field: `${base.field}[${i}]` };
    }
    case 'call': {
      const name = e.name.toLowerCase();
      if (TRANSPARENT.has(name) && e.args.length === 1) return fieldOf(e.args[0], scope);
      if ((name === 'tolower' || name === 'toupper') && e.args.length === 1) {
        const inner = fieldOf(e.args[0], scope);
        return inner && { ...inner, caseInsensitive: true };
      }
      // trim('"', X) strips the quotes of a JSON-encoded string (Entra ID modifiedProperties): the value of X.
      if (name === 'trim' && e.args.length === 2 && e.args[0].type === 'literal' && (e.args[0].value === '"' || e.args[0].value === '\\"')) {
        return fieldOf(e.args[1], scope);
      }
      if (name === 'column_ifexists' && e.args[0]?.type === 'literal' && typeof e.args[0].value === 'string') return columnRef(e.args[0].value, scope);
      // extractjson("$.state", Field) reads Field.state.
      if ((name === 'extractjson' || name === 'extract_json') && e.args[0]?.type === 'literal' && typeof e.args[0].value === 'string') {
        const path = /^\$((\.[A-Za-z_][\w]*)+)$/.exec(e.args[0].value)?.[1];
        const base = path && e.args[1] ? fieldOf(e.args[1], scope) : undefined;
        return base && { ...base, field: `${base.field}${path}` };
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** True when the expression reads a column that summarize (or make-series) computed. */
export function readsAggregate(e: Expr, scope: Scope): boolean {
  if (e.type === 'name') return scope.column(e.name)?.kind === 'aggregate';
  return Object.values(e).some((child) =>
    Array.isArray(child)
      ? child.some((c) => c && typeof c === 'object' && 'type' in c && readsAggregate(c as Expr, scope))
      : child && typeof child === 'object' && 'type' in child && readsAggregate(child as Expr, scope),
  );
}

function columnRef(name: string, scope: Scope): FieldRef {
  const def = scope.column(name);
  if (!def) return { field: name };
  if (def.kind === 'field') return { field: def.path, caseInsensitive: def.caseInsensitive };
  if (def.kind === 'aggregate') return { field: name, aggregate: true };
  if (def.kind === 'pivot') return { field: name, pivot: def };
  if (def.value) return { field: def.value.text, functions: def.value.functions, ...(def.value.derive && { derive: def.value.derive }), ...(def.value.pivot && { pivot: def.value.pivot }) };
  return { field: name, computed: def.reason };
}

interface OpSpec {
  kind: LeafKind;
  caseSensitive?: boolean;
  negated?: boolean;
  /** When the comparison is not the default of `kind`: `has` compares whole terms. */
  match?: MatchKind;
}

/**
 * Binary string and comparison operators. `has` matches whole terms (kind contains, match term); `hasprefix` /
 * `hassuffix` (a term starting / ending with the value) read as substring, the closest kind that never misses.
 */
const BINARY: Record<string, OpSpec> = {};
function define(ops: string[], kind: LeafKind, caseSensitive = false, match?: MatchKind) {
  for (const op of ops) {
    BINARY[op] = { kind, caseSensitive, match };
    BINARY[`!${op}`] = { kind, caseSensitive, match, negated: true };
  }
}
define(['=~'], 'eq');
define(['has'], 'contains', false, 'term');
define(['has_cs'], 'contains', true, 'term');
define(['contains', 'hasprefix', 'hassuffix'], 'contains');
define(['contains_cs', 'hasprefix_cs', 'hassuffix_cs'], 'contains', true);
define(['startswith'], 'startswith');
define(['startswith_cs'], 'startswith', true);
define(['endswith'], 'endswith');
define(['endswith_cs'], 'endswith', true);
BINARY['=='] = { kind: 'eq', caseSensitive: true };
BINARY['!='] = { kind: 'eq', caseSensitive: true, negated: true };
BINARY['<>'] = BINARY['!='];
BINARY['!~'] = { kind: 'eq', negated: true };
BINARY['matches regex'] = { kind: 'regex', caseSensitive: true };
BINARY['<'] = { kind: 'lt' };
BINARY['<='] = { kind: 'lte' };
BINARY['>'] = { kind: 'gt' };
BINARY['>='] = { kind: 'gte' };

const FLIPPED: Partial<Record<LeafKind, LeafKind>> = { lt: 'gt', gt: 'lt', lte: 'gte', gte: 'lte' };

const LIST: Record<string, OpSpec & { all?: boolean }> = {
  in: { kind: 'in', caseSensitive: true },
  '!in': { kind: 'in', caseSensitive: true, negated: true },
  'in~': { kind: 'in' },
  '!in~': { kind: 'in', negated: true },
  has_any: { kind: 'contains', match: 'term' },
  has_all: { kind: 'contains', all: true, match: 'term' },
};

const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];

export class PredicateTranslator {
  constructor(
    private readonly scope: Scope,
    private readonly ctx: Ctx,
    /** In `search`, a bare string matches anywhere in the row. */
    private readonly search = false,
  ) {}

  translate(e: Expr): Translated {
    checkBudget();
    switch (e.type) {
      case 'binary':
        if (e.op === 'and') return this.and([this.translate(e.left), this.translate(e.right)]);
        if (e.op === 'or') return this.or([this.translate(e.left), this.translate(e.right)]);
        return this.comparison(e.op, e.left, e.right, e.start);
      case 'list':
        return this.listOp(e.op, e.left, e.items, e.start);
      case 'between':
        return this.between(e);
      case 'call':
        return this.call(e.name.toLowerCase(), e.args, e.start);
      case 'literal':
        if (this.search && typeof e.value === 'string') return this.leafOf({ field: '*' }, 'keyword', [e.value], false, e.start);
        return e.value === true ? TRUE : unknown(this.ctx, `constant condition: ${e.raw}`);
      case 'name':
      case 'path': {
        if (e.type === 'name' && this.scope.env.has(e.name) && this.scope.env.get(e.name)!.kind !== 'tabular') {
          const b = this.scope.env.get(e.name)!;
          if (b.kind === 'scalar' && b.value === true) return TRUE;
          if (b.kind === 'scalar' && b.value === false) return FALSE;
          return unknown(this.ctx, `computed value: ${e.name}`);
        }
        const ref = fieldOf(e, this.scope);
        return ref ? this.leafOf(ref, 'eq', [true], false, e.start) : unknown(this.ctx, `unsupported expression: ${e.type}`);
      }
      default:
        return unknown(this.ctx, `unsupported expression: ${e.type === 'other' ? e.nodeType : e.type}`);
    }
  }

  private and(parts: Translated[]): Translated {
    if (parts.some((p) => p.kind === 'false')) return FALSE;
    const conds = parts.flatMap((p) => (p.kind === 'cond' ? [p] : []));
    const exact = parts.every((p) => p.kind !== 'unknown' && (p.kind !== 'cond' || p.exact));
    if (conds.length === 0) return parts.some((p) => p.kind === 'unknown') ? UNKNOWN : TRUE;
    return { kind: 'cond', cond: and(...conds.map((c) => c.cond))!, exact };
  }

  private or(all: Translated[]): Translated {
    const parts = all.filter((p) => p.kind !== 'false');
    if (!parts.length) return FALSE;
    if (parts.some((p) => p.kind === 'unknown')) return UNKNOWN;
    if (parts.some((p) => p.kind === 'true')) return TRUE;
    const conds = parts as { kind: 'cond'; cond: Condition; exact: boolean }[];
    return { kind: 'cond', cond: or(...conds.map((c) => c.cond))!, exact: conds.every((c) => c.exact) };
  }

  /** Negation is only sound over an exact condition: not(broader) would be narrower than the rule. */
  private negate(t: Translated): Translated {
    if (t.kind === 'cond' && t.exact) return { kind: 'cond', cond: not(t.cond)!, exact: true };
    if (t.kind === 'false') return TRUE;
    return t.kind === 'unknown' ? UNKNOWN : unknown(this.ctx, 'negated condition that cannot be followed');
  }

  private leafOf(ref: FieldRef, kind: LeafKind, values: Value[], caseSensitive: boolean, start: number, all = false, match?: MatchKind): Translated {
    if (ref.aggregate) return unknown(this.ctx, `threshold over aggregate: ${ref.field}`);
    if (ref.computed) this.ctx.reasons.push(ref.computed);
    const extra: Record<string, unknown> = { loc: lineColumn(this.ctx.text, start) };
    if (ref.pivot) {
      const member = ref.functions ? { field: ref.field, functions: ref.functions } : { field: ref.pivot.value };
      const rest = this.leafOf({ ...member, caseInsensitive: ref.caseInsensitive }, kind, values, caseSensitive, start, all, match);
      if (rest.kind !== 'cond' || rest.cond.type !== 'leaf') return rest;
      const { type: _t, field, kind: _k, values: _v, ...own } = rest.cond;
      return { kind: 'cond', cond: pivotCondition(ref.pivot, field, kind, values, own), exact: true };
    }
    if (ref.functions) extra.computed = ref.functions;
    if (ref.derive) extra.derive = ref.derive;
    // Case is stated wherever text is compared: KQL's == / in / *_cs are sensitive, =~ / in~ / has / contains are not.
    if (caseSensitive && !ref.caseInsensitive) extra.caseSensitive = true;
    else if (values.some((v) => typeof v === 'string')) extra.caseSensitive = false;
    if (all) extra.all = true;
    if (match) extra.match = match;
    return { kind: 'cond', cond: leaf(ref.field, kind, values, extra), exact: true };
  }

  private comparison(op: string, left: Expr, right: Expr, start: number): Translated {
    const spec = BINARY[op];
    if (!spec) return unknown(this.ctx, `unsupported operator: ${op}`);
    const folded = constantComparison(op, left, right, this.scope.env);
    if (folded !== undefined) return folded ? TRUE : FALSE;
    // Time between two columns (`DeletedTime - CreatedTime < 10m`) relates two events: no leaf says that.
    const span = [left, right].find((e) => e.type === 'binary' && fieldOf(e.left, this.scope) && fieldOf(e.right, this.scope));
    if (span?.type === 'binary') return unknown(this.ctx, `field comparison: ${describe(span.left)} ${span.op} ${describe(span.right)} ${op} ...`);
    if (isTime(right, this.scope.env) || isTime(left, this.scope.env)) return TRUE; // the query's time window
    if (left.type === 'star' && spec.kind === 'contains' && !spec.negated) {
      const words = constants(right, this.scope.env);
      return words ? this.leafOf({ field: '*' }, 'keyword', words, !!spec.caseSensitive, start, false, spec.match) : this.unknownValue(right);
    }
    let ref = constants(left, this.scope.env) ? undefined : refOf(left, this.scope);
    let valueSide = right;
    let kind = spec.kind;
    if (!ref) {
      const swapped = refOf(right, this.scope);
      if (swapped && constants(left, this.scope.env)) {
        ref = swapped;
        valueSide = left;
        kind = FLIPPED[kind] ?? kind;
      }
    }
    if (!ref) return this.noField(left, right);
    if (ref.aggregate) return unknown(this.ctx, `threshold over aggregate: ${ref.field}`);
    const values = constants(valueSide, this.scope.env);
    if (!values) {
      const other = this.otherField(ref, valueSide, kind, !!spec.caseSensitive, start);
      if (other) return spec.negated ? this.negate(other) : other;
      const both = this.computedComparison(ref, op, valueSide, valueSide === right, start);
      return both ?? this.unknownValue(valueSide);
    }
    const t = this.leafOf(ref, values.length > 1 && kind === 'eq' ? 'in' : kind, values, !!spec.caseSensitive, start, false, spec.match);
    return spec.negated ? this.negate(t) : t;
  }

  /**
   * Two source fields of the row compared (`InitiatedBy != TargetUser`): a leaf with `otherField`. Undefined when
   * either side is computed, aggregated or a joined column (those stay reasons, or the join's condition).
   */
  private otherField(ref: FieldRef, e: Expr, kind: LeafKind, caseSensitive: boolean, start: number): Translated | undefined {
    const other = refOf(e, this.scope);
    if (!other || other.computed || other.aggregate || ref.computed || other.pivot || ref.pivot || other.field === '*' || ref.field === '*') return undefined;
    if (!['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'contains', 'startswith', 'endswith'].includes(kind)) return undefined;
    if (ref.functions && other.functions) return undefined;
    // tolower(X) read as X compared case-insensitively holds against a constant, not against another column.
    if (ref.caseInsensitive || other.caseInsensitive) return undefined;
    // A field compared with a computed value: the computed side is the leaf's field, the other its otherField.
    const [main, second, how] = other.functions ? [other, ref, FLIPPED[kind] ?? (kind === 'eq' || kind === 'ne' ? kind : undefined)] : [ref, other, kind];
    if (!how) return undefined;
    const sensitive = caseSensitive && !ref.caseInsensitive && !other.caseInsensitive;
    const extra: Partial<Leaf> = { loc: lineColumn(this.ctx.text, start), otherField: second.field, caseSensitive: sensitive };
    if (main.functions) extra.computed = main.functions;
    return { kind: 'cond', cond: leaf(main.field, how, [], extra), exact: true };
  }

  /**
   * Two values the row computes compared (`extract("@(.*)", 1, A) != tolower(extract("@(.*)", 1, A))`): no leaf
   * splits that, so it is one computed leaf `eq true` whose field is the comparison as written out.
   */
  private computedComparison(ref: FieldRef, op: string, e: Expr, valueOnRight: boolean, start: number): Translated | undefined {
    const other = refOf(e, this.scope);
    if (!other?.functions || !ref.functions || ref.computed || ref.aggregate || ref.pivot) return undefined;
    const text = valueOnRight ? `${ref.field} ${op} ${other.field}` : `${other.field} ${op} ${ref.field}`;
    const computed = [...new Set([...ref.functions, ...other.functions])];
    return { kind: 'cond', cond: leaf(text, 'eq', [true], { loc: lineColumn(this.ctx.text, start), computed }), exact: true };
  }

  /**
   * A comparison whose side is neither a field nor a value computed from the row's fields: over summarized rows
   * (`array_length(DeletedTeams) > 3`, `datetime_diff('hour', EndTime, StartTime) < 8`) it is a condition on the
   * aggregates, which the summarize's correlation states as written.
   */
  private noField(e: Expr, ...others: Expr[]): Translated {
    if ([e, ...others].some((x) => readsAggregate(x, this.scope))) return unknown(this.ctx, `threshold over aggregate: ${describe(e)}`);
    return unknown(this.ctx, `computed expression: ${describe(e)}`);
  }

  private unknownValue(e: Expr): Translated {
    if (fieldOf(e, this.scope)) return unknown(this.ctx, `field comparison: ${describe(e)}`);
    if (e.type === 'name') return unknown(this.ctx, `computed value: ${e.name}`);
    return unknown(this.ctx, `computed value: ${describe(e)}`);
  }

  /**
   * The alternatives of an in / has_any list: literals, let-bound lists, datatables; or the one list another query
   * gives (a ListRef); undefined when one is unknown.
   */
  private listValues(items: Expr[]): Value[] | ListRef | undefined {
    const out: Value[] = [];
    for (const item of items) {
      const constant = constants(item, this.scope.env);
      if (constant) {
        out.push(...constant);
        continue;
      }
      if (isTabular(item, this.scope.env)) {
        const rows = this.ctx.tableValues(item, this.scope.env);
        if (!rows) return undefined;
        if (!Array.isArray(rows)) {
          if (items.length === 1) return rows;
          this.ctx.reasons.push(`subquery: ${rows.listRef} among other values`);
          return undefined;
        }
        out.push(...rows);
        continue;
      }
      this.unknownValue(item);
      return undefined;
    }
    return out;
  }

  /** A leaf over a list's values, or naming the list another query gives. */
  private listLeaf(ref: FieldRef, kind: LeafKind, values: Value[] | ListRef, caseSensitive: boolean, start: number, all = false, match?: MatchKind): Translated {
    if (Array.isArray(values)) return this.leafOf(ref, kind, values, caseSensitive, start, all, match);
    const t = this.leafOf(ref, kind, [values.listRef], caseSensitive, start, all, match);
    return t.kind === 'cond' && t.cond.type === 'leaf' ? { ...t, cond: { ...t.cond, listRef: values.listRef } } : t;
  }

  private listOp(op: string, left: Expr, items: Expr[], start: number): Translated {
    const spec = LIST[op];
    if (!spec) return unknown(this.ctx, `unsupported operator: ${op}`);
    const ref = refOf(left, this.scope);
    if (!ref) return this.noField(left, ...items);
    const values = this.listValues(items);
    if (!values) return UNKNOWN;
    // An empty list is a placeholder the customer fills in; as shipped the leaf states it: `in []` matches nothing.
    const t = this.listLeaf(ref, spec.kind, values, !!spec.caseSensitive, start, spec.all, spec.match);
    return spec.negated ? this.negate(t) : t;
  }

  private between(e: Extract<Expr, { type: 'between' }>): Translated {
    // A bound computed from a column (`between (RoleCreateTime .. RoleCreateTime + 2d)`) relates two times of the
    // row (two joined events): a field comparison, not the query window.
    const relative = [e.low, e.high].find((bound) => readsColumn(bound, this.scope.env));
    if (relative) return unknown(this.ctx, `field comparison: ${describe(e.left)} between ${describe(relative)} ...`);
    if (isTime(e.low, this.scope.env) || isTime(e.high, this.scope.env)) return TRUE;
    const ref = refOf(e.left, this.scope);
    if (!ref) return this.noField(e.left, e.low, e.high);
    const low = constants(e.low, this.scope.env);
    const high = constants(e.high, this.scope.env);
    if (low?.length !== 1 || high?.length !== 1) return this.unknownValue(low ? e.high : e.low);
    const t = this.and([this.leafOf(ref, 'gte', low, false, e.start), this.leafOf(ref, 'lte', high, false, e.start)]);
    return e.negated ? this.negate(t) : t;
  }

  private call(name: string, args: Expr[], start: number): Translated {
    if (name === 'not' && args.length === 1) return this.negate(this.translate(args[0]));
    const ref = args[0] && refOf(args[0], this.scope);
    switch (name) {
      // isempty / isnotempty also count "" as empty; isnull / isnotnull test only for null.
      case 'isempty':
      case 'isnull':
        return ref ? this.leafOf(ref, 'is_null', [], false, start, false, name === 'isempty' ? 'empty' : undefined) : unknown(this.ctx, `computed expression: ${name}`);
      case 'isnotempty':
      case 'isnotnull':
        return ref ? this.leafOf(ref, 'is_not_null', [], false, start, false, name === 'isnotempty' ? 'empty' : undefined) : unknown(this.ctx, `computed expression: ${name}`);
      case 'ipv4_is_private':
        return ref ? this.leafOf(ref, 'cidr', PRIVATE_RANGES, false, start) : unknown(this.ctx, `computed expression: ${name}`);
      case 'ipv4_is_in_range':
      case 'ipv6_is_in_range':
      case 'ipv4_is_in_any_range':
      case 'ipv6_is_in_any_range': {
        if (!ref) return unknown(this.ctx, `computed expression: ${name}`);
        const ranges = this.listValues(args.slice(1));
        return ranges ? this.listLeaf(ref, 'cidr', ranges, false, start) : UNKNOWN;
      }
      case 'set_has_element': {
        // An array field holding the value: like a filter on an mv-expanded item.
        const values = args[1] && constants(args[1], this.scope.env);
        if (!ref) return unknown(this.ctx, `computed expression: ${name}`);
        return values ? this.leafOf(ref, values.length > 1 ? 'in' : 'eq', values, true, start) : this.unknownValue(args[1]);
      }
      default:
        return unknown(this.ctx, `unsupported function: ${name}`);
    }
  }
}

/** True when an expression reads a column of the row (a name no let binds), not only constants and lets. */
function readsColumn(e: Expr, env: Env): boolean {
  switch (e.type) {
    case 'name':
      return !!e.name && !env.has(e.name);
    case 'binary':
      return readsColumn(e.left, env) || readsColumn(e.right, env);
    case 'unary':
      return readsColumn(e.operand, env);
    case 'call':
      return e.args.some((a) => readsColumn(a, env));
    default:
      return false;
  }
}

function describe(e: Expr): string {
  switch (e.type) {
    case 'name':
      return e.name;
    case 'call':
      return `${e.name}()`;
    case 'path':
      return `${describe(e.base)}.${e.member}`;
    case 'index':
      return `${describe(e.base)}[]`;
    case 'dynamic':
      return `dynamic(${JSON.stringify(e.value) ?? '...'})`;
    default:
      return e.type;
  }
}
