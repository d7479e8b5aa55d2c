/** Lucene query string → condition tree. */
import { queryLogic, type QueryLogic } from '../parsing/query-logic.ts';
import { parseLucene } from './parser.ts';

export { parseLucene } from './parser.ts';

export type LuceneLogic = QueryLogic;

export function luceneLogic(text: string): LuceneLogic {
  return queryLogic('lucene', parseLucene(text));
}
