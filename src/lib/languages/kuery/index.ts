/** Kuery (Kibana KQL) → condition tree. */
import type { Condition } from '../../logic/types.ts';
import { parseKuery } from './parser.ts';

export { parseKuery, mergeAlternatives } from './parser.ts';

export interface KueryLogic {
  condition?: Condition;
  reasons: string[];
  problems: { offset: number; message: string }[];
}

export function kueryLogic(text: string): KueryLogic {
  const parsed = parseKuery(text);
  if (parsed.error) return { reasons: [`kuery syntax error: ${parsed.error.message}`], problems: [parsed.error] };
  return { condition: parsed.condition, reasons: [], problems: [] };
}
