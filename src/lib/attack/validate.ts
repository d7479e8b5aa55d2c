/** Tactics a rule states, checked against ATT&CK: free-text fields mix in words that are no tactic at all. */
import { resolveTactic, tacticNames } from './index.ts';

export interface TacticPartition {
  known: string[];
  unknown: string[];
  /** Misspellings read as the tactic they are one letter away from ("CredentialAccesss" as "CredentialAccess"). */
  corrected: { stated: string; read: string }[];
}

/**
 * Splits stated tactics into those ATT&CK knows (by ID, shortname or name, as written) and the other words
 * (Chronicle `mitre = "execution, powershell, t1086"` states "powershell", which is a tool, not a tactic). A word
 * one edit away from a tactic's name (a typo upstream) is read as that tactic, and said so.
 */
export function partitionTactics(stated: string[]): TacticPartition {
  const out: TacticPartition = { known: [], unknown: [], corrected: [] };
  for (const t of stated) {
    if (resolveTactic(t)) {
      out.known.push(t);
      continue;
    }
    const near = nearTactic(t);
    if (near) {
      out.known.push(near);
      out.corrected.push({ stated: t, read: near });
    } else out.unknown.push(t);
  }
  return out;
}

const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The tactic name one insertion, deletion or substitution away, when exactly one is (names of 8+ letters only). */
function nearTactic(stated: string): string | undefined {
  const word = squash(stated);
  if (word.length < 8) return undefined;
  const hits = new Set(tacticNames().filter((name) => withinOneEdit(word, squash(name))).map((name) => resolveTactic(name)?.name));
  return hits.size === 1 ? [...hits][0] : undefined;
}

function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (b.length > a.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}
