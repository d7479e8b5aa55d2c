/** Logic results of rules that act across events: joined stages, or one stage with an aggregation. */
import { logicFrom } from './tree.ts';
import type { Condition, Correlation, RuleLogic, Stage } from './types.ts';

/**
 * The logic of a rule with a correlation: `stages` when it has several (conjuncts then stay empty), else the one
 * stage's `condition`. A correlation over every event of its source (no filter, `count > 100`) is still a whole
 * rule: it is full or partial by its reasons, where a rule with nothing at all would be none.
 */
export function correlatedLogic(
  condition: Condition | undefined,
  reasons: string[],
  extra: Partial<RuleLogic>,
  correlation: Correlation | undefined,
  stages?: Stage[],
): RuleLogic {
  if (!correlation) return logicFrom(condition, reasons, extra);
  const unique = [...new Set(reasons)];
  const status = unique.length ? 'partial' : 'full';
  if (stages) return { status, conjuncts: [], reasons: unique, outputFields: [], diagnostics: [], ...extra, stages, correlation };
  if (condition) return logicFrom(condition, reasons, { ...extra, correlation });
  return { status, conjuncts: [], reasons: unique, outputFields: [], diagnostics: [], ...extra, correlation };
}
