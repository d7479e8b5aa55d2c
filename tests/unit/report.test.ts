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

  it('counts test agreement over every rule the extractor could evaluate, and apart over full extractions', () => {
    expect(report.tests).toEqual({ cases: 5, agree: 3 });
    expect(report.testsFull).toEqual({ cases: 3, agree: 2 });
    expect(report.regression).toEqual({ cases: 4, agree: 3 });
  });

  it('sets machine-learning rules apart from the tree rate', () => {
    expect(report.machineLearning).toBe(1);
    expect(formatReport(catalogReport(catalog))).toContain('tree for 66.7% of rules with a query; 1 machine-learning rules counted apart');
  });
});
