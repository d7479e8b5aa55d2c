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
}

/** Every permalink of the catalog, one group per segment. */
export function permalinkGroups(rules: readonly Rule[]): PermalinkGroup[] {
  const groups = new Map<string, PermalinkGroup>();
  for (const rule of rules) {
    for (const id of ruleIdentifiers(rule)) {
      const segment = permalinkSegment(id);
      if (!segment) continue;
      let group = groups.get(segment);
      if (!group) groups.set(segment, (group = { segment, url: `/id/${segment}/`, upstreamIds: [], rules: [] }));
      if (!group.upstreamIds.includes(id)) group.upstreamIds.push(id);
      // Two identifiers of one rule may share a segment (a Splunk name spelled like its ID): list the rule once.
      if (!group.rules.includes(rule)) group.rules.push(rule);
    }
  }
  for (const g of groups.values()) g.rules.sort((a, b) => a.vendor.localeCompare(b.vendor) || a.title.localeCompare(b.title) || a.id.localeCompare(b.id));
  return [...groups.values()].sort((a, b) => a.segment.localeCompare(b.segment));
}
