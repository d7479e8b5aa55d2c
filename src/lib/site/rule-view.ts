/** Everything a rule page shows, computed from the rule and the site model; the page only renders it. */
import { coverageRows, revokedInto, type AttackTechnique, type ResolvedTechnique } from '../attack/index.ts';
import type { ActionRef, RuleRef } from '../knowledge/index.ts';
import { correlationParts, correlationSentence, logicShape, stageLabel, stageName } from '../logic/correlation-text.ts';
import { leafOperator, renderConjuncts } from '../logic/render.ts';
import { exclusionBranches, indicatorsOf, type FieldKindValues } from '../logic/sections.ts';
import { conjunctsOf, leaf, logicStages } from '../logic/tree.ts';
import type { Condition, LeafKind, Value } from '../logic/types.ts';
import { lifecycleOf, type Lifecycle } from '../knowledge/succession.ts';
import type { Rule, SuccessionLink } from '../model.ts';
import { platformSlug } from '../platforms.ts';
import { searchableAttack } from './attack-index.ts';
import { isHttpUrl, shortDate, valueText, vendorLabel } from './format.ts';
import { legendFor, type LegendEntry } from './legend.ts';
import { samplesView, type SamplesView } from './samples.ts';
import { shownDescription, shownFile, type ShownFile, type Truncation } from './truncate.ts';
import type { SiteModel } from './model.ts';
import { permalinkUrl } from './permalinks.ts';
import { sourceLinks, type SourceLink } from './source-links.ts';

/** Why a partial page is partial, in the rule's own terms: only Python rules run imperative code. */
export function partialNote(rule: Rule): string {
  return rule.query?.language === 'python'
    ? 'This rule also runs imperative Python logic that no filter expresses; the conditions above are the part the catalog could extract.'
    : 'The conditions above are the part of this rule the catalog could express; the rule also uses the constructs below, which no condition here holds.';
}

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
  /** The stages that test this field and kind with these values, when the rule has several. */
  stages?: string[];
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

export interface StageView {
  /** As the rule labels the stage: its name or position, event type / table, role and own keys. */
  label: string;
  /** The rule whose matches the stage takes (correlation rules), linked when the catalog holds it. */
  rule?: { text: string; href?: string };
  lines: string[];
  /** For each line, where it starts in the rule body shown below (none when the tree does not say). */
  links: (SourceLink | undefined)[];
  /** What this stage does that its lines do not hold. */
  reasons: string[];
}

export interface ExclusionView {
  /** The stage it belongs to, when the rule has several. */
  stage?: string;
  lines: string[];
}

export interface LogicView {
  status: 'full' | 'partial' | 'none';
  /** Lines of the first stage (the whole filter of a single-event rule). */
  lines: string[];
  stages: StageView[];
  /** The cross-event part as a sentence plus its parts; absent for single-event rules. */
  correlation?: { sentence: string; parts: { label: string; text: string }[] };
  /** single event, sequence of 2 stages, threshold, new terms... */
  shape: string;
  reasons: string[];
  /** For partial rules: what kind of thing was left out (never "imperative" for a declarative construct). */
  note?: string;
  tests?: { cases: number; agree: number; disagreeing: string[] };
  /** What the condition means when it is not "the rule alerts when this holds" said plainly (policies). */
  policyNote?: string;
  /** Rules this one builds on or is built on by (a scheduled rule's queries, a query's scheduled rules). */
  related: { text: string; href?: string }[];
}

/** A policy's tree is what it alerts on: the negation of the check its `policy` function makes. */
export const POLICY_NOTE =
  'A policy passes when its check holds (policy(resource) returns True) and alerts when it does not: the condition above is when it alerts, the negation of the check.';

/** A vendor's own classification (Sublime attack types, tactics and techniques, detection methods), not ATT&CK. */
export interface TaxonomyView {
  title: string;
  caption: string;
  rows: { label: string; values: string[] }[];
}

export interface SuccessionLinkView {
  text: string;
  /** The rule page, when the catalog has the rule. */
  href?: string;
  /** How upstream states the link: obsolete, merged, renamed, derived, replaced-by. */
  how: string;
  /** Named upstream but not in the catalog (a retired ID no file holds, a replacement the corpus lacks). */
  notInCatalog?: boolean;
}

export interface SuccessionView {
  lifecycle: Lifecycle;
  supersededBy: SuccessionLinkView[];
  replaces: SuccessionLinkView[];
}

export interface RuleView {
  rule: Rule;
  succession: SuccessionView;
  vendor: string;
  coverage: CoverageRowView[];
  taxonomy?: TaxonomyView;
  sameAction: (RuleRef & { vendorName: string })[];
  actions: ActionRef[];
  /** The rule's files as the page shows them: past MAX_BODY_CHARS only the beginning. */
  files: ShownFile[];
  /** The description as the page shows it: past MAX_DESCRIPTION_CHARS only the beginning. */
  description: { text?: string; truncated?: Truncation };
  logic: LogicView;
  /** What the operator marks of the condition and tables mean (only those this page uses). */
  legend: LegendEntry[];
  /** One excluded branch per row: the conditions that must all hold together for an event to be suppressed. */
  /** One excluded branch per row; `stage` names the stage when the rule has several. */
  exclusions: ExclusionView[];
  indicators: IndicatorView[];
  outputFields: string[];
  /** What the output fields are, in the terms of the rule's own vendor. */
  outputFieldsNote: string;
  /** The rule's tests or regression events, collapsed on the page. */
  samples?: SamplesView;
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

/** `shownText`: the rule's first file as the page shows it, which the condition lines link into. */
function logicView(model: SiteModel, rule: Rule, shownText: string | undefined): LogicView {
  const logic = rule.logic;
  if (!logic) return { status: 'none', lines: [], stages: [], shape: 'unknown', reasons: ['the logic was not extracted'], related: [] };
  const stages = logic.status === 'none' ? [] : logicStages(logic);
  const stageViews = stages.map((s, i) => ({
    label: stageLabel(s, i, stages.length),
    ...(s.rule && { rule: stageRule(model, s.rule) }),
    // An empty filter of fully expressed logic reads every event of the stage's source (ES|QL `from logs-*` then stats).
    lines: s.conjuncts.length ? renderConjuncts(s.conjuncts, { marks: true }) : logic.status === 'full' ? ['every event'] : [],
    links: sourceLinks(s.conjuncts, shownText),
    reasons: s.reasons ?? [],
  }));
  return {
    status: logic.status,
    lines: stageViews[0]?.lines ?? [],
    stages: stageViews,
    ...(logic.correlation && {
      correlation: { sentence: correlationSentence(logic.correlation, stages), parts: correlationParts(logic.correlation) },
    }),
    shape: logicShape(logic),
    reasons: logic.reasons,
    ...(logic.status === 'partial' && { note: partialNote(rule) }),
    tests: logic.tests && logic.tests.cases > 0 ? logic.tests : undefined,
    ...(rule.kind === 'policy' ? { policyNote: POLICY_NOTE } : {}),
    related: (logic.relatedRules ?? []).map((id) => {
      const other = model.byId.get(id);
      return other ? { text: other.title, href: other.url } : { text: id };
    }),
  };
}

/** A stage's rule as a link to its page, or the reference as written when the catalog does not hold it. */
function stageRule(model: SiteModel, id: string): { text: string; href?: string } {
  const other = model.byId.get(id);
  return other ? { text: other.title, href: other.url } : { text: id };
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
    const head = JSON.stringify([row.field, row.kind, !!row.all, !!row.caseSensitive, row.match ?? '']);
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
  const stages = logicStages(rule.logic).map((s, i) => ({ name: stageName(s, i), rows: indicatorsOf(s.conjuncts) }));
  // A row lists each value once however many stages repeat it; it names every stage that tests it.
  const stagesOf = (row: IndicatorRow) =>
    stages.length < 2
      ? {}
      : {
          stages: stages
            .filter((st) => st.rows.some((r) => r.field === row.field && r.kind === row.kind && (row.values.length === 0 || r.values.some((v) => row.values.includes(v)))))
            .map((st) => st.name),
        };
  return distinctIndicators(stages.flatMap((st) => st.rows)).map((row) => {
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
    const kind = leafOperator(leaf(row.field, row.kind, row.values, row), { marks: true });
    if (VALUELESS.includes(row.kind) || row.values.length === 0) return { ...stagesOf(row), field: row.field, kind, values: [{ text: '', ...count(null) }] };
    return { ...stagesOf(row), field: row.field, kind, values: row.values.map((v) => ({ text: valueText(v), ...count(v) })) };
  });
}

function successionLink(link: SuccessionLink): SuccessionLinkView {
  const text = link.title ?? link.upstreamId ?? '?';
  return link.url ? { text, href: link.url, how: link.how } : { text, how: link.how, notInCatalog: true };
}

export function successionView(rule: Rule): SuccessionView {
  return {
    lifecycle: lifecycleOf(rule),
    supersededBy: (rule.supersededBy ?? []).map(successionLink),
    replaces: (rule.replaces ?? []).map(successionLink),
  };
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
  const state = [rule.enabled === true ? 'enabled' : rule.enabled === false ? 'disabled' : undefined, rule.deprecated ? 'deprecated' : undefined, rule.unsupported ? 'unsupported' : undefined].filter(Boolean);
  push({ label: 'State', text: state.join(', ') || undefined });
  if (rule.logPlatform) {
    const slug = platformSlug(rule.logPlatform);
    push(slug ? { label: 'Log platform', links: [{ text: rule.logPlatform, href: `/platforms/${slug}/` }] } : { label: 'Log platform', text: rule.logPlatform });
  }
  push({ label: 'Log source', list: rule.logSource });
  push({ label: 'Rule type', text: rule.kind });
  for (const d of rule.details ?? []) push(d.values.length === 1 ? { label: d.label, text: d.values[0] } : { label: d.label, list: d.values });
  if (rule.logic && rule.logic.status !== 'none') push({ label: 'Logic shape', text: logicShape(rule.logic) });
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

/**
 * Pagefind filters. Every filter costs every search its data (about 25 KB gzipped per filter at 12,000 rules,
 * more for many values per page), so only what has no browse page of its own is a filter: tactics and
 * techniques are their pages (/attack/), and their IDs and names are still searchable words.
 */
export function filtersOf(rule: Rule): Record<string, string[]> {
  return {
    vendor: [vendorLabel(rule.vendor)],
    platform: rule.logPlatform ? [rule.logPlatform] : [],
    severity: rule.severity.normalized ? [rule.severity.normalized] : [],
    status: [lifecycleOf(rule)],
  };
}

export function taxonomyView(rule: Rule): TaxonomyView | undefined {
  const rows = (rule.taxonomy ?? []).filter((t) => t.values.length > 0);
  if (rows.length === 0) return undefined;
  const vendor = vendorLabel(rule.vendor);
  return { title: `${vendor} taxonomy`, caption: `${vendor}'s own classification of the rule, as the rule states it; not ATT&CK.`, rows };
}

const OUTPUT_NOTES: Partial<Record<Rule['vendor'], string>> = {
  panther: "Keys of the rule's alert_context (with those its helpers add) and the data-model fields its title and dedup read: what the alert carries.",
  sigma: "The rule's fields list: what an analyst should look at in a matching event.",
  elastic: 'Fields the rule groups by (threshold, new terms) or its ES|QL query keeps: what the alert document carries.',
  splunk: 'Fields of the final table / stats of the search, aggregates included: the columns of the notable event.',
  sentinel: 'Columns the query outputs (project / extend / summarize) and those its entity mappings and custom details name: Sentinel maps them into alert fields.',
  'defender-xdr': 'Columns the query outputs (project / extend / summarize): Defender XDR custom detections surface them as alert fields.',
  chronicle: 'Variables of the outcome block: they appear on the detection, and $risk_score drives alerting.',
};

function outputFieldsNote(rule: Rule): string {
  return OUTPUT_NOTES[rule.vendor] ?? 'Fields the rule emits when it matches.';
}

function exclusionView(branch: Condition, stage?: string): ExclusionView {
  return { ...(stage && { stage }), lines: renderConjuncts(conjunctsOf(branch), { marks: true }) };
}

export function ruleView(model: SiteModel, rule: Rule): RuleView {
  const coverage = coverageView(rule);
  const files = rule.files.map((f) => shownFile(f));
  const logic = logicView(model, rule, files[0]?.text);
  // A policy's tree is its check negated: that NOT is what it alerts on, not something it suppresses, so a policy
  // lists no exclusions; its legend still explains the marks its tree uses.
  const shown = rule.logic && rule.logic.status !== 'none' ? logicStages(rule.logic) : [];
  const stages = rule.kind !== 'policy' ? shown : [];
  const attack = searchableAttack(rule.attack);
  const actions = model.knowledge.actionsOf(rule.id);
  return {
    rule,
    succession: successionView(rule),
    vendor: vendorLabel(rule.vendor),
    coverage,
    taxonomy: taxonomyView(rule),
    sameAction: model.knowledge
      .sameAction(rule.id)
      .map((r) => ({ ...r, vendorName: vendorLabel(r.vendor) })),
    actions,
    files,
    description: shownDescription(rule.description),
    logic,
    legend: legendFor(shown.flatMap((s) => s.conjuncts), logic.stages.flatMap((s) => s.lines).join('\n')),
    exclusions: stages.flatMap((s, i) => exclusionBranches(s.conjuncts).map((branch) => exclusionView(branch, stages.length > 1 ? stageName(s, i) : undefined))),
    indicators: indicatorView(model, rule, actions),
    outputFields: rule.logic?.outputFields ?? [],
    outputFieldsNote: outputFieldsNote(rule),
    samples: samplesView(rule),
    metadata: metadata(rule),
    permalink: rule.upstreamId ? permalinkUrl(rule.upstreamId) : undefined,
    filters: filtersOf(rule),
    searchTerms: [...attack.ids, ...attack.names],
  };
}
