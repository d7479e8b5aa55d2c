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

/**
 * The problems on screen: every code with its count and its first examples. `listing` names the file that holds
 * all of them (problemListing), so no problem goes unnamed.
 */
export function formatProblems(groups: ProblemGroup[], listing?: string): string {
  if (!groups.length) return 'No problems found in the corpus.\n';
  const errors = groups.filter((g) => g.severity === 'error').reduce((n, g) => n + g.count, 0);
  const warnings = groups.filter((g) => g.severity === 'warning').reduce((n, g) => n + g.count, 0);
  const where = listing ? `every one with its file and line in ${listing}` : '`npm run report` for more';
  const lines = [`Problems found in the corpus: ${errors} errors, ${warnings} warnings (by code; ${where})`];
  for (const g of groups) {
    lines.push(`  ${g.severity} [${g.code}] × ${g.count}`);
    for (const e of g.examples) lines.push(`      ${e.length > 160 ? `${e.slice(0, 157)}...` : e}`);
    if (g.count > g.examples.length) lines.push(`      … and ${g.count - g.examples.length} more`);
  }
  return `${lines.join('\n')}\n`;
}

/** Every problem, one per line (`source/file:line:column: severity [code] message`), by source, file and line. */
export function problemListing(diagnostics: readonly Diagnostic[]): string {
  const sorted = [...diagnostics].sort(
    (a, b) =>
      (a.source ?? '').localeCompare(b.source ?? '') ||
      a.file.localeCompare(b.file) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      a.code.localeCompare(b.code) ||
      a.message.localeCompare(b.message),
  );
  const errors = sorted.filter((d) => d.severity === 'error').length;
  const header = `# ${sorted.length} problems (${errors} errors, ${sorted.length - errors} warnings), by source, file and line\n`;
  return header + sorted.map((d) => `${formatDiagnostic(d).replace(/\s*\n\s*/g, ' ')}\n`).join('');
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
