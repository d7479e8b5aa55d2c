/** Shared constrained types: vendors, formats, languages, severities. */

export const VENDORS = {
  panther: 'Panther',
  sigma: 'Sigma',
  elastic: 'Elastic',
  splunk: 'Splunk',
  sentinel: 'Microsoft Sentinel',
  'defender-xdr': 'Microsoft Defender XDR',
  chronicle: 'Google SecOps',
  sublime: 'Sublime',
} as const;
export type VendorId = keyof typeof VENDORS;

export const FORMATS = ['panther', 'sigma', 'elastic', 'elastic-endpoint', 'splunk', 'sentinel', 'chronicle', 'sublime'] as const;
export type FormatId = (typeof FORMATS)[number];

/** Languages of rule files, as Shiki (or our own grammars) name them. */
export type BodyLanguage = 'yaml' | 'toml' | 'python' | 'kql' | 'spl' | 'yaral' | 'text';

/** Query languages the logic extractors understand. */
export type QueryLanguage = 'python' | 'sigma' | 'kuery' | 'eql' | 'esql' | 'lucene' | 'spl' | 'kql' | 'yaral' | 'sql' | 'mql';

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type NormalizedSeverity = (typeof SEVERITIES)[number];

const SEVERITY_WORDS: Record<string, NormalizedSeverity> = {
  info: 'info',
  informational: 'info',
  information: 'info',
  low: 'low',
  medium: 'medium',
  moderate: 'medium',
  high: 'high',
  critical: 'critical',
};

/** Maps a vendor's severity word or score to the five-level scale; undefined when it cannot tell. */
export function normalizeSeverity(value: unknown): NormalizedSeverity | undefined {
  if (typeof value === 'number') {
    // Risk scores 0-100 (Elastic risk_score, Splunk risk) on the same bands Elastic uses.
    if (value >= 99) return 'critical';
    if (value >= 73) return 'high';
    if (value >= 47) return 'medium';
    if (value >= 21) return 'low';
    return 'info';
  }
  if (typeof value !== 'string') return undefined;
  return SEVERITY_WORDS[value.trim().toLowerCase()];
}

export function vendorName(vendor: VendorId): string {
  return VENDORS[vendor];
}
