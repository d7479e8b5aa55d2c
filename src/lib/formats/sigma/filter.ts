/**
 * Sigma meta filters (`filter:` with `rules`, selections and a condition): conditions added to other rules,
 * usually `not selection` to suppress known-good events. Their tree is their own condition; they relate to
 * the rules they apply to.
 */
import { logicFrom, noLogic, uniq } from '../../logic/tree.ts';
import type { RuleLogic } from '../../logic/types.ts';
import type { CorpusView } from '../types.ts';
import type { SigmaDocument } from '../../languages/sigma/document.ts';
import { detectionTree } from '../../languages/sigma/extract.ts';

function asList(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

export function extractFilterLogic(doc: SigmaDocument, sourceName: string, corpus: CorpusView): RuleLogic {
  const filter = (doc.data.filter ?? {}) as Record<string, unknown>;
  const { rules, ...detection } = filter;
  const relatedRules = uniq(asList(rules).map((ref) => corpus.findByUpstreamId(sourceName, ref)?.id ?? ref));
  const result = detectionTree({ ...doc, data: { detection }, lines: {}, detectionText: undefined });
  if (!result.condition) return noLogic(result.reasons[0] ?? 'no filter conditions found', { diagnostics: result.diagnostics, relatedRules });
  return logicFrom(result.condition, result.reasons, { diagnostics: result.diagnostics, relatedRules });
}
