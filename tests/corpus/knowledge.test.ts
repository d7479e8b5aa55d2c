/**
 * Cross-vendor knowledge on the real corpus: rates and invariants only, never exact counts. Builds every source
 * once (the knowledge is about linking them).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { corpusCatalog } from './shared.ts';
import { positiveLeaves } from '../../src/lib/knowledge/actions.ts';
import { computeCoverage, type Coverage } from '../../src/lib/knowledge/coverage.ts';
import { loadUniverses } from '../../src/lib/knowledge/action-universe.ts';
import { canonicalTable } from '../../src/lib/knowledge/canonical-table.ts';
import { deriveKnowledge, type Knowledge } from '../../src/lib/knowledge/index.ts';
import { simplifyWildcard, valueText } from '../../src/lib/knowledge/indicators.ts';
import type { Rule } from '../../src/lib/model.ts';

const CT = 'AWS CloudTrail';
const WATCHED = new Set(['DeleteTrail', 'StopLogging', 'DeleteDetector']);

/** Whether a rule filters positively on one of the values, on any field: independent of the canonical table. */
function namesPositively(rule: Rule, values: Set<string>): boolean {
  return positiveLeaves(rule.logic?.conjuncts ?? []).some((leaf) =>
    leaf.values.some((v) => {
      const s = simplifyWildcard(leaf.kind, valueText(v));
      return (s.kind === 'eq' || s.kind === 'in') && values.has(s.value);
    }),
  );
}

describe.skipIf(!process.env.RULECAT_CORPUS)('cross-vendor knowledge on the real corpus', () => {
  let rules: Rule[];
  let knowledge: Knowledge;
  let coverage: Coverage;
  let scc: Rule;

  beforeAll(() => {
    rules = corpusCatalog().rules;
    knowledge = deriveKnowledge(rules, canonicalTable(), { universes: loadUniverses().universes });
    coverage = computeCoverage(rules, knowledge.table);
    scc = rules.find((r) => r.upstreamId === 'AWS.CloudTrail.SecurityConfigurationChange')!;
  });

  // How long the derivation takes is the benchmark's to print (npm run benchmark), never a test's to assert.
  it('loads the canonical field table without bad rows', () => {
    expect(knowledge.table.problems).toEqual([]);
  });

  it('lists same-action rules of at least four vendors on AWS.CloudTrail.SecurityConfigurationChange', () => {
    expect(scc).toBeDefined();
    const same = knowledge.sameAction(scc.id);
    expect(new Set(same.map((r) => r.vendor)).size).toBeGreaterThanOrEqual(4);
    const titles = same.map((r) => r.title);
    expect([...titles].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()))).toEqual(titles);
    expect(same.map((r) => r.id)).not.toContain(scc.id);
  });

  it('links every rule that filters positively on DeleteTrail, StopLogging or DeleteDetector', () => {
    // Any field, any platform: a rule naming these values elsewhere would be a platform or canonical-field gap.
    const expected = rules.filter((r) => r.id !== scc.id && namesPositively(r, WATCHED));
    expect(new Set(expected.map((r) => r.vendor)).size).toBeGreaterThanOrEqual(4);
    const linked = new Set(knowledge.sameAction(scc.id).map((r) => r.id));
    expect(expected.filter((r) => !linked.has(r.id)).map((r) => `${r.id}: ${r.title}`)).toEqual([]);
  });

  it('counts eventName eq "DeleteTrail"-like indicators across vendors, not only within one', () => {
    const others = knowledge.indicatorRules(scc.id, 'eventName', 'in', 'DeleteTrail');
    expect(knowledge.indicatorCount(scc.id, 'eventName', 'in', 'DeleteTrail')).toBe(others.length);
    expect(new Set(others.map((r) => r.vendor)).size).toBeGreaterThanOrEqual(3);
    expect(knowledge.indicatorCount(scc.id, 'eventName', 'in', 'StopLogging')).toBeGreaterThan(2);
  });

  it('has an action page per platform action with a deterministic, URL-safe path', () => {
    const ct = knowledge.platforms().find((p) => p.platform === CT)!;
    const deleteTrail = ct.actions.find((a) => a.action === 'DeleteTrail')!;
    expect(deleteTrail.url).toBe('/actions/aws-cloudtrail/cloudtrail.amazonaws.com/DeleteTrail/');
    expect(new Set(deleteTrail.rules.map((r) => r.vendor)).size).toBeGreaterThanOrEqual(4);
    const urls = knowledge.platforms().flatMap((p) => p.actions.map((a) => a.url.toLowerCase()));
    expect(new Set(urls).size).toBe(urls.length);
    for (const url of urls) expect(url).toMatch(/^\/actions\/[a-z0-9-]+\/([a-z0-9._~-]+\/)?[a-z0-9._~-]+\/$/);
  });

  it('maps at least 80% of the condition leaves of CloudTrail rules to canonical fields, for every vendor', () => {
    const shares = Object.entries(coverage.vendorPlatforms)
      .filter(([, platforms]) => (platforms[CT]?.leaves ?? 0) > 0)
      .map(([vendor, platforms]) => [vendor, platforms[CT].mapped / platforms[CT].leaves] as const);
    expect(shares.length).toBeGreaterThanOrEqual(4);
    for (const [vendor, share] of shares) expect(share, vendor).toBeGreaterThanOrEqual(0.8);
  });
});
