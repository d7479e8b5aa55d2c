/** Rule sources: which folders to read, in which format, and where they live upstream. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { FORMATS, type FormatId } from './definitions.ts';
import { httpUrl } from './urls.ts';

export interface SourceConfig {
  name: string;
  format: FormatId;
  /** Folder relative to the corpus root. */
  path: string;
  /** Upstream git repository, for `npm run sync` on a machine that is online. */
  git?: string;
  /** Branch or tag to sync, and to pin links with when the SOURCE file has no commit. */
  ref?: string;
  /** Folders to check out when the repository is too large to clone whole (git sparse-checkout, cone mode). */
  sparse?: string[];
}

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SOURCES_FILE = join(PROJECT_ROOT, 'content/sources.yaml');
export const EXAMPLES_ROOT = join(PROJECT_ROOT, 'content/examples');

/** The corpus root: $RULECAT_CORPUS when set (relative to the project), else the project's example rules. */
export function corpusRoot(env: NodeJS.ProcessEnv = process.env): { root: string; examples: boolean } {
  const configured = env.RULECAT_CORPUS?.trim();
  if (!configured) return { root: EXAMPLES_ROOT, examples: true };
  return { root: isAbsolute(configured) ? configured : resolve(PROJECT_ROOT, configured), examples: false };
}

export interface CorpusCheck {
  root: string;
  examples: boolean;
  /** Why the build must stop before touching dist/: the corpus is missing, empty, or holds none of the sources. */
  fatal?: string;
  /** Sources listed in content/sources.yaml whose folder is absent (a warning each). */
  absent: SourceConfig[];
}

/**
 * Whether the configured corpus can be built: a RULECAT_CORPUS that is missing, not a folder, empty, or holds
 * none of the configured sources would build an empty catalog that looks like success.
 */
export function checkCorpus(env: NodeJS.ProcessEnv = process.env, configs: SourceConfig[] = readSourceConfigs()): CorpusCheck {
  const { root, examples } = corpusRoot(env);
  const named = examples ? `the example rules (${root})` : `RULECAT_CORPUS=${env.RULECAT_CORPUS?.trim()} (${root})`;
  const stop = (why: string): CorpusCheck => ({ root, examples, fatal: `${named} ${why}`, absent: [] });
  if (!existsSync(root)) return stop('does not exist. Point RULECAT_CORPUS at a folder with one subfolder per source (npm run sync fills one).');
  if (!statSync(root).isDirectory()) return stop('is not a folder.');
  if (readdirSync(root).length === 0) return stop('is empty. Run `npm run sync` to fetch the sources, or unset RULECAT_CORPUS to build the examples.');
  const absent = configs.filter((c) => !existsSync(join(root, c.path)));
  if (configs.length && absent.length === configs.length) {
    return stop(`holds none of the sources of content/sources.yaml (it should have ${configs.map((c) => `${c.path}/`).join(', ')}).`);
  }
  return { root, examples, absent };
}

export function readSourceConfigs(file = SOURCES_FILE): SourceConfig[] {
  const doc = parse(readFileSync(file, 'utf8')) as { sources?: SourceConfig[] };
  const sources = doc?.sources ?? [];
  for (const s of sources) {
    if (!FORMATS.includes(s.format)) throw new Error(`${file}: source ${s.name} has unknown format ${s.format}`);
  }
  return sources;
}

/** The line of content/sources.yaml that names a source (`- name: sigma`), for problems about the source itself. */
export function sourceConfigLine(name: string, file = SOURCES_FILE): number {
  const lines = readFileSync(file, 'utf8').split('\n');
  const at = lines.findIndex((l) => /^\s*-?\s*name:\s*(.*?)\s*$/.exec(l)?.[1].replace(/^(['"])(.*)\1$/, '$2') === name);
  return at + 1 || 1;
}

/**
 * Reads a SOURCE file: first line "<url> <commit>" (the commit may be missing or be free text). Only an http(s)
 * URL is taken: every rule page of the source links to it; anything else is passed to `reject` and dropped.
 */
export function readUpstream(folder: string, reject?: (message: string) => void): { url: string; commit?: string } | undefined {
  const file = join(folder, 'SOURCE');
  if (!existsSync(file)) return undefined;
  const [url, second] = readFileSync(file, 'utf8').split('\n')[0].trim().split(/\s+/);
  if (!url) return undefined;
  if (!httpUrl(url)) {
    reject?.(`the upstream URL ${JSON.stringify(url.slice(0, 80))} is not an http(s) URL; files of this source get no upstream links`);
    return undefined;
  }
  return { url: url.replace(/\.git$/, ''), commit: /^[0-9a-f]{7,40}$/.test(second ?? '') ? second : undefined };
}

/** A GitHub blob URL for a file, pinned to the commit (or the configured ref); only over http(s). */
export function pinnedUrl(upstream: { url: string; commit?: string } | undefined, ref: string | undefined, relPath: string): string | undefined {
  if (!upstream || !httpUrl(upstream.url)) return undefined;
  const at = upstream.commit ?? ref;
  if (!at) return undefined;
  return `${upstream.url}/blob/${at}/${relPath.split('/').map(encodeURIComponent).join('/')}`;
}
