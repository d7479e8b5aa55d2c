/** Builds the catalog: reads every source, gives each rule its identity, extracts its logic. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { error, warning, type Diagnostic } from './diagnostics.ts';
import { partitionTactics } from './attack/validate.ts';
import type { FormatId } from './definitions.ts';
import { FORMAT_MODULES } from './formats/registry.ts';
import type { CorpusView, RuleFormat, SourceContext } from './formats/types.ts';
import { applySuccession } from './knowledge/succession.ts';
import { noLogic } from './logic/tree.ts';
import type { RuleLogic } from './logic/types.ts';
import type { Rule, RuleDraft } from './model.ts';
import { corpusRoot, pinnedUrl, readSourceConfigs, readUpstream, type SourceConfig } from './sources.ts';

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

function shortHash(text: string): string {
  return createHash('sha1').update(text).digest('hex').slice(0, 6);
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

export function sourceContext(config: SourceConfig, root: string): SourceContext {
  const folder = join(root, config.path);
  return createSourceContext(config.name, folder, readUpstream(folder), config.ref);
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
  for (const relPath of files ?? format.listFiles(source)) {
    stats.files++;
    let result: ReturnType<RuleFormat['parseFile']>;
    try {
      result = format.parseFile(relPath, readFileSync(join(source.root, relPath), 'utf8'), source);
    } catch (e) {
      // A format module must not throw; if it does, the file is still reported, never dropped.
      diagnostics.push(error(relPath, 'format-crash', `${config.format} reader failed: ${(e as Error).message}`));
      stats.errors++;
      stats.errorsByReason['format-crash'] = (stats.errorsByReason['format-crash'] ?? 0) + 1;
      continue;
    }
    diagnostics.push(...(result.diagnostics ?? []));
    if (result.notARule) stats.notRules++;
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

/** Gives every rule a unique slug within its vendor; collisions get a hash of the file path, so order never matters. */
export function assignIdentity(entries: { draft: RuleDraft; source: string }[]): Rule[] {
  const bySlug = new Map<string, number>();
  const base = entries.map(({ draft }) => `${draft.vendor}/${slugify(draft.slugBase || draft.title)}`);
  for (const key of base) bySlug.set(key, (bySlug.get(key) ?? 0) + 1);
  const taken = new Set<string>();
  return entries.map(({ draft, source }, i) => {
    let slug = base[i].slice(draft.vendor.length + 1);
    if ((bySlug.get(base[i]) ?? 0) > 1) {
      const where = `${draft.files[0]?.path ?? ''}#${draft.upstreamId ?? ''}#${draft.title}`;
      slug = `${slug}-${shortHash(where)}`;
    }
    // Documents of one multi-document file may share path, ID and title (Sigma `action: global`): number them in file order.
    const first = slug;
    for (let n = 2; taken.has(`${draft.vendor}/${slug}`); n++) slug = `${first}-${n}`;
    taken.add(`${draft.vendor}/${slug}`);
    return { ...draft, id: `${draft.vendor}/${slug}`, slug, url: `/rules/${draft.vendor}/${slug}/`, source };
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

export function buildCatalog(options: BuildOptions = {}): Catalog {
  const { root, examples } = corpusRoot(options.env);
  const configs = readSourceConfigs().filter((c) => !options.only || options.only.includes(c.name));
  const sources: SourceStats[] = [];
  const diagnostics: Diagnostic[] = [];
  const entries: { draft: RuleDraft; source: string }[] = [];
  const contexts = new Map<string, SourceContext>();
  const upstreams: NonNullable<Catalog['upstreams']> = {};
  for (const config of configs) {
    const context = sourceContext(config, root);
    contexts.set(config.name, context);
    if (context.upstream) upstreams[config.name] = { url: context.upstream.url, commit: context.upstream.commit, ref: config.ref };
    if (existsSync(context.root)) diagnostics.push(...(FORMAT_MODULES[config.format].sourceDiagnostics?.(context) ?? []));
    const read = readSource(config, context);
    sources.push(read.stats);
    diagnostics.push(...read.diagnostics);
    for (const draft of read.drafts) entries.push({ draft, source: config.name });
  }
  const rules = assignIdentity(entries);
  applySuccession(rules);
  if (!options.skipLogic) extractAllLogic(rules, configs, contexts, diagnostics);
  return { root, examples, rules, sources, diagnostics, upstreams };
}

function extractAllLogic(rules: Rule[], configs: SourceConfig[], contexts: Map<string, SourceContext>, diagnostics: Diagnostic[]) {
  const view = corpusView(rules);
  const formatOf = new Map(configs.map((c) => [c.name, c.format]));
  for (const rule of rules) {
    const extracted = extractLogicOf(rule, FORMAT_MODULES[formatOf.get(rule.source)!], contexts.get(rule.source)!, view);
    rule.logic = extracted.logic;
    diagnostics.push(...extracted.diagnostics);
  }
}

/** The logic of one rule, and the problems to report for it (an extractor crash, then the logic's own). */
export function extractLogicOf(
  rule: RuleDraft,
  format: RuleFormat,
  context: SourceContext,
  view: CorpusView,
): { logic: RuleLogic; diagnostics: Diagnostic[] } {
  if (rule.parseError) return { logic: noLogic('the rule file could not be parsed'), diagnostics: [] };
  if (!format.extractLogic) return { logic: noLogic(`no logic extractor for ${format.id} yet`), diagnostics: [] };
  const diagnostics: Diagnostic[] = [];
  let logic: RuleLogic;
  try {
    logic = format.extractLogic(rule, context, view);
  } catch (e) {
    const file = rule.files[0]?.path ?? ('id' in rule ? String(rule.id) : rule.title);
    logic = noLogic(`extractor failed: ${(e as Error).message}`);
    diagnostics.push(error(file, 'extractor-crash', (e as Error).stack?.split('\n').slice(0, 3).join(' ') ?? String(e)));
  }
  diagnostics.push(...logic.diagnostics);
  return { logic, diagnostics };
}
