/** Everything a rule page shows, computed from the rule and the site model; the page only renders it. */
import { coverageRows, revokedInto, type AttackTechnique, type ResolvedTechnique } from '../attack/index.ts';
import type { ActionRef, RuleRef } from '../knowledge/index.ts';
import { renderConjuncts } from '../logic/render.ts';
import { exclusionsOf, indicatorsOf, type FieldKindValues } from '../logic/sections.ts';
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
  /** Older IDs MITRE revoked into this one (T1685 <- T1562): a rule tagged T1685 is what a T1562 ticket looks for. */
  formerly?: { id: string; name: string; url: string }[];
  deprecated?: boolean;
}

export interface CoverageRowView {
  tactic: string;
  tacticUrl?: string;
  techniques: TechniqueLink[];
}

export interface SharingRule {
  title: string;
  url: string;
  vendorName: string;
}

export interface ValueCount {
  text: string;
  /** Other rules with the same (field, kind, value); undefined when the knowledge has none. */
  count?: number;
  /** The first of those rules by title (at most SHARING_LIMIT), when the page still has room for them. */
  others?: SharingRule[];
  /** Where all of them are: the action page when the value is one of the rule's actions, else a search. */
  all?: { href: string; text: string };
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
  const formerly = t && !t.revokedBy ? revokedInto(t.id) : [];
  if (formerly.length) link.formerly = formerly.map((o) => ({ id: o.id, name: o.name, url: techniqueUrl(o.id) }));
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
/** Rules listed under one indicator's count; the action page or the search has the rest. */
export const SHARING_LIMIT = 5;
/** Indicators per page that list their sharing rules (a Sigma rule may have 200 values): keeps pages small. */
export const SHARING_ROWS = 24;

/** Where every rule sharing an indicator is listed: its action page, else a site search for the value. */
function allSharing(actions: ActionRef[], v: Value, count: number): { href: string; text: string } {
  const action = typeof v === 'string' || typeof v === 'number' ? actions.find((a) => !a.byPattern && a.action === String(v)) : undefined;
  if (action) return { href: action.url, text: `all rules watching ${action.action}` };
  const q = v === null ? '' : String(v);
  return { href: `/search/?q=${encodeURIComponent(q)}`, text: count > SHARING_LIMIT ? 'search for the others' : 'search for this value' };
}

type IndicatorRow = FieldKindValues;

/**
 * Each (field, kind, value) once: the steps of an EQL sequence or a YARA-L rule's event variables often repeat
 * the same test (host.os.type eq "macos" in every step), which would list the same indicator several times.
 */
export function distinctIndicators(rows: IndicatorRow[]): IndicatorRow[] {
  const seen = new Set<string>();
  const out: IndicatorRow[] = [];
  for (const row of rows) {
    const head = JSON.stringify([row.field, row.kind, !!row.all]);
    if (row.values.length === 0 || row.all) {
      // A valueless test, or values that must all match together: the row is one indicator.
      const key = `${head}${JSON.stringify(row.values)}`;
      if (!seen.has(key)) out.push(row);
      seen.add(key);
      continue;
    }
    const values = row.values.filter((v) => !seen.has(`${head}${JSON.stringify(v)}`));
    for (const v of values) seen.add(`${head}${JSON.stringify(v)}`);
    if (values.length) out.push(values.length === row.values.length ? row : { ...row, values });
  }
  return out;
}

function indicatorView(model: SiteModel, rule: Rule, actions: ActionRef[]): IndicatorView[] {
  if (!rule.logic || rule.logic.status === 'none') return [];
  let listed = 0;
  return distinctIndicators(indicatorsOf(rule.logic.conjuncts)).map((row) => {
    const count = (v: Value): Omit<ValueCount, 'text'> => {
      const n = model.knowledge.indicatorCount(rule.id, row.field, row.kind, v);
      if (n <= 0) return {};
      const all = v === null ? undefined : allSharing(actions, v, n);
      if (listed >= SHARING_ROWS) return { count: n, all };
      listed++;
      const others = model.knowledge
        .indicatorRules(rule.id, row.field, row.kind, v)
        .slice(0, SHARING_LIMIT)
        .map((r) => ({ title: r.title, url: r.url, vendorName: vendorLabel(r.vendor) }));
      return { count: n, others, all: n > others.length || all?.href.startsWith('/actions/') ? all : undefined };
    };
    const kind = row.kind + (row.all ? '_all' : '');
    if (VALUELESS.includes(row.kind) || row.values.length === 0) return { field: row.field, kind, values: [{ text: '', ...count(null) }] };
    return { field: row.field, kind, values: row.values.map((v) => ({ text: valueText(v), ...count(v) })) };
  });
}

function severityText(rule: Rule): string | undefined {
  const { original, normalized } = rule.severity;
  if (!original && !normalized) return undefined;
  if (original && normalized && !original.toLowerCase().startsWith(normalized)) return `${original} (${normalized})`;
  if (original && normalized && original.toLowerCase() !== normalized) return original;
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
  // Identifiers the rule also answers to (Splunk name, Chronicle meta.rule_id, IDs a Sigma rule retires): each a permalink.
  push({ label: 'Other IDs', links: (rule.aliases ?? []).flatMap((a) => (permalinkUrl(a) ? [{ text: a, href: permalinkUrl(a)! }] : [])) });
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
  const actions = model.knowledge.actionsOf(rule.id);
  return {
    rule,
    vendor: vendorLabel(rule.vendor),
    coverage,
    sameAction: model.knowledge
      .sameAction(rule.id)
      .map((r) => ({ ...r, vendorName: vendorLabel(r.vendor) })),
    actions,
    files: rule.files,
    logic,
    exclusions: exclusionsOf(conjuncts).map((r) => ({ field: r.field, kind: r.kind + (r.all ? '_all' : ''), values: r.values.map(valueText) })),
    indicators: indicatorView(model, rule, actions),
    outputFields: rule.logic?.outputFields ?? [],
    metadata: metadata(rule),
    permalink: rule.upstreamId ? permalinkUrl(rule.upstreamId) : undefined,
    filters: filtersOf(rule, coverage),
    searchTerms: [...attack.ids, ...attack.names],
  };
}
