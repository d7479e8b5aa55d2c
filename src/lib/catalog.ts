/** Builds the catalog: reads every source, gives each rule its identity, extracts its logic. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { lineColumn, warning, type Diagnostic } from './diagnostics.ts';
import { partitionTactics } from './attack/validate.ts';
import type { FormatId } from './definitions.ts';
import { FORMAT_MODULES } from './formats/registry.ts';
import type { CorpusView, SourceContext } from './formats/types.ts';
import { extractRuleLogic, readRuleFile } from './ingest.ts';
import { applySuccession } from './knowledge/succession.ts';
import { progress } from './progress.ts';
import { assignSlugs, publishedFile, publishedKeys, readPublished, type PublishedUrls } from './published.ts';
import type { Rule, RuleDraft } from './model.ts';
import { checkCorpus, pinnedUrl, readSourceConfigs, readUpstream, type SourceConfig, sourceConfigLine } from './sources.ts';

export interface SourceStats {
  name: string;
  format: FormatId;
  /** Files the format listed as possible rules. */
  files: number;
  /** Files that turned out not to be rules (helpers, templates), with reasons. */
  notRules: number;
  rules: number;
  withAttack: number;
  /** Rules whose file could not be parsed (they still get a page). */
  errors: number;
  errorsByReason: Record<string, number>;
  missing?: boolean;
}

export interface Catalog {
  root: string;
  examples: boolean;
  rules: Rule[];
  sources: SourceStats[];
  /** Every problem found, with file and line, for the build summary. */
  diagnostics: Diagnostic[];
  /** Upstream repository and commit of each source (by source name), from its SOURCE file. */
  upstreams?: Record<string, { url: string; commit?: string; ref?: string }>;
  /** The published-URL manifest the slugs were kept stable with, where it lives, and each rule's identity in it. */
  published?: { file?: string; urls: PublishedUrls } & RuleIdentities;
}

/** Each rule's key in the published-URL manifest and its slug base, by rule ID. */
export interface RuleIdentities {
  keys: Map<string, string>;
  bases: Map<string, string>;
}

export function slugify(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 90)
      .replace(/-+$/, '') || 'rule'
  );
}

function shortHash(text: string, length = 6): string {
  return createHash('sha1').update(text).digest('hex').slice(0, length);
}

/** The context a format reads one source folder with; upstream (URL + commit) pins its file links. */
export function createSourceContext(
  name: string,
  folder: string,
  upstream?: { url: string; commit?: string },
  ref?: string,
): SourceContext {
  return { name, root: folder, upstream, upstreamUrl: (relPath) => pinnedUrl(upstream, ref, relPath), cache: new Map() };
}

export function sourceContext(config: SourceConfig, root: string, diagnostics: Diagnostic[] = []): SourceContext {
  const folder = join(root, config.path);
  const upstream = readUpstream(folder, (message) => diagnostics.push({ ...warning('SOURCE', 'source-url', message, 1), source: config.name }));
  return createSourceContext(config.name, folder, upstream, config.ref);
}

/** Rules of one source sharing an upstream ID: each is warned of, at the line that states the ID. */
function duplicateIds(rules: Rule[]): Diagnostic[] {
  const byId = new Map<string, Rule[]>();
  for (const r of rules) {
    if (!r.upstreamId) continue;
    const key = `${r.source}\u0000${r.upstreamId.toLowerCase()}`;
    byId.set(key, [...(byId.get(key) ?? []), r]);
  }
  const out: Diagnostic[] = [];
  for (const group of byId.values()) {
    if (group.length < 2) continue;
    for (const r of group) {
      const file = r.files[0];
      const others = group.filter((o) => o !== r).map((o) => o.files[0]?.path ?? o.id);
      const at = file ? file.text.indexOf(r.upstreamId!) : -1;
      const line = at >= 0 ? lineColumn(file!.text, at).line : 1;
      out.push({ ...warning(file?.path ?? r.id, 'duplicate-id', `upstream ID ${r.upstreamId} is also the ID of ${others.join(', ')}`, line), source: r.source });
    }
  }
  return out;
}

/**
 * Reads one source (or the given files of it, in that order): every listed file becomes rules, a not-a-rule note,
 * or a broken-rule entry.
 */
export function readSource(
  config: SourceConfig,
  source: SourceContext,
  files?: readonly string[],
): { drafts: RuleDraft[]; stats: SourceStats; diagnostics: Diagnostic[] } {
  const format = FORMAT_MODULES[config.format];
  const stats: SourceStats = { name: config.name, format: config.format, files: 0, notRules: 0, rules: 0, withAttack: 0, errors: 0, errorsByReason: {} };
  const drafts: RuleDraft[] = [];
  const diagnostics: Diagnostic[] = [];
  if (!existsSync(source.root)) {
    stats.missing = true;
    return { drafts, stats, diagnostics };
  }
  const listed = files ?? format.listFiles(source);
  for (const relPath of listed) {
    stats.files++;
    // A worker reading a few files of a source reports no progress of its own.
    if (!files) progress(`reading ${config.name}`, stats.files, listed.length, 'files');
    // Never throws: a file its reader cannot finish (crash, time budget) still becomes a page with the reason.
    const result = readRuleFile(format, source, relPath);
    diagnostics.push(...(result.diagnostics ?? []));
    if (result.notARule) {
      stats.notRules++;
      diagnostics.push(warning(relPath, 'not-a-rule', result.notARule, 1));
    }
    for (const found of result.rules) {
      const draft = withKnownTactics(found, relPath);
      drafts.push(draft);
      stats.rules++;
      if (draft.attack.techniques.length || draft.attack.tactics.length) stats.withAttack++;
      if (draft.parseError) {
        stats.errors++;
        stats.errorsByReason[draft.parseError.code] = (stats.errorsByReason[draft.parseError.code] ?? 0) + 1;
        diagnostics.push(draft.parseError);
      }
      diagnostics.push(...draft.diagnostics);
    }
  }
  return { drafts, stats, diagnostics };
}

/** The draft with only the tactics ATT&CK knows; each other word becomes a warning instead of a tactic row. */
function withKnownTactics(draft: RuleDraft, relPath: string): RuleDraft {
  const { known, unknown, corrected } = partitionTactics(draft.attack.tactics);
  if (unknown.length === 0 && corrected.length === 0) return draft;
  return {
    ...draft,
    attack: { ...draft.attack, tactics: known },
    diagnostics: [
      ...draft.diagnostics,
      ...unknown.map((t) => warning(relPath, 'attack-tactic', `"${t}" is not an ATT&CK tactic; left out of the coverage`)),
      ...corrected.map((c) => warning(relPath, 'attack-tactic-typo', `"${c.stated}" is no ATT&CK tactic; read as "${c.read}", one letter away`)),
    ],
  };
}

/**
 * Gives every rule a unique slug within its vendor: its slugified title, a hash of its file path where several
 * rules want the same one, so order never matters; with the published-URL manifest (published.ts), a rule keeps
 * its published slug while its title stays, and only newcomers get suffixed. `identities` receives each rule's
 * key and slug base, by rule ID.
 */
export function assignIdentity(entries: { draft: RuleDraft; source: string }[], published?: PublishedUrls, identities?: RuleIdentities): Rule[] {
  const keys = publishedKeys(entries);
  const requests = entries.map(({ draft }, i) => {
    const where = `${draft.files[0]?.path ?? ''}#${draft.upstreamId ?? ''}#${draft.title}`;
    return { vendor: draft.vendor, base: slugify(draft.slugBase || draft.title), key: keys[i], hash: (length: number) => shortHash(where, length) };
  });
  const slugs = assignSlugs(requests, published);
  return entries.map(({ draft, source }, i) => {
    const slug = slugs[i];
    const id = `${draft.vendor}/${slug}`;
    identities?.keys.set(id, keys[i]);
    identities?.bases.set(id, requests[i].base);
    return { ...draft, id, slug, url: `/rules/${draft.vendor}/${slug}/`, source };
  });
}

export function corpusView(rules: Rule[]): CorpusView {
  const index = new Map<string, Rule>();
  for (const r of rules) {
    if (r.upstreamId) index.set(`${r.source}\u0000${r.upstreamId}`, r);
  }
  return {
    findByUpstreamId: (source, id) => {
      const r = index.get(`${source}\u0000${id}`);
      return r && { id: r.id, title: r.title };
    },
  };
}

export interface BuildOptions {
  env?: NodeJS.ProcessEnv;
  /** Skip logic extraction (for quick ingest-only runs). */
  skipLogic?: boolean;
  /** Only these sources (by name). */
  only?: string[];
}

/** Where a source's own problems point: its entry in content/sources.yaml, so each has a file and line. */
const SOURCES_FILE = 'content/sources.yaml';

/**
 * The corpus both readers start from. A missing or empty corpus throws here rather than building an empty catalog
 * that looks like success; a configured source the corpus lacks is a warning naming it.
 */
export function openCorpus(env: NodeJS.ProcessEnv | undefined, configs: SourceConfig[]): { root: string; examples: boolean; diagnostics: Diagnostic[] } {
  const { root, examples, fatal, absent } = checkCorpus(env, configs);
  if (fatal) throw new Error(fatal);
  const diagnostics = absent.map((c) => warning(SOURCES_FILE, 'source-absent', `source ${c.name} is listed here but ${c.path}/ is not in the corpus`, sourceConfigLine(c.name)));
  return { root, examples, diagnostics };
}

/** A source that exists but lists no rule file. */
export function emptySourceWarning(config: SourceConfig, stats: SourceStats): Diagnostic[] {
  if (stats.missing || stats.files > 0) return [];
  return [warning(SOURCES_FILE, 'source-empty', `source ${config.name} has no rule files under ${config.path}/`, sourceConfigLine(config.name))];
}

/** Identity for every rule (slugs kept stable by the published-URL manifest) and duplicate-ID warnings. */
export function identifyRules(
  entries: { draft: RuleDraft; source: string }[],
  env: NodeJS.ProcessEnv | undefined,
  examples: boolean,
): { rules: Rule[]; published: NonNullable<Catalog['published']>; diagnostics: Diagnostic[] } {
  const publishedAt = publishedFile(env, examples);
  const published = { file: publishedAt, urls: readPublished(publishedAt), keys: new Map<string, string>(), bases: new Map<string, string>() };
  const rules = assignIdentity(entries, published.urls, published);
  return { rules, published, diagnostics: duplicateIds(rules) };
}

export function buildCatalog(options: BuildOptions = {}): Catalog {
  const configs = readSourceConfigs().filter((c) => !options.only || options.only.includes(c.name));
  const { root, examples, diagnostics } = openCorpus(options.env, configs);
  const sources: SourceStats[] = [];
  const entries: { draft: RuleDraft; source: string }[] = [];
  const contexts = new Map<string, SourceContext>();
  const upstreams: NonNullable<Catalog['upstreams']> = {};
  for (const config of configs) {
    const context = sourceContext(config, root, diagnostics);
    contexts.set(config.name, context);
    if (context.upstream) upstreams[config.name] = { url: context.upstream.url, commit: context.upstream.commit, ref: config.ref };
    if (existsSync(context.root)) diagnostics.push(...(FORMAT_MODULES[config.format].sourceDiagnostics?.(context) ?? []).map((d) => ({ ...d, source: config.name })));
    const read = readSource(config, context);
    sources.push(read.stats);
    diagnostics.push(...read.diagnostics.map((d) => ({ ...d, source: config.name })));
    diagnostics.push(...emptySourceWarning(config, read.stats));
    for (const draft of read.drafts) entries.push({ draft, source: config.name });
  }
  const identified = identifyRules(entries, options.env, examples);
  const rules = identified.rules;
  diagnostics.push(...identified.diagnostics);
  applySuccession(rules);
  if (!options.skipLogic) extractAllLogic(rules, configs, contexts, diagnostics);
  return { root, examples, rules, sources, diagnostics, upstreams, published: identified.published };
}

function extractAllLogic(rules: Rule[], configs: SourceConfig[], contexts: Map<string, SourceContext>, diagnostics: Diagnostic[]) {
  const view = corpusView(rules);
  const formatOf = new Map(configs.map((c) => [c.name, c.format]));
  for (const [i, rule] of rules.entries()) {
    progress('extracting logic', i + 1, rules.length, 'rules');
    // Never throws: a crash or a spent time budget leaves the rule its page, with the reason as its logic.
    rule.logic = extractRuleLogic(FORMAT_MODULES[formatOf.get(rule.source)!], rule, contexts.get(rule.source)!, view);
    diagnostics.push(...rule.logic.diagnostics.map((d) => ({ ...d, source: rule.source })));
  }
}
