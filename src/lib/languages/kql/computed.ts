/**
 * A value a KQL query computes from one row's fields (`extend Len = strlen(CommandLine)`, `where
 * array_length(Targets) > 2`), written out the way the rule writes it: columns are replaced by the source fields
 * or earlier computations they stand for, so a leaf on it names only fields of the event. Undefined when it
 * reads an aggregate, a joined or parsed column, a let-bound value or anything the printer does not know.
 */
import type { Derivation } from '../../logic/derive.ts';
import type { Expr } from './ast.ts';
import type { PivotColumn } from './pivot.ts';
import type { Scope } from './predicates.ts';

const ROW_FUNCTIONS = new Set(['next', 'prev', 'row_cumsum', 'row_number', 'row_rank', 'row_rank_dense', 'row_rank_min', 'row_window_session']);

export interface ComputedValue {
  text: string;
  /** The functions it calls, lower-cased (`strlen`, `tolower`); `arithmetic` for bare operators. */
  functions: string[];
  /** The computation as steps the evaluator runs, when every step is one it knows (logic/derive.ts). */
  derive?: Derivation;
  /** Set when it reads one pivoted column and nothing else: `text` names its element's value member (pivot.ts). */
  pivot?: PivotColumn;
}

export function computedValue(e: Expr, scope: Scope): ComputedValue | undefined {
  const functions = new Set<string>();
  let readsField = false;
  const pivots = new Set<PivotColumn>();
  let readsOther = false;
  const print = (x: Expr, nested: boolean): string | undefined => {
    switch (x.type) {
      case 'name': {
        if (!x.name) return undefined;
        const bound = scope.env.get(x.name);
        // A let-bound time (`ago(detectionWindow)`) reads as written; a scalar as its value.
        if (bound?.kind === 'time') return x.name;
        if (bound?.kind === 'scalar') return typeof bound.value === 'string' ? JSON.stringify(bound.value) : String(bound.value);
        if (bound) return undefined;
        const def = scope.column(x.name);
        readsField = true;
        if (def?.kind === 'pivot') {
          pivots.add(def);
          return def.value;
        }
        readsOther = true;
        if (!def) return x.name;
        if (def.kind === 'field') return def.path;
        if (def.kind === 'computed' && def.value) {
          for (const f of def.value.functions) functions.add(f);
          return /^[\w.]+\(.*\)$/s.test(def.value.text) ? def.value.text : `(${def.value.text})`;
        }
        return undefined;
      }
      case 'literal':
        return x.raw;
      case 'dynamic':
        return x.value === undefined ? undefined : `dynamic(${JSON.stringify(x.value)})`;
      case 'path': {
        const base = print(x.base, true);
        return base && (/^[A-Za-z_]\w*$/.test(x.member) ? `${base}.${x.member}` : `${base}[${JSON.stringify(x.member)}]`);
      }
      case 'index': {
        const base = print(x.base, true);
        const index = print(x.index, false);
        return base && index && `${base}[${index}]`;
      }
      case 'call': {
        // next(), prev(), row_cumsum()... read other rows: a computation over rows, not one event's value.
        if (ROW_FUNCTIONS.has(x.name.toLowerCase())) return undefined;
        functions.add(x.name.toLowerCase());
        const args = x.args.map((a) => print(a, false));
        return args.every((a) => a !== undefined) ? `${x.name}(${args.join(', ')})` : undefined;
      }
      case 'binary': {
        functions.add(/^[-+*/%]$/.test(x.op) ? 'arithmetic' : x.op);
        const left = print(x.left, true);
        const right = print(x.right, true);
        const text = left && right && `${left} ${x.op} ${right}`;
        return text && nested ? `(${text})` : text;
      }
      case 'other':
        // typeof(string), the type argument of extract() and friends: a constant as written.
        return x.nodeType === 'TypeOfLiteralExpression' ? x.text : undefined;
      case 'unary': {
        const operand = print(x.operand, true);
        return operand && `${x.op}${operand}`;
      }
      case 'list': {
        const left = print(x.left, true);
        const items = x.items.map((i) => print(i, false));
        const text = left && items.every((i) => i !== undefined) ? `${left} ${x.op} (${items.join(', ')})` : undefined;
        return text && nested ? `(${text})` : text;
      }
      default:
        return undefined;
    }
  };
  const text = print(e, false);
  if (!text || !readsField) return undefined;
  if (!functions.size) functions.add('arithmetic');
  // A pivoted column is a member of one list element: a computation over it alone is tested inside that element.
  if (pivots.size) return pivots.size === 1 && !readsOther ? { text, functions: [...functions], pivot: [...pivots][0] } : undefined;
  return { text, functions: [...functions] };
}
