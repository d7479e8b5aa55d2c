/** Small file-system helpers for walking rule folders. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Relative paths (forward slashes, sorted) of files under `root/sub` whose name passes `accept`. */
export function walkFiles(root: string, sub: string, accept: (name: string) => boolean): string[] {
  const start = join(root, sub);
  if (!existsSync(start)) return [];
  const out: string[] = [];
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.isFile() && accept(entry.name)) out.push(relative(root, full).split(sep).join('/'));
    }
  };
  if (statSync(start).isDirectory()) visit(start);
  return out.sort();
}

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'latin-1';

/** A file's text and how it was decoded; `note` says what was unusual (a UTF-16 byte order mark, bytes that are not UTF-8). */
export interface DecodedText {
  text: string;
  encoding: TextEncoding;
  note?: { message: string; line: number };
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes a rule file: UTF-8 (a leading byte order mark dropped), UTF-16 when a byte order mark says so, and
 * anything else that is not valid UTF-8 as Latin-1, which maps every byte to a character, so no text is lost to
 * U+FFFD; the note names the line of the first byte that is not UTF-8.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: Buffer.from(bytes.subarray(3)).toString('utf8'), encoding: 'utf-8' };
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    const little = bytes[0] === 0xff;
    const body = Buffer.from(bytes.subarray(2, 2 + ((bytes.length - 2) & ~1)));
    if (!little) body.swap16();
    const encoding = little ? 'utf-16le' : 'utf-16be';
    return { text: body.toString('utf16le'), encoding, note: { message: `the file is ${encoding.toUpperCase()} (byte order mark); read as such`, line: 1 } };
  }
  try {
    return { text: strictUtf8.decode(bytes), encoding: 'utf-8' };
  } catch {
    const text = Buffer.from(bytes).toString('latin1');
    const bad = firstInvalidUtf8(bytes);
    const line = text.slice(0, bad).split('\n').length;
    return { text, encoding: 'latin-1', note: { message: `the file is not valid UTF-8 (byte 0x${bytes[bad].toString(16)} at line ${line}); read as Latin-1`, line } };
  }
}

/** Offset of the first byte that does not start or continue a well-formed UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    if (length > 1 && !strictUtf8Valid(bytes.subarray(i, i + length))) return i;
    i += length;
  }
  return 0;
}

function strictUtf8Valid(sequence: Uint8Array): boolean {
  try {
    strictUtf8.decode(sequence);
    return true;
  } catch {
    return false;
  }
}

/** Reads a text file with `decodeText`. */
export function readText(file: string): DecodedText {
  return decodeText(readFileSync(file));
}

/** Whether a file name ends with one of the extensions, in any case (`.YML` is as much YAML as `.yml`). */
export function hasExtension(name: string, ...extensions: string[]): boolean {
  const lower = name.toLowerCase();
  return extensions.some((ext) => lower.endsWith(ext));
}
