/** The site's view of the real corpus: ATT&CK IDs resolve, permalinks are usable, every rule page can be built. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusCatalog, sourceCatalog } from './shared.ts';
import { PROJECT_ROOT } from '../../src/lib/sources.ts';
import { resolveTechnique } from '../../src/lib/attack/index.ts';
import { createSiteModel, type SiteModel } from '../../src/lib/site/model.ts';
import { permalinkSegment } from '../../src/lib/site/permalinks.ts';
import { ruleView } from '../../src/lib/site/rule-view.ts';
import { renderConjuncts } from '../../src/lib/logic/render.ts';

describe.skipIf(!process.env.RULECAT_CORPUS)('site on the real corpus', () => {
  let model: SiteModel;
  it('builds the site model (ingest only)', () => {
    model = createSiteModel(corpusCatalog());
    expect(model.rules.length).toBeGreaterThan(5000);
  }, 600_000);

  it('resolves at least 99% of stated technique IDs in Enterprise ATT&CK v19', () => {
    const ids = model.rules.flatMap((r) => r.attack.techniques);
    const known = ids.filter((id) => resolveTechnique(id).technique).length;
    expect(ids.length).toBeGreaterThan(1000);
    expect(known / ids.length).toBeGreaterThanOrEqual(0.99);
  });

  it('gives T1685 the rules still tagged T1562, across vendors', () => {
    const t = model.attack.forTechnique('T1685')!;
    const viaT1562 = t.revoked.find((r) => r.technique.id === 'T1562')?.rules ?? [];
    expect(viaT1562.length).toBeGreaterThan(0);
    expect(new Set(t.all.map((r) => r.vendor)).size).toBeGreaterThanOrEqual(3);
  });

  it('gives a permalink to every rule with an upstream ID, each landing on its rules', () => {
    const withId = model.rules.filter((r) => r.upstreamId && permalinkSegment(r.upstreamId));
    expect(withId.length / model.rules.length).toBeGreaterThan(0.95);
    const linked = new Set(model.permalinks.flatMap((g) => g.rules.map((r) => r.id)));
    for (const r of withId) expect(linked.has(r.id), r.id).toBe(true);
    const shared = model.permalinks.filter((g) => g.rules.length > 1);
    expect(shared.length / model.permalinks.length).toBeLessThan(0.05);
  });

  it('builds the view of every rule page without throwing', () => {
    for (const r of model.rules) {
      const view = ruleView(model, r);
      expect(view.filters.vendor).toHaveLength(1);
      if (r.attack.techniques.length) expect(view.coverage.length, r.id).toBeGreaterThan(0);
    }
  });
});

/** The reference pages (../shared/reference/*.txt): their Condition lines, Exclusions and Output fields. */
function referenceSections(file: string) {
  const lines = readFileSync(file, 'utf8').split('\n');
  const after = (heading: string) => lines.indexOf(heading);
  const condition: string[] = [];
  for (let i = after('Condition') + 1; i < lines.length && lines[i] && !/^(This rule|Exclusions|Indicators)/.test(lines[i]); i++) condition.push(lines[i]);
  const tableRows = (heading: string) => {
    const rows: string[] = [];
    const start = after(heading);
    if (start < 0) return rows;
    for (let i = start + 1; i < lines.length; i++) {
      const m = /^([A-Za-z_$][\w.$]*) \|/.exec(lines[i]);
      if (m) rows.push(m[1]);
      else if (rows.length && !lines[i].startsWith('|')) break;
    }
    return rows;
  };
  const attack = lines
    .map((l) => /^\| (?!Tactic|---)([^|]+) \| (T\d+(?:\.\d+)?) ([^|]+) \|$/.exec(l))
    .filter((m) => !!m)
    .map((m) => ({ tactic: m[1], technique: `${m[2]} ${m[3]}` }));
  return { attack, condition, exclusions: tableRows('Exclusions'), outputFields: tableRows('Output fields'), partial: lines.some((l) => l.startsWith('This rule also runs imperative logic')) };
}

describe.skipIf(!process.env.RULECAT_CORPUS)('rule pages match the reference pages', () => {
  const references = [
    ['AWS.CloudTrail.SecurityConfigurationChange', 'rule-page-aws-security-configuration-change.txt'],
    ['AWS.ConfigService.Created', 'rule-page-aws-config-service-created.txt'],
  ] as const;
  let model: SiteModel;
  it('builds the Panther catalog with logic', () => {
    model = createSiteModel(sourceCatalog('panther-analysis'));
  }, 600_000);

  for (const [upstreamId, file] of references) {
    it(`${upstreamId}: Condition lines, Exclusions and Output fields`, () => {
      const path = join(PROJECT_ROOT, '../shared/reference', file);
      if (!existsSync(path)) return;
      const expected = referenceSections(path);
      const rule = model.rules.find((r) => r.upstreamId === upstreamId)!;
      expect(rule, upstreamId).toBeDefined();
      const view = ruleView(model, rule);
      // The page adds case / match marks (eq~, has) the reference pages predate; the conditions are the same.
      expect(renderConjuncts(rule.logic!.conjuncts)).toEqual(expected.condition);
      expect(view.logic.status === 'partial').toBe(expected.partial);
      // The reference lists excluded leaves; the page lists excluded branches, each with its leaves together.
      expect(view.exclusions.flatMap((e) => e.lines.map((line) => line.split(' ')[0]))).toEqual(expected.exclusions);
      expect(view.outputFields).toEqual(expected.outputFields);
      expect(view.coverage.flatMap((r) => r.techniques.map((t) => ({ tactic: r.tactic, technique: `${t.id} ${t.name}` })))).toEqual(expected.attack);
    });
  }
});
