/** Panther rules (rule, scheduled_rule, correlation_rule): RuleID, LogTypes or ScheduledQueries, Python or Detection. */
import { normalizeSeverity } from '../../definitions.ts';
import { warning } from '../../diagnostics.ts';
import type { RuleDraft } from '../../model.ts';
import { asString, asStringList, fileStem } from '../common.ts';
import type { SourceContext } from '../types.ts';
import { correlatedRuleIds } from './correlation.ts';
import { commonFields, filesOf } from './document.ts';
import { platformOf, refinePlatform } from './log-platforms.ts';
import { sourceIndex } from './source-index.ts';

export function ruleDraft(relPath: string, text: string, y: Record<string, unknown>, kind: string, source: SourceContext): RuleDraft {
  const { files, document, diagnostics } = filesOf(relPath, text, y, source);
  const ruleId = asString(y.RuleID);
  if (!ruleId) diagnostics.push(warning(relPath, 'missing-rule-id', 'the rule has no RuleID', 1));
  const title = asString(y.DisplayName) ?? ruleId ?? fileStem(relPath);
  if (!asString(y.DisplayName)) diagnostics.push(warning(relPath, 'missing-title', 'no DisplayName: the RuleID is the title', 1));
  if (!asString(y.Filename) && !y.Detection && kind !== 'correlation_rule') {
    diagnostics.push(warning(relPath, 'missing-python', 'the rule has neither a Filename nor a Detection', 1));
  }
  const logSource = asStringList(y.LogTypes ?? y.ScheduledQueries);
  const severity = asString(y.Severity);
  return {
    ...commonFields(y, title),
    upstreamId: ruleId,
    slugBase: ruleId ?? title,
    title,
    severity: { original: severity, normalized: normalizeSeverity(severity) },
    kind,
    logSource,
    logPlatform: refinePlatform(rulePlatform(y, logSource, source), document.python?.text) ?? (kind === 'correlation_rule' || y.Detection ? correlationPlatform(y, source) : undefined),
    files,
    query: document.python ? { language: 'python', text: document.python.text } : undefined,
    diagnostics,
    document,
  };
}

/** LogTypes map directly; a scheduled rule reads the platform of the queries it names (their tables). */
function rulePlatform(y: Record<string, unknown>, logSource: string[], source: SourceContext): string | undefined {
  if (y.LogTypes) return platformOf(logSource);
  const queries = sourceIndex(source).queries;
  for (const name of logSource) {
    const p = queries.get(name)?.platform;
    if (p) return p;
  }
  return platformOf(logSource);
}

/** A correlation rule has no LogTypes: it takes the platform of the first rule it combines that has one. */
function correlationPlatform(y: Record<string, unknown>, source: SourceContext): string | undefined {
  const index = sourceIndex(source).ruleLogTypes;
  for (const id of correlatedRuleIds(y.Detection)) {
    const p = platformOf(index.get(id) ?? []);
    if (p) return p;
  }
  return undefined;
}
