/**
 * Runs a generated Peggy parser that builds the condition tree itself (Kuery, Lucene): the tree, or the one syntax
 * problem where the grammar failed, named shortly (`expected ")"`) rather than by Peggy's list of every expectation.
 */
import type { Condition } from '../../logic/types.ts';
import type { SyntaxProblem } from './cursor.ts';
import { NestingTooDeep } from './limits.ts';

type Expectation = { type: 'literal'; text: string } | { type: 'other'; description: string } | { type: 'end' | 'class' | 'any' };

/** What the SyntaxError of every generated parser carries; `expected` is null for the grammar's own `error(...)`. */
interface PeggyFailure {
  message: string;
  expected: readonly Expectation[] | null;
  location: { start: { offset: number } };
}

export interface ParsedCondition {
  condition?: Condition;
  error?: SyntaxProblem;
}

export interface GrammarParser {
  parse(text: string): unknown;
  SyntaxError: abstract new (...args: never[]) => PeggyFailure;
}

/** `found`: whether messages name what stands at the failure (`expected ")", found end of query`). */
export function parseWithGrammar(text: string, parser: GrammarParser, { found }: { found: boolean }): ParsedCondition {
  try {
    return { condition: parser.parse(text) as Condition | undefined };
  } catch (e) {
    if (e instanceof NestingTooDeep) return { error: { offset: e.offset, message: e.message } };
    if (!(e instanceof parser.SyntaxError)) throw e;
    const offset = e.location.start.offset;
    if (!e.expected) return { error: { offset, message: e.message } };
    const message = `expected ${mainExpectation(e.expected)}`;
    return { error: { offset, message: found ? `${message}, found ${foundAt(text, offset)}` : message } };
  }
}

const CLOSERS = [')', '}', ']'];

/**
 * The one expectation worth naming: a missing closing bracket first (the usual mistake), then the end of the query
 * (the rest cannot continue it), then what the grammar names (a value, a field), then a literal.
 */
function mainExpectation(expected: readonly Expectation[]): string {
  const literals = expected.flatMap((e) => (e.type === 'literal' ? [e.text] : []));
  const closer = literals.find((t) => CLOSERS.includes(t));
  if (closer) return JSON.stringify(closer);
  if (expected.some((e) => e.type === 'end')) return 'end of query';
  const named = expected.find((e) => e.type === 'other');
  if (named) return named.description;
  return literals.length ? JSON.stringify(literals[0]) : 'something else';
}

/** The word or character at an offset, as a message quotes it. */
function foundAt(text: string, offset: number): string {
  if (offset >= text.length) return 'end of query';
  const word = /^[^\s()[\]{}:"<>]+/.exec(text.slice(offset, offset + 80));
  return JSON.stringify(word ? word[0] : text[offset]);
}
