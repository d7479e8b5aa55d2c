/** Rates and invariants of the Elastic source on the real corpus (never exact counts: the corpus may be refreshed). */
import Ajv2020 from 'ajv/dist/2020.js';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/lib/catalog.ts';
import { sourceCatalog } from './shared.ts';
import { PLATFORMS } from '../../src/lib/platforms.ts';
import { logicJson } from '../../src/lib/logic/json.ts';
import { allConjuncts, leavesOf } from '../../src/lib/logic/tree.ts';
import { LEAF_KINDS } from '../../src/lib/logic/types.ts';
import type { Rule } from '../../src/lib/model.ts';

const SOURCE = 'elastic-detection-rules';

describe.skipIf(!process.env.RULECAT_CORPUS)('elastic corpus', () => {
  let catalog: Catalog;
  let rules: Rule[];
  beforeAll(() => {
    catalog = sourceCatalog(SOURCE);
    rules = catalog.rules;
  });

  const rate = (part: Rule[], whole: Rule[]) => part.length / Math.max(1, whole.length);

  it('ingests at least 99% of the files with title, vendor, log platform and ATT&CK IDs where the file has them', () => {
    const stats = catalog.sources[0];
    expect(stats.files).toBeGreaterThan(1000);
    const complete = rules.filter((r) => !r.parseError && r.title && r.vendor === 'elastic' && r.logPlatform);
    expect(complete.length / (stats.files - stats.notRules)).toBeGreaterThanOrEqual(0.99);
    const declaresTactic = rules.filter((r) => /^\[rule\.threat\.tactic\]/m.test(r.files[0].text));
    const declaresTechnique = rules.filter((r) => /^\[\[rule\.threat\.technique\]\]/m.test(r.files[0].text));
    expect(declaresTactic.length).toBeGreaterThan(1000);
    expect(rate(declaresTactic.filter((r) => r.attack.tactics.length), declaresTactic)).toBeGreaterThanOrEqual(0.99);
    expect(rate(declaresTechnique.filter((r) => r.attack.techniques.length), declaresTechnique)).toBeGreaterThanOrEqual(0.99);
  });

  it('maps log platforms onto the normalized names only', () => {
    const names = new Set<string>(PLATFORMS);
    for (const r of rules) if (r.logPlatform) expect(names.has(r.logPlatform), `${r.files[0].path}: ${r.logPlatform}`).toBe(true);
    const cloudtrail = rules.filter((r) => r.logSource.some((s) => s.startsWith('logs-aws.cloudtrail')));
    expect(rate(cloudtrail.filter((r) => r.logPlatform === 'AWS CloudTrail'), cloudtrail)).toBeGreaterThanOrEqual(0.95);
  });

  it('states ATT&CK IDs in their canonical shapes', () => {
    for (const r of rules) {
      for (const t of r.attack.tactics) expect(t).toMatch(/^TA\d{4}$/);
      for (const t of r.attack.techniques) expect(t).toMatch(/^T\d{4}(\.\d{3})?$/);
    }
  });

  it('extracts a condition tree for at least 95% of the rules with a query (machine learning counted apart)', () => {
    const withQuery = rules.filter((r) => r.kind !== 'machine_learning' && r.query);
    const withTree = withQuery.filter((r) => r.logic && r.logic.status !== 'none' && allConjuncts(r.logic).length > 0);
    expect(rate(withTree, withQuery)).toBeGreaterThanOrEqual(0.95);
    for (const language of ['kuery', 'eql', 'esql'] as const) {
      const mine = withQuery.filter((r) => r.query!.language === language);
      expect(rate(mine.filter((r) => r.logic?.status !== 'none'), mine), language).toBeGreaterThanOrEqual(0.95);
    }
  });

  it('gives machine-learning rules no filter and names their job', () => {
    const ml = rules.filter((r) => r.kind === 'machine_learning');
    expect(ml.length).toBeGreaterThan(0);
    for (const r of ml) {
      expect(r.logic?.status).toBe('none');
      expect(r.logic?.reasons[0]).toMatch(/^machine learning job: \S/);
    }
  });

  it('gives sequences, samples, thresholds, new terms, indicator matches and ES|QL stats their correlation', () => {
    const expectKind = (pick: (r: Rule) => boolean, kinds: string[]) => {
      const picked = rules.filter(pick);
      expect(picked.length, kinds.join()).toBeGreaterThan(0);
      for (const r of picked) expect(kinds, r.files[0].path).toContain(r.logic?.correlation?.kind);
    };
    const eql = (word: string) => (r: Rule) => r.kind === 'eql' && new RegExp(`^\\s*(?:${word})\\b`, 'i').test(r.query?.text ?? '');
    expectKind(eql('sequence'), ['sequence']);
    expectKind(eql('sample'), ['sample']);
    expectKind((r) => r.kind === 'threshold', ['threshold', 'distinct_count']);
    expectKind((r) => r.kind === 'new_terms', ['new_terms']);
    expectKind((r) => r.kind === 'threat_match', ['indicator_match']);
    expectKind((r) => r.kind === 'esql' && /\|\s*stats\b[\s\S]*\|\s*where\b/i.test(r.query?.text ?? ''), ['threshold', 'distinct_count', 'aggregation']);
    // Sequences and samples keep one stage per step, never a conjunct list that mixes event types.
    for (const r of rules.filter(eql('sequence|sample'))) {
      expect(r.logic?.conjuncts, r.files[0].path).toEqual([]);
      expect(r.logic?.stages?.length, r.files[0].path).toBeGreaterThan(0);
    }
  });

  it('publishes every rule\'s logic as JSON that validates against the schema', () => {
    const schema = JSON.parse(readFileSync(new URL('../../schemas/rule-logic.schema.json', import.meta.url), 'utf8'));
    const validate = new Ajv2020({ allErrors: true }).compile(schema);
    for (const r of rules) if (r.logic) expect(validate(logicJson(r.logic)), `${r.files[0].path}: ${JSON.stringify(validate.errors)}`).toBe(true);
  });

  it('expresses the whole logic of at least 97% of the rules with a query (field comparisons and computed values included)', () => {
    const withQuery = rules.filter((r) => r.kind !== 'machine_learning');
    expect(rate(withQuery.filter((r) => r.logic?.status === 'full'), withQuery)).toBeGreaterThanOrEqual(0.97);
  });

  it('builds well-formed trees: known kinds, non-empty fields, values only where the kind takes them', () => {
    const kinds = new Set<string>(LEAF_KINDS);
    for (const r of rules) {
      for (const c of r.logic ? allConjuncts(r.logic) : []) {
        for (const l of leavesOf(c)) {
          expect(kinds.has(l.kind), r.files[0].path).toBe(true);
          expect(l.field.length, r.files[0].path).toBeGreaterThan(0);
          if (l.kind === 'is_null' || l.kind === 'is_not_null' || l.otherField !== undefined) expect(l.values).toEqual([]);
          else expect(l.values.length, `${r.files[0].path} ${l.field}`).toBeGreaterThan(0);
        }
      }
    }
  });

  it('gives output fields to most rules that declare investigation fields', () => {
    const declaring = rules.filter((r) => /^\[rule\.investigation_fields\]/m.test(r.files[0].text) && r.logic);
    expect(rate(declaring.filter((r) => r.logic!.outputFields.length > 0), declaring)).toBeGreaterThanOrEqual(0.99);
  });

  it('names its partial and missing logic with short reason phrases', () => {
    for (const r of rules) {
      for (const reason of r.logic?.reasons ?? []) expect(reason.split(':')[0].length, reason).toBeLessThanOrEqual(40);
    }
  });
});
