/** Every rule format, by ID. Adding a format is one line here. */
import type { FormatId } from '../definitions.ts';
import { chronicleFormat } from './chronicle/index.ts';
import { elasticFormat } from './elastic/index.ts';
import { elasticEndpointFormat } from './elastic/endpoint.ts';
import { pantherFormat } from './panther/index.ts';
import { sentinelFormat } from './sentinel/index.ts';
import { sigmaFormat } from './sigma/index.ts';
import { splunkFormat } from './splunk/index.ts';
import { sublimeFormat } from './sublime/index.ts';
import type { RuleFormat } from './types.ts';

export const FORMAT_MODULES: Record<FormatId, RuleFormat> = {
  panther: pantherFormat,
  sigma: sigmaFormat,
  elastic: elasticFormat,
  'elastic-endpoint': elasticEndpointFormat,
  splunk: splunkFormat,
  sentinel: sentinelFormat,
  chronicle: chronicleFormat,
  sublime: sublimeFormat,
};
