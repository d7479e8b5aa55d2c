/** Open data on the project's example rules: every rule JSON and layer validates, NDJSON/CSV line up with the rules. */
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/lib/catalog.ts';
import { disambiguationRows, segmentPages } from '../../src/lib/site/action-views.ts';
import { catalogCsv, csvField, CSV_COLUMNS } from '../../src/lib/site/catalog-csv.ts';
import { createSiteModel } from '../../src/lib/site/model.ts';
import { computeOpenData, dataListing } from '../../src/lib/site/open-data.ts';
import type { RuleJson } from '../../src/lib/site/rule-json.ts';
import { schemas } from '../schemas.ts';

/** A small RFC 4180 reader, so the test checks the quoting by reading it back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field), rows.push(row), (row = []), (field = ''), i++;
    } else field += c;
  }
  return rows;
}

describe('open data of the examples', () => {
  const model = createSiteModel(buildCatalog({ env: {} }));
  const data = computeOpenData(model);
  const byId = new Map(data.ruleFiles.map((f) => [JSON.parse(f.content).id as string, JSON.parse(f.content) as RuleJson]));

  it('writes one valid JSON per rule page', () => {
    const { rule, errors } = schemas();
    expect(data.ruleFiles).toHaveLength(model.rules.length);
    for (const f of data.ruleFiles) {
      const json = JSON.parse(f.content);
      expect(rule(json), `${f.path}: ${errors(rule)}`).toBe(true);
      expect(f.path).toBe(json.jsonUrl);
    }
  });

  it('writes one NDJSON line per rule, each the rule JSON', () => {
    const ndjson = data.files.find((f) => f.path === '/catalog.ndjson')!.content;
    const lines = ndjson.trimEnd().split('\n');
    expect(lines).toHaveLength(model.rules.length);
    expect(new Set(lines.map((l) => JSON.parse(l).url))).toEqual(new Set(model.rules.map((r) => r.url)));
  });

  it('rejects a rule JSON that breaks the schema', () => {
    const { rule } = schemas();
    const sample = { ...byId.values().next().value! } as Record<string, unknown>;
    expect(rule({ ...sample, permalinks: ['/id/Upper/'] })).toBe(false);
    expect(rule({ ...sample, unknownMember: 1 })).toBe(false);
    const { title: _, ...untitled } = sample;
    expect(rule(untitled)).toBe(false);
  });

  it('resolves ATT&CK as stated and in v19 (T1562.001 -> T1685)', () => {
    const guardduty = [...byId.values()].find((r) => r.title === 'AWS GuardDuty Detector Deleted Or Disabled')!;
    const t = guardduty.attack.techniques.find((x) => x.stated === 'T1562.001')!;
    expect(t.revoked).toBe(true);
    expect(t.current?.id).toMatch(/^T1685/);
    expect(guardduty.upstream.files[0].path).toMatch(/guardduty_detector_disabled\.yml$/);
  });

  it('gives a Sigma rule a permalink for the ID its related entry retires, not for a similar one', () => {
    const guardduty = [...byId.values()].find((r) => r.title === 'AWS GuardDuty Detector Deleted Or Disabled')!;
    expect(guardduty.aliases).toEqual(['6b4d2b9e-1c3f-4a51-9d0e-7f2a8c5e3b10']);
    expect(guardduty.permalinks).toContain('/id/6b4d2b9e-1c3f-4a51-9d0e-7f2a8c5e3b10/');
    expect(guardduty.permalinks.join()).not.toContain('9f1e2d3c');
    expect(guardduty.docs?.falsePositives?.[0]).toMatch(/Decommissioning/);
  });

  it('gives a Chronicle rule a permalink for its meta.rule_id, and writes its redirect', () => {
    const rule = [...byId.values()].find((r) => r.vendor === 'chronicle' && r.aliases.includes('mr_example-win-shadow-copy-deletion'))!;
    expect(rule.permalinks).toContain('/id/mr_example-win-shadow-copy-deletion/');
    const page = data.redirects.find((f) => f.path === '/id/mr_example-win-shadow-copy-deletion/index.html')!;
    expect(page.content).toContain(`content="0; url=${rule.url}"`);
  });

  it('writes the redirect of each old action URL with one service, which no Astro route renders', () => {
    const old = segmentPages(model).filter((p) => p.page.kind === 'redirect');
    expect(old.length).toBeGreaterThan(0);
    for (const { platform, segment, page } of old) {
      const file = data.redirects.find((f) => f.path === `/actions/${platform}/${segment}/index.html`);
      expect(file, `${platform}/${segment}`).toBeDefined();
      if (page.kind === 'redirect') expect(file!.content).toContain(`content="0; url=${page.to.url}"`);
    }
    const paths = data.redirects.map((f) => f.path);
    expect(new Set(paths).size).toBe(paths.length);
  });

  it('lists, on an old action URL several services share, each service with its rules and their vendors', () => {
    const pages = segmentPages(model).flatMap((p) => (p.page.kind === 'disambiguation' ? [p.page] : []));
    expect(pages.length).toBeGreaterThan(0);
    for (const page of pages) {
      const rows = disambiguationRows(model, page.platform, page.pairs);
      expect(rows.map((r) => r.url)).toEqual(page.pairs.map((p) => p.url));
      for (const row of rows) {
        expect(row.action).toBe(page.legacy.action);
        expect(row.vendors.length > 0).toBe(row.rules > 0);
        expect(row.vendors.length).toBeLessThanOrEqual(row.rules);
      }
    }
  });

  it('writes the CSV as rules x techniques, read back field for field', () => {
    const rows = parseCsv(data.files.find((f) => f.path === '/catalog.csv')!.content);
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    const expected = [...byId.values()].reduce((n, r) => n + Math.max(1, r.attack.techniques.length), 0);
    expect(rows.length - 1).toBe(expected);
    for (const row of rows) expect(row).toHaveLength(CSV_COLUMNS.length);
    const titles = new Set(rows.slice(1).map((r) => r[1]));
    for (const r of byId.values()) expect(titles.has(r.title)).toBe(true);
  });

  it('quotes CSV fields with commas, quotes and line breaks', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    const csv = catalogCsv([]);
    expect(csv).toBe(`${CSV_COLUMNS.join(',')}\r\n`);
  });

  it('validates every Navigator layer against the layer format 4.5 schema', () => {
    const { layer, errors } = schemas();
    expect(data.layers.length).toBeGreaterThan(2);
    for (const f of data.layers) {
      const json = JSON.parse(f.content);
      expect(layer(json), `${f.path}: ${errors(layer)}`).toBe(true);
      expect(json.versions).toMatchObject({ attack: '19', layer: '4.5' });
      expect(json.domain).toBe('enterprise-attack');
    }
    expect(data.layers.map((l) => l.path)).toContain('/data/navigator/vendor-sigma.json');
  });

  it('lists the files with their sizes', () => {
    const listing = dataListing(data);
    expect(listing.files.map((f) => f.path)).toEqual(expect.arrayContaining(['/catalog.ndjson', '/catalog.csv', '/schemas/rule.schema.json']));
    for (const f of listing.files) expect(f.bytes).toBeGreaterThan(0);
    expect(listing.rules.count).toBe(model.rules.length);
  });
});
