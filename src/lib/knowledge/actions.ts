/**
 * Which actions (API calls, operations, event IDs) each rule watches, per log platform.
 *
 * A rule watches an action when a positive leaf (not under a negation, so never an exclusion) on the platform's
 * action field (content/canonical-fields.yaml `action:`) names or matches it, and the rule's whole condition can
 * still hold for it (action-match.ts: other fields unknown, negated action leaves respected):
 * - eq / in (and wildcards without wildcard characters): each value is an action;
 * - contains / startswith / endswith / wildcard / regex are patterns: they watch the concrete actions that some
 *   rule on the same platform names with eq / in and that the pattern matches (case-insensitively unless the leaf
 *   is case-sensitive; regexes unanchored, as most of the languages search). Patterns with fewer than three
 *   literal letters or digits (`*`, `.*`) say nothing about the action; a rule whose patterns match more than
 *   MAX_PATTERN_ACTIONS known actions watches a family (Describe*, Create*), not an action: no link through them.
 * Action identity follows the field's case rule: case-insensitive fields meet on the lower-cased value; the page
 * shows the most frequent spelling (ties: the smallest in code-point order).
 */
import { createHash } from 'node:crypto';
import type { Rule } from '../model.ts';
import type { Condition, Leaf } from '../logic/types.ts';
import { allConjuncts, logicStages } from '../logic/tree.ts';
import { compileStages, type RuleMatcher } from './action-match.ts';
import { platformSlug } from '../platforms.ts';
import type { CanonicalTable } from './canonical-table.ts';

export interface ActionEntry {
  platform: string;
  /** Canonical action field of the platform (eventName, EventID...). */
  field: string;
  /** The action as rules most often write it. */
  action: string;
  slug: string;
  url: string;
  /** Indices (into the rules array) of rules naming the action, ascending. */
  rules: number[];
  /** Subset of `rules` that only match it through a pattern. */
  byPattern: Set<number>;
}

/** Positive leaves of a rule: those under an even number of negations. */
export function positiveLeaves(conjuncts: Condition[]): Leaf[] {
  const out: Leaf[] = [];
  const walk = (c: Condition, negated: boolean) => {
    if (c.type === 'leaf') {
      if (!negated) out.push(c);
    } else if (c.type === 'not') walk(c.child, !negated);
    else if (c.type === 'scope') walk(c.child, negated);
    else for (const child of c.children) walk(child, negated);
  };
  for (const c of conjuncts) walk(c, false);
  return out;
}

/** Deterministic URL-safe slug of an action; the caller adds a hash when two actions of a platform collide. */
export function actionSlug(action: string): string {
  const slug = action
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9._~-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  return slug || 'action';
}

function shortHash(text: string): string {
  return createHash('sha1').update(text).digest('hex').slice(0, 6);
}

interface Building {
  spellings: Map<string, number>;
  rules: Set<number>;
  byPattern: Set<number>;
}

function mostFrequent(spellings: Map<string, number>): string {
  let best = '';
  let n = -1;
  for (const [s, c] of spellings) if (c > n || (c === n && s < best)) [best, n] = [s, c];
  return best;
}

export interface ActionIndex {
  /** Platform → action key → entry. */
  byPlatform: Map<string, Map<string, ActionEntry>>;
  /** Rule index → its entries. */
  ofRule: Map<number, ActionEntry[]>;
}

/** A pattern matching more known actions than this names a family of actions, not an action: it links nothing. */
export const MAX_PATTERN_ACTIONS = 20;

export function buildActionIndex(rules: Rule[], table: CanonicalTable): ActionIndex {
  const building = new Map<string, Map<string, Building>>();
  const fieldOf = new Map<string, string>();
  const matchers: { rule: number; platform: string; matcher: RuleMatcher }[] = [];
  rules.forEach((rule, i) => {
    const platform = rule.logPlatform;
    if (!platform || !rule.logic || !allConjuncts(rule.logic).length) return;
    const action = table.actionOf(platform);
    if (!action) return;
    fieldOf.set(platform, action.canonical);
    // Each stage is its own event filter: a sequence watches an action when any of its stages does.
    const matcher = compileStages(logicStages(rule.logic).map((s) => s.conjuncts), (leaf) => {
      const resolved = table.resolve(rule.vendor, platform, leaf.field);
      return resolved && resolved.group === action.group && resolved.canonical === action.canonical ? resolved : undefined;
    });
    if (!matcher) return;
    matchers.push({ rule: i, platform, matcher });
    let platformMap = building.get(platform);
    if (!platformMap) building.set(platform, (platformMap = new Map()));
    for (const [key, spelling] of matcher.concrete) {
      let b = platformMap.get(key);
      if (!b) platformMap.set(key, (b = { spellings: new Map(), rules: new Set(), byPattern: new Set() }));
      b.spellings.set(spelling, (b.spellings.get(spelling) ?? 0) + 1);
    }
  });
  for (const { rule, platform, matcher } of matchers) {
    const actions = building.get(platform)!;
    for (const key of matcher.concrete.keys()) {
      const b = actions.get(key)!;
      if (matcher.watches({ key, spelling: mostFrequent(b.spellings) })) b.rules.add(rule);
    }
    if (!matcher.hasPatterns) continue;
    const matched: Building[] = [];
    for (const [key, b] of actions) {
      if (matcher.concrete.has(key)) continue;
      if (matcher.watches({ key, spelling: mostFrequent(b.spellings) })) matched.push(b);
      if (matched.length > MAX_PATTERN_ACTIONS) break;
    }
    if (matched.length > MAX_PATTERN_ACTIONS) continue;
    for (const b of matched) {
      b.rules.add(rule);
      b.byPattern.add(rule);
    }
  }
  for (const actions of building.values()) for (const [key, b] of actions) if (!b.rules.size) actions.delete(key);
    return finish(building, fieldOf);
}

function finish(building: Map<string, Map<string, Building>>, fieldOf: Map<string, string>): ActionIndex {
  const byPlatform = new Map<string, Map<string, ActionEntry>>();
  const ofRule = new Map<number, ActionEntry[]>();
  for (const [platform, actions] of [...building].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const pSlug = platformSlug(platform);
    const named = [...actions].map(([key, b]) => ({ key, b, action: mostFrequent(b.spellings), slug: actionSlug(mostFrequent(b.spellings)) }));
    const slugCount = new Map<string, number>();
    for (const n of named) slugCount.set(n.slug.toLowerCase(), (slugCount.get(n.slug.toLowerCase()) ?? 0) + 1);
    const entries = new Map<string, ActionEntry>();
    for (const n of named.sort((a, b) => (a.action < b.action ? -1 : a.action > b.action ? 1 : 0))) {
      const slug = (slugCount.get(n.slug.toLowerCase()) ?? 0) > 1 ? `${n.slug}-${shortHash(n.key)}` : n.slug;
      const entry: ActionEntry = {
        platform,
        field: fieldOf.get(platform) ?? '',
        action: n.action,
        slug,
        url: `/actions/${pSlug}/${slug}/`,
        rules: [...n.b.rules].sort((a, b) => a - b),
        byPattern: n.b.byPattern,
      };
      entries.set(n.key, entry);
      for (const r of entry.rules) {
        const list = ofRule.get(r);
        if (list) list.push(entry);
        else ofRule.set(r, [entry]);
      }
    }
    byPlatform.set(platform, entries);
  }
  return { byPlatform, ofRule };
}
