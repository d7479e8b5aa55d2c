/** MQL `N of (a, b, c)` stated with and/or: at least N of the conditions hold. */
import { and, or } from '../../logic/tree.ts';
import type { Condition } from '../../logic/types.ts';

/**
 * Beyond this many N-combinations the or of them no longer reads as the rule does (3 of 8 would be 56
 * conjunctions): the caller keeps the threshold as a reason. 2 of 3, 2 of 4 and 3 of 4 stay within it.
 */
export const MAX_COMBINATIONS = 6;

function binomial(m: number, n: number): number {
  let r = 1;
  for (let i = 1; i <= n; i++) r = (r * (m - n + i)) / i;
  return r;
}

function combinations<T>(items: T[], n: number): T[][] {
  if (n === 0) return [[]];
  const out: T[][] = [];
  for (let i = 0; i + n <= items.length; i++) {
    for (const rest of combinations(items.slice(i + 1), n - 1)) out.push([items[i], ...rest]);
  }
  return out;
}

/**
 * At least `n` of `items` as an or of ands, in the rule's order ((a and b) or (a and c) or (b and c)); undefined
 * when that takes more than MAX_COMBINATIONS terms or a condition could not be read (the count would be wrong).
 */
export function atLeast(n: number, items: (Condition | undefined)[]): Condition | undefined {
  if (items.some((i) => i === undefined) || binomial(items.length, n) > MAX_COMBINATIONS) return undefined;
  return or(...combinations(items as Condition[], n).map((c) => and(...c)));
}
