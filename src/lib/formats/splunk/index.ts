/**
 * Splunk security_content: one detection per detections/**\/*.yml. macros/ and data_sources/ are reference
 * data (macro expansion, log platforms), stories/ are not rules. The search is SPL; its logic comes from the
 * SPL extractor with this source's macros.
 */
import { isMap, parseDocument, type Document } from 'yaml';
import { error, lineColumn, warning, type Diagnostic } from '../../diagnostics.ts';
import { normalizeSeverity } from '../../definitions.ts';
import { hasExtension, walkFiles } from '../../fs.ts';
import { LANGUAGES } from '../../languages/index.ts';
import { offsetOf, placeInFile, type QueryPlacement } from '../../logic/positions.ts';
import { searchSources } from '../../languages/spl/sources.ts';
import { noLogic } from '../../logic/tree.ts';
import type { RuleDraft, RuleTest } from '../../model.ts';
import { asString, asStringList, brokenRule, fileStem, ruleFile } from '../common.ts';
import { splunkReplacements } from '../replacement-notes.ts';
import { otherIds, splunkDocs } from '../rule-docs.ts';
import { splunkPlatform } from './platform.ts';
import { valueLocator, valueSpan, type ValueSpan } from './locate.ts';
import { loadReference } from './reference.ts';
import type { FileResult, RuleFormat, SourceContext } from '../types.ts';
import { yamlValue } from '../../yaml.ts';

/** What the logic extractor needs from a parsed detection. */
interface SplunkDocument {
  search: string;
  /** Line of `search:` in the file. */
  searchLine?: number;
  /** Where the search's value sits in the file, to place leaves and diagnostics. */
  searchSpan?: ValueSpan;
}

const KNOWN_FIELDS = new Set([
  'name', 'id', 'version', 'date', 'author', 'status', 'type', 'description', 'data_source', 'data_sources', 'search',
  'how_to_implement', 'known_false_positives', 'references', 'drilldown_searches', 'tags', 'tests', 'rba',
  'deployment', 'datamodel', 'enabled_by_default', 'baselines',
]);

function keyLine(doc: Document, text: string, key: string): number | undefined {
  if (!isMap(doc.contents)) return undefined;
  const pair = doc.contents.items.find((p) => (p.key as { value?: unknown })?.value === key);
  const range = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
  return range ? lineColumn(text, range[0]).line : undefined;
}

/** The highest risk score: rba.risk_objects[].score (current layout) or tags.risk_score (older one). */
function riskScore(d: Record<string, any>): number | undefined {
  const scores = [
    ...(Array.isArray(d.rba?.risk_objects) ? d.rba.risk_objects.map((o: any) => o?.score) : []),
    d.tags?.risk_score,
  ].filter((s): s is number => typeof s === 'number');
  return scores.length ? Math.max(...scores) : undefined;
}

function severityOf(d: Record<string, any>): RuleDraft['severity'] {
  const word = asString(d.severity ?? d.tags?.severity);
  if (word) return { original: word, normalized: normalizeSeverity(word) };
  const score = riskScore(d);
  return score === undefined ? {} : { original: `risk score ${score}`, normalized: normalizeSeverity(score) };
}

function testsOf(d: Record<string, any>): RuleTest[] {
  if (!Array.isArray(d.tests)) return [];
  return d.tests
    .filter((t: any) => t && typeof t === 'object')
    .map((t: any, i: number) => ({ name: asString(t.name) ?? `Test ${i + 1}`, expected: true, log: t.attack_data ?? null }));
}

function parseDetection(relPath: string, text: string, source: SourceContext): RuleDraft {
  const base = { vendor: 'splunk' as const, format: 'splunk' as const, source, relPath, text, language: 'yaml' as const };
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const at = lineColumn(text, e.pos[0]);
    return brokenRule({ ...base, error: error(relPath, 'yaml-syntax', e.message.split('\n')[0], at.line, at.column) });
  }
  const read = yamlValue(doc, relPath, text);
  if (read.error) return brokenRule({ ...base, error: read.error });
  const d = read.value as Record<string, any>;
  if (!d || typeof d !== 'object' || Array.isArray(d)) {
    return brokenRule({ ...base, error: error(relPath, 'not-a-detection', 'the file is not a YAML mapping', 1) });
  }
  const diagnostics: Diagnostic[] = [];
  for (const key of Object.keys(d)) {
    if (!KNOWN_FIELDS.has(key)) diagnostics.push(warning(relPath, 'unknown-field', `unknown field ${key}`, keyLine(doc, text, key)));
  }
  const title = asString(d.name);
  if (!title) diagnostics.push(warning(relPath, 'missing-title', 'the detection has no name; the file name stands in', 1));
  const search = typeof d.search === 'string' ? d.search : undefined;
  if (!search) diagnostics.push(warning(relPath, 'missing-search', 'the detection has no search', 1));
  const reference = loadReference(source);
  const dataSourceNames = asStringList(d.data_source ?? d.data_sources);
  const sources = search ? searchSources(search, reference.macros) : { sourcetypes: [], datamodels: [], macros: [] };
  const logPlatform = splunkPlatform({
    dataSources: dataSourceNames.map((name) => ({ name, ref: reference.dataSources.get(name) })),
    ...sources,
    search: search ?? '',
  });
  const status = asString(d.status);
  const tags = d.tags && typeof d.tags === 'object' ? d.tags : {};
  const document: SplunkDocument | undefined = search ? { search, searchLine: keyLine(doc, text, 'search'), searchSpan: valueSpan(doc, 'search') } : undefined;
  return {
    vendor: 'splunk',
    format: 'splunk',
    upstreamId: asString(d.id),
    aliases: otherIds(asString(d.id), [title]),
    docs: splunkDocs(d),
    slugBase: title ?? fileStem(relPath),
    title: title ?? fileStem(relPath),
    description: asString(d.description),
    severity: severityOf(d),
    status,
    deprecated: status === 'deprecated' || relPath.startsWith('detections/deprecated/'),
    related: splunkReplacements(asString(d.description)),
    kind: asString(d.type) ?? 'detection',
    logPlatform,
    logSource: dataSourceNames.length ? dataSourceNames : [...sources.macros.slice(0, 1), ...sources.datamodels.map((m) => `datamodel=${m}`)],
    attack: { tactics: [], techniques: asStringList(tags.mitre_attack_id).map((t) => t.toUpperCase()) },
    references: asStringList(d.references),
    authors: asStringList(d.author).flatMap((a) => a.split(',').map((s) => s.trim()).filter(Boolean)),
    created: asString(d.date),
    tags: [...asStringList(tags.analytic_story), ...asStringList(tags.product), ...asStringList(tags.security_domain)],
    files: [ruleFile(source, relPath, 'yaml', text)],
    query: search ? { language: 'spl', text: search } : undefined,
    tests: testsOf(d),
    diagnostics,
    document,
  };
}

/**
 * Where the search's characters are in the file: YAML quoting and folding move them, so each position goes
 * through its offset in the search to the file offset of that character. Without the value's span, the search's line.
 */
function searchPlacement(doc: SplunkDocument, text: string | undefined): QueryPlacement {
  if (!doc.searchSpan || !text) return { map: () => ({ line: doc.searchLine ?? 1 }) };
  const locate = valueLocator(text, doc.search, doc.searchSpan);
  const offsetIn = offsetOf(doc.search);
  return { map: (at) => locate(offsetIn(at)) };
}

export const splunkFormat: RuleFormat = {
  id: 'splunk',
  listFiles: (source) => walkFiles(source.root, 'detections', (name) => hasExtension(name, '.yml', '.yaml')),
  parseFile(relPath, text, source): FileResult {
    let rule: RuleDraft;
    try {
      rule = parseDetection(relPath, text, source);
    } catch (e) {
      // Nothing in a detection should get here; if it does, the file still gets its entry.
      const problem = error(relPath, 'splunk-reader', `could not read the detection: ${(e as Error).message}`, 1);
      rule = brokenRule({ vendor: 'splunk', format: 'splunk', source, relPath, text, language: 'yaml', error: problem });
    }
    return { rules: [rule] };
  },
  sourceDiagnostics: (source) => loadReference(source).diagnostics,
  extractLogic(rule, source) {
    const doc = rule.document as SplunkDocument | undefined;
    if (!doc?.search) return noLogic('the detection has no search');
    const file = rule.files[0]?.path ?? rule.title;
    const text = rule.files[0]?.text;
    const { sources: _datamodels, ...logic } = LANGUAGES.spl.extract(doc.search, { file, macros: loadReference(source).macros });
    return placeInFile(logic, searchPlacement(doc, text));
  },
};
