/**
 * Sigma string values: wildcards (`*`, `?`), their escapes, and the encoding modifiers
 * (base64, base64offset, utf16le / utf16be / utf16 / wide, windash) applied as the specification defines them.
 */

/** A Sigma string split into literal text and wildcard tokens. */
export type SigmaPart = { literal: string } | { wildcard: '*' | '?' };

/** Splits a value: `\*`, `\?` and `\\` are escaped literals; any other backslash is a plain backslash. */
export function sigmaParts(value: string): SigmaPart[] {
  const parts: SigmaPart[] = [];
  let literal = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === '\\' && i + 1 < value.length && '*?\\'.includes(value[i + 1])) {
      literal += value[++i];
    } else if (ch === '*' || ch === '?') {
      if (literal) parts.push({ literal });
      literal = '';
      parts.push({ wildcard: ch });
    } else {
      literal += ch;
    }
  }
  if (literal) parts.push({ literal });
  return parts;
}

/**
 * A wildcard pattern as leaves show it: `*` and `?` are the wildcards and nothing is escaped, so that
 * `C:\Users\*\AppData` reads as written. Callers turn patterns with a literal `*` or `?` into regexes instead.
 */
export function wildcardPattern(parts: SigmaPart[]): string {
  return parts.map((p) => ('wildcard' in p ? p.wildcard : p.literal)).join('');
}

/** The same pattern as an anchored regular expression (for patterns that also hold a literal `*` or `?`). */
export function wildcardRegex(parts: SigmaPart[]): string {
  const body = parts
    .map((p) => ('wildcard' in p ? (p.wildcard === '*' ? '.*' : '.') : p.literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return `^${body}$`;
}

/** The literal text of a value, wildcard characters left as written (for encodings and keyword values). */
export function unescapeSigma(value: string): string {
  return sigmaParts(value)
    .map((p) => ('wildcard' in p ? p.wildcard : p.literal))
    .join('');
}

export type MatchKind = 'eq' | 'contains' | 'startswith' | 'endswith';

/**
 * The leaf kind and value for one string under a match modifier. Pure leading/trailing `*` become
 * contains/startswith/endswith (what the backend runs is the same); other wildcards stay a wildcard pattern
 * (a regex when the pattern also holds an escaped, literal `*` or `?`); a lone `*` means "any value".
 */
export function classifyString(value: string, match: MatchKind): { kind: MatchKind | 'wildcard' | 'regex' | 'is_not_null'; value: string } {
  const parts = sigmaParts(value);
  const hasWildcard = parts.some((p) => 'wildcard' in p);
  if (!hasWildcard) return { kind: match, value: parts.map((p) => ('literal' in p ? p.literal : '')).join('') };
  const full: SigmaPart[] = [...parts];
  if (match === 'contains' || match === 'endswith') full.unshift({ wildcard: '*' });
  if (match === 'contains' || match === 'startswith') full.push({ wildcard: '*' });
  const isStar = (p: SigmaPart | undefined) => p !== undefined && 'wildcard' in p && p.wildcard === '*';
  // Collapse runs of `*` so that `**` counts as one.
  const collapsed = full.filter((p, i) => !(isStar(p) && i > 0 && isStar(full[i - 1])));
  const inner = collapsed.filter((p, i) => !((i === 0 || i === collapsed.length - 1) && isStar(p)));
  if (inner.length === 0) return { kind: 'is_not_null', value: '' };
  if (inner.length === 1 && 'literal' in inner[0]) {
    const lead = isStar(collapsed[0]);
    const trail = isStar(collapsed[collapsed.length - 1]);
    const kind = lead && trail ? 'contains' : lead ? 'endswith' : trail ? 'startswith' : 'eq';
    return { kind, value: inner[0].literal };
  }
  const literalWildcard = collapsed.some((p) => 'literal' in p && /[*?]/.test(p.literal));
  return literalWildcard ? { kind: 'regex', value: wildcardRegex(collapsed) } : { kind: 'wildcard', value: wildcardPattern(collapsed) };
}

// ---- encodings --------------------------------------------------------------------------------------------

export type Encoding = 'base64' | 'base64offset' | 'utf16le' | 'utf16be' | 'utf16' | 'wide';

/** A value on its way through the encoding modifiers: text until a UTF-16 modifier turns it into bytes. */
type Encoded = string | Uint8Array;

function toBytes(v: Encoded): Uint8Array {
  return typeof v === 'string' ? new Uint8Array(Buffer.from(v, 'utf8')) : v;
}

function utf16(v: Encoded, order: 'le' | 'be', bom: boolean): Uint8Array {
  const text = typeof v === 'string' ? v : Buffer.from(v).toString('latin1');
  const le = Buffer.from(text, 'utf16le');
  if (order === 'be') le.swap16();
  return new Uint8Array(bom ? Buffer.concat([Buffer.from(order === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]), le]) : le);
}

/** The three base64 forms of a byte string at offsets 0, 1, 2 of the encoded stream (as pySigma computes them). */
export function base64Offsets(bytes: Uint8Array): string[] {
  const starts = [0, 2, 3];
  const ends = [undefined, -3, -2];
  const out: string[] = [];
  for (let i = 0; i < 3; i++) {
    const padded = Buffer.concat([Buffer.alloc(i, ' '), Buffer.from(bytes)]).toString('base64');
    const end = ends[(bytes.length + i) % 3];
    out.push(padded.slice(starts[i], end));
  }
  return out;
}

/** Applies the encodings in the order written; base64offset expands one value into three. */
export function applyEncodings(value: string, encodings: Encoding[]): string[] {
  let values: Encoded[] = [value];
  for (const e of encodings) {
    values = values.flatMap((v): Encoded[] => {
      switch (e) {
        case 'base64':
          return [Buffer.from(toBytes(v)).toString('base64')];
        case 'base64offset':
          return base64Offsets(toBytes(v));
        case 'utf16le':
        case 'wide':
          return [utf16(v, 'le', false)];
        case 'utf16be':
          return [utf16(v, 'be', false)];
        case 'utf16':
          return [utf16(v, 'le', true)];
      }
    });
  }
  // Bytes never turned into base64 (a bare `wide`) are shown one character per byte: "p\u0000i\u0000..."
  return values.map((v) => (typeof v === 'string' ? v : Buffer.from(v).toString('latin1')));
}

const DASHES = ['-', '/', '\u2013', '\u2014', '\u2015'];

/**
 * windash: every `-` or `/` that starts a word (after a space or at the start) in each of its forms: -, /,
 * en dash, em dash, horizontal bar. The written value comes first, the variants follow.
 */
export function windashVariants(value: string): string[] {
  const positions: number[] = [];
  for (let i = 0; i < value.length; i++) {
    if (!DASHES.includes(value[i])) continue;
    const prevIsWord = i > 0 && /\w/.test(value[i - 1]);
    const nextIsWord = i + 1 < value.length && /\w/.test(value[i + 1]);
    if (!prevIsWord && nextIsWord) positions.push(i);
  }
  let variants = [value];
  for (const pos of positions) {
    variants = variants.flatMap((v) => DASHES.map((d) => v.slice(0, pos) + d + v.slice(pos + 1)));
  }
  return [value, ...variants.filter((v) => v !== value)].filter((v, i, all) => all.indexOf(v) === i);
}
