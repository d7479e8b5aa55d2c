/**
 * Panther's `Threshold`: a rule whose Threshold is above 1 alerts only when that many matching events share one
 * dedup string within `DedupPeriodMinutes` (60 when unset). The dedup string is what `dedup(event)` returns, else
 * the alert title; when it is one event field, that field is the correlation's `by`.
 */
import type { Correlation } from '../../logic/types.ts';

export function thresholdCorrelation(y: Record<string, unknown>, dedupKey: string | undefined): Correlation | undefined {
  const threshold = typeof y.Threshold === 'number' ? y.Threshold : 1;
  if (threshold <= 1) return undefined;
  const period = typeof y.DedupPeriodMinutes === 'number' && y.DedupPeriodMinutes > 0 ? y.DedupPeriodMinutes : 60;
  return {
    kind: 'threshold',
    by: dedupKey ? [dedupKey] : [],
    window: `${period}m`,
    condition: `count >= ${threshold}`,
    detail: `Threshold ${threshold}, DedupPeriodMinutes ${period}`,
  };
}
