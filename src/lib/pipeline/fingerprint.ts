/**
 * Content hashes for the catalog cache: the version of the code and data that turn files into rules, and the
 * files of each source (every file under its folder, rule files and reference data alike).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function hashOf(...parts: (string | Uint8Array)[]): string {
  const h = createHash('sha1');
  for (const p of parts) h.update(p).update('\u0000');
  return h.digest('hex');
}

/** Relative paths (forward slashes, sorted) of every file under dir; dot-folders (.git) skipped. */
export function allFiles(dir: string): string[] {
  const out: string[] = [];
  const visit = (abs: string, rel: string) => {
    for (const e of readdirSync(abs, { withFileTypes: true })) {
      if (e.name.startsWith('.') && e.isDirectory()) continue;
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) visit(join(abs, e.name), r);
      else if (e.isFile()) out.push(r);
    }
  };
  if (existsSync(dir)) visit(dir, '');
  return out.sort();
}

/**
 * What the catalog's output depends on besides the corpus: src/lib (readers, parsers, extractors), the content
 * configuration (sources, canonical fields), data/ (ATT&CK), the locked dependency versions (parser libraries)
 * and the V8 version (the cache is V8-serialized).
 */
export function codeVersion(projectRoot: string): string {
  const h = createHash('sha1');
  const add = (rel: string) => {
    const abs = join(projectRoot, rel);
    if (!existsSync(abs)) return;
    h.update(rel).update('\u0000').update(readFileSync(abs)).update('\u0000');
  };
  for (const rel of allFiles(join(projectRoot, 'src/lib'))) add(`src/lib/${rel}`);
  for (const rel of allFiles(join(projectRoot, 'data'))) add(`data/${rel}`);
  for (const name of readdirSync(join(projectRoot, 'content'))) if (/\.ya?ml$/.test(name)) add(`content/${name}`);
  add('package-lock.json');
  h.update(process.versions.v8);
  return h.digest('hex');
}

export interface SourceFingerprint {
  /** Content hash of each file under the source folder, by relative path. */
  files: Map<string, string>;
  /** Hash of every file that is not a rule file: reference data (macros, helpers, regression data, SOURCE...). */
  reference: string;
  /** Hash of every file of the source. */
  all: string;
}

export function fingerprintSource(folder: string, ruleFiles: readonly string[]): SourceFingerprint {
  const files = new Map<string, string>();
  for (const rel of allFiles(folder)) files.set(rel, hashOf(readFileSync(join(folder, rel))));
  // A listed rule file that the walk did not see (a symlink) still needs its hash.
  for (const rel of ruleFiles) if (!files.has(rel) && existsSync(join(folder, rel))) files.set(rel, hashOf(readFileSync(join(folder, rel))));
  const rules = new Set(ruleFiles);
  const reference = createHash('sha1');
  const all = createHash('sha1');
  for (const [rel, hash] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    all.update(`${rel}\u0000${hash}\n`);
    if (!rules.has(rel)) reference.update(`${rel}\u0000${hash}\n`);
  }
  return { files, reference: reference.digest('hex'), all: all.digest('hex') };
}
