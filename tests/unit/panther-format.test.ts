import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { attackFromReports, pantherFormat } from '../../src/lib/formats/panther/index.ts';
import type { CorpusView, SourceContext } from '../../src/lib/formats/types.ts';
import { pantherLogPlatform, platformFromQueryName, refinePlatform, PANTHER_PLATFORMS } from '../../src/lib/formats/panther/log-platforms.ts';
import { renderConjuncts } from '../../src/lib/logic/render.ts';
import { PLATFORMS } from '../../src/lib/platforms.ts';
import { createSourceContext } from '../../src/lib/catalog.ts';

const root = fileURLToPath(new URL('../fixtures/panther', import.meta.url));
const source = (): SourceContext => createSourceContext('demo', root, { url: 'https://example.com', commit: 'abc' });
const read = (rel: string, ctx = source()) => pantherFormat.parseFile(rel, readFileSync(join(root, rel), 'utf8'), ctx);
const corpus: CorpusView = { findByUpstreamId: (_s, id) => (id === 'Demo.Good.Rule' ? { id: 'panther/demo-good-rule', title: 'Demo Good Rule' } : undefined) };

describe('panther format: listing and reading', () => {
  it('lists rule, correlation, policy and query YAML files, never the .py files', () => {
    const files = pantherFormat.listFiles(source());
    expect(files).toContain('rules/demo/good_rule.yml');
    expect(files).toContain('correlation_rules/demo_correlation.yml');
    expect(files).toContain('policies/demo/bucket_versioning.yml');
    expect(files).toContain('queries/demo/console_failures_query.yml');
    expect(files.some((f) => f.endsWith('.py'))).toBe(false);
    expect(files.some((f) => f.startsWith('global_helpers') || f.startsWith('data_models'))).toBe(false);
  });

  it('reads a Python rule with its metadata, files, query and tests', () => {
    const { rules } = read('rules/demo/good_rule.yml');
    expect(rules).toHaveLength(1);
    const r = rules[0];
    expect(r).toMatchObject({
      vendor: 'panther',
      upstreamId: 'Demo.Good.Rule',
      slugBase: 'Demo.Good.Rule',
      title: 'Demo Good Rule',
      description: 'A demo rule.',
      severity: { original: 'Medium', normalized: 'medium' },
      status: 'Experimental',
      enabled: true,
      deprecated: false,
      kind: 'rule',
      logSource: ['AWS.CloudTrail'],
      logPlatform: 'AWS CloudTrail',
      attack: { tactics: ['TA0005', 'TA0040'], techniques: ['T1562', 'T1485', 'T1490.001'] },
      references: ['https://example.com/demo'],
      tags: ['AWS'],
    });
    expect(r.files.map((f) => [f.path, f.language])).toEqual([
      ['rules/demo/good_rule.yml', 'yaml'],
      ['rules/demo/good_rule.py', 'python'],
    ]);
    expect(r.files[1].upstreamUrl).toBe('https://example.com/blob/abc/rules/demo/good_rule.py');
    expect(r.query?.language).toBe('python');
    expect(r.tests).toEqual([
      { name: 'Matches', expected: true, log: { eventName: 'DeleteTrail' } },
      { name: 'Other call', expected: false, log: { eventName: 'DescribeTrails' }, mocks: [{ objectName: 'ALLOW_LIST', returnValue: '[]' }] },
    ]);
    expect(r.diagnostics).toEqual([]);
  });

  it('keeps broken YAML as a broken rule with file and line', () => {
    const { rules } = read('rules/demo/broken.yml');
    expect(rules).toHaveLength(1);
    expect(rules[0].parseError).toMatchObject({ file: 'rules/demo/broken.yml', code: 'yaml-syntax', severity: 'error' });
    expect(rules[0].parseError?.line).toBeGreaterThan(1);
    expect(rules[0].files[0].text).toContain('Demo.Broken');
    expect(rules[0]).toMatchObject({ upstreamId: 'Demo.Broken', title: 'Demo.Broken' });
  });

  it('warns about a missing Python file and a missing RuleID, keeping the rule', () => {
    const missing = read('rules/demo/missing_python.yml').rules[0];
    expect(missing.title).toBe('Demo Missing Python');
    expect(missing.diagnostics).toMatchObject([{ code: 'missing-python', line: 2 }]);
    expect(pantherFormat.extractLogic!(missing, source(), corpus)).toMatchObject({ status: 'none', reasons: ['no Python file and no Detection'] });

    const noId = read('rules/demo/no_rule_id.yml').rules[0];
    expect(noId).toMatchObject({ title: 'no_rule_id', slugBase: 'no_rule_id', kind: 'scheduled_rule', logSource: ['Query.Okta.Something'], logPlatform: 'Okta System Log' });
    expect(noId.diagnostics.map((d) => d.code)).toEqual(['missing-rule-id', 'missing-title']);
  });

  it('marks scheduled rules partial: their saved query filters first', () => {
    const ctx = source();
    const r = read('rules/demo/no_rule_id.yml', ctx).rules[0];
    expect(pantherFormat.extractLogic!(r, ctx, corpus)).toMatchObject({ status: 'partial', reasons: ['scheduled query: Query.Okta.Something'] });
  });

  it('says why a Jinja macro library is not a query', () => {
    expect(read('queries/macros/demo_macros.yml')).toEqual({ rules: [], notARule: 'a library of Jinja macros that queries import' });
  });
});

describe('panther format: policies', () => {
  it('reads a policy: PolicyID, ResourceTypes, the resource platform, Python and tests on a Resource', () => {
    const r = read('policies/demo/bucket_versioning.yml').rules[0];
    expect(r).toMatchObject({
      upstreamId: 'Demo.S3.Bucket.Versioning',
      title: 'Demo S3 Bucket Versioning',
      kind: 'policy',
      logSource: ['AWS.S3.Bucket'],
      logPlatform: 'AWS Resources',
      attack: { tactics: ['TA0040'], techniques: ['T1485'] },
    });
    expect(r.files.map((f) => f.language)).toEqual(['yaml', 'python']);
    expect(r.tests.map((t) => [t.name, t.expected])).toEqual([['Versioning Enabled', true], ['Versioning Suspended', false], ['Public ACLs Allowed', false]]);
    expect(r.diagnostics).toEqual([]);
  });

  it('describes what the policy alerts on: the negation of policy(resource), agreeing with its pass/fail tests', () => {
    const ctx = source();
    const r = read('policies/demo/bucket_versioning.yml', ctx).rules[0];
    const logic = pantherFormat.extractLogic!(r, ctx, corpus);
    expect(logic.status).toBe('full');
    expect(renderConjuncts(logic.conjuncts)).toEqual(['not (Versioning eq "Enabled" and PublicAccessBlockConfiguration.BlockPublicAcls eq true)']);
    expect(logic.tests).toEqual({ cases: 3, agree: 3, disagreeing: [] });
  });
});

describe('panther format: queries', () => {
  const catalogView = (ids: Record<string, string>): CorpusView => ({ findByUpstreamId: (_s, id) => (ids[id] ? { id: ids[id], title: id } : undefined) });

  it('reads a scheduled query: QueryName, kind, the tables it reads and their platform', () => {
    const r = read('queries/demo/console_failures_query.yml').rules[0];
    expect(r).toMatchObject({
      upstreamId: 'Query.Demo.Console.Failures',
      title: 'Query.Demo.Console.Failures',
      kind: 'scheduled query',
      logSource: ['panther_logs.public.aws_cloudtrail'],
      logPlatform: 'AWS CloudTrail',
      query: { language: 'sql' },
    });
  });

  it('turns WHERE into the filter and GROUP BY/HAVING into the correlation, linked to the scheduled rule', () => {
    const ctx = source();
    const r = read('queries/demo/console_failures_query.yml', ctx).rules[0];
    const logic = pantherFormat.extractLogic!(r, ctx, catalogView({ 'Demo.Console.Failures': 'panther/demo-console-failures' }));
    expect(logic.status).toBe('full');
    expect(renderConjuncts(logic.conjuncts)).toEqual(['eventtype eq "AwsConsoleSignIn"', 'responseElements.ConsoleLogin eq "Failure"']);
    expect(logic.correlation).toEqual({ kind: 'threshold', by: ['accountid'], condition: 'failures > 10', window: '1 hour' });
    expect(logic.relatedRules).toEqual(['panther/demo-console-failures']);
    expect(logic.outputFields).toEqual(['accountid', 'users', 'failures']);
  });

  it('gives a scheduled rule the platform of its query and links it to the query', () => {
    const ctx = source();
    const r = read('queries/demo/console_failures.yml', ctx).rules[0];
    expect(r).toMatchObject({ kind: 'scheduled_rule', logSource: ['Query.Demo.Console.Failures'], logPlatform: 'AWS CloudTrail' });
    const logic = pantherFormat.extractLogic!(r, ctx, catalogView({ 'Query.Demo.Console.Failures': 'panther/query-demo-console-failures' }));
    expect(logic.relatedRules).toEqual(['panther/query-demo-console-failures']);
    // rule() accepts every row: the rule alerts on exactly the query's rows, so it has the query's logic.
    expect(renderConjuncts(logic.conjuncts)).toEqual(['eventtype eq "AwsConsoleSignIn"', 'responseElements.ConsoleLogin eq "Failure"']);
    expect(logic.correlation).toMatchObject({ kind: 'threshold', by: ['accountid'] });
    expect(logic.tests).toBeUndefined();
  });

  it('reports SQL it cannot parse with its line and column in the YAML file', () => {
    const ctx = source();
    const r = read('queries/demo/broken_sql_query.yml', ctx).rules[0];
    expect(r).toMatchObject({ kind: 'saved query', logPlatform: 'Okta System Log' });
    const logic = pantherFormat.extractLogic!(r, ctx, corpus);
    expect(logic.status).toBe('none');
    expect(logic.diagnostics).toMatchObject([{ file: 'queries/demo/broken_sql_query.yml', code: 'sql-syntax', line: 7, column: 21 }]);
  });
});

describe('panther format: logic', () => {
  it('extracts Python logic and checks it against the rule tests', () => {
    const ctx = source();
    const r = read('rules/demo/good_rule.yml', ctx).rules[0];
    const logic = pantherFormat.extractLogic!(r, ctx, corpus);
    expect(logic.status).toBe('full');
    expect(renderConjuncts(logic.conjuncts)).toEqual(['not (errorCode is_not_null or errorMessage is_not_null)', 'eventName in ["DeleteTrail", "StopLogging"]']);
    expect(logic.tests).toEqual({ cases: 2, agree: 2, disagreeing: [] });
  });

  it('translates simple detections and their AlertContext', () => {
    const ctx = source();
    const r = read('rules/demo/simple_detection.yml', ctx).rules[0];
    expect(r.logPlatform).toBe('GitHub Audit Log');
    const logic = pantherFormat.extractLogic!(r, ctx, corpus);
    expect(renderConjuncts(logic.conjuncts)).toEqual(['action in ["repo.destroy", "repo.archived"]', 'not data.visibility eq "private"']);
    expect(logic.outputFields).toEqual(['repo']);
    expect(logic.tests).toEqual({ cases: 2, agree: 2, disagreeing: [] });
  });

  it('reads correlation rules as stages: each member the logic of the rule it names, linked, with its own match field', () => {
    const ctx = source();
    const r = read('correlation_rules/demo_correlation.yml', ctx).rules[0];
    expect(r.kind).toBe('correlation_rule');
    expect(r.logPlatform).toBe('AWS CloudTrail');
    const logic = pantherFormat.extractLogic!(r, ctx, corpus);
    expect(logic).toMatchObject({ status: 'full', reasons: [], relatedRules: ['panther/demo-good-rule', 'Demo.Simple'], conjuncts: [] });
    expect(logic.stages?.map((s) => [s.name, s.source, s.rule, s.by, renderConjuncts(s.conjuncts)])).toEqual([
      ['First', 'AWS.CloudTrail', 'panther/demo-good-rule', ['p_alert_context.actor'], ['not (errorCode is_not_null or errorMessage is_not_null)', 'eventName in ["DeleteTrail", "StopLogging"]']],
      ['Second', 'GitHub.Audit', 'Demo.Simple', undefined, ['action in ["repo.destroy", "repo.archived"]', 'not data.visibility eq "private"']],
    ]);
    expect(logic.correlation).toEqual({ kind: 'temporal', by: [], ordered: false });
  });
});

describe('panther metadata', () => {
  it('reads ATT&CK IDs as stated', () => {
    expect(attackFromReports({ 'MITRE ATT&CK': ['TA0005:T1562', 'TA0001:T1195.002', 'TA0007'] })).toEqual({ tactics: ['TA0005', 'TA0001', 'TA0007'], techniques: ['T1562', 'T1195.002'] });
    expect(attackFromReports({ CIS: ['3.9'] })).toEqual({ tactics: [], techniques: [] });
  });

  it('maps log types onto the shared platform names', () => {
    expect(pantherLogPlatform('AWS.CloudTrail')).toBe('AWS CloudTrail');
    expect(pantherLogPlatform('GCP.AuditLog')).toBe('GCP Audit Logs');
    expect(pantherLogPlatform('Okta.SystemLog')).toBe('Okta System Log');
    expect(pantherLogPlatform('GSuite.Reports')).toBe('Google Workspace');
    expect(pantherLogPlatform('Amazon.EKS.Audit')).toBe('AWS EKS Audit');
    expect(pantherLogPlatform('AWS.VPCFlow')).toBe('AWS VPC Flow Logs');
    expect(pantherLogPlatform('Microsoft365.Audit.Exchange')).toBe('Microsoft 365 Audit');
    expect(pantherLogPlatform('Azure.MonitorActivity')).toBe('Azure Activity');
    expect(platformFromQueryName('Auth0 Brute Force Detection')).toBe('Auth0 Logs');
    expect(refinePlatform(pantherLogPlatform('Azure.Audit'), 'if not is_sign_in_event(event):')).toBe('Entra ID Sign-in Logs');
    expect(refinePlatform(pantherLogPlatform('Azure.Audit'), 'return event.get("operationName") == "Add member to role"')).toBe('Entra ID Audit Logs');
    const known = new Set<string>(PLATFORMS);
    expect(PANTHER_PLATFORMS.filter((p) => !known.has(p))).toEqual([]);
  });
});
