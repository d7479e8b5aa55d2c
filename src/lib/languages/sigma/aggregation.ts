/**
 * Sigma 1.x aggregations after the condition's `|` (kept by rules in unsupported/), as the rule's correlation:
 *
 * - `count() by ComputerName > 10` counts events per group: `threshold`, `count > 10`;
 * - `count(TargetUserName) by IpAddress > 10` counts distinct values: `distinct_count`,
 *   `distinct_count(TargetUserName) > 10`;
 * - `sum(message_size) by src_ip > 300000` (and min, max, avg): `aggregation`, `sum(message_size) > 300000`;
 * - `near selection_tools and not exclusion`: events of the named selections within the timeframe, in any order
 *   (`temporal`), one stage per selection, `not` ones a stage that must not occur.
 *
 * The detection's `timeframe` is the window. Anything else stays a reason with its text.
 */
import type { Correlation, CorrelationKind } from '../../logic/types.ts';

export type Aggregation =
  | { type: 'count'; correlation: Correlation }
  | { type: 'near'; terms: { name: string; negated: boolean }[]; window?: string };

const COUNT = /^(count|sum|min|max|avg)\(\s*([\w.-]*)\s*\)(?:\s+by\s+([\w.-]+(?:\s*,\s*[\w.-]+)*))?\s*(<=|>=|==|!=|=|<|>)\s*(-?\d+(?:\.\d+)?)$/i;
const NEAR_TERM = /^(not\s+)?([\w-]+)$/i;

/** The aggregation as the rule's correlation, or undefined when its text is none of the forms above. */
export function parseAggregation(text: string, timeframe: string | undefined): Aggregation | undefined {
  const trimmed = text.trim();
  const near = /^near\s+(.+)$/i.exec(trimmed);
  if (near) {
    const terms = near[1].split(/\s+and\s+/i).map((t) => NEAR_TERM.exec(t.trim()));
    if (terms.some((t) => !t)) return undefined;
    return { type: 'near', terms: terms.map((t) => ({ name: t![2], negated: !!t![1] })), ...(timeframe && { window: timeframe }) };
  }
  const m = COUNT.exec(trimmed);
  if (!m) return undefined;
  const [, fn, field, by, op, value] = m;
  const name = fn.toLowerCase();
  const kind: CorrelationKind = name !== 'count' ? 'aggregation' : field ? 'distinct_count' : 'threshold';
  const subject = name === 'count' ? (field ? `distinct_count(${field})` : 'count') : `${name}(${field})`;
  return {
    type: 'count',
    correlation: {
      kind,
      by: by ? by.split(',').map((b) => b.trim()) : [],
      ...(timeframe && { window: timeframe }),
      condition: `${subject} ${op === '=' ? '==' : op} ${value}`,
    },
  };
}
