/**
 * Where each condition line of a rule page starts in the rule's source view: leaf positions are lines of the
 * rule's first file (logic/positions.ts), whose lines the page anchors (highlight `fileLineIds(0)`).
 */
import { fileLineIds } from '../highlight/index.ts';
import { leavesOf } from '../logic/tree.ts';
import type { Condition } from '../logic/types.ts';

export interface SourceLink {
  /** 1-based line of the rule file. */
  line: number;
  href: string;
}

/**
 * One link per top-level conjunct (the page's condition lines): the first file line any of its leaves is on.
 * None for a conjunct without positions (Elastic filter pills, a rule borrowed from another file) or on a line
 * the page does not show (`shownText` is the first file as shown, maybe only its beginning).
 */
export function sourceLinks(conjuncts: Condition[], shownText: string | undefined): (SourceLink | undefined)[] {
  const shownLines = shownText === undefined ? 0 : shownText.split('\n').length;
  return conjuncts.map((c) => {
    const lines = leavesOf(c).flatMap((l) => (l.loc ? [l.loc.line] : []));
    if (!lines.length) return undefined;
    const line = Math.min(...lines);
    return line >= 1 && line <= shownLines ? { line, href: `#${fileLineIds(0)}${line}` } : undefined;
  });
}
