/** ES|QL → condition tree, source indices and output columns. */
import type { SyntaxProblem } from '../parsing/cursor.ts';
import { lineLocator } from '../parsing/positions.ts';
import { parseEsql } from './parser.ts';
import { pipelineLogic, type PipelineLogic } from './convert.ts';

export { parseEsql } from './parser.ts';

export interface EsqlLogic extends PipelineLogic {
  problems: SyntaxProblem[];
}

export function esqlLogic(text: string): EsqlLogic {
  const parsed = parseEsql(text);
  const locate = lineLocator(text);
  const lineOf = (offset: number) => locate(offset).line;
  const logic = pipelineLogic(parsed.commands, lineOf);
  if (!parsed.commands.length && parsed.problems.length) logic.reasons.unshift(`ES|QL syntax error: ${parsed.problems[0].message}`);
  return { ...logic, problems: parsed.problems };
}
