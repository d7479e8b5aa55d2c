/**
 * The damaged corpus: a slice of the corpus ($RULECAT_CORPUS, else the examples) copied to a temporary folder,
 * plus every bad case of issue 16 (tests/fuzz/damaged-cases.ts), a SOURCE file with a javascript: URL and a
 * source left out. The catalog builds, and every file a format lists ends as a rule page or as a listed problem
 * with its file and line; each bad case ends where it must. Where each ended goes to .cache/damaged-figures.json.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCatalog, createSourceContext, type Catalog } from '../../src/lib/catalog.ts';
import { FORMAT_MODULES } from '../../src/lib/formats/registry.ts';
import type { Diagnostic } from '../../src/lib/diagnostics.ts';
import type { Rule } from '../../src/lib/model.ts';
import { createSiteModel } from '../../src/lib/site/model.ts';
import { openData } from '../../src/lib/site/open-data.ts';
import { ruleView } from '../../src/lib/site/rule-view.ts';
import { problemListing } from '../../src/lib/site/summary.ts';
import { corpusRoot, PROJECT_ROOT, readSourceConfigs, readUpstream } from '../../src/lib/sources.ts';
import { damagedCases, HOSTILE_SOURCE } from '../fuzz/damaged-cases.ts';

/** Rule files copied from each source (and the Python file beside a Panther YAML). */
const SLICE = Number(process.env.RULECAT_DAMAGED_SLICE ?? 12);
/** Left out of the copy: its absence must be a warning naming it. */
const LEFT_OUT = 'sublime-rules';
/** Its SOURCE file gets a javascript: URL. */
const HOSTILE = 'elastic-protections-artifacts';

const cases = damagedCases();
let root: string;
let catalog: Catalog;

function copySlice(from: string, to: string) {
  for (const config of readSourceConfigs()) {
    if (config.name === LEFT_OUT) continue;
    const source = join(from, config.path);
    if (!existsSync(source)) continue;
    const target = join(to, config.path);
    mkdirSync(target, { recursive: true });
    if (existsSync(join(source, 'SOURCE'))) cpSync(join(source, 'SOURCE'), join(target, 'SOURCE'));
    const context = createSourceContext(config.name, source, readUpstream(source), config.ref);
    const files = FORMAT_MODULES[config.format].listFiles(context).slice(0, SLICE);
    for (const rel of files) {
      mkdirSync(dirname(join(target, rel)), { recursive: true });
      cpSync(join(source, rel), join(target, rel));
      const python = join(source, rel.replace(/\.ya?ml$/i, '.py'));
      if (python !== join(source, rel) && existsSync(python)) cpSync(python, join(target, rel.replace(/\.ya?ml$/i, '.py')));
    }
    // Reference data the formats read beside the rules (Splunk macros, Panther helpers).
    for (const dir of ['macros', 'data_sources', 'global_helpers', 'data_models']) if (existsSync(join(source, dir))) cpSync(join(source, dir), join(target, dir), { recursive: true });
  }
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'rulecat-damaged-'));
  copySlice(corpusRoot().root, root);
  for (const c of cases) {
    const file = join(root, c.source, c.path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, c.content);
  }
  writeFileSync(join(root, HOSTILE, 'SOURCE'), HOSTILE_SOURCE);
  catalog = buildCatalog({ env: { RULECAT_CORPUS: root, RULECAT_URL_MANIFEST: 'none' } });
}, 600_000);

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

function ruleOf(source: string, path: string): Rule[] {
  return catalog.rules.filter((r) => r.source === readSourceConfigs().find((c) => c.path === source)!.name && r.files[0]?.path === path);
}

describe('the damaged corpus', () => {
  it('builds, and every file a format lists ends as a rule page or a listed problem with file and line', () => {
    const unaccounted: string[] = [];
    for (const config of readSourceConfigs()) {
      const folder = join(root, config.path);
      if (!existsSync(folder)) continue;
      const listed = FORMAT_MODULES[config.format].listFiles(createSourceContext(config.name, folder));
      for (const rel of listed) {
        const page = catalog.rules.some((r) => r.source === config.name && r.files[0]?.path === rel);
        const problem = catalog.diagnostics.some((d) => d.source === config.name && d.file === rel && d.line);
        if (!page && !problem) unaccounted.push(`${config.name}/${rel}`);
      }
    }
    expect(unaccounted).toEqual([]);
  });

  it('lists every problem with its source, file and line', () => {
    // A problem about a source as a whole (absent, empty) is a project file's: its entry in content/sources.yaml.
    const located = (d: Diagnostic) => d.line && (d.source || d.file === 'content/sources.yaml');
    expect(catalog.diagnostics.filter((d) => !located(d)).map((d) => `${d.source}/${d.file} [${d.code}]`)).toEqual([]);
    const listing = problemListing(catalog.diagnostics);
    for (const c of cases.filter((c) => c.expect.problem)) expect(listing).toContain(`${readSourceConfigs().find((s) => s.path === c.source)!.name}/${c.path}:`);
  });

  for (const c of cases.filter((c) => !c.support)) {
    it(`${c.what} (${c.source}/${c.path}) ends as a ${c.expect.page} page${c.expect.error ? ` [${c.expect.error}]` : ''}`, () => {
      const rules = ruleOf(c.source, c.path);
      expect(rules.length).toBeGreaterThan(0);
      const [rule] = rules;
      if (c.expect.page === 'parsed') expect(rule.parseError).toBeUndefined();
      else expect(rule.parseError?.line).toBeGreaterThan(0);
      if (c.expect.error) expect(rule.parseError?.code).toBe(c.expect.error);
      if (c.expect.title) expect(rule.title).toBe(c.expect.title);
      if (c.expect.logic) expect([...(rule.logic?.reasons ?? []), ...(rule.logic?.stages ?? []).flatMap((s) => s.reasons ?? [])].join('\n')).toMatch(c.expect.logic);
      if (c.expect.problem) expect(catalog.diagnostics.filter((d) => d.file === c.path).map((d) => d.code)).toContain(c.expect.problem);
      // The raw body is kept whatever happened (an empty file's is empty).
      if (c.content.length) expect(rule.files[0].text.length).toBeGreaterThan(0);
    });
  }

  it('warns of the source left out, by name, and gives the javascript: SOURCE no link', () => {
    const absent = catalog.diagnostics.find((d) => d.code === 'source-absent');
    expect(absent?.message).toContain(LEFT_OUT);
    expect(readFileSync(join(PROJECT_ROOT, absent!.file), 'utf8').split('\n')[absent!.line! - 1]).toContain(`name: ${LEFT_OUT}`);
    expect(catalog.diagnostics.find((d) => d.code === 'source-url')?.source).toBe(HOSTILE);
    const links = catalog.rules.filter((r) => r.source === HOSTILE).flatMap((r) => r.files.map((f) => f.upstreamUrl));
    expect(links.every((u) => u === undefined)).toBe(true);
  });

  it('renders every rule page model and the open data, and truncates the 5 MB rule on its page', () => {
    const model = createSiteModel(catalog);
    for (const rule of model.rules) ruleView(model, rule);
    const data = openData(model);
    expect(data.ruleFiles.length).toBe(model.rules.length);
    const big = ruleOf('sigma', 'rules/damaged/five_megabytes.yml')[0];
    const view = ruleView(model, model.byId.get(big.id)!);
    expect(view.files[0].truncated?.total).toBeGreaterThan(5_000_000);
    expect(view.description.truncated).toBeDefined();
  });

  afterAll(() => {
    const outcome = (c: (typeof cases)[number]) => {
      const r = ruleOf(c.source, c.path)[0];
      if (!r) return 'no page';
      const problems = catalog.diagnostics.filter((d) => d.file === c.path).map((d) => `${d.code}@${d.line}`);
      const page = r.parseError ? `unparsed page [${r.parseError.code}: ${r.parseError.message.slice(0, 80)}]` : `page, logic ${r.logic?.status}${r.logic?.status !== 'full' ? ` (${r.logic?.reasons[0]?.slice(0, 80)})` : ''}`;
      return `${page}${problems.length ? `; problems ${[...new Set(problems)].join(', ')}` : ''}`;
    };
    const figures = {
      files: catalog.sources.reduce((n, s) => n + s.files, 0),
      rules: catalog.rules.length,
      problems: catalog.diagnostics.length,
      cases: Object.fromEntries(cases.filter((c) => !c.support).map((c) => [`${c.source}/${c.path} (${c.what})`, outcome(c)])),
    };
    mkdirSync(join(import.meta.dirname, '../../.cache'), { recursive: true });
    writeFileSync(join(import.meta.dirname, '../../.cache/damaged-figures.json'), `${JSON.stringify(figures, null, 1)}\n`);
  });
});
