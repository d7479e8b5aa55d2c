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

/**
 * Panther's anomaly macros (queries/macros/anomalies.yml), in the correlation's terms. new_unique_values keeps the
 * (entity, value) pairs of the subquery's rows in the last `interval` that its earlier rows lack; statistical_anomaly
 * compares the entity's aggregate over the last bin with the mean and deviation of its earlier bins.
 */
function templateCorrelation(sql: LanguageLogic): Correlation | undefined {
  const t = sql.templates?.[0];
  const history = sql.lookBack;
  if (t?.name === 'new_unique_values' && t.args.length === 4) {
    const [, entity, value, interval] = t.args;
    const earlier = history ? ` and not in the rest of the last ${history}` : ' and not earlier';
    return { kind: 'new_terms', by: [entity, value], window: interval, ...(history && { detail: history }), condition: `${value} seen for a ${entity} in the last ${interval}${earlier}` };
  }
  if (t?.name === 'statistical_anomaly' && t.args.length === 7) {
    const [, entity, field, func, mag, unit, zscore] = t.args;
    const bin = `${mag} ${unit}`;
    const over = history ? `the earlier ${bin} bins of the last ${history}` : `the earlier ${bin} bins`;
    return {
      kind: 'aggregation',
      by: [entity],
      window: bin,
      ...(history && { detail: history }),
      condition: `abs((${func}(${field}) in the last ${bin} - its mean over ${over}) / their standard deviation) >= ${zscore}, the deviation not 0`,
    };
  }
  return undefined;
}

/** The reasons a recognized template call leaves behind once its correlation states it. */
function templateReason(sql: LanguageLogic): string | undefined {
  const t = sql.templates?.[0];
  return t ? `template ${t.name}(${t.args.join(', ')})` : undefined;
}

/** A correlation that states the rows' condition itself (new values, a HAVING, a QUALIFY): the query needs no filter. */
const statesCondition = (c: Correlation | undefined) => Boolean(c?.condition);

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
  const template = templateCorrelation(sql);
  const correlation = template ?? sql.correlation;
  const common = {
    outputFields: sql.outputFields,
    diagnostics: sql.diagnostics,
    ...(relatedRules.length ? { relatedRules } : {}),
    ...(correlation ? { correlation } : {}),
  };
  const own = ownReasons(sql).filter((r) => !template || r !== templateReason(sql));
  // A query over all rows of its tables alerts on what its correlation says of them: one stage per table, unfiltered.
  const unfiltered = !sql.stages && !sql.conjuncts.length && statesCondition(correlation) && sql.sources?.length === 1;
  const stages = unfiltered ? [{ source: sql.sources![0], conjuncts: [] }] : sql.stages?.filter((s) => s.conjuncts.length || s.source);
  const filters = sql.conjuncts.length > 0 || (stages ?? []).some((s) => s.conjuncts.length > 0);
  const hasTree = filters || unfiltered || (statesCondition(correlation) && (stages ?? []).some((s) => s.source));
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
