/** KQL query → the rule's condition tree, the reasons it is partial, its output fields and its source tables. */
import type { Condition } from '../../logic/types.ts';
import { uniq } from '../../logic/tree.ts';
import { EMPTY_ENV } from './bindings.ts';
import { parseKql, type KqlSyntaxError } from './parse.ts';
import { PipelineEvaluator } from './pipeline.ts';
import type { Ctx } from './predicates.ts';

export interface KqlAnalysis {
  condition?: Condition;
  /** Why the condition is not the whole rule (join, threshold over aggregate, ...); empty when it is. */
  reasons: string[];
  /** Columns the query outputs: project / summarize columns, then extend columns. */
  outputFields: string[];
  /** Source tables of the main pipeline (left of joins, every member of unions), in query order. */
  tables: string[];
  /** Tables only joined or looked up (right side of a join), in query order; absent from `tables`. */
  joinedTables?: string[];
  errors: KqlSyntaxError[];
  /** Set when the query could not be parsed at all. */
  failure?: string;
}

/** Never throws: a query the extractor cannot follow comes back with `failure` set. */
export function analyzeKql(text: string): KqlAnalysis {
  try {
    return analyze(text);
  } catch (e) {
    return { reasons: [], outputFields: [], tables: [], errors: [], failure: `KQL extractor failed: ${(e as Error).message}` };
  }
}

function analyze(text: string): KqlAnalysis {
  const parsed = parseKql(text);
  if (!parsed.query) return { reasons: [], outputFields: [], tables: [], errors: parsed.errors, failure: parsed.failure };
  const reasons: string[] = parsed.errors.length ? [`syntax error: ${parsed.errors[0].message}`] : [];
  const joinedTables: string[] = [];
  const ctx: Ctx = { text, reasons, tableValues: () => undefined, joinedTables };
  const evaluator = new PipelineEvaluator(ctx);
  ctx.tableValues = (e, env) => evaluator.tableValues(e, env);
  const stream = evaluator.run(parsed.query.statements, EMPTY_ENV);
  if (!stream) return { reasons: ['no query statement'], outputFields: [], tables: [], errors: parsed.errors };
  return {
    condition: stream.condition,
    reasons: mergeReasons(reasons),
    outputFields: uniq([...(stream.outputs ?? []), ...stream.added]),
    tables: stream.tables,
    joinedTables: uniq(joinedTables).filter((t) => !stream.tables.includes(t)),
    errors: parsed.errors,
  };
}

/** One reason per generic phrase, its specifics joined: "join: inner, leftouter", "threshold over aggregate: count_, Users". */
function mergeReasons(reasons: string[]): string[] {
  const merged = new Map<string, string[]>();
  for (const reason of uniq(reasons)) {
    const colon = reason.indexOf(':');
    const key = colon < 0 ? reason : reason.slice(0, colon);
    const details = merged.get(key) ?? [];
    if (colon >= 0) details.push(reason.slice(colon + 1).trim());
    merged.set(key, details);
  }
  return [...merged].map(([key, details]) => (details.length ? `${key}: ${uniq(details).join(', ')}` : key));
}
