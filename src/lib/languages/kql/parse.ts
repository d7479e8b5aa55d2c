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

export function parseKql(text: string): KqlParse {
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
