/**
 * A query's logic: its SQL's filter trees, stages and grouping (SQL module), linked to the scheduled rules
 * that alert on its rows; a scheduled rule links to the queries it names.
 */
import { mapConditions, noLogic, ownReasons, withoutLocations } from '../../logic/tree.ts';
import type { Correlation, RuleLogic } from '../../logic/types.ts';
import type { RuleDraft } from '../../model.ts';
import type { CorpusView, SourceContext } from '../types.ts';
import type { LanguageLogic } from '../../languages/index.ts';
import type { PantherDocument } from './document.ts';
import { sourceIndex } from './source-index.ts';

/** Panther's anomaly macros (queries/macros): what each call alerts on, in the correlation's terms. */
function templateCorrelation(sql: LanguageLogic): Correlation | undefined {
  const t = sql.templates?.[0];
  if (t?.name === 'new_unique_values') {
    const [, entity, value, window] = t.args;
    return { kind: 'new_terms', by: [entity], detail: value, window, summary: `${value} first seen for a ${entity} within ${window}` };
  }
  if (t?.name === 'statistical_anomaly') {
    const [, entity, field, func, mag, unit, zscore] = t.args;
    return { kind: 'aggregation', by: [entity], window: `${mag} ${unit}`, condition: `zscore(${func}(${field})) > ${zscore}` };
  }
  return undefined;
}

export function queryLogic(rule: RuleDraft, doc: PantherDocument, source: SourceContext, corpus: CorpusView): RuleLogic {
  const users = (sourceIndex(source).queryUsers.get(rule.upstreamId ?? '') ?? []).map((id) => corpus.findByUpstreamId(source.name, id)?.id ?? id);
  return sqlLogic(doc.sql!, users, []);
}

/**
 * A scheduled rule whose `rule()` accepts every row alerts on exactly the rows of the query it names: its
 * logic is that query's (its tests run on query rows, not log events, so none are counted).
 */
export function scheduledRuleLogic(names: string[], reasons: string[], source: SourceContext, corpus: CorpusView): RuleLogic | undefined {
  const queries = names.map((n) => sourceIndex(source).queries.get(n));
  if (queries.length !== 1 || !queries[0]) return undefined;
  // The query's positions are in the query's own file, not the scheduled rule's: they are dropped here.
  const { sql } = queries[0];
  const logic = sqlLogic(mapConditions(sql, withoutLocations), scheduledQueryLinks(names, source, corpus), reasons);
  return logic.status === 'none' ? undefined : logic;
}

function sqlLogic(sql: LanguageLogic, relatedRules: string[], extraReasons: string[]): RuleLogic {
  const correlation = templateCorrelation(sql) ?? sql.correlation;
  const common = {
    outputFields: sql.outputFields,
    diagnostics: sql.diagnostics,
    ...(relatedRules.length ? { relatedRules } : {}),
    ...(correlation ? { correlation } : {}),
  };
  const stages = sql.stages?.filter((s) => s.conjuncts.length || s.source);
  const hasTree = sql.conjuncts.length > 0 || (stages ?? []).some((s) => s.conjuncts.length > 0);
  const own = ownReasons(sql);
  if (!hasTree) return noLogic(own[0] ?? 'the query filters no field (time window only)', { ...common, reasons: own.length ? own : ['the query filters no field (time window only)'] });
  const reasons = [...own, ...extraReasons];
  const status = reasons.length ? 'partial' : 'full';
  if (stages) return { status, conjuncts: [], stages, reasons, ...common };
  return { status, conjuncts: sql.conjuncts, reasons, ...common };
}

/** Catalog IDs of the queries a scheduled rule names (their QueryName), or the names when not in the catalog. */
export function scheduledQueryLinks(names: string[], source: SourceContext, corpus: CorpusView): string[] {
  return names.map((name) => corpus.findByUpstreamId(source.name, name)?.id ?? name);
}
