/** A Peggy parser's syntax error as a SyntaxProblem: what the grammar expected at its failure's offset, and what it found. */
import type { SyntaxProblem } from './cursor.ts';

/** What every Peggy-generated parser's SyntaxError carries (`expected` is null for a grammar's own `error()`). */
export interface GrammarError {
  message: string;
  expected: readonly { type: string; description?: string; text?: string }[] | null;
  found: string | null | undefined;
  location: { start: { offset: number } };
}

/** `expected "]" or "and", found "|"`; a message the grammar gave itself ("unterminated string") as is. */
export function grammarProblem(error: GrammarError, text: string): SyntaxProblem {
  const offset = error.location.start.offset;
  if (!error.expected) return { offset, message: error.message };
  const wanted = [...new Set(error.expected.map(describe))].sort();
  const list = wanted.length > 1 ? `${wanted.slice(0, -1).join(', ')} or ${wanted.at(-1)}` : (wanted[0] ?? 'nothing');
  return { offset, message: `expected ${list}, found ${foundAt(text, offset)}` };
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
