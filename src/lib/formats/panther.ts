/** panther rules. Placeholder: lists no files until the format module is written. */
import type { RuleFormat } from './types.ts';

export const pantherFormat: RuleFormat = {
  id: 'panther',
  listFiles: () => [],
  parseFile: () => ({ rules: [] }),
};
