/** Reading ES|QL expressions: the columns they use, and their text as the rule writes it. */
import type { EsqlExpr } from './ast.ts';

/** Names of the columns an expression reads. */
export function fieldsOf(e: EsqlExpr): string[] {
  switch (e.t) {
    case 'field':
      return [e.name];
    case 'call':
      return e.args.flatMap(fieldsOf);
    case 'compare':
      return [...fieldsOf(e.left), ...e.right.flatMap(fieldsOf)];
    case 'and':
    case 'or':
      return e.children.flatMap(fieldsOf);
    case 'not':
      return fieldsOf(e.child);
    case 'computed':
      return (e.operands ?? []).flatMap(fieldsOf);
    default:
      return [];
  }
}

/** An expression as the rule writes it: predicates keep their source text, and/or/not are rebuilt around them. */
export function exprText(e: EsqlExpr): string {
  switch (e.t) {
    case 'and':
    case 'or':
      return e.children.map((c) => (c.t === 'and' || c.t === 'or' ? `(${exprText(c)})` : exprText(c))).join(` ${e.t} `);
    case 'not':
      return e.child.t === 'compare' && e.child.text && /\bnot\b/i.test(e.child.text) ? e.child.text : `not ${exprText(e.child)}`;
    case 'field':
      return e.name;
    case 'literal':
      return typeof e.value === 'string' ? JSON.stringify(e.value) : String(e.value);
    default:
      return e.text ?? (e.t === 'call' ? `${e.name}(${e.args.map(exprText).join(', ')})` : '(computed value)');
  }
}

