/** How a query language that parses straight to a condition tree hands it to the Elastic extractor. */
import type { Condition } from '../../logic/types.ts';
import type { SyntaxProblem } from './cursor.ts';

export interface QueryLogic {
  condition?: Condition;
  reasons: string[];
  problems: SyntaxProblem[];
}

/** The tree, or the syntax error as a reason ("kuery syntax error: ...") and a problem. */
export function queryLogic(language: string, parsed: { condition?: Condition; error?: SyntaxProblem }): QueryLogic {
  if (parsed.error) return { reasons: [`${language} syntax error: ${parsed.error.message}`], problems: [parsed.error] };
  return { condition: parsed.condition, reasons: [], problems: [] };
}
