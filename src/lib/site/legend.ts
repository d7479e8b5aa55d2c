/** The short legend under a rule's condition: what the operator marks on this page mean, only those it uses. */
import { leafOperator } from '../logic/render.ts';
import { leavesOf } from '../logic/tree.ts';
import type { Condition, Scope } from '../logic/types.ts';

export interface LegendEntry {
  mark: string;
  meaning: string;
}

/** What the page's tree holds beyond plain field comparisons: computed values (all runnable, or some not), other fields. */
interface TreeMarks {
  computed: boolean;
  /** Some computed value has no derivation the evaluator runs (a classifier, an unknown function). */
  opaque: boolean;
  otherField: boolean;
  /** Some path inside a scope reads what the scope stands on (`^.x`). */
  outer: boolean;
  otherOfEvent: boolean;
}

const MEANINGS: [mark: string, meaning: string, applies: (ops: Set<string>, text: string, tree: TreeMarks) => boolean][] = [
  ['~', 'case-insensitive: eq~ "Admin" also matches "admin"; an operator without ~ compares case-sensitively', (ops) => [...ops].some((o) => o.endsWith('~'))],
  ['has', 'contains the value as a whole term (word), not as any substring: has "net" does not match "netsh"', (ops) => [...ops].some((o) => o.startsWith('has'))],
  ['contains', 'contains the value anywhere, as a substring', (ops) => [...ops].some((o) => o.startsWith('contains'))],
  ['match', 'full-text match: the value is analysed into words and any of them matching is enough', (ops) => [...ops].some((o) => o.startsWith('match'))],
  ['wildcard', '* stands for any text, ? for one character', (ops) => [...ops].some((o) => o.startsWith('wildcard'))],
  ['is_null', 'the field is missing or null', (ops) => ops.has('is_null') || ops.has('is_not_null')],
  ['is_empty', 'the field is missing, null or the empty string', (ops) => ops.has('is_empty') || ops.has('is_not_empty')],
  ['any field (…)', 'one element of the list field satisfies all the conditions in parentheses together', (_ops, text) => /\b(any|all) \S+ \(/.test(text)],
  ['^.', 'inside any/all (…): ^.x reads x of what the enclosing any/all stands on (the outer element, or the event), not of the element: RuleNumber lt field ^.RuleNumber compares two elements', (_ops, _text, tree) => tree.outer],
  ['eq field', 'compares with another field of the same event, not with a written value: process.name eq field process.parent.name', (_ops, _text, tree) => tree.otherField],
  ['event field', 'inside any … (…): compares the element with a field of the whole event, not of the element', (_ops, _text, tree) => tree.otherOfEvent],
  [
    'f(…)',
    'a value the rule computes (a split part, a length, a type test...): shown as the rule writes it; the catalog runs the same computation when it checks sample events',
    (_ops, _text, tree) => tree.computed && !tree.opaque,
  ],
  [
    'f(…)',
    'a value the rule computes (a function, a classifier): shown as the rule writes it; the catalog runs the computations it knows (split parts, lengths, types, case) and cannot judge a sample event on the others',
    (_ops, _text, tree) => tree.opaque,
  ],
  ['"\\\\"', 'values in the condition are quoted JSON-style: \\\\ is one backslash, \\" a quote; the tables show values unescaped', (_ops, text) => text.includes('\\\\') || text.includes('\\"')],
];

/** Legend entries for the marks the given conditions use when rendered with marks. */
export function legendFor(conditions: Condition[], text: string): LegendEntry[] {
  const leaves = conditions.flatMap(leavesOf);
  const ops = new Set(leaves.map((l) => leafOperator(l, { marks: true })));
  const computedLeaves = leaves.filter((l) => l.computed?.length);
  const scopes = conditions.flatMap(computedScopes);
  const tree: TreeMarks = {
    computed: computedLeaves.length > 0 || scopes.length > 0,
    opaque: [...computedLeaves, ...scopes].some((c) => !c.derive),
    otherField: leaves.some((l) => l.otherField !== undefined),
    outer: conditions.some(readsOutside),
    otherOfEvent: leaves.some((l) => l.otherOfEvent === true),
  };
  return MEANINGS.filter(([, , applies]) => applies(ops, text, tree)).map(([mark, meaning]) => ({ mark, meaning }));
}

const climbs = (path: string | undefined) => path?.startsWith('^.') ?? false;

function readsOutside(c: Condition): boolean {
  if (c.type === 'leaf') return climbs(c.field) || climbs(c.otherField) || climbs(c.derive?.from) || climbs(c.otherDerive?.from);
  if (c.type === 'scope') return climbs(c.field) || readsOutside(c.child);
  return c.type === 'not' ? readsOutside(c.child) : c.children.some(readsOutside);
}

function computedScopes(c: Condition): Scope[] {
  if (c.type === 'scope') return [...(c.computed?.length ? [c] : []), ...computedScopes(c.child)];
  if (c.type === 'not') return computedScopes(c.child);
  return c.type === 'leaf' ? [] : c.children.flatMap(computedScopes);
}

