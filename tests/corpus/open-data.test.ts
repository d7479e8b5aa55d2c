/**
 * Open data over the whole real corpus: every per-rule JSON validates against schemas/rule.schema.json, every
 * Navigator layer against the layer format 4.5 schema, identifiers resolve through /id/, documentation is carried.
 */
import { describe, expect, it } from 'vitest';
import { corpusCatalog } from './shared.ts';
import { createSiteModel, type SiteModel } from '../../src/lib/site/model.ts';
import { computeOpenData, type OpenData } from '../../src/lib/site/open-data.ts';
import { permalinkSegment } from '../../src/lib/site/permalinks.ts';
import { techniqueView } from '../../src/lib/site/technique-view.ts';
import { techniqueById } from '../../src/lib/attack/index.ts';
import { schemas } from '../schemas.ts';

describe.skipIf(!process.env.RULECAT_CORPUS)('open data of the real corpus', () => {
  let model: SiteModel;
  let data: OpenData;
  it('computes the open data', () => {
    model = createSiteModel(corpusCatalog());
    data = computeOpenData(model);
    expect(data.ruleFiles.length).toBe(model.rules.length);
  }, 900_000);

  it('validates every per-rule JSON, and the NDJSON has one parsable line per rule page', () => {
    const { rule, errors } = schemas();
    const invalid: string[] = [];
    for (const f of data.ruleFiles) if (!rule(JSON.parse(f.content))) invalid.push(`${f.path}: ${errors(rule)}`);
    expect(invalid.slice(0, 5)).toEqual([]);
    const lines = data.files.find((f) => f.path === '/catalog.ndjson')!.content.trimEnd().split('\n');
    expect(lines.length).toBe(model.rules.length);
    expect(new Set(lines.map((l) => JSON.parse(l).url)).size).toBe(model.rules.length);
  });

  it('validates every Navigator layer (catalog, each vendor, each log platform)', () => {
    const { layer, errors } = schemas();
    expect(data.layers.length).toBeGreaterThan(model.rules.length > 0 ? 10 : 0);
    for (const f of data.layers) expect(layer(JSON.parse(f.content)), `${f.path}: ${errors(layer)}`).toBe(true);
  });

  it('resolves Chronicle meta.rule_id and the IDs Sigma related entries retire through /id/', () => {
    const bySegment = new Map(model.permalinks.map((g) => [g.segment, g]));
    const chronicle = model.rules.filter((r) => r.vendor === 'chronicle' && r.aliases?.some((a) => a.startsWith('mr_')));
    expect(chronicle.length / model.rules.filter((r) => r.vendor === 'chronicle').length).toBeGreaterThan(0.25);
    for (const r of chronicle) for (const a of r.aliases!) expect(bySegment.get(permalinkSegment(a))?.rules).toContain(r);
    const sigma = model.rules.filter((r) => r.vendor === 'sigma' && r.aliases?.length);
    expect(sigma.length).toBeGreaterThan(10);
    // A retired ID whose file is still in the corpus (deprecated/) keeps its own rule's page, which links the successor.
    const owners = new Map(model.rules.filter((r) => r.upstreamId).map((r) => [permalinkSegment(r.upstreamId!), r]));
    let toSuccessor = 0;
    for (const r of sigma) {
      for (const a of r.aliases!) {
        const owner = owners.get(permalinkSegment(a));
        const expected = owner && owner !== r ? owner : r;
        expect(bySegment.get(permalinkSegment(a))?.rules).toContain(expected);
        if (expected === r) toSuccessor++;
      }
    }
    expect(toSuccessor).toBeGreaterThan(10);
  });

  it('carries the rules own documentation', () => {
    const rate = (vendor: string, has: (d: NonNullable<SiteModel['rules'][number]['docs']>) => unknown) => {
      const rules = model.rules.filter((r) => r.vendor === vendor && !r.parseError);
      return rules.filter((r) => r.docs && has(r.docs)).length / Math.max(1, rules.length);
    };
    expect(rate('elastic', (d) => d.investigationGuide)).toBeGreaterThan(0.5);
    expect(rate('elastic', (d) => d.prerequisites?.length)).toBeGreaterThan(0.5);
    expect(rate('splunk', (d) => d.howToImplement)).toBeGreaterThan(0.8);
    expect(rate('sigma', (d) => d.prerequisites?.length)).toBeGreaterThan(0.9);
    expect(rate('sigma', (d) => d.falsePositives?.length)).toBeGreaterThan(0.3);
    expect(rate('sentinel', (d) => d.prerequisites?.length)).toBeGreaterThan(0.5);
  });

  it('lists on T1562 the Sigma rules tagged with its successor T1685', () => {
    const view = techniqueView(model, techniqueById('T1562')!);
    const t1685 = view.successors.find((s) => s.technique.id === 'T1685');
    expect(t1685?.rules.some((r) => r.vendor === 'sigma')).toBe(true);
  });
});
