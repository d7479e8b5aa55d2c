/**
 * View models of the /actions/ pages: the platforms, a platform's services (or its actions when it has no
 * services), a service's actions with coverage and candidate gaps, one (service, action) page, and the old
 * action URLs (/actions/<platform>/<action>/) that now redirect or list the services of the name.
 */
import type { VendorId } from '../definitions.ts';
import { countedRules, platformCoverage, type CoverageCounts, type PlatformCoverage, type ServiceCoverage } from '../knowledge/coverage-map.ts';
import { isMutating } from '../knowledge/mutating.ts';
import type { LegacyAction, PairEntry, PlatformEntry, ServiceEntry } from '../knowledge/service-index.ts';
import { UNKNOWN_SERVICE } from '../knowledge/service-schemes.ts';
import { platformSlug } from '../platforms.ts';
import { VENDOR_ORDER, vendorLabel } from './format.ts';
import { redirectHtml } from './id-redirects.ts';
import type { SiteModel } from './model.ts';
import type { DataFile } from './open-data.ts';

export interface RuleLink {
  id: string;
  title: string;
  url: string;
  vendor: VendorId;
  vendorName: string;
  byPattern: boolean;
  anyService: boolean;
  /** Names no service and is meant for another one: fires here, not counted as coverage. */
  incidental: boolean;
}

export interface ActionRow {
  action: string;
  /** Its page, when it has one. */
  url?: string;
  published: boolean;
  mutating: boolean;
  /** Rules meant for it (coverage). */
  rules: number;
  /** Rules firing on it though meant for another service (they name no service). */
  incidental: number;
  /** Vendors of the rules meant for it, in the site's order. */
  vendors: VendorId[];
  /** Every rule watching it names no service. */
  anyServiceOnly: boolean;
  /** Other spellings rules use (Lambda's versioned names). */
  spellings: string[];
  /** API models defining it when the service merges several (elb, elbv2). */
  sdk: string[];
}

export interface ServiceRow {
  name: string;
  key: string;
  url: string;
  published: boolean;
  actions: number;
  covered: number;
  mutating: number;
  mutatingUncovered: number;
  vendors: VendorId[];
}

const vendorRank = (v: VendorId) => VENDOR_ORDER.indexOf(v);

function vendorsOf(model: SiteModel, rules: readonly number[]): VendorId[] {
  return [...new Set(rules.map((r) => model.rules[r].vendor))].sort((a, b) => vendorRank(a) - vendorRank(b));
}

function actionRow(model: SiteModel, pair: PairEntry, service: ServiceEntry): ActionRow {
  const counted = countedRules(pair);
  return {
    action: pair.action,
    url: pair.page ? pair.url : undefined,
    published: pair.published,
    mutating: pair.published && isMutating(pair.action),
    rules: counted.length,
    incidental: pair.incidental.size,
    vendors: vendorsOf(model, counted),
    anyServiceOnly: counted.length > 0 && counted.every((r) => pair.anyService.has(r)),
    spellings: pair.spellings,
    sdk: service.sdk.length > 1 ? pair.sdk : [],
  };
}

const coverages = new WeakMap<SiteModel, PlatformCoverage[]>();

/** Every platform entry with its coverage, computed once per site model. */
export function platformCoverages(model: SiteModel): PlatformCoverage[] {
  let list = coverages.get(model);
  if (!list) coverages.set(model, (list = model.knowledge.services.platforms.map((p) => platformCoverage(p, (r) => model.rules[r].vendor, VENDOR_ORDER))));
  return list;
}

export function coverageOf(model: SiteModel, platform: string): PlatformCoverage | undefined {
  return platformCoverages(model).find((c) => c.platform.platform === platform);
}

export interface ActionsIndexRow {
  platform: string;
  url: string;
  field: string;
  /** "event sources", "categories"... when the platform groups actions. */
  nouns?: string;
  services: number;
  actions: number;
  covered: number;
  published: boolean;
  rules: number;
}

export function actionsIndexView(model: SiteModel): ActionsIndexRow[] {
  return platformCoverages(model).map((c) => ({
    platform: c.platform.platform,
    url: c.platform.url,
    field: c.platform.field,
    nouns: c.platform.scheme?.nouns,
    services: c.platform.services.filter((s) => s.key !== UNKNOWN_SERVICE).length,
    actions: c.actions,
    covered: c.covered,
    published: c.published.actions > 0,
    rules: new Set(c.platform.services.flatMap((s) => s.actions.flatMap((a) => a.rules))).size,
  }));
}

export interface VendorCoverageRow {
  vendor: VendorId;
  name: string;
  actions: number;
  only: number;
  rules: number;
}

function vendorRows(counts: CoverageCounts): VendorCoverageRow[] {
  return counts.vendors.map((v) => ({ ...v, name: vendorLabel(v.vendor) }));
}

export interface PlatformView {
  coverage: PlatformCoverage;
  grouped: boolean;
  vendors: VendorCoverageRow[];
  services: ServiceRow[];
  /** Actions of a platform without services. */
  actions: ActionRow[];
  comparisonUrl: string;
}

function serviceRow(c: ServiceCoverage, model: SiteModel): ServiceRow {
  return {
    name: c.service.name,
    key: c.service.key,
    url: c.service.url,
    published: c.service.published,
    actions: c.actions,
    covered: c.covered,
    mutating: c.mutating,
    mutatingUncovered: c.mutating - c.mutatingCovered,
    vendors: vendorsOf(model, c.service.actions.flatMap(countedRules)),
  };
}

export function platformView(model: SiteModel, platform: PlatformEntry): PlatformView {
  const coverage = coverageOf(model, platform.platform)!;
  const grouped = !!platform.scheme;
  return {
    coverage,
    grouped,
    vendors: vendorRows(coverage),
    services: grouped ? coverage.services.map((c) => serviceRow(c, model)) : [],
    actions: grouped ? [] : platform.services[0].actions.map((a) => actionRow(model, a, platform.services[0])),
    comparisonUrl: `/coverage/platforms/${platformSlug(platform.platform)}/`,
  };
}

export interface ServiceView {
  platform: PlatformEntry;
  service: ServiceEntry;
  coverage: ServiceCoverage;
  vendors: VendorCoverageRow[];
  /** Published mutating operations no rule watches: candidate gaps. */
  gaps: ActionRow[];
  /** Actions some rule watches. */
  covered: ActionRow[];
  /** Other actions no rule watches (reads, and actions not published). */
  otherUncovered: ActionRow[];
}

export function serviceView(model: SiteModel, platform: PlatformEntry, service: ServiceEntry): ServiceView {
  const coverage = coverageOf(model, platform.platform)!.services.find((c) => c.service === service)!;
  const rows = service.actions.map((a) => actionRow(model, a, service));
  return {
    platform,
    service,
    coverage,
    vendors: vendorRows(coverage),
    gaps: rows.filter((r) => r.rules === 0 && r.mutating && r.published),
    covered: rows.filter((r) => r.rules > 0),
    otherUncovered: rows.filter((r) => r.rules === 0 && !r.mutating),
  };
}

export interface ActionView {
  platform: PlatformEntry;
  service: ServiceEntry;
  pair: PairEntry;
  mutating: boolean;
  rules: RuleLink[];
  vendors: number;
  /** The same name on other services, with the rules meant for them. */
  sameName: { service: string; serviceName: string; url?: string; rules: number }[];
}

export function actionView(model: SiteModel, platform: PlatformEntry, service: ServiceEntry, pair: PairEntry): ActionView {
  const rules = pair.rules
    .map((r) => {
      const rule = model.rules[r];
      return {
        id: rule.id,
        title: rule.title,
        url: rule.url,
        vendor: rule.vendor,
        vendorName: vendorLabel(rule.vendor),
        byPattern: pair.byPattern.has(r),
        anyService: pair.anyService.has(r),
        incidental: pair.incidental.has(r),
      };
    })
    .sort((a, b) => a.title.toLowerCase().localeCompare(b.title.toLowerCase()) || a.id.localeCompare(b.id));
  const sameName = platform.services
    .filter((s) => s !== service)
    .flatMap((s) => s.actions.filter((a) => a.action === pair.action).map((a) => ({ service: s.key, serviceName: s.name, url: a.page ? a.url : undefined, rules: countedRules(a).length })));
  const meant = rules.filter((r) => !r.incidental);
  return { platform, service, pair, mutating: pair.published && isMutating(pair.action), rules, vendors: new Set(meant.map((r) => r.vendor)).size, sameName };
}

/** Pages of /actions/<platform>/<segment>/: services, old action URLs, and actions of platforms without services. */
export type SegmentPage =
  | { kind: 'service'; platform: PlatformEntry; service: ServiceEntry }
  | { kind: 'action'; platform: PlatformEntry; service: ServiceEntry; pair: PairEntry }
  | { kind: 'redirect'; platform: PlatformEntry; legacy: LegacyAction; to: PairEntry }
  | { kind: 'disambiguation'; platform: PlatformEntry; legacy: LegacyAction; pairs: PairEntry[] };

export function segmentPages(model: SiteModel): { platform: string; segment: string; page: SegmentPage }[] {
  const out: { platform: string; segment: string; page: SegmentPage }[] = [];
  for (const platform of model.knowledge.services.platforms) {
    if (!platform.scheme) {
      const service = platform.services[0];
      for (const pair of service.actions) out.push({ platform: platform.slug, segment: pair.slug, page: { kind: 'action', platform, service, pair } });
      continue;
    }
    for (const service of platform.services) out.push({ platform: platform.slug, segment: service.slug, page: { kind: 'service', platform, service } });
    for (const legacy of platform.legacy) {
      const pairs = [...legacy.pairs, ...legacy.related].sort((a, b) => countedRules(b).length - countedRules(a).length || (a.service < b.service ? -1 : 1));
      const page: SegmentPage = pairs.length === 1 ? { kind: 'redirect', platform, legacy, to: pairs[0] } : { kind: 'disambiguation', platform, legacy, pairs };
      out.push({ platform: platform.slug, segment: legacy.slug, page });
    }
  }
  return out;
}

/**
 * The old action URLs with one service, as static redirect files the build script writes straight into dist/:
 * as Astro routes they would each be rendered like a page (src/pages/actions/[platform]/[segment].astro leaves them out).
 */
export function actionRedirectFiles(model: SiteModel): DataFile[] {
  return segmentPages(model).flatMap(({ platform, segment, page }) =>
    page.kind === 'redirect'
      ? [{ path: `/actions/${platform}/${segment}/index.html`, content: redirectHtml(`${page.to.action} (${page.to.service})`, page.to.url), description: page.legacy.action }]
      : [],
  );
}

/** Pages of /actions/<platform>/<service>/<action>/: pairs with a page on platforms with services. */
export function pairPages(model: SiteModel): { platform: PlatformEntry; service: ServiceEntry; pair: PairEntry }[] {
  return model.knowledge.services.platforms
    .filter((p) => p.scheme)
    .flatMap((platform) => platform.services.flatMap((service) => service.actions.filter((pair) => pair.page).map((pair) => ({ platform, service, pair }))));
}

/** One row of an old action URL's page that several services share: the service, its action and who watches it. */
export interface DisambiguationRow {
  service: string;
  action: string;
  url: string;
  rules: number;
  /** Rules that name the action without meaning this service. */
  incidental: number;
  vendors: VendorId[];
}

export function disambiguationRows(model: SiteModel, platform: PlatformEntry, pairs: PairEntry[]): DisambiguationRow[] {
  return pairs.map((p) => {
    const rules = countedRules(p);
    const service = platform.services.find((x) => x.key === p.service);
    return {
      service: service ? serviceLabel(service) : p.service,
      action: p.action,
      url: p.url,
      rules: rules.length,
      incidental: p.incidental.size,
      vendors: [...new Set(rules.map((r) => model.rules[r].vendor))],
    };
  });
}

/** The name of a service as a page shows it: the event source with its full name when they differ. */
export function serviceLabel(service: ServiceEntry): string {
  return service.key && service.key !== UNKNOWN_SERVICE && service.name.toLowerCase() !== service.key ? `${service.key} (${service.name})` : service.name;
}
