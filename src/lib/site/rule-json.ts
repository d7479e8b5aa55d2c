/**
 * The published form of one rule (`/rules/<vendor>/<slug>.json`, one line of /catalog.ndjson), described by
 * schemas/rule.schema.json: identity, ATT&CK as stated and resolved to today's release, documentation, the logic
 * JSON of logic/json.ts, indicators and where the rule lives upstream. Paths are site-relative.
 */
import { ATTACK_VERSION, resolveTactic, resolveTechnique } from '../attack/index.ts';
import type { Catalog } from '../catalog.ts';
import { logicJson, type JsonLogic } from '../logic/json.ts';
import { indicatorsOf } from '../logic/sections.ts';
import { logicStages } from '../logic/tree.ts';
import type { Value } from '../logic/types.ts';
import type { Rule, RuleDocs } from '../model.ts';
import { vendorLabel } from './format.ts';
import { permalinkUrl, ruleIdentifiers } from './permalinks.ts';
import { distinctIndicators } from './rule-view.ts';

export const RULE_SCHEMA_URL = '/schemas/rule.schema.json';

export interface TechniqueJson {
  /** The ID as the rule states it, normalized (T1562). */
  stated: string;
  name?: string;
  /** Today's technique: the same ID, or what MITRE revoked the stated one into. */
  current?: { id: string; name: string };
  revoked?: boolean;
  deprecated?: boolean;
  /** False when Enterprise ATT&CK does not know the ID. */
  known: boolean;
}

export interface RuleJson {
  $schema: string;
  id: string;
  url: string;
  jsonUrl: string;
  /** /id/ permalinks, one per identifier. */
  permalinks: string[];
  upstreamId?: string;
  aliases: string[];
  vendor: string;
  vendorName: string;
  source: string;
  format: string;
  kind: string;
  title: string;
  description?: string;
  platform?: string;
  logSource: string[];
  attack: {
    version: string;
    tactics: { stated: string; id?: string; name?: string }[];
    techniques: TechniqueJson[];
  };
  status?: string;
  deprecated: boolean;
  enabled?: boolean;
  severity: { original?: string; normalized?: string };
  references: string[];
  authors: string[];
  created?: string;
  modified?: string;
  tags: string[];
  docs?: RuleDocs;
  parseError?: string;
  logic: JsonLogic | null;
  indicators: { field: string; kind: string; values: Value[]; all?: boolean }[];
  outputFields: string[];
  upstream: { repository?: string; commit?: string; ref?: string; files: { path: string; url?: string }[] };
}

export function ruleJsonPath(rule: Pick<Rule, 'vendor' | 'slug'>): string {
  return `/rules/${rule.vendor}/${rule.slug}.json`;
}

export function techniqueJson(stated: string): TechniqueJson {
  const r = resolveTechnique(stated);
  const out: TechniqueJson = { stated: r.stated, known: !!r.technique };
  if (r.technique) out.name = r.technique.name;
  if (r.current) out.current = { id: r.current.id, name: r.current.name };
  if (r.technique?.revokedBy) out.revoked = true;
  if (r.technique?.deprecated) out.deprecated = true;
  return out;
}

function indicatorsJson(rule: Rule): RuleJson['indicators'] {
  if (!rule.logic || rule.logic.status === 'none') return [];
  const conjuncts = logicStages(rule.logic).flatMap((s) => s.conjuncts);
  return distinctIndicators(indicatorsOf(conjuncts)).map((row) => ({
    field: row.field,
    kind: row.kind,
    values: row.values,
    ...(row.all ? { all: true } : {}),
  }));
}

export function ruleJson(rule: Rule, upstreams: Catalog['upstreams'] = {}): RuleJson {
  const upstream = upstreams[rule.source];
  const ids = ruleIdentifiers(rule);
  const out: RuleJson = {
    $schema: RULE_SCHEMA_URL,
    id: rule.id,
    url: rule.url,
    jsonUrl: ruleJsonPath(rule),
    permalinks: [...new Set(ids.map(permalinkUrl).filter((u): u is string => !!u))],
    upstreamId: rule.upstreamId,
    aliases: ids.filter((i) => i !== rule.upstreamId),
    vendor: rule.vendor,
    vendorName: vendorLabel(rule.vendor),
    source: rule.source,
    format: rule.format,
    kind: rule.kind,
    title: rule.title,
    description: rule.description,
    platform: rule.logPlatform,
    logSource: rule.logSource,
    attack: {
      version: ATTACK_VERSION,
      tactics: rule.attack.tactics.map((stated) => {
        const t = resolveTactic(stated);
        return t ? { stated, id: t.id, name: t.name } : { stated };
      }),
      techniques: [...new Set(rule.attack.techniques)].map(techniqueJson),
    },
    status: rule.status,
    deprecated: !!rule.deprecated,
    enabled: rule.enabled,
    severity: { original: rule.severity.original, normalized: rule.severity.normalized },
    references: rule.references,
    authors: rule.authors,
    created: rule.created,
    modified: rule.modified,
    tags: rule.tags,
    docs: rule.docs,
    parseError: rule.parseError?.message,
    logic: rule.logic ? logicJson(rule.logic) : null,
    indicators: indicatorsJson(rule),
    outputFields: rule.logic?.outputFields ?? [],
    upstream: {
      repository: upstream?.url,
      commit: upstream?.commit,
      ref: upstream?.ref,
      files: rule.files.map((f) => (f.upstreamUrl ? { path: f.path, url: f.upstreamUrl } : { path: f.path })),
    },
  };
  // JSON.stringify drops undefined members; the schema then sees them absent, never null.
  return JSON.parse(JSON.stringify(out)) as RuleJson;
}
