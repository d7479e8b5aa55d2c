/**
 * The logic of one Panther entry: a rule's Python `rule(event)`, its simple `Detection:` block and
 * InlineFilters, or the rules a correlation combines; a policy's check; a query's SQL. Then checked against
 * the entry's own tests.
 */
import type { CorpusView, SourceContext } from '../types.ts';
import type { PantherDocument } from './document.ts';
import { correlatedRuleIds } from './correlation.ts';
import { and, logicFrom, noLogic } from '../../logic/tree.ts';
import type { Condition, RuleLogic } from '../../logic/types.ts';
import type { RuleDraft } from '../../model.ts';
import { agreement } from './agreement.ts';
import { extractPython } from '../../languages/python/extract.ts';
import { pantherLibrary } from '../../languages/python/panther-library.ts';
import { translateDetection } from './translate.ts';
import { policyLogic } from './policy-logic.ts';
import { queryLogic, scheduledQueryLinks, scheduledRuleLogic } from './query-logic.ts';

function isCorrelation(detection: unknown): boolean {
  return Array.isArray(detection) && detection.some((d) => d && typeof d === 'object' && ('Group' in d || 'Sequence' in d));
}

function inlineFilters(y: Record<string, unknown>): { condition?: Condition; reasons: string[] } {
  const filters = y.InlineFilters;
  if (!Array.isArray(filters) || filters.length === 0) return { reasons: [] };
  return translateDetection(filters);
}

export function extractPantherLogic(rule: RuleDraft, source: SourceContext, corpus: CorpusView): RuleLogic {
  const doc = rule.document as PantherDocument | undefined;
  if (!doc) return noLogic('the rule file could not be read');
  const y = doc.yaml;
  if (rule.kind === 'policy') return policyLogic(rule, doc, source);
  if (doc.sql) return queryLogic(rule, doc, source, corpus);
  if (rule.kind === 'correlation_rule' || isCorrelation(y.Detection)) {
    const relatedRules = correlatedRuleIds(y.Detection).map((id) => corpus.findByUpstreamId(source.name, id)?.id ?? id);
    return { status: 'partial', conjuncts: [], reasons: ['correlation'], outputFields: [], diagnostics: [], relatedRules };
  }
  const inline = inlineFilters(y);
  const reasons = [...inline.reasons];
  let condition: Condition | undefined;
  let outputFields: string[] = [];
  let diagnostics: RuleLogic['diagnostics'] = [];
  let noneReason: string | undefined;
  if (y.Detection !== undefined) {
    const d = translateDetection(y.Detection);
    condition = d.condition;
    reasons.push(...d.reasons);
    outputFields = alertContextKeys(y.AlertContext);
  } else if (doc.python) {
    const lib = pantherLibrary(source.root, source.cache);
    const py = extractPython(doc.python.text, doc.python.path, lib, rule.logSource);
    condition = py.condition;
    reasons.push(...py.reasons);
    outputFields = py.outputFields;
    diagnostics = py.diagnostics;
    noneReason = py.noneReason;
  } else return noLogic('no Python file and no Detection');
  // A scheduled rule runs on the rows of the queries it names: their filters (on their own pages) come first.
  if (rule.kind === 'scheduled_rule') reasons.push(`scheduled query: ${rule.logSource.join(', ') || 'unnamed'}`);
  const threshold = typeof y.Threshold === 'number' ? y.Threshold : 1;
  if (threshold > 1) reasons.push(`threshold: ${threshold} events`);
  const combined = and(inline.condition, condition);
  if (!combined && rule.kind === 'scheduled_rule' && noneReason === 'rule matches every event') {
    const rows = scheduledRuleLogic(rule.logSource, reasons.filter((r) => !r.startsWith('scheduled query')), source, corpus);
    if (rows) return { ...rows, outputFields: outputFields.length ? outputFields : rows.outputFields };
  }
  const logic = finish(combined, reasons, noneReason, rule, { outputFields, diagnostics });
  const queries = rule.kind === 'scheduled_rule' ? scheduledQueryLinks(rule.logSource, source, corpus) : [];
  return queries.length ? { ...logic, relatedRules: queries } : logic;
}

function finish(combined: Condition | undefined, reasons: string[], noneReason: string | undefined, rule: RuleDraft, extra: Pick<RuleLogic, 'outputFields' | 'diagnostics'>): RuleLogic {
  const { outputFields, diagnostics } = extra;
  if (!combined) return noLogic((rule.kind === 'scheduled_rule' ? reasons.find((r) => r.startsWith('scheduled query')) : undefined) ?? noneReason ?? reasons[0] ?? 'no filter conditions found', { outputFields, diagnostics, reasons: reasons.length ? reasons : [noneReason ?? 'no filter conditions found'] });
  const logic = logicFrom(combined, reasons, { outputFields, diagnostics });
  logic.tests = agreement(logic, rule.tests);
  return logic;
}

/** Simple detections' AlertContext: KeyName entries. */
function alertContextKeys(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((e) => (e && typeof e === 'object' && typeof (e as Record<string, unknown>).KeyName === 'string' ? [(e as Record<string, string>).KeyName] : []));
}
