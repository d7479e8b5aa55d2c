import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/lib/catalog.ts';
import type { Rule } from '../../src/lib/model.ts';
import { leaf, logicFrom, noLogic } from '../../src/lib/logic/tree.ts';
import { catalogReport, formatReport } from '../../src/lib/report.ts';

function rule(id: string, extra: Partial<Rule>): Rule {
  return {
    id,
    slug: id,
    url: `/rules/elastic/${id}/`,
    source: 'elastic-detection-rules',
    vendor: 'elastic',
    format: 'elastic',
    slugBase: id,
    title: id,
    severity: {},
    kind: 'query',
    logSource: [],
    attack: { tactics: [], techniques: [] },
    references: [],
    authors: [],
    tags: [],
    files: [{ path: `${id}.toml`, language: 'toml', text: '' }],
    tests: [],
    diagnostics: [],
    ...extra,
  };
}

const rules = [
  rule('a', { logic: { ...logicFrom(leaf('x', 'eq', ['1'])), tests: { cases: 3, agree: 2, disagreeing: ['t'] } } }),
  rule('b', { logic: { ...logicFrom(leaf('x', 'eq', ['1']), ['sequence']), tests: { cases: 2, agree: 1, disagreeing: ['u'] }, regression: { cases: 4, agree: 3, disagreeing: ['e'] } } }),
  rule('ml', { kind: 'machine_learning', logic: noLogic('machine learning job: x') }),
  rule('c', { tests: [{ name: 'attack data', expected: true, log: null }], logic: noLogic('lookup: y') }),
];
const catalog: Catalog = {
  root: 'fixture',
  examples: true,
  rules,
  diagnostics: [],
  sources: [{ name: 'elastic-detection-rules', format: 'elastic', files: 4, notRules: 0, rules: 4, withAttack: 0, errors: 0, errorsByReason: {} }],
};

describe('npm run report', () => {
  const report = catalogReport(catalog).sources['elastic-detection-rules'];

  it('counts logic by status and groups reasons on the phrase before the colon', () => {
    expect(report.logic).toEqual({ full: 1, partial: 1, none: 2 });
    expect(report.topReasons).toEqual(
      expect.arrayContaining([
        { reason: 'sequence', status: 'partial', rules: 1 },
        { reason: 'machine learning job', status: 'none', rules: 1 },
        { reason: 'lookup', status: 'none', rules: 1 },
      ]),
    );
  });

  it('gives the figures per rule kind when a source has several', () => {
    expect(report.kinds).toEqual({
      query: { rules: 3, logic: { full: 1, partial: 1, none: 1 }, tests: { cases: 3, agree: 2 } },
      machine_learning: { rules: 1, logic: { full: 0, partial: 0, none: 1 } },
    });
    expect(formatReport(catalogReport(catalog))).toContain('  kind query: 3 (full 1, partial 1, none 1, tests 2 of 3 agree)');
  });

  it('counts test agreement over every rule the extractor could evaluate, and apart over full extractions', () => {
    expect(report.tests).toEqual({ cases: 5, agree: 3 });
    expect(report.testsFull).toEqual({ cases: 3, agree: 2 });
    expect(report.regression).toEqual({ cases: 4, agree: 3 });
  });

  it('sets machine-learning rules apart from the tree rate', () => {
    expect(report.machineLearning).toBe(1);
    expect(formatReport(catalogReport(catalog))).toContain('tree for 66.7% of rules with a query; 1 machine-learning rules counted apart');
  });

  it('counts retired rules and the deprecated ones that link a successor, and leaves sources without any alone', () => {
    expect(report.retired).toBeUndefined();
    const retiredCatalog: Catalog = {
      ...catalog,
      rules: [
        rule('old', { deprecated: true, supersededBy: [{ ruleId: 'elastic/new', url: '/rules/elastic/new/', title: 'new', how: 'replaced-by' }] }),
        rule('orphan', { deprecated: true, supersededBy: [{ title: 'Not in the corpus', how: 'replaced-by' }] }),
        rule('uns', { unsupported: true }),
        rule('new', {}),
      ],
    };
    expect(catalogReport(retiredCatalog).sources['elastic-detection-rules'].retired).toEqual({ deprecated: 2, unsupported: 1, withSuccessor: 1 });
    expect(formatReport(catalogReport(retiredCatalog))).toContain('retired: deprecated 2 (1 link a successor), unsupported 1');
  });
});
