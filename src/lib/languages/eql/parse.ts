/** Parses EQL with the generated Peggy parser (eql.peggy). Never throws on bad input: a syntax problem instead. */
import type { SyntaxProblem } from '../parsing/cursor.ts';
import { grammarProblem } from '../parsing/grammar-problem.ts';
import { DepthGuard, NestingTooDeep } from '../parsing/limits.ts';
import type { EqlQuery } from './ast.ts';
import { parse, SyntaxError as PeggySyntaxError } from './parser.generated.js';

export interface EqlParseResult {
  query?: EqlQuery;
  error?: SyntaxProblem;
}

export function parseEql(text: string): EqlParseResult {
  try {
    // The grammar counts its levels with the guard: past MAX_NESTING, "nested deeper than 100 at line:col".
    return { query: parse(text, { depth: DepthGuard.forText(text) }) as EqlQuery };
  } catch (e) {
    if (e instanceof NestingTooDeep) return { error: { offset: e.offset, message: e.message } };
    if (e instanceof PeggySyntaxError) return { error: grammarProblem(e, text) };
    throw e;
  }
}
