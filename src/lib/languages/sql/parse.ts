/**
 * SQL → node-sql-parser AST. Snowflake first; when its grammar rejects the query, looser dialects read the
 * same (prepared) text. What none of them reads is reported with its line and column in the author's text.
 */
import { createRequire } from 'node:module';
import type { AST, Parser as ParserType } from 'node-sql-parser';
import { lineColumn, warning, type Diagnostic } from '../../diagnostics.ts';
import { nestingMessage, rethrowBudget } from '../parsing/limits.ts';
import { deepestNesting, type NestingSyntax } from '../parsing/nesting-scan.ts';
import { prepareSql, type PreparedSql } from './prepare.ts';

const require = createRequire(import.meta.url);
// node-sql-parser is CommonJS without named ESM exports.
const { Parser } = require('node-sql-parser') as { Parser: new () => ParserType };

export const DIALECTS = ['snowflake', 'bigquery', 'postgresql', 'mysql'] as const;

export interface ParsedSql {
  /** The statements, when one dialect read the whole query. */
  statements?: AST[];
  dialect?: (typeof DIALECTS)[number];
  prepared: PreparedSql;
  diagnostics: Diagnostic[];
}

let parser: ParserType | undefined;

interface ParseError {
  message?: string;
  location?: { start: { offset: number } };
}

/** SQL strings and quoted names, line comments (--) and block comments, for the nesting scan. */
const SQL_SYNTAX: NestingSyntax = { quotes: `'"\``, backslash: `'`, lineComments: ['--'], blocks: [['/*', '*/']] };

export function parseSql(text: string, file: string, windowFunctions: string[] = []): ParsedSql {
  const prepared = prepareSql(text, windowFunctions);
  // The parser recurses a dozen rules deep per level, in every dialect it tries: refuse deep queries up front.
  const deep = deepestNesting(text, SQL_SYNTAX);
  if (deep !== undefined) {
    const at = lineColumn(text, deep);
    return { prepared, diagnostics: [warning(file, 'sql-syntax', `SQL not understood: ${nestingMessage(at)}`, at.line, at.column)] };
  }
  parser ??= new Parser();
  let first: ParseError | undefined;
  for (const dialect of DIALECTS) {
    try {
      const ast = parser.astify(prepared.text, { database: dialect, parseOptions: { includeLocations: true } } as never);
      return { statements: Array.isArray(ast) ? ast : [ast], dialect, prepared, diagnostics: [] };
    } catch (e) {
      rethrowBudget(e);
      first ??= e as ParseError;
    }
  }
  const offset = first?.location?.start.offset;
  const at = offset === undefined ? undefined : lineColumn(text, prepared.sourceOffset(offset));
  const found = offset === undefined ? '' : `: ${JSON.stringify(prepared.text.slice(offset, offset + 30).split('\n')[0])}`;
  const message = first?.location ? `SQL not understood at${found}` : `SQL not understood (${String(first?.message ?? first).slice(0, 80)})`;
  return { prepared, diagnostics: [warning(file, 'sql-syntax', message, at?.line, at?.column)] };
}
