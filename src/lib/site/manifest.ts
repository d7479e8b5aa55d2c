/**
 * dist/manifest.json: what the build wrote, for scripts/check-site.ts and the end-to-end tests, which pick their
 * rule, permalink and technique from it instead of hard-coding titles.
 */
import { normalizeTechniqueId, resolveTechnique, TECHNIQUES } from '../attack/index.ts';
import { correlationSentence, stageName } from '../logic/correlation-text.ts';
import type { SiteModel } from './model.ts';
import { layerSpecs } from './navigator.ts';
import { permalinkSegment } from './permalinks.ts';

export interface SiteManifest {
  examples: boolean;
  rules: number;
  rulePages: { id: string; url: string }[];
  permalinks: { url: string; targets: string[] }[];
  techniquePages: number;
  /** A rule with an upstream ID, a technique and a vendor the end-to-end tests use. */
  sample?: {
    rule: { title: string; url: string; vendor: string; vendorName: string; permalink: string };
    technique: { id: string; name: string; url: string; searchId: string };
  };
  /** A deprecated rule with a successor in the catalog, and a retired ID only a successor still names (if any). */
  succession?: { retired: { title: string; url: string }; successor: { title: string; url: string }; retiredIdPermalink?: { url: string; target: string } };
  /** A rule whose logic has several stages and a correlation (an EQL sequence), for the stage-blocks test. */
  /** A multi-stage rule, the name of its first stage and its correlation sentence, as its page must show them. */
  multiStage?: { url: string; stages: number; firstStage: string; sentence: string };
  /** Files the build script writes outside Astro (src/lib/site/open-data.ts), for check:site. */
  data?: { ndjson: string; csv: string; layers: string[] };
  /** A rule with documentation sections, a Sigma rule retiring an ID, a Chronicle rule with a meta.rule_id. */
  samples?: { documented?: string; retiredId?: { id: string; url: string }; chronicleRuleId?: { id: string; url: string } };
  /** Whether some rule maps to Impair Defenses (T1562, revoked into T1685 in v19): the search test then runs. */
  impairDefenses: boolean;
  /** A published URL whose rule moved, and a tombstone of a removed rule (from the published-URL manifest), if any. */
  published?: { moved?: { from: string; to: string }; tombstone?: { url: string; title: string; successor?: string } };
}

function publishedSample(model: SiteModel): SiteManifest['published'] {
  const moved = model.urls.moved[0];
  const gone = model.urls.tombstones.find((t) => t.successor) ?? model.urls.tombstones[0];
  return {
    ...(moved && { moved: { from: moved.from, to: moved.to } }),
    ...(gone && { tombstone: { url: gone.url, title: gone.rule.title, ...(gone.successor && { successor: gone.successor.url }) } }),
  };
}

function multiStage(model: SiteModel): Pick<SiteManifest, 'multiStage'> {
  const rule = model.rules.find((r) => r.logic?.status !== 'none' && r.logic?.correlation && (r.logic.stages?.length ?? 0) > 1);
  if (!rule) return {};
  const { stages, correlation } = rule.logic! as Required<Pick<NonNullable<typeof rule.logic>, 'stages' | 'correlation'>>;
  return { multiStage: { url: rule.url, stages: stages.length, firstStage: stageName(stages[0], 0), sentence: correlationSentence(correlation, stages) } };
}

/** A rule of the vendor answering to an alias that no other rule shares, with that alias. */
function aliasSample(model: SiteModel, vendor: string): { id: string; url: string } | undefined {
  // An alias whose permalink leads to this rule alone: another rule's upstream ID may hold the same segment.
  const single = new Map(model.permalinks.filter((g) => g.rules.length === 1).map((g) => [g.segment, g.rules[0].id]));
  for (const rule of model.rules) {
    if (rule.vendor !== vendor) continue;
    const id = rule.aliases?.find((a) => single.get(permalinkSegment(a)) === rule.id);
    if (id) return { id, url: rule.url };
  }
  return undefined;
}

export function siteManifest(model: SiteModel, vendorName: (v: string) => string): SiteManifest {
  const permalinks = model.permalinks.map((g) => ({ url: g.url, targets: g.rules.map((r) => r.url) }));
  // The rule's own upstream ID, not one of its aliases, names its sample permalink.
  const unique = new Map(
    model.permalinks.filter((g) => g.rules.length === 1 && g.rules[0].upstreamId && permalinkSegment(g.rules[0].upstreamId) === g.segment).map((g) => [g.rules[0].id, g]),
  );
  // Prefer a rule with a single-target permalink and a known technique; stable across builds (sorted by id).
  let sample: SiteManifest['sample'];
  for (const rule of model.rules) {
    const group = unique.get(rule.id);
    if (!group || rule.parseError) continue;
    const technique = rule.attack.techniques.map((t) => resolveTechnique(t)).find((t) => t.technique && t.current);
    if (!technique) continue;
    sample = {
      rule: { title: rule.title, url: rule.url, vendor: rule.vendor, vendorName: vendorName(rule.vendor), permalink: group.url },
      technique: {
        id: technique.technique!.id,
        name: technique.technique!.name,
        url: `/attack/techniques/${technique.technique!.id}/`,
        searchId: normalizeTechniqueId(technique.stated),
      },
    };
    break;
  }
  const retired = model.rules.find((r) => r.deprecated && r.supersededBy?.some((l) => l.url));
  const successor = retired?.supersededBy?.find((l) => l.url);
  const gone = model.rules.flatMap((r) => (r.replaces ?? []).filter((l) => !l.ruleId && l.upstreamId).map((l) => ({ rule: r, id: l.upstreamId! })));
  const gonePermalink = gone.map((g) => ({ g, group: model.permalinks.find((p) => p.upstreamIds.includes(g.id) && p.rules.length === 1) })).find((x) => x.group);
  return {
    examples: model.catalog.examples,
    rules: model.rules.length,
    rulePages: model.rules.map((r) => ({ id: r.id, url: r.url })),
    permalinks,
    techniquePages: TECHNIQUES.length,
    sample,
    succession: retired && successor
      ? {
          retired: { title: retired.title, url: retired.url },
          successor: { title: successor.title ?? '', url: successor.url! },
          retiredIdPermalink: gonePermalink && { url: gonePermalink.group!.url, target: gonePermalink.g.rule.url },
        }
      : undefined,
    ...multiStage(model),
    data: { ndjson: '/catalog.ndjson', csv: '/catalog.csv', layers: layerSpecs(model.rules).map((l) => l.path) },
    samples: {
      documented: model.rules.find((r) => r.docs?.falsePositives?.length && !r.parseError)?.url,
      retiredId: aliasSample(model, 'sigma'),
      chronicleRuleId: aliasSample(model, 'chronicle'),
    },
    impairDefenses: model.rules.some((r) => r.attack.techniques.some((t) => /^T1562(\.|$)/i.test(t.trim()))),
    published: publishedSample(model),
  };
}
