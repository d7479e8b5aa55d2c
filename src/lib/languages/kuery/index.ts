/** Kuery (Kibana KQL) → condition tree. */
import { queryLogic, type QueryLogic } from '../parsing/query-logic.ts';
import { parseKuery } from './parser.ts';

export { parseKuery, mergeAlternatives } from './parser.ts';

export type KueryLogic = QueryLogic;

export function kueryLogic(text: string): KueryLogic {
  return queryLogic('kuery', parseKuery(text));
}
