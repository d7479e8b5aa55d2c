/** Invariants over the whole real corpus: every source, every rule, loaded once. */
import { describe, expect, it } from 'vitest';
import { buildCatalog, type Catalog } from '../../src/lib/catalog.ts';
import { corpusCatalog } from './shared.ts';
import { readUpstream } from '../../src/lib/sources.ts';
import { join } from 'node:path';

describe.skipIf(!process.env.RULECAT_CORPUS)('whole corpus', () => {
  let catalog: Catalog;
  it('builds', () => {
    catalog = corpusCatalog();
    expect(catalog.examples).toBe(false);
    expect(catalog.rules.length).toBeGreaterThan(5000);
  }, 600_000);

  it('has every configured source present with rules', () => {
    for (const s of catalog.sources) {
      expect(s.missing, s.name).toBeFalsy();
      expect(s.rules, s.name).toBeGreaterThan(0);
    }
  });

  it('gives deterministic, unique catalog IDs, slugs and URLs across the whole corpus', () => {
    const ids = catalog.rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(catalog.rules.map((r) => r.url)).size).toBe(ids.length);
    for (const r of catalog.rules) expect(r.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    // A second, independent read (ingest only) must give the same IDs in the same order.
    const again = buildCatalog({ skipLogic: true });
    expect(again.rules.map((r) => r.id)).toEqual(ids);
  }, 600_000);

  it('ingests at least 99% of the rule files of every source with title, vendor and log platform', () => {
    for (const s of catalog.sources) {
      const rules = catalog.rules.filter((r) => r.source === s.name);
      const complete = rules.filter((r) => !r.parseError && r.title && r.vendor && r.logPlatform);
      expect(complete.length / Math.max(1, s.files - s.notRules), s.name).toBeGreaterThanOrEqual(0.99);
    }
  });

  it('turns every listed file into rules, a not-a-rule note, or a reported error', () => {
    for (const s of catalog.sources) {
      const files = new Set(catalog.rules.filter((r) => r.source === s.name).map((r) => r.files[0].path));
      expect(files.size + s.notRules + (s.errorsByReason['format-crash'] ?? 0), s.name).toBe(s.files);
    }
  });

  it('links every rule to its upstream file pinned to the snapshot commit', () => {
    for (const s of catalog.sources) {
      const upstream = readUpstream(join(catalog.root, s.name));
      if (!upstream?.commit) continue;
      for (const r of catalog.rules.filter((x) => x.source === s.name)) {
        expect(r.files[0].upstreamUrl, r.id).toContain(`/blob/${upstream.commit}/`);
      }
    }
  });

  it('reports each parse error with its file', () => {
    for (const r of catalog.rules.filter((x) => x.parseError)) {
      expect(r.parseError!.file).toBeTruthy();
      expect(r.parseError!.message).toBeTruthy();
      expect(r.files[0].text.length).toBeGreaterThan(0);
    }
  });
});
