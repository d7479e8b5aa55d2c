/** The Sigma source on the real corpus: ingest and logic rates, and invariants over every rule. */
import { describe, expect, it } from 'vitest';
import { sourceCatalog } from './shared.ts';
import { leavesOf } from '../../src/lib/logic/tree.ts';
import { PLATFORMS } from '../../src/lib/platforms.ts';
import { LEAF_KINDS } from '../../src/lib/logic/types.ts';

describe.skipIf(!process.env.RULECAT_CORPUS)('sigma on the real corpus', () => {
  const catalog = sourceCatalog('sigma');
  const stats = catalog.sources.find((s) => s.name === 'sigma')!;
  const rules = catalog.rules.filter((r) => r.source === 'sigma');
  const parsed = rules.filter((r) => !r.parseError);
  const rate = (n: number, d: number) => (d === 0 ? 0 : n / d);

  it('finds the rule files', () => {
    expect(stats.missing).toBeFalsy();
    expect(stats.files).toBeGreaterThan(1000);
  });

  it('turns every file into a rule or a reported error', () => {
    const files = new Set(rules.map((r) => r.files[0].path));
    expect(files.size + stats.notRules).toBe(stats.files);
    for (const r of rules.filter((x) => x.parseError)) expect(r.parseError?.file).toBe(r.files[0].path);
  });

  it('ingests ≥99% of files with title, vendor, log platform and ATT&CK where tagged', () => {
    const complete = parsed.filter((r) => {
      const tagged = r.tags.some((t) => /^attack\.(t\d{4}|[a-z-]+$)/i.test(t) && !/^attack\.[gs]\d/i.test(t));
      const attackOk = !tagged || r.attack.techniques.length + r.attack.tactics.length > 0;
      return r.title && r.vendor === 'sigma' && r.logPlatform && attackOk;
    });
    expect(rate(parsed.length, rules.length)).toBeGreaterThanOrEqual(0.99);
    expect(rate(complete.length, rules.length)).toBeGreaterThanOrEqual(0.99);
  });

  it('maps ATT&CK tags exactly: techniques upper-cased, tactics as shortnames', () => {
    for (const r of parsed) {
      for (const t of r.attack.techniques) expect(t).toMatch(/^T\d{4}(\.\d{3})?$/);
      for (const t of r.attack.tactics) expect(t).toMatch(/^([a-z]+(-[a-z]+)*|TA\d{4})$/);
    }
    const withTechnique = parsed.filter((r) => r.tags.some((t) => /^attack\.t\d{4}/i.test(t)));
    expect(withTechnique.every((r) => r.attack.techniques.length > 0)).toBe(true);
  });

  it('uses only platform names of platforms.ts, and upstream IDs are unique', () => {
    for (const r of parsed) if (r.logPlatform) expect(PLATFORMS).toContain(r.logPlatform);
    // unsupported/ keeps old multi-document files whose documents repeat one ID; they are outside this invariant.
    const ids = parsed.filter((r) => !r.unsupported).map((r) => r.upstreamId).filter(Boolean);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('extracts a condition tree (full or partial) for ≥99% of rules', () => {
    const withTree = rules.filter((r) => r.logic && r.logic.status !== 'none' && r.logic.conjuncts.length > 0);
    expect(rate(withTree.length, rules.length)).toBeGreaterThanOrEqual(0.99);
    const full = rules.filter((r) => r.logic?.status === 'full');
    expect(rate(full.length, rules.length)).toBeGreaterThanOrEqual(0.95);
  });

  it('builds well-formed trees: known kinds, fields, values for value kinds', () => {
    for (const r of rules) {
      for (const c of r.logic?.conjuncts ?? []) {
        for (const l of leavesOf(c)) {
          expect(LEAF_KINDS).toContain(l.kind);
          expect(l.field.length).toBeGreaterThan(0);
          if (l.kind !== 'is_null' && l.kind !== 'is_not_null') expect(l.values.length).toBeGreaterThan(0);
        }
      }
    }
  });

  it('gives partial and none results a reason, and parses every condition', () => {
    for (const r of rules) if (r.logic?.status !== 'full') expect(r.logic?.reasons.length).toBeGreaterThan(0);
    // Unsupported rules are kept because no backend can express their condition (write … to list, count … per …).
    const syntax = rules.filter((r) => r.logic?.reasons.some((x) => x.startsWith('condition syntax') || x.startsWith('unknown selection')));
    expect(syntax.filter((r) => !r.unsupported).map((r) => r.files[0].path)).toEqual([]);
    expect(syntax.length).toBeLessThan(0.1 * rules.filter((r) => r.unsupported).length);
  });
});
