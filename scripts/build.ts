/**
 * `npm run build`: deletes dist/, runs `astro build` (so the catalog is built once and its figures are at hand),
 * indexes dist/ with Pagefind, then prints the summary: rules per vendor, pages written, problems found in the
 * corpus, time per phase and peak memory.
 *
 * Two processes, one after the other: a child process builds the pages (catalog, Astro, open data) and exits,
 * then this process runs Pagefind. The catalog and Astro's heap are gone by the time Pagefind holds every page's
 * words, so the build's peak memory is the larger of the two instead of their sum.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
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

const root = resolve(import.meta.dirname, '..');
const dist = join(root, 'dist');
/** Every problem of the last build, one per line with source, file and line. */
const problemsFile = join(root, '.cache/problems.txt');

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** HTML pages under dist, by top-level folder. */
export function countPages(dir: string): Record<string, number> {
  const counts: Record<string, number> = {};
  const walk = (d: string, top: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) {
        if (e.name !== 'pagefind' && e.name !== '_astro') walk(join(d, e.name), top || e.name);
      } else if (e.name.endsWith('.html')) counts[top || '(root)'] = (counts[top || '(root)'] ?? 0) + 1;
    }
  };
  walk(dir, '');
  return counts;
}

/**
 * Runs a command, sampling its process tree from /proc while it runs (the pagefind npm wrapper runs the native
 * binary as its child): the peak of the tree's summed resident memory at one moment, and its CPU time (user +
 * system, as last seen; the machine may be shared, so CPU time says what the work cost apart from waiting).
 */
export function run(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
  output: 'pagefind' | 'inherit' = 'pagefind',
): Promise<{ code: number; peakKb: number; cpuMs: number }> {
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: ['ignore', output === 'inherit' ? 'inherit' : 'pipe', 'inherit'] });
    let peakKb = 0;
    const cpuTicks = new Map<number, number>();
    let out = '';
    child.stdout?.on('data', (b) => (out += b));
    const sample = () => {
      let total = 0;
      const visit = (pid: number) => {
        try {
          const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
          if (m) total += Number(m[1]);
          // Fields after the command name: state is the 3rd, utime and stime the 14th and 15th.
          const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
          const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
          cpuTicks.set(pid, Number(fields[11]) + Number(fields[12]));
          for (const child of readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/)) if (child) visit(Number(child));
        } catch {
          // The process has exited.
        }
      };
      if (child.pid) visit(child.pid);
      peakKb = Math.max(peakKb, total);
    };
    const timer = setInterval(sample, 200);
    child.on('error', fail);
    child.on('exit', (code) => {
      clearInterval(timer);
      if (output === 'inherit') {
        // The child wrote to our stdout itself.
      } else if (code !== 0) process.stderr.write(out);
      else process.stdout.write(out.split('\n').filter((l) => /Indexed|Finished/.test(l)).map((l) => `  pagefind:${l}\n`).join(''));
      // Clock ticks are 1/100 s on Linux.
      done({ code: code ?? 1, peakKb, cpuMs: [...cpuTicks.values()].reduce((a, b) => a + b, 0) * 10 });
    });
  });
}

export interface BuildFigures {
  rules: number;
  pages: Record<string, number>;
  totalPages: number;
  cleanMs: number;
  catalogMs: number;
  derivedMs: number;
  renderMs: number;
  astroMs: number;
  dataMs: number;
  dataFiles: number;
  pagefindMs: number;
  totalMs: number;
  buildRssMb: number;
  pagefindRssMb: number;
  /** HTML pages Astro rendered (the others are redirects written directly). */
  astroPages: number;
  /** CPU time (user + system, all threads) per phase: on a shared machine, what the work cost apart from waiting. */
  cpu: { catalogMs: number; astroMs: number; dataMs: number; pagefindMs: number };
  /** Load average (1 min) before and after the build: other work on the machine. */
  load: [number, number];
  /** How the catalog was read: worker threads, files from the cache, files read. */
  pipeline?: PipelineFigures;
}

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
  const derivedMs = (model.timings.knowledge ?? 0) + (model.timings.attack ?? 0) + (model.timings.permalinks ?? 0);
  // The model is ready before Astro starts: Astro's time is rendering (and its own setup) only.
  const renderMs = astroMs - (prepareMs >= catalogMs ? 0 : catalogMs + derivedMs);
  return {
    rules: model.rules.length,
    pages,
    totalPages,
    cleanMs,
    catalogMs,
    derivedMs,
    renderMs,
    astroMs,
    dataMs,
    dataFiles,
    pagefindMs: 0,
    totalMs: performance.now() - started,
    buildRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    pagefindRssMb: 0,
    astroPages,
    cpu: { catalogMs: cpu1 - cpu0, astroMs: cpu2 - cpu1, dataMs: cpu3 - cpu2, pagefindMs: 0 },
    load: [loadBefore, loadavg()[0]],
    pipeline,
  };
}

/** Indexes dist/ with Pagefind; adds its figures to those of the pages stage. */
async function indexSearch(figures: BuildFigures): Promise<void> {
  process.stderr.write(`Indexing ${figures.totalPages.toLocaleString('en-US')} pages with Pagefind…\n`);
  const started = performance.now();
  const pagefindBin = join(root, 'node_modules/.bin/pagefind');
  const pagefind = await run(existsSync(pagefindBin) ? pagefindBin : 'pagefind', ['--site', 'dist', '--output-subdir', 'pagefind']);
  if (pagefind.code !== 0) throw new Error(`pagefind failed with exit code ${pagefind.code}`);
  figures.pagefindMs = performance.now() - started;
  figures.cpu.pagefindMs = pagefind.cpuMs;
  figures.pagefindRssMb = Math.round(pagefind.peakKb / 1024);
}

export function formatFigures(f: BuildFigures): string {
  return [
    'Time per phase:',
    `  delete old dist/           ${seconds(f.cleanMs)}`,
    `  catalog (ingest + logic)   ${seconds(f.catalogMs)}  CPU ${seconds(f.cpu.catalogMs)}${f.pipeline ? `  (${f.pipeline.read} files read on ${f.pipeline.workers || 'no'} worker threads, ${f.pipeline.cached} from the cache)` : ''}`,
    `  knowledge + ATT&CK index   ${seconds(f.derivedMs)}`,
    `  astro render               ${seconds(f.renderMs)}  CPU ${seconds(f.cpu.astroMs)}  (${f.astroPages} pages, ${Math.round(f.astroPages / (f.renderMs / 1000))} pages/s)`,
    `  open data                  ${seconds(f.dataMs)}  CPU ${seconds(f.cpu.dataMs)}  (${f.dataFiles} files)`,
    `  pagefind                   ${seconds(f.pagefindMs)}  CPU ${seconds(f.cpu.pagefindMs)}`,
    `  total                      ${seconds(f.totalMs)}  (load average ${f.load[0].toFixed(1)} before, ${f.load[1].toFixed(1)} after)`,
    `Peak memory: pages process ${f.buildRssMb} MB RSS, then pagefind ${f.pagefindRssMb} MB RSS`,
    '',
  ].join('\n');
}

/** The child process: builds the pages, prints what the catalog says, hands its figures to the parent in a file. */
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

async function main() {
  process.env.RULECAT_PROGRESS ??= '1';
  const stageFile = process.env.RULECAT_PAGES_STAGE_FILE;
  if (stageFile) return pagesStage(stageFile);

  const started = performance.now();
  const loadBefore = loadavg()[0];
  const figuresFile = join(root, `.cache/pages-stage.${process.pid}.json`);
  mkdirSync(dirname(figuresFile), { recursive: true });
  const pagesRun = await run(process.execPath, [...process.execArgv, import.meta.filename], { ...process.env, RULECAT_PAGES_STAGE_FILE: figuresFile }, 'inherit');
  if (pagesRun.code !== 0) process.exit(pagesRun.code);
  const figures = JSON.parse(readFileSync(figuresFile, 'utf8')) as BuildFigures;
  rmSync(figuresFile, { force: true });
  await indexSearch(figures);
  figures.totalMs = performance.now() - started;
  figures.load = [loadBefore, loadavg()[0]];
  process.stdout.write(formatFigures(figures));
  // The benchmark runs this script as a child process and reads its figures from here.
  if (process.env.RULECAT_FIGURES_FILE) writeFileSync(process.env.RULECAT_FIGURES_FILE, JSON.stringify(figures));
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  main().then(
    // The pages stage exits at once: a worker pool or Astro's watchers must not keep its heap alive.
    () => process.env.RULECAT_PAGES_STAGE_FILE && process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
