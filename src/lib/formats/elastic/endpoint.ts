/**
 * Elastic Defend endpoint behavior rules (elastic/protections-artifacts): behavior/rules/<os>/*.toml, EQL in the
 * detection-rules TOML shape, with `os_list`, `min_endpoint_version`, and `[[actions]]` the endpoint takes on a
 * match (kill_process on a field of the event, at a step of the sequence). Logic goes through the same EQL path
 * as detection-rules EQL rules.
 */
import { error, warning, type Diagnostic } from '../../diagnostics.ts';
import { hasExtension, walkFiles } from '../../fs.ts';
import { uniq } from '../../logic/tree.ts';
import type { RuleDraft } from '../../model.ts';
import { asString, asStringList, brokenRule, fileStem, ruleFile } from '../common.ts';
import { extractElasticLogic, queryLogic, type ElasticDocument, type ElasticRuleTable } from './logic.ts';
import { elasticPlatform } from './platform.ts';
import { asTable, asTables, attackOfThreats, queryPlacements, readToml, valuesOf, type Table } from './toml.ts';
import type { FileResult, RuleFormat, SourceContext } from '../types.ts';

export const ENDPOINT_KIND = 'endpoint behavior';
/** Index patterns of Elastic Defend's own events: what the behavior rules run on, on the host. */
const ENDPOINT_EVENTS = 'logs-endpoint.events.*';
const KNOWN_SECTIONS = new Set(['rule', 'actions', 'optional_actions', 'threat', 'internal']);
const KNOWN_RULE_KEYS = new Set(
  'description id license name os_list reference version query min_endpoint_version max_endpoint_version actions optional_actions reputation threat'.split(' '),
);

/** `kill_process on process.entity_id (state 1)`: one line per response action, in upstream's terms. */
function actionLines(v: unknown): string[] {
  return asTables(v).map((a) => {
    const field = asString(a.field);
    const state = asString(a.state);
    return `${asString(a.action) ?? 'action'}${field ? ` on ${field}` : ''}${state ? ` (state ${state})` : ''}`;
  });
}

/** The OS the rule's platform is named after: the one its query narrows to, else the first of os_list. */
function platformOs(osList: string[], queryOs: string[]): string | undefined {
  return queryOs.find((os) => osList.includes(os.toLowerCase())) ?? osList[0];
}

function parseBehaviorRule(relPath: string, text: string, source: SourceContext, doc: Table): RuleDraft {
  const rule = asTable(doc.rule);
  const diagnostics: Diagnostic[] = [];
  for (const key of Object.keys(doc)) if (!KNOWN_SECTIONS.has(key)) diagnostics.push(warning(relPath, 'unknown-field', `unknown section [${key}]`));
  for (const key of Object.keys(rule)) if (!KNOWN_RULE_KEYS.has(key)) diagnostics.push(warning(relPath, 'unknown-field', `unknown field rule.${key}`));
  const name = asString(rule.name);
  if (!name) diagnostics.push(warning(relPath, 'missing-title', 'rule has no name; the file name stands in'));
  const title = name ?? fileStem(relPath);
  const queryText = asString(rule.query) !== undefined ? String(rule.query) : undefined;
  const ruleTable = rule as ElasticRuleTable;
  const logic = queryLogic(ruleTable, 'eql', 'eql', queryText, relPath);
  const osList = asStringList(rule.os_list).map((os) => os.toLowerCase());
  const queryOs = valuesOf(logic, new Set(['host.os.type', 'host.os.platform']));
  const os = platformOs(osList, queryOs);
  // Older files keep actions inside [rule]; newer ones as top-level [[actions]] tables.
  const actions = actionLines(doc.actions ?? rule.actions);
  const optionalActions = actionLines(doc.optional_actions ?? rule.optional_actions);
  const minVersion = asString(rule.min_endpoint_version) ?? asString(asTable(doc.internal).min_endpoint_version);
  const maxVersion = asString(rule.max_endpoint_version);
  const details = [
    { label: 'Actions', values: actions },
    { label: 'Optional actions', values: optionalActions },
    { label: 'OS list', values: osList },
    { label: 'Minimum endpoint version', values: minVersion ? [minVersion] : [] },
    { label: 'Maximum endpoint version', values: maxVersion ? [maxVersion] : [] },
    { label: 'Rule version', values: asStringList(rule.version) },
  ].filter((d) => d.values.length);
  const document: ElasticDocument = { rule: ruleTable, type: 'eql', logic, placements: queryPlacements(text) };
  return {
    vendor: 'elastic',
    format: 'elastic-endpoint',
    upstreamId: asString(rule.id),
    slugBase: title,
    title,
    description: asString(rule.description),
    severity: {},
    kind: ENDPOINT_KIND,
    logPlatform: elasticPlatform({
      index: [ENDPOINT_EVENTS],
      tags: [],
      datasets: [],
      categories: logic.categories,
      osTypes: os ? [os] : [],
    }),
    logSource: uniq([ENDPOINT_EVENTS, ...osList.map((o) => `os_list: ${o}`)]),
    attack: attackOfThreats(doc.threat ?? rule.threat),
    references: asStringList(rule.reference),
    authors: [],
    tags: [],
    files: [ruleFile(source, relPath, 'toml', text)],
    query: queryText !== undefined ? { language: 'eql', text: queryText } : undefined,
    tests: [],
    details,
    diagnostics,
    document,
  };
}

export const elasticEndpointFormat: RuleFormat = {
  id: 'elastic-endpoint',
  listFiles: (source) => walkFiles(source.root, 'behavior/rules', (n) => hasExtension(n, '.toml')),
  parseFile(relPath, text, source): FileResult {
    const read = readToml('elastic-endpoint', relPath, text, source);
    if ('broken' in read) return { rules: [read.broken] };
    // A file under behavior/rules/ is a rule or says why not: it keeps its page, its text and the reason.
    if (!read.doc.rule) {
      const err = text.trim() ? error(relPath, 'missing-rule', 'the file has no [rule] table: not a behavior rule', 1) : error(relPath, 'empty-file', 'the file is empty', 1);
      return { rules: [brokenRule({ vendor: 'elastic', format: 'elastic-endpoint', source, relPath, text, language: 'toml', error: err })] };
    }
    return { rules: [parseBehaviorRule(relPath, text, source, read.doc)] };
  },
  extractLogic: (rule) => extractElasticLogic(rule),
};
