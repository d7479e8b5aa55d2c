/**
 * `npm run build`: deletes dist/, runs `astro build` (so the catalog is built once and its figures are at hand),
 * indexes dist/ with Pagefind, then prints the summary: rules per vendor, pages written, problems found in the
 * corpus, time per phase and peak memory.
 *
 * Two processes, one after the other: a child process builds the pages (build-pages.ts: catalog, Astro, open
 * data) and exits, then this process runs Pagefind. The catalog and Astro's heap are gone by the time Pagefind
 * holds every page's words, so the build's peak memory is the larger of the two instead of their sum. This
 * script imports neither Astro nor the catalog, so it stays small while the others run.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { PipelineFigures } from '../src/lib/pipeline/index.ts';

const root = resolve(import.meta.dirname, '..');

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
  /** Highlighting and Markdown for the pages, done on the catalog's threads after it is read (pipeline/prerender.ts). */
  prerenderMs: number;
  derivedMs: number;
  renderMs: number;
  astroMs: number;
  dataMs: number;
  dataFiles: number;
  pagefindMs: number;
  totalMs: number;
  buildRssMb: number;
  /** Peak RSS of the pages process by the end of the catalog and prerender (worker threads included). */
  catalogRssMb?: number;
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
    `  page prerender             ${seconds(f.prerenderMs)}  (highlighting and Markdown, ${f.pipeline?.prerendered ?? 0} texts rendered, the rest from their caches)`,
    `  astro render               ${seconds(f.renderMs)}  CPU ${seconds(f.cpu.astroMs)}  (${f.astroPages} pages, ${Math.round(f.astroPages / (f.renderMs / 1000))} pages/s)`,
    `  open data                  ${seconds(f.dataMs)}  CPU ${seconds(f.cpu.dataMs)}  (${f.dataFiles} files)`,
    `  pagefind                   ${seconds(f.pagefindMs)}  CPU ${seconds(f.cpu.pagefindMs)}`,
    `  total                      ${seconds(f.totalMs)}  (load average ${f.load[0].toFixed(1)} before, ${f.load[1].toFixed(1)} after)`,
    `Peak memory: pages process ${f.buildRssMb} MB RSS (${f.catalogRssMb ?? '?'} MB by the end of the catalog), then pagefind ${f.pagefindRssMb} MB RSS`,
    '',
  ].join('\n');
}

async function main() {
  process.env.RULECAT_PROGRESS ??= '1';
  const started = performance.now();
  const loadBefore = loadavg()[0];
  const figuresFile = join(root, `.cache/pages-stage.${process.pid}.json`);
  mkdirSync(dirname(figuresFile), { recursive: true });
  const pagesScript = join(import.meta.dirname, 'build-pages.ts');
  const pagesRun = await run(process.execPath, [...process.execArgv, pagesScript, figuresFile], process.env, 'inherit');
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
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
