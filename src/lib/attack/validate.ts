/** Tactics a rule states, checked against ATT&CK: free-text fields mix in words that are no tactic at all. */
import { resolveTactic } from './index.ts';

/**
 * Splits stated tactics into those ATT&CK knows (by ID, shortname or name, as written) and the other words
 * (Chronicle `mitre = "execution, powershell, t1086"` states "powershell", which is a tool, not a tactic).
 */
export function partitionTactics(stated: string[]): { known: string[]; unknown: string[] } {
  const known: string[] = [];
  const unknown: string[] = [];
  for (const t of stated) (resolveTactic(t) ? known : unknown).push(t);
  return { known, unknown };
}
