/** Kuery (Kibana KQL) → condition tree, read by the Peggy grammar kuery.peggy. */
import { parseWithGrammar } from '../parsing/grammar.ts';
import { queryLogic, type QueryLogic } from '../parsing/query-logic.ts';
import * as kuery from './parser.generated.js';

export type KueryLogic = QueryLogic;

export function kueryLogic(text: string): KueryLogic {
  return queryLogic('kuery', parseWithGrammar(text, kuery, { likeliest: true, found: true }));
}
