/**
 * Actions as (service, action) pairs: which service each watched action belongs to, and the platform's whole
 * list of actions where one is published (every AWS API operation), so that coverage can name what no rule
 * watches.
 *
 * For each action a rule watches (actions.ts), the candidate services are those whose published operations
 * include it and the one its name implies (service-schemes.ts); failing those, the ones the rule names on the
 * service field and the ones other rules explicitly pair the action with (ConsoleLogin with
 * signin.amazonaws.com). Then:
 * - a rule that constrains the service for this action (its tree is false for a service no leaf names) watches
 *   the candidates its tree still allows, evaluated with the action and the service both decided (services
 *   defining the action first, so that lists of event sources and of event names are not crossed);
 * - a rule that does not watches the action on every candidate service: `eventName = AddPermission` alone fires
 *   for SNS, SQS and Lambda alike. Those pairs are marked `anyService` when there is more than one candidate,
 *   and `incidental` on the candidates the rule is not meant for: the rule's home services (those of its actions
 *   tied to one service) when some candidate is one, else the services other rules name with the action, else
 *   none (every candidate is meant). A rule about EC2 security groups is not Wickr's coverage;
 * - an action with no candidate at all goes to the platform's UNKNOWN_SERVICE.
 * Platforms without a service scheme keep one flat list (service key ""), and their pairs keep the action pages'
 * URLs of actions.ts.
 */
import { createHash } from 'node:crypto';
import { logicStages } from '../logic/tree.ts';
import type { Rule } from '../model.ts';
import { platformSlug } from '../platforms.ts';
import type { Candidate } from './action-match.ts';
import type { PlatformUniverse } from './action-universe.ts';
import { actionSlug, type ActionEntry, type ActionIndex } from './actions.ts';
import type { CanonicalTable } from './canonical-table.ts';
import { compileStagePairs, NO_SERVICE, serviceCandidate, type PairMatcher } from './pair-match.ts';
import { serviceScheme, UNKNOWN_SERVICE, type ServiceScheme } from './service-schemes.ts';

/** One action of one service, with the rules watching it (indices into the rules array, ascending). */
export interface PairEntry {
  platform: string;
  service: string;
  /** The operation's name where the platform publishes it, else the action as rules most often write it. */
  action: string;
  /** Identity within the service (lower-cased on case-insensitive action fields). */
  key: string;
  /** In the platform's published list (an AWS API operation), not only named by rules. */
  published: boolean;
  /** API models defining it (botocore services), when published. */
  sdk: string[];
  /** Other spellings rules use for it (AddPermission20150331v2 for Lambda's AddPermission). */
  spellings: string[];
  rules: number[];
  /** Rules matching it only through a pattern. */
  byPattern: Set<number>;
  /** Rules that do not name the service: they watch the action on every service defining it. */
  anyService: Set<number>;
  /**
   * Of those, rules meant for other services (the services of their other actions, else the ones other rules
   * name with this action): they fire here too, but coverage does not count them.
   */
  incidental: Set<number>;
  slug: string;
  url: string;
  /**
   * Has a page: some rule watches it, or it is a published action named like one some rule watches on another
   * service (SNS's and SQS's AddPermission when rules watch Lambda's).
   */
  page: boolean;
}

export interface ServiceEntry {
  platform: string;
  /** "" for the single group of a platform without services; UNKNOWN_SERVICE for actions of no known service. */
  key: string;
  name: string;
  slug: string;
  url: string;
  /** API models behind it (botocore service names). */
  sdk: string[];
  /** In the platform's published list. */
  published: boolean;
  /** Sorted by action. */
  actions: PairEntry[];
}

/** An action page of actions.ts (keyed on the action alone) and the pairs its rules watch. */
export interface LegacyAction {
  platform: string;
  action: string;
  slug: string;
  url: string;
  /** Pairs its rules watch. */
  pairs: PairEntry[];
  /** Published actions of the same name on other services, that no rule watches through this action. */
  related: PairEntry[];
}

export interface PlatformEntry {
  platform: string;
  slug: string;
  url: string;
  /** Canonical action field. */
  field: string;
  scheme?: ServiceScheme;
  /** Where the published list comes from, when there is one. */
  universeSource?: string;
  /** Sorted by name; the unknown service last. */
  services: ServiceEntry[];
  legacy: LegacyAction[];
}

export interface RulePairs {
  legacy: LegacyAction;
  pairs: PairEntry[];
}

export interface ServiceIndex {
  platforms: PlatformEntry[];
  /** Rule index → the actions it watches, as legacy action and pairs. */
  ofRule: Map<number, RulePairs[]>;
}

interface Building {
  pairs: Map<string, Map<string, PairEntry>>;
  names: Map<string, { name: string; sdk: string[]; published: boolean }>;
}

function shortHash(text: string): string {
  return createHash('sha1').update(text).digest('hex').slice(0, 6);
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Shared by the many published actions no rule watches until one does (19,000 AWS operations). */
const NO_RULES: Set<number> = new Set();

function newPair(platform: string, service: string, key: string, action: string, published: boolean, sdk: string[]): PairEntry {
  return { platform, service, action, key, published, sdk, spellings: [], rules: [], byPattern: NO_RULES, anyService: NO_RULES, incidental: NO_RULES, slug: '', url: '', page: false };
}

/** Gives a pair sets of its own before a rule is recorded on it. */
function own(pair: PairEntry): PairEntry {
  if (pair.byPattern === NO_RULES) {
    pair.byPattern = new Set();
    pair.anyService = new Set();
    pair.incidental = new Set();
  }
  return pair;
}

/** actionSlug(), without its regexes for the names that need none (most API operations). */
const URL_SAFE = /^[A-Za-z0-9_~][A-Za-z0-9._~-]*[A-Za-z0-9_~]$/;
const slugOf = (name: string) => (URL_SAFE.test(name) ? name : actionSlug(name));

/** Builds the index for every platform of the action index, with the published lists of `universes`. */
export function buildServiceIndex(rules: Rule[], table: CanonicalTable, actions: ActionIndex, universes: ReadonlyMap<string, PlatformUniverse> = new Map()): ServiceIndex {
  const platforms: PlatformEntry[] = [];
  const ofRule = new Map<number, RulePairs[]>();
  for (const [platform, entries] of actions.byPlatform) {
    const scheme = serviceScheme(platform);
    const built = scheme ? groupedPlatform(platform, scheme, rules, table, entries, universes.get(platform), ofRule) : flatPlatform(platform, entries, ofRule);
    platforms.push(built);
  }
  for (const list of ofRule.values()) list.sort((a, b) => byText(a.legacy.action, b.legacy.action));
  return { platforms, ofRule };
}

function pushRule(ofRule: Map<number, RulePairs[]>, rule: number, legacy: LegacyAction, pair: PairEntry) {
  let list = ofRule.get(rule);
  if (!list) ofRule.set(rule, (list = []));
  let item = list.find((x) => x.legacy === legacy);
  if (!item) list.push((item = { legacy, pairs: [] }));
  if (!item.pairs.includes(pair)) item.pairs.push(pair);
}

/** A platform without services: one group whose pairs are the action pages of actions.ts. */
function flatPlatform(platform: string, entries: Map<string, ActionEntry>, ofRule: Map<number, RulePairs[]>): PlatformEntry {
  const slug = platformSlug(platform);
  const url = `/actions/${slug}/`;
  const pairs: PairEntry[] = [];
  const legacy: LegacyAction[] = [];
  for (const [key, e] of entries) {
    const pair: PairEntry = { ...newPair(platform, '', key, e.action, false, []), rules: e.rules, byPattern: e.byPattern, slug: e.slug, url: e.url, page: true };
    const l: LegacyAction = { platform, action: e.action, slug: e.slug, url: e.url, pairs: [pair], related: [] };
    pairs.push(pair);
    legacy.push(l);
    for (const r of e.rules) pushRule(ofRule, r, l, pair);
  }
  pairs.sort((a, b) => byText(a.action, b.action));
  const field = entries.values().next().value?.field ?? '';
  return { platform, slug, url, field, services: [{ platform, key: '', name: platform, slug: '', url, sdk: [], published: false, actions: pairs }], legacy };
}

function groupedPlatform(
  platform: string,
  scheme: ServiceScheme,
  rules: Rule[],
  table: CanonicalTable,
  entries: Map<string, ActionEntry>,
  universe: PlatformUniverse | undefined,
  ofRule: Map<number, RulePairs[]>,
): PlatformEntry {
  const actionField = table.actionOf(platform);
  const field = entries.values().next().value?.field ?? actionField?.canonical ?? '';
  const caseInsensitiveActions = !!actionField && !!table.groups.find((g) => g.id === actionField.group)?.canonicals.find((c) => c.canonical === actionField.canonical)?.caseInsensitive;
  const fold = (s: string) => (caseInsensitiveActions ? s.toLowerCase() : s);
  const b: Building = { pairs: new Map(), names: new Map() };
  if (universe) {
    for (const s of universe.services) {
      b.names.set(s.key, { name: s.name, sdk: s.sdk, published: true });
      const map = new Map<string, PairEntry>();
      for (const [op, sdk] of s.operations) map.set(fold(op), newPair(platform, s.key, fold(op), op, true, sdk));
      b.pairs.set(s.key, map);
    }
  }
  const pairOf = (service: string, action: string): PairEntry => {
    let map = b.pairs.get(service);
    if (!map) b.pairs.set(service, (map = new Map()));
    const key = fold(action);
    let pair = map.get(key);
    if (!pair) map.set(key, (pair = newPair(platform, service, key, action, false, [])));
    return pair;
  };

  // Matchers of every rule watching an action here, with the action and service fields resolved per vendor.
  const matchers = new Map<number, PairMatcher>();
  const matcherOf = (i: number): PairMatcher => {
    let m = matchers.get(i);
    if (m) return m;
    const rule = rules[i];
    m = compileStagePairs(rule.logic ? logicStages(rule.logic).map((st) => st.conjuncts) : [], (leaf) => {
      const resolved = table.resolve(rule.vendor, platform, leaf.field);
      if (!resolved || !actionField || resolved.group !== actionField.group) return undefined;
      if (resolved.canonical === actionField.canonical) return { role: 'action', field: resolved };
      if (scheme.field && resolved.canonical === scheme.field) return { role: 'service', field: resolved };
      return undefined;
    });
    matchers.set(i, m);
    return m;
  };
  const candidateOf = (key: string, e: ActionEntry): Candidate => ({ key, spelling: e.action });
  const keyOf = new Map([...entries].map(([key, e]) => [e, key]));
  const constrains = (m: PairMatcher, a: Candidate) => m.hasServiceLeaves && !m.holds(a, NO_SERVICE);

  // Evidence: services rules explicitly pair each action with.
  const evidence = new Map<string, Set<string>>();
  for (const [key, e] of entries) {
    for (const r of e.rules) {
      const m = matcherOf(r);
      const a = candidateOf(key, e);
      if (!constrains(m, a)) continue;
      for (const [s, spelling] of m.namedServices) {
        if (!m.holds(a, serviceCandidate(spelling))) continue;
        let set = evidence.get(key);
        if (!set) evidence.set(key, (set = new Set()));
        set.add(s);
        if (!b.names.has(s)) b.names.set(s, { name: spelling, sdk: [], published: false });
      }
    }
  }

  // First pass: the services each rule watches each of its actions on.
  interface Watch {
    rule: number;
    entry: ActionEntry;
    legacy: LegacyAction;
    services: string[];
    operationIn: Map<string, string>;
    /** The rule names the service for this action. */
    constrained: boolean;
  }
  const legacy: LegacyAction[] = [];
  const watches: Watch[] = [];
  for (const [key, e] of entries) {
    const l: LegacyAction = { platform, action: e.action, slug: e.slug, url: e.url, pairs: [], related: [] };
    legacy.push(l);
    const a = candidateOf(key, e);
    const published = universe?.servicesOf(e.action) ?? [];
    const operationIn = new Map(published.map((p) => [p.service, p.operation]));
    const derived = scheme.derive?.(e.action);
    if (derived && !b.names.has(derived.key)) b.names.set(derived.key, { name: derived.name, sdk: [], published: false });
    const base = [...operationIn.keys(), ...(derived ? [derived.key] : [])];
    for (const r of e.rules) {
      const m = matcherOf(r);
      let services: string[];
      const constrained = constrains(m, a);
      if (constrained) {
        // Services that define the action first: `eventSource in [ec2, rds] and eventName in [DescribeInstances,
        // DescribeDBInstances]` watches EC2's DescribeInstances and RDS's DescribeDBInstances, not the cross product.
        services = base.filter((s) => m.holds(a, serviceCandidate(s)));
        if (!services.length) services = [...new Set([...m.namedServices.keys(), ...(evidence.get(key) ?? [])])].filter((s) => m.holds(a, serviceCandidate(s)));
        for (const s of services) if (!b.names.has(s)) b.names.set(s, { name: m.namedServices.get(s) ?? s, sdk: [], published: false });
      } else {
        const candidates = base.length ? base : [...(evidence.get(key) ?? [])];
        services = candidates.filter((s) => m.holds(a, serviceCandidate(s)));
      }
      if (!services.length) services = [UNKNOWN_SERVICE];
      watches.push({ rule: r, entry: e, legacy: l, services: [...new Set(services)], operationIn, constrained });
    }
  }
  // A rule's home services: those of its actions that are tied to one service (by the rule or by the name).
  const home = new Map<number, Set<string>>();
  for (const w of watches) {
    if (!w.constrained && w.services.length > 1) continue;
    let set = home.get(w.rule);
    if (!set) home.set(w.rule, (set = new Set()));
    for (const s of w.services) if (s !== UNKNOWN_SERVICE) set.add(s);
  }
  // Second pass: pairs. A rule naming no service, for a name several services define, is meant for the services
  // of its other actions, else for those other rules name with it; on the rest it fires incidentally.
  // A rule reaching a pair through several names (AddPermission20150331, AddPermission20150331v2) is marked only
  // when every one of them says so: a pattern, no service named, meant for another service.
  const unmark = new Map<PairEntry, { exact: Set<number>; named: Set<number>; meant: Set<number> }>();
  for (const w of watches) {
    const any = !w.constrained && w.services.length > 1;
    let meant = w.services;
    if (any) {
      const homeServices = w.services.filter((s) => home.get(w.rule)?.has(s));
      const named = w.services.filter((s) => evidence.get(keyOf.get(w.entry)!)?.has(s));
      meant = homeServices.length ? homeServices : named.length ? named : w.services;
    }
    for (const s of w.services) {
      const operation = w.operationIn.get(s) ?? w.entry.action;
      const pair = own(pairOf(s, operation));
      if (operation !== w.entry.action && !pair.spellings.includes(w.entry.action)) pair.spellings.push(w.entry.action);
      if (!pair.rules.includes(w.rule)) pair.rules.push(w.rule);
      let u = unmark.get(pair);
      if (!u) unmark.set(pair, (u = { exact: new Set(), named: new Set(), meant: new Set() }));
      if (w.entry.byPattern.has(w.rule)) pair.byPattern.add(w.rule);
      else u.exact.add(w.rule);
      if (any) pair.anyService.add(w.rule);
      else u.named.add(w.rule);
      if (!meant.includes(s)) pair.incidental.add(w.rule);
      else u.meant.add(w.rule);
      if (!w.legacy.pairs.includes(pair)) w.legacy.pairs.push(pair);
      pushRule(ofRule, w.rule, w.legacy, pair);
    }
  }
  for (const [pair, u] of unmark) {
    for (const r of u.exact) pair.byPattern.delete(r);
    for (const r of u.named) pair.anyService.delete(r);
    for (const r of u.meant) pair.incidental.delete(r);
  }
  if (!b.names.has(UNKNOWN_SERVICE)) b.names.set(UNKNOWN_SERVICE, { name: `${scheme.noun} not known`, sdk: [], published: false });

  const slug = platformSlug(platform);
  const url = `/actions/${slug}/`;
  const reserved = new Set(legacy.map((l) => l.slug.toLowerCase()));
  for (const l of legacy) {
    for (const { service, operation } of universe?.servicesOf(l.action) ?? []) {
      const pair = b.pairs.get(service)?.get(fold(operation));
      if (pair && !l.pairs.includes(pair)) l.related.push(pair);
    }
    for (const p of [...l.pairs, ...l.related]) p.page = true;
  }
  const services = finishServices(platform, url, b, reserved);
  for (const l of legacy) for (const list of [l.pairs, l.related]) list.sort((x, y) => byText(x.service, y.service));
  return { platform, slug, url, field, scheme, universeSource: universe?.source, services, legacy };
}

function finishServices(platform: string, platformUrl: string, b: Building, reserved: Set<string>): ServiceEntry[] {
  const keys = [...b.pairs.keys()].filter((k) => k !== UNKNOWN_SERVICE || (b.pairs.get(k)?.size ?? 0) > 0);
  const slugs = new Map<string, string>();
  const taken = new Map<string, number>();
  const baseSlug = (k: string) => (k === UNKNOWN_SERVICE ? 'unknown' : actionSlug(k));
  for (const k of keys) taken.set(baseSlug(k), (taken.get(baseSlug(k)) ?? 0) + 1);
  for (const k of keys) {
    let s = baseSlug(k);
    if ((taken.get(s) ?? 0) > 1) s = `${s}-${shortHash(k)}`;
    // A service slug never shadows the old action URL /actions/<platform>/<action>/ of the same segment.
    if (reserved.has(s.toLowerCase())) s = `${s}-service`;
    slugs.set(k, s);
  }
  const services: ServiceEntry[] = keys.map((key) => {
    const info = b.names.get(key) ?? { name: key, sdk: [], published: false };
    const slug = slugs.get(key)!;
    const url = `${platformUrl}${slug}/`;
    const pairs = [...b.pairs.get(key)!.values()].sort((x, y) => byText(x.action, y.action));
    const pairSlugs = new Map<string, number>();
    const base = pairs.map((p) => slugOf(p.action));
    for (const s of base) pairSlugs.set(s.toLowerCase(), (pairSlugs.get(s.toLowerCase()) ?? 0) + 1);
    pairs.forEach((p, i) => {
      const s = base[i];
      p.slug = (pairSlugs.get(s.toLowerCase()) ?? 0) > 1 ? `${s}-${shortHash(p.key)}` : s;
      p.url = `${url}${p.slug}/`;
      p.rules.sort((x, y) => x - y);
      p.spellings.sort(byText);
    });
    return { platform, key, name: info.name, slug, url, sdk: info.sdk, published: info.published, actions: pairs };
  });
  return services.sort((x, y) => (x.key === UNKNOWN_SERVICE ? 1 : y.key === UNKNOWN_SERVICE ? -1 : byText(x.key, y.key)));
}
