/** `let` bindings: what a name stands for when a later filter or source uses it. */
import type { Value } from '../../logic/types.ts';
import type { Expr, Statement } from './ast.ts';

export type Binding =
  | { kind: 'scalar'; value: Value }
  | { kind: 'list'; values: Value[] }
  /** A point or span in time (ago(7d), now(), a timespan): filters against it are the query window. */
  | { kind: 'time' }
  | { kind: 'tabular'; expr: Expr; env: Env; name: string }
  | { kind: 'function'; params: string[]; body: Statement[]; env: Env; name: string }
  /** A value computed at run time (toscalar, strcat of columns...): known to exist, not known in advance. */
  | { kind: 'opaque'; text: string };

export type Env = ReadonlyMap<string, Binding>;

export const EMPTY_ENV: Env = new Map();

export function withBinding(env: Env, name: string, binding: Binding): Env {
  const next = new Map(env);
  next.set(name, binding);
  return next;
}

/** Functions whose result is a moment or a span of time. */
export const TIME_FUNCTIONS = new Set([
  'ago', 'now', 'datetime', 'todatetime', 'timespan', 'totimespan', 'startofday', 'startofweek', 'startofmonth',
  'startofyear', 'endofday', 'endofweek', 'endofmonth', 'endofyear', 'datetime_add', 'bin', 'floor', 'make_datetime',
  'unixtime_seconds_todatetime', 'unixtime_milliseconds_todatetime', 'ingestion_time',
]);

const TIMESPAN = /^\d+(\.\d+)?(d|h|m|s|ms|min|tick|microsecond|millisecond|second|minute|hour|day)s?$/i;

/** True when an expression (as a value) is a time: ago(...), now(), 1d, a let bound to one, arithmetic on those. */
export function isTime(e: Expr, env: Env): boolean {
  switch (e.type) {
    case 'call':
      return TIME_FUNCTIONS.has(e.name.toLowerCase());
    case 'literal':
      return typeof e.value === 'string' && (TIMESPAN.test(e.raw) || /^(datetime|timespan)\(/i.test(e.raw));
    case 'name':
      return env.get(e.name)?.kind === 'time';
    case 'binary':
      return ['+', '-', '*', '/'].includes(e.op) && (isTime(e.left, env) || isTime(e.right, env));
    case 'unary':
      return isTime(e.operand, env);
    default:
      return false;
  }
}

function isPrimitive(v: unknown): v is Value {
  return v === null || ['string', 'number', 'boolean'].includes(typeof v);
}

/** Constant values of an expression: a literal, a dynamic array, a let-bound scalar or list; undefined otherwise. */
export function constantValues(e: Expr, env: Env): Value[] | undefined {
  switch (e.type) {
    case 'literal':
      return [e.value];
    case 'unary': {
      const inner = constantValues(e.operand, env);
      if (e.op === '-' && inner?.length === 1 && typeof inner[0] === 'number') return [-inner[0]];
      return e.op === '+' ? inner : undefined;
    }
    case 'dynamic':
      if (Array.isArray(e.value) && e.value.every(isPrimitive)) return e.value as Value[];
      return isPrimitive(e.value) ? [e.value] : undefined;
    case 'name': {
      const b = env.get(e.name);
      if (b?.kind === 'scalar') return [b.value];
      if (b?.kind === 'list') return b.values;
      return undefined;
    }
    case 'call': {
      const name = e.name.toLowerCase();
      if (name === 'pack_array' || name === 'set_union' || name === 'array_concat') {
        const parts = e.args.map((a) => constantValues(a, env));
        return parts.every((p) => p !== undefined) ? parts.flat() as Value[] : undefined;
      }
      if (name === 'tostring' || name === 'tolower' || name === 'toupper') {
        const inner = e.args.length === 1 ? constantValues(e.args[0], env) : undefined;
        if (!inner) return undefined;
        if (name === 'tostring') return inner.map((v) => (v === null ? v : String(v)));
        return inner.map((v) => (typeof v === 'string' ? (name === 'tolower' ? v.toLowerCase() : v.toUpperCase()) : v));
      }
      if (name === 'strcat') {
        const parts = e.args.map((a) => constantValues(a, env));
        if (parts.some((p) => p?.length !== 1)) return undefined;
        return [parts.map((p) => String(p![0] ?? '')).join('')];
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** True when the expression is a tabular one (a source, a pipeline, a union...) rather than a scalar. */
export function isTabular(e: Expr, env: Env): boolean {
  switch (e.type) {
    case 'pipe':
    case 'union':
    case 'datatable':
    case 'externaldata':
    case 'materialize':
      return true;
    case 'name': {
      const b = env.get(e.name);
      return b ? b.kind === 'tabular' : true;
    }
    case 'call': {
      const b = env.get(e.name);
      if (b?.kind === 'function') return true;
      return ['table', '_getwatchlist', 'union'].includes(e.name.toLowerCase());
    }
    default:
      return false;
  }
}

/** What `let name = value` binds. */
/**
 * `toscalar(Q | summarize make_list(X))` (or make_set, without `by`; Q's summarize may sit behind a let name): the
 * one value is the list of Q's X values, so a filter using it as a list (`in`, has_any, an ASIM parameter) reads
 * the query that gives the list. Returns that query, or undefined when `e` is not such a toscalar.
 */
export function listQueryOf(e: Expr, env: Env): Expr | undefined {
  if (e.type !== 'toscalar') return undefined;
  const bound = e.expr.type === 'name' ? env.get(e.expr.name) : undefined;
  const q = bound?.kind === 'tabular' ? bound.expr : e.expr;
  if (q.type !== 'pipe' || !isTabular(q.input, bound?.kind === 'tabular' ? bound.env : env)) return undefined;
  const op = q.op;
  if (op.op !== 'summarize' || op.by.length || op.aggregates.length !== 1) return undefined;
  const agg = op.aggregates[0].type === 'named' ? op.aggregates[0].expr : op.aggregates[0];
  const listed = agg.type === 'call' && ['make_list', 'make_set'].includes(agg.name.toLowerCase()) && agg.args.length >= 1;
  return listed ? e.expr : undefined;
}

export function bindingOf(name: string, value: Expr, env: Env): Binding {
  if (value.type === 'function') return { kind: 'function', params: value.params, body: value.body, env, name };
  if (value.type === 'name' && env.has(value.name)) return env.get(value.name)!;
  if (isTime(value, env)) return { kind: 'time' };
  const listQuery = listQueryOf(value, env);
  if (listQuery) return { kind: 'tabular', expr: listQuery, env, name };
  if (isTabular(value, env)) return { kind: 'tabular', expr: value, env, name };
  const values = constantValues(value, env);
  if (values && (value.type === 'dynamic' || values.length !== 1)) return { kind: 'list', values };
  if (values) return { kind: 'scalar', value: values[0] };
  return { kind: 'opaque', text: value.type === 'other' ? value.text : value.type };
}
