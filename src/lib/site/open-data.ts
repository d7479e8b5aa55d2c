/**
 * The catalog's open data, computed once per build and written straight into dist/ by the build script (not as
 * Astro pages, which would render 10,000 more routes): per-rule JSON, /catalog.ndjson, /catalog.csv, the
 * Navigator layers, the matrix filter data, the JSON Schemas with their documentation, and the redirect pages
 * (/id/ permalinks with one rule, old /actions/ URLs with one service). The /data/ page lists the same files with their sizes, so both read one memoized result.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROJECT_ROOT } from '../sources.ts';
import { catalogCsv } from './catalog-csv.ts';
import { MATRIX_DATA_PATH, matrixData } from './attack-matrix.ts';
import type { SiteModel } from './model.ts';
import { layerOf, layerSpecs } from './navigator.ts';
import { actionRedirectFiles } from './action-views.ts';
import { idRedirectFiles, movedRedirectFiles } from './id-redirects.ts';
import { ruleJson } from './rule-json.ts';

export interface DataFile {
  /** Site path. */
  path: string;
  content: string;
  description: string;
}

export interface OpenData {
  /** Listed one by one on /data/. */
  files: DataFile[];
  /** Listed as groups on /data/: the per-rule JSON and the layers. */
  ruleFiles: DataFile[];
  layers: (DataFile & { name: string })[];
  /**
   * /id/<segment>/index.html of the permalinks with one rule (the others are Astro pages), /actions/<platform>/<action>/
   * index.html of old action URLs with one service, and published URLs that moved.
   */
  redirects: DataFile[];
  ndjsonLines: number;
}

const SCHEMAS = [
  ['rule.schema.json', 'JSON Schema of a rule (per-rule JSON and each NDJSON line)'],
  ['rule-logic.schema.json', 'JSON Schema of the `logic` member'],
  ['navigator-layer-4.5.schema.json', 'JSON Schema of the ATT&CK Navigator layer format 4.5 the layers follow'],
] as const;

/**
 * A file of the project. Astro's prerender bundles this module under dist/.prerender/, where PROJECT_ROOT points
 * into dist/: walk up from here (and from the working directory) to the folder that has the file.
 */
function projectFile(rel: string): string {
  const starts = [PROJECT_ROOT, dirname(fileURLToPath(import.meta.url)), process.cwd()];
  for (const start of starts) {
    for (let dir = start; ; dir = dirname(dir)) {
      if (existsSync(join(dir, rel))) return readFileSync(join(dir, rel), 'utf8');
      if (dirname(dir) === dir) break;
    }
  }
  throw new Error(`${rel} not found from ${starts.join(', ')}`);
}

export function computeOpenData(model: SiteModel): OpenData {
  const rules = model.rules.map((r) => ruleJson(r, model.catalog.upstreams));
  const lines = rules.map((r) => JSON.stringify(r));
  const ruleFiles = rules.map((r, i) => ({ path: r.jsonUrl, content: `${lines[i]}\n`, description: r.title }));
  const layers = layerSpecs(model.rules).map((spec) => ({
    path: spec.path,
    name: spec.name,
    content: `${JSON.stringify(layerOf(spec), null, 1)}\n`,
    description: `${spec.rules.length} rules`,
  }));
  const schema = (name: string) => projectFile(`schemas/${name}`);
  const files: DataFile[] = [
    { path: '/catalog.ndjson', content: lines.length ? `${lines.join('\n')}\n` : '', description: 'Every rule, one JSON object per line' },
    { path: '/catalog.csv', content: catalogCsv(rules), description: 'One row per rule and stated ATT&CK technique' },
    { path: MATRIX_DATA_PATH, content: JSON.stringify(matrixData(model)), description: 'What the /attack/ matrix filters recount from' },
    ...SCHEMAS.map(([name, description]) => ({ path: `/schemas/${name}`, content: schema(name), description })),
    { path: '/schemas/data.md', content: projectFile('schemas/data.md'), description: 'How the data files are laid out' },
  ];
  return { files, ruleFiles, layers, redirects: [...idRedirectFiles(model.permalinks), ...actionRedirectFiles(model), ...movedRedirectFiles(model.urls)], ndjsonLines: lines.length };
}

const KEY = Symbol.for('rulecat.openData');
type Holder = { [KEY]?: WeakMap<SiteModel, OpenData> };

/** The open data of a site model, computed on first use (by the /data/ page or the build script). */
export function openData(model: SiteModel): OpenData {
  const holder = globalThis as Holder;
  const cache = (holder[KEY] ??= new WeakMap());
  let data = cache.get(model);
  if (!data) cache.set(model, (data = computeOpenData(model)));
  return data;
}

export function byteSize(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Writes every open-data file under dist/; returns how many files it wrote. */
export function writeOpenData(dist: string, data: OpenData): number {
  const all = [...data.files, ...data.ruleFiles, ...data.layers, ...data.redirects];
  const made = new Set<string>();
  for (const f of all) {
    const file = join(dist, f.path);
    const dir = dirname(file);
    if (!made.has(dir)) mkdirSync(dir, { recursive: true });
    made.add(dir);
    writeFileSync(file, f.content);
  }
  return all.length;
}

export interface DataListing {
  files: { path: string; bytes: number; description: string }[];
  layers: { path: string; bytes: number; name: string; description: string }[];
  rules: { count: number; bytes: number; example?: string };
}

/** What the /data/ page lists: each file with its size, the per-rule JSON as one group. */
export function dataListing(data: OpenData): DataListing {
  return {
    files: data.files.map((f) => ({ path: f.path, bytes: byteSize(f.content), description: f.description })),
    layers: data.layers.map((f) => ({ path: f.path, bytes: byteSize(f.content), name: f.name, description: f.description })),
    rules: { count: data.ruleFiles.length, bytes: data.ruleFiles.reduce((n, f) => n + byteSize(f.content), 0), example: data.ruleFiles[0]?.path },
  };
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
