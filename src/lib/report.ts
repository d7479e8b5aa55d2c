/** Figures about a built catalog, per source: what `npm run report` prints and CI dashboards read. */
import type { Catalog } from './catalog.ts';
import type { Rule } from './model.ts';
import { canonicalTable } from './knowledge/canonical-table.ts';
import { computeCoverage, mappedShare, type CoverageRow } from './knowledge/coverage.ts';

export interface SourceReport {
  format: string;
  files: number;
  rules: number;
  notRules: number;
  withAttack: number;
  withLogPlatform: number;
  errors: number;
  errorsByReason: Record<string, number>;
  logic: { full: number; partial: number; none: number };
  /** Machine-learning rules: they run a model, not a filter, so tree rates are counted without them. */
  machineLearning: number;
  /** Agreement of extracted trees with the rules' own tests, over every rule whose tree could be tested (partial too). */
  tests?: { cases: number; agree: number };
  /** The same figures per rule kind (Panther rules, policies, scheduled and saved queries), when a source has several. */
  kinds?: Record<string, KindFigures>;
  /** Retired rules (deprecated, unsupported) and how many deprecated ones link a successor in the catalog. */
  retired?: { deprecated: number; unsupported: number; withSuccessor: number };
  /** The same over rules not flagged partial (where the tree is the whole filter). */
  testsFull?: { cases: number; agree: number };
  /** Agreement with real sample events the rules must fire on (SigmaHQ regression data). */
  regression?: { cases: number; agree: number };
  /** Most frequent reasons for partial or no extraction. */
  topReasons: { reason: string; status: 'partial' | 'none'; rules: number }[];
  /** Condition leaves whose field maps to a canonical field (content/canonical-fields.yaml), per log platform too. */
  canonical?: CanonicalFigures;
}

export interface KindFigures {
  rules: number;
  logic: { full: number; partial: number; none: number };
  /** Test agreement over rules of the kind not flagged partial. */
  tests?: { cases: number; agree: number };
}

export interface CanonicalFigures {
  leaves: number;
  mapped: number;
  platforms: Record<string, { rules: number; leaves: number; mapped: number }>;
  topUnmapped: CoverageRow['topUnmapped'];
}

/** Per log platform across sources: extraction status and canonical-field coverage. */
export interface PlatformReport {
  rules: number;
  logic: { full: number; partial: number; none: number };
  leaves: number;
  mapped: number;
  vendors: string[];
}

export interface CatalogReport {
  corpus: string;
  examples: boolean;
  sources: Record<string, SourceReport>;
  platforms?: Record<string, PlatformReport>;
  /** Bad rows of content/canonical-fields.yaml (empty when the table is clean). */
  canonicalTableProblems?: string[];
}

/** Reasons carry specifics (a function name, a table); group on the phrase before the first colon. */
function reasonKey(reason: string): string {
  return reason.split(':')[0].trim();
}

function sourceReport(rules: Rule[], stats: Catalog['sources'][number]): SourceReport {
  const logic = { full: 0, partial: 0, none: 0 };
  const tests = { cases: 0, agree: 0 };
  const testsFull = { cases: 0, agree: 0 };
  const regression = { cases: 0, agree: 0 };
  let withTests = false;
  const reasons = new Map<string, number>();
  const kinds: Record<string, KindFigures> = {};
  for (const r of rules) {
    const status = r.logic?.status ?? 'none';
    logic[status]++;
    const kind = (kinds[r.kind] ??= { rules: 0, logic: { full: 0, partial: 0, none: 0 } });
    kind.rules++;
    kind.logic[status]++;
    if (r.logic?.tests && status === 'full') {
      kind.tests ??= { cases: 0, agree: 0 };
      kind.tests.cases += r.logic.tests.cases;
      kind.tests.agree += r.logic.tests.agree;
    }
    if (status !== 'full') {
      // Once per rule: a rule may give several reasons with the same key (two ml.nlu_classifier calls).
      for (const key of new Set((r.logic?.reasons ?? ['not extracted']).map((reason) => `${status}\u0000${reasonKey(reason)}`))) {
        reasons.set(key, (reasons.get(key) ?? 0) + 1);
      }
    }
    // Only tests the extractor could evaluate count (Splunk's tests name attack-data files, not logs).
    if (r.logic?.tests) withTests = true;
    if (r.logic?.tests) {
      tests.cases += r.logic.tests.cases;
      tests.agree += r.logic.tests.agree;
      if (status === 'full') {
        testsFull.cases += r.logic.tests.cases;
        testsFull.agree += r.logic.tests.agree;
      }
    }
    if (r.logic?.regression) {
      regression.cases += r.logic.regression.cases;
      regression.agree += r.logic.regression.agree;
    }
  }
  const topReasons = [...reasons.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 10)
    .map(([key, n]) => {
      const [status, reason] = key.split('\u0000');
      return { reason, status: status as 'partial' | 'none', rules: n };
    });
  return {
    format: stats.format,
    files: stats.files,
    rules: stats.rules,
    notRules: stats.notRules,
    withAttack: stats.withAttack,
    withLogPlatform: rules.filter((r) => r.logPlatform).length,
    errors: stats.errors,
    errorsByReason: stats.errorsByReason,
    logic,
    machineLearning: rules.filter((r) => r.kind === 'machine_learning').length,
    ...(withTests ? { tests, testsFull } : {}),
    ...(regression.cases ? { regression } : {}),
    ...(Object.keys(kinds).length > 1 ? { kinds } : {}),
    ...retiredFigures(rules),
    topReasons,
  };
}

function retiredFigures(rules: Rule[]): Pick<SourceReport, 'retired'> {
  const deprecated = rules.filter((r) => r.deprecated);
  const unsupported = rules.filter((r) => r.unsupported && !r.deprecated).length;
  if (!deprecated.length && !unsupported) return {};
  const withSuccessor = deprecated.filter((r) => r.supersededBy?.some((l) => l.ruleId)).length;
  return { retired: { deprecated: deprecated.length, unsupported, withSuccessor } };
}

export function catalogReport(catalog: Catalog): CatalogReport {
  const sources: Record<string, SourceReport> = {};
  for (const stats of catalog.sources) {
    sources[stats.name] = sourceReport(
      catalog.rules.filter((r) => r.source === stats.name),
      stats,
    );
  }
  const coverage = computeCoverage(catalog.rules);
  for (const [name, report] of Object.entries(sources)) {
    const row = coverage.sources[name];
    if (!row) continue;
    const platforms = Object.fromEntries(
      Object.entries(coverage.sourcePlatforms[name] ?? {}).map(([platform, p]) => [platform, { rules: p.rules, leaves: p.leaves, mapped: p.mapped }]),
    );
    report.canonical = { leaves: row.leaves, mapped: row.mapped, platforms, topUnmapped: row.topUnmapped };
  }
  const platforms: Record<string, PlatformReport> = {};
  for (const [platform, row] of Object.entries(coverage.platforms)) {
    const vendors = Object.keys(coverage.vendorPlatforms).filter((v) => coverage.vendorPlatforms[v][platform]);
    platforms[platform] = { rules: row.rules, logic: row.logic, leaves: row.leaves, mapped: row.mapped, vendors };
  }
  return { corpus: catalog.root, examples: catalog.examples, sources, platforms, canonicalTableProblems: canonicalTable().problems };
}

const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)}%` : '-');

export function formatReport(report: CatalogReport): string {
  const lines: string[] = [`Corpus: ${report.corpus}${report.examples ? ' (project examples)' : ''}`, ''];
  for (const [name, s] of Object.entries(report.sources)) {
    lines.push(`${name} (${s.format})`);
    lines.push(`  files ${s.files}, rules ${s.rules}, not rules ${s.notRules}, parse errors ${s.errors}`);
    lines.push(`  with ATT&CK ${s.withAttack} (${pct(s.withAttack, s.rules)}), with log platform ${s.withLogPlatform} (${pct(s.withLogPlatform, s.rules)})`);
    lines.push(`  logic: full ${s.logic.full}, partial ${s.logic.partial}, none ${s.logic.none} (tree for ${pct(s.logic.full + s.logic.partial, s.rules - s.machineLearning)} of rules with a query${s.machineLearning ? `; ${s.machineLearning} machine-learning rules counted apart` : ''})`);
    if (s.tests) lines.push(`  tests: ${s.tests.agree} of ${s.tests.cases} agree (${pct(s.tests.agree, s.tests.cases)})${s.testsFull ? `; rules not partial ${s.testsFull.agree} of ${s.testsFull.cases} (${pct(s.testsFull.agree, s.testsFull.cases)})` : ''}`);
    if (s.regression) lines.push(`  regression events: the tree fires on ${s.regression.agree} of ${s.regression.cases} (${pct(s.regression.agree, s.regression.cases)})`);
    for (const [kind, k] of Object.entries(s.kinds ?? {}).sort((a, b) => b[1].rules - a[1].rules)) {
      const tests = k.tests ? `, tests ${k.tests.agree} of ${k.tests.cases} agree` : '';
      lines.push(`  kind ${kind}: ${k.rules} (full ${k.logic.full}, partial ${k.logic.partial}, none ${k.logic.none}${tests})`);
    }
    if (s.retired) lines.push(`  retired: deprecated ${s.retired.deprecated} (${s.retired.withSuccessor} link a successor), unsupported ${s.retired.unsupported}`);
    for (const [reason, n] of Object.entries(s.errorsByReason)) lines.push(`  error ${reason}: ${n}`);
    for (const r of s.topReasons) lines.push(`  ${r.status} ${r.rules}: ${r.reason}`);
    if (s.canonical) lines.push(...canonicalLines(s.canonical));
    lines.push('');
  }
  if (report.platforms) lines.push(...platformLines(report.platforms));
  for (const problem of report.canonicalTableProblems ?? []) lines.push(`canonical-fields.yaml: ${problem}`);
  return lines.join('\n');
}

function canonicalLines(c: CanonicalFigures): string[] {
  const lines = [`  canonical fields: ${c.mapped} of ${c.leaves} leaves map (${mappedShare(c)})`];
  // The busiest platforms, and AWS CloudTrail always (its share is what cross-vendor links are judged on).
  const busiest = Object.entries(c.platforms)
    .filter(([name, p]) => p.leaves && name !== 'AWS CloudTrail')
    .sort((a, b) => b[1].leaves - a[1].leaves)
    .slice(0, 5);
  const cloudTrail = c.platforms['AWS CloudTrail'];
  if (cloudTrail?.leaves) busiest.unshift(['AWS CloudTrail', cloudTrail]);
  if (busiest.length) lines.push(`    by platform: ${busiest.map(([name, p]) => `${name} ${mappedShare(p)} of ${p.leaves}`).join('; ')}`);
  if (c.topUnmapped.length) lines.push(`    top unmapped: ${c.topUnmapped.slice(0, 8).map((u) => `${u.field} (${u.platform || 'no platform'}) ${u.leaves}`).join(', ')}`);
  return lines;
}

function platformLines(platforms: Record<string, PlatformReport>): string[] {
  const lines = ['Log platforms (rules: full/partial/none; leaves mapping to canonical fields)'];
  for (const [name, p] of Object.entries(platforms).sort((a, b) => b[1].rules - a[1].rules)) {
    lines.push(`  ${name}: ${p.rules} rules (${p.logic.full}/${p.logic.partial}/${p.logic.none}), ${mappedShare(p)} of ${p.leaves} leaves, vendors ${p.vendors.join(', ')}`);
  }
  lines.push('');
  return lines;
}
