/** Agreement of an extracted tree with a Panther entry's own tests. */
import { evaluateConjuncts } from '../../logic/evaluate.ts';
import type { RuleLogic, TestAgreement } from '../../logic/types.ts';
import type { RuleTest } from '../../model.ts';

/**
 * Runs the extracted tree on each test's Log (a policy's Resource) and compares with ExpectedResult. A rule's
 * ExpectedResult is whether it alerts; a policy's is whether it passes, so a policy agrees when its tree (what
 * it alerts on) does not match a passing resource.
 */
export function agreement(logic: RuleLogic, tests: RuleTest[], expectedMeans: 'alert' | 'pass' = 'alert'): TestAgreement | undefined {
  const runnable = tests.filter((t) => t.log && typeof t.log === 'object');
  if (runnable.length === 0 || logic.conjuncts.length === 0) return undefined;
  const disagreeing: string[] = [];
  for (const t of runnable) {
    const alerts = evaluateConjuncts(logic.conjuncts, t.log, { nullness: 'python', caseInsensitiveKeys: true, parseJsonStrings: true });
    if (alerts !== (expectedMeans === 'alert' ? t.expected : !t.expected)) disagreeing.push(t.name);
  }
  return { cases: runnable.length, agree: runnable.length - disagreeing.length, disagreeing };
}
