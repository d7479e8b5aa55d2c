/**
 * The joins of a query (JOIN ... ON, and `x [NOT] IN (SELECT y ...)` taken out of a filter) as the join correlation:
 * every key, kind and ON condition as written. What it cannot state stays a reason in the rule's words.
 */
import { uniq } from '../../logic/tree.ts';
import type { Correlation } from '../../logic/types.ts';
import type { InSubquery } from './subqueries.ts';

export interface Join {
  /** How the reasons name it when unstated: "LEFT JOIN panther_logs.public.crowdstrike_processrollup2". */
  text: string;
  kinds: string[];
  keys: string[];
  /** The ON conditions as written; one per joined source, undefined when a source has none (comma join, FLATTEN). */
  on: (string | undefined)[];
  /** Offset of the first ON condition, to list the joins in the order written. */
  at: number;
}

/** The joins and IN-subqueries met while reading a query. */
export interface JoinsSeen {
  joins: Join[];
  /** Each with the name of the stage its subquery became. */
  lookups: (InSubquery & { stage: string })[];
}

/** Every join of the query in the order written: their keys, kinds and ON conditions. */
export function joinCorrelation(walk: JoinsSeen): Correlation {
  const joins = [...walk.joins].sort((a, b) => a.at - b.at);
  const on = joins.flatMap((j) => j.on);
  return {
    kind: 'join',
    by: uniq(joins.flatMap((j) => j.keys)),
    detail: joins.flatMap((j) => j.kinds).join(', '),
    ...(on.every(Boolean) && { condition: on.join(' and ') }),
  };
}

/** `x NOT IN (SELECT y ...)` as the query's only cross-row part: an anti (or semi) join on x = y. */
export function lookupCorrelation(walk: JoinsSeen): Correlation | undefined {
  if (!walk.lookups.length || walk.joins.length) return undefined;
  const anti = walk.lookups.every((l) => l.negated);
  const semi = walk.lookups.every((l) => !l.negated);
  return {
    kind: 'join',
    by: uniq(walk.lookups.flatMap((l) => [l.field, l.column])),
    detail: anti ? 'anti join (NOT IN)' : semi ? 'semi join (IN)' : 'semi and anti joins (IN, NOT IN)',
    condition: walk.lookups.map((l) => l.text).join(' and '),
  };
}

/** Joins and IN-subqueries the correlation does not state (a join without keys, or under an aggregation). */
export function unstated(walk: JoinsSeen, correlation: Correlation | undefined): string[] {
  const joinStated = correlation?.kind === 'join' && walk.joins.every((j) => j.keys.length && j.on.every(Boolean));
  const lookupsStated = correlation?.kind === 'join' && !walk.joins.length;
  return [...(joinStated ? [] : walk.joins.map((j) => j.text)), ...(lookupsStated ? [] : walk.lookups.map(() => 'IN subquery'))];
}

