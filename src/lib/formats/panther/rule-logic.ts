/**
 * The logic of one Panther entry: a rule's Python `rule(event)`, its simple `Detection:` block and
 * InlineFilters, or the rules a correlation combines; a policy's check; a query's SQL. Then checked against
 * the entry's own tests.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import type { CorpusView, SourceContext } from '../types.ts';
import type { PantherDocument } from './document.ts';
import { correlatedRuleIds, pantherCorrelation, type NamedRule } from './correlation.ts';
import { correlatedLogic } from '../../logic/correlated.ts';
import { LANGUAGES } from '../../languages/index.ts';
import { and, conditionOf, logicFrom, noLogic } from '../../logic/tree.ts';
import type { Condition, Correlation, RuleLogic } from '../../logic/types.ts';
import type { RuleDraft } from '../../model.ts';
import { agreement, correlationAgreement, type MockedTree } from './agreement.ts';
import { mockedTrees } from './mocks.ts';
import { pantherLibrary } from './python-library.ts';
import { translateDetection } from './translate.ts';
import { policyLogic } from './policy-logic.ts';
import { queryLogic, scheduledQueryLinks, scheduledRuleLogic } from './query-logic.ts';
import { ruleDraft } from './rules.ts';
import { sourceIndex } from './source-index.ts';
import { thresholdCorrelation } from './threshold.ts';

function isCorrelation(detection: unknown): boolean {
  return Array.isArray(detection) && detection.some((d) => d && typeof d === 'object' && ('Group' in d || 'Sequence' in d));
}

function inlineFilters(y: Record<string, unknown>): { condition?: Condition; reasons: string[] } {
  const filters = y.InlineFilters;
  if (!Array.isArray(filters) || filters.length === 0) return { reasons: [] };
  return translateDetection(filters);
}

/** How deep correlation rules may name other correlation rules before the catalog stops following them. */
const MAX_DEPTH = 3;

export function extractPantherLogic(rule: RuleDraft, source: SourceContext, corpus: CorpusView, depth = 0): RuleLogic {
  const doc = rule.document as PantherDocument | undefined;
  if (!doc) return noLogic('the rule file could not be read');
  const y = doc.yaml;
  if (rule.kind === 'policy') return policyLogic(rule, doc, source);
  if (doc.sql) return queryLogic(rule, doc, source, corpus);
  if (rule.kind === 'correlation_rule' || isCorrelation(y.Detection)) return correlationRuleLogic(rule, y.Detection, source, corpus, depth);
  const inline = inlineFilters(y);
  const reasons = [...inline.reasons];
  let condition: Condition | undefined;
  let outputFields: string[] = [];
  let diagnostics: RuleLogic['diagnostics'] = [];
  let noneReason: string | undefined;
  let everyEvent = false;
  let dedupKey: string | undefined;
  let mocked: MockedTree | undefined;
  if (y.Detection !== undefined) {
    const d = translateDetection(y.Detection);
    condition = d.condition;
    reasons.push(...d.reasons);
    outputFields = alertContextKeys(y.AlertContext);
  } else if (doc.python) {
    const lib = pantherLibrary(source.root, source.cache);
    const context = { file: doc.python.path, library: lib, logTypes: rule.logSource };
    const py = LANGUAGES.python.extract(doc.python.text, context);
    const python = doc.python;
    mocked = mockedTrees((mocks) => LANGUAGES.python.extract(python.text, { ...context, mocks }), inline.condition);
    condition = conditionOf(py.conjuncts);
    // The language's own reasons; its `why` (rule never matches) is said only when nothing else is.
    if (py.why === undefined) reasons.push(...py.reasons);
    outputFields = py.outputFields;
    diagnostics = py.diagnostics;
    noneReason = py.why;
    everyEvent = py.everyEvent === true;
    dedupKey = py.groupKey;
  } else return noLogic('no Python file and no Detection');
  // A scheduled rule runs on the rows of the queries it names: their filters (on their own pages) come first.
  if (rule.kind === 'scheduled_rule') reasons.push(`scheduled query: ${rule.logSource.join(', ') || 'unnamed'}`);
  // Threshold > 1: an alert needs that many matching events with one dedup string within DedupPeriodMinutes.
  const correlation = thresholdCorrelation(y, dedupKey);
  const combined = and(inline.condition, condition);
  if (!combined && rule.kind === 'scheduled_rule' && everyEvent) {
    const rows = scheduledRuleLogic(rule.logSource, reasons.filter((r) => !r.startsWith('scheduled query')), source, corpus);
    if (rows) return { ...rows, outputFields: outputFields.length ? outputFields : rows.outputFields, ...(correlation && !rows.correlation && { correlation }) };
  }
  const logic = finish(combined, reasons, noneReason, rule, { outputFields, diagnostics }, correlation, mocked);
  const queries = rule.kind === 'scheduled_rule' ? scheduledQueryLinks(rule.logSource, source, corpus) : [];
  return queries.length ? { ...logic, relatedRules: queries } : logic;
}

function finish(
  combined: Condition | undefined,
  reasons: string[],
  noneReason: string | undefined,
  rule: RuleDraft,
  extra: Pick<RuleLogic, 'outputFields' | 'diagnostics'>,
  correlation: Correlation | undefined,
  mocked?: MockedTree,
): RuleLogic {
  const { outputFields, diagnostics } = extra;
  if (!combined) return noLogic((rule.kind === 'scheduled_rule' ? reasons.find((r) => r.startsWith('scheduled query')) : undefined) ?? noneReason ?? reasons[0] ?? 'no filter conditions found', { outputFields, diagnostics, reasons: reasons.length ? reasons : [noneReason ?? 'no filter conditions found'] });
  const logic = logicFrom(combined, reasons, { outputFields, diagnostics, ...(correlation && { correlation }) });
  logic.tests = agreement(logic, rule.tests, 'alert', mocked);
  return logic;
}

/** Simple detections' AlertContext: KeyName entries. */
function alertContextKeys(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((e) => (e && typeof e === 'object' && typeof (e as Record<string, unknown>).KeyName === 'string' ? [(e as Record<string, string>).KeyName] : []));
}

/** A correlation rule: the rules it names as stages (their own logic, read from their files), and how they combine. */
function correlationRuleLogic(rule: RuleDraft, detection: unknown, source: SourceContext, corpus: CorpusView, depth: number): RuleLogic {
  const index = sourceIndex(source);
  const lookup = (ruleId: string): NamedRule | undefined => {
    const path = index.rulePaths.get(ruleId);
    if (!path) return undefined;
    const correlationRule = path.startsWith('correlation_rules/');
    return {
      logic: depth < MAX_DEPTH && !correlationRule ? namedRuleLogic(path, source, corpus, depth + 1) : undefined,
      logTypes: index.ruleLogTypes.get(ruleId) ?? [],
      catalogId: corpus.findByUpstreamId(source.name, ruleId)?.id,
      correlationRule,
    };
  };
  const shape = pantherCorrelation(detection, lookup);
  const relatedRules = correlatedRuleIds(detection).map((id) => corpus.findByUpstreamId(source.name, id)?.id ?? id);
  if (!shape) return noLogic('correlation without Group or Sequence', { relatedRules });
  const extra = { relatedRules };
  if (shape.stages.length <= 1) return correlatedLogic(and(...(shape.stages[0]?.conjuncts ?? [])), shape.reasons, extra, shape.correlation);
  const logic = correlatedLogic(undefined, shape.reasons, extra, shape.correlation, shape.stages);
  const tests = correlationAgreement(logic, rule.tests);
  return tests ? { ...logic, tests } : logic;
}

/** The logic of the rule in another file, as its own page shows it (read once per source). */
function namedRuleLogic(path: string, source: SourceContext, corpus: CorpusView, depth: number): RuleLogic | undefined {
  const key = `panther:named-logic:${path}`;
  if (source.cache.has(key)) return source.cache.get(key) as RuleLogic | undefined;
  let logic: RuleLogic | undefined;
  try {
    const text = readFileSync(join(source.root, path), 'utf8');
    const y = parseDocument(text, { uniqueKeys: false }).toJS() as Record<string, unknown>;
    const kind = typeof y?.AnalysisType === 'string' ? y.AnalysisType : 'rule';
    logic = extractPantherLogic(ruleDraft(path, text, y, kind, source), source, corpus, depth);
  } catch {
    logic = undefined; // the file has its own page, with its own error
  }
  source.cache.set(key, logic);
  return logic;
}
