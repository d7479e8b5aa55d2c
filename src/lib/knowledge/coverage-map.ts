/**
 * Coverage of a platform's actions: per service and per platform, how many actions some rule watches, how many
 * each vendor watches and how many only one vendor does, and what no rule watches, mutating operations first
 * (candidate gaps). Pure counts over the service index (service-index.ts); pages only render them.
 */
import type { VendorId } from '../definitions.ts';
import { isMutating } from './mutating.ts';
import type { PairEntry, PlatformEntry, ServiceEntry } from './service-index.ts';

/** The vendor of a rule index (the rules array the index was built on). */
export type VendorOf = (rule: number) => VendorId;

export interface VendorActions {
  vendor: VendorId;
  /** Actions at least one of the vendor's rules watches. */
  actions: number;
  /** Of those, actions no other vendor watches. */
  only: number;
  /** Distinct rules of the vendor watching actions here. */
  rules: number;
}

export interface CoverageCounts {
  /** Actions listed: published ones and those only rules name. */
  actions: number;
  /** Actions some rule watches and is meant for (rules firing there incidentally do not count: service-index.ts). */
  covered: number;
  /** Covered only by rules that do not name the service (they watch the action on every service defining it). */
  coveredAnyService: number;
  /** Published mutating operations, and how many of them some rule watches. */
  mutating: number;
  mutatingCovered: number;
  /** Actions exactly one vendor watches. */
  onlyOneVendor: number;
  vendors: VendorActions[];
}

export interface ServiceCoverage extends CoverageCounts {
  service: ServiceEntry;
  /** Uncovered published actions: mutating first, each part by name. */
  uncovered: PairEntry[];
}

/** Rules coverage counts for a pair: those meant for its service (not incidental). */
export function countedRules(pair: PairEntry): number[] {
  return pair.incidental.size ? pair.rules.filter((r) => !pair.incidental.has(r)) : pair.rules;
}

export function vendorsOf(pair: PairEntry, vendorOf: VendorOf): Set<VendorId> {
  return new Set(countedRules(pair).map(vendorOf));
}

/** Counts over any set of actions (a service's, a platform's). `order` sorts the vendors. */
export function countCoverage(pairs: readonly PairEntry[], vendorOf: VendorOf, order: readonly VendorId[]): CoverageCounts {
  const perVendor = new Map<VendorId, { actions: number; only: number; rules: Set<number> }>();
  let covered = 0;
  let coveredAnyService = 0;
  let mutating = 0;
  let mutatingCovered = 0;
  let onlyOneVendor = 0;
  for (const pair of pairs) {
    const rules = countedRules(pair);
    const mut = pair.published && isMutating(pair.action);
    if (mut) mutating++;
    if (!rules.length) continue;
    covered++;
    if (mut) mutatingCovered++;
    if (rules.every((r) => pair.anyService.has(r))) coveredAnyService++;
    const vendors = new Map<VendorId, number[]>();
    for (const r of rules) vendors.set(vendorOf(r), [...(vendors.get(vendorOf(r)) ?? []), r]);
    if (vendors.size === 1) onlyOneVendor++;
    for (const [vendor, rules] of vendors) {
      let acc = perVendor.get(vendor);
      if (!acc) perVendor.set(vendor, (acc = { actions: 0, only: 0, rules: new Set() }));
      acc.actions++;
      if (vendors.size === 1) acc.only++;
      for (const r of rules) acc.rules.add(r);
    }
  }
  const rank = (v: VendorId) => {
    const i = order.indexOf(v);
    return i < 0 ? order.length : i;
  };
  const vendors = [...perVendor]
    .sort((a, b) => rank(a[0]) - rank(b[0]) || (a[0] < b[0] ? -1 : 1))
    .map(([vendor, acc]) => ({ vendor, actions: acc.actions, only: acc.only, rules: acc.rules.size }));
  return { actions: pairs.length, covered, coveredAnyService, mutating, mutatingCovered, onlyOneVendor, vendors };
}

/**
 * Candidate gaps first: published mutating operations no rule is meant for (rules firing there incidentally do
 * not count), then the other uncovered ones.
 */
export function uncoveredActions(pairs: readonly PairEntry[]): PairEntry[] {
  const open = pairs.filter((p) => p.published && countedRules(p).length === 0);
  const byName = (a: PairEntry, b: PairEntry) => (a.action < b.action ? -1 : a.action > b.action ? 1 : 0);
  return [...open.filter((p) => isMutating(p.action)).sort(byName), ...open.filter((p) => !isMutating(p.action)).sort(byName)];
}

export function serviceCoverage(service: ServiceEntry, vendorOf: VendorOf, order: readonly VendorId[]): ServiceCoverage {
  return { service, ...countCoverage(service.actions, vendorOf, order), uncovered: uncoveredActions(service.actions) };
}

export interface PlatformCoverage extends CoverageCounts {
  platform: PlatformEntry;
  services: ServiceCoverage[];
  /** Published actions listed, and the API models behind them (AWS: 19,427 operations of 436 botocore services). */
  published: { actions: number; sdkOperations: number; sdkServices: number; services: number };
}

export function platformCoverage(platform: PlatformEntry, vendorOf: VendorOf, order: readonly VendorId[]): PlatformCoverage {
  const services = platform.services.map((s) => serviceCoverage(s, vendorOf, order));
  const pairs = platform.services.flatMap((s) => s.actions);
  const published = pairs.filter((p) => p.published);
  return {
    platform,
    services,
    ...countCoverage(pairs, vendorOf, order),
    published: {
      actions: published.length,
      sdkOperations: published.reduce((n, p) => n + p.sdk.length, 0),
      sdkServices: new Set(platform.services.flatMap((s) => s.sdk)).size,
      services: platform.services.filter((s) => s.published).length,
    },
  };
}
