/** EQL → condition tree: event queries, sequences (one subtree per step) and samples. */
import { and, leaf, uniq } from '../../logic/tree.ts';
import type { And, Condition } from '../../logic/types.ts';
import type { SyntaxProblem } from '../parsing/cursor.ts';
import type { EqlQuery, EventQuery } from './ast.ts';
import { convertExpr } from './convert.ts';
import { parseEql } from './parser.ts';

export { parseEql } from './parser.ts';

export interface EqlLogic {
  /** The whole condition; for sequences an And whose children are the steps, one subtree each. */
  condition?: Condition;
  reasons: string[];
  problems: SyntaxProblem[];
  /** Event categories the query names (process, network, ...), `any` excluded. */
  categories: string[];
}

/** `categoryField` is the field `<category> where` tests: event.category unless the rule overrides it. */
export function eqlLogic(text: string, categoryField = 'event.category'): EqlLogic {
  const parsed = parseEql(text);
  if (!parsed.query) {
    const problem = parsed.error ?? { offset: 0, message: 'could not parse' };
    return { reasons: [`EQL syntax error: ${problem.message}`], problems: [problem], categories: [] };
  }
  return fromQuery(parsed.query, text, categoryField);
}

function eventCondition(q: EventQuery, text: string, reasons: string[], categoryField: string): Condition | undefined {
  const converted = convertExpr(q.where, text);
  reasons.push(...converted.reasons);
  const category = q.category.toLowerCase() === 'any' ? undefined : leaf(categoryField, 'eq', [q.category], { caseSensitive: true });
  return and(category, converted.condition);
}

function fromQuery(query: EqlQuery, text: string, categoryField: string): EqlLogic {
  const reasons: string[] = [];
  const pipeReasons = query.pipes.map((p) => `pipe: ${p}`);
  if (query.t === 'event') {
    const condition = eventCondition(query.query, text, reasons, categoryField);
    const categories = categoryField === 'event.category' ? categoriesOf([query.query]) : [];
    return { condition, reasons: uniq([...reasons, ...pipeReasons]), problems: [], categories };
  }
  const steps = query.steps.filter((s) => !s.missing);
  const children = steps.map((s) => eventCondition(s.query, text, reasons, categoryField)).filter((c): c is Condition => !!c);
  const extra = [query.until ? 'sequence until' : '', query.steps.some((s) => s.missing) ? 'missing event' : ''].filter(Boolean);
  // Steps stay separate subtrees: each is one line of the Condition block.
  const condition: Condition | undefined = children.length > 1 ? ({ type: 'and', children } satisfies And) : children[0];
  return {
    condition,
    reasons: uniq([query.t, ...reasons, ...extra, ...pipeReasons]),
    problems: [],
    categories: categoryField === 'event.category' ? categoriesOf(query.steps.map((s) => s.query)) : [],
  };
}

function categoriesOf(queries: EventQuery[]): string[] {
  return uniq(queries.map((q) => q.category.toLowerCase()).filter((c) => c !== 'any'));
}
