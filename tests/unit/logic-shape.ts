/** A rule's stages and correlation as lines, for golden tests that compare the whole shape by value. */
import { correlationSentence, stageLabel } from '../../src/lib/logic/correlation-text.ts';
import { renderConjuncts } from '../../src/lib/logic/render.ts';
import { logicStages } from '../../src/lib/logic/tree.ts';
import type { RuleLogic } from '../../src/lib/logic/types.ts';

/**
 * Each stage as its page label then its conjuncts (indented) and own reasons, then the correlation's sentence
 * and parts: what a reader of the rule page sees, as text.
 */
export function shapeLines(logic: RuleLogic): string[] {
  const stages = logicStages(logic);
  const lines = stages.flatMap((s, i) => [
    `${stageLabel(s, i, stages.length)}:`,
    ...renderConjuncts(s.conjuncts).map((l) => `  ${l}`),
    ...(s.reasons ?? []).map((r) => `  reason: ${r}`),
  ]);
  const c = logic.correlation;
  if (!c) return lines;
  return [
    ...lines,
    `> ${correlationSentence(c, stages)}`,
    `kind: ${c.kind}`,
    ...(c.by.length ? [`by: ${c.by.join(', ')}`] : []),
    ...(c.window ? [`window: ${c.window}`] : []),
    ...(c.ordered !== undefined ? [`ordered: ${c.ordered}`] : []),
    ...(c.condition ? [`condition: ${c.condition}`] : []),
    ...(c.detail ? [`detail: ${c.detail}`] : []),
  ];
}
