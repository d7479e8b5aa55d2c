/**
 * Detection logic of Elastic rules: the query in its language (kuery, EQL, ES|QL, lucene) as one or more stages,
 * plus the correlation the query or the rule type adds (sequence, sample, stats, threshold, new terms, indicator
 * match); machine-learning jobs have no logic to show.
 */
import type { QueryLanguage } from '../../definitions.ts';
import type { Diagnostic } from '../../diagnostics.ts';
import { LANGUAGES } from '../../languages/index.ts';
import { placeInFile, type QueryPlacement } from '../../logic/positions.ts';
import { conjunctsOf, noLogic, ownReasons, uniq } from '../../logic/tree.ts';
import type { Condition, Correlation, RuleLogic, Stage } from '../../logic/types.ts';
import type { RuleDraft } from '../../model.ts';
import { asString, asStringList } from '../common.ts';
import { typeLogic } from './correlation.ts';
import { filtersCondition } from './filters.ts';

/** The [rule] table as smol-toml reads it; only the keys the logic needs are typed. */
export interface ElasticRuleTable {
  query?: unknown;
  machine_learning_job_id?: unknown;
  threshold?: { field?: unknown; value?: unknown; cardinality?: { field?: unknown; value?: unknown }[] };
  new_terms?: { value?: unknown; history_window_start?: unknown };
  threat_index?: unknown;
  investigation_fields?: { field_names?: unknown };
  filters?: unknown;
  [key: string]: unknown;
}

export interface QueryLogic {
  /** Top-level conjuncts of a query over single events; empty when the query has `stages`. */
  conjuncts: Condition[];
  reasons: string[];
  /** Syntax problems, at their line and column in the query (extractElasticLogic places them in the file). */
  diagnostics: Diagnostic[];
  /** Index patterns the query itself names (ES|QL `from`). */
  sources: string[];
  outputFields: string[];
  categories: string[];
  /** Sequence / sample steps (EQL); absent for a query over single events. */
  stages?: Stage[];
  /** What the query does across events (EQL sequence / sample, ES|QL stats). */
  correlation?: Correlation;
}

/** What parseFile keeps for extractLogic, so the query is parsed once. */
export interface ElasticDocument {
  rule: ElasticRuleTable;
  type: string;
  /** The query's logic, positions in the query (extractElasticLogic places them in the file). */
  logic: QueryLogic;
  /** Where `query` and `threat_query` start in the file. */
  placements: { query: QueryPlacement; threatQuery: QueryPlacement };
}

const EMPTY: QueryLogic = { conjuncts: [], reasons: [], diagnostics: [], sources: [], outputFields: [], categories: [] };

/** The query languages an Elastic rule may be written in. */
const ELASTIC_LANGUAGES = new Set<QueryLanguage>(['kuery', 'lucene', 'eql', 'esql']);

/** Parses the rule's query in its language, through the table of languages. */
export function queryLogic(rule: ElasticRuleTable, type: string, language: QueryLanguage | undefined, text: string | undefined, file?: string): QueryLogic {
  if (type === 'machine_learning' || text === undefined) return EMPTY;
  if (!language || !ELASTIC_LANGUAGES.has(language)) return { ...EMPTY, reasons: [`unsupported query language: ${String(rule.language)}`] };
  const context = language === 'eql' ? { file, categoryField: asString(rule.event_category_override) } : { file };
  const logic = LANGUAGES[language].extract(text, context);
  return {
    conjuncts: logic.conjuncts,
    reasons: ownReasons(logic),
    diagnostics: logic.diagnostics,
    sources: logic.sources ?? [],
    outputFields: logic.outputFields,
    categories: logic.categories ?? [],
    ...(logic.stages && { stages: logic.stages }),
    ...(logic.correlation && { correlation: logic.correlation }),
  };
}

/** One reason per phrase: "filter on aggregate: a" and "filter on aggregate: b" read "filter on aggregate: a, b". */
export function mergeReasons(reasons: string[]): string[] {
  const merged = new Map<string, string[]>();
  for (const reason of reasons) {
    const colon = reason.indexOf(': ');
    const phrase = colon < 0 ? reason : reason.slice(0, colon);
    const details = merged.get(phrase) ?? [];
    if (colon >= 0) details.push(reason.slice(colon + 2));
    merged.set(phrase, details);
  }
  return [...merged].map(([phrase, details]) => (details.length ? `${phrase}: ${uniq(details).join(', ')}` : phrase));
}

/** The query's stages (one for an event query), each also filtered by the rule's filter pills. */
function queryStages(logic: QueryLogic, filters: Condition[]): Stage[] {
  if (logic.stages) return logic.stages.map((s) => ({ ...s, conjuncts: [...s.conjuncts, ...filters] }));
  // Conjuncts are joined without flattening, so a query's own subtrees stay one line each.
  return [{ conjuncts: [...logic.conjuncts, ...filters] }];
}

export function extractElasticLogic(draft: RuleDraft): RuleLogic {
  const doc = draft.document as ElasticDocument | undefined;
  if (!doc) return noLogic('the rule file could not be read');
  const { rule, type } = doc;
  const logic = placeInFile(doc.logic, doc.placements.query);
  const investigation = asStringList(rule.investigation_fields?.field_names);
  if (type === 'machine_learning') {
    const jobs = asStringList(rule.machine_learning_job_id);
    return noLogic(`machine learning job: ${jobs.join(', ') || 'unnamed'}`, { outputFields: investigation });
  }
  const diagnostics = logic.diagnostics;
  if (asString(rule.query) === undefined) return noLogic('no query', { outputFields: investigation, diagnostics });
  const extras = typeLogic(rule, type, doc.placements.threatQuery);
  const outputFields = uniq([...investigation, ...logic.outputFields, ...extras.outputFields]);
  const filters = filtersCondition(rule.filters);
  const stages = [...queryStages(logic, conjunctsOf(filters.condition)), ...extras.extraStages];
  // threat_match reads two things: the rule's events and the indicator index.
  if (extras.extraStages.length) stages[0] = { name: 'events', ...stages[0] };
  const reasons = mergeReasons(
    uniq([
      ...logic.reasons,
      ...filters.unsupported.map((name) => `unsupported filter: ${name}`),
      ...extras.extraStages.flatMap((s) => s.reasons ?? []),
    ]),
  );
  const correlation = logic.correlation ?? extras.correlation;
  const expressed = stages.some((s) => s.conjuncts.length) || (correlation !== undefined && reasons.length === 0);
  if (!expressed) {
    const why = reasons.length ? reasons : ['no filter conditions found'];
    return { ...noLogic(why[0]), reasons: why, outputFields, diagnostics, ...(correlation && { correlation }) };
  }
  const shape = stages.length === 1 && !logic.stages ? { conjuncts: stages[0].conjuncts } : { conjuncts: [], stages };
  return {
    status: reasons.length ? 'partial' : 'full',
    ...shape,
    ...(correlation && { correlation }),
    reasons,
    outputFields,
    diagnostics,
  };
}
