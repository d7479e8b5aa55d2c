import { describe, expect, it } from 'vitest';
import { error } from '../../src/lib/diagnostics.ts';
import { and, leaf, noLogic, not, or, scope } from '../../src/lib/logic/tree.ts';
import type { Rule } from '../../src/lib/model.ts';
import { createSiteModel } from '../../src/lib/site/model.ts';
import { POLICY_NOTE, coverageView, partialNote, ruleView } from '../../src/lib/site/rule-view.ts';
import { syntheticCatalog, syntheticRule } from '../../src/lib/site/synthetic.ts';

const base = syntheticRule(0);
const reference: Rule = {
  ...base,
  id: 'panther/aws-cloudtrail-securityconfigurationchange',
  vendor: 'panther',
  upstreamId: 'AWS.CloudTrail.SecurityConfigurationChange',
  title: 'Account Security Configuration Changed',
  severity: { original: 'Medium', normalized: 'medium' },
  logPlatform: 'AWS CloudTrail',
  attack: { tactics: ['TA0005'], techniques: ['T1562'] },
  logic: {
    status: 'partial',
    conjuncts: [
      not(or(leaf('errorCode', 'is_not_null'), leaf('errorMessage', 'is_not_null')))!,
      or({ type: 'and', children: [leaf('eventName', 'eq', ['UpdateDetector']), leaf('requestParameters.enable', 'is_null')] }, leaf('eventName', 'in', ['DeleteTrail', 'StopLogging']))!,
    ],
    reasons: ['loop over ALLOW_LIST'],
    outputFields: ['eventName', 'userIdentity'],
    diagnostics: [],
    tests: { cases: 5, agree: 5, disagreeing: [] },
  },
};
const model = createSiteModel({ ...syntheticCatalog(10), rules: [reference, ...syntheticCatalog(10).rules.slice(1)] });

describe('ruleView', () => {
  const view = ruleView(model, reference);

  it('shows ATT&CK coverage with names, links and the v19 replacement', () => {
    expect(view.coverage).toEqual([
      {
        tactic: 'Stealth',
        tacticUrl: '/attack/tactics/TA0005/',
        techniques: [
          {
            id: 'T1562',
            name: 'Impair Defenses',
            url: '/attack/techniques/T1562/',
            deprecated: undefined,
            replacedBy: { id: 'T1685', name: 'Disable or Modify Tools', url: '/attack/techniques/T1685/' },
          },
        ],
      },
    ]);
  });

  it('renders the condition one conjunct per line, as the reference page, with case marks and their legend', () => {
    expect(view.logic.lines).toEqual([
      'not (errorCode is_not_null or errorMessage is_not_null)',
      '(eventName eq~ "UpdateDetector" and requestParameters.enable is_null) or eventName in~ ["DeleteTrail", "StopLogging"]',
    ]);
    expect(view.legend.map((e) => e.mark)).toEqual(['~', 'is_null']);
    expect(view.logic.status).toBe('partial');
    expect(view.logic.tests).toEqual({ cases: 5, agree: 5, disagreeing: [] });
    // The reference rule is Python: its loop really is imperative code.
    expect(partialNote({ ...reference, query: { language: 'python', text: 'def rule(event): ...' } })).toMatch(/imperative Python logic/);
    expect(partialNote({ ...reference, query: { language: 'eql', text: 'sequence [a where true]' } })).not.toMatch(/imperative/);
    expect(view.logic.shape).toBe('single event');
  });

  it('lists exclusions, indicators and output fields', () => {
    expect(view.exclusions).toEqual([{ lines: ['errorCode is_not_null'] }, { lines: ['errorMessage is_not_null'] }]);
    expect(view.indicators.map((i) => [i.field, i.kind, i.values.map((v) => v.text)])).toEqual([
      ['eventName', 'eq~', ['UpdateDetector']],
      ['requestParameters.enable', 'is_null', ['']],
      ['eventName', 'in~', ['DeleteTrail', 'StopLogging']],
    ]);
    expect(view.outputFields).toEqual(['eventName', 'userIdentity']);
    // The explanation names the rule's own vendor only.
    expect(view.outputFieldsNote).toMatch(/alert_context/);
    expect(view.outputFieldsNote).not.toMatch(/Chronicle|Sentinel|Splunk/);
  });

  it('lists a grouped exclusion as one branch, and shows values unescaped in the tables', () => {
    // proc_access_win_lsass_memdump: filter_optional_thor {SourceImage|endswith: [...], GrantedAccess: '0x40'}.
    const conjuncts = [
      leaf('TargetImage', 'endswith', ['\\lsass.exe']),
      leaf('GrantedAccess', 'in', ['0x40', '0x1000']),
      not(and(leaf('SourceImage', 'endswith', ['\\thor.exe', '\\thor64.exe']), leaf('GrantedAccess', 'eq', ['0x40'])))!,
    ];
    const rule: Rule = { ...reference, logic: { ...reference.logic!, conjuncts } };
    const v = ruleView(model, rule);
    expect(v.exclusions).toEqual([{ lines: ['SourceImage endswith~ ["\\\\thor.exe", "\\\\thor64.exe"]', 'GrantedAccess eq~ "0x40"'] }]);
    expect(v.indicators.map((i) => [i.field, i.kind, i.values.map((x) => x.text)])).toEqual([
      ['TargetImage', 'endswith~', ['\\lsass.exe']],
      ['GrantedAccess', 'in~', ['0x40', '0x1000']],
    ]);
    expect(v.legend.map((e) => e.mark)).toContain('"\\\\"');
  });

  it('gives small Pagefind filters, and search terms for both ATT&CK versions', () => {
    // Tactics and techniques are no filters (each filter's data is loaded by every search); they are search terms.
    expect(Object.keys(view.filters).sort()).toEqual(['platform', 'severity', 'status', 'vendor']);
    expect(view.filters.vendor).toEqual(['Panther']);
    expect(view.filters.platform).toEqual(['AWS CloudTrail']);
    expect(view.filters.severity).toEqual(['medium']);
    expect(view.searchTerms).toEqual(expect.arrayContaining(['T1562', 'T1685', 'Impair Defenses', 'Disable or Modify Tools']));
  });

  it('links the permalink and the log platform in the metadata', () => {
    expect(view.permalink).toBe('/id/aws.cloudtrail.securityconfigurationchange/');
    const platform = view.metadata.find((m) => m.label === 'Log platform');
    expect(platform?.links).toEqual([{ text: 'AWS CloudTrail', href: '/platforms/aws-cloudtrail/' }]);
    expect(view.metadata.find((m) => m.label === 'Upstream files')?.links?.[0].href).toMatch(/^https:\/\//);
  });

  it('says why when no logic was extracted', () => {
    const broken: Rule = { ...reference, parseError: error('a.yml', 'yaml-syntax', 'bad', 3), logic: noLogic('the rule file could not be parsed') };
    const v = ruleView(model, broken);
    expect(v.logic).toMatchObject({ status: 'none', lines: [], stages: [], reasons: ['the rule file could not be parsed'], related: [] });
    expect(v.logic.note).toBeUndefined();
    expect(v.indicators).toEqual([]);
    expect(v.exclusions).toEqual([]);
    expect(v.legend).toEqual([]);
  });
});

describe('ruleView of a multi-stage rule', () => {
  // rules/linux/privilege_escalation_gdb_sys_ptrace_netcon.toml, reduced to two leaves per step.
  const sequence: Rule = {
    ...reference,
    query: { language: 'eql', text: 'sequence by host.id, process.entry_leader.entity_id with maxspan=30s [process where ...] [network where ...]' },
    logic: {
      status: 'full',
      conjuncts: [],
      stages: [
        { source: 'process', conjuncts: [leaf('event.category', 'eq', ['process']), leaf('process.name', 'eq', ['gdb']), not(leaf('user.id', 'eq', ['0']))!] },
        { source: 'network', conjuncts: [leaf('event.category', 'eq', ['network']), leaf('user.id', 'eq', ['0'])], by: ['process.pid'] },
      ],
      correlation: { kind: 'sequence', by: ['host.id', 'process.entry_leader.entity_id'], window: '30s', ordered: true },
      reasons: [],
      outputFields: [],
      diagnostics: [],
    },
  };
  const v = ruleView(model, sequence);

  it('shows one block per stage, labelled by the event category, and the correlation as a sentence', () => {
    expect(v.logic.stages.map((s) => s.label)).toEqual(['stage 1 (process)', 'stage 2 (network): by process.pid']);
    expect(v.logic.stages[1].lines).toEqual(['event.category eq~ "network"', 'user.id eq~ "0"']);
    expect(v.logic.correlation?.sentence).toBe('Sequence by host.id, process.entry_leader.entity_id within 30s: stage 1, then stage 2');
    expect(v.logic.correlation?.parts).toContainEqual({ label: 'Window', text: '30s' });
    expect(v.logic.shape).toBe('sequence of 2 stages');
    expect(v.metadata.find((m) => m.label === 'Logic shape')?.text).toBe('sequence of 2 stages');
  });

  it('lists exclusions per stage and indicators from every stage', () => {
    expect(v.exclusions).toEqual([{ stage: 'stage 1', lines: ['user.id eq~ "0"'] }]);
    expect(v.indicators.map((i) => [i.stages, i.field, i.values.map((x) => x.text)])).toEqual([
      [['stage 1'], 'event.category', ['process']],
      [['stage 1'], 'process.name', ['gdb']],
      [['stage 2'], 'event.category', ['network']],
      [['stage 2'], 'user.id', ['0']],
    ]);
  });
});

describe('ruleView of a correlation over other rules', () => {
  const rules = syntheticCatalog(3).rules;
  const correlation: Rule = {
    ...rules[0],
    id: 'sigma/password-spray-then-success',
    logic: {
      status: 'full',
      conjuncts: [],
      reasons: [],
      outputFields: [],
      diagnostics: [],
      stages: [
        { name: 'failed_login', rule: rules[1].id, conjuncts: [leaf('EventID', 'eq', [4625])] },
        { name: 'gone_rule', rule: 'gone_rule', conjuncts: [leaf('EventID', 'eq', [4624])] },
      ],
      correlation: { kind: 'sequence', by: ['TargetUserName'], window: '1h', ordered: true },
    },
  };
  const v = ruleView(createSiteModel({ ...syntheticCatalog(3), rules: [correlation, ...rules.slice(1)] }), correlation);

  it('links each stage to the rule whose matches it takes, or names the reference the catalog lacks', () => {
    expect(v.logic.stages.map((s) => s.rule)).toEqual([{ text: rules[1].title, href: rules[1].url }, { text: 'gone_rule' }]);
    expect(v.logic.correlation?.sentence).toBe('Sequence by TargetUserName within 1h: failed_login, then gone_rule');
  });
});

describe('coverageView', () => {
  it('derives tactics from techniques when the rule states none (Splunk)', () => {
    const rows = coverageView({ ...reference, attack: { tactics: [], techniques: ['T1078.004'] } });
    expect(rows.map((r) => r.tactic)).toEqual(['Initial Access', 'Persistence', 'Privilege Escalation', 'Stealth']);
  });

  it('shows an ID outside Enterprise ATT&CK without a link', () => {
    const rows = coverageView({ ...reference, attack: { tactics: ['Collection'], techniques: ['T1471'] } });
    expect(rows.flatMap((r) => r.techniques)).toContainEqual({ id: 'T1471', name: undefined, url: undefined, deprecated: undefined });
  });

  it('says plainly that a policy tree is what the policy alerts on', () => {
    const policy: Rule = { ...reference, kind: 'policy', logic: { ...reference.logic!, status: 'full', reasons: [], conjuncts: [not(leaf('Versioning', 'eq', ['Enabled'], { caseSensitive: true }))!] } };
    const v = ruleView(model, policy);
    expect(v.logic.policyNote).toBe(POLICY_NOTE);
    // Python == compares case-sensitively: no ~ mark.
    expect(v.logic.lines).toEqual(['not Versioning eq "Enabled"']);
    expect(v.exclusions).toEqual([]);
    expect(ruleView(model, reference).logic.policyNote).toBeUndefined();
  });

  it('explains the marks of a policy tree too, though a policy lists no exclusions (seen on aws-networkacl-restrictedssh: ^. and eq field had no legend)', () => {
    const entries = scope('any', 'Entries', and(leaf('RuleAction', 'eq', ['deny'], { caseSensitive: true }), leaf('RuleNumber', 'lt', [], { otherField: '^.RuleNumber' })));
    const policy: Rule = { ...reference, kind: 'policy', logic: { ...reference.logic!, status: 'full', reasons: [], conjuncts: [not(entries!)!] } };
    const v = ruleView(model, policy);
    expect(v.exclusions).toEqual([]);
    expect(v.legend.map((e) => e.mark)).toEqual(expect.arrayContaining(['any field (…)', 'eq field', '^.']));
  });

  it('lists the stages of a query, its grouping and the rules it is linked to', () => {
    const query: Rule = {
      ...reference,
      kind: 'scheduled query',
      logic: {
        status: 'partial',
        conjuncts: [],
        stages: [
          { name: 'logins', source: 'panther_logs.public.okta_systemlog', conjuncts: [leaf('eventType', 'eq', ['user.session.start'])] },
          { name: 'devices', source: 'panther_logs.public.crowdstrike_aidmaster', conjuncts: [], role: 'left join' },
        ],
        correlation: { kind: 'threshold', by: ['actor'], condition: 'COUNT(*) > 5', window: '1 hour' },
        reasons: ['join: LEFT JOIN devices'],
        outputFields: [],
        diagnostics: [],
        relatedRules: [reference.id, 'Unknown.Rule'],
      },
    };
    const v = ruleView(model, query);
    expect(v.logic.stages.map((s) => [s.label, s.lines])).toEqual([
      ['logins (panther_logs.public.okta_systemlog)', ['eventType eq~ "user.session.start"']],
      ['devices (panther_logs.public.crowdstrike_aidmaster): left join', []],
    ]);
    expect(v.logic.correlation?.sentence).toBe('Per actor within 1 hour: COUNT(*) > 5');
    expect(v.logic.related).toEqual([{ text: reference.title, href: reference.url }, { text: 'Unknown.Rule' }]);
  });
});

describe('sample events', () => {
  it('shows each test with what it expects and what the extracted tree says', () => {
    const rule: Rule = {
      ...reference,
      tests: [
        { name: 'Trail deleted', expected: true, log: { eventName: 'DeleteTrail' } },
        { name: 'Lower-case name', expected: true, log: { eventName: 'deletetrail' } },
      ],
      logic: { ...reference.logic!, tests: { cases: 2, agree: 1, disagreeing: ['Lower-case name'] } },
    };
    const v = ruleView(model, rule).samples!;
    expect(v.origin).toBe('tests');
    expect(v.samples.map((s) => [s.name, s.expected, s.tree])).toEqual([
      ['Trail deleted', true, true],
      ['Lower-case name', true, false],
    ]);
    expect(JSON.parse(v.samples[0].json)).toEqual({ eventName: 'DeleteTrail' });
  });

  it('has no section without events to show', () => {
    expect(ruleView(model, { ...reference, tests: [{ name: 'attack data', expected: true, log: null }] }).samples).toBeUndefined();
  });
});
