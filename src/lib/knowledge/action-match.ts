/**
 * Whether a rule's conditions can match a given action value: the tree is evaluated in three-valued logic where
 * leaves on the action field are decided by the candidate value and every other leaf is unknown. A rule watches
 * an action when some positive action leaf names or matches it and the whole tree is not false for it, so that
 * `eventName startswith "MICROSOFT.NETWORK/DNSZONES" and eventName endswith "/WRITE"` needs both, and
 * `eventName in [A, B] and not eventName eq "B"` watches A only.
 */
import type { Condition, Leaf } from '../logic/types.ts';
import type { CanonicalField } from './canonical-table.ts';
import { simplifyWildcard, valueText } from './indicators.ts';

/** An action value: its key (case-folded where the field is case-insensitive) and its spelling. */
export interface Candidate {
  key: string;
  spelling: string;
}

type Test = (c: Candidate) => boolean;
const FALSE = 0;
const TRUE = 1;
const UNKNOWN = 2;
type Tri = typeof FALSE | typeof TRUE | typeof UNKNOWN;

export interface RuleMatcher {
  /** Positive eq / in values: key → spelling as the rule writes it. */
  concrete: Map<string, string>;
  /** True when a positive action leaf is a pattern (contains, startswith, wildcard, regex...). */
  hasPatterns: boolean;
  watches(c: Candidate): boolean;
}

function literalCount(text: string): number {
  return (text.match(/[A-Za-z0-9]/g) ?? []).length;
}

function escapeRegex(text: string): string {
  return text.replace(/[.+^${}()|[\]\\]/g, '\\$&');
}

/** A pattern as a regex test; undefined when it says nothing about the action (fewer than 3 letters or digits). */
function patternRegex(kind: string, value: string, caseSensitive: boolean): RegExp | undefined {
  if (literalCount(kind === 'regex' ? value.replace(/\\./g, '') : value) < 3) return undefined;
  let source: string;
  if (kind === 'regex') source = value;
  else if (kind === 'wildcard') source = `^${escapeRegex(value).replace(/\*/g, '.*').replace(/\?/g, '.')}$`;
  else if (kind === 'startswith') source = `^${escapeRegex(value)}`;
  else if (kind === 'endswith') source = `${escapeRegex(value)}$`;
  else source = escapeRegex(value);
  try {
    return new RegExp(source, caseSensitive ? '' : 'i');
  } catch {
    return undefined;
  }
}

const PATTERN_KINDS = new Set(['contains', 'startswith', 'endswith', 'wildcard', 'regex']);

export interface CompiledLeaf {
  test?: Test;
  /** Eq-like values (key → spelling) when the leaf names actions exactly. */
  exact?: Map<string, string>;
  pattern: boolean;
}

/** A leaf on a field whose values are candidates (the action field, or the service field for pair-match.ts). */
export function compileLeaf(leaf: Leaf, field: CanonicalField): CompiledLeaf {
  const fold = (s: string) => (field.caseInsensitive ? s.toLowerCase() : s);
  if (leaf.kind === 'is_null') return { test: () => false, pattern: false };
  if (leaf.kind === 'is_not_null') return { test: () => true, pattern: false };
  const exact = new Map<string, string>();
  const regexes: RegExp[] = [];
  let vague = false;
  for (const raw of leaf.values) {
    const simple = simplifyWildcard(leaf.kind === 'in' ? 'eq' : leaf.kind, valueText(raw).trim());
    if (!simple.value) continue;
    if (simple.kind === 'eq' || simple.kind === 'ne') exact.set(fold(simple.value), simple.value);
    else if (PATTERN_KINDS.has(simple.kind)) {
      const re = patternRegex(simple.kind, simple.value, leaf.caseSensitive === true);
      if (re) regexes.push(re);
      else vague = true;
    } else vague = true;
  }
  if (leaf.kind === 'ne') return { test: (c) => !exact.has(c.key), pattern: false };
  if (vague && !exact.size && !regexes.length) return { pattern: false };
  const any: Test = (c) => exact.has(c.key) || regexes.some((re) => re.test(c.spelling));
  const all: Test = (c) => regexes.every((re) => re.test(c.spelling)) && [...exact.keys()].every((k) => k === c.key);
  return { test: leaf.all ? all : any, exact: regexes.length ? undefined : exact, pattern: regexes.length > 0 };
}

/**
 * Compiles a rule's conditions against its platform's action field; `actionField` resolves a leaf to the
 * canonical action field (undefined for leaves on other fields). Undefined when no positive leaf names an action.
 */
export function compileRule(conjuncts: Condition[], actionField: (leaf: Leaf) => CanonicalField | undefined): RuleMatcher | undefined {
  const compiled = new Map<Leaf, CompiledLeaf>();
  const positives: Test[] = [];
  const concrete = new Map<string, string>();
  let hasPatterns = false;
  const visit = (c: Condition, negated: boolean) => {
    if (c.type === 'leaf') {
      const field = actionField(c);
      if (!field) return;
      const leaf = compileLeaf(c, field);
      compiled.set(c, leaf);
      if (negated || !leaf.test || c.kind === 'ne' || c.kind === 'is_not_null' || c.kind === 'is_null') return;
      positives.push(leaf.test);
      if (leaf.exact) for (const [k, s] of leaf.exact) concrete.set(k, s);
      if (leaf.pattern) hasPatterns = true;
    } else if (c.type === 'not') visit(c.child, !negated);
    else if (c.type === 'scope') visit(c.child, negated);
    else for (const child of c.children) visit(child, negated);
  };
  for (const c of conjuncts) visit(c, false);
  if (!positives.length) return undefined;

  const evaluate = (c: Condition, v: Candidate): Tri => {
    switch (c.type) {
      case 'leaf': {
        const test = compiled.get(c)?.test;
        return test ? (test(v) ? TRUE : FALSE) : UNKNOWN;
      }
      case 'scope':
        return UNKNOWN;
      case 'not': {
        const r = evaluate(c.child, v);
        return r === UNKNOWN ? UNKNOWN : r === TRUE ? FALSE : TRUE;
      }
      case 'and': {
        let result: Tri = TRUE;
        for (const child of c.children) {
          const r = evaluate(child, v);
          if (r === FALSE) return FALSE;
          if (r === UNKNOWN) result = UNKNOWN;
        }
        return result;
      }
      case 'or': {
        let result: Tri = FALSE;
        for (const child of c.children) {
          const r = evaluate(child, v);
          if (r === TRUE) return TRUE;
          if (r === UNKNOWN) result = UNKNOWN;
        }
        return result;
      }
    }
  };
  return {
    concrete,
    hasPatterns,
    watches: (v) => positives.some((t) => t(v)) && conjuncts.every((c) => evaluate(c, v) !== FALSE),
  };
}

/** One matcher over several stages' filters: it watches what any stage watches. */
export function compileStages(stages: Condition[][], actionField: (leaf: Leaf) => CanonicalField | undefined): RuleMatcher | undefined {
  const matchers = stages.map((conjuncts) => compileRule(conjuncts, actionField)).filter((m): m is RuleMatcher => !!m);
  if (matchers.length <= 1) return matchers[0];
  return {
    concrete: new Map(matchers.flatMap((m) => [...m.concrete])),
    hasPatterns: matchers.some((m) => m.hasPatterns),
    watches: (v) => matchers.some((m) => m.watches(v)),
  };
}
