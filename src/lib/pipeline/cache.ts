/**
 * The catalog cache: one pack file per source under the cache folder, mapping a content-hash key to a file's
 * serialized outcome (ingest.ts). A key covers everything the outcome depends on (pipeline/index.ts: code
 * version, source, file path and content, reference data or the whole source), so an entry is either right or
 * not found; nothing is ever invalidated by date. Each build rewrites the packs of the sources it re-read, with
 * only the entries it used, so packs do not grow with old versions.
 *
 * Layout: "rulecat-pack 1\n", a JSON line (meta), then entries: 40-byte hex key, u32 length, bytes.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const MAGIC = 'rulecat-pack 1\n';

export interface PackMeta {
  /** The source had rules that read other rule files of it (read whole, in one task). */
  crossFile: boolean;
}

export interface Pack {
  meta: PackMeta;
  entries: Map<string, Uint8Array>;
}

function packFile(dir: string, source: string): string {
  return join(dir, `${source.replace(/[^a-zA-Z0-9._-]/g, '_')}.pack`);
}

export function readPack(dir: string, source: string): Pack | undefined {
  const file = packFile(dir, source);
  if (!existsSync(file)) return undefined;
  try {
    const buf = readFileSync(file);
    if (buf.toString('latin1', 0, MAGIC.length) !== MAGIC) return undefined;
    let at = MAGIC.length;
    const eol = buf.indexOf(10, at);
    const meta = JSON.parse(buf.toString('utf8', at, eol)) as PackMeta;
    at = eol + 1;
    const entries = new Map<string, Uint8Array>();
    while (at < buf.length) {
      const key = buf.toString('latin1', at, at + 40);
      const length = buf.readUInt32LE(at + 40);
      at += 44;
      entries.set(key, buf.subarray(at, at + length));
      at += length;
    }
    if (at !== buf.length) return undefined;
    return { meta, entries };
  } catch {
    // A broken pack is a cache miss, never an error.
    return undefined;
  }
}

export function writePack(dir: string, source: string, pack: Pack): void {
  mkdirSync(dir, { recursive: true });
  const parts: Uint8Array[] = [Buffer.from(MAGIC, 'latin1'), Buffer.from(`${JSON.stringify(pack.meta)}\n`, 'utf8')];
  for (const [key, bytes] of pack.entries) {
    if (!/^[0-9a-f]{40}$/.test(key)) throw new Error(`bad cache key ${key}`);
    const head = Buffer.alloc(44);
    head.write(key, 0, 'latin1');
    head.writeUInt32LE(bytes.length, 40);
    parts.push(head, bytes);
  }
  const file = packFile(dir, source);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, Buffer.concat(parts));
  renameSync(tmp, file);
}
