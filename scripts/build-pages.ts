/**
 * The pages stage of `npm run build` (build.ts runs it as a child process, then Pagefind once it has exited):
 * deletes dist/, builds the catalog (worker threads, catalog cache, highlighting), renders the site with Astro,
 * writes the open data and /id/ redirects, prints the rules per vendor and the problems found, and writes its
 * figures to the file named by its argument.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { build } from 'astro';
import { highlightCacheDir } from '../src/lib/highlight/index.ts';
import type { PipelineFigures } from '../src/lib/pipeline/index.ts';
import { missingUrls, publishedIds, recordDate, writePublished } from '../src/lib/published.ts';
import { markdownCacheDir } from '../src/lib/site/markdown.ts';
import { recordPublished, siteModel, type SiteModel } from '../src/lib/site/model.ts';
import { prepareSiteModel } from '../src/lib/site/prepare.ts';
import { openData, writeOpenData } from '../src/lib/site/open-data.ts';
import { checkCorpus } from '../src/lib/sources.ts';
import { formatProblems, formatRulesPerVendor, groupProblems, problemListing } from '../src/lib/site/summary.ts';
import { countPages, type BuildFigures } from './build.ts';

const root = resolve(import.meta.dirname, '..');
const dist = join(root, 'dist');
/** Every problem of the last build, one per line with source, file and line. */
const problemsFile = join(root, '.cache/problems.txt');

/**
 * The catalog, read in worker threads ($RULECAT_WORKERS, default one per core; 0 reads in this thread) and from
 * the catalog cache in .cache/catalog ($RULECAT_CACHE=0 turns it off); rule files are highlighted and their
 * Markdown rendered into on-disk caches on the way, so rendering only reads them.
 */
async function prepareCatalog(): Promise<PipelineFigures | undefined> {
  const workers = process.env.RULECAT_WORKERS === undefined ? undefined : Number(process.env.RULECAT_WORKERS);
  const cacheDir = process.env.RULECAT_CACHE === '0' ? undefined : join(root, '.cache/catalog');
  const prerender = { highlight: { cacheDir: highlightCacheDir(root), grammarRoot: join(root, 'src/lib') }, markdownCacheDir: markdownCacheDir(root) };
  const { figures } = await prepareSiteModel({ workers, cacheDir, prerender });
  return figures;
}

/**
 * Stops before dist/ is touched when the corpus cannot be built (missing, empty, none of the sources), so the last
 * good site stays; names each configured source the corpus lacks.
 */
export function checkCorpusOrExit(): void {
  if (Number(process.env.RULECAT_SYNTHETIC ?? 0) > 0) return;
  const check = checkCorpus();
  if (check.fatal) {
    process.stderr.write(`\nerror: ${check.fatal}\nNothing was built; dist/ is left as it was.\n`);
    process.exit(1);
  }
  for (const c of check.absent) process.stderr.write(`warning: source ${c.name} is listed in content/sources.yaml but ${join(check.root, c.path)} does not exist\n`);
}

/** The build records its URLs in the published-URL manifest in CI (CI=true) or when asked (RULECAT_RECORD_URLS=1). */
export function recordsUrls(env: NodeJS.ProcessEnv = process.env): boolean {
  const on = (v: string | undefined) => !!v && v !== '0' && v.toLowerCase() !== 'false';
  return on(env.RULECAT_RECORD_URLS) || on(env.CI);
}

/** Adds this build's URLs to the manifest file (new pages and permalinks, rules that left as of today). */
export function recordUrls(model: SiteModel): string | undefined {
  const file = model.catalog.published?.file;
  const urls = recordPublished(model, recordDate());
  if (!file || !urls) return undefined;
  writePublished(file, urls);
  return `Published-URL manifest ${relative(root, file)}: ${urls.rules.length} rule URLs (${urls.rules.filter((r) => r.removed).length} of rules that left), ${publishedIds(urls).length} permalinks\n`;
}

/** Fails the build when a URL of the manifest has no file in dist/: neither page, redirect nor tombstone. */
export function checkPublished(model: SiteModel): void {
  const published = model.catalog.published;
  if (!published) return;
  const missing = missingUrls(published.urls, (url) => existsSync(join(dist, url, 'index.html')));
  if (!missing.length) return;
  const listed = missing.slice(0, 20).map((u) => `  ${u}\n`).join('');
  throw new Error(`${missing.length} published URLs of ${published.file ? relative(root, published.file) : 'the manifest'} have neither a page nor a redirect:\n${listed}${missing.length > 20 ? `  … and ${missing.length - 20} more\n` : ''}`);
}

/**
 * The pages stage (a child process of `npm run build`): deletes dist/, builds the catalog, renders the site and
 * writes the open data; returns the figures, Pagefind's still empty.
 */
export async function buildPages(): Promise<BuildFigures> {
  checkCorpusOrExit();
  const started = performance.now();
  const loadBefore = loadavg()[0];
  const cpuNow = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  rmSync(dist, { recursive: true, force: true });
  const cleanMs = performance.now() - started;

  const catalogStart = performance.now();
  const cpu0 = cpuNow();
  const pipeline = await prepareCatalog();
  const prepareMs = performance.now() - catalogStart;
  // The peak so far (worker threads included): tells the catalog's share of the pages process's peak from Astro's.
  const catalogRssMb = Math.round(process.resourceUsage().maxRSS / 1024);

  // In CI the manifest learns this build's URLs before the pages render, so tombstones show the date a rule left.
  if (recordsUrls()) process.stderr.write(recordUrls(siteModel()) ?? '');

  const astroStart = performance.now();
  const cpu1 = cpuNow();
  process.stderr.write('Rendering the site…\n');
  await build({ root, logLevel: process.env.RULECAT_BUILD_VERBOSE ? 'info' : 'warn' });
  const astroMs = performance.now() - astroStart;
  const cpu2 = cpuNow();
  const astroPages = Object.values(countPages(dist)).reduce((a, b) => a + b, 0);

  const model = siteModel();
  // Data files and /id/ redirects go straight to disk: as Astro routes they would double the pages to render.
  const dataStart = performance.now();
  const dataFiles = writeOpenData(dist, openData(model));
  const dataMs = performance.now() - dataStart;
  const cpu3 = cpuNow();
  checkPublished(model);
  const pages = countPages(dist);
  const totalPages = Object.values(pages).reduce((a, b) => a + b, 0);

  const catalogMs = model.timings.catalog ?? 0;
  const prerenderMs = model.timings.prerender ?? 0;
  const derivedMs = (model.timings.knowledge ?? 0) + (model.timings.attack ?? 0) + (model.timings.permalinks ?? 0);
  // The model is ready before Astro starts: Astro's time is rendering (and its own setup) only.
  const renderMs = astroMs - (prepareMs >= catalogMs ? 0 : catalogMs + prerenderMs + derivedMs);
  return {
    rules: model.rules.length,
    pages,
    totalPages,
    cleanMs,
    catalogMs,
    prerenderMs,
    derivedMs,
    renderMs,
    astroMs,
    dataMs,
    dataFiles,
    pagefindMs: 0,
    totalMs: performance.now() - started,
    buildRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    catalogRssMb,
    pagefindRssMb: 0,
    astroPages,
    cpu: { catalogMs: cpu1 - cpu0, astroMs: cpu2 - cpu1, dataMs: cpu3 - cpu2, pagefindMs: 0 },
    load: [loadBefore, loadavg()[0]],
    pipeline,
  };
}


/** Builds the pages, prints what the catalog says, hands its figures to build.ts in a file. */
async function pagesStage(figuresFile: string) {
  const figures = await buildPages();
  const model = siteModel();
  const out = process.stdout;
  out.write('\n');
  out.write(formatRulesPerVendor(model));
  out.write(`\nPages written: ${figures.totalPages} (${Object.entries(figures.pages).map(([k, v]) => `${k} ${v}`).join(', ')})\n\n`);
  // Every problem goes to a file; the screen shows the first few of each kind.
  mkdirSync(dirname(problemsFile), { recursive: true });
  writeFileSync(problemsFile, problemListing(model.catalog.diagnostics));
  out.write(formatProblems(groupProblems(model.catalog.diagnostics), relative(root, problemsFile)));
  out.write('\n');
  writeFileSync(figuresFile, JSON.stringify(figures));
}

const figuresFile = process.argv[2];
if (!figuresFile) {
  process.stderr.write('usage: build-pages.ts <figures file>  (npm run build runs it)\n');
  process.exit(2);
}
pagesStage(figuresFile).then(
  // Exit at once: a worker pool or Astro's watchers must not keep this heap alive while Pagefind runs.
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
