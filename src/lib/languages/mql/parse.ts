/** Parses MQL with the generated Peggy parser; syntax errors come back with their line and column. */
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

export function parseMql(text: string): MqlParse {
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
