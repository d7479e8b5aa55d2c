/** sentinel rules. Placeholder: lists no files until the format module is written. */
import type { RuleFormat } from './types.ts';

export const sentinelFormat: RuleFormat = {
  id: 'sentinel',
  listFiles: () => [],
  parseFile: () => ({ rules: [] }),
};
