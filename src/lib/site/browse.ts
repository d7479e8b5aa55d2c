/** Lists and counts for the browse pages: per vendor, per log platform, the home page figures. */
import type { VendorId } from '../definitions.ts';
import type { Rule } from '../model.ts';
import { LIFECYCLES, lifecycleOf, type Lifecycle } from '../knowledge/succession.ts';
import { platformSlug } from '../platforms.ts';
import { VENDOR_ORDER, vendorLabel } from './format.ts';
import { paginate, titlePrefix, type ListPage } from './paging.ts';

export interface RuleRow {
  title: string;
  url: string;
  vendor: VendorId;
  vendorName: string;
  severity?: string;
  platform?: string;
  logic: 'full' | 'partial' | 'none';
  broken: boolean;
  status: Lifecycle;
}

export function ruleRow(rule: Rule): RuleRow {
  return {
    title: rule.title,
    url: rule.url,
    vendor: rule.vendor,
    vendorName: vendorLabel(rule.vendor),
    severity: rule.severity.normalized,
    platform: rule.logPlatform,
    logic: rule.logic?.status ?? 'none',
    broken: !!rule.parseError,
    status: lifecycleOf(rule),
  };
}

/** One collator for every comparison: localeCompare with a locale and options builds a new one per call. */
const TITLES = new Intl.Collator('en', { sensitivity: 'base' });

export function byTitle<T extends { title: string; url: string }>(a: T, b: T): number {
  return TITLES.compare(a.title, b.title) || a.url.localeCompare(b.url);
}

/** Browse order: active rules first, then deprecated, then unsupported; by title within each. */
export function activeFirst(a: Rule, b: Rule): number {
  return LIFECYCLES.indexOf(lifecycleOf(a)) - LIFECYCLES.indexOf(lifecycleOf(b)) || byTitle(a, b);
}

/** Pages of a browse list; a page label says when its titles are retired rules ("deprecated: Ab – Zo"). */
export function paginateRules(rules: readonly Rule[], baseUrl: string): ListPage<Rule>[] {
  return paginate(rules, baseUrl, undefined, (r) => {
    const status = lifecycleOf(r);
    return status === 'active' ? titlePrefix(r.title) : `${status}: ${titlePrefix(r.title)}`;
  });
}

export interface VendorGroup {
  vendor: VendorId;
  name: string;
  url: string;
  rules: Rule[];
}

const vendorGroups = new WeakMap<readonly Rule[], VendorGroup[]>();

/** The rules per vendor, in browse order; computed once per list (several pages group the whole catalog). */
export function groupByVendor(rules: readonly Rule[]): VendorGroup[] {
  const known = vendorGroups.get(rules);
  if (known) return known;
  const groups = new Map<VendorId, Rule[]>();
  for (const r of rules) {
    const list = groups.get(r.vendor);
    if (list) list.push(r);
    else groups.set(r.vendor, [r]);
  }
  const out = VENDOR_ORDER.filter((v) => groups.has(v)).map((vendor) => ({
    vendor,
    name: vendorLabel(vendor),
    url: `/rules/${vendor}/`,
    rules: (groups.get(vendor) ?? []).sort(activeFirst),
  }));
  vendorGroups.set(rules, out);
  return out;
}

export interface PlatformGroup {
  name: string;
  slug: string;
  url: string;
  rules: Rule[];
  byVendor: Partial<Record<VendorId, number>>;
}

export function groupByPlatform(rules: readonly Rule[]): PlatformGroup[] {
  const groups = new Map<string, PlatformGroup>();
  for (const r of rules) {
    if (!r.logPlatform) continue;
    const slug = platformSlug(r.logPlatform);
    if (!slug) continue;
    let g = groups.get(slug);
    if (!g) groups.set(slug, (g = { name: r.logPlatform, slug, url: `/platforms/${slug}/`, rules: [], byVendor: {} }));
    g.rules.push(r);
    g.byVendor[r.vendor] = (g.byVendor[r.vendor] ?? 0) + 1;
  }
  for (const g of groups.values()) g.rules.sort(activeFirst);
  return [...groups.values()].sort((a, b) => b.rules.length - a.rules.length || a.name.localeCompare(b.name));
}

/** Rules that name no known log platform get a list too (the coverage report links it). */
export const NO_PLATFORM_NAME = 'No log platform';
export const NO_PLATFORM_SLUG = platformSlug('(no log platform)');

export function noPlatformGroup(rules: readonly Rule[]): PlatformGroup | undefined {
  const list = rules.filter((r) => !r.logPlatform || !platformSlug(r.logPlatform)).sort(activeFirst);
  if (!list.length) return undefined;
  const byVendor: Partial<Record<VendorId, number>> = {};
  for (const r of list) byVendor[r.vendor] = (byVendor[r.vendor] ?? 0) + 1;
  return { name: NO_PLATFORM_NAME, slug: NO_PLATFORM_SLUG, url: `/platforms/${NO_PLATFORM_SLUG}/`, rules: list, byVendor };
}

export function countBy<T>(items: readonly T[], key: (t: T) => string | undefined): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of items) {
    const k = key(item);
    if (k !== undefined) out.set(k, (out.get(k) ?? 0) + 1);
  }
  return out;
}

/** Every platform list of the site: the known platforms, then the rules without one. */
export function platformGroups(rules: readonly Rule[]): PlatformGroup[] {
  return [...groupByPlatform(rules), noPlatformGroup(rules)].filter((g): g is PlatformGroup => !!g);
}
