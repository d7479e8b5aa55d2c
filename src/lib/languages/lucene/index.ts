/** Lucene query string → condition tree, read by the Peggy grammar lucene.peggy. */
import { parseWithGrammar } from '../parsing/grammar.ts';
import { queryLogic, type QueryLogic } from '../parsing/query-logic.ts';
import * as lucene from './parser.generated.js';

export type LuceneLogic = QueryLogic;

export function luceneLogic(text: string): LuceneLogic {
  return queryLogic('lucene', parseWithGrammar(text, lucene, { likeliest: true, found: false }));
}
