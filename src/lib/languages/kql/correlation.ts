/**
 * What a KQL query does across rows: `summarize ... by` with a `where` on its aggregates (threshold, distinct
 * count, other aggregation) and `join`s of other queries (each side its own stage, the keys and kind as written,
 * a `where` over the joined rows as the condition). Threat Intelligence joins are indicator matches.
 */
import { conjunctsOf, uniq } from '../../logic/tree.ts';
import type { Condition, Correlation, CorrelationKind, Stage } from '../../logic/types.ts';
import type { Expr } from './ast.ts';

export interface AggregationStep {
  by: string[];
  /** The bin() size of a time key (`1h`), as written. */
  window?: string;
  /** Aggregate column -> its function (count, dcount, make_set...). */
  functions: Map<string, string>;
  /** `where` conditions on its results, as written. */
  conditions: string[];
  /** The functions those conditions read. */
  reads: string[];
  /** The aggregating operator when it is not summarize (make-series). */
  command?: string;
}

/**
 * One join of the pipeline: the other side as a stage, its kind and keys as written, filters on the joined rows.
 * A list a filter reads (`X in (Q)`, lists.ts) is one too: its stage has role `list`, its kind is `in` / `!in`.
 */
export interface JoinPart {
  stage: Stage;
  kind: string;
  keys: string[];
  /** Columns only the other side brings: a filter on them is a condition on the joined rows. */
  columns: Set<string>;
  conditions: string[];
  /** The other side's own summarize conditions (aggregationText). */
  aggregations: string[];
  /** How many summarize steps the continuing rows had at the join: later ones filter the joined rows. */
  stepsBefore: number;
  /** Tables the continuing rows came from before the first join. */
  mainTables: string[];
  /** The continuing side's columns when a project fixed them: any other column a later filter reads is the other side's. */
  mainColumns?: string[];
  /** Set when the other side's columns are not all known (no project): a later filter may read either side. */
  otherOpen?: boolean;
  /** Set on the joins of a joined side (a join inside the other side's query): a later filter is not theirs. */
  nested?: boolean;
  /** The Threat Intelligence table, or the externaldata / watchlist list, when one side reads indicators. */
  indicators?: string;
}

/** Tables of Threat Intelligence indicators: a join with them matches events against indicators. */
const INDICATOR_TABLES = /^(ThreatIntelligenceIndicator|ThreatIntelIndicators|ThreatIntelObjects)$/i;

export function indicatorTable(tables: string[]): string | undefined {
  return tables.find((t) => INDICATOR_TABLES.test(t));
}

/** `count()` -> count, `dcount(X)` -> dcount, `Total = count()` -> count. */
export function aggregateFunction(e: Expr): string {
  const inner = e.type === 'named' ? e.expr : e;
  return inner.type === 'call' ? inner.name.toLowerCase() : 'computed';
}

/** The `bin(TimeGenerated, 1h)` window of a summarize's keys, as written. */
export function binWindow(by: Expr[], text: string): string | undefined {
  for (const e of by) {
    const inner = e.type === 'named' ? e.expr : e;
    if (inner.type !== 'call' || !['bin', 'floor'].includes(inner.name.toLowerCase())) continue;
    const size = inner.args[1];
    if (size?.type === 'literal') return size.raw;
    if (size?.type === 'name') return size.name;
    if (size) return text.slice(size.start).match(/^[^,)]+/)?.[0].trim();
  }
  return undefined;
}

const COUNTS = new Set(['count', 'countif', 'count_distinct']);
const DISTINCT = new Set(['dcount', 'dcountif', 'count_distinct', 'hll']);

function kindOf(reads: string[]): CorrelationKind {
  if (reads.length && reads.every((f) => COUNTS.has(f) && f !== 'count_distinct')) return 'threshold';
  if (reads.length && reads.every((f) => DISTINCT.has(f))) return 'distinct_count';
  return 'aggregation';
}

/** The correlation of the last summarize that later filters read; undefined when none does. */
export function aggregationCorrelation(steps: AggregationStep[] | undefined): Correlation | undefined {
  const filtered = (steps ?? []).filter((s) => s.conditions.length);
  const step = filtered.at(-1);
  if (!step) return undefined;
  const correlation: Correlation = { kind: kindOf(filtered.flatMap((s) => s.reads)), by: step.by, detail: step.command ?? 'summarize' };
  if (step.window) correlation.window = step.window;
  correlation.condition = filtered.flatMap((s) => s.conditions).join(' and ');
  return correlation;
}

/** Each filtered summarize as text: `summarize by UserId per 1h: count_ > 5`. */
export function aggregationText(steps: AggregationStep[] | undefined): string[] {
  return (steps ?? [])
    .filter((s) => s.conditions.length)
    .map((s) => `${s.command ?? 'summarize'}${s.by.length ? ` by ${s.by.join(', ')}` : ''}${s.window ? ` per ${s.window}` : ''}: ${s.conditions.join(' and ')}`);
}

/**
 * The rule as stages: the main pipeline (the side whose rows go on), then each joined side; the correlation
 * gives every join's keys and kind, and the conditions on the joined rows.
 */
export function joinLogic(main: Stage, mainAggregations: string[], joins: JoinPart[]): { stages: Stage[]; correlation: Correlation } {
  const indicators = uniq(joins.flatMap((j) => (j.indicators ? [j.indicators] : []))).join(', ');
  // A join says its kind; a list a filter reads says how (`in admins`, `!in active_users`).
  const lists = joins.some((j) => j.stage.role === 'list');
  const kinds = uniq(joins.map((j) => (j.stage.role === 'list' ? `${j.kind} ${j.stage.name}` : j.kind))).join(', ');
  const correlation: Correlation = {
    kind: indicators ? 'indicator_match' : 'join',
    by: uniq(joins.flatMap((j) => j.keys)),
    detail: indicators ? `${indicators} (${lists ? '' : 'join: '}${kinds})` : kinds,
  };
  const label = (stage: Stage) => stage.name ?? stage.role ?? 'stage';
  const conditions = [
    ...mainAggregations.map((a) => `${label(main)} ${a}`),
    ...joins.flatMap((j) => [...j.aggregations.map((a) => `${label(j.stage)} ${a}`), ...j.conditions]),
  ];
  if (conditions.length) correlation.condition = uniq(conditions).join(' and ');
  return { stages: [main, ...joins.map((j) => j.stage)], correlation };
}

export function stageOf(condition: Condition | undefined, tables: string[], extra: Partial<Stage>): Stage {
  const stage: Stage = { conjuncts: conjunctsOf(condition), ...extra };
  if (tables.length) stage.source = tables.join(', ');
  if (!stage.reasons?.length) delete stage.reasons;
  return stage;
}
