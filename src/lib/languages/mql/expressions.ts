/** What the MQL converter asks of an expression: is it a literal, which function it calls, how it reads one lambda out. */
import type { Value } from '../../logic/types.ts';
import type { MqlExpr, MqlNode } from './ast.ts';

const REASON_TEXT_LIMIT = 160;

/** Reason texts stay one line long. */
export function clip(s: string): string {
  return s.length > REASON_TEXT_LIMIT ? `${s.slice(0, REASON_TEXT_LIMIT - 1)}…` : s;
}

export function isLiteral(e: MqlExpr): boolean {
  return e.type === 'string' || e.type === 'number' || e.type === 'bool' || e.type === 'null' || (e.type === 'negate' && e.operand.type === 'number');
}

export function literalValue(e: MqlExpr): Value {
  switch (e.type) {
    case 'string':
    case 'number':
    case 'bool':
      return e.value;
    case 'negate':
      return -(e.operand as MqlNode<'number'>).value;
    default:
      return null;
  }
}

export const unwrap = (e: MqlExpr): MqlExpr => (e.type === 'group' ? unwrap(e.expr) : e);

/** The dotted name of a function (`strings.ilike`, `beta.profile.by_reply_to`), when the callee is a plain name. */
export function calleeName(call: MqlNode<'call'>): string | undefined {
  const name = (e: MqlExpr): string | undefined =>
    e.type === 'ident' ? e.name : e.type === 'member' ? ((base) => (base ? `${base}.${e.name}` : undefined))(name(e.object)) : undefined;
  return name(call.object);
}

/**
 * The expression as seen from the enclosing lambda (`..x` -> `.x`, `..` -> `.`); undefined when it reads the
 * current element, which has no meaning outside.
 */
export function outerOf(e: MqlExpr): MqlExpr | undefined {
  let readsCurrent = false;
  const lower = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(lower);
    if (v === null || typeof v !== 'object') return v;
    const o = v as Record<string, unknown>;
    if (o.type === 'element') {
      if (o.up === 0) readsCurrent = true;
      return { ...o, up: (o.up as number) - 1 };
    }
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, lower(x)]));
  };
  const out = lower(e) as MqlExpr;
  return readsCurrent ? undefined : out;
}
