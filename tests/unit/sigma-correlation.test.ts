import { describe, expect, it } from 'vitest';
import { correlationSpec, describeCorrelation, extractCorrelationLogic, rememberDocument } from '../../src/lib/formats/sigma/correlation.ts';
import { loadSigmaFile } from '../../src/lib/languages/sigma/document.ts';
import { correlationSentence } from '../../src/lib/logic/correlation-text.ts';
import { renderConjuncts } from '../../src/lib/logic/render.ts';

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

/** The last correlation document of a multi-document file, read with its siblings as the catalog reads them. */
function correlationLogic(text: string) {
  const loaded = loadSigmaFile('rules/c.yml', text);
  const cache = new Map<string, unknown>();
  for (const d of loaded.documents) rememberDocument(cache, d);
  const doc = loaded.documents.filter((d) => d.data.correlation !== undefined).at(-1)!;
  return extractCorrelationLogic(doc, 'sigma', cache, { findByUpstreamId: () => undefined });
}

const networkRules = `title: Internal Error
name: internal_error
logsource:
    category: application
    product: nginx
detection:
    selection:
        http.response.status_code: 500
    condition: selection
---
title: New Network Connection
name: new_network_connection
logsource:
    category: network
    type: connections
detection:
    selection:
        event.type: new_connection
    condition: selection
---
`;

describe('sigma correlation rules as stages', () => {
  it('temporal with aliases (the specification example): a stage per rule, each grouping on its own field', () => {
    const logic = correlationLogic(`${networkRules}title: Error followed by network connection
correlation:
    type: temporal
    rules:
        - internal_error
        - new_network_connection
    group-by:
        - internal_ip
        - remote_ip
    timespan: 10s
    aliases:
        internal_ip:
            internal_error: destination.ip
            new_network_connection: source.ip
        remote_ip:
            internal_error: source.ip
            new_network_connection: destination.ip
`);
    expect(logic.status).toBe('full');
    expect(logic.stages?.map((s) => ({ name: s.name, by: s.by, rule: s.rule, lines: renderConjuncts(s.conjuncts) }))).toEqual([
      { name: 'internal_error', by: ['destination.ip', 'source.ip'], rule: 'internal_error', lines: ['http.response.status_code eq 500'] },
      { name: 'new_network_connection', by: ['source.ip', 'destination.ip'], rule: 'new_network_connection', lines: ['event.type eq "new_connection"'] },
    ]);
    expect(logic.correlation).toEqual({ kind: 'temporal', by: ['internal_ip', 'remote_ip'], window: '10s', ordered: false });
    expect(correlationSentence(logic.correlation!, logic.stages!)).toBe('All by internal_ip, remote_ip within 10s: internal_error and new_network_connection, in any order');
  });

  it('event_count over two rules counts the events of either; value_sum is an aggregation of its field', () => {
    const count = correlationLogic(`${networkRules}title: Many
correlation:
    type: event_count
    rules: [internal_error, new_network_connection]
    group-by: [host.name]
    timespan: 1h
    condition:
        gte: 100
`);
    expect(count.stages).toHaveLength(2);
    expect(count.correlation).toEqual({ kind: 'threshold', by: ['host.name'], window: '1h', condition: 'count >= 100' });
    const sum = correlationLogic(`${networkRules}title: Bytes
correlation:
    type: value_sum
    rules: new_network_connection
    group-by: [source.ip]
    timespan: 1d
    condition:
        field: network.bytes
        gt: 1000000
        lte: 5000000
`);
    expect(sum.correlation).toEqual({ kind: 'aggregation', by: ['source.ip'], window: '1d', condition: 'sum(network.bytes) > 1000000 and sum(network.bytes) <= 5000000' });
    expect(renderConjuncts(sum.conjuncts)).toEqual(['event.type eq "new_connection"']);
  });

  it('a correlation of a correlation names the inner one as a reason; temporal with a condition counts the rules matched', () => {
    const logic = correlationLogic(`${networkRules}title: Both
name: both
correlation:
    type: temporal
    rules: [internal_error, new_network_connection]
    group-by: [host.name]
    timespan: 5m
    condition:
        gte: 2
---
title: Repeated
correlation:
    type: event_count
    rules: [both]
    group-by: [host.name]
    timespan: 1h
    condition:
        gt: 3
`);
    expect(logic.status).toBe('partial');
    expect(logic.reasons).toEqual(['correlated rule is a correlation: temporal, rules matched gte 2 within 5m by host.name']);
    expect(correlationLogic(`${networkRules}title: Both
correlation:
    type: temporal
    rules: [internal_error, new_network_connection]
    group-by: [host.name]
    timespan: 5m
    condition:
        gte: 2
`).correlation?.condition).toBe('rules matched >= 2');
  });
});
