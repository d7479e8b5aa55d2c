/**
 * Cross-vendor knowledge derived from all rules' condition trees: canonical fields, rules detecting the same
 * action (a service's action: service-index.ts), indicator corpus counts. Everything is indexed once in deriveKnowledge; the accessors are lookups.
 * The rules behind the equivalences are documented in actions.ts and indicators.ts; the field table is
 * content/canonical-fields.yaml.
 */
import type { Rule } from '../model.ts';
import type { LeafKind, Value } from '../logic/types.ts';
import { allConjuncts } from '../logic/tree.ts';
import { platformSlug } from '../platforms.ts';
import type { PlatformUniverse } from './action-universe.ts';
import { buildActionIndex, positiveLeaves } from './actions.ts';
import { buildServiceIndex, type PairEntry, type ServiceIndex } from './service-index.ts';
import { canonicalTable, type CanonicalField, type CanonicalTable } from './canonical-table.ts';
import { indicatorKey, leafKeys } from './indicators.ts';

export interface RuleRef {
  id: string;
  title: string;
  vendor: Rule['vendor'];
  url: string;
}

export interface ActionRef {
  platform: string;
  /** The action value as the rule writes it (DeleteTrail, 4688, Add member to role.). */
  action: string;
  /** Site path of the action page: /actions/<platform-slug>/<action-slug>/ */
  url: string;
  /** True when the rule matches this action only through a pattern (startswith, wildcard, regex...). */
  byPattern?: boolean;
  /** The service (CloudTrail event source...) when the rule watches the action on exactly one. */
  service?: string;
}

/** One action page: a platform's action and every rule watching it. */
export interface ActionPage {
  platform: string;
  platformSlug: string;
  /** Canonical action field (eventName, EventID...). */
  field: string;
  /** The service of the action on platforms that group actions by service (service-index.ts). */
  service?: { key: string; name: string; url: string };
  action: string;
  slug: string;
  url: string;
  /**
   * Sorted by title; `anyService`: the rule does not name the service, it watches the action on every one;
   * `incidental`: and it is meant for another service (service-index.ts).
   */
  rules: (RuleRef & { byPattern: boolean; anyService: boolean; incidental: boolean })[];
}

export interface PlatformActions {
  platform: string;
  slug: string;
  url: string;
  field: string;
  /** Sorted by action. */
  actions: ActionPage[];
}

export interface Knowledge {
  /** Other rules on the same platform filtering positively on one of this rule's action values, sorted by title. */
  sameAction(ruleId: string): RuleRef[];
  /** The actions this rule filters on positively. */
  actionsOf(ruleId: string): ActionRef[];
  /** How many other rules look for the same (canonical field, kind, value); values of an `in` list count one by one. */
  indicatorCount(ruleId: string, field: string, kind: LeafKind, value: Value): number;
  /** The other rules behind indicatorCount, sorted by title. */
  indicatorRules(ruleId: string, field: string, kind: LeafKind, value: Value): RuleRef[];
  /** The canonical field a rule's field maps to on its platform, undefined when the table has no row for it. */
  canonicalOf(ruleId: string, field: string): CanonicalField | undefined;
  /** Every platform that has actions, with its action pages (for /actions/). */
  platforms(): PlatformActions[];
  /** Actions as (service, action) pairs, with the published lists of actions: what coverage maps read. */
  services: ServiceIndex;
  /** The canonical-field table in use (its `problems` list bad rows). */
  table: CanonicalTable;
}

function byTitle(a: RuleRef, b: RuleRef): number {
  const ta = a.title.toLowerCase();
  const tb = b.title.toLowerCase();
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function refOf(rule: Rule): RuleRef {
  return { id: rule.id, title: rule.title, vendor: rule.vendor, url: rule.url };
}

/** Index of rule indices per indicator key; each rule appears once per key, in ascending order. */
function buildIndicatorIndex(rules: Rule[], table: CanonicalTable): Map<string, number[]> {
  const index = new Map<string, number[]>();
  rules.forEach((rule, i) => {
    const conjuncts = rule.logic ? allConjuncts(rule.logic) : [];
    if (!conjuncts.length) return;
    for (const leaf of positiveLeaves(conjuncts)) {
      for (const key of leafKeys(table, rule.vendor, rule.logPlatform, leaf.field, leaf.kind, leaf.values)) {
        const list = index.get(key);
        if (!list) index.set(key, [i]);
        else if (list[list.length - 1] !== i) list.push(i);
      }
    }
  });
  return index;
}

function contains(sorted: number[], n: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] === n) return true;
    if (sorted[mid] < n) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

export interface KnowledgeOptions {
  /** Published lists of actions per platform (every AWS API operation: action-universe.ts). */
  universes?: ReadonlyMap<string, PlatformUniverse>;
}

export function deriveKnowledge(rules: Rule[], table: CanonicalTable = canonicalTable(), options: KnowledgeOptions = {}): Knowledge {
  const position = new Map<string, number>();
  rules.forEach((r, i) => position.set(r.id, i));
  const refs = rules.map(refOf);
  const actions = buildActionIndex(rules, table);
  const services = buildServiceIndex(rules, table, actions, options.universes);
  const serviceOf = new Map(services.platforms.flatMap((p) => p.services.map((s) => [`${p.platform}\u0000${s.key}`, s] as const)));
  const indicators = buildIndicatorIndex(rules, table);
  const sameMemo = new Map<number, RuleRef[]>();
  let platformPages: PlatformActions[] | undefined;

  const pageOf = (pair: PairEntry, field: string): ActionPage => {
    const service = pair.service ? serviceOf.get(`${pair.platform}\u0000${pair.service}`) : undefined;
    return {
      platform: pair.platform,
      platformSlug: platformSlug(pair.platform),
      field,
      ...(service ? { service: { key: service.key, name: service.name, url: service.url } } : {}),
      action: pair.action,
      slug: pair.slug,
      url: pair.url,
      rules: pair.rules.map((r) => ({ ...refs[r], byPattern: pair.byPattern.has(r), anyService: pair.anyService.has(r), incidental: pair.incidental.has(r) })).sort(byTitle),
    };
  };

  return {
    table,
    services,
    sameAction(ruleId) {
      const i = position.get(ruleId);
      if (i === undefined) return [];
      let out = sameMemo.get(i);
      if (!out) {
        const others = new Set<number>();
        // Through the pairs the rule is meant for, to the rules meant for them (not those firing incidentally).
        for (const { pairs } of services.ofRule.get(i) ?? [])
          for (const pair of pairs) if (!pair.incidental.has(i)) for (const r of pair.rules) if (r !== i && !pair.incidental.has(r)) others.add(r);
        out = [...others].map((r) => refs[r]).sort(byTitle);
        sameMemo.set(i, out);
      }
      return out;
    },
    actionsOf(ruleId) {
      const i = position.get(ruleId);
      if (i === undefined) return [];
      return (services.ofRule.get(i) ?? []).map(({ legacy, pairs }) => {
        const meant = pairs.filter((p) => !p.incidental.has(i));
        const only = meant.length === 1 ? meant[0] : undefined;
        const service = only?.service ? serviceOf.get(`${only.platform}\u0000${only.service}`)?.name : undefined;
        return {
          platform: legacy.platform,
          action: legacy.action,
          // One pair: its page; several (a rule naming no service, or several): the old URL lists them.
          url: only ? only.url : legacy.url,
          ...(pairs.some((p) => p.byPattern.has(i)) ? { byPattern: true } : {}),
          ...(service ? { service } : {}),
        };
      });
    },
    indicatorCount(ruleId, field, kind, value) {
      const i = position.get(ruleId);
      if (i === undefined) return 0;
      const rule = rules[i];
      const list = indicators.get(indicatorKey(table, rule.vendor, rule.logPlatform, field, kind, value));
      if (!list) return 0;
      return list.length - (contains(list, i) ? 1 : 0);
    },
    indicatorRules(ruleId, field, kind, value) {
      const i = position.get(ruleId);
      if (i === undefined) return [];
      const rule = rules[i];
      const list = indicators.get(indicatorKey(table, rule.vendor, rule.logPlatform, field, kind, value)) ?? [];
      return list.filter((r) => r !== i).map((r) => refs[r]).sort(byTitle);
    },
    canonicalOf(ruleId, field) {
      const i = position.get(ruleId);
      return i === undefined ? undefined : table.resolve(rules[i].vendor, rules[i].logPlatform, field);
    },
    platforms() {
      platformPages ??= services.platforms.map((p) => ({
        platform: p.platform,
        slug: p.slug,
        url: p.url,
        field: p.field,
        actions: p.services.flatMap((s) => s.actions.filter((a) => a.rules.length).map((a) => pageOf(a, p.field))),
      }));
      return platformPages;
    },
  };
}

export type { CanonicalField, CanonicalTable } from './canonical-table.ts';
