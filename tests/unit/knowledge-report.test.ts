import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/lib/catalog.ts';
import { catalogReport, formatReport } from '../../src/lib/report.ts';
import { FIXTURE_RULES } from '../fixtures/knowledge/rules.ts';

function fixtureCatalog(): Catalog {
  const names = [...new Set(FIXTURE_RULES.map((r) => r.source))];
  return {
    root: 'fixtures',
    examples: true,
    rules: FIXTURE_RULES,
    diagnostics: [],
    sources: names.map((name) => ({
      name,
      format: FIXTURE_RULES.find((r) => r.source === name)!.format,
      files: 0,
      notRules: 0,
      rules: FIXTURE_RULES.filter((r) => r.source === name).length,
      withAttack: 0,
      errors: 0,
      errorsByReason: {},
    })),
  };
}

describe('coverage figures in npm run report', () => {
  const report = catalogReport(fixtureCatalog());

  it('adds canonical-field figures per source, with the platforms split out', () => {
    expect(report.sources.sigma.canonical).toMatchObject({ leaves: 7, mapped: 7, topUnmapped: [] });
    expect(report.sources.sigma.canonical?.platforms['AWS CloudTrail']).toEqual({ rules: 3, leaves: 5, mapped: 5 });
    expect(report.sources.splunk.canonical?.platforms['(no log platform)']).toEqual({ rules: 1, leaves: 0, mapped: 0 });
  });

  it('adds per-platform figures across sources and the table problems', () => {
    expect(report.platforms?.['AWS CloudTrail']).toEqual({
      rules: 9,
      logic: { full: 8, partial: 1, none: 0 },
      leaves: 23,
      mapped: 23,
      vendors: ['chronicle', 'elastic', 'panther', 'sentinel', 'sigma', 'splunk'],
    });
    expect(report.canonicalTableProblems).toEqual([]);
  });

  it('prints them in the text report', () => {
    const text = formatReport(report);
    expect(text).toContain('  canonical fields: 7 of 7 leaves map (100.0%)');
    expect(text).toContain('    by platform: AWS CloudTrail 100.0% of 5; Windows Process Creation 100.0% of 1');
    expect(text).toContain('  AWS CloudTrail: 9 rules (8/1/0), 100.0% of 23 leaves, vendors chronicle, elastic, panther, sentinel, sigma, splunk');
  });
});
