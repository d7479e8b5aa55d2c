/** Parses EQL with the generated Peggy parser (eql.peggy). Never throws on bad input: a syntax problem instead. */
import type { SyntaxProblem } from '../parsing/cursor.ts';
import { runGrammar } from '../parsing/grammar.ts';
import { DepthGuard } from '../parsing/limits.ts';
import type { EqlQuery } from './ast.ts';
import * as eql from './parser.generated.js';

export interface EqlParseResult {
  query?: EqlQuery;
  error?: SyntaxProblem;
}

export function parseEql(text: string): EqlParseResult {
  // The grammar counts its levels with the guard: past MAX_NESTING, "nested deeper than 100 at line:col".
  const { value, error } = runGrammar<EqlQuery>(text, eql, {}, { depth: DepthGuard.forText(text) });
  return error ? { error } : { query: value };
}
