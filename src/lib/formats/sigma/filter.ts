/**
 * Sigma meta filters (`filter:` with `rules`, selections and a condition): conditions added to other rules,
 * usually `not selection` to suppress known-good events. Their tree is their own condition; they relate to
 * the rules they apply to.
 */
import { LANGUAGES } from '../../languages/index.ts';
import { allConjuncts, noLogic, uniq } from '../../logic/tree.ts';
import type { RuleLogic } from '../../logic/types.ts';
import type { CorpusView } from '../types.ts';
import type { SigmaDocument } from '../../languages/sigma/document.ts';

function asList(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

export function extractFilterLogic(doc: SigmaDocument, sourceName: string, corpus: CorpusView): RuleLogic {
  const filter = (doc.data.filter ?? {}) as Record<string, unknown>;
  const { rules, ...detection } = filter;
  const relatedRules = uniq(asList(rules).map((ref) => corpus.findByUpstreamId(sourceName, ref)?.id ?? ref));
  // The filter's detection read as a rule's: it has no line index (its lines are under `filter:`).
  const logic = LANGUAGES.sigma.extract('', { file: doc.file, document: { ...doc, data: { detection }, lines: {}, detectionText: undefined } });
  if (!allConjuncts(logic).length) return noLogic(logic.reasons[0], { diagnostics: logic.diagnostics, relatedRules });
  return { ...logic, relatedRules };
}
