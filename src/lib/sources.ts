/** Rule sources: which folders to read, in which format, and where they live upstream. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { FORMATS, type FormatId } from './definitions.ts';

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

export function readSourceConfigs(file = SOURCES_FILE): SourceConfig[] {
  const doc = parse(readFileSync(file, 'utf8')) as { sources?: SourceConfig[] };
  const sources = doc?.sources ?? [];
  for (const s of sources) {
    if (!FORMATS.includes(s.format)) throw new Error(`${file}: source ${s.name} has unknown format ${s.format}`);
  }
  return sources;
}

/** Reads a SOURCE file: first line "<url> <commit>" (the commit may be missing or be free text). */
export function readUpstream(folder: string): { url: string; commit?: string } | undefined {
  const file = join(folder, 'SOURCE');
  if (!existsSync(file)) return undefined;
  const [url, second] = readFileSync(file, 'utf8').split('\n')[0].trim().split(/\s+/);
  if (!url) return undefined;
  return { url: url.replace(/\.git$/, ''), commit: /^[0-9a-f]{7,40}$/.test(second ?? '') ? second : undefined };
}

/** A GitHub blob URL for a file, pinned to the commit (or the configured ref). */
export function pinnedUrl(upstream: { url: string; commit?: string } | undefined, ref: string | undefined, relPath: string): string | undefined {
  if (!upstream) return undefined;
  const at = upstream.commit ?? ref;
  if (!at) return undefined;
  return `${upstream.url}/blob/${at}/${relPath.split('/').map(encodeURIComponent).join('/')}`;
}
