/**
 * A synthetic catalog for measuring the site at corpus scale (RULECAT_SYNTHETIC=<n> npm run benchmark) and for
 * unit tests of the view models. Rules are shaped like the reference pages: CloudTrail conditions, ATT&CK IDs
 * from v18 and v19, Panther-like YAML bodies with tests, some partial and some broken entries.
 */
import type { Catalog } from '../catalog.ts';
import { VENDORS, type VendorId } from '../definitions.ts';
import { error } from '../diagnostics.ts';
import { TECHNIQUES } from '../attack/index.ts';
import { leaf, not, or } from '../logic/tree.ts';
import type { Condition } from '../logic/types.ts';
import type { Rule } from '../model.ts';
import { PLATFORMS } from '../platforms.ts';

const ACTIONS = ['DeleteTrail', 'StopLogging', 'DeleteDetector', 'PutBucketPolicy', 'CreateUser', 'AttachUserPolicy', 'DeleteFlowLogs', 'ConsoleLogin'];
const TACTIC_STYLES = ['TA0005', 'defense-evasion', 'Defense Evasion', 'DefenseEvasion', 'stealth'];

function body(i: number, title: string, action: string): string {
  const tests = Array.from({ length: 3 }, (_, t) =>
    [
      `  - Name: Case ${t}`,
      `    ExpectedResult: ${t === 0}`,
      '    Log:',
      `      { "eventName": "${t === 0 ? action : 'Describe'}", "eventSource": "cloudtrail.amazonaws.com", "awsRegion": "us-west-2",`,
      '        "userIdentity": { "type": "AssumedRole", "arn": "arn:aws:sts::123456789012:assumed-role/tester" },',
      '        "sourceIPAddress": "111.111.111.111", "recipientAccountId": "123456789012" }',
    ].join('\n'),
  );
  return [
    'AnalysisType: rule',
    `RuleID: "Synthetic.Rule.${i}"`,
    `DisplayName: "${title}"`,
    'Enabled: true',
    'LogTypes:',
    '  - AWS.CloudTrail',
    'Severity: Medium',
    `Description: Synthetic rule ${i} watching ${action}.`,
    'Reports:',
    '  MITRE ATT&CK:',
    '    - TA0005:T1562',
    'Tests:',
    ...tests,
    '',
  ].join('\n');
}

export function syntheticRule(i: number): Rule {
  const vendors = Object.keys(VENDORS) as VendorId[];
  const vendor = vendors[i % vendors.length];
  const action = ACTIONS[i % ACTIONS.length];
  const technique = i % 5 === 0 ? 'T1562' : TECHNIQUES[(i * 7) % TECHNIQUES.length].id;
  const title = `Synthetic ${action} watch ${i}`;
  const slug = `synthetic-${i}`;
  const conjuncts: Condition[] = [
    not(or(leaf('errorCode', 'is_not_null'), leaf('errorMessage', 'is_not_null')))!,
    leaf('eventName', i % 3 ? 'eq' : 'in', i % 3 ? [action] : [action, ACTIONS[(i + 1) % ACTIONS.length]]),
  ];
  const broken = i % 97 === 13;
  const text = body(i, title, action);
  return {
    id: `${vendor}/${slug}`,
    slug,
    url: `/rules/${vendor}/${slug}/`,
    source: 'synthetic',
    vendor,
    format: 'panther',
    upstreamId: i % 50 === 7 ? `Synthetic.Shared.${i % 3}` : `Synthetic.Rule.${i}`,
    slugBase: slug,
    title,
    description: `Detects ${action} calls in AWS CloudTrail (synthetic rule ${i}).`,
    severity: { original: 'Medium', normalized: 'medium' },
    status: 'stable',
    enabled: true,
    kind: 'rule',
    logPlatform: i % 4 ? 'AWS CloudTrail' : PLATFORMS[i % PLATFORMS.length],
    logSource: ['AWS.CloudTrail'],
    attack: { tactics: i % 2 ? [TACTIC_STYLES[i % TACTIC_STYLES.length]] : [], techniques: [technique] },
    references: ['https://docs.aws.amazon.com/awscloudtrail/latest/userguide/'],
    authors: ['Rulecat'],
    created: '2024-01-31',
    tags: ['AWS', 'Synthetic'],
    files: [{ path: `rules/synthetic_${i}.yml`, language: 'yaml', text, upstreamUrl: `https://github.com/example/rules/blob/0000000/rules/synthetic_${i}.yml` }],
    tests: [],
    diagnostics: [],
    parseError: broken ? error(`rules/synthetic_${i}.yml`, 'yaml-syntax', 'bad indentation of a mapping entry', 4, 3) : undefined,
    logic: broken
      ? { status: 'none', conjuncts: [], reasons: ['the rule file could not be parsed'], outputFields: [], diagnostics: [] }
      : {
          status: i % 4 === 1 ? 'partial' : 'full',
          conjuncts,
          reasons: i % 4 === 1 ? ['loop over ALLOW_LIST'] : [],
          outputFields: ['eventName', 'sourceIPAddress', 'userIdentity'],
          diagnostics: [],
          tests: { cases: 3, agree: i % 4 === 1 ? 2 : 3, disagreeing: i % 4 === 1 ? ['Case 2'] : [] },
        },
  };
}

export function syntheticCatalog(n: number): Catalog {
  const rules = Array.from({ length: n }, (_, i) => syntheticRule(i));
  return {
    root: 'synthetic',
    examples: false,
    rules,
    sources: [],
    diagnostics: rules.flatMap((r) => (r.parseError ? [r.parseError] : [])),
  };
}
