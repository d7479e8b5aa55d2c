/** Everything a rule page shows, computed from the rule and the site model; the page only renders it. */
import { coverageRows, type AttackTechnique, type ResolvedTechnique } from '../attack/index.ts';
import type { ActionRef, RuleRef } from '../knowledge/index.ts';
import { renderConjuncts } from '../logic/render.ts';
import { exclusionsOf, indicatorsOf } from '../logic/sections.ts';
import type { LeafKind, Value } from '../logic/types.ts';
import type { Rule, RuleFile } from '../model.ts';
import { platformSlug } from '../platforms.ts';
import { searchableAttack } from './attack-index.ts';
import { isHttpUrl, shortDate, valueText, vendorLabel } from './format.ts';
import type { SiteModel } from './model.ts';
import { permalinkUrl } from './permalinks.ts';

export const PARTIAL_NOTE =
  'This rule also runs imperative logic the parser cannot express as a filter; the conditions above are the structured part it could extract.';

export interface TechniqueLink {
  id: string;
  name?: string;
  /** Catalog page, when Enterprise ATT&CK knows the ID. */
  url?: string;
  /** The v19 technique a revoked ID maps to. */
  replacedBy?: { id: string; name: string; url: string };
  deprecated?: boolean;
}

export interface CoverageRowView {
  tactic: string;
  tacticUrl?: string;
  techniques: TechniqueLink[];
}

export interface ValueCount {
  text: string;
  /** Other rules with the same (field, kind, value); undefined when the knowledge has none. */
  count?: number;
}

export interface IndicatorView {
  field: string;
  kind: string;
  values: ValueCount[];
}

export interface MetaItem {
  label: string;
  text?: string;
  links?: { text: string; href: string; external?: boolean }[];
  list?: string[];
}

export interface LogicView {
  status: 'full' | 'partial' | 'none';
  lines: string[];
  reasons: string[];
  tests?: { cases: number; agree: number; disagreeing: string[] };
}

export interface RuleView {
  rule: Rule;
  vendor: string;
  coverage: CoverageRowView[];
  sameAction: (RuleRef & { vendorName: string })[];
  actions: ActionRef[];
  files: RuleFile[];
  logic: LogicView;
  exclusions: { field: string; kind: string; values: string[] }[];
  indicators: IndicatorView[];
  outputFields: string[];
  metadata: MetaItem[];
  permalink?: string;
  /** Pagefind filters: name -> values. */
  filters: Record<string, string[]>;
  /** Technique IDs and names, stated and current, for the search index. */
  searchTerms: string[];
}

export function techniqueUrl(id: string): string {
  return `/attack/techniques/${id}/`;
}

export function tacticUrl(id: string): string {
  return `/attack/tactics/${id}/`;
}

function techniqueLink(r: ResolvedTechnique): TechniqueLink {
  const t: AttackTechnique | undefined = r.technique;
  const link: TechniqueLink = { id: r.stated, name: t?.name, url: t ? techniqueUrl(t.id) : undefined, deprecated: t?.deprecated };
  if (t?.revokedBy && r.current && r.current.id !== t.id) {
    link.replacedBy = { id: r.current.id, name: r.current.name, url: techniqueUrl(r.current.id) };
  }
  return link;
}

export function coverageView(rule: Rule): CoverageRowView[] {
  return coverageRows(rule.attack).map((row) => ({
    tactic: row.tactic.name,
    tacticUrl: row.tactic.id ? tacticUrl(row.tactic.id) : undefined,
    techniques: row.techniques.map(techniqueLink),
  }));
}

function logicView(rule: Rule): LogicView {
  const logic = rule.logic;
  if (!logic) return { status: 'none', lines: [], reasons: ['the logic was not extracted'] };
  return {
    status: logic.status,
    lines: logic.status === 'none' ? [] : renderConjuncts(logic.conjuncts),
    reasons: logic.reasons,
    tests: logic.tests && logic.tests.cases > 0 ? logic.tests : undefined,
  };
}

const VALUELESS: LeafKind[] = ['is_null', 'is_not_null'];

function indicatorView(model: SiteModel, rule: Rule): IndicatorView[] {
  if (!rule.logic || rule.logic.status === 'none') return [];
  return indicatorsOf(rule.logic.conjuncts).map((row) => {
    const count = (v: Value) => {
      const n = model.knowledge.indicatorCount(rule.id, row.field, row.kind, v);
      return n > 0 ? n : undefined;
    };
    const kind = row.kind + (row.all ? '_all' : '');
    if (VALUELESS.includes(row.kind) || row.values.length === 0) return { field: row.field, kind, values: [{ text: '', count: count(null) }] };
    return { field: row.field, kind, values: row.values.map((v) => ({ text: valueText(v), count: count(v) })) };
  });
}

function severityText(rule: Rule): string | undefined {
  const { original, normalized } = rule.severity;
  if (!original && !normalized) return undefined;
  if (original && normalized && original.toLowerCase() !== normalized) return `${original} (${normalized})`;
  return normalized ?? original;
}

function metadata(rule: Rule): MetaItem[] {
  const items: MetaItem[] = [];
  const push = (item: MetaItem) => {
    if (item.text || item.links?.length || item.list?.length) items.push(item);
  };
  push({ label: 'Severity', text: severityText(rule) });
  push({ label: 'Status', text: rule.status });
  const state = [rule.enabled === true ? 'enabled' : rule.enabled === false ? 'disabled' : undefined, rule.deprecated ? 'deprecated' : undefined].filter(Boolean);
  push({ label: 'State', text: state.join(', ') || undefined });
  if (rule.logPlatform) {
    const slug = platformSlug(rule.logPlatform);
    push(slug ? { label: 'Log platform', links: [{ text: rule.logPlatform, href: `/platforms/${slug}/` }] } : { label: 'Log platform', text: rule.logPlatform });
  }
  push({ label: 'Log source', list: rule.logSource });
  push({ label: 'Rule type', text: rule.kind });
  push({ label: 'Authors', text: rule.authors.join(', ') || undefined });
  push({ label: 'Created', text: shortDate(rule.created) });
  push({ label: 'Modified', text: shortDate(rule.modified) });
  push({ label: 'Tags', list: rule.tags });
  push({
    label: 'References',
    links: rule.references.filter(isHttpUrl).map((r) => ({ text: r, href: r.trim(), external: true })),
    list: rule.references.filter((r) => !isHttpUrl(r)),
  });
  const permalink = rule.upstreamId ? permalinkUrl(rule.upstreamId) : undefined;
  if (rule.upstreamId) push({ label: 'Upstream ID', text: rule.upstreamId, links: permalink ? [{ text: 'permalink', href: permalink }] : [] });
  push({ label: 'Source', text: rule.source });
  push({
    label: 'Upstream files',
    links: rule.files.filter((f) => f.upstreamUrl).map((f) => ({ text: f.path, href: f.upstreamUrl!, external: true })),
    list: rule.files.filter((f) => !f.upstreamUrl).map((f) => f.path),
  });
  return items;
}

export function filtersOf(rule: Rule, coverage: CoverageRowView[]): Record<string, string[]> {
  const techniques = new Set<string>();
  for (const row of coverage) {
    for (const t of row.techniques) {
      techniques.add(t.name ? `${t.id} ${t.name}` : t.id);
      if (t.replacedBy) techniques.add(`${t.replacedBy.id} ${t.replacedBy.name}`);
    }
  }
  return {
    vendor: [vendorLabel(rule.vendor)],
    tactic: [...new Set(coverage.filter((r) => r.tacticUrl).map((r) => r.tactic))],
    technique: [...techniques],
    platform: rule.logPlatform ? [rule.logPlatform] : [],
    severity: rule.severity.normalized ? [rule.severity.normalized] : [],
  };
}

export function ruleView(model: SiteModel, rule: Rule): RuleView {
  const coverage = coverageView(rule);
  const logic = logicView(rule);
  const conjuncts = rule.logic?.status === 'none' ? [] : (rule.logic?.conjuncts ?? []);
  const attack = searchableAttack(rule.attack);
  return {
    rule,
    vendor: vendorLabel(rule.vendor),
    coverage,
    sameAction: model.knowledge
      .sameAction(rule.id)
      .map((r) => ({ ...r, vendorName: vendorLabel(r.vendor) })),
    actions: model.knowledge.actionsOf(rule.id),
    files: rule.files,
    logic,
    exclusions: exclusionsOf(conjuncts).map((r) => ({ field: r.field, kind: r.kind + (r.all ? '_all' : ''), values: r.values.map(valueText) })),
    indicators: indicatorView(model, rule),
    outputFields: rule.logic?.outputFields ?? [],
    metadata: metadata(rule),
    permalink: rule.upstreamId ? permalinkUrl(rule.upstreamId) : undefined,
    filters: filtersOf(rule, coverage),
    searchTerms: [...attack.ids, ...attack.names],
  };
}
