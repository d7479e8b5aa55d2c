/** Decoding Python string literals: prefixes (r, b, u, f), triple quotes and backslash escapes. */

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0', a: '\x07', b: '\b', f: '\f', v: '\v' };

export function decodeString(literal: string): string {
  const m = /^([a-zA-Z]*)('''|"""|'|")/.exec(literal);
  if (!m) return literal;
  const prefix = m[1].toLowerCase();
  const quote = m[2];
  let body = literal.slice(m[0].length);
  if (body.endsWith(quote)) body = body.slice(0, body.length - quote.length);
  if (prefix.includes('r')) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch !== '\\' || i === body.length - 1) {
      out += ch;
      continue;
    }
    const next = body[++i];
    if (next === '\n') continue;
    if (next === 'x' || next === 'u' || next === 'U') {
      const len = next === 'x' ? 2 : next === 'u' ? 4 : 8;
      const hex = body.slice(i + 1, i + 1 + len);
      if (/^[0-9a-fA-F]+$/.test(hex) && hex.length === len) {
        out += String.fromCodePoint(parseInt(hex, 16));
        i += len;
        continue;
      }
    }
    // Unknown escapes keep their backslash, as Python does.
    out += ESCAPES[next] ?? `\\${next}`;
  }
  return out;
}

/**
 * The literal text of an f-string around its replacement fields, decoded: one piece before each field and one
 * after the last (`f"/{x}:"` with its field at [3, 6) gives ["/", ":"]). `holes` are the fields' offsets in `literal`.
 */
export function formatLiterals(literal: string, holes: Array<[number, number]>): string[] | undefined {
  const m = /^([a-zA-Z]*)('''|"""|'|")/.exec(literal);
  if (!m || !literal.endsWith(m[2])) return undefined;
  const prefix = m[1].replace(/f/gi, '');
  const quote = m[2];
  const bounds = [m[0].length, ...holes.flat(), literal.length - quote.length];
  const pieces: string[] = [];
  for (let i = 0; i < bounds.length; i += 2) {
    const raw = literal.slice(bounds[i], bounds[i + 1]).replace(/\{\{/g, '{').replace(/\}\}/g, '}');
    pieces.push(decodeString(`${prefix}${quote}${raw}${quote}`));
  }
  return pieces;
}
