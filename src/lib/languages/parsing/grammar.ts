/** Runs a generated Peggy parser (EQL, Kuery, Lucene): its result, or its one syntax problem; never throws on bad input. */
import type { Condition } from '../../logic/types.ts';
import type { SyntaxProblem } from './cursor.ts';
import { type GrammarError, grammarProblem, type ProblemWording } from './grammar-problem.ts';
import { NestingTooDeep } from './limits.ts';

export interface ParsedCondition {
  condition?: Condition;
  error?: SyntaxProblem;
}

/** A generated parser module: its `parse` and its SyntaxError class. */
export interface GrammarParser {
  parse(text: string, options?: object): unknown;
  SyntaxError: abstract new (...args: never[]) => GrammarError;
}

/** The parser's result, or the syntax problem (or nesting past the limit) that stopped it. */
export function runGrammar<T>(text: string, parser: GrammarParser, wording: ProblemWording = {}, options?: object): { value?: T; error?: SyntaxProblem } {
  try {
    return { value: parser.parse(text, options) as T };
  } catch (e) {
    if (e instanceof NestingTooDeep) return { error: { offset: e.offset, message: e.message } };
    if (e instanceof parser.SyntaxError) return { error: grammarProblem(e, text, wording) };
    throw e;
  }
}

/** A grammar that builds the condition tree itself (Kuery, Lucene). */
export function parseWithGrammar(text: string, parser: GrammarParser, wording: ProblemWording): ParsedCondition {
  const { value, error } = runGrammar<Condition | undefined>(text, parser, wording);
  return error ? { error } : { condition: value };
}
