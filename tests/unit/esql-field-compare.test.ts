import { describe, expect, it } from 'vitest';
import { esqlLogic } from '../../src/lib/languages/esql/index.ts';
import { bare } from '../fixtures/elastic/tree.ts';

describe('ES|QL comparisons of two fields and of computed values', () => {
  it('states a comparison of two event fields (through rename too) as an otherField leaf', () => {
    const r = esqlLogic(`from logs-aws.cloudtrail-*
| rename aws.cloudtrail.user_identity.arn as actor
| where user.name != user.target.name and starts_with(actor, user.name)`);
    expect(r.reasons).toEqual([]);
    expect(bare(r.condition)).toEqual({
      type: 'and',
      children: [
        { type: 'leaf', field: 'user.name', kind: 'ne', values: [], otherField: 'user.target.name', caseSensitive: true },
        { type: 'leaf', field: 'aws.cloudtrail.user_identity.arn', kind: 'startswith', values: [], otherField: 'user.name', caseSensitive: true },
      ],
    });
  });

  it('substitutes chained eval columns, so the leaf names only event fields', () => {
    const r = esqlLogic(`from logs-*
| eval tmp = replace(cmd, "a", "b")
| eval n = length(tmp) - length(replace(tmp, "b", ""))
| where n >= 2`);
    expect(bare(r.condition)).toEqual({
      type: 'leaf',
      field: 'length(replace(cmd, "a", "b")) - length(replace(replace(cmd, "a", "b"), "b", ""))',
      kind: 'gte',
      values: [2],
      computed: ['length', 'replace'],
    });
  });

  it('states a comparison of two computed columns whole, and keeps grok / dissect columns as reasons', () => {
    const r = esqlLogic(`from logs-*
| eval a = to_lower(coalesce(x, y)), b = trim(z)
| where a == b`);
    expect(bare(r.condition)).toEqual({ type: 'leaf', field: 'to_lower(coalesce(x, y)) == trim(z)', kind: 'eq', values: [true], computed: ['to_lower', 'coalesce', 'trim'] });
    const grok = esqlLogic(`from logs-*
| grok message "%{WORD:verb}"
| eval v = to_lower(verb)
| where v == "get"`);
    expect(grok.condition).toBeUndefined();
    expect(grok.reasons).toEqual(['filter on computed column: eval v = to_lower(verb)']);
  });

  it('keeps a where on an aggregate the correlation condition, not a computed leaf', () => {
    const r = esqlLogic(`from logs-*
| stats c = count(*) by host.id
| eval ratio = c / 2
| where ratio > 3`);
    expect(r.condition).toBeUndefined();
    expect(r.correlation?.condition).toBe('ratio > 3');
  });
});
