/**
 * A quick scan of a query's brackets, outside strings and comments, for the languages whose parser we do not own
 * (Microsoft's Kusto parser, the Peggy parsers of MQL and node-sql-parser): they recurse once per level, slow
 * down or overflow the stack on deep input, so the query is refused before parsing when it nests deeper than
 * MAX_NESTING. A run of `not`s counts as levels too (`not not not x` nests like brackets do).
 */
import { MAX_NESTING } from './limits.ts';

export interface NestingSyntax {
  /** Quote characters of string literals. */
  quotes: string;
  /** Quote characters inside which a backslash escapes the next character. */
  backslash: string;
  /** A prefix that makes a string verbatim, without backslash escapes (KQL's @'C:\'). */
  verbatim?: string;
  /** Starts of comments that run to the end of the line (`//`, `--`). */
  lineComments: string[];
  /** Delimiters of comments or strings that span lines: `/*` ... `*\/`, ``` ... ```. */
  blocks?: [open: string, close: string][];
}

const NOT = /^not\b/i;

/** Offset of the first bracket or `not` past `limit` levels, or undefined when the query stays within it. */
export function deepestNesting(text: string, syntax: NestingSyntax, limit = MAX_NESTING): number | undefined {
  let depth = 0;
  let nots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const block = syntax.blocks?.find(([open]) => text.startsWith(open, i));
    if (block) {
      const end = text.indexOf(block[1], i + block[0].length);
      i = end < 0 ? text.length : end + block[1].length - 1;
    } else if (syntax.lineComments.some((start) => text.startsWith(start, i))) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (syntax.quotes.includes(c)) {
      const escapes = syntax.backslash.includes(c) && !(syntax.verbatim && text[i - 1] === syntax.verbatim);
      for (i++; i < text.length && text[i] !== c; i++) if (escapes && text[i] === '\\') i++;
      nots = 0;
    } else if (c === '(' || c === '[' || c === '{') {
      depth += nots + 1;
      nots = 0;
      if (depth > limit) return i;
    } else if (c === ')' || c === ']' || c === '}') {
      depth = Math.max(0, depth - 1);
      nots = 0;
    } else if ((c === 'n' || c === 'N') && !/\w/.test(text[i - 1] ?? '') && NOT.test(text.slice(i, i + 4))) {
      nots++;
      if (depth + nots > limit) return i;
      i += 2;
    } else if (!/\s/.test(c)) nots = 0;
  }
  return undefined;
}
