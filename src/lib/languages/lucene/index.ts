/** Lucene query string → condition tree. */
import type { Condition } from '../../logic/types.ts';
import { parseLucene } from './parser.ts';

export { parseLucene } from './parser.ts';

export interface LuceneLogic {
  condition?: Condition;
  reasons: string[];
  problems: { offset: number; message: string }[];
}

export function luceneLogic(text: string): LuceneLogic {
  const parsed = parseLucene(text);
  if (parsed.error) return { reasons: [`lucene syntax error: ${parsed.error.message}`], problems: [parsed.error] };
  return { condition: parsed.condition, reasons: [], problems: [] };
}
