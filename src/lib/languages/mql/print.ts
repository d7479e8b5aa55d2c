/** MQL expressions back to one-line text (comments and line breaks dropped), for fields and reasons. */
import type { MqlExpr } from './ast.ts';

function quoted(value: string, quote: '"' | "'"): string {
  if (quote === "'") return `'${value.replaceAll("'", "''")}'`;
  return `"${value.replace(/\\(?=[\\"])|"/g, (m) => `\\${m}`)}"`;
}

export function printMql(e: MqlExpr): string {
  switch (e.type) {
    case 'or':
    case 'and':
      return e.children.map(printMql).join(` ${e.type} `);
    case 'not':
      return `not ${printMql(e.operand)}`;
    case 'compare':
    case 'arith':
      return `${printMql(e.left)} ${e.op} ${printMql(e.right)}`;
    case 'isnull':
      return `${printMql(e.operand)} is ${e.negated ? 'not ' : ''}null`;
    case 'of':
      return `${e.count} of (${e.items.map(printMql).join(', ')})`;
    case 'negate':
      return `-${printMql(e.operand)}`;
    case 'member':
      return e.object.type === 'element' ? `${printMql(e.object)}${e.name}` : `${printMql(e.object)}.${e.name}`;
    case 'index':
      return `${printMql(e.object)}[${printMql(e.index)}]`;
    case 'call':
      return `${printMql(e.object)}(${e.args.map((a) => (a.name ? `${a.name}=` : '') + printMql(a.value)).join(', ')})`;
    case 'string':
      return quoted(e.value, e.quote);
    case 'number':
      return String(e.value);
    case 'bool':
      return String(e.value);
    case 'null':
      return 'null';
    case 'listref':
      return `$${e.name}`;
    case 'list':
      return `(${e.items.map(printMql).join(', ')})`;
    case 'group':
      return `(${printMql(e.expr)})`;
    case 'element':
      return '.'.repeat(e.up + 1);
    case 'ident':
      return e.name;
  }
}
