/** Parses a KQL query into our AST (ast.ts) with Microsoft's Kusto parser. Never throws. */
import { lineColumn } from '../../diagnostics.ts';
import { nestingMessage, rethrowBudget } from '../parsing/limits.ts';
import { deepestNesting, type NestingSyntax } from '../parsing/nesting-scan.ts';
import type { Query } from './ast.ts';
import { Converter } from './convert.ts';
import { parseWithService } from './service.ts';

export interface KqlSyntaxError {
  message: string;
  line: number;
  column: number;
}

export interface KqlParse {
  /** Undefined only when the parser could not run at all (see failure). */
  query?: Query;
  /** Syntax errors; the parser recovers, so the query is still there, with the broken parts as `other` nodes. */
  errors: KqlSyntaxError[];
  failure?: string;
}

/** KQL's strings ('...', "...", @'verbatim'), comments and ```multi-line strings```, for the nesting scan. */
const KQL_SYNTAX: NestingSyntax = { quotes: `'"`, backslash: `'"`, verbatim: '@', lineComments: ['//'], blocks: [['```', '```']] };

/**
 * Kusto's parser cannot be interrupted, and its time grows faster than the query (a 20,000-term `or` chain or a
 * 5 MB string takes it over ten seconds): longer queries, or ones with more and/or operators, than any real rule
 * by far (the largest Sentinel query has about 11,000 characters and 32 operators) are not handed to it.
 */
export const MAX_KQL_CHARS = 64 * 1024;
export const MAX_KQL_OPERATORS = 2000;

function tooLarge(text: string): string | undefined {
  if (text.length > MAX_KQL_CHARS) return `the query has ${text.length} characters; queries over ${MAX_KQL_CHARS} are not parsed`;
  const operators = text.replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, '""').match(/\b(?:and|or)\b/gi)?.length ?? 0;
  if (operators > MAX_KQL_OPERATORS) return `the query has ${operators} and/or operators; queries with over ${MAX_KQL_OPERATORS} are not parsed`;
  return undefined;
}

export function parseKql(text: string): KqlParse {
  const large = tooLarge(text);
  if (large) return { errors: [{ message: large, line: 1, column: 1 }], failure: large };
  // The service and our converter recurse once per level, and the service slows down long before the stack ends.
  const deep = deepestNesting(text, KQL_SYNTAX);
  if (deep !== undefined) {
    const at = lineColumn(text, deep);
    return { errors: [{ message: nestingMessage(at), ...at }], failure: nestingMessage(at) };
  }
  const raw = parseWithService(text);
  const errors = raw.diagnostics.map((d) => ({ message: d.message, ...lineColumn(text, d.start) }));
  if (!raw.root) return { errors, failure: raw.failure ?? 'the Kusto parser returned no tree' };
  try {
    return { query: new Converter(text).query(raw.root), errors };
  } catch (e) {
    rethrowBudget(e);
    return { errors, failure: `cannot read the Kusto syntax tree: ${(e as Error).message}` };
  }
}
