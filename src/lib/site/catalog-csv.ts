/**
 * /catalog.csv: one row per (rule, stated technique), a rule without techniques on one row of its own, so a
 * spreadsheet can pivot rules by technique. Quoted per RFC 4180.
 */
import type { RuleJson } from './rule-json.ts';

export const CSV_COLUMNS = [
  'rule_id',
  'title',
  'vendor',
  'source',
  'upstream_id',
  'platform',
  'kind',
  'status',
  'deprecated',
  'severity',
  'technique_stated',
  'technique_v19',
  'technique_v19_name',
  'technique_revoked',
  'url',
  'json_url',
  'upstream_url',
] as const;

/** One CSV field: quoted when it holds a comma, quote, CR or LF (quotes doubled). */
export function csvField(value: string | number | boolean | undefined): string {
  const text = value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRows(rule: RuleJson): string[][] {
  const base = [rule.id, rule.title, rule.vendorName, rule.source, rule.upstreamId, rule.platform, rule.kind, rule.status, String(rule.deprecated), rule.severity.normalized];
  const tail = [rule.url, rule.jsonUrl, rule.upstream.files[0]?.url];
  const techniques = rule.attack.techniques.length ? rule.attack.techniques : [undefined];
  return techniques.map((t) => [...base, t?.stated, t?.current?.id, t?.current?.name, t ? String(!!t.revoked) : undefined, ...tail].map((v) => v ?? ''));
}

export function catalogCsv(rules: Iterable<RuleJson>): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const rule of rules) for (const row of csvRows(rule)) lines.push(row.map(csvField).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
