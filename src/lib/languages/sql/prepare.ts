/**
 * Rewrites Snowflake-only syntax the SQL parser does not read into plain SQL, keeping a map from every
 * offset of the rewritten text back to the author's text (so parse errors and nodes point at the source).
 * - semi-structured paths `a:b[0]:c` become placeholder columns naming the dotted path `a.b.c`;
 * - casts `::type` and `WITHIN GROUP (...)` become blanks (they change neither the filter nor the grouping);
 * - `RLIKE`/`REGEXP` become LIKE and `[I]LIKE ANY (...)` become IN, with a marker the converter reads back;
 * - Jinja `{% ... %}` blocks are blanked and `, {{ macro('cte', ...) }}` reads the CTE it is given;
 * - calls the caller names as time windows (Panther's `p_occurs_since(1h)`) become TRUE.
 */

export type Marker = 'regex' | 'like-any' | 'ilike-any';

export interface TemplateCall {
  name: string;
  args: string[];
  offset: number;
}

export interface WindowCall {
  name: string;
  args: string;
  offset: number;
}

export interface PreparedSql {
  text: string;
  /** Placeholder column → dotted path as the rule reads it. */
  paths: Map<string, string>;
  /** Offset in `text` of a rewritten operator → what it was. */
  markers: Map<number, Marker>;
  templates: TemplateCall[];
  windows: WindowCall[];
  /** Offset in `text` → offset in the author's text. */
  sourceOffset(offset: number): number;
}

export const PATH_PREFIX = 'rcpath_';

const IDENT = /[A-Za-z_][A-Za-z0-9_$]*/y;
const PATH_STEP = /\s*(?:\[\s*\d+\s*\]|:(?!:)\s*(?:[A-Za-z_][A-Za-z0-9_$]*|"[^"]*")|\.[A-Za-z_][A-Za-z0-9_$]*)/y;
const CAST = /::\s*[A-Za-z_][A-Za-z0-9_]*(?:\s*\(\s*\d+(?:\s*,\s*\d+)?\s*\))?/y;

function matchAt(re: RegExp, text: string, at: number): string | undefined {
  re.lastIndex = at;
  return re.exec(text)?.[0];
}

/** Index just after the parenthesis that closes the one at `open` (strings skipped), or -1. */
function closingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === "'" || c === '"') i = skipQuoted(text, i) - 1;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i + 1;
  }
  return -1;
}

function skipQuoted(text: string, at: number): number {
  const q = text[at];
  for (let i = at + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === q) {
      if (text[i + 1] === q) i++;
      else return i + 1;
    }
  }
  return text.length;
}

const blank = (s: string) => s.replace(/[^\n]/g, ' ');

export function prepareSql(source: string, windowFunctions: string[] = []): PreparedSql {
  let out = '';
  // Segments of the output: [outStart, inStart, outLength, inLength].
  const segments: [number, number, number, number][] = [];
  const paths = new Map<string, string>();
  const markers = new Map<number, Marker>();
  const templates: TemplateCall[] = [];
  const windows: WindowCall[] = [];
  const emit = (inStart: number, inLength: number, replacement: string) => {
    segments.push([out.length, inStart, replacement.length, inLength]);
    out += replacement;
  };
  const windowNames = new Set(windowFunctions.map((n) => n.toLowerCase()));
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    const rest = source.slice(i, i + 40);
    const prev = i > 0 ? source[i - 1] : ' ';
    const atWordStart = !/[A-Za-z0-9_$.:]/.test(prev);
    if (c === "'" || (c === '"' && !/[A-Za-z0-9_]/.test(prev))) {
      const end = skipQuoted(source, i);
      emit(i, end - i, source.slice(i, end));
      i = end;
    } else if (rest.startsWith('--')) {
      const end = source.indexOf('\n', i);
      const stop = end < 0 ? source.length : end;
      emit(i, stop - i, source.slice(i, stop));
      i = stop;
    } else if (rest.startsWith('{%') || rest.startsWith('{#')) {
      const close = source.indexOf(rest.startsWith('{%') ? '%}' : '#}', i);
      const stop = close < 0 ? source.length : close + 2;
      emit(i, stop - i, blank(source.slice(i, stop)));
      i = stop;
    } else if (rest.startsWith('{{')) {
      const close = source.indexOf('}}', i);
      const stop = close < 0 ? source.length : close + 2;
      const call = /^\{\{\s*([A-Za-z_][\w.]*)\s*\(([\s\S]*)\)\s*\}\}$/.exec(source.slice(i, stop));
      const args = call ? call[2].split(',').map((a) => a.trim().replace(/^['"]|['"]$/g, '')) : [];
      templates.push({ name: call?.[1] ?? source.slice(i + 2, stop - 2).trim(), args, offset: i });
      // `with x as (...), {{ macro('x', ...) }}`: the macro adds CTEs and the final select over x.
      const trailingComma = /,\s*$/.exec(out);
      if (trailingComma && args[0] && /^[A-Za-z_]\w*$/.test(args[0])) {
        out = out.slice(0, trailingComma.index) + ' '.repeat(trailingComma[0].length);
        emit(i, stop - i, `SELECT * FROM ${args[0]}`);
      } else emit(i, stop - i, 'NULL');
      i = stop;
    } else if (c === ':' && source[i + 1] === ':') {
      const cast = matchAt(CAST, source, i) ?? '::';
      emit(i, cast.length, blank(cast));
      i += cast.length;
    } else if (atWordStart && /[A-Za-z_]/.test(c)) {
      const word = matchAt(IDENT, source, i)!;
      const upper = word.toUpperCase();
      const after = source.slice(i + word.length);
      let steps = '';
      for (let step = matchAt(PATH_STEP, source, i + word.length); step; step = matchAt(PATH_STEP, source, i + word.length + steps.length)) steps += step;
      if (/[:[]/.test(steps)) {
        const dotted = [word, ...steps.split(/\s*(?:\[\s*\d+\s*\]|[:.])\s*/).filter(Boolean)].map((p) => p.replace(/^"|"$/g, '')).join('.');
        const name = `${PATH_PREFIX}${paths.size}`;
        paths.set(name, dotted);
        emit(i, word.length + steps.length, name);
        i += word.length + steps.length;
      } else if ((upper === 'RLIKE' || upper === 'REGEXP') && !/^\s*\(/.test(after)) {
        markers.set(out.length + word.length - 4, 'regex');
        emit(i, word.length, `${' '.repeat(word.length - 4)}LIKE`);
        i += word.length;
      } else if ((upper === 'LIKE' || upper === 'ILIKE') && /^\s+ANY\s*\(/i.test(after)) {
        const any = /^\s+ANY/i.exec(after)![0];
        markers.set(out.length, upper === 'LIKE' ? 'like-any' : 'ilike-any');
        emit(i, word.length + any.length, `IN${' '.repeat(word.length + any.length - 2)}`);
        i += word.length + any.length;
      } else if (upper === 'WITHIN' && /^\s+GROUP\s*\(/i.test(after)) {
        const end = closingParen(source, i + word.length + after.indexOf('('));
        const stop = end < 0 ? source.length : end;
        emit(i, stop - i, blank(source.slice(i, stop)));
        i = stop;
      } else if (windowNames.has(word.toLowerCase()) && /^\s*\(/.test(after)) {
        const open = i + word.length + after.indexOf('(');
        const end = closingParen(source, open);
        const stop = end < 0 ? source.length : end;
        windows.push({ name: word, args: source.slice(open + 1, stop - 1).trim(), offset: i });
        const replaced = source.slice(i, stop);
        emit(i, stop - i, `TRUE${blank(replaced.slice(4))}`);
        i = stop;
      } else {
        emit(i, word.length, word);
        i += word.length;
      }
    } else {
      emit(i, 1, c);
      i++;
    }
  }
  const sourceOffset = (offset: number): number => {
    let lo = 0;
    let hi = segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (segments[mid][0] <= offset) lo = mid;
      else hi = mid - 1;
    }
    const seg = segments[lo];
    if (!seg) return offset;
    const [outStart, inStart, outLength, inLength] = seg;
    return outLength === inLength ? inStart + Math.min(offset - outStart, inLength) : inStart;
  };
  return { text: out, paths, markers, templates, windows, sourceOffset };
}
