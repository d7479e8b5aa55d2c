import { describe, expect, it } from 'vitest';
import { assignIdentity, buildCatalog, slugify } from '../../src/lib/catalog.ts';
import { draft } from '../fixtures/draft.ts';


describe('catalog identity', () => {
  it('slugifies titles and IDs into URL-safe words', () => {
    expect(slugify('AWS.CloudTrail.SecurityConfigurationChange')).toBe('aws-cloudtrail-securityconfigurationchange');
    expect(slugify('Ürgent: Défense — Evasion!')).toBe('urgent-defense-evasion');
    expect(slugify('***')).toBe('rule');
  });

  it('keeps slugs unique within a vendor and independent of input order', () => {
    const a = draft('Same Title', 'rules/a.yml');
    const b = draft('Same Title', 'rules/b.yml');
    const c = draft('Other', 'rules/c.yml');
    const forward = assignIdentity([a, b, c].map((d) => ({ draft: d, source: 's' })));
    const backward = assignIdentity([c, b, a].map((d) => ({ draft: d, source: 's' })));
    expect(new Set(forward.map((r) => r.id)).size).toBe(3);
    const byPath = (rules: typeof forward) => Object.fromEntries(rules.map((r) => [r.files[0].path, r.id]));
    expect(byPath(forward)).toEqual(byPath(backward));
    expect(forward.find((r) => r.title === 'Other')!.url).toBe('/rules/sigma/other/');
  });

  it('numbers documents of one file that share path, ID and title (Sigma action: global), in file order', () => {
    const doc = draft('Remote Service Creation', 'unsupported/win_remote_service.yml');
    const rules = assignIdentity([doc, doc].map((d) => ({ draft: d, source: 's' })));
    expect(rules.map((r) => r.slug)).toEqual([rules[0].slug, `${rules[0].slug}-2`]);
  });

  it('lets two vendors use the same slug', () => {
    const rules = assignIdentity([
      { draft: draft('X', 'a.yml'), source: 's' },
      { draft: draft('X', 'b.toml', { vendor: 'elastic', format: 'elastic' }), source: 'e' },
    ]);
    expect(rules.map((r) => r.id)).toEqual(['sigma/x', 'elastic/x']);
  });
});

describe('catalog over the project examples', () => {
  const catalog = buildCatalog({ env: {} });

  it('reads the examples when RULECAT_CORPUS is not set', () => {
    expect(catalog.examples).toBe(true);
    expect(catalog.sources.map((s) => s.name)).toContain('sigma');
  });

  it('gives every rule a unique id and a page URL', () => {
    const ids = catalog.rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of catalog.rules) expect(r.url).toBe(`/rules/${r.id}/`);
  });
});
