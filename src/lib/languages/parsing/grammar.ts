/** Runs a generated Peggy parser that builds the condition tree itself (Kuery, Lucene): the tree, or its one syntax problem. */
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
  parse(text: string): unknown;
  SyntaxError: abstract new (...args: never[]) => GrammarError;
}

export function parseWithGrammar(text: string, parser: GrammarParser, wording: ProblemWording): ParsedCondition {
  try {
    return { condition: parser.parse(text) as Condition | undefined };
  } catch (e) {
    if (e instanceof NestingTooDeep) return { error: { offset: e.offset, message: e.message } };
    if (e instanceof parser.SyntaxError) return { error: grammarProblem(e, text, wording) };
    throw e;
  }
}
