import { describe, expect, it } from 'vitest';
import { analyzeKql } from '../../src/lib/languages/kql/extract.ts';
import { conjunctsOf, withoutLocations } from '../../src/lib/logic/tree.ts';

const conjuncts = (query: string) => conjunctsOf(analyzeKql(query).condition).map(withoutLocations);

describe('KQL comparisons of two columns and of computed values within one row', () => {
  it('states == / != / =~ between two source fields as otherField leaves, case as the operator says', () => {
    expect(conjuncts('T | where SrcIpAddr == DstIpAddr')).toEqual([{ type: 'leaf', field: 'SrcIpAddr', kind: 'eq', values: [], otherField: 'DstIpAddr', caseSensitive: true }]);
    expect(conjuncts('T | where Visibility != PreviousVisibility')).toEqual([
      { type: 'not', child: { type: 'leaf', field: 'Visibility', kind: 'eq', values: [], otherField: 'PreviousVisibility', caseSensitive: true } },
    ]);
    expect(conjuncts('T | where A =~ B')[0]).toMatchObject({ otherField: 'B', caseSensitive: false });
  });

  it('states a where on an extend column as a leaf on the computation, columns written out', () => {
    const a = analyzeKql('T | extend Domain = tostring(split(Caller, "@")[1]) | extend D2 = tolower(Domain) | where D2 endswith "contoso.com"');
    expect(a.reasons).toEqual([]);
    expect(conjunctsOf(a.condition).map(withoutLocations)).toEqual([
      { type: 'leaf', field: 'tolower(tostring(split(Caller, "@")[1]))', kind: 'endswith', values: ['contoso.com'], caseSensitive: false, computed: ['tolower', 'tostring', 'split'] },
    ]);
    expect(conjuncts('T | where array_length(Targets) > 2')).toEqual([{ type: 'leaf', field: 'array_length(Targets)', kind: 'gt', values: [2], computed: ['array_length'] }]);
  });

  it('keeps computations over rows and comparisons after a join out of the event filter', () => {
    const windowed = analyzeKql('T | sort by TimeGenerated | extend Prev = next(SrcIpAddr, 1) | where SrcIpAddr == Prev');
    expect(windowed.condition).toBeUndefined();
    const joined = analyzeKql('A | where X == 1 | join kind=inner (B | where Y == 2) on Key | where U != V');
    expect(joined.stages?.[0].conjuncts.map(withoutLocations)).toEqual([{ type: 'leaf', field: 'X', kind: 'eq', values: [1], caseSensitive: true }]);
    expect(joined.correlation?.condition).toBe('U != V');
  });
});
