/** splunk rules. Placeholder: lists no files until the format module is written. */
import type { RuleFormat } from './types.ts';

export const splunkFormat: RuleFormat = {
  id: 'splunk',
  listFiles: () => [],
  parseFile: () => ({ rules: [] }),
};
