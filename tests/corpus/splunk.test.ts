/** Splunk security_content on the real corpus: ingest and logic rates, and invariants over every detection. */
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/lib/catalog.ts';
import { sourceCatalog } from './shared.ts';
import { leavesOf } from '../../src/lib/logic/tree.ts';
import { LEAF_KINDS } from '../../src/lib/logic/types.ts';
import { PLATFORMS } from '../../src/lib/platforms.ts';
import { catalogReport } from '../../src/lib/report.ts';
import { expectStagesContract } from './stages-invariants.ts';

const SOURCE = 'splunk-security-content';

/** ATT&CK IDs the file itself states (read again from the raw YAML, independently of the reader). */
function statedTechniques(text: string): string[] {
  try {
    const ids = parse(text)?.tags?.mitre_attack_id;
    return Array.isArray(ids) ? ids.filter((x) => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

describe.skipIf(!process.env.RULECAT_CORPUS)('Splunk security_content corpus', () => {
  let catalog: Catalog;
  beforeAll(() => {
    catalog = sourceCatalog(SOURCE);
  }, 600_000);

  const rules = () => catalog.rules;
  const rate = (n: number) => n / rules().length;

  it('reads every detection file as one rule, and nothing else (macros, data sources, stories)', () => {
    const stats = catalog.sources[0];
    expect(stats.files).toBeGreaterThan(1000);
    expect(stats.rules).toBe(stats.files);
    expect(stats.notRules).toBe(0);
    for (const r of rules()) expect(r.files[0].path).toMatch(/^detections\/.+\.ya?ml$/);
    expect(rate(stats.errors)).toBeLessThan(0.01);
  });

  it('ingests at least 99% with title, vendor, log platform and the ATT&CK IDs the file states', () => {
    const complete = rules().filter((r) => {
      const stated = statedTechniques(r.files[0].text);
      return r.title && r.vendor === 'splunk' && r.logPlatform && r.attack.techniques.length >= (stated.length ? 1 : 0);
    });
    expect(rate(complete.length)).toBeGreaterThanOrEqual(0.99);
    for (const r of rules()) {
      if (r.parseError) continue;
      expect(r.attack.techniques).toEqual(statedTechniques(r.files[0].text).map((t) => t.toUpperCase()));
      expect(r.attack.tactics).toEqual([]);
    }
  });

  it('maps log platforms only onto known names, and CloudTrail / Security Lake rules onto AWS CloudTrail', () => {
    for (const r of rules()) if (r.logPlatform) expect(PLATFORMS as readonly string[]).toContain(r.logPlatform);
    const asl = rules().filter((r) => /amazon_security_lake/.test(r.query?.text ?? '') && !r.parseError);
    expect(asl.length).toBeGreaterThan(5);
    for (const r of asl) expect(r.logPlatform, r.title).toBe('AWS CloudTrail');
  });

  it('gives unique upstream IDs and severities from risk scores', () => {
    const ids = rules().flatMap((r) => (r.upstreamId ? [r.upstreamId] : []));
    expect(new Set(ids).size).toBe(ids.length);
    expect(rate(rules().filter((r) => r.severity.normalized).length)).toBeGreaterThan(0.95);
  });

  it('extracts a condition tree for at least 85% of detections', () => {
    const withTree = rules().filter((r) => r.logic && r.logic.status !== 'none');
    expect(rate(withTree.length)).toBeGreaterThanOrEqual(0.85);
    const report = catalogReport(catalog).sources[SOURCE];
    expect(report.logic.full + report.logic.partial + report.logic.none).toBe(rules().length);
    expect(report.topReasons.length).toBeGreaterThan(0);
  });

  it('builds well-formed trees: known kinds, named fields, values where the kind needs them, reasons when partial', () => {
    expect(catalog.diagnostics.filter((d) => d.code === 'extractor-crash' || d.code === 'format-crash')).toEqual([]);
    for (const r of rules()) {
      const logic = r.logic!;
      if (logic.status !== 'full') expect(logic.reasons.length, r.title).toBeGreaterThan(0);
      if (logic.status === 'none') expect(logic.conjuncts).toEqual([]);
      for (const leaf of logic.conjuncts.flatMap(leavesOf)) {
        expect(LEAF_KINDS).toContain(leaf.kind);
        expect(leaf.field.length).toBeGreaterThan(0);
        // A comparison with another field has that field instead of values.
        if (leaf.otherField !== undefined) expect(leaf.values, `${r.title}: ${leaf.field}`).toEqual([]);
        else if (leaf.kind !== 'is_null' && leaf.kind !== 'is_not_null') expect(leaf.values.length, `${r.title}: ${leaf.field}`).toBeGreaterThan(0);
      }
      expect(new Set(logic.outputFields).size).toBe(logic.outputFields.length);
    }
  });

  it('keeps the stages contract, and expresses aggregations, lookups and joins: most detections are full', () => {
    expectStagesContract(rules());
    expect(rate(rules().filter((r) => r.logic?.status === 'full').length)).toBeGreaterThanOrEqual(0.87);
    expect(rules().filter((r) => r.logic?.correlation).length).toBeGreaterThan(100);
  });

  it('resolves every macro security_content ships (unknown macros stay rare)', () => {
    const unknown = rules().filter((r) => r.logic?.reasons.some((x) => x.startsWith('unknown macro')));
    expect(rate(unknown.length)).toBeLessThan(0.01);
  });
});
