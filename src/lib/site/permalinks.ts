/**
 * Permalinks for incident tickets: /id/<upstream rule id>/ redirects to the rule page. Upstream IDs are UUIDs,
 * dotted names (AWS.CloudTrail.SecurityConfigurationChange) or rule names; anything outside a safe set of
 * URL and file-name characters becomes "-", so the segment is the same in the URL and on disk. Segments are
 * lower-case: a ticket may spell an ID in any case (the 404 page retries a mixed-case /id/ path lower-cased).
 * Every identifier a rule carries gets one: its upstream ID and its aliases (Splunk name, retired Sigma IDs...).
 */
import type { Rule } from '../model.ts';

/** The path segment for an upstream ID; empty when nothing usable remains. */
export function permalinkSegment(upstreamId: string): string {
  return upstreamId
    .trim()
    .replace(/[^A-Za-z0-9._~-]+/g, '-')
    .replace(/^[.-]+/, '')
    .replace(/-+$/, '')
    .slice(0, 150)
    .toLowerCase();
}

/** Every identifier of a rule a permalink answers: the upstream ID first, then its aliases. */
export function ruleIdentifiers(rule: Pick<Rule, 'upstreamId' | 'aliases'>): string[] {
  return [...new Set([rule.upstreamId, ...(rule.aliases ?? [])].filter((id): id is string => !!id))];
}

export function permalinkUrl(upstreamId: string): string | undefined {
  const segment = permalinkSegment(upstreamId);
  return segment ? `/id/${segment}/` : undefined;
}

export interface PermalinkGroup {
  segment: string;
  url: string;
  /** The upstream IDs as the rules write them (several when different spellings share one segment). */
  upstreamIds: string[];
  /** One rule: a redirect. Several: a disambiguation page. Sorted by vendor then title. */
  rules: Rule[];
  /** The ID is a retired rule's that no file holds any more: the rules listed replace it. */
  retired?: boolean;
}

/**
 * Every permalink of the catalog, one group per segment. A retired ID that no rule file holds any more but that
 * a replacement names (Sigma `related: obsolete|merged|renamed`) resolves to that replacement.
 */
export function permalinkGroups(rules: readonly Rule[]): PermalinkGroup[] {
  const groups = new Map<string, PermalinkGroup>();
  const add = (id: string, rule: Rule) => {
    const segment = permalinkSegment(id);
    if (!segment) return;
    let group = groups.get(segment);
    if (!group) groups.set(segment, (group = { segment, url: `/id/${segment}/`, upstreamIds: [], rules: [] }));
    if (!group.upstreamIds.includes(id)) group.upstreamIds.push(id);
    // Two identifiers of one rule may share a segment (a Splunk name spelled like its ID): list the rule once.
    if (!group.rules.includes(rule)) group.rules.push(rule);
  };
  for (const rule of rules) if (rule.upstreamId) add(rule.upstreamId, rule);
  // An upstream ID belongs to its rule: an alias another rule gives it (a retired Sigma ID whose file is still in
  // deprecated/) does not take its permalink over.
  const held = new Set(groups.keys());
  for (const rule of rules) {
    for (const id of ruleIdentifiers(rule).slice(rule.upstreamId ? 1 : 0)) {
      const segment = permalinkSegment(id);
      if (!held.has(segment) || groups.get(segment)!.rules.includes(rule)) add(id, rule);
    }
  }
  for (const rule of rules) {
    for (const old of rule.replaces ?? []) {
      // Only IDs no file holds: a retired rule that still has its file keeps its own page.
      if (!old.ruleId && old.upstreamId && !held.has(permalinkSegment(old.upstreamId))) {
        add(old.upstreamId, rule);
        groups.get(permalinkSegment(old.upstreamId))!.retired = true;
      }
    }
  }
  for (const g of groups.values()) g.rules.sort((a, b) => a.vendor.localeCompare(b.vendor) || a.title.localeCompare(b.title) || a.id.localeCompare(b.id));
  return [...groups.values()].sort((a, b) => a.segment.localeCompare(b.segment));
}
