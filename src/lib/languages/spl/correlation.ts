/**
 * The cross-event part of a search: its aggregation (stats, tstats, eventstats, streamstats, transaction) with
 * the filters on the aggregated rows as the condition. An aggregation nothing filters on only groups the
 * matching events for the alert (one row per user), so it is no correlation, except a transaction.
 */
import type { Correlation, CorrelationKind, Stage } from '../../logic/types.ts';
import type { AggregationStep, JoinStep, LookupStep } from './state.ts';

const COUNTS = /^(count|c)(\(.*\))?$/i;
const DISTINCT_COUNTS = /^(dc|distinct_count|estdc)\(/i;

/** threshold when the condition reads only counts, distinct_count when only distinct counts, else aggregation. */
function kindOf(read: string[]): CorrelationKind {
  if (read.length && read.every((fn) => COUNTS.test(fn))) return 'threshold';
  if (read.length && read.every((fn) => DISTINCT_COUNTS.test(fn))) return 'distinct_count';
  return 'aggregation';
}

/** The correlation follows the last filtered step (an earlier tstats only pre-counts for it); every condition is kept, in order. */
export function splCorrelation(steps: AggregationStep[]): Correlation | undefined {
  const filtered = steps.filter((s) => s.conditions.length);
  const step = filtered.at(-1) ?? steps.find((s) => s.command === 'transaction');
  if (!step) return undefined;
  const conditions = filtered.flatMap((s) => s.conditions);
  const correlation: Correlation = { kind: kindOf(filtered.flatMap((s) => s.reads)), by: step.by };
  if (step.window) correlation.window = step.window;
  if (conditions.length) correlation.condition = conditions.join(' and ');
  correlation.detail = step.command;
  return correlation;
}

/** Lookups later filters read: the events' fields matched against the tables, the filters as written. */
export function lookupCorrelation(lookups: LookupStep[]): Correlation | undefined {
  // A lookup feeding another's filter (`coalesce(x_local, x_default)`) is matched too.
  const used = lookups.filter((l) => l.conditions.length || l.feeds);
  if (!lookups.some((l) => l.conditions.length)) return undefined;
  return {
    kind: 'indicator_match',
    by: [...new Set(used.flatMap((l) => l.inputs))],
    condition: used.flatMap((l) => l.conditions).join(' and '),
    detail: [...new Set(used.map((l) => l.table))].join(', '),
  };
}

/** Lookup conditions said as partial reasons, when the rule's correlation is another one. */
export function lookupReasons(lookups: LookupStep[]): string[] {
  return lookups.filter((l) => l.conditions.length).map((l) => `lookup ${l.table}: ${l.conditions.join(' and ')}`);
}

/** An aggregation said in a sentence's words: `stats by user per 1h: count > 5`. */
function aggregationText(c: Correlation): string {
  return `${c.detail ?? 'aggregation'}${c.by.length ? ` by ${c.by.join(', ')}` : ''}${c.window ? ` per ${c.window}` : ''}${c.condition ? `: ${c.condition}` : ''}`;
}

/**
 * A search with joined subsearches: the main search is the first stage, each subsearch the next. The join is the
 * correlation; each side's own aggregation and lookup filters and the filters on the joined rows are its condition.
 */
export function joinShape(main: Stage, aggregation: Correlation | undefined, lookups: LookupStep[], joins: JoinStep[]): { stages: Stage[]; correlation: Correlation } {
  const conditions = [
    ...(aggregation ? [`main search ${aggregationText(aggregation)}`] : []),
    ...lookupReasons(lookups).map((r) => `main search ${r}`),
    ...joins.flatMap((j, i) => {
      const own = splCorrelation(j.sub.steps);
      return [...(own?.condition ? [`subsearch ${i + 1} ${aggregationText(own)}`] : []), ...j.conditions];
    }),
  ];
  const correlation: Correlation = {
    kind: 'join',
    by: [...new Set(joins.flatMap((j) => j.keys))],
    detail: [...new Set(joins.map((j) => j.kind))].join(', '),
  };
  if (conditions.length) correlation.condition = conditions.join(' and ');
  return { stages: [main, ...joins.map((j, i) => ({ name: `subsearch ${i + 1}`, ...j.stage }))], correlation };
}
