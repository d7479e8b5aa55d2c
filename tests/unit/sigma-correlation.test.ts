import { describe, expect, it } from 'vitest';
import { correlationSpec, describeCorrelation } from '../../src/lib/languages/sigma/correlation.ts';

const describeOf = (correlation: Record<string, unknown>) => describeCorrelation(correlationSpec({ correlation }));

describe('sigma correlation descriptions', () => {
  it.each([
    [{ type: 'event_count', rules: 'a', 'group-by': ['host'], timespan: '1h', condition: { gte: 100 } }, 'event_count, count gte 100 within 1h by host'],
    [{ type: 'value_count', rules: ['a'], timespan: '5m', condition: { field: 'user', gt: 3 } }, 'value_count, distinct user gt 3 within 5m'],
    [{ type: 'temporal', rules: ['a', 'b'], 'group-by': ['host', 'user'], timespan: '10m' }, 'temporal within 10m by host, user'],
    [{ type: 'temporal_ordered', rules: ['a', 'b'], timespan: '10m', condition: { gte: 2 } }, 'temporal_ordered, rules matched gte 2 within 10m'],
    [{ type: 'value_sum', rules: ['a'], timespan: '1d', condition: { field: 'bytes', gte: 1000000, lt: 5000000 } }, 'value_sum, sum of bytes gte 1000000, sum of bytes lt 5000000 within 1d'],
    [{ type: 'event_count', rules: 'a', timeframe: '15m', condition: { lte: 1 } }, 'event_count, count lte 1 within 15m'],
  ])('%o', (correlation, text) => {
    expect(describeOf(correlation)).toBe(text);
  });
  it('reads rules given as one string or a list', () => {
    expect(correlationSpec({ correlation: { rules: 'one' } }).rules).toEqual(['one']);
    expect(correlationSpec({ correlation: { rules: ['one', 'two'] } }).rules).toEqual(['one', 'two']);
    expect(correlationSpec({ correlation: {} })).toEqual({ type: 'unknown', rules: [], groupBy: [], timespan: undefined, condition: {} });
  });
});
