/**
 * `npm run benchmark`: the figures of issue "Speed", printed as one table and written to .cache/benchmark.json.
 * - cold build by phase (the project's own caches deleted first), in a child process whose peak RSS is sampled;
 * - warm rebuild after one rule file changed (a copy of the corpus, one file edited), caches kept;
 * - core throughput (rules/s through ingest + extraction + derivation), pages, dist size, rule page weight;
 * - search in headless Chromium against `astro preview`: bytes before typing, per query the ms from the last key to
 *   the first result and the bytes typing it downloaded (scripts/benchmark/search.ts); `-- --search` runs only this.
 * Works on RULECAT_CORPUS or, without it, on a copy of the examples. Figures only: nothing here asserts a time.
 */
import { appendFileSync, copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import type { BuildFigures } from './build.ts';
import { run } from './build.ts';
import { measurePages, type PageFigures } from './benchmark/pages.ts';
import { measureSearch, type SearchFigures } from './benchmark/search.ts';

const root = resolve(import.meta.dirname, '..');
const work = join(root, '.cache', 'benchmark');
const corpusCopy = join(work, 'corpus');

interface Build {
  figures: BuildFigures;
  peakRssMb: number;
}

/** The corpus measured: $RULECAT_CORPUS, else the examples. */
function corpusSource(): string {
  return process.env.RULECAT_CORPUS ? resolve(root, process.env.RULECAT_CORPUS) : join(root, 'content', 'examples');
}

/** One `scripts/build.ts` run as a child process, on the corpus copy. */
async function build(): Promise<Build> {
  const figuresFile = join(work, 'figures.json');
  rmSync(figuresFile, { force: true });
  // The copy keeps the URL manifest of what it copies, in the work folder: a build in CI mode records its URLs,
  // and must neither write the project's manifest nor take the copy for another corpus whose rules all left.
  const manifest = join(work, 'published-urls.json');
  if (!existsSync(manifest)) {
    const own = join(root, 'content', process.env.RULECAT_CORPUS ? 'published-urls.json' : 'published-urls.examples.json');
    if (existsSync(own)) copyFileSync(own, manifest);
  }
  const env: NodeJS.ProcessEnv = { ...process.env, RULECAT_CORPUS: corpusCopy, RULECAT_FIGURES_FILE: figuresFile, RULECAT_URL_MANIFEST: manifest };
  // The build finds platforms/ beside the corpus folder; the copy has none beside it, so name the original's.
  const platforms = join(corpusSource(), '..', 'platforms');
  if (!env.RULECAT_PLATFORMS && existsSync(platforms)) env.RULECAT_PLATFORMS = platforms;
  const result = await run(process.execPath, ['--max-old-space-size=8192', '--import', 'tsx', join(root, 'scripts/build.ts')], env);
  if (result.code !== 0) throw new Error(`build failed with exit code ${result.code}`);
  return { figures: JSON.parse(readFileSync(figuresFile, 'utf8')), peakRssMb: Math.round(result.peakKb / 1024) };
}

/** The first rule-looking file of the copy, in a stable order. */
function someRuleFile(dir: string): string | undefined {
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      const hit = someRuleFile(p);
      if (hit) return hit;
    } else if (/\.(ya?ml|toml|yaral)$/.test(e.name) && /rules|detections/.test(p)) return p;
  }
  return undefined;
}

/** The project's own caches (everything under .cache/ but the benchmark's work folder and figures) and Astro's. */
function deleteCaches(): void {
  const cache = join(root, '.cache');
  for (const name of existsSync(cache) ? readdirSync(cache) : []) {
    if (name !== 'benchmark' && name !== 'benchmark.json' && name !== 'test-reports') rmSync(join(cache, name), { recursive: true, force: true });
  }
  rmSync(join(root, '.astro'), { recursive: true, force: true });
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function searchRows(search: SearchFigures): [string, string][] {
  return [
    ['search page before typing', kb(search.pageBytesBeforeTyping)],
    ...search.queries.map((q): [string, string] => [
      `search "${q.query}"`,
      `${q.msToFirstResult === null ? 'no result' : `${q.msToFirstResult} ms`} after the last key, ${kb(q.bytes)} in ${q.requests} requests while typing; search bundle ${kb(q.searchBundleBytes)}`,
    ]),
  ];
}

function rowsText(rows: [string, string][]): string {
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
}

/** `npm run benchmark -- --search`: the search phase alone, on the dist/ already built. */
async function searchOnly() {
  process.stdout.write(`Search benchmark of the built dist/ (typing ${process.env.RULECAT_BENCHMARK_TYPING_MS ?? 100} ms a key)\n`);
  const search = await measureSearch(root);
  const out = join(root, '.cache', 'benchmark-search.json');
  mkdirSync(join(root, '.cache'), { recursive: true });
  writeFileSync(out, `${JSON.stringify(search, null, 2)}\n`);
  const rows = searchRows(search);
  for (const q of search.queries) rows.push([`  "${q.query}" first results`, `${q.results} listed; ${q.firstResults.join(' ')}`]);
  process.stdout.write(`${rowsText(rows)}\n\nFigures written to ${out}\n`);
}

function table(cold: Build, warm: Build, pages: PageFigures, search: SearchFigures, touched: string): string {
  const f = cold.figures;
  const coreMs = f.catalogMs + f.derivedMs;
  const w = warm.figures;
  const cpu = (ms: number) => `CPU ${s(ms)}`;
  const rows: [string, string][] = [
    ['rules', String(f.rules)],
    ['pages (HTML)', `${f.totalPages} (${f.astroPages} rendered by Astro)`],
    ['cold build total', `${s(f.totalMs)} (load average ${f.load[0].toFixed(1)} -> ${f.load[1].toFixed(1)})`],
    ['  catalog (ingest + logic)', `${s(f.catalogMs)}, ${cpu(f.cpu.catalogMs)} with the prerender${f.pipeline ? ` (${f.pipeline.workers} worker threads)` : ''}`],
    ['  knowledge + ATT&CK', s(f.derivedMs)],
    ['  page prerender (highlight, Markdown)', s(f.prerenderMs ?? 0)],
    ['  astro render', `${s(f.renderMs)}, ${cpu(f.cpu.astroMs)} (${Math.round(f.astroPages / Math.max(0.001, f.renderMs / 1000))} pages/s)`],
    ['  open data', `${s(f.dataMs)}, ${cpu(f.cpu.dataMs)}`],
    ['  pagefind', `${s(f.pagefindMs)}, ${cpu(f.cpu.pagefindMs)}`],
    [
      'warm rebuild (1 file changed)',
      `${s(w.totalMs)} (catalog ${s(w.catalogMs)}${w.pipeline ? `, ${w.pipeline.read} file(s) read` : ''}, render ${s(w.renderMs)}, pagefind ${s(w.pagefindMs)})`,
    ],
    ['core throughput', `${Math.round(f.rules / Math.max(0.001, coreMs / 1000))} rules/s (${Math.round(f.rules / Math.max(0.001, f.cpu.catalogMs / 1000))} rules per CPU second)`],
    ['peak RSS (build tree)', `${Math.max(cold.peakRssMb, f.buildRssMb)} MB (pagefind ${f.pagefindRssMb} MB)`],
    ['dist', `${mb(pages.distBytes)} in ${pages.distFiles} files`],
    ['rule page raw median / p95', `${kb(pages.rulePageRaw.median)} / ${kb(pages.rulePageRaw.p95)}`],
    ['rule page gzip median / p95', `${kb(pages.rulePageGzip.median)} / ${kb(pages.rulePageGzip.p95)}`],
    ['rule page CSS / JS', `${kb(pages.rulePageAssets.css)} / ${kb(pages.rulePageAssets.js)}`],
    ...searchRows(search),
  ];
  return `Changed for the warm rebuild: ${touched}\n${rowsText(rows)}`;
}

async function main() {
  const source = corpusSource();
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  cpSync(source, corpusCopy, { recursive: true });
  process.stdout.write(`Benchmark of ${source}; ${availableParallelism()} cores, ${Math.round(totalmem() / 2 ** 30)} GB RAM, Node ${process.version}\n`);

  deleteCaches();
  process.stdout.write('cold build...\n');
  const cold = await build();
  const touched = someRuleFile(corpusCopy);
  if (touched) appendFileSync(touched, '\n');
  process.stdout.write('warm rebuild...\n');
  const warm = await build();
  const pages = measurePages(join(root, 'dist'));
  process.stdout.write('search...\n');
  const search = await measureSearch(root);

  const result = {
    corpus: source,
    cores: availableParallelism(),
    node: process.version,
    cold: { ...cold.figures, peakRssMb: cold.peakRssMb },
    warm: { ...warm.figures, peakRssMb: warm.peakRssMb },
    coreRulesPerSecond: Math.round(cold.figures.rules / Math.max(0.001, (cold.figures.catalogMs + cold.figures.derivedMs) / 1000)),
    pages,
    search,
  };
  const out = join(root, '.cache', 'benchmark.json');
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`\n${table(cold, warm, pages, search, touched ? touched.slice(corpusCopy.length + 1) : '(none)')}\n\nFigures written to ${out}\n`);
  rmSync(corpusCopy, { recursive: true, force: true });
}

(process.argv.includes('--search') ? searchOnly() : main()).catch((e) => {
  console.error(e);
  process.exit(1);
});
