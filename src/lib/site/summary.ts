/** The build summary: rules per vendor, pages written, corpus problems grouped by code (errors first). */
import type { Diagnostic } from '../diagnostics.ts';
import { formatDiagnostic } from '../diagnostics.ts';
import { vendorLabel, VENDOR_ORDER } from './format.ts';
import type { SiteModel } from './model.ts';

export interface ProblemGroup {
  code: string;
  severity: 'error' | 'warning';
  count: number;
  examples: string[];
}

export function groupProblems(diagnostics: readonly Diagnostic[], examplesPerCode = 5): ProblemGroup[] {
  const groups = new Map<string, ProblemGroup>();
  for (const d of diagnostics) {
    const key = `${d.severity}\u0000${d.code}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { code: d.code, severity: d.severity, count: 0, examples: [] }));
    g.count++;
    if (g.examples.length < examplesPerCode) g.examples.push(formatDiagnostic(d));
  }
  return [...groups.values()].sort((a, b) => (a.severity === b.severity ? b.count - a.count : a.severity === 'error' ? -1 : 1));
}

export function formatProblems(groups: ProblemGroup[], maxGroups = 15): string {
  if (!groups.length) return 'No problems found in the corpus.\n';
  const errors = groups.filter((g) => g.severity === 'error').reduce((n, g) => n + g.count, 0);
  const warnings = groups.filter((g) => g.severity === 'warning').reduce((n, g) => n + g.count, 0);
  const lines = [`Problems found in the corpus: ${errors} errors, ${warnings} warnings (by code; \`npm run report\` for more)`];
  for (const g of groups.slice(0, maxGroups)) {
    lines.push(`  ${g.severity} [${g.code}] × ${g.count}`);
    for (const e of g.examples) lines.push(`      ${e.length > 160 ? `${e.slice(0, 157)}...` : e}`);
    if (g.count > g.examples.length) lines.push(`      … and ${g.count - g.examples.length} more`);
  }
  if (groups.length > maxGroups) lines.push(`  … and ${groups.length - maxGroups} more codes`);
  return `${lines.join('\n')}\n`;
}

export function formatRulesPerVendor(model: SiteModel): string {
  const counts = new Map<string, { rules: number; broken: number; logic: number }>();
  for (const r of model.rules) {
    const c = counts.get(r.vendor) ?? { rules: 0, broken: 0, logic: 0 };
    c.rules++;
    if (r.parseError) c.broken++;
    if (r.logic && r.logic.status !== 'none') c.logic++;
    counts.set(r.vendor, c);
  }
  const lines = [`Rules per vendor (${model.rules.length} in all, from ${model.catalog.examples ? 'the examples' : model.catalog.root}):`];
  for (const v of VENDOR_ORDER) {
    const c = counts.get(v);
    if (c) lines.push(`  ${vendorLabel(v).padEnd(24)} ${String(c.rules).padStart(6)}   logic ${String(c.logic).padStart(6)}   unparsed ${c.broken}`);
  }
  return `${lines.join('\n')}\n`;
}
