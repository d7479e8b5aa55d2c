/**
 * Sigma rules (SigmaHQ layout): every .yml under rules*, one rule per YAML document, `action: global` documents
 * merged into the following ones, correlation rules (`correlation:`) and meta filters (`filter:`).
 */
import { stringify } from 'yaml';
import { error, warning, type Diagnostic } from '../../diagnostics.ts';
import { normalizeSeverity } from '../../definitions.ts';
import { hasExtension, walkFiles } from '../../fs.ts';
import { noLogic } from '../../logic/tree.ts';
import type { AttackMapping, RuleDraft, RuleRelation } from '../../model.ts';
import { correlatedLogSource, correlationSpec, extractCorrelationLogic, rememberDocument } from './correlation.ts';
import { LANGUAGES } from '../../languages/index.ts';
import { loadSigmaFile, type SigmaDocument } from '../../languages/sigma/document.ts';
import { extractFilterLogic } from './filter.ts';
import { logSourceStrings, sigmaLogPlatform, type SigmaLogSource } from './logsource.ts';
import { asString, asStringList, brokenRule, fileStem, ruleFile } from '../common.ts';
import { regressionAgreement, regressionCases } from './regression.ts';
import { otherIds, sigmaDocs, sigmaRetiredIds } from '../rule-docs.ts';
import type { FileResult, RuleFormat, SourceContext } from '../types.ts';

const RULE_FOLDERS = ['rules', 'rules-emerging-threats', 'rules-threat-hunting', 'rules-compliance', 'rules-dfir', 'rules-placeholder', 'deprecated', 'unsupported'];
const RELATION_TYPES = new Set<RuleRelation['type']>(['derived', 'obsolete', 'merged', 'renamed', 'similar']);

/** Top-level fields of the Sigma rule, correlation and filter specifications, plus SigmaHQ's own additions. */
const KNOWN_FIELDS = new Set([
  'title', 'id', 'name', 'related', 'taxonomy', 'status', 'description', 'license', 'references', 'author', 'date',
  'modified', 'tags', 'logsource', 'detection', 'fields', 'falsepositives', 'level', 'scope', 'correlation', 'filter',
  'generate', 'action', 'regression_tests_path', 'simulation',
]);

/** ATT&CK from tags: `attack.t1562.001` → T1562.001, `attack.defense-evasion` → defense-evasion, `attack.ta0005` → TA0005. */
export function attackFromTags(tags: string[]): AttackMapping {
  const tactics: string[] = [];
  const techniques: string[] = [];
  for (const tag of tags) {
    const m = /^attack\.(.+)$/i.exec(tag.trim());
    if (!m) continue;
    const name = m[1].toLowerCase();
    if (/^t\d{4}(\.\d{3})?$/.test(name)) techniques.push(name.toUpperCase());
    else if (/^ta\d{4}$/.test(name)) tactics.push(name.toUpperCase());
    else if (/^[a-z]+(-[a-z]+)*$/.test(name)) tactics.push(name);
    // attack.g0016 (groups), attack.s0002 (software) and other IDs are not tactics or techniques.
  }
  return { tactics: [...new Set(tactics)], techniques: [...new Set(techniques)] };
}

/** Sigma dates are YYYY-MM-DD (older rules: YYYY/MM/DD); YAML may also hand us a Date. */
function sigmaDate(v: unknown): string | undefined {
  const s = asString(v);
  return s?.replace(/^(\d{4})\/(\d{2})\/(\d{2})$/, '$1-$2-$3');
}

function authorsOf(v: unknown): string[] {
  return asStringList(v)
    .flatMap((a) => a.split(','))
    .map((a) => a.trim())
    .filter(Boolean);
}

/** `related: [{ id, type }]`: links to other Sigma rules, in the direction the spec gives them (this rule → id). */
export function relatedOf(v: unknown): RuleRelation[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((entry) => {
    const e = (entry && typeof entry === 'object' ? entry : {}) as Record<string, unknown>;
    const id = asString(e.id);
    const type = asString(e.type)?.toLowerCase() as RuleRelation['type'] | undefined;
    return id && type && RELATION_TYPES.has(type) ? [{ type, id }] : [];
  });
}

function kindOf(data: Record<string, unknown>): string {
  if (data.correlation !== undefined) return 'correlation_rule';
  if (data.filter !== undefined && data.detection === undefined) return 'filter';
  return 'rule';
}

function queryText(doc: SigmaDocument, kind: string): string | undefined {
  const block = kind === 'correlation_rule' ? 'correlation' : kind === 'filter' ? 'filter' : 'detection';
  if (block === 'detection' && doc.detectionText) return doc.detectionText;
  const value = doc.data[block];
  return value === undefined ? undefined : stringify({ [block]: value }).trimEnd();
}

function ruleDiagnostics(doc: SigmaDocument, kind: string, relPath: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const data = doc.data;
  for (const key of Object.keys(data)) {
    if (!KNOWN_FIELDS.has(key)) out.push(warning(relPath, 'unknown-field', `unknown top-level field "${key}"`, doc.keyLines[key]));
  }
  if (!asString(data.title)) out.push(warning(relPath, 'missing-title', 'the rule has no title', doc.keyLines.id));
  if (kind === 'rule' && (typeof data.detection !== 'object' || data.detection === null)) {
    out.push(warning(relPath, 'missing-detection', 'the rule has no detection block', doc.keyLines.title));
  }
  if (kind === 'correlation_rule' && !correlationSpec(data).rules.length) {
    out.push(warning(relPath, 'sigma-correlation', 'the correlation names no rules', doc.keyLines.correlation));
  }
  if (kind !== 'correlation_rule' && (typeof data.logsource !== 'object' || data.logsource === null)) {
    out.push(warning(relPath, 'missing-logsource', 'the rule has no logsource', doc.keyLines.title));
  }
  return out;
}

function draftOf(doc: SigmaDocument, relPath: string, text: string, source: SourceContext, multi: boolean): RuleDraft {
  const data = doc.data;
  const kind = kindOf(data);
  const rawLogSource = kind === 'correlation_rule' && !data.logsource ? correlatedLogSource(doc, source.cache) : data.logsource;
  const logsource = (typeof rawLogSource === 'object' && rawLogSource !== null ? rawLogSource : {}) as SigmaLogSource & Record<string, unknown>;
  const tags = asStringList(data.tags);
  const title = asString(data.title) ?? asString(data.name) ?? `${fileStem(relPath)}${multi ? ` #${doc.index + 1}` : ''}`;
  const status = asString(data.status);
  const level = asString(data.level);
  const query = queryText(doc, kind);
  return {
    vendor: 'sigma',
    format: 'sigma',
    upstreamId: asString(data.id),
    aliases: otherIds(asString(data.id), [...sigmaRetiredIds(data), asString(data.name)]),
    docs: sigmaDocs(data, logSourceStrings(logsource)),
    slugBase: title,
    title,
    description: asString(data.description),
    severity: { original: level, normalized: normalizeSeverity(level) },
    status,
    // Rules moved to deprecated/ are retired whatever status they kept; unsupported/ ones no backend can express.
    deprecated: status === 'deprecated' || relPath.startsWith('deprecated/') || undefined,
    unsupported: status === 'unsupported' || relPath.startsWith('unsupported/') || undefined,
    related: relatedOf(data.related),
    kind,
    logPlatform: sigmaLogPlatform(logsource),
    logSource: logSourceStrings(logsource),
    attack: attackFromTags(tags),
    references: asStringList(data.references),
    authors: authorsOf(data.author),
    created: sigmaDate(data.date),
    modified: sigmaDate(data.modified),
    tags,
    files: [ruleFile(source, relPath, 'yaml', text)],
    ...(query ? { query: { language: 'sigma' as const, text: query } } : {}),
    tests: kind === 'rule' ? regressionCases(source.root, asString(data.id), source.cache) : [],
    diagnostics: ruleDiagnostics(doc, kind, relPath),
    document: doc,
  };
}

function parseSigmaFile(relPath: string, text: string, source: SourceContext): FileResult {
  const broken = (e: Diagnostic): FileResult => ({
    rules: [brokenRule({ vendor: 'sigma', format: 'sigma', source, relPath, text, language: 'yaml', error: e })],
  });
  if (!text.trim()) return broken(error(relPath, 'empty-file', 'the file is empty', 1));
  const loaded = loadSigmaFile(relPath, text);
  if (loaded.fatal) return broken(loaded.fatal);
  if (!loaded.documents.length) return broken(error(relPath, 'no-rule-document', 'the file holds no rule document (only global or empty documents)', 1));
  const multi = loaded.documents.length > 1;
  for (const doc of loaded.documents) rememberDocument(source.cache, doc);
  const rules = loaded.documents.map((doc) => draftOf(doc, relPath, text, source, multi));
  return { rules, diagnostics: loaded.diagnostics };
}

export const sigmaFormat: RuleFormat = {
  id: 'sigma',
  listFiles: (source) => RULE_FOLDERS.flatMap((folder) => walkFiles(source.root, folder, (name) => hasExtension(name, '.yml', '.yaml'))),
  parseFile: (relPath, text, source) => {
    try {
      return parseSigmaFile(relPath, text, source);
    } catch (e) {
      // A bug of ours must not lose the file: it is reported with the rule's raw text.
      return { rules: [brokenRule({ vendor: 'sigma', format: 'sigma', source, relPath, text, language: 'yaml', error: error(relPath, 'sigma-reader', (e as Error).message, 1) })] };
    }
  },
  extractLogic: (rule, source, corpus) => {
    const doc = rule.document as SigmaDocument | undefined;
    if (!doc) return noLogic('the rule file could not be parsed');
    if (rule.kind === 'correlation_rule') return extractCorrelationLogic(doc, source.name, source.cache, corpus);
    if (rule.kind === 'filter') return extractFilterLogic(doc, source.name, corpus);
    // The document is the file's, already loaded: its positions are the file's (the query is the whole file).
    const logic = LANGUAGES.sigma.extract(rule.files[0]?.text ?? '', { file: doc.file, document: doc });
    const regression = regressionAgreement(logic.conjuncts, rule.tests);
    return regression ? { ...logic, regression } : logic;
  },
};
