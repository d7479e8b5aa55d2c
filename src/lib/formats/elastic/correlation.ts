/**
 * What an Elastic rule type adds across events, in the rule's own terms: threshold counts (with cardinality),
 * new terms over a history window, and indicator match against a threat-intel index (a second stage whose
 * filter is the rule's threat_query and threat_filters).
 */
import { LANGUAGES } from '../../languages/index.ts';
import { placeInFile, type QueryPlacement } from '../../logic/positions.ts';
import { and, conditionOf, conjunctsOf, ownReasons, uniq } from '../../logic/tree.ts';
import type { Correlation, Stage } from '../../logic/types.ts';
import { asString, asStringList } from '../common.ts';
import { filtersCondition } from './filters.ts';
import type { ElasticRuleTable } from './logic.ts';

export interface TypeLogic {
  correlation?: Correlation;
  /** Stages the type adds after the query's own (the indicator index of threat_match). */
  extraStages: Stage[];
  outputFields: string[];
}

type Table = Record<string, unknown>;
const tables = (v: unknown): Table[] => (Array.isArray(v) ? v.filter((t): t is Table => !!t && typeof t === 'object') : []);

function threshold(rule: ElasticRuleTable): TypeLogic {
  const t = rule.threshold ?? {};
  const fields = asStringList(t.field);
  const count = `count >= ${asString(t.value) ?? '?'}`;
  const cardinality = (t.cardinality ?? []).map((c) => `distinct_count(${asString(c.field)}) >= ${asString(c.value)}`);
  const from = asString(rule.from);
  return {
    correlation: {
      kind: cardinality.length ? 'distinct_count' : 'threshold',
      by: fields,
      condition: [count, ...cardinality].join(' and '),
      // Counts run over each execution's look-back, which the rule states as `from`.
      ...(from && { detail: `look-back from ${from}` }),
    },
    extraStages: [],
    outputFields: fields,
  };
}

function newTerms(rule: ElasticRuleTable): TypeLogic {
  const fields = asStringList(rule.new_terms?.value);
  const history = tables(rule.new_terms?.history_window_start)
    .map((h) => asString(h.value))
    .find(Boolean);
  const what = fields.length > 1 ? `combination of ${fields.join(', ')}` : `value of ${fields[0] ?? '?'}`;
  return {
    correlation: {
      kind: 'new_terms',
      by: fields,
      condition: `first ${what}${history ? ` since ${history}` : ''}`,
      ...(history && { detail: history }),
    },
    extraStages: [],
    outputFields: fields,
  };
}

/** threat_mapping: the outer list is or-ed, each entry's pairs are and-ed (event field == indicator field). */
/** `placement`: where threat_query starts in the file. */
function threatMatch(rule: ElasticRuleTable, placement: QueryPlacement): TypeLogic {
  const groups = tables(rule.threat_mapping).map((m) =>
    tables(m.entries).map((e) => ({ field: asString(e.field) ?? '?', indicator: asString(e.value) ?? '?', negate: e.negate === true })),
  );
  const groupText = (g: { field: string; indicator: string; negate: boolean }[]) =>
    g.map((p) => `${p.field} ${p.negate ? '!=' : '=='} ${p.indicator}`).join(' and ');
  const condition = groups
    .filter((g) => g.length)
    .map((g) => (groups.length > 1 && g.length > 1 ? `(${groupText(g)})` : groupText(g)))
    .join(' or ');
  const index = asStringList(rule.threat_index);
  const query = asString(rule.threat_query);
  const language = asString(rule.threat_language) === 'lucene' ? 'lucene' : 'kuery';
  const parsed = query === undefined ? undefined : placeInFile(LANGUAGES[language].extract(query), placement);
  const filters = filtersCondition(rule.threat_filters);
  const reasons = uniq([...(parsed ? ownReasons(parsed) : []), ...filters.unsupported.map((n) => `unsupported filter: ${n}`)]);
  const indicators: Stage = {
    name: 'indicators',
    ...(index.length && { source: index.join(', ') }),
    conjuncts: conjunctsOf(and(conditionOf(parsed?.conjuncts ?? []), filters.condition)),
    ...(reasons.length && { reasons }),
  };
  return {
    correlation: {
      kind: 'indicator_match',
      by: uniq(groups.flat().map((p) => p.field)),
      ...(condition && { condition }),
      ...(index.length && { detail: index.join(', ') }),
    },
    extraStages: [indicators],
    outputFields: [],
  };
}

export function typeLogic(rule: ElasticRuleTable, type: string, threatPlacement: QueryPlacement): TypeLogic {
  switch (type) {
    case 'threshold':
      return threshold(rule);
    case 'new_terms':
      return newTerms(rule);
    case 'threat_match':
      return threatMatch(rule, threatPlacement);
    default:
      return { extraStages: [], outputFields: [] };
  }
}
