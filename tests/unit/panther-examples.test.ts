import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/lib/catalog.ts';
import { renderConjuncts } from '../../src/lib/logic/render.ts';

describe('panther example rules (content/examples/panther-analysis)', () => {
  const catalog = buildCatalog({ only: ['panther-analysis'], env: {} });
  const rules = catalog.rules;
  const byId = (id: string) => rules.find((r) => r.upstreamId === id)!;

  it('ingests every example with title, platform and ATT&CK, and no errors', () => {
    expect(catalog.examples).toBe(true);
    expect(rules.length).toBeGreaterThanOrEqual(6);
    for (const r of rules) {
      expect(r.parseError).toBeUndefined();
      expect(r.diagnostics).toEqual([]);
      expect(r.logPlatform).toBeTruthy();
      // Queries state no ATT&CK in Panther's format; the scheduled rules that run them do.
      if (!r.kind.endsWith('query')) expect(r.attack.techniques.length).toBeGreaterThan(0);
    }
  });

  it('extracts logic that agrees with every example test', () => {
    // Correlation and scheduled rules are tested on other rules' outputs and query rows, not on events.
    for (const r of rules.filter((r) => r.kind === 'rule' || r.kind === 'policy')) {
      expect(r.logic?.tests, r.upstreamId).toMatchObject({ disagreeing: [] });
    }
  });

  it('follows helpers and data models of the example library', () => {
    const kms = byId('Example.AWS.KMS.KeyScheduledDeletion');
    expect(kms.logic?.status).toBe('full');
    expect(renderConjuncts(kms.logic!.conjuncts)).toEqual([
      'not (errorCode is_not_null or errorMessage is_not_null)',
      'not userIdentity.invokedBy endswith ".amazonaws.com"',
      'eventSource eq "kms.amazonaws.com"',
      'eventName in ["ScheduleKeyDeletion", "DisableKey", "DeleteImportedKeyMaterial"]',
    ]);
    expect(kms.logic?.outputFields).toEqual(['eventName', 'eventSource', 'awsRegion', 'accountId', 'sourceIPAddress', 'userArn', 'keyId', 'pendingWindowInDays', 'actor_user']);
    expect(byId('Example.Okta.AdminRoleGranted').logic).toMatchObject({ status: 'partial', reasons: ['loop over ALLOW_LIST'] });
  });

  it('links the correlation example to the rules it combines', () => {
    const corr = byId('Example.AWS.PublicBucket.FOLLOWED.BY.KeyDeletion');
    expect(corr.logic?.relatedRules).toEqual([byId('Example.AWS.S3.BucketMadePublic').id, byId('Example.AWS.KMS.KeyScheduledDeletion').id]);
  });

  it('reads the example policy and the scheduled query with the rule that runs it', () => {
    const policy = byId('Example.AWS.S3.Bucket.Versioning');
    expect(policy).toMatchObject({ kind: 'policy', logPlatform: 'AWS Resources' });
    expect(renderConjuncts(policy.logic!.conjuncts)).toEqual(['not (Versioning eq "Enabled" and PublicAccessBlockConfiguration.BlockPublicAcls eq true)']);
    expect(policy.logic!.tests).toEqual({ cases: 3, agree: 3, disagreeing: [] });
    const query = byId('Query.Example.Console.LoginFailures');
    const rule = byId('Example.AWS.Console.LoginFailures');
    expect(query).toMatchObject({ kind: 'scheduled query', logPlatform: 'AWS CloudTrail' });
    expect(renderConjuncts(query.logic!.conjuncts)).toEqual(['eventType eq "AwsConsoleSignIn"', 'responseElements.ConsoleLogin eq "Failure"']);
    expect(query.logic!.correlation).toEqual({ kind: 'threshold', by: ['region', 'accountid'], condition: 'failures > 10', window: '1 hour' });
    expect(query.logic!.relatedRules).toEqual([rule.id]);
    expect(rule.logic!.relatedRules).toEqual([query.id]);
    expect(rule.logPlatform).toBe('AWS CloudTrail');
  });
});
