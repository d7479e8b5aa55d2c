/** EQL → condition tree: event queries as one filter; sequences and samples as stages plus their correlation. */
import { and, conjunctsOf, leaf, uniq } from '../../logic/tree.ts';
import type { Condition, Correlation, Stage } from '../../logic/types.ts';
import type { SyntaxProblem } from '../parsing/cursor.ts';
import type { EqlQuery, EventQuery, SequenceStep } from './ast.ts';
import { convertExpr } from './convert.ts';
import { parseEql } from './parse.ts';

export { parseEql } from './parse.ts';

export interface EqlLogic {
  /** The condition of an event query; absent for sequences and samples, which have `stages`. */
  condition?: Condition;
  /** One stage per sequence / sample step (and the `until` step), in the query's order. */
  stages?: Stage[];
  correlation?: Correlation;
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

function eventCondition(q: EventQuery, text: string, reasons: string[], categoryField: string, aliases: string[] = []): Condition | undefined {
  const converted = convertExpr(q.where, text, aliases);
  reasons.push(...converted.reasons);
  const category = q.category.toLowerCase() === 'any' ? undefined : leaf(categoryField, 'eq', [q.category], { caseSensitive: true });
  return and(category, converted.condition);
}

function stageOf(step: SequenceStep, role: string | undefined, text: string, categoryField: string, aliases: string[]): Stage {
  const reasons: string[] = [];
  const condition = eventCondition(step.query, text, reasons, categoryField, aliases);
  return {
    source: step.query.category,
    conjuncts: conjunctsOf(condition),
    ...(role && { role }),
    ...(step.by.length && { by: step.by }),
    ...(step.runs !== undefined && { runs: step.runs }),
    ...(reasons.length && { reasons: uniq(reasons) }),
  };
}

function fromQuery(query: EqlQuery, text: string, categoryField: string): EqlLogic {
  const pipeReasons = query.pipes.map((p) => `pipe: ${p}`);
  const categories = (queries: EventQuery[]) => (categoryField === 'event.category' ? categoriesOf(queries) : []);
  if (query.t === 'event') {
    const reasons: string[] = [];
    const condition = eventCondition(query.query, text, reasons, categoryField);
    return { condition, reasons: uniq([...reasons, ...pipeReasons]), problems: [], categories: categories([query.query]) };
  }
  // A missing step (`![...]`) is a stage that must not occur; `until` ends the sequence when it matches.
  const aliases = [...query.steps, ...(query.until ? [query.until] : [])].flatMap((s) => (s.alias ? [s.alias] : []));
  const stages = query.steps.map((s) => stageOf(s, s.missing ? 'missing' : undefined, text, categoryField, aliases));
  if (query.until) stages.push(stageOf(query.until, 'until', text, categoryField, aliases));
  const correlation: Correlation = {
    kind: query.t,
    by: query.by,
    ...(query.maxspan !== undefined && { window: query.maxspan }),
    ordered: query.t === 'sequence',
  };
  return {
    stages,
    correlation,
    reasons: uniq([...stages.flatMap((s) => s.reasons ?? []), ...pipeReasons]),
    problems: [],
    categories: categories(query.steps.map((s) => s.query)),
  };
}
function categoriesOf(queries: EventQuery[]): string[] {
  return uniq(queries.map((q) => q.category.toLowerCase()).filter((c) => c !== 'any'));
}
