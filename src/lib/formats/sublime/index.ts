/**
 * Sublime Security email rules (sublime-rules layout): one YAML rule per file under detection-rules/,
 * discovery-rules/ and dlp-discovery-rules/, its `source` in MQL. `attack_types`, `tactics_and_techniques` and
 * `detection_methods` are Sublime's own taxonomy, kept as such; ATT&CK is read only where a value is an ATT&CK ID.
 */
import { sublimeDocs } from '../rule-docs.ts';
import { isMap, isScalar, parseDocument } from 'yaml';
import { normalizeSeverity } from '../../definitions.ts';
import { error, warning, type Diagnostic } from '../../diagnostics.ts';
import { hasExtension, walkFiles } from '../../fs.ts';
import { LANGUAGES } from '../../languages/index.ts';
import { placeInFile, type QueryPlacement } from '../../logic/positions.ts';
import { noLogic } from '../../logic/tree.ts';
import type { AttackMapping, RuleDraft, TaxonomyEntry } from '../../model.ts';
import { asString, asStringList, brokenRule, fileStem, ruleFile } from '../common.ts';
import type { FileResult, RuleFormat, SourceContext } from '../types.ts';
import { scalarPlacement, yamlValue } from '../../yaml.ts';

const RULE_FOLDERS = ['detection-rules', 'discovery-rules', 'dlp-discovery-rules'];

/** Sublime's taxonomy fields, in the order its own rule pages show them. */
const TAXONOMY_FIELDS: [key: string, label: string][] = [
  ['attack_types', 'Attack types'],
  ['tactics_and_techniques', 'Tactics and techniques'],
  ['detection_methods', 'Detection methods'],
];

/** What extractLogic reads back from a draft. */
interface SublimeDocument {
  source: string;
  /** Where the query starts in the file. */
  placement: QueryPlacement;
}

function taxonomyOf(data: Record<string, unknown>): TaxonomyEntry[] {
  return TAXONOMY_FIELDS.map(([key, label]) => ({ label, values: asStringList(data[key]) })).filter((t) => t.values.length > 0);
}

/** ATT&CK IDs among the taxonomy values and tags (none of the upstream rules state one today). */
function attackOf(values: string[]): AttackMapping {
  const techniques = values.filter((v) => /^T\d{4}(\.\d{3})?$/i.test(v.trim())).map((v) => v.trim().toUpperCase());
  const tactics = values.filter((v) => /^TA\d{4}$/i.test(v.trim())).map((v) => v.trim().toUpperCase());
  return { tactics: [...new Set(tactics)], techniques: [...new Set(techniques)] };
}

/** Authors are `{name: ...}` or `{twitter: ...}` entries, sometimes plain strings. */
function authorsOf(v: unknown): string[] {
  if (!Array.isArray(v)) return asStringList(v);
  return v.flatMap((a) => {
    if (a && typeof a === 'object') {
      const o = a as Record<string, unknown>;
      const twitter = asString(o.twitter);
      const name = asString(o.name) ?? (twitter ? `@${twitter.replace(/^@/, '')}` : undefined);
      return name ? [name] : Object.values(o).flatMap(asStringList);
    }
    return asStringList(a);
  });
}

/** The query and where it starts in the file: a block scalar (`source: |`) starts on the next line. */
function sourceOf(text: string, doc: ReturnType<typeof parseDocument>): SublimeDocument | undefined {
  const root = doc.contents;
  if (!isMap(root)) return undefined;
  const node = root.get('source', true);
  if (!isScalar(node) || typeof node.value !== 'string') return undefined;
  return { source: node.value, placement: scalarPlacement(node, text) };
}

export function parseSublimeFile(relPath: string, text: string, source: SourceContext): FileResult {
  const doc = parseDocument(text, { uniqueKeys: false });
  const broken = (problem: Diagnostic): FileResult => ({ rules: [brokenRule({ vendor: 'sublime', format: 'sublime', source, relPath, text, language: 'yaml', error: problem })] });
  if (doc.errors.length > 0) {
    const first = doc.errors[0];
    const where = first.linePos?.[0];
    return broken(error(relPath, 'yaml-syntax', first.message.split('\n')[0], where?.line ?? 1, where?.col));
  }
  const read = yamlValue(doc, relPath, text);
  if (read.error) return broken(read.error);
  const data = read.value;
  if (!data || typeof data !== 'object' || Array.isArray(data)) return broken(error(relPath, 'yaml-syntax', 'the file is not a YAML mapping', 1));
  const fields = data as Record<string, unknown>;
  const diagnostics: Diagnostic[] = [];
  const title = asString(fields.name);
  if (!title) diagnostics.push(warning(relPath, 'missing-title', 'the rule has no name'));
  const query = sourceOf(text, doc);
  if (!query) diagnostics.push(warning(relPath, 'missing-source', 'the rule has no MQL source'));
  const taxonomy = taxonomyOf(fields);
  const tags = asStringList(fields.tags);
  const severity = asString(fields.severity);
  const draft: RuleDraft = {
    vendor: 'sublime',
    format: 'sublime',
    upstreamId: asString(fields.id),
    slugBase: fileStem(relPath),
    title: title ?? fileStem(relPath),
    description: asString(fields.description),
    severity: { original: severity, normalized: normalizeSeverity(severity) },
    kind: asString(fields.type) ?? 'rule',
    logPlatform: 'Email',
    logSource: [],
    attack: attackOf([...taxonomy.flatMap((t) => t.values), ...tags]),
    taxonomy,
    references: asStringList(fields.references),
    docs: sublimeDocs(fields),
    authors: authorsOf(fields.authors),
    tags,
    files: [ruleFile(source, relPath, 'yaml', text)],
    query: query ? { language: 'mql', text: query.source } : undefined,
    tests: [],
    diagnostics,
    document: query satisfies SublimeDocument | undefined,
  };
  return { rules: [draft] };
}

export const sublimeFormat: RuleFormat = {
  id: 'sublime',
  listFiles: (source) => RULE_FOLDERS.flatMap((folder) => walkFiles(source.root, folder, (name) => hasExtension(name, '.yml', '.yaml'))),
  parseFile: parseSublimeFile,
  extractLogic: (rule) => {
    const doc = rule.document as SublimeDocument | undefined;
    if (!doc) return noLogic(rule.parseError ? 'the rule file could not be parsed' : 'the rule has no MQL source');
    return placeInFile(LANGUAGES.mql.extract(doc.source, { file: rule.files[0]?.path }), doc.placement);
  },
};
