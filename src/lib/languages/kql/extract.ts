/** KQL query → the rule's condition tree, the reasons it is partial, its output fields and its source tables. */

import { and, uniq } from '../../logic/tree.ts';
import type { Condition, Correlation, Stage } from '../../logic/types.ts';
import { rethrowBudget } from '../parsing/limits.ts';
import { EMPTY_ENV } from './bindings.ts';
import { aggregationCorrelation, aggregationText, type JoinPart, joinLogic, stageOf } from './correlation.ts';
import { withListKeys } from './lists.ts';
import { type KqlSyntaxError, parseKql } from './parse.ts';
import { PipelineEvaluator, type Stream } from './pipeline.ts';
import type { Ctx } from './predicates.ts';
import { mergeReasons } from './reasons.ts';

export interface KqlAnalysis {
  /** The filter of a single-stage query; for a join, every stage's filter and-ed (what the log platform reads). */
  condition?: Condition;
  /** Set for joins: the continuing rows' stage first, then each joined side. */
  stages?: Stage[];
  correlation?: Correlation;
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
    rethrowBudget(e);
    return { reasons: [], outputFields: [], tables: [], errors: [], failure: `KQL extractor failed: ${(e as Error).message}` };
  }
}

function analyze(text: string): KqlAnalysis {
  const parsed = parseKql(text);
  if (!parsed.query) return { reasons: [], outputFields: [], tables: [], errors: parsed.errors, failure: parsed.failure };
  const reasons: string[] = parsed.errors.length ? [`syntax error: ${parsed.errors[0].message}`] : [];
  const joinedTables: string[] = [];
  const lists: JoinPart[] = [];
  const ctx: Ctx = { text, reasons, tableValues: () => undefined, joinedTables, lists };
  const evaluator = new PipelineEvaluator(ctx);
  ctx.tableValues = (e, env) => evaluator.tableValues(e, env);
  const stream = evaluator.run(parsed.query.statements, EMPTY_ENV);
  if (!stream) return { reasons: ['no query statement'], outputFields: [], tables: [], errors: parsed.errors };
  const shape = queryShape(stream, lists);
  return {
    condition: shape.stages ? and(...shape.stages.flatMap((s) => s.conjuncts)) : stream.condition,
    ...shape,
    reasons: mergeReasons(reasons),
    outputFields: uniq([...(stream.outputs ?? []), ...stream.added]),
    tables: stream.tables,
    joinedTables: uniq(joinedTables).filter((t) => !stream.tables.includes(t)),
    errors: parsed.errors,
  };
}

/**
 * Stages and correlation of the query: its joins and the queries whose rows are lists it filters on (`in (Q)`),
 * else its summarize condition. With joins, every side's own summarize conditions and those on the joined rows are
 * the join's condition, each said with its stage.
 */
function queryShape(stream: Stream, lists: JoinPart[]): { stages?: Stage[]; correlation?: Correlation } {
  const joins = stream.joins ?? [];
  if (!joins.length && !lists.length) {
    const correlation = aggregationCorrelation(stream.steps);
    return correlation ? { correlation } : {};
  }
  const steps = stream.steps ?? [];
  const firstJoin = joins.length ? Math.min(...joins.map((j) => j.stepsBefore)) : steps.length;
  const main = stageOf(stream.condition, joins[0]?.mainTables ?? [...stream.tables, ...(stream.external ?? [])], {
    ...(stream.name && { name: stream.name }),
    ...(stream.role && { role: stream.role }),
  });
  const joined = [...joins.map((j) => j.stage), main];
  const { stages, correlation } = joinLogic(main, aggregationText(steps.slice(0, firstJoin)), [...joins, ...withListKeys(lists, [...joined, ...lists.map((l) => l.stage)])]);
  const after = steps.slice(firstJoin).filter((s) => s.conditions.length);
  if (after.length) {
    const text = after.map((s) => `summarize${s.by.length ? ` by ${s.by.join(', ')}` : ''}${s.window ? ` per ${s.window}` : ''}: ${s.conditions.join(' and ')}`);
    correlation.condition = [correlation.condition, ...text].filter(Boolean).join(' and ');
  }
  return { stages, correlation };
}
