import Ajv2020 from 'ajv/dist/2020.js';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { sourceCatalog } from './shared.ts';
import type { PantherDocument } from '../../src/lib/formats/panther/index.ts';
import { logicJson } from '../../src/lib/logic/json.ts';
import { renderConjuncts } from '../../src/lib/logic/render.ts';
import type { Rule } from '../../src/lib/model.ts';
import { PLATFORMS } from '../../src/lib/platforms.ts';
import { correlationSentence, stageLabel } from '../../src/lib/logic/correlation-text.ts';
import type { Stage } from '../../src/lib/logic/types.ts';

const QUERY_KINDS = ['scheduled query', 'saved query'];
const hasTree = (r: Rule) => r.logic?.status !== 'none' && ((r.logic?.conjuncts.length ?? 0) > 0 || (r.logic?.stages ?? []).some((s) => s.conjuncts.length > 0));

/** Each stage as its page heading followed by its conditions, as the stage blocks show them. */
const stageLines = (stages: Stage[]) =>
  stages.flatMap((s, i) => [`${stageLabel(s, i, stages.length)}:`, ...(s.conjuncts.length ? renderConjuncts(s.conjuncts).map((l) => `  ${l}`) : ['  (every row)'])]);

describe.skipIf(!process.env.RULECAT_CORPUS)('panther-analysis policies and queries on the real corpus', () => {
  let rules: Rule[];
  let policies: Rule[];
  let queries: Rule[];
  const byId = (id: string) => rules.find((r) => r.upstreamId === id)!;

  beforeAll(() => {
    rules = sourceCatalog('panther-analysis').rules;
    policies = rules.filter((r) => r.kind === 'policy');
    queries = rules.filter((r) => QUERY_KINDS.includes(r.kind));
  });

  it('ingests at least 99% of policy and query files with title, vendor, platform and stated ATT&CK', () => {
    expect(policies.length).toBeGreaterThan(90);
    expect(queries.length).toBeGreaterThan(70);
    const known = new Set<string>(PLATFORMS);
    for (const group of [policies, queries]) {
      const complete = group.filter((r) => {
        const doc = r.document as PantherDocument;
        const stated = JSON.stringify((doc.yaml.Reports as Record<string, unknown> | undefined)?.['MITRE ATT&CK'] ?? []);
        return !r.parseError && r.title && r.vendor === 'panther' && r.logPlatform && known.has(r.logPlatform) && (!/T\d{4}/.test(stated) || r.attack.techniques.length > 0);
      });
      expect(complete.length / group.length).toBeGreaterThanOrEqual(0.99);
    }
    expect(new Set(policies.map((r) => r.logPlatform))).toEqual(new Set(['AWS Resources']));
  });

  it('extracts trees for at least 90% of queries and of policies (comparisons with the clock and resource lookups stay out)', () => {
    expect(queries.filter(hasTree).length / queries.length).toBeGreaterThanOrEqual(0.9);
    expect(policies.filter(hasTree).length / policies.length).toBeGreaterThanOrEqual(0.9);
  });

  it('agrees with every test of the policies not flagged partial (tests say whether the resource passes)', () => {
    let cases = 0;
    let agree = 0;
    for (const r of policies) {
      if (r.logic?.status !== 'full' || !r.logic.tests) continue;
      cases += r.logic.tests.cases;
      agree += r.logic.tests.agree;
    }
    expect(cases).toBeGreaterThan(100);
    expect(agree / cases).toBeGreaterThanOrEqual(0.98);
  });

  it('links scheduled rules and the queries they name both ways', () => {
    const scheduled = rules.filter((r) => r.kind === 'scheduled_rule' && r.logSource.length > 0);
    const links = scheduled.flatMap((r) => (r.logic?.relatedRules ?? []).map((id) => [r, id] as const));
    const resolved = links.filter(([, id]) => id.startsWith('panther/'));
    expect(resolved.length / links.length).toBeGreaterThan(0.9);
    // A scheduled rule whose rule() accepts every row has its query's logic.
    expect(scheduled.filter(hasTree).length / scheduled.length).toBeGreaterThanOrEqual(0.8);
    for (const [rule, id] of resolved) {
      const query = rules.find((q) => q.id === id)!;
      expect(QUERY_KINDS).toContain(query.kind);
      expect(query.logic?.relatedRules).toContain(rule.id);
      expect(rule.logPlatform).toBe(query.logPlatform);
    }
  });

  it('publishes logic JSON that validates against the schema, stages and correlations included', () => {
    const schema = JSON.parse(readFileSync(new URL('../../schemas/rule-logic.schema.json', import.meta.url), 'utf8'));
    const validate = new Ajv2020({ allErrors: true }).compile(schema);
    const invalid = [...policies, ...queries].filter((r) => r.logic && !validate(logicJson(r.logic)));
    expect(invalid.map((r) => r.upstreamId)).toEqual([]);
    expect(queries.filter((r) => r.logic?.stages).length).toBeGreaterThan(5);
  });

  it('reports what the SQL parser could not read with a line and column in the YAML file', () => {
    for (const q of queries.filter((r) => r.logic?.reasons.includes('SQL not understood'))) {
      expect(q.logic!.diagnostics[0]).toMatchObject({ code: 'sql-syntax', file: q.files[0].path });
      const line = q.files[0].text.split('\n')[q.logic!.diagnostics[0].line! - 1];
      expect(line.slice(q.logic!.diagnostics[0].column! - 1).length).toBeGreaterThan(0);
    }
  });

  // Real policies, checked by hand against their Python: the tree is what the policy alerts on.
  it('AWS.S3.Bucket.Versioning: `return resource["Versioning"] == "Enabled"` alerts when it is not', () => {
    const r = byId('AWS.S3.Bucket.Versioning');
    expect(r).toMatchObject({ kind: 'policy', logPlatform: 'AWS Resources', logSource: ['AWS.S3.Bucket'] });
    expect(r.logic).toMatchObject({ status: 'full', tests: { disagreeing: [] } });
    expect(renderConjuncts(r.logic!.conjuncts)).toEqual(['not Versioning eq "Enabled"']);
  });

  it('AWS.S3.Bucket.PublicWrite: a grant to a public group with a write permission, both on one grant', () => {
    const r = byId('AWS.S3.Bucket.PublicWrite');
    // The loop over Grants is one scope: both tests on the same grant.
    expect(r.logic).toMatchObject({ status: 'full', reasons: [], tests: { cases: 4, agree: 4 } });
    expect(renderConjuncts(r.logic!.conjuncts)).toEqual([
      'any Grants (Grantee.URI in ["http://acs.amazonaws.com/groups/global/AuthenticatedUsers", "http://acs.amazonaws.com/groups/global/AllUsers"] and Permission in ["WRITE", "WRITE_ACP", "FULL_CONTROL"])',
    ]);
  });

  it('AWS.VPC.FlowLogs: passes when an active flow log captures REJECT or ALL traffic, alerts otherwise', () => {
    const r = byId('AWS.VPC.FlowLogs');
    expect(r.logic!.tests).toEqual({ cases: 6, agree: 6, disagreeing: [] });
    expect(renderConjuncts(r.logic!.conjuncts)).toEqual(['not any FlowLogs (FlowLogStatus eq "ACTIVE" and TrafficType in ["REJECT", "ALL"])']);
  });

  it('AWS.S3.Bucket.SecureAccess: a flag loop over policyuniverse statements, another flag set after the breaking if', () => {
    const r = byId('AWS.S3.Bucket.SecureAccess');
    expect(r.logic).toMatchObject({ status: 'full', reasons: [], tests: { disagreeing: [] } });
    expect(renderConjuncts(r.logic!.conjuncts)).toEqual(['not any Policy.Statement (Effect eq "Deny" and not Condition.Bool.aws:SecureTransport eq "true")']);
  });

  it('AWS.IAM.User.NotInConflictingGroups: more than one group of a conflicting set, read from a set comprehension', () => {
    const r = byId('AWS.IAM.User.NotInConflictingGroups');
    expect(r.logic).toMatchObject({ status: 'full', tests: { disagreeing: [] } });
    expect(renderConjuncts(r.logic!.conjuncts)).toEqual(['Groups.GroupName eq "PROD_ADMIN"', 'Groups.GroupName eq "DEV"']);
  });

  // Real queries, checked by hand against their SQL.
  it('Query.CloudTrail.Password.Spraying: WHERE as the filter, GROUP BY/HAVING as the grouping, linked to its scheduled rule', () => {
    const q = byId('Query.CloudTrail.Password.Spraying');
    expect(q).toMatchObject({ kind: 'scheduled query', logPlatform: 'AWS CloudTrail', logSource: ['panther_logs.public.aws_cloudtrail'] });
    expect(q.logic!.status).toBe('full');
    expect(renderConjuncts(q.logic!.conjuncts)).toEqual(['eventtype eq "AwsConsoleSignIn"', 'responseElements.ConsoleLogin eq "Failure"']);
    expect(q.logic!.correlation).toEqual({ kind: 'aggregation', by: ['region', 'accountid'], condition: 'distinctUserNames > 5 AND failures > 10', window: '3600' });
    expect(q.logic!.outputFields).toEqual(['region', 'accountid', 'distinctUserNames', 'failures', 'first_attempt', 'last_attempt']);
    const rule = byId('CloudTrail.Password.Spraying');
    expect(q.logic!.relatedRules).toEqual([rule.id]);
    expect(rule.logic!.relatedRules).toEqual([q.id]);
  });

  it('Privileged Pod Created: Snowflake paths become dotted fields of the EKS audit log', () => {
    const q = byId('Privileged Pod Created');
    expect(q).toMatchObject({ logPlatform: 'AWS EKS Audit' });
    expect(renderConjuncts(q.logic!.conjuncts)).toEqual([
      'verb eq "create"',
      'objectRef.resource eq "pods"',
      'requestObject.spec.containers.securityContext.privileged eq "true" or requestObject.spec.securityContext.runAsNonRoot eq "false"',
    ]);
  });

  it('CrowdStrike Large Zip Creation: nested joins as stages, LIKE ANY as alternatives, every join with its ON condition', () => {
    const q = byId('CrowdStrike Large Zip Creation');
    expect(q.logic!.status).toBe('full');
    expect(stageLines(q.logic!.stages!)).toEqual([
      'zips (panther_logs.public.crowdstrike_unknown): left:',
      '  event_simpleName in ["GzipFileWritten", "SevenZipFileWritten", "ZipFileWritten", "BZip2FileWritten"]',
      '  unknown_payload.Size gt 10000000',
      'pr2 (panther_logs.public.crowdstrike_processrollup2): left join:',
      '  (every row)',
      'zip_proc: left:',
      '  pr2.commandline contains "zip"',
      '  not (pr2.commandline contains "curl" or pr2.commandline startswith "/Application" or pr2.commandline contains "install")',
      'ppr (panther_logs.public.crowdstrike_processrollup2): left join:',
      '  (every row)',
      'joined rows:',
      '  parent_commandline is_null or not (parent_commandline contains "homebrew" or parent_commandline contains "Homebrew" or parent_commandline startswith "/Application" or parent_commandline contains "install")',
    ]);
    expect(correlationSentence(q.logic!.correlation!, q.logic!.stages!)).toBe(
      'Join (left join, left join) on zips.ContextProcessId, pr2.targetprocessid, zip_proc.process_parentpid, ppr.targetprocessid within 1 day: ' +
        'zips with pr2 with zip_proc with ppr with joined rows, where zips.ContextProcessId = pr2.targetprocessid and zip_proc.process_parentpid = ppr.targetprocessid',
    );
  });

  it('Entra ID first-seen device code: the CTE filter, and the anomalies macro as new terms', () => {
    const q = byId('Microsoft Entra ID First Time Seen Device Code Authentication');
    expect(q).toMatchObject({ kind: 'saved query', logPlatform: 'Entra ID Sign-in Logs' });
    expect(renderConjuncts(q.logic!.conjuncts)).toEqual([
      'category in ["SignInLogs", "NonInteractiveUserSignInLogs"]',
      'operationName eq "Sign-in activity"',
      'resultType eq "0"',
      'properties.authenticationProtocol eq "deviceCode" or properties.originalTransferMethod wildcard "*device*code*"',
    ]);
    // New (user, protocol) pairs of the last hour that the subquery's earlier rows lack: the macro's MINUS, as new terms.
    expect(q.logic!.correlation).toMatchObject({ kind: 'new_terms', by: ['user_principal_name', 'authentication_protocol'], window: '1h' });
    expect(q.logic!.status).toBe('full');
  });
});
