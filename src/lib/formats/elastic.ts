/** elastic rules. Placeholder: lists no files until the format module is written. */
import type { RuleFormat } from './types.ts';

export const elasticFormat: RuleFormat = {
  id: 'elastic',
  listFiles: () => [],
  parseFile: () => ({ rules: [] }),
};
