/**
 * Microsoft Sentinel analytic rules and Defender XDR rules and hunting queries: YAML files with a KQL `query`, under
 * Solutions/<solution>/Analytic Rules/ (and the older top-level Detections/), and the Defender XDR hunting queries
 * (Solutions/Microsoft Defender XDR/Hunting Queries/, Hunting Queries/Microsoft 365 Defender/). Rules of the
 * Microsoft Defender XDR solution belong to the vendor defender-xdr, every other solution to sentinel.
 */
import { isMap, isScalar, parseDocument, type Document } from 'yaml';
import { normalizeSeverity, type VendorId } from '../../definitions.ts';
import { error, lineColumn, warning, type Diagnostic } from '../../diagnostics.ts';
import { hasExtension, walkFiles } from '../../fs.ts';
import { LANGUAGES, type LanguageLogic } from '../../languages/index.ts';
import { sentinelPlatform } from './platform.ts';
import { placeInFile, type QueryPlacement } from '../../logic/positions.ts';
import { allConjuncts, and, noLogic, uniq } from '../../logic/tree.ts';
import type { RuleLogic } from '../../logic/types.ts';
import type { RuleDraft } from '../../model.ts';
import { asString, asStringList, brokenRule, fileStem, ruleFile } from '../common.ts';
import { sentinelDocs } from '../rule-docs.ts';
import type { FileResult, RuleFormat, SourceContext } from '../types.ts';
import { scalarPlacement, yamlValue } from '../../yaml.ts';

const KNOWN_FIELDS = new Set([
  'id', 'name', 'description', 'severity', 'status', 'enabled', 'kind', 'requiredDataConnectors', 'queryFrequency',
  'queryPeriod', 'triggerOperator', 'triggerThreshold', 'tactics', 'relevantTechniques', 'query', 'entityMappings',
  'customDetails', 'alertDetailsOverride', 'eventGroupingSettings', 'incidentConfiguration', 'suppressionDuration',
  'suppressionEnabled', 'version', 'tags', 'metadata', 'alertRuleTemplateName', 'references', 'sentinelEntitiesMappings',
]);

type Table = Record<string, unknown>;
const asTable = (v: unknown): Table => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Table) : {});
const asTables = (v: unknown): Table[] => (Array.isArray(v) ? v.map(asTable) : []);

/** What the logic extractor needs from the YAML, kept on the draft. */
export interface SentinelDocument {
  schedule: { queryFrequency?: string; queryPeriod?: string; triggerOperator?: string; triggerThreshold?: string };
  version?: string;
  support?: string;
  /** Columns the entity mappings and custom details read. */
  mappedColumns: string[];
  /** The query's logic, positions in the query (read at parse time: the log platform depends on its tables). */
  logic?: LanguageLogic;
  /** Where the query text starts in the file. */
  placement: QueryPlacement;
}

function vendorOf(relPath: string): VendorId {
  return /^(Solutions\/(Microsoft Defender XDR|Microsoft 365 Defender)|Hunting Queries\/Microsoft 365 Defender)\//i.test(relPath) ? 'defender-xdr' : 'sentinel';
}

const isHuntingQuery = (relPath: string) => /(^|\/)Hunting Queries\//.test(relPath);

/** Where the query starts in the file (block scalars start on the line after `query: |`). */
function queryPlacement(doc: Document, text: string): QueryPlacement {
  const node = isMap(doc.contents) ? doc.contents.get('query', true) : undefined;
  return isScalar(node) && node.range ? scalarPlacement(node, text) : { line: 1, indent: 0 };
}

/** The query's main tables (joined ones are only looked up) and its filter, all stages and-ed, for the platform. */
function platformInputs(logic: LanguageLogic | undefined) {
  const joined = new Set(logic?.joinedSources ?? []);
  const tables = (logic?.sources ?? []).filter((t) => !joined.has(t));
  return { tables, all: logic?.sources ?? [], condition: logic && and(...allConjuncts(logic)) };
}

function connectorsOf(doc: Table): { logSource: string[]; dataTypes: string[] } {
  const logSource: string[] = [];
  const dataTypes: string[] = [];
  for (const c of asTables(doc.requiredDataConnectors)) {
    const id = asString(c.connectorId);
    if (id) logSource.push(id);
    for (const t of asStringList(c.dataTypes)) {
      logSource.push(t);
      dataTypes.push(t);
    }
  }
  return { logSource: uniq(logSource), dataTypes: uniq(dataTypes) };
}

/** Columns named by entityMappings (columnName) and customDetails (values): fields the alert carries. */
function mappedColumns(doc: Table): string[] {
  const columns: string[] = [];
  for (const entity of asTables(doc.entityMappings)) {
    for (const mapping of asTables(entity.fieldMappings)) {
      const column = asString(mapping.columnName);
      if (column) columns.push(column);
    }
  }
  for (const value of Object.values(asTable(doc.customDetails))) {
    const column = asString(value);
    if (column) columns.push(column);
  }
  return uniq(columns);
}

/** URLs in the description: Sentinel rules have no references field and cite their sources there. */
function referencesOf(doc: Table): string[] {
  const listed = asStringList(doc.references);
  const description = asString(doc.description) ?? '';
  const found = description.match(/https?:\/\/[^\s'"<>)\]]+/g) ?? [];
  return uniq([...listed, ...found.map((u) => u.replace(/[.,;:]+$/, ''))]);
}

function parseRule(relPath: string, text: string, source: SourceContext, yaml: Document, doc: Table): RuleDraft {
  const diagnostics: Diagnostic[] = [];
  const vendor = vendorOf(relPath);
  for (const key of Object.keys(doc)) {
    if (!KNOWN_FIELDS.has(key)) diagnostics.push(warning(relPath, 'unknown-field', `unknown field ${key}`));
  }
  const name = asString(doc.name);
  if (!name) diagnostics.push(warning(relPath, 'missing-title', 'rule has no name; the file name stands in'));
  const title = name ?? fileStem(relPath);
  const queryText = typeof doc.query === 'string' ? doc.query : undefined;
  if (queryText === undefined) diagnostics.push(warning(relPath, 'missing-query', 'rule has no KQL query'));
  const logic = queryText !== undefined ? LANGUAGES.kql.extract(queryText, { file: relPath }) : undefined;
  const inputs = platformInputs(logic);
  const { logSource, dataTypes } = connectorsOf(doc);
  const metadata = asTable(doc.metadata);
  const severity = asString(doc.severity);
  const status = asString(doc.status);
  const document: SentinelDocument = {
    schedule: {
      queryFrequency: asString(doc.queryFrequency),
      queryPeriod: asString(doc.queryPeriod),
      triggerOperator: asString(doc.triggerOperator),
      triggerThreshold: asString(doc.triggerThreshold),
    },
    version: asString(doc.version),
    support: asString(asTable(metadata.support).tier),
    mappedColumns: mappedColumns(doc),
    logic,
    placement: queryPlacement(yaml, text),
  };
  return {
    vendor,
    format: 'sentinel',
    upstreamId: asString(doc.id),
    docs: sentinelDocs(doc),
    slugBase: title,
    title,
    description: asString(doc.description)?.replace(/^'|'$/g, '').trim(),
    severity: { original: severity, normalized: normalizeSeverity(severity) },
    status,
    enabled: typeof doc.enabled === 'boolean' ? doc.enabled : undefined,
    deprecated: /deprecated/i.test(status ?? '') || /^\s*\[deprecated\]/i.test(title),
    kind: asString(doc.kind) ?? (isHuntingQuery(relPath) ? 'Hunting' : 'Scheduled'),
    logPlatform: sentinelPlatform(inputs.all, dataTypes, inputs.condition),
    logSource: uniq([...logSource, ...inputs.tables]),
    attack: {
      tactics: asStringList(doc.tactics),
      techniques: uniq(asStringList(doc.relevantTechniques).map((t) => t.toUpperCase())),
    },
    references: referencesOf(doc),
    authors: asStringList(asTable(metadata.author).name),
    created: asString(metadata.creationDate ?? metadata.createdDate),
    modified: asString(metadata.lastUpdatedDateUTC ?? metadata.lastUpdated),
    tags: uniq([...asStringList(doc.tags), ...asStringList(doc.tag)]),
    files: [ruleFile(source, relPath, 'yaml', text)],
    query: queryText !== undefined ? { language: 'kql', text: queryText } : undefined,
    tests: [],
    diagnostics,
    document,
  };
}

/** The `name:` line of a file that is not valid YAML, so its entry keeps a readable title. */
function salvageTitle(text: string): string | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('name:')) return line.slice(5).trim().replace(/^(['"])(.*)\1$/, '$2') || undefined;
  }
  return undefined;
}

function parseSentinelFile(relPath: string, text: string, source: SourceContext): FileResult {
  const yaml = parseDocument(text, { prettyErrors: false });
  const broken = (code: string, message: string, line?: number, column?: number): FileResult => ({
    rules: [
      brokenRule({
        vendor: vendorOf(relPath),
        format: 'sentinel',
        source,
        relPath,
        text,
        language: 'yaml',
        error: error(relPath, code, message, line, column),
        title: salvageTitle(text),
      }),
    ],
  });
  if (yaml.errors.length) {
    const e = yaml.errors[0];
    const pos = lineColumn(text, e.pos[0]);
    return broken('yaml-syntax', e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''), pos.line, pos.column);
  }
  const read = yamlValue(yaml, relPath, text);
  if (read.error) return broken(read.error.code, read.error.message, read.error.line, read.error.column);
  const doc = read.value;
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return broken('yaml-structure', 'the file is not a YAML mapping', 1);
  const table = doc as Table;
  // A file in a rule folder is a rule or says why not: it keeps its page and its text.
  if (table.query === undefined && table.name === undefined && table.id === undefined) {
    return broken('not-an-analytic-rule', 'the file has no id, name or query: not an analytic rule', 1);
  }
  return { rules: [parseRule(relPath, text, source, yaml, table)] };
}

/** The rule's logic from its KQL query (read at parse time, since the log platform depends on its tables). */
export function extractSentinelLogic(rule: RuleDraft): RuleLogic {
  const doc = rule.document as SentinelDocument | undefined;
  if (!rule.query) return noLogic('the rule has no query');
  const file = rule.files[0]?.path ?? rule.title;
  const logic = placeInFile(doc?.logic ?? LANGUAGES.kql.extract(rule.query.text, { file }), doc?.placement ?? { line: 1, column: 1 });
  const { sources: _sources, joinedSources: _joined, ...rest } = logic;
  if (logic.status === 'none' && !logic.conjuncts.length && logic.reasons[0]?.startsWith('KQL not parsed')) return rest;
  return { ...rest, outputFields: uniq([...logic.outputFields, ...(doc?.mappedColumns ?? [])]) };
}

export const sentinelFormat: RuleFormat = {
  id: 'sentinel',
  listFiles: (source) => {
    const yaml = (n: string) => hasExtension(n, '.yml', '.yaml');
    const solutions = walkFiles(source.root, 'Solutions', yaml).filter((p) => {
      const [, solution, folder] = p.split('/');
      return folder === 'Analytic Rules' || (folder === 'Hunting Queries' && vendorOf(`Solutions/${solution}/`) === 'defender-xdr');
    });
    return [...solutions, ...walkFiles(source.root, 'Detections', yaml), ...walkFiles(source.root, 'Hunting Queries/Microsoft 365 Defender', yaml)];
  },
  parseFile: parseSentinelFile,
  vendorOf,
  extractLogic: (rule) => extractSentinelLogic(rule),
};
