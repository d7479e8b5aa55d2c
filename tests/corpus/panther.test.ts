import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/lib/catalog.ts';
import { sourceCatalog } from './shared.ts';
import type { PantherDocument } from '../../src/lib/formats/panther/index.ts';
import { renderConjuncts } from '../../src/lib/logic/render.ts';
import { exclusionsOf, indicatorsOf } from '../../src/lib/logic/sections.ts';
import type { Rule } from '../../src/lib/model.ts';
import { PLATFORMS } from '../../src/lib/platforms.ts';
import { expectStagesContract } from './stages-invariants.ts';

const SECURITY_CONFIG_ACTIONS = [
  'DeleteAccountPublicAccessBlock', 'DeleteDeliveryChannel', 'DeleteDetector', 'DeleteFlowLogs', 'DeleteRule',
  'DeleteTrail', 'DisableEbsEncryptionByDefault', 'DisableRule', 'StopConfigurationRecorder', 'StopLogging',
];
const AWS_CONTEXT = ['eventName', 'eventSource', 'awsRegion', 'recipientAccountId', 'sourceIPAddress', 'userAgent', 'userIdentity'];

describe.skipIf(!process.env.RULECAT_CORPUS)('panther-analysis on the real corpus', () => {
  let catalog: Catalog;
  let rules: Rule[];
  const byId = (id: string) => rules.find((r) => r.upstreamId === id)!;

  beforeAll(() => {
    catalog = sourceCatalog('panther-analysis');
    rules = catalog.rules;
  });

  it('ingests at least 99% of rule files with title, vendor, log platform and their ATT&CK IDs', () => {
    const stats = catalog.sources[0];
    expect(stats.files).toBeGreaterThan(500);
    const complete = rules.filter((r) => {
      const doc = r.document as PantherDocument | undefined;
      const stated = JSON.stringify((doc?.yaml?.Reports as Record<string, unknown> | undefined)?.['MITRE ATT&CK'] ?? []);
      const attackOk = !/T\d{4}/.test(stated) || r.attack.techniques.length > 0;
      return !r.parseError && r.title && r.vendor === 'panther' && r.logPlatform && attackOk;
    });
    expect(complete.length / (stats.files - stats.notRules)).toBeGreaterThanOrEqual(0.99);
    const known = new Set<string>(PLATFORMS);
    expect(rules.filter((r) => r.logPlatform && !known.has(r.logPlatform))).toEqual([]);
  });

  it('keeps the Python file and the tests with each Python rule', () => {
    // Queries are SQL without Python or Tests; rules and policies have both.
    const pythonKinds = rules.filter((r) => !r.kind.endsWith('query'));
    const python = pythonKinds.filter((r) => (r.document as PantherDocument | undefined)?.python);
    expect(python.length / pythonKinds.length).toBeGreaterThan(0.9);
    for (const r of python) {
      expect(r.files.map((f) => f.language)).toEqual(['yaml', 'python']);
      expect(r.query?.language).toBe('python');
    }
    expect(pythonKinds.filter((r) => r.tests.length > 0).length / pythonKinds.length).toBeGreaterThan(0.9);
  });

  it('extracts a condition tree for at least 90% of Python rules', () => {
    const python = rules.filter((r) => (r.document as PantherDocument | undefined)?.python);
    const withTree = python.filter((r) => r.logic && r.logic.status !== 'none' && r.logic.conjuncts.length > 0);
    expect(withTree.length / python.length).toBeGreaterThanOrEqual(0.9);
  });

  it('agrees with at least 98% of the test cases of rules not flagged partial', () => {
    let cases = 0;
    let agree = 0;
    for (const r of rules) {
      if (r.logic?.status !== 'full' || !r.logic.tests) continue;
      cases += r.logic.tests.cases;
      agree += r.logic.tests.agree;
    }
    expect(cases).toBeGreaterThan(1000);
    expect(agree / cases).toBeGreaterThanOrEqual(0.98);
  });

  it('agrees with at least 99% of the test cases of all rules, partial ones included: a tree that leaves out logic its tests exercise counts against it', () => {
    const tested = rules.filter((r) => r.logic?.tests);
    const cases = tested.reduce((n, r) => n + r.logic!.tests!.cases, 0);
    const agree = tested.reduce((n, r) => n + r.logic!.tests!.agree, 0);
    expect(cases).toBeGreaterThan(2000);
    expect(agree / cases).toBeGreaterThanOrEqual(0.99);
  });

  it('reads every correlation rule as stages of the rules it combines, linked, and agrees with its RuleOutputs tests', () => {
    const correlations = rules.filter((r) => r.kind === 'correlation_rule');
    expect(correlations.length).toBeGreaterThan(20);
    for (const r of correlations) {
      const at = r.files[0].path;
      expect(r.logic!.relatedRules!.length, at).toBeGreaterThan(0);
      expect(r.logic!.stages!.length, at).toBeGreaterThanOrEqual(2);
      expect(['temporal', 'sequence'], at).toContain(r.logic!.correlation!.kind);
      expect(r.logic!.stages!.every((s) => s.name && s.rule), at).toBe(true);
      expect(r.logic!.reasons, at).not.toContain('correlation');
    }
    const resolved = correlations.flatMap((r) => r.logic!.relatedRules!).filter((id) => id.startsWith('panther/'));
    expect(resolved.length / correlations.flatMap((r) => r.logic!.relatedRules!).length).toBeGreaterThan(0.9);
    // Stages carry the filters of the rules they name.
    const stages = correlations.flatMap((r) => r.logic!.stages!);
    expect(stages.filter((s) => s.conjuncts.length).length / stages.length).toBeGreaterThan(0.9);
    expect(correlations.filter((r) => r.logic!.status === 'full').length / correlations.length).toBeGreaterThan(0.6);
    const tested = correlations.filter((r) => r.logic!.tests);
    expect(tested.length / correlations.length).toBeGreaterThan(0.9);
    for (const r of tested) expect(r.logic!.tests!.disagreeing, r.files[0].path).toEqual([]);
  });

  it('rules with a Threshold above 1 count events per dedup string within DedupPeriodMinutes', () => {
    const thresholds = rules.filter((r) => r.logic?.correlation?.detail?.startsWith('Threshold '));
    expect(thresholds.length).toBeGreaterThan(60);
    for (const r of thresholds) {
      expect(r.logic!.correlation!.condition, r.files[0].path).toMatch(/^count >= \d+$/);
      expect(r.logic!.correlation!.window, r.files[0].path).toMatch(/^\d+m$/);
      expect(r.logic!.reasons.some((x) => x.startsWith('threshold')), r.files[0].path).toBe(false);
    }
    expect(thresholds.filter((r) => r.logic!.correlation!.by.some((b) => !b.endsWith('()'))).length).toBeGreaterThan(5);
  });

  it('stages follow the contract and the published logic validates against its schema', () => {
    // Rules and correlation rules: policies, queries and the scheduled rules that take a query's logic have their own tests.
    expectStagesContract(rules.filter((r) => r.logic && ['rule', 'correlation_rule'].includes(r.kind ?? '')));
  });

  // Trees of real rules of different shapes, checked by hand against their Python / YAML.
  const golden: [string, string, string[]][] = [
    ['Github.Repo.Archived', 'full', ['action eq "repo.archived"']],
    ['AWS.IPSet.Modified', 'full', ['eventSource in ["guardduty.amazonaws.com", "wafv2.amazonaws.com"]', 'eventName in ["CreateIPSet", "UpdateIPSet"]']],
    ['Okta.Identity.Provider.Created.Modified', 'full', ['eventType contains "system.idp.lifecycle"']],
    ['AWS.S3.ServerAccess.Insecure', 'full', ['operation wildcard "REST.*.OBJECT"', 'ciphersuite is_null or tlsVersion is_null']],
    [
      'AWS.ECR.EVENTS',
      'full',
      [
        'eventSource eq "ecr.amazonaws.com"',
        '(userIdentity.accountId eq "123456789012" and not awsRegion in ["us-west-1", "us-west-2"]) or (userIdentity.accountId eq "103456789012" and not awsRegion in ["us-east-1", "us-east-2"]) or not userIdentity.accountId in ["123456789012", "103456789012"]',
      ],
    ],
    // `if "-l" in event.get("argv", []): return False` is an exclusion on a list field; Threshold is its correlation.
    ['Teleport.ScheduledJobs', 'full', ['event eq "session.command"', 'not argv contains "-l"', 'program eq "crontab"']],
    // A loop over threatsInfoMap returning on a test of two item fields: both must hold on the same item (a scope).
    ['Proofpoint.ThreatCampaign', 'full', ['any threatsInfoMap (campaignID is_not_null and threatStatus eq "active")']],
    // `known_severity(event) and any(kw in category ...) and not any(ex in category ...)`: all three conjuncts.
    [
      'Upwind.Detection.Network.Passthrough',
      'full',
      ['type(severity or "") eq "string"', 'severity in ["CRITICAL", "HIGH", "MEDIUM", "LOW"]', 'category contains "network"', 'not category contains ["api", "vulnerab"]'],
    ],
  ];
  for (const [id, status, lines] of golden) {
    it(`extracts the hand-checked tree of ${id}`, () => {
      const r = byId(id);
      expect(r, id).toBeDefined();
      expect(r.logic!.status).toBe(status);
      expect(renderConjuncts(r.logic!.conjuncts)).toEqual(lines);
      expect(r.logic!.tests?.disagreeing).toEqual([]);
    });
  }

  it('renders AWS.CloudTrail.SecurityConfigurationChange as the reference page', () => {
    const r = byId('AWS.CloudTrail.SecurityConfigurationChange');
    expect(r.title).toBe('Account Security Configuration Changed');
    expect(r.attack).toEqual({ tactics: ['TA0005'], techniques: ['T1562'] });
    expect(r.logic!.status).toBe('partial');
    // The test that fills ALLOW_LIST runs with its mocks.
    expect(r.logic!.tests!.agree).toBe(r.logic!.tests!.cases);
    expect(renderConjuncts(r.logic!.conjuncts)).toEqual([
      'not (errorCode is_not_null or errorMessage is_not_null)',
      `(eventName eq "UpdateDetector" and requestParameters.enable is_null) or eventName in [${SECURITY_CONFIG_ACTIONS.map((a) => JSON.stringify(a)).join(', ')}]`,
    ]);
    expect(exclusionsOf(r.logic!.conjuncts).map((e) => [e.field, e.kind, e.values])).toEqual([
      ['errorCode', 'is_not_null', []],
      ['errorMessage', 'is_not_null', []],
    ]);
    // The page lists indicators sorted by field and kind.
    expect(indicatorsOf(r.logic!.conjuncts).map((e) => `${e.field} ${e.kind}`).sort()).toEqual(['eventName eq', 'eventName in', 'requestParameters.enable is_null']);
    expect(r.logic!.outputFields).toEqual([...AWS_CONTEXT, 'actor_user']);
  });

  it('renders AWS.ConfigService.Created as the reference page', () => {
    const r = byId('AWS.ConfigService.Created');
    expect(r.attack).toEqual({ tactics: ['TA0007'], techniques: ['T1526'] });
    expect(r.logic!.status).toBe('full');
    expect(renderConjuncts(r.logic!.conjuncts)).toEqual([
      'not (errorCode is_not_null or errorMessage is_not_null)',
      'eventName in ["PutDeliveryChannel", "PutConfigurationRecorder", "StartConfigurationRecorder"]',
    ]);
    expect(exclusionsOf(r.logic!.conjuncts).map((e) => `${e.field} ${e.kind}`)).toEqual(['errorCode is_not_null', 'errorMessage is_not_null']);
    expect(indicatorsOf(r.logic!.conjuncts).map((e) => `${e.field} ${e.kind}`)).toEqual(['eventName in']);
    expect(r.logic!.outputFields).toEqual(AWS_CONTEXT);
    expect(r.logic!.tests).toEqual({ cases: 3, agree: 3, disagreeing: [] });
  });
});
