/** Elastic detection-rules: TOML rules under rules/ and rules_building_block/. */
import { normalizeSeverity, type QueryLanguage } from '../../definitions.ts';
import { error, warning, type Diagnostic } from '../../diagnostics.ts';
import { hasExtension, walkFiles } from '../../fs.ts';
import { uniq } from '../../logic/tree.ts';
import type { RuleDraft } from '../../model.ts';
import { asString, asStringList, brokenRule, fileStem, ruleFile } from '../common.ts';
import { elasticDocs } from '../rule-docs.ts';
import { elasticPlatform } from './platform.ts';
import { elasticReplacements } from '../replacement-notes.ts';
import { extractElasticLogic, queryLogic, type ElasticDocument, type ElasticRuleTable } from './logic.ts';
import { asTable, attackOfThreats, isoDate, queryPlacements, readToml, valuesOf, type Table } from './toml.ts';
import type { FileResult, RuleFormat, SourceContext } from '../types.ts';

const KNOWN_SECTIONS = new Set(['metadata', 'rule', 'transform']);
/** Keys of [metadata] and [rule] in the detection-rules schema; others are reported as unknown fields. */
const KNOWN_KEYS: Record<'metadata' | 'rule', Set<string>> = {
  metadata: new Set(
    'bypass_bbr_timing creation_date deprecated_reason deprecation_date integration maturity min_stack_comments min_stack_version promotion query_schema_validation updated_date comments'.split(' '),
  ),
  rule: new Set(
    ('actions alert_suppression anomaly_threshold author building_block_type concurrent_searches description enabled event_category_override ' +
      'exceptions_list false_positives filters from history_window_start index data_view_id interval investigation_fields items_per_search ' +
      'language license machine_learning_job_id max_signals meta name new_terms note output_index query references related_integrations ' +
      'required_fields risk_score risk_score_mapping rule_id rule_name_override setup severity severity_mapping tags threat threat_filters ' +
      'threat_index threat_indicator_path threat_language threat_mapping threat_query threshold tiebreaker_field timeline_id timeline_title ' +
      'timestamp_field timestamp_override to type version').split(' '),
  ),
};
const QUERY_LANGUAGES: Record<string, QueryLanguage> = { kuery: 'kuery', eql: 'eql', esql: 'esql', lucene: 'lucene' };
const DATASET_FIELDS = new Set(['event.dataset', 'data_stream.dataset']);

function parseRule(relPath: string, text: string, source: SourceContext, doc: Table): RuleDraft {
  const meta = asTable(doc.metadata);
  const rule = asTable(doc.rule);
  const diagnostics: Diagnostic[] = [];
  for (const key of Object.keys(doc)) if (!KNOWN_SECTIONS.has(key)) diagnostics.push(warning(relPath, 'unknown-field', `unknown section [${key}]`));
  for (const [section, table] of [['metadata', meta], ['rule', rule]] as const) {
    for (const key of Object.keys(table)) {
      if (!KNOWN_KEYS[section].has(key)) diagnostics.push(warning(relPath, 'unknown-field', `unknown field ${section}.${key}`));
    }
  }
  const name = asString(rule.name);
  if (!name) diagnostics.push(warning(relPath, 'missing-title', 'rule has no name; the file name stands in'));
  const title = name ?? fileStem(relPath);
  const type = asString(rule.type) ?? 'query';
  const languageName = asString(rule.language) ?? (type === 'eql' || type === 'esql' ? type : 'kuery');
  const queryText = asString(rule.query) !== undefined ? String(rule.query) : undefined;
  const language = QUERY_LANGUAGES[languageName];
  const ruleTable = rule as ElasticRuleTable;
  const logic = queryLogic(ruleTable, type, language, queryText, relPath);
  const index = asStringList(rule.index);
  const logSource = uniq([...index, ...logic.sources, ...(index.length ? [] : asStringList(rule.data_view_id))]);
  const datasets = valuesOf(logic, DATASET_FIELDS);
  const tags = asStringList(rule.tags);
  // Building blocks feed other rules rather than alerting; say so where upstream forgot the tag.
  if (asString(rule.building_block_type) && !tags.includes('Rule Type: BBR')) tags.push('Rule Type: BBR');
  const severity = asString(rule.severity);
  const risk = typeof rule.risk_score === 'number' ? rule.risk_score : undefined;
  const maturity = asString(meta.maturity);
  const document: ElasticDocument = { rule: ruleTable, type, logic, placements: queryPlacements(text) };
  return {
    vendor: 'elastic',
    format: 'elastic',
    upstreamId: asString(rule.rule_id),
    docs: elasticDocs(rule, meta),
    slugBase: title,
    title,
    description: asString(rule.description),
    severity: {
      original: severity && risk !== undefined ? `${severity} (risk score ${risk})` : (severity ?? (risk !== undefined ? `risk score ${risk}` : undefined)),
      normalized: normalizeSeverity(severity) ?? normalizeSeverity(risk),
    },
    status: maturity,
    enabled: typeof rule.enabled === 'boolean' ? rule.enabled : undefined,
    deprecated: maturity === 'deprecated' || asString(meta.deprecation_date) !== undefined || relPath.includes('/_deprecated/'),
    related: elasticReplacements([asString(meta.deprecated_reason), asString(rule.note), asString(rule.setup)]),
    kind: type,
    // Indicator-match rules watch every event source for threat-intel indicators: their platform is the intel.
    logPlatform: type === 'threat_match' ? 'Threat Intelligence' : elasticPlatform({
      index: logSource,
      tags,
      datasets,
      categories: uniq([...logic.categories, ...valuesOf(logic, new Set(['event.category']))]),
      osTypes: valuesOf(logic, new Set(['host.os.type', 'host.os.platform'])),
      hints: [title, ...asStringList(rule.machine_learning_job_id)],
    }),
    logSource: uniq([...logSource, ...datasets]),
    attack: attackOfThreats(rule.threat),
    references: asStringList(rule.references),
    authors: asStringList(rule.author),
    created: isoDate(meta.creation_date),
    modified: isoDate(meta.updated_date),
    tags,
    files: [ruleFile(source, relPath, 'toml', text)],
    query: language && queryText !== undefined ? { language, text: queryText } : undefined,
    tests: [],
    diagnostics,
    document,
  };
}

export const elasticFormat: RuleFormat = {
  id: 'elastic',
  listFiles: (source) => ['rules', 'rules_building_block'].flatMap((dir) => walkFiles(source.root, dir, (n) => hasExtension(n, '.toml'))),
  parseFile(relPath, text, source): FileResult {
    const read = readToml('elastic', relPath, text, source);
    if ('broken' in read) return { rules: [read.broken] };
    const doc = read.doc;
    // A file under rules/ is a rule or says why not: it keeps its page, its text and the reason.
    if (!doc.rule && !doc.metadata) {
      const err = text.trim() ? error(relPath, 'missing-rule', 'the file has no [rule] or [metadata] table: not a detection rule', 1) : error(relPath, 'empty-file', 'the file is empty', 1);
      return { rules: [brokenRule({ vendor: 'elastic', format: 'elastic', source, relPath, text, language: 'toml', error: err })] };
    }
    if (!doc.rule) {
      const err = error(relPath, 'missing-rule', 'the file has [metadata] but no [rule] table', 1);
      return { rules: [brokenRule({ vendor: 'elastic', format: 'elastic', source, relPath, text, language: 'toml', error: err })] };
    }
    return { rules: [parseRule(relPath, text, source, doc)] };
  },
  extractLogic: (rule) => extractElasticLogic(rule),
};
