/**
 * View models of the vendor comparison pages (/coverage/platforms/<platform>/, /coverage/tactics/<TA id>/) and
 * of the "my telemetry" section of /coverage/.
 */
import { TACTICS, techniquesOfTactic, type AttackTactic, type AttackTechnique } from '../attack/index.ts';
import type { VendorId } from '../definitions.ts';
import { logPlatformScope } from '../knowledge/attack-scope.ts';
import { countedRules } from '../knowledge/coverage-map.ts';
import { telemetryData } from '../knowledge/telemetry-data.ts';
import { summarize, type TelemetryData, type TelemetrySummary } from '../knowledge/telemetry.ts';
import { compareVendors, type VendorColumn } from '../knowledge/vendor-compare.ts';
import { platformSlug } from '../platforms.ts';
import { coverageOf, type VendorCoverageRow } from './action-views.ts';
import { VENDOR_ORDER, vendorLabel } from './format.ts';
import type { SiteModel } from './model.ts';

export const TELEMETRY_DATA_PATH = '/coverage/telemetry.json';

export interface RuleLinkLite {
  title: string;
  url: string;
}

export interface ComparisonRowView {
  technique: AttackTechnique;
  rules: number;
  /** Per vendor column (same order as `vendors`): its rules covering the technique. */
  cells: RuleLinkLite[][];
}

export interface ComparisonView {
  title: string;
  /** What the rules in scope are ("rules on AWS CloudTrail logs"). */
  scopeText: string;
  vendors: (VendorColumn & { name: string; url: string })[];
  rows: ComparisonRowView[];
  onlyOne: { technique: AttackTechnique; vendor: VendorId }[];
  uncovered?: AttackTechnique[];
  scopeSize?: number;
  /** What the scope of "none covers" is ("IaaS techniques"), when there is one. */
  scopeName?: string;
  /** Actions of the platform per vendor (platform pages with actions). */
  actions?: { url: string; total: number; covered: number; onlyOne: number; uncovered: number; vendors: VendorCoverageRow[] };
}

function comparisonView(model: SiteModel, title: string, scopeText: string, indices: number[], scope?: readonly AttackTechnique[], scopeName?: string): ComparisonView {
  const c = compareVendors(model.rules, indices, VENDOR_ORDER, scope);
  const link = (i: number) => ({ title: model.rules[i].title, url: model.rules[i].url });
  const byTitle = (a: RuleLinkLite, b: RuleLinkLite) => a.title.toLowerCase().localeCompare(b.title.toLowerCase()) || a.url.localeCompare(b.url);
  return {
    title,
    scopeText,
    vendors: c.vendors.map((v) => ({ ...v, name: vendorLabel(v.vendor), url: `/rules/${v.vendor}/` })),
    rows: c.rows.map((r) => ({ technique: r.technique, rules: r.rules, cells: c.vendors.map((v) => (r.vendors.get(v.vendor) ?? []).map(link).sort(byTitle)) })),
    onlyOne: c.onlyOne.map((r) => ({ technique: r.technique, vendor: [...r.vendors.keys()][0] })),
    ...(c.uncovered ? { uncovered: c.uncovered, scopeSize: c.scopeSize, scopeName } : {}),
  };
}

export interface ComparisonPlatform {
  name: string;
  slug: string;
  url: string;
  rules: number;
}

/** Every log platform with rules, for the comparison pages. */
export function comparisonPlatforms(model: SiteModel): ComparisonPlatform[] {
  const counts = new Map<string, number>();
  for (const r of model.rules) if (r.logPlatform && platformSlug(r.logPlatform)) counts.set(r.logPlatform, (counts.get(r.logPlatform) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([name, rules]) => ({ name, slug: platformSlug(name), url: `/coverage/platforms/${platformSlug(name)}/`, rules }));
}

export function platformComparison(model: SiteModel, platform: string): ComparisonView {
  const indices = model.rules.flatMap((r, i) => (r.logPlatform === platform ? [i] : []));
  const scope = logPlatformScope(platform);
  const view = comparisonView(model, platform, `the ${indices.length.toLocaleString('en-US')} rules on ${platform} logs`, indices, scope?.techniques, scope && `${scope.attackPlatforms.join(' / ')} techniques`);
  const actions = coverageOf(model, platform);
  if (actions) {
    const pairs = actions.platform.services.flatMap((s) => s.actions);
    view.actions = {
      url: actions.platform.url,
      total: actions.actions,
      covered: actions.covered,
      onlyOne: actions.onlyOneVendor,
      uncovered: pairs.filter((p) => !countedRules(p).length).length,
      vendors: actions.vendors.map((v) => ({ ...v, name: vendorLabel(v.vendor) })),
    };
  }
  return view;
}

export function tacticComparison(model: SiteModel, tactic: AttackTactic): ComparisonView {
  const rules = new Set(model.attack.tacticRules(tactic).map((r) => r.id));
  const indices = model.rules.flatMap((r, i) => (rules.has(r.id) ? [i] : []));
  return comparisonView(model, tactic.name, `the ${indices.length.toLocaleString('en-US')} rules mapped to ${tactic.name} techniques`, indices, techniquesOfTactic(tactic), `${tactic.name} techniques`);
}

export interface TelemetryView {
  data: TelemetryData;
  /** The whole catalog, for the page as served (the script recounts for the URL's choice). */
  summary: TelemetrySummary;
  columns: { id: string; name: string; cells: { index: number; id: string; name: string; count: number }[] }[];
}

const telemetryCache = new WeakMap<SiteModel, TelemetryData>();

export function telemetryOf(model: SiteModel): TelemetryData {
  let data = telemetryCache.get(model);
  if (!data) telemetryCache.set(model, (data = telemetryData(model.rules, VENDOR_ORDER, vendorLabel)));
  return data;
}

export function telemetryView(model: SiteModel): TelemetryView {
  const data = telemetryOf(model);
  const summary = summarize(data, {});
  return {
    data,
    summary,
    columns: data.tactics.map((t) => ({
      id: t.id,
      name: t.name,
      cells: t.techniques.map((index) => ({ index, id: data.techniques[index].id, name: data.techniques[index].name, count: summary.counts[index] })),
    })),
  };
}

export { TACTICS };
