/**
 * Sigma correlation rules (event_count, value_count, temporal, temporal_ordered, value_sum...): they count or
 * order the events of other rules. Each rule a correlation names is a stage, named as the correlation names it
 * (rule name or ID), reading that rule's logsource, with that rule's tree and reasons and a link to it; the
 * correlation gives the kind (event_count → threshold, value_count → distinct_count, temporal, temporal_ordered →
 * sequence, value_sum/avg/percentile/median → aggregation), `group-by` as `by` (with `aliases`, each stage's own
 * field as its `by`), `timespan` as the window and the condition in the catalog's notation
 * (`distinct_count(UserPrincipalName) >= 15`). A correlation of one rule is that rule's tree with the correlation.
 */
import { correlatedLogic } from '../../logic/correlated.ts';
import { LANGUAGES } from '../../languages/index.ts';
import { allConjuncts, and, leaf, ownReasons, uniq, withoutLocations } from '../../logic/tree.ts';
import type { Condition, Correlation, CorrelationKind, RuleLogic, Stage } from '../../logic/types.ts';
import type { CorpusView } from '../types.ts';
import type { SigmaDocument } from '../../languages/sigma/document.ts';
import { sigmaOutputFields } from '../../languages/sigma/extract.ts';
import { logSourceStrings, type SigmaLogSource } from './logsource.ts';

const CACHE_KEY = 'sigma:documents';

/** Every rule document of the source by `id` and by `name`, filled while the files are read. */
type DocumentIndex = Map<string, SigmaDocument>;

function indexOf(cache: Map<string, unknown>): DocumentIndex {
  let index = cache.get(CACHE_KEY) as DocumentIndex | undefined;
  if (!index) {
    index = new Map();
    cache.set(CACHE_KEY, index);
  }
  return index;
}

export function rememberDocument(cache: Map<string, unknown>, doc: SigmaDocument) {
  const index = indexOf(cache);
  for (const key of [doc.data.id, doc.data.name]) {
    if (typeof key === 'string' && key && !index.has(key)) index.set(key, doc);
  }
}

/** A rule a correlation names: first by name or id within the same file (the spec's usual layout), then anywhere. */
export function resolveRule(ref: string, doc: SigmaDocument, cache: Map<string, unknown>): SigmaDocument | undefined {
  const local = doc.siblings.find((s) => s.data.name === ref || s.data.id === ref);
  return local ?? indexOf(cache).get(ref);
}

function asList(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

export interface CorrelationSpec {
  type: string;
  rules: string[];
  groupBy: string[];
  timespan?: string;
  condition: Record<string, unknown>;
}

export function correlationSpec(data: Record<string, unknown>): CorrelationSpec {
  const c = (data.correlation ?? {}) as Record<string, unknown>;
  const condition = typeof c.condition === 'object' && c.condition !== null ? (c.condition as Record<string, unknown>) : {};
  const timespan = c.timespan ?? c.timeframe;
  return {
    type: typeof c.type === 'string' ? c.type : 'unknown',
    rules: asList(c.rules),
    groupBy: asList(c['group-by']),
    timespan: timespan === undefined ? undefined : String(timespan),
    condition,
  };
}

const OPERATORS = ['gt', 'gte', 'lt', 'lte', 'eq', 'neq'];

const SUBJECTS: Record<string, (field: string) => string> = {
  value_count: (f) => `distinct ${f}`,
  value_sum: (f) => `sum of ${f}`,
  value_avg: (f) => `average of ${f}`,
  value_percentile: (f) => `percentile of ${f}`,
  value_median: (f) => `median of ${f}`,
};

/** What is compared: the event count, the number of correlated rules that matched (temporal), or a field aggregate. */
function subjectOf(spec: CorrelationSpec): string {
  const field = typeof spec.condition.field === 'string' ? spec.condition.field : undefined;
  if (field) return (SUBJECTS[spec.type] ?? ((f: string) => f))(field);
  return spec.type.startsWith('temporal') ? 'rules matched' : 'count';
}

/** "event_count, count gte 100 within 1h by ComputerName" */
export function describeCorrelation(spec: CorrelationSpec): string {
  const subject = subjectOf(spec);
  const tests = OPERATORS.filter((op) => op in spec.condition).map((op) => `${subject} ${op} ${String(spec.condition[op])}`);
  let text = [spec.type, ...tests].join(', ');
  if (spec.timespan) text += ` within ${spec.timespan}`;
  if (spec.groupBy.length) text += ` by ${spec.groupBy.join(', ')}`;
  return text;
}

/** A tree borrowed from another file: its line numbers would point into the wrong file, so they go. */
function borrowed(conjuncts: Condition[], from: SigmaDocument, into: SigmaDocument): Condition[] {
  return from.file === into.file ? conjuncts : conjuncts.map(withoutLocations);
}

const KINDS: Record<string, CorrelationKind> = {
  event_count: 'threshold',
  value_count: 'distinct_count',
  temporal: 'temporal',
  temporal_ordered: 'sequence',
  value_sum: 'aggregation',
  value_avg: 'aggregation',
  value_percentile: 'aggregation',
  value_median: 'aggregation',
};

const FUNCTIONS: Record<string, string> = {
  value_count: 'distinct_count',
  value_sum: 'sum',
  value_avg: 'avg',
  value_percentile: 'percentile',
  value_median: 'median',
};

const OPERATOR_TEXT: Record<string, string> = { gt: '>', gte: '>=', lt: '<', lte: '<=', eq: '==', neq: '!=' };

/** `count >= 100`, `distinct_count(user) > 3 and ...`, `rules matched >= 2` (temporal): the condition as the catalog writes it. */
function conditionText(spec: CorrelationSpec): string | undefined {
  const field = typeof spec.condition.field === 'string' ? spec.condition.field : undefined;
  const fn = FUNCTIONS[spec.type];
  const subject = spec.type.startsWith('temporal') ? 'rules matched' : fn ? `${fn}(${field ?? '?'})` : 'count';
  const tests = OPERATORS.filter((op) => op in spec.condition).map((op) => `${subject} ${OPERATOR_TEXT[op]} ${String(spec.condition[op])}`);
  return tests.length ? tests.join(' and ') : undefined;
}

function correlationOf(spec: CorrelationSpec): Correlation {
  const condition = conditionText(spec);
  return {
    kind: KINDS[spec.type] ?? 'aggregation',
    by: spec.groupBy,
    ...(spec.timespan && { window: spec.timespan }),
    ...(spec.type.startsWith('temporal') && { ordered: spec.type === 'temporal_ordered' }),
    ...(condition && { condition }),
  };
}

/** `aliases: { user: { rule_a: UserName, rule_b: TargetUser } }`: the field each rule groups on, by group-by name. */
function aliasesOf(data: Record<string, unknown>): Map<string, Record<string, unknown>> {
  const raw = (data.correlation as Record<string, unknown> | undefined)?.aliases;
  if (!raw || typeof raw !== 'object') return new Map();
  return new Map(Object.entries(raw as Record<string, unknown>).flatMap(([k, v]) => (v && typeof v === 'object' ? [[k, v as Record<string, unknown>]] : [])));
}

interface Context {
  doc: SigmaDocument;
  spec: CorrelationSpec;
  sourceName: string;
  cache: Map<string, unknown>;
  corpus: CorpusView;
}

/** One rule the correlation names, as a stage. */
function stageOf(ref: string, ctx: Context, depth: number): Stage {
  const target = resolveRule(ref, ctx.doc, ctx.cache);
  if (!target) return { name: ref, conjuncts: [], reasons: [`correlated rule not found: ${ref}`], rule: ref };
  const id = typeof target.data.id === 'string' ? target.data.id : undefined;
  const rule = (id && ctx.corpus.findByUpstreamId(ctx.sourceName, id)?.id) ?? id ?? ref;
  const aliases = aliasesOf(ctx.doc.data);
  const by = ctx.spec.groupBy.map((f) => {
    const own = aliases.get(f)?.[ref];
    return typeof own === 'string' ? own : f;
  });
  const keys = aliases.size && by.some((f, i) => f !== ctx.spec.groupBy[i]) ? { by } : {};
  if (target.data.correlation !== undefined) {
    // A correlation of correlations: the inner one's alerts are the events, which no filter describes.
    const inner = depth < 3 ? innerLogic(target, ctx, depth + 1) : undefined;
    const what = `correlated rule is a correlation: ${describeCorrelation(correlationSpec(target.data))}`;
    return { name: ref, conjuncts: [], reasons: uniq([what, ...(inner?.reasons ?? [])]), rule, ...keys };
  }
  // The named rule's own tree, every stage of it and-ed: the stage is one set of events.
  const result = LANGUAGES.sigma.extract('', { file: target.file, document: target });
  const reasons = ownReasons(result);
  const logsource = typeof target.data.logsource === 'object' && target.data.logsource ? logSourceStrings(target.data.logsource as SigmaLogSource & Record<string, unknown>) : [];
  return {
    name: ref,
    ...(logsource.length && { source: logsource.join(', ') }),
    conjuncts: borrowed(allConjuncts(result), target, ctx.doc),
    ...(reasons.length && { reasons }),
    rule,
    ...keys,
  };
}

function innerLogic(doc: SigmaDocument, outer: Context, depth: number): { stages: Stage[]; reasons: string[] } {
  const ctx = { ...outer, doc, spec: correlationSpec(doc.data) };
  const stages = ctx.spec.rules.map((ref) => stageOf(ref, ctx, depth));
  return { stages, reasons: stages.flatMap((s) => s.reasons ?? []) };
}

export function extractCorrelationLogic(doc: SigmaDocument, sourceName: string, cache: Map<string, unknown>, corpus: CorpusView): RuleLogic {
  const ctx: Context = { doc, spec: correlationSpec(doc.data), sourceName, cache, corpus };
  const { stages, reasons } = innerLogic(doc, ctx, 0);
  const correlation = correlationOf(ctx.spec);
  if (!KINDS[ctx.spec.type]) reasons.push(`correlation type: ${ctx.spec.type}`);
  const relatedRules = uniq(stages.flatMap((s) => (s.rule ? [s.rule] : [])));
  const outputFields = uniq([...ctx.spec.groupBy, ...sigmaOutputFields(doc)]);
  const extra = { relatedRules, outputFields };
  if (stages.length > 1) return correlatedLogic(undefined, reasons, extra, correlation, stages);
  // One rule: its tree; without it, the events still need the fields the correlation groups and counts on.
  const fallbackFields = uniq([...ctx.spec.groupBy, ...(typeof ctx.spec.condition.field === 'string' ? [ctx.spec.condition.field] : [])]);
  const tree = and(...(stages[0]?.conjuncts ?? [])) ?? and(...fallbackFields.map((f) => leaf(f, 'is_not_null')));
  if (!stages.length) reasons.push('the correlation names no rules');
  return correlatedLogic(tree, reasons, extra, correlation);
}

/** A correlation has no logsource of its own: it reads the logsource of the first rule it names that has one. */
export function correlatedLogSource(doc: SigmaDocument, cache: Map<string, unknown>, depth = 0): unknown {
  for (const ref of correlationSpec(doc.data).rules) {
    const target = resolveRule(ref, doc, cache);
    if (!target) continue;
    if (target.data.logsource) return target.data.logsource;
    if (target.data.correlation !== undefined && depth < 3) {
      const inner = correlatedLogSource(target, cache, depth + 1);
      if (inner) return inner;
    }
  }
  return undefined;
}
