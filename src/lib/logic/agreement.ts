/** Agreement of an extracted tree with cases that say whether the rule fires (a rule's own tests, sample events). */
import type { TestAgreement } from './types.ts';

export interface Verdict {
  name: string;
  /** Whether the tree fires on the case; undefined when that rests on a computed value the catalog does not run. */
  alerts: boolean | undefined;
  /** Whether the rule fires on it, per its test. */
  expected: boolean;
}

/** Counts verdicts against expectations; an undecided verdict is named and never counts as agreement. */
export function agreementOf(verdicts: Verdict[]): TestAgreement {
  const disagreeing = verdicts.filter((v) => v.alerts !== v.expected).map((v) => v.name);
  const undecided = verdicts.filter((v) => v.alerts === undefined).map((v) => v.name);
  return { cases: verdicts.length, agree: verdicts.length - disagreeing.length, disagreeing, ...(undecided.length && { undecided }) };
}
