/**
 * Detection logic of Elastic rules: the query in its language (kuery, EQL, ES|QL, lucene) plus what the rule
 * type adds on top (threshold counts, new terms, indicator match, machine-learning jobs).
 */
import type { QueryLanguage } from '../definitions.ts';
import { error } from '../diagnostics.ts';
import { eqlLogic } from '../languages/eql/index.ts';
import { esqlLogic } from '../languages/esql/index.ts';
import { kueryLogic } from '../languages/kuery/index.ts';
import { luceneLogic } from '../languages/lucene/index.ts';
import { conjunctsOf, logicFrom, noLogic, uniq } from '../logic/tree.ts';
import type { Condition, RuleLogic } from '../logic/types.ts';
import type { RuleDraft } from '../model.ts';
import { asString, asStringList } from './common.ts';
import { filtersCondition } from './elastic-filters.ts';

/** The [rule] table as smol-toml reads it; only the keys the logic needs are typed. */
export interface ElasticRuleTable {
  query?: unknown;
  machine_learning_job_id?: unknown;
  threshold?: { field?: unknown; value?: unknown; cardinality?: { field?: unknown; value?: unknown }[] };
  new_terms?: { value?: unknown };
  threat_index?: unknown;
  investigation_fields?: { field_names?: unknown };
  filters?: unknown;
  [key: string]: unknown;
}

export interface QueryLogic {
  condition?: Condition;
  reasons: string[];
  problems: { offset: number; message: string }[];
  /** Index patterns the query itself names (ES|QL `from`). */
  sources: string[];
  outputFields: string[];
  categories: string[];
}

/** What parseFile keeps for extractLogic, so the query is parsed once. */
export interface ElasticDocument {
  rule: ElasticRuleTable;
  type: string;
  logic: QueryLogic;
  queryStartLine: number;
}

const EMPTY: QueryLogic = { reasons: [], problems: [], sources: [], outputFields: [], categories: [] };

/** Parses the rule's query in its language. */
export function queryLogic(rule: ElasticRuleTable, type: string, language: QueryLanguage | undefined, text: string | undefined): QueryLogic {
  if (type === 'machine_learning' || text === undefined) return EMPTY;
  switch (language) {
    case 'kuery':
      return { ...EMPTY, ...kueryLogic(text) };
    case 'lucene':
      return { ...EMPTY, ...luceneLogic(text) };
    case 'eql':
      return { ...EMPTY, ...eqlLogic(text, asString(rule.event_category_override)) };
    case 'esql':
      return { ...EMPTY, ...esqlLogic(text) };
    default:
      return { ...EMPTY, reasons: [`unsupported query language: ${String(rule.language)}`] };
  }
}

/** Reasons and output fields the rule type adds to its query. */
function typeExtras(rule: ElasticRuleTable, type: string): { reasons: string[]; outputFields: string[] } {
  switch (type) {
    case 'threshold': {
      const t = rule.threshold ?? {};
      const fields = asStringList(t.field);
      const cardinality = (t.cardinality ?? []).map((c) => `, distinct ${asString(c.field)} >= ${asString(c.value)}`).join('');
      return { reasons: [`threshold: count >= ${asString(t.value) ?? '?'}${fields.length ? ` by ${fields.join(', ')}` : ''}${cardinality}`], outputFields: fields };
    }
    case 'new_terms': {
      const fields = asStringList(rule.new_terms?.value);
      return { reasons: [`new terms: ${fields.join(', ')}`], outputFields: fields };
    }
    case 'threat_match': {
      const index = asStringList(rule.threat_index);
      return { reasons: [`indicator match${index.length ? `: ${index.join(', ')}` : ''}`], outputFields: [] };
    }
    default:
      return { reasons: [], outputFields: [] };
  }
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

export function extractElasticLogic(draft: RuleDraft): RuleLogic {
  const doc = draft.document as ElasticDocument | undefined;
  if (!doc) return noLogic('the rule file could not be read');
  const { rule, type, logic } = doc;
  const investigation = asStringList(rule.investigation_fields?.field_names);
  if (type === 'machine_learning') {
    const jobs = asStringList(rule.machine_learning_job_id);
    return noLogic(`machine learning job: ${jobs.join(', ') || 'unnamed'}`, { outputFields: investigation });
  }
  const file = draft.files[0]?.path ?? draft.title;
  const diagnostics = logic.problems.map((p) => {
    const before = String(rule.query ?? '').slice(0, p.offset);
    const lines = before.split('\n');
    const column = lines.length === 1 ? undefined : lines[lines.length - 1].length + 1;
    return error(file, 'query-syntax', p.message, doc.queryStartLine + lines.length - 1, column);
  });
  if (asString(rule.query) === undefined) return noLogic('no query', { outputFields: investigation, diagnostics });
  const extras = typeExtras(rule, type);
  const outputFields = uniq([...investigation, ...logic.outputFields, ...extras.outputFields]);
  const reasons = uniq([...logic.reasons, ...extras.reasons]);
  const filters = filtersCondition(rule.filters);
  reasons.push(...filters.unsupported.map((name) => `unsupported filter: ${name}`));
  // Conjuncts are joined without flattening, so the steps of a sequence stay one subtree each.
  const conjuncts = [...conjunctsOf(logic.condition), ...conjunctsOf(filters.condition)];
  if (!conjuncts.length) {
    // A threshold or new-terms rule over every event still has its counting logic: say so before the lack of a filter.
    const why = logic.reasons.length ? reasons : ['no filter conditions found', ...extras.reasons];
    const merged = mergeReasons(why);
    return { ...noLogic(merged[0]), reasons: merged, outputFields, diagnostics };
  }
  const condition: Condition = conjuncts.length === 1 ? conjuncts[0] : { type: 'and', children: conjuncts };
  return logicFrom(condition, mergeReasons(reasons), { outputFields, diagnostics });
}
