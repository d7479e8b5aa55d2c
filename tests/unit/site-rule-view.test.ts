import { describe, expect, it } from 'vitest';
import { error } from '../../src/lib/diagnostics.ts';
import { leaf, noLogic, not, or } from '../../src/lib/logic/tree.ts';
import type { Rule } from '../../src/lib/model.ts';
import { createSiteModel } from '../../src/lib/site/model.ts';
import { PARTIAL_NOTE, coverageView, ruleView } from '../../src/lib/site/rule-view.ts';
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

  it('renders the condition one conjunct per line, as the reference page', () => {
    expect(view.logic.lines).toEqual([
      'not (errorCode is_not_null or errorMessage is_not_null)',
      '(eventName eq "UpdateDetector" and requestParameters.enable is_null) or eventName in ["DeleteTrail", "StopLogging"]',
    ]);
    expect(view.logic.status).toBe('partial');
    expect(view.logic.tests).toEqual({ cases: 5, agree: 5, disagreeing: [] });
    expect(PARTIAL_NOTE).toMatch(/^This rule also runs imperative logic/);
  });

  it('lists exclusions, indicators and output fields', () => {
    expect(view.exclusions).toEqual([
      { field: 'errorCode', kind: 'is_not_null', values: [] },
      { field: 'errorMessage', kind: 'is_not_null', values: [] },
    ]);
    expect(view.indicators.map((i) => [i.field, i.kind, i.values.map((v) => v.text)])).toEqual([
      ['eventName', 'eq', ['"UpdateDetector"']],
      ['requestParameters.enable', 'is_null', ['']],
      ['eventName', 'in', ['"DeleteTrail"', '"StopLogging"']],
    ]);
    expect(view.outputFields).toEqual(['eventName', 'userIdentity']);
  });

  it('gives Pagefind filters and search terms for both ATT&CK versions', () => {
    expect(view.filters.vendor).toEqual(['Panther']);
    expect(view.filters.tactic).toEqual(['Stealth']);
    expect(view.filters.technique).toEqual(['T1562 Impair Defenses', 'T1685 Disable or Modify Tools']);
    expect(view.filters.platform).toEqual(['AWS CloudTrail']);
    expect(view.filters.severity).toEqual(['medium']);
    expect(view.searchTerms).toEqual(expect.arrayContaining(['T1562', 'T1685', 'Impair Defenses']));
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
    expect(v.logic).toEqual({ status: 'none', lines: [], reasons: ['the rule file could not be parsed'], tests: undefined });
    expect(v.indicators).toEqual([]);
    expect(v.exclusions).toEqual([]);
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
});
