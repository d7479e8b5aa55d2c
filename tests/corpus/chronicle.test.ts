/** Rates and invariants of the Chronicle source on the real corpus (never exact counts: the corpus may be refreshed). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceCatalog } from './shared.ts';
import { LEAF_KINDS } from '../../src/lib/logic/types.ts';
import { leavesOf } from '../../src/lib/logic/tree.ts';
import { PLATFORMS } from '../../src/lib/platforms.ts';

const SOURCE = 'chronicle-detection-rules';

describe.skipIf(!process.env.RULECAT_CORPUS)('Chronicle on the real corpus', () => {
  const catalog = sourceCatalog(SOURCE);
  const stats = catalog.sources.find((s) => s.name === SOURCE)!;
  const rules = catalog.rules.filter((r) => r.source === SOURCE);
  const rate = (n: number, d: number) => (d ? n / d : 0);
  const sourceRoot = join(catalog.root, SOURCE);

  it('reads every .yaral file, nearly all without a parse error', () => {
    expect(stats.missing).toBeFalsy();
    expect(stats.files).toBeGreaterThan(500);
    expect(rules.length).toBeGreaterThanOrEqual(stats.files);
    expect(rate(rules.filter((r) => !r.parseError).length, rules.length)).toBeGreaterThanOrEqual(0.99);
  });

  it('≥99% of rules have title, vendor and a known log platform', () => {
    const good = rules.filter((r) => r.title && r.vendor === 'chronicle' && r.logPlatform && (PLATFORMS as readonly string[]).includes(r.logPlatform));
    expect(rate(good.length, rules.length)).toBeGreaterThanOrEqual(0.99);
  });

  it('≥99% of rules whose meta names ATT&CK carry the mapping', () => {
    // Independent of the reader: a meta line for a tactic/technique/mitre key, or an ATT&CK technique URL.
    const statesAttack = (text: string) => {
      const meta = text.slice(text.indexOf('meta:'), text.search(/\n\s*events\s*:/));
      return /^\s*(mitre\w*|tactic|technique)\s*=\s*"[^"\s]/m.test(meta) || /attack\.mitre\.org\/techniques\/T\d{4}/i.test(meta);
    };
    const withAttack = rules.filter((r) => statesAttack(readFileSync(join(sourceRoot, r.files[0].path), 'utf8')));
    expect(withAttack.length).toBeGreaterThan(rules.length / 2);
    const mapped = withAttack.filter((r) => r.attack.tactics.length + r.attack.techniques.length > 0);
    expect(rate(mapped.length, withAttack.length)).toBeGreaterThanOrEqual(0.99);
    for (const r of rules) for (const t of r.attack.techniques) expect(t).toMatch(/^T\d{4}(\.\d{3})?$/);
  });

  it('a condition tree for ≥95% of rules', () => {
    const withTree = rules.filter((r) => r.logic && r.logic.status !== 'none' && r.logic.conjuncts.length > 0);
    expect(rate(withTree.length, rules.length)).toBeGreaterThanOrEqual(0.95);
  });

  it('partial logic always says why; no extractor crashed', () => {
    for (const r of rules) {
      if (r.logic?.status !== 'full') expect(r.logic?.reasons.length, r.files[0].path).toBeGreaterThan(0);
    }
    expect(catalog.diagnostics.filter((d) => d.code === 'extractor-crash' || d.code === 'format-crash')).toEqual([]);
  });

  it('leaves use known kinds; fields carry the event variable exactly when the rule has several', () => {
    for (const r of rules) {
      if (!r.logic) continue;
      for (const l of r.logic.conjuncts.flatMap(leavesOf)) {
        expect(LEAF_KINDS).toContain(l.kind);
        if (r.kind === 'multi-event') expect(l.field).toMatch(/^\$\w+\./);
        else expect(l.field.startsWith('$')).toBe(false);
      }
    }
  });

  it('output fields are the outcome and match variables', () => {
    const withOutcome = rules.filter((r) => r.logic?.outputFields.includes('$risk_score'));
    expect(withOutcome.length).toBeGreaterThan(100);
    for (const r of rules) for (const f of r.logic?.outputFields ?? []) expect(f).toMatch(/^\$\w+$/);
  });

  it('IDs and slugs are unique, upstream links pinned to the snapshot commit', () => {
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    expect(new Set(rules.map((r) => r.upstreamId)).size).toBeGreaterThan(rules.length * 0.99);
    for (const r of rules) expect(r.files[0].upstreamUrl).toMatch(/^https:\/\/github\.com\/chronicle\/detection-rules\/blob\/[0-9a-f]{7,40}\//);
  });
});
