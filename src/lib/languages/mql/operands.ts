/**
 * What an MQL operand reads: a field of the message (a dotted path, element-relative inside a lambda) or a value
 * the rule computes, written as the rule writes it with the functions it calls (`network.whois(sender.email.domain)
 * .days_old` calls network.whois). Arithmetic operators count as calls: the catalog computes neither.
 */
import type { MqlExpr } from './ast.ts';
import { calleeName, unwrap } from './expressions.ts';
import { printMql } from './print.ts';

/** Where a sub-expression is read: inside how many any/all lambdas, and what `.` stands for. */
export interface Env {
  depth: number;
  /** Set inside any(map(l, .x), ...): `.` is `x` of the element. */
  prefix?: string;
  /** Set when `.` stands for a computed value (any((a, f(b)), ...) reading f(b)): the functions it calls. */
  prefixComputed?: string[];
}

export const TOP: Env = { depth: 0 };

/** A leaf's subject: the field, and the functions it calls when the rule computes it. */
export interface Operand {
  field: string;
  computed?: string[];
}

/** Functions whose arguments after the first are read per element of the first (`.` is the element). */
const LAMBDA_FUNCTIONS = new Set(['any', 'all', 'filter', 'map', 'distinct', 'ratio']);

/** The dotted path of a field (`sender.email.domain.root_domain`, element-relative inside a lambda), or undefined. */
export function pathOf(e: MqlExpr, env: Env): string | undefined {
  switch (e.type) {
    case 'ident':
      return e.name;
    case 'listref':
      return `$${e.name}`;
    case 'group':
      return pathOf(e.expr, env);
    case 'element':
      return e.up === 0 && env.depth > 0 ? (env.prefix ?? '.') : undefined;
    case 'member': {
      const base = pathOf(e.object, env);
      if (base === undefined) return undefined;
      return base === '.' ? e.name : `${base}.${e.name}`;
    }
    case 'index': {
      const base = pathOf(e.object, env);
      const i = e.index;
      if (base === undefined || (i.type !== 'number' && i.type !== 'string')) return undefined;
      return base === '.' ? String(i.value) : `${base}.${i.value}`;
    }
    default:
      return undefined;
  }
}

/** Whether a path expression starts at the current element `.`. */
function readsElement(e: MqlExpr): boolean {
  const x = unwrap(e);
  if (x.type === 'element') return x.up === 0;
  return (x.type === 'member' || x.type === 'index') && readsElement(x.object);
}

/** Whether a path expression starts at an enclosing element `..`. */
function readsEnclosing(e: MqlExpr): boolean {
  const x = unwrap(e);
  if (x.type === 'element') return x.up > 0;
  return (x.type === 'member' || x.type === 'index') && readsEnclosing(x.object);
}

/**
 * What computes a value: the functions (and arithmetic operators) it calls, in the rule's order, and the
 * enclosing-element references (`..x`) outside any call, which no path of the tree can name.
 */
export function computationsOf(e: MqlExpr, env: Env): { calls: string[]; enclosing: string[] } {
  const calls: string[] = [];
  const enclosing: string[] = [];
  const visit = (x: MqlExpr, at: Env, inCall: boolean): void => {
    switch (x.type) {
      case 'call': {
        // Nested calls are named too: file.explode(ml.link_analysis(.).screenshot) runs both.
        const name = calleeName(x);
        calls.push(name ?? printMql(x.object));
        if (!name) visit(x.object, at, inCall);
        const lambda = LAMBDA_FUNCTIONS.has(name ?? '');
        for (const [i, a] of x.args.entries()) visit(a.value, i > 0 && lambda ? { depth: at.depth + 1 } : at, true);
        break;
      }
      case 'element':
        // Inside a call the computation's text says `..` as the rule does; outside, a path would have to name it.
        if (!inCall && (x.up > 0 || at.depth === 0)) enclosing.push(printMql(x));
        else if (x.up === 0 && at.prefixComputed) calls.push(...at.prefixComputed);
        break;
      case 'arith':
        calls.push(x.op);
        visit(x.left, at, inCall);
        visit(x.right, at, inCall);
        break;
      case 'negate':
      case 'not':
      case 'isnull':
        visit(x.operand, at, inCall);
        break;
      case 'member':
      case 'index':
        // `..file_name` is named whole, as the rule writes it.
        if (!inCall && readsEnclosing(x)) enclosing.push(printMql(x));
        else visit(x.object, at, inCall);
        if (x.type === 'index') visit(x.index, at, inCall);
        break;
      case 'group':
        visit(x.expr, at, inCall);
        break;
      case 'list':
      case 'of':
        for (const item of x.items) visit(item, at, inCall);
        break;
      case 'and':
      case 'or':
        for (const child of x.children) visit(child, at, inCall);
        break;
      case 'compare':
        visit(x.left, at, inCall);
        visit(x.right, at, inCall);
        break;
      case 'ident':
      case 'listref':
      case 'string':
      case 'number':
      case 'bool':
      case 'null':
        break;
    }
  };
  visit(e, env, false);
  return { calls: [...new Set(calls)], enclosing: [...new Set(enclosing)] };
}

/** The operand as a leaf reads it; `enclosing` hears of `..` references the text keeps but no path names. */
export function operandOf(e: MqlExpr, env: Env, enclosing: (text: string) => void): Operand {
  const path = pathOf(e, env);
  if (path !== undefined) return env.prefixComputed && readsElement(e) ? { field: path, computed: env.prefixComputed } : { field: path };
  const { calls, enclosing: outside } = computationsOf(e, env);
  for (const text of outside) enclosing(text);
  return calls.length ? { field: printMql(unwrap(e)), computed: calls } : { field: printMql(unwrap(e)) };
}
