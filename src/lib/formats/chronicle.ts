/** chronicle rules. Placeholder: lists no files until the format module is written. */
import type { RuleFormat } from './types.ts';

export const chronicleFormat: RuleFormat = {
  id: 'chronicle',
  listFiles: () => [],
  parseFile: () => ({ rules: [] }),
};
