/** The detection logic of an MQL query (a Sublime rule's `source`). Never throws. */
import { error } from '../../diagnostics.ts';
import { logicFrom, noLogic } from '../../logic/tree.ts';
import type { RuleLogic } from '../../logic/types.ts';
import { MqlConverter } from './convert.ts';
import { parseMql } from './parse.ts';

export { parseMql } from './parse.ts';
export type { MqlParse, MqlSyntaxError } from './parse.ts';

export interface MqlLogicOptions {
  /** File the query is in, for diagnostics. */
  file?: string;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

export function extractMqlLogic(query: string, options: MqlLogicOptions = {}): RuleLogic {
  const parsed = parseMql(query);
  if (!parsed.ok) {
    const { message, line, column } = parsed.error;
    return noLogic(`MQL syntax error at line ${line}, column ${column}`, {
      diagnostics: [error(options.file ?? 'query', 'mql-syntax', message, line, column)],
    });
  }
  const starts = lineStarts(query);
  const lineOf = (at: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const converter = new MqlConverter(lineOf);
  return logicFrom(converter.condition(parsed.expr), converter.reasons);
}
