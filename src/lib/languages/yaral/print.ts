/** YARA-L expressions back as short text, for the specifics of partial-extraction reasons. */
import type { Expr } from './ast.ts';

const MAX = 100;

export function exprText(e: Expr): string {
  const text = print(e);
  return text.length > MAX ? `${text.slice(0, MAX - 1)}…` : text;
}

function print(e: Expr): string {
  switch (e.type) {
    case 'field':
      return `$${e.variable}.${e.path}`;
    case 'placeholder':
      return `$${e.name}`;
    case 'count':
      return `#${e.name}`;
    case 'string':
      return JSON.stringify(e.value);
    case 'regex':
      return `/${e.pattern}/`;
    case 'number':
    case 'bool':
      return String(e.value);
    case 'ident':
      return e.name;
    case 'call':
      return `${e.name}(${e.args.map(print).join(', ')})${e.nocase ? ' nocase' : ''}`;
    case 'compare':
      return `${print(e.left)} ${e.op} ${print(e.right)}${e.nocase ? ' nocase' : ''}`;
    case 'in':
      return `${print(e.expr)} in ${e.mode === 'exact' ? '' : e.mode + ' '}%${e.list}`;
    case 'and':
    case 'or':
      return e.children.map((c) => `(${print(c)})`).join(` ${e.type} `);
    case 'not':
      return `not ${print(e.expr)}`;
    case 'quantified':
      return `${e.quantifier} ${print(e.expr)}`;
    case 'arith': {
      // Nested arithmetic keeps its grouping: `(a - b) / b`, whatever the precedence.
      const side = (x: Expr) => (x.type === 'arith' ? `(${print(x)})` : print(x));
      return `${side(e.left)} ${e.op} ${side(e.right)}`;
    }
    case 'neg':
      return `-${print(e.expr)}`;
  }
}
