/**
 * Groups of a regex match object: `m = re.match(p, x)` is a test (its truth is whether p matches) that also
 * remembers what it matched, so that `m.group("name")`, `m.group(1)` and `m[1]` read as the computed value
 * "capture group of p in x" (derive step `capture`).
 */
import { withStep, asDerived, type Derived } from './derived.ts';
import type { C } from './conditions.ts';
import type { PyVal, Sym } from './values.ts';

export type MatchOf = NonNullable<Extract<Sym, { k: 'cond' }>['match']>;

/** What a match object remembers: the pattern as anchored by match/fullmatch, with `(?i)` for IGNORECASE. */
export function matchOf(pattern: string, ignoreCase: boolean, how: string, subject: Sym): MatchOf | undefined {
  const d = subject.k === 'field' || subject.k === 'derived' || subject.k === 'part' ? asDerived(subject) : undefined;
  if (!d) return undefined;
  const flagged = ignoreCase && !/^\(\?[aiLmsux]*i/.test(pattern) ? `(?i)${pattern}` : pattern;
  return { pattern: flagged, how, of: d };
}

/**
 * `m.group(g)` / `m[g]` of one group (none: the whole match): the group where the pattern matched; where it did not,
 * m is None and the call raises (no alert). Undefined for several groups or a computed one.
 */
export function matchGroup(m: MatchOf, matched: C, args: Sym[]): Sym | undefined {
  const d = groupOf(m, args);
  return d && { k: 'ite', c: matched, a: d, b: { k: 'error', reason: 'AttributeError' } };
}

function groupOf(m: MatchOf, args: Sym[]): Derived | undefined {
  if (args.length > 1) return undefined;
  const g: PyVal = args.length ? (args[0].k === 'const' ? args[0].v : undefined) ?? null : 0;
  if (!(typeof g === 'string' || (typeof g === 'number' && Number.isInteger(g) && g >= 0))) return undefined;
  const d = m.of as Derived;
  return withStep(d, { fn: 'capture', args: [m.pattern, g] }, `re.${m.how}(${JSON.stringify(m.pattern)}, ${d.text}).group(${JSON.stringify(g)})`, `re.${m.how}`);
}
