/** A Peggy parser's syntax error as a SyntaxProblem: what the grammar expected at its failure's offset, and what it found. */
import type { SyntaxProblem } from './cursor.ts';

/** What every Peggy-generated parser's SyntaxError carries (`expected` is null for a grammar's own `error()`). */
export interface GrammarError {
  message: string;
  expected: readonly { type: string; description?: string; text?: string }[] | null;
  found: string | null | undefined;
  location: { start: { offset: number } };
}

export interface ProblemWording {
  /** Name only the likeliest expectation (see `likeliest`) instead of every one. */
  likeliest?: boolean;
  /** Say what stands at the failure (`, found "|"`). */
  found?: boolean;
}

/** `expected "]" or "and", found "|"`; a message the grammar gave itself ("unterminated string") as is. */
export function grammarProblem(error: GrammarError, text: string, wording: ProblemWording = {}): SyntaxProblem {
  const { likeliest: one = false, found = true } = wording;
  const offset = error.location.start.offset;
  if (!error.expected) return { offset, message: error.message };
  const message = `expected ${one ? likeliest(error.expected) : every(error.expected)}`;
  return { offset, message: found ? `${message}, found ${foundAt(text, offset)}` : message };
}

function every(expected: NonNullable<GrammarError['expected']>): string {
  const wanted = [...new Set(expected.map(describe))].sort();
  return wanted.length > 1 ? `${wanted.slice(0, -1).join(', ')} or ${wanted.at(-1)}` : (wanted[0] ?? 'nothing');
}

const CLOSERS = [')', '}', ']'];

/**
 * The one expectation worth naming: a missing closing bracket first (the usual mistake), then the end of the query
 * (the rest cannot continue it), then what the grammar names (a value, a field), then the first literal.
 */
function likeliest(expected: NonNullable<GrammarError['expected']>): string {
  const literals = expected.flatMap((e) => (e.type === 'literal' && e.text !== undefined ? [e.text] : []));
  const closer = literals.find((t) => CLOSERS.includes(t));
  if (closer) return JSON.stringify(closer);
  if (expected.some((e) => e.type === 'end')) return 'end of query';
  const named = expected.find((e) => e.type === 'other');
  if (named) return describe(named);
  return literals.length ? JSON.stringify(literals[0]) : 'something else';
}

function describe(e: { type: string; description?: string; text?: string }): string {
  if (e.type === 'literal') return JSON.stringify(e.text);
  if (e.type === 'end') return 'end of query';
  return e.description ?? 'a character';
}

/** The word or character at the offset, as a token-based parser would name it. */
function foundAt(text: string, offset: number): string {
  if (offset >= text.length) return 'end of query';
  return JSON.stringify(/^[\w.@$]+/.exec(text.slice(offset, offset + 200))?.[0] ?? String.fromCodePoint(text.codePointAt(offset)!));
}
