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
      expect(r.attack.techniques.length).toBeGreaterThan(0);
    }
  });

  it('extracts logic that agrees with every example test', () => {
    for (const r of rules.filter((r) => r.kind !== 'correlation_rule')) {
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
});
