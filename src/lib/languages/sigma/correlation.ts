/**
 * Sigma correlation rules (event_count, value_count, temporal, temporal_ordered, value_sum...): they count or
 * order the events of other rules. Their tree is the filter of the events they correlate (the named rules'
 * trees, any of them); the counting itself is no filter, so the logic is partial with the reason
 * "correlation: <type>, <condition> within <timespan> by <group-by>".
 */
import { and, leaf, logicFrom, noLogic, or, uniq, withoutLocations } from '../../logic/tree.ts';
import type { Condition, RuleLogic } from '../../logic/types.ts';
import type { CorpusView } from '../../formats/types.ts';
import type { SigmaDocument } from './document.ts';
import { detectionTree, sigmaOutputFields } from './extract.ts';

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
function withoutLocationsOf(c: Condition | undefined): Condition | undefined {
  return c && withoutLocations(c);
}

/** The filter of the events a correlation counts, and what it builds on. */
function correlatedTrees(doc: SigmaDocument, cache: Map<string, unknown>, depth: number) {
  const spec = correlationSpec(doc.data);
  const trees: (Condition | undefined)[] = [];
  const reasons: string[] = [`correlation: ${describeCorrelation(spec)}`];
  const resolved: { ref: string; doc?: SigmaDocument }[] = [];
  for (const ref of spec.rules) {
    const target = resolveRule(ref, doc, cache);
    resolved.push({ ref, doc: target });
    if (!target) {
      reasons.push(`correlated rule not found: ${ref}`);
    } else if (target.data.correlation !== undefined && depth < 3) {
      const inner = correlatedTrees(target, cache, depth + 1);
      trees.push(target.file === doc.file ? inner.condition : withoutLocationsOf(inner.condition));
      reasons.push(...inner.reasons);
    } else {
      const result = detectionTree(target);
      trees.push(target.file === doc.file ? result.condition : withoutLocationsOf(result.condition));
      reasons.push(...result.reasons);
    }
  }
  return { spec, condition: or(...trees), reasons, resolved };
}

export function extractCorrelationLogic(doc: SigmaDocument, sourceName: string, cache: Map<string, unknown>, corpus: CorpusView): RuleLogic {
  const { spec, condition, reasons, resolved } = correlatedTrees(doc, cache, 0);
  const relatedRules = uniq(
    resolved.map(({ ref, doc: target }) => {
      const id = typeof target?.data.id === 'string' ? target.data.id : undefined;
      return (id && corpus.findByUpstreamId(sourceName, id)?.id) ?? id ?? ref;
    }),
  );
  const outputFields = uniq([...spec.groupBy, ...sigmaOutputFields(doc)]);
  // Without the named rules' trees, the events still need the fields the correlation groups and counts on.
  const fallbackFields = uniq([...spec.groupBy, ...(typeof spec.condition.field === 'string' ? [spec.condition.field] : [])]);
  const tree = condition ?? and(...fallbackFields.map((f) => leaf(f, 'is_not_null')));
  if (!tree) return noLogic(reasons[0], { reasons, relatedRules, outputFields });
  return logicFrom(tree, reasons, { relatedRules, outputFields });
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
