/** sigma rules. Placeholder: lists no files until the format module is written. */
import type { RuleFormat } from './types.ts';

export const sigmaFormat: RuleFormat = {
  id: 'sigma',
  listFiles: () => [],
  parseFile: () => ({ rules: [] }),
};
