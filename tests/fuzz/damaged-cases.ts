/**
 * Every bad case of issue 16, as files to drop into a copy of a corpus (tests/unit/damaged-corpus.test.ts): each
 * with where it must end up, a rule page (with its raw body and the reason when it could not be read) or a listed
 * problem with its file and line.
 */

export interface DamagedCase {
  /** Source folder (content/sources.yaml path) and path inside it. */
  source: string;
  path: string;
  content: string | Buffer;
  /** What the case is. */
  what: string;
  /** Where it must end: its rule's parse error code, a reason in its logic, or a problem code about the file. */
  expect: { page: 'parsed' | 'unparsed'; error?: string; logic?: RegExp; problem?: string; title?: string };
  /** A file a case needs beside it (a Panther rule's Python), not a rule file itself. */
  support?: true;
}

const nest = (n: number, inner: string) => '('.repeat(n) + inner + ')'.repeat(n);
const chain = (n: number, term: (i: number) => string, op: string) => Array.from({ length: n }, (_, i) => term(i)).join(op);

function elasticRule(name: string, query: string, language = 'kuery', type = 'query'): string {
  return `[metadata]\ncreation_date = "2024/01/01"\nmaturity = "production"\n\n[rule]\nauthor = ["Rulecat"]\ndescription = "A damaged case."\nname = "${name}"\nrisk_score = 21\nrule_id = "${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}"\nseverity = "low"\ntype = "${type}"\nlanguage = "${language}"\nquery = '''\n${query}\n'''\n`;
}

function sigmaRule(title: string, id: string, condition: string, extra = ''): string {
  return `title: ${title}\nid: ${id}\nstatus: test\ndescription: A damaged case.${extra}\nlogsource:\n    product: windows\n    category: process_creation\ndetection:\n    selection:\n        Image|endswith: '\\\\cmd.exe'\n    sel1:\n        CommandLine|contains: 'x'\n    condition: ${condition}\nlevel: low\n`;
}

function sentinelRule(name: string, id: string, query: string): string {
  return `id: ${id}\nname: ${name}\ndescription: A damaged case.\nseverity: Low\nrequiredDataConnectors: []\nqueryFrequency: 1h\nqueryPeriod: 1h\ntriggerOperator: gt\ntriggerThreshold: 0\ntactics: []\nrelevantTechniques: []\nquery: |\n  ${query.replace(/\n/g, '\n  ')}\nversion: 1.0.0\nkind: Scheduled\n`;
}

function splunkRule(name: string, id: string, search: string): string {
  return `name: ${name}\nid: ${id}\nversion: 1\ndate: '2024-01-01'\nauthor: Rulecat\ntype: TTP\nstatus: production\ndescription: A damaged case.\ndata_source: []\nsearch: '${search.replace(/'/g, "''")}'\nhow_to_implement: n/a\nknown_false_positives: n/a\nreferences: []\ntags:\n  analytic_story: [Damaged]\n  asset_type: Endpoint\n  mitre_attack_id: [T1059]\n  product: [Splunk Enterprise]\n  security_domain: endpoint\n`;
}

function pantherYaml(id: string, file: string): string {
  return `AnalysisType: rule\nFilename: ${file}\nRuleID: "${id}"\nDisplayName: "${id}"\nEnabled: true\nLogTypes:\n  - AWS.CloudTrail\nSeverity: Low\nDescription: A damaged case.\nTests: []\n`;
}

function yaralRule(name: string, events: string, condition = '$e'): string {
  return `rule ${name} {\n  meta:\n    author = "Rulecat"\n    description = "A damaged case."\n    severity = "Low"\n  events:\n    $e.metadata.event_type = "PROCESS_LAUNCH"\n    ${events}\n  condition:\n    ${condition}\n}\n`;
}

const PY_HEAD = 'def rule(event):\n';

/** 101 uses of one anchor: valid YAML the yaml library's default alias limit refused. */
const ALIASES = Array(101).fill('*tag').join(', ');
/** Each level multiplies the last by nine: nine to the sixth copies, an alias bomb. */
const BOMB = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...['b', 'c', 'd', 'e', 'f'].map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcde'[i]}`).join(',')}]`)].join('\n');

export function damagedCases(): DamagedCase[] {
  const big = 'x'.repeat(5 * 1024 * 1024);
  return [
    {
      source: 'sigma',
      path: 'rules/damaged/aliases_101.yml',
      content: `title: Many Aliases\nid: 0b5d0f3e-0000-4000-8000-000000000101\nstatus: test\ndescription: x\ntags: &tag attack.execution\nrelated_tags: [${ALIASES}]\nlogsource:\n    product: windows\ndetection:\n    selection:\n        Image: x\n    condition: selection\n`,
      what: 'valid YAML with 101 uses of one anchor',
      expect: { page: 'parsed', title: 'Many Aliases' },
    },
    { source: 'sigma', path: 'rules/damaged/alias_bomb.yml', content: `title: Alias Bomb\n${BOMB}\n`, what: 'a YAML alias bomb (9^6 copies)', expect: { page: 'unparsed', error: 'yaml-alias-limit' } },
    {
      source: 'sigma',
      path: 'rules/damaged/condition_5000_deep.yml',
      content: sigmaRule('Condition 5000 Deep', '0b5d0f3e-0000-4000-8000-000000005000', nest(5000, 'selection')),
      what: 'a Sigma condition nested 5,000 deep',
      expect: { page: 'parsed', logic: /nested deeper than 100 at 1:/ },
    },
    {
      source: 'sigma',
      path: 'rules/damaged/latin1.yml',
      content: Buffer.concat([Buffer.from('title: Caf'), Buffer.from([0xe9]), Buffer.from(' Latin-1\nid: 0b5d0f3e-0000-4000-8000-00000000e901\nstatus: test\ndescription: r'), Buffer.from([0xe9, 0x73]), Buffer.from('um\nlogsource:\n    product: windows\ndetection:\n    selection:\n        Image: x\n    condition: selection\n')]),
      what: 'Latin-1 bytes',
      expect: { page: 'parsed', problem: 'encoding', title: 'Café Latin-1' },
    },
    {
      source: 'sigma',
      path: 'rules/damaged/duplicate_id_a.yml',
      content: sigmaRule('Duplicate ID A', '0b5d0f3e-0000-4000-8000-00000000d0b1', 'selection'),
      what: 'an upstream ID another file also uses',
      expect: { page: 'parsed', problem: 'duplicate-id' },
    },
    {
      source: 'sigma',
      path: 'rules/damaged/duplicate_id_b.yml',
      content: sigmaRule('Duplicate ID B', '0b5d0f3e-0000-4000-8000-00000000d0b1', 'selection'),
      what: 'the same upstream ID again',
      expect: { page: 'parsed', problem: 'duplicate-id' },
    },
    {
      source: 'sigma',
      path: 'rules/damaged/five_megabytes.yml',
      content: sigmaRule('Five Megabytes', '0b5d0f3e-0000-4000-8000-0000000005b0', 'selection', ` ${big}`),
      what: 'a 5 MB rule (its description)',
      expect: { page: 'parsed' },
    },
    { source: 'sigma', path: 'rules/damaged/UPPER_CASE.YML', content: sigmaRule('Upper Case Extension', '0b5d0f3e-0000-4000-8000-0000000000cc', 'selection'), what: 'a .YML file', expect: { page: 'parsed' } },
    { source: 'sigma', path: 'rules/damaged/binary.yml', content: Buffer.from([0x00, 0xff, 0x13, 0x37, 0x00, 0x00, 0xfe, 0x0a, 0x7b, 0x5b]), what: 'binary garbage', expect: { page: 'unparsed' } },
    { source: 'sigma', path: 'rules/damaged/empty.yml', content: '', what: 'an empty YAML file', expect: { page: 'unparsed', error: 'empty-file' } },
    {
      source: 'elastic-detection-rules',
      path: 'rules/damaged/kuery_1000_deep.toml',
      content: elasticRule('Kuery 1000 Deep', nest(1000, 'process.name:cmd.exe')),
      what: 'a kuery query nested 1,000 parentheses deep',
      expect: { page: 'parsed', logic: /nested deeper than 100 at/ },
    },
    {
      source: 'elastic-detection-rules',
      path: 'rules/damaged/esql_1000_deep.toml',
      content: elasticRule('ESQL 1000 Deep', `from logs-* | where ${nest(1000, 'process.name == "cmd.exe"')}`, 'esql', 'esql'),
      what: 'an ES|QL query nested 1,000 deep',
      expect: { page: 'parsed', problem: 'query-syntax', logic: /ES\|QL syntax error: where command \(nested deeper than 100 at 1:\d+\)/ },
    },
    {
      source: 'elastic-detection-rules',
      path: 'rules/damaged/eql_or_16000.toml',
      content: elasticRule('EQL Or 16000', `process where ${chain(16000, (i) => `process.pid == ${i}`, ' or ')}`, 'eql', 'eql'),
      what: 'an EQL or of 16,000 terms',
      expect: { page: 'parsed' },
    },
    { source: 'elastic-detection-rules', path: 'rules/damaged/empty.toml', content: '', what: 'an empty TOML file', expect: { page: 'unparsed', error: 'empty-file' } },
    { source: 'elastic-detection-rules', path: 'rules/damaged/no_rule_table.toml', content: '[settings]\nfoo = 1\n', what: 'a TOML without [rule] or [metadata]', expect: { page: 'unparsed', error: 'missing-rule' } },
    { source: 'elastic-detection-rules', path: 'rules/damaged/UPPER.TOML', content: elasticRule('Upper TOML', 'process.name:cmd.exe'), what: 'a .TOML file', expect: { page: 'parsed' } },
    {
      source: 'azure-sentinel',
      path: 'Solutions/Damaged/Analytic Rules/kql_or_4000.yaml',
      content: sentinelRule('KQL Or 4000', '0b5d0f3e-0000-4000-8000-000000004000', `SecurityEvent\n| where ${chain(4000, (i) => `E == ${i}`, ' or ')}`),
      // Short terms keep it under the 64 K-character limit, so the and/or limit is what stops it.
      what: 'a KQL or chain of 4,000 terms',
      expect: { page: 'parsed', logic: /KQL not parsed: the query has 3999 and\/or operators/ },
    },
    {
      source: 'azure-sentinel',
      path: 'Solutions/Damaged/Analytic Rules/kql_1000_deep.yaml',
      content: sentinelRule('KQL 1000 Deep', '0b5d0f3e-0000-4000-8000-000000001000', `SecurityEvent\n| where ${nest(1000, 'EventID == 1')}`),
      what: 'a KQL query nested 1,000 deep',
      expect: { page: 'parsed', logic: /nested deeper than 100 at/ },
    },
    {
      source: 'azure-sentinel',
      path: 'Solutions/Damaged/Analytic Rules/not_a_rule.yaml',
      content: 'Workbook: Damaged overview\nVersion: 2\n',
      what: 'a Sentinel YAML without id, name or query',
      expect: { page: 'unparsed', error: 'not-an-analytic-rule' },
    },
    {
      source: 'azure-sentinel',
      path: 'Solutions/Damaged/Analytic Rules/utf16.yaml',
      content: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(sentinelRule('UTF-16 Rule', '0b5d0f3e-0000-4000-8000-000000000016', 'SecurityEvent | where EventID == 4625'), 'utf16le')]),
      what: 'a UTF-16 file with a byte order mark',
      expect: { page: 'parsed', problem: 'encoding', title: 'UTF-16 Rule' },
    },
    {
      source: 'splunk-security-content',
      path: 'detections/endpoint/spl_2000_deep.yml',
      content: splunkRule('SPL 2000 Deep', '0b5d0f3e-0000-4000-8000-000000002000', `index=main ${nest(2000, 'process_name=cmd.exe')}`),
      what: 'an SPL search nested 2,000 deep',
      expect: { page: 'parsed', logic: /nested deeper than 100 at/ },
    },
    {
      source: 'splunk-security-content',
      path: 'detections/endpoint/UPPER_CASE.YAML',
      content: splunkRule('Upper YAML Extension', '0b5d0f3e-0000-4000-8000-0000000000cd', 'index=main process_name=cmd.exe'),
      what: 'a Splunk .YAML file',
      expect: { page: 'parsed' },
    },
    {
      source: 'chronicle-detection-rules',
      path: 'rules/damaged/condition_2000_deep.yaral',
      content: yaralRule('condition_2000_deep', '$e.principal.hostname = "x"', nest(2000, '$e')),
      what: 'a YARA-L condition nested 2,000 deep',
      expect: { page: 'unparsed', error: 'yaral-syntax' },
    },
    { source: 'panther-analysis', path: 'rules/damaged/upper_case.YML', content: pantherYaml('Damaged.UpperCase', 'upper_case.py'), what: 'a Panther .YML file', expect: { page: 'parsed' } },
    { source: 'panther-analysis', path: 'rules/damaged/upper_case.py', content: `${PY_HEAD}    return event.get("eventName") == "DeleteTrail"\n`, what: '(its Python file)', expect: { page: 'parsed' }, support: true },
    { source: 'panther-analysis', path: 'rules/damaged/nested_ifs.yml', content: pantherYaml('Damaged.NestedIfs', 'nested_ifs.py'), what: 'a Python rule with 300 nested ifs', expect: { page: 'parsed', logic: /nested deeper than 100 at/ } },
    {
      source: 'panther-analysis',
      path: 'rules/damaged/nested_ifs.py',
      content: `${PY_HEAD}${Array.from({ length: 300 }, (_, i) => `${' '.repeat(4 * (i + 1))}if event.get("a${i}") == ${i}:`).join('\n')}\n${' '.repeat(4 * 301)}return True\n    return False\n`,
      what: '(its Python file)',
      expect: { page: 'parsed' },
      support: true,
    },
    { source: 'panther-analysis', path: 'rules/damaged/or_20000.yml', content: pantherYaml('Damaged.Or20000', 'or_20000.py'), what: 'a Python rule with an or of 20,000 terms', expect: { page: 'parsed', logic: /the and\/or chain is too long for the Python reader .* at 2:\d+/ } },
    { source: 'panther-analysis', path: 'rules/damaged/or_20000.py', content: `${PY_HEAD}    return ${chain(20000, (i) => `event.get("a") == ${i}`, ' or ')}\n`, what: '(its Python file)', expect: { page: 'parsed' }, support: true },
    { source: 'panther-analysis', path: 'rules/damaged/or_300.yml', content: pantherYaml('Damaged.Or300', 'or_300.py'), what: 'a Python rule with an or of 300 terms', expect: { page: 'parsed', logic: /the and\/or chain is too long for the Python reader .* at 2:\d+/ } },
    { source: 'panther-analysis', path: 'rules/damaged/or_300.py', content: `${PY_HEAD}    return ${chain(300, (i) => `event.get("a") == ${i}`, ' or ')}\n`, what: '(its Python file)', expect: { page: 'parsed' }, support: true },
  ];
}

/** A SOURCE file whose URL is a script: its source's rules must get no upstream link. */
export const HOSTILE_SOURCE = 'javascript:alert(document.domain)//https://github.com/x 0123456789abcdef\n';
