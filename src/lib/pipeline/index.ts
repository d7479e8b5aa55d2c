/**
 * buildCatalogParallel(): the catalog of buildCatalog(), read in worker threads and from a content-hash cache.
 *
 * - Files are read and their logic extracted in piscina worker threads (a kept pool that queues tasks and keeps
 *   its threads warm, so each thread loads the parsers, the Kusto service and a source's reference data once),
 *   in tasks of consecutive files of one source. Results come back in task order and are assembled exactly as
 *   buildCatalog() does (rule order, diagnostics order, statistics), so the catalog is the same whatever thread
 *   read what. Cross-rule work stays in this thread after the read: identity, succession, catalog lookups of
 *   extractors (refs.ts), and later knowledge/ and the ATT&CK index.
 * - A source whose rules read other rule files (Sigma correlations and filters) is read whole, in one task with
 *   a fresh context, in file order, as the serial reader does.
 * - Each file's outcome is cached under a key of the code version, the source, the file's path and content, and
 *   the source's reference data (or, for formats whose rules read other rule files, the whole source), so a
 *   rebuild after one file changed reads that file only (cache.ts).
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { corpusView, emptySourceWarning, identifyRules, openCorpus, sourceContext, type Catalog, type BuildOptions, type SourceStats } from '../catalog.ts';
import type { FormatId } from '../definitions.ts';
import type { Diagnostic } from '../diagnostics.ts';
import { FORMAT_MODULES } from '../formats/registry.ts';
import { applySuccession } from '../knowledge/succession.ts';
import type { RuleLogic } from '../logic/types.ts';
import type { RuleDraft } from '../model.ts';
import { PROJECT_ROOT, readSourceConfigs, type SourceConfig } from '../sources.ts';
import { readPack, writePack, type Pack } from './cache.ts';
import { codeVersion, fingerprintSource, hashOf, type SourceFingerprint } from './fingerprint.ts';
import { decode, runIngestTask, type FileOutcome, type IngestResult, type IngestTask } from './ingest.ts';
import { prerenderTasks, runPrerenderTask, type Prerender } from './prerender.ts';
import { resolveRefs } from './refs.ts';

export interface ParallelBuildOptions extends BuildOptions {
  /** Worker threads; 0 reads in this thread. Default: the machine's available parallelism. */
  workers?: number;
  /** Folder of the catalog cache; no cache when undefined. */
  cacheDir?: string;
  /** Work for the rule pages done after reading, on the same threads (highlighting, Markdown): prerender.ts. */
  prerender?: Prerender;
}

export interface PipelineFigures {
  workers: number;
  files: number;
  /** Files whose outcome came from the cache. */
  cached: number;
  /** Files read (parsed and extracted) in this build. */
  read: number;
  tasks: number;
  /** Milliseconds: hashing the corpus and code, reading and extracting, assembling the catalog, writing the cache. */
  hashMs: number;
  ingestMs: number;
  assembleMs: number;
  cacheWriteMs: number;
  /** Milliseconds filling the highlight and Markdown caches for the pages (prerender.ts), and the texts rendered. */
  prerenderMs: number;
  prerendered: number;
}

/** Fewer prerender tasks than this run in this thread: starting the worker threads would cost more. */
const PRERENDER_IN_THREAD = 4;

/** Files per task: small enough to balance two threads, large enough that a task costs more than its message. */
const CHUNK = 24;

/**
 * Formats read in one task per build: each thread that reads one of their files first builds what the whole source
 * needs (Panther's source index parses every rule and query; KQL loads Microsoft's Kusto service and its grammar
 * tables, seconds each), so spreading them over both threads paid that twice. One long task started early still
 * leaves the other thread the rest of the corpus.
 */
const ONE_TASK = new Set<FormatId>(['panther', 'sentinel']);

/** Formats whose rules may read other rule files (Sigma correlations and filters): read whole unless the last build's
 * pack says this source has none, instead of reading it in chunks first and again whole. */
const MAY_READ_OTHERS = new Set<FormatId>(['sigma']);

/** Rules that read other rule files of their source: Sigma correlations and filters use the rules they name. */
function readsOtherRules(draft: RuleDraft): boolean {
  return draft.format === 'sigma' && (draft.kind === 'correlation_rule' || draft.kind === 'filter');
}

/**
 * Formats whose every file may depend on other rule files of its source: a Panther rule takes LogTypes and
 * queries from the source index, a query lists the rules that run it. Their cache keys hash the whole source.
 */
const SOURCE_WIDE = new Set<FormatId>(['panther']);

interface SourcePlan {
  config: SourceConfig;
  /** Problems of its SOURCE file (an upstream URL that is not http(s)). */
  upstreamDiagnostics: Diagnostic[];
  exists: boolean;
  files: string[];
  fingerprint?: SourceFingerprint;
  pack?: Pack;
  /** Read whole, in one fresh task (rules that read other rule files). */
  whole: boolean;
  keys: string[];
  sourceKey: string;
  outcomes: (Uint8Array | undefined)[];
  sourceDiagnostics?: Uint8Array;
  /** Tasks run for this source in this build, and the files they read. */
  ran: number;
  read: number;
  /** Indexes of the files read in this build (the others came from the cache). */
  fresh: Set<number>;
}

function keysOf(plan: SourcePlan, code: string, skipLogic: boolean): void {
  const fp = plan.fingerprint;
  if (!fp) {
    plan.keys = plan.files.map(() => '');
    plan.sourceKey = '';
    return;
  }
  const config = JSON.stringify(plan.config);
  const scope = plan.whole || SOURCE_WIDE.has(plan.config.format) ? `all:${fp.all}` : `ref:${fp.reference}`;
  plan.keys = plan.files.map((rel) => hashOf(code, config, rel, fp.files.get(rel) ?? '', scope, skipLogic ? 'no-logic' : 'logic'));
  plan.sourceKey = hashOf(code, config, 'source-diagnostics', fp.reference);
}

function lookup(plan: SourcePlan): void {
  plan.outcomes = plan.keys.map((k) => (k && plan.pack?.entries.get(k)) || undefined);
  plan.sourceDiagnostics = (plan.sourceKey && plan.pack?.entries.get(plan.sourceKey)) || undefined;
}

/** The tasks that read what the cache did not have. */
function tasksOf(plan: SourcePlan, base: Omit<IngestTask, 'config' | 'files' | 'fresh' | 'sourceDiagnostics'>): { task: IngestTask; indexes: number[] }[] {
  if (!plan.exists) return [];
  const missing = plan.files.flatMap((_, i) => (plan.outcomes[i] ? [] : [i]));
  const needSource = !plan.sourceDiagnostics;
  if (plan.whole) {
    if (!missing.length && !needSource) return [];
    const all = plan.files.map((_, i) => i);
    return [{ task: { ...base, config: plan.config, files: plan.files, fresh: true, sourceDiagnostics: true }, indexes: all }];
  }
  const out: { task: IngestTask; indexes: number[] }[] = [];
  const chunk = ONE_TASK.has(plan.config.format) ? Math.max(1, missing.length) : CHUNK;
  for (let at = 0; at < missing.length || (at === 0 && needSource); at += chunk) {
    const indexes = missing.slice(at, at + chunk);
    out.push({ task: { ...base, config: plan.config, files: indexes.map((i) => plan.files[i]), fresh: false, sourceDiagnostics: at === 0 && needSource }, indexes });
  }
  return out;
}

function createPool(threads: number): Piscina {
  // Worker threads inherit the parent's flags; the TypeScript loader must be among them.
  const hasTsx = process.execArgv.some((a) => a.includes('tsx'));
  return new Piscina({
    filename: new URL('./worker.ts', import.meta.url).href,
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 60_000,
    ...(hasTsx ? {} : { execArgv: [...process.execArgv, '--import', 'tsx'] }),
  });
}

/** Every file's outcome of a source, once all of them are there. */
function outcomesOf(plan: SourcePlan): FileOutcome[] {
  return plan.outcomes.map((bytes, i) => {
    if (!bytes) throw new Error(`${plan.config.name}: no outcome for ${plan.files[i]}`);
    return decode<FileOutcome>(bytes);
  });
}

function emptyStats(config: SourceConfig): SourceStats {
  return { name: config.name, format: config.format, files: 0, notRules: 0, rules: 0, withAttack: 0, errors: 0, errorsByReason: {} };
}

function addStats(total: SourceStats, part: SourceStats): void {
  total.files += part.files;
  total.notRules += part.notRules;
  total.rules += part.rules;
  total.withAttack += part.withAttack;
  total.errors += part.errors;
  for (const [reason, n] of Object.entries(part.errorsByReason)) total.errorsByReason[reason] = (total.errorsByReason[reason] ?? 0) + n;
}

export async function buildCatalogParallel(options: ParallelBuildOptions = {}): Promise<{ catalog: Catalog; figures: PipelineFigures }> {
  const t0 = performance.now();
  const configs = readSourceConfigs().filter((c) => !options.only || options.only.includes(c.name));
  const { root, examples, diagnostics: corpusDiagnostics } = openCorpus(options.env, configs);
  const cacheDir = options.cacheDir;
  const skipLogic = !!options.skipLogic;
  const code = cacheDir ? codeVersion(PROJECT_ROOT) : '';
  const upstreams: NonNullable<Catalog['upstreams']> = {};

  const plans: SourcePlan[] = configs.map((config) => {
    const upstreamDiagnostics: Diagnostic[] = [];
    const context = sourceContext(config, root, upstreamDiagnostics);
    if (context.upstream) upstreams[config.name] = { url: context.upstream.url, commit: context.upstream.commit, ref: config.ref };
    const exists = existsSync(context.root);
    const files = exists ? FORMAT_MODULES[config.format].listFiles(context) : [];
    const plan: SourcePlan = { config, upstreamDiagnostics, exists, files, whole: false, keys: [], sourceKey: '', outcomes: [], ran: 0, read: 0, fresh: new Set() };
    if (cacheDir && exists) {
      plan.fingerprint = fingerprintSource(context.root, files);
      plan.pack = readPack(cacheDir, config.name);
    }
    plan.whole = exists && (plan.pack?.meta.crossFile ?? MAY_READ_OTHERS.has(config.format));
    keysOf(plan, code, skipLogic);
    lookup(plan);
    return plan;
  });
  const hashMs = performance.now() - t0;

  const workers = Math.max(0, options.workers ?? availableParallelism());
  let pool: Piscina | undefined;
  const base = { build: randomUUID(), root, skipLogic };
  let tasks = 0;
  const runPlans = async (list: SourcePlan[]) => {
    const jobs = list.flatMap((plan) => tasksOf(plan, base).map((job) => ({ plan, ...job })));
    tasks += jobs.length;
    // Threads start only when something is to be read (a rebuild from the cache needs none).
    if (jobs.length && workers > 0) pool ??= createPool(workers);
    const run = (task: IngestTask): Promise<IngestResult> => (pool ? pool.run(task) : runIngestTask(task));
    // Longest tasks first (a whole source, a one-task format), so none of them is left running alone at the end;
    // results are kept by job, so the order tasks run in changes nothing in the catalog.
    const results: IngestResult[] = [];
    if (pool) {
      const order = [...jobs.keys()].sort((a, b) => jobs[b].task.files.length - jobs[a].task.files.length || a - b);
      await Promise.all(order.map(async (n) => (results[n] = await run(jobs[n].task))));
    }
    for (const [n, job] of jobs.entries()) {
      const result = pool ? results[n] : await run(job.task);
      job.plan.ran++;
      job.plan.read += job.task.files.length;
      job.indexes.forEach((fileIndex, k) => {
        job.plan.outcomes[fileIndex] = result.files[k];
        job.plan.fresh.add(fileIndex);
      });
      if (result.sourceDiagnostics) job.plan.sourceDiagnostics = result.sourceDiagnostics;
    }
  };
  const ingestStart = performance.now();
  let decoded: FileOutcome[][];
  try {
    await runPlans(plans);
    decoded = plans.map(outcomesOf);
    // A source read in chunks that turns out to have rules reading other rule files is read again, whole.
    const redo = plans.filter((plan, i) => !plan.whole && decoded[i].some((o) => o.drafts.some(readsOtherRules)));
    for (const plan of redo) {
      plan.whole = true;
      keysOf(plan, code, skipLogic);
      plan.outcomes = plan.files.map(() => undefined);
      plan.sourceDiagnostics = undefined;
    }
    if (redo.length) {
      await runPlans(redo);
      for (const plan of redo) decoded[plans.indexOf(plan)] = outcomesOf(plan);
    }
  } catch (e) {
    await pool?.destroy();
    throw e;
  }
  const ingestMs = performance.now() - ingestStart;

  // Assembly, in the order buildCatalog() reports: per source its reference problems and each file's; then the
  // logic problems of every rule, in rule order.
  const assembleStart = performance.now();
  const sources: SourceStats[] = [];
  const diagnostics: Diagnostic[] = [...corpusDiagnostics];
  const logicDiagnostics: Diagnostic[] = [];
  const entries: { draft: RuleDraft; source: string }[] = [];
  const logics: (RuleLogic | undefined)[] = [];
  const needsRefs: boolean[] = [];
  plans.forEach((plan, p) => {
    const stats = emptyStats(plan.config);
    if (!plan.exists) stats.missing = true;
    diagnostics.push(...plan.upstreamDiagnostics);
    if (plan.sourceDiagnostics) diagnostics.push(...decode<Diagnostic[]>(plan.sourceDiagnostics));
    for (const outcome of decoded[p]) {
      addStats(stats, outcome.stats);
      diagnostics.push(...outcome.diagnostics);
      logicDiagnostics.push(...outcome.logicDiagnostics);
      outcome.drafts.forEach((draft, i) => {
        const { logic, ...rest } = draft as RuleDraft & { logic?: RuleLogic };
        entries.push({ draft: rest, source: plan.config.name });
        logics.push(logic);
        needsRefs.push(outcome.refs.includes(i));
      });
    }
    sources.push(stats);
    diagnostics.push(...emptySourceWarning(plan.config, stats));
  });
  const { rules, published, diagnostics: identityDiagnostics } = identifyRules(entries, options.env, examples);
  diagnostics.push(...identityDiagnostics, ...logicDiagnostics);
  applySuccession(rules);
  if (!skipLogic) {
    const view = corpusView(rules);
    rules.forEach((rule, i) => {
      rule.logic = logics[i];
      if (needsRefs[i]) resolveRefs(rule, view);
    });
  }
  const assembleMs = performance.now() - assembleStart;

  const prerenderStart = performance.now();
  let prerendered = 0;
  try {
    const jobs = options.prerender ? prerenderTasks(rules, options.prerender) : [];
    if (jobs.length >= PRERENDER_IN_THREAD && workers > 0) pool ??= createPool(workers);
    if (pool) for (const n of await Promise.all(jobs.map((task) => pool!.run(task, { name: 'prerender' }) as Promise<number>))) prerendered += n;
    else for (const task of jobs) prerendered += await runPrerenderTask(task);
  } finally {
    await pool?.destroy();
  }
  const prerenderMs = performance.now() - prerenderStart;

  const writeStart = performance.now();
  if (cacheDir) {
    for (const [p, plan] of plans.entries()) {
      if (!plan.exists || !plan.fingerprint) continue;
      const entriesNow = new Map<string, Uint8Array>();
      plan.keys.forEach((k, i) => {
        const bytes = plan.outcomes[i];
        if (bytes) entriesNow.set(k, bytes);
      });
      if (plan.sourceDiagnostics) entriesNow.set(plan.sourceKey, plan.sourceDiagnostics);
      const crossFile = decoded[p].some((o) => o.drafts.some(readsOtherRules));
      const unchanged = plan.ran === 0 && plan.pack?.entries.size === entriesNow.size && plan.pack.meta.crossFile === crossFile;
      if (!unchanged) writePack(cacheDir, plan.config.name, { meta: { crossFile }, entries: entriesNow });
    }
  }
  const cacheWriteMs = performance.now() - writeStart;

  const files = plans.reduce((n, p) => n + p.files.length, 0);
  const cached = files - plans.reduce((n, p) => n + p.fresh.size, 0);
  return {
    catalog: { root, examples, rules, sources, diagnostics, upstreams, published },
    figures: { workers, files, cached, read: plans.reduce((n, p) => n + p.read, 0), tasks, hashMs, ingestMs, assembleMs, cacheWriteMs, prerenderMs, prerendered },
  };
}
