/**
 * The one place where positions move from the query into the rule file. Languages place leaves (`loc`) and
 * diagnostics in the query text they were given; the format knows where that text sits in its file and says so
 * with a `QueryPlacement`; `placeInFile` rebases every leaf of every stage and every diagnostic.
 */
import type { Diagnostic } from '../diagnostics.ts';
import { mapConditions, mapLeaves } from './tree.ts';
import type { Condition, RuleLogic, SourceLocation } from './types.ts';

/**
 * Where a query starts in its file.
 * - `line`: the file line of the query's first line;
 * - `column`: the file column of the query's first character (undefined when unknown: columns on the query's first
 *   line are then dropped rather than guessed);
 * - `indent`: columns the file has before every later line of the query (a YAML block scalar's indentation).
 * A query whose text is not the file's characters one for one (a folded or quoted YAML scalar) gives `map`
 * instead: the file position of each query position.
 */
export type QueryPlacement = { line: number; column?: number; indent?: number } | { map: (at: SourceLocation) => SourceLocation };

/** The query itself: positions in the query are positions in the file (a Sigma or Python rule file). */
export const WHOLE_FILE: QueryPlacement = { line: 1, column: 1 };

/** The file position of one query position. */
export function placePosition(at: SourceLocation, placement: QueryPlacement): SourceLocation {
  if ('map' in placement) return placement.map(at);
  const line = placement.line + at.line - 1;
  if (at.column === undefined) return { line };
  if (at.line === 1) return placement.column === undefined ? { line } : { line, column: placement.column + at.column - 1 };
  return { line, column: at.column + (placement.indent ?? 0) };
}

function placeCondition(c: Condition, placement: QueryPlacement): Condition {
  return mapLeaves(c, (l) => (l.loc ? { ...l, loc: placePosition(l.loc, placement) } : l));
}

function placeDiagnostic(d: Diagnostic, placement: QueryPlacement): Diagnostic {
  if (d.line === undefined) return d;
  const at = placePosition({ line: d.line, column: d.column }, placement);
  return { ...d, line: at.line, column: at.column };
}

/** The logic with its leaves and diagnostics placed in the file (the identity for WHOLE_FILE). */
export function placeInFile<T extends Pick<RuleLogic, 'conjuncts' | 'stages' | 'diagnostics'>>(logic: T, placement: QueryPlacement): T {
  if (placement === WHOLE_FILE) return logic;
  const placed = mapConditions(logic, (c) => placeCondition(c, placement));
  return { ...placed, diagnostics: logic.diagnostics.map((d) => placeDiagnostic(d, placement)) };
}

/** Line starts of a text, to turn a line and column back into an offset. */
export function offsetOf(text: string): (at: SourceLocation) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (at) => (starts[Math.min(at.line, starts.length) - 1] ?? 0) + (at.column ?? 1) - 1;
}
