/** Parses MQL with the generated Peggy parser; syntax errors come back with their line and column. */
import { lineColumn } from '../../diagnostics.ts';
import { nestingMessage } from '../parsing/limits.ts';
import { deepestNesting, type NestingSyntax } from '../parsing/nesting-scan.ts';
import type { MqlExpr } from './ast.ts';
import { parse, SyntaxError as PeggySyntaxError } from './parser.generated.js';

export interface MqlSyntaxError {
  message: string;
  /** 1-based, in the query text. */
  line: number;
  column: number;
  offset: number;
}

export type MqlParse = { ok: true; expr: MqlExpr } | { ok: false; error: MqlSyntaxError };

/** MQL's strings ("..." with escapes, '...' raw) and // comments, for the nesting scan. */
const MQL_SYNTAX: NestingSyntax = { quotes: `"'`, backslash: '"', lineComments: ['//'] };

export function parseMql(text: string): MqlParse {
  // The generated parser recurses a dozen rules deep per level: refuse what nests past MAX_NESTING up front.
  const deep = deepestNesting(text, MQL_SYNTAX);
  if (deep !== undefined) {
    const at = lineColumn(text, deep);
    return { ok: false, error: { message: nestingMessage(at), ...at, offset: deep } };
  }
  try {
    return { ok: true, expr: parse(text) as MqlExpr };
  } catch (e) {
    if (e instanceof PeggySyntaxError) {
      const { line, column, offset } = e.location.start;
      return { ok: false, error: { message: e.message, line, column, offset } };
    }
    return { ok: false, error: { message: e instanceof Error ? e.message : String(e), line: 1, column: 1, offset: 0 } };
  }
}
