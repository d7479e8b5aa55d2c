/**
 * Places offsets of a YAML string value (the detection's search) in the file: YAML quoting, line folding
 * and block indentation mean the value's characters sit at other offsets in the file than in the value.
 */
import { isMap, isScalar, Scalar, type Document } from 'yaml';
import { lineLocator } from '../../languages/parsing/positions.ts';
import type { SourceLocation } from '../../logic/types.ts';

const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r';

/**
 * File offset of each character of `value`, walking the raw scalar alongside it: equal characters pair up,
 * raw whitespace that folding removed is skipped, and a folded space or newline maps to the raw break.
 */
function alignValue(value: string, text: string, start: number, end: number, type: Scalar['type']): number[] {
  let r = start;
  if (type === Scalar.BLOCK_LITERAL || type === Scalar.BLOCK_FOLDED) r = text.indexOf('\n', start) + 1 || end;
  else if (type === Scalar.QUOTE_SINGLE || type === Scalar.QUOTE_DOUBLE) r++;
  const map: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (text[r] === c) {
      map.push(r);
      r += type === Scalar.QUOTE_SINGLE && c === "'" && text[r + 1] === "'" ? 2 : 1;
      continue;
    }
    const before = r;
    while (r < end && isSpace(text[r])) r++;
    if (text[r] === c) {
      map.push(r++);
    } else if (isSpace(c)) {
      map.push(before);
    } else {
      // An escape (double-quoted YAML): look a few characters ahead for the value's character.
      let ahead = r;
      while (ahead < Math.min(end, r + 4) && text[ahead] !== c) ahead++;
      if (text[ahead] === c) r = ahead;
      map.push(r++);
    }
  }
  return map;
}

/** Where a string value sits in its file, as plain data (it travels with the rule draft). */
export interface ValueSpan {
  start: number;
  end: number;
  type: Scalar['type'];
}

/** The span of the string value of `key` in a YAML mapping, or undefined when there is none. */
export function valueSpan(doc: Document, key: string): ValueSpan | undefined {
  if (!isMap(doc.contents)) return undefined;
  const node = doc.contents.get(key, true);
  if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return undefined;
  return { start: node.range[0], end: node.range[1], type: node.type };
}

/** A locator for offsets in `value`, which sits at `span` in `text`. */
export function valueLocator(text: string, value: string, span: ValueSpan): (offset: number) => SourceLocation {
  const map = alignValue(value, text, span.start, span.end, span.type);
  const locate = lineLocator(text);
  return (offset) => locate(map[Math.max(0, Math.min(offset, map.length - 1))] ?? span.start);
}
