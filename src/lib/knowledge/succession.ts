/**
 * Which rules replace which, across the whole catalog, from what the files state in either direction:
 * - a rule naming another as `obsolete`, `merged` or `renamed` (Sigma `related`) replaces it, whether or not the
 *   old rule's file is still there (a retired ID only listed there still resolves to its replacement);
 * - a retired rule whose note names its replacement (`replaced-by`: Elastic, Splunk deprecation notes);
 * - `derived` between a deprecated rule and an active one, either way: the active rule carries the detection on
 *   (SigmaHQ lists a deprecated rule's successors as `derived`, and successors list the retired rule so too).
 * `similar` links are no succession. Links resolve within the rule's own source, by upstream ID, else by title.
 */
import type { RuleRelation, SuccessionLink } from '../model.ts';

export interface SuccessionRule {
  id: string;
  source: string;
  upstreamId?: string;
  title: string;
  url: string;
  deprecated?: boolean;
  unsupported?: boolean;
  related?: RuleRelation[];
}

export type Lifecycle = 'active' | 'deprecated' | 'unsupported';

/** Status filter values, in the order lists show them: active rules first. */
export const LIFECYCLES: Lifecycle[] = ['active', 'deprecated', 'unsupported'];

export function lifecycleOf(rule: { deprecated?: boolean; unsupported?: boolean }): Lifecycle {
  return rule.deprecated ? 'deprecated' : rule.unsupported ? 'unsupported' : 'active';
}

export interface Succession {
  /** Catalog rule ID → the rules (or named rules the catalog lacks) that replace it. */
  supersededBy: Map<string, SuccessionLink[]>;
  /** Catalog rule ID → the retired rules (or retired IDs no file holds any more) it replaces. */
  replaces: Map<string, SuccessionLink[]>;
}

const REPLACES: RuleRelation['type'][] = ['obsolete', 'merged', 'renamed'];

function linkTo(rule: SuccessionRule, how: RuleRelation['type']): SuccessionLink {
  return { ruleId: rule.id, upstreamId: rule.upstreamId, title: rule.title, url: rule.url, how };
}

export function succession(rules: readonly SuccessionRule[]): Succession {
  const byId = new Map<string, SuccessionRule[]>();
  const byTitle = new Map<string, SuccessionRule[]>();
  const add = (map: Map<string, SuccessionRule[]>, key: string, r: SuccessionRule) => map.set(key, [...(map.get(key) ?? []), r]);
  for (const r of rules) {
    if (r.upstreamId) add(byId, `${r.source}\u0000${r.upstreamId.toLowerCase()}`, r);
    add(byTitle, `${r.source}\u0000${r.title.trim().toLowerCase()}`, r);
  }
  const resolve = (source: string, rel: RuleRelation): SuccessionRule[] =>
    (rel.id && byId.get(`${source}\u0000${rel.id.toLowerCase()}`)) || (rel.title && byTitle.get(`${source}\u0000${rel.title.trim().toLowerCase()}`)) || [];

  const result: Succession = { supersededBy: new Map(), replaces: new Map() };
  const seen = new Set<string>();
  const push = (map: Map<string, SuccessionLink[]>, ruleId: string, link: SuccessionLink) => {
    const key = `${map === result.supersededBy ? '>' : '<'}${ruleId}\u0000${link.ruleId ?? link.upstreamId ?? link.title}`;
    if (seen.has(key)) return;
    seen.add(key);
    map.set(ruleId, [...(map.get(ruleId) ?? []), link]);
  };
  const edge = (older: SuccessionRule, newer: SuccessionRule, how: RuleRelation['type']) => {
    if (older.id === newer.id) return;
    push(result.supersededBy, older.id, linkTo(newer, how));
    push(result.replaces, newer.id, linkTo(older, how));
  };
  for (const rule of rules) {
    for (const rel of rule.related ?? []) {
      const targets = resolve(rule.source, rel).filter((t) => t.id !== rule.id);
      if (REPLACES.includes(rel.type)) {
        if (targets.length) for (const t of targets) edge(t, rule, rel.type);
        else if (rel.id) push(result.replaces, rule.id, { upstreamId: rel.id, how: rel.type });
      } else if (rel.type === 'replaced-by') {
        if (targets.length) for (const t of targets) edge(rule, t, rel.type);
        else push(result.supersededBy, rule.id, { upstreamId: rel.id, title: rel.title, how: rel.type });
      } else if (rel.type === 'derived') {
        for (const t of targets) {
          if (t.deprecated && !rule.deprecated) edge(t, rule, rel.type);
          else if (rule.deprecated && !t.deprecated) edge(rule, t, rel.type);
        }
      }
    }
  }
  for (const links of [...result.supersededBy.values(), ...result.replaces.values()]) {
    links.sort((a, b) => (a.title ?? a.upstreamId ?? '').localeCompare(b.title ?? b.upstreamId ?? ''));
  }
  return result;
}

/** Sets supersededBy and replaces on every rule of the catalog. */
export function applySuccession<R extends SuccessionRule & { supersededBy?: SuccessionLink[]; replaces?: SuccessionLink[] }>(rules: R[]): void {
  const s = succession(rules);
  for (const r of rules) {
    const by = s.supersededBy.get(r.id);
    const replaces = s.replaces.get(r.id);
    if (by) r.supersededBy = by;
    if (replaces) r.replaces = replaces;
  }
}
