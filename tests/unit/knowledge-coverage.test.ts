import { describe, expect, it } from 'vitest';
import { computeCoverage, mappedShare } from '../../src/lib/knowledge/coverage.ts';
import { FIXTURE_RULES } from '../fixtures/knowledge/rules.ts';

describe('knowledge coverage', () => {
  const coverage = computeCoverage(FIXTURE_RULES);

  it('counts rules by extraction status and reason per vendor and platform', () => {
    expect(coverage.vendors.splunk.logic).toEqual({ full: 3, partial: 0, none: 1 });
    expect(coverage.vendors.splunk.reasons).toEqual([{ status: 'none', reason: 'unsupported command', rules: 1 }]);
    expect(coverage.platforms['AWS CloudTrail'].logic).toEqual({ full: 8, partial: 1, none: 0 });
    expect(coverage.platforms['(no log platform)'].rules).toBe(1);
  });

  it('measures the share of leaves whose field maps to a canonical field', () => {
    const ct = coverage.platforms['AWS CloudTrail'];
    // Every CloudTrail leaf of the fixtures maps (errorMessage, requestParameters.enable, sourcetype...).
    expect(ct.leaves).toBe(23);
    expect(ct.mapped).toBe(23);
    expect(mappedShare(ct)).toBe('100.0%');
    expect(coverage.vendorPlatforms.sigma['Windows Process Creation']).toMatchObject({ leaves: 1, mapped: 1 });
    expect(mappedShare({ leaves: 0, mapped: 0 })).toBe('-');
  });

  it('lists the top unmapped fields with their platform', () => {
    const withUnknown = computeCoverage([
      ...FIXTURE_RULES,
      { ...FIXTURE_RULES[1], id: 'sigma/x', logic: { ...FIXTURE_RULES[1].logic!, conjuncts: [{ type: 'leaf', field: 'madeUp', kind: 'eq', values: ['a'] }] } },
    ]);
    expect(withUnknown.vendors.sigma.topUnmapped).toEqual([{ field: 'madeUp', platform: 'AWS CloudTrail', leaves: 1 }]);
  });
});
