/**
 * Panther correlation rules (Group / Sequence) and Threshold, on snippets of real panther-analysis rules: the
 * stages and correlation they read as, and agreement with their own RuleOutputs tests.
 */
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { correlationAgreement, signalsOf } from '../../src/lib/formats/panther/agreement.ts';
import { pantherCorrelation, type NamedRule } from '../../src/lib/formats/panther/correlation.ts';
import { testsOf } from '../../src/lib/formats/panther/document.ts';
import { thresholdCorrelation } from '../../src/lib/formats/panther/threshold.ts';
import { extractPython } from '../../src/lib/languages/python/extract.ts';
import { pantherLibrary } from '../../src/lib/formats/panther/python-library.ts';
import { correlationSentence } from '../../src/lib/logic/correlation-text.ts';
import { correlatedLogic } from '../../src/lib/logic/correlated.ts';
import { leaf } from '../../src/lib/logic/tree.ts';
import type { RuleLogic } from '../../src/lib/logic/types.ts';

/** The fixture helpers (deep_get and friends), as the Python tests read them. */
const fixtureLibrary = () => pantherLibrary(fileURLToPath(new URL('../fixtures/panther', import.meta.url)), new Map());

/** Every named rule exists, filters on one eventName, and reads one log type. */
const lookup = (ruleId: string): NamedRule => ({
  logic: { status: 'full', conjuncts: [leaf('eventName', 'eq', [ruleId])], reasons: [], outputFields: [], diagnostics: [] },
  logTypes: ['Test.Log'],
  catalogId: `panther/${ruleId.toLowerCase()}`,
});

function read(yamlText: string): { logic: RuleLogic; tests: ReturnType<typeof testsOf> } {
  const y = parse(yamlText) as Record<string, unknown>;
  const shape = pantherCorrelation(y.Detection, lookup)!;
  return { logic: correlatedLogic(undefined, shape.reasons, {}, shape.correlation, shape.stages), tests: testsOf(y.Tests) };
}

// correlation_rules/auth0_account_takeover.yml (tests trimmed to the two it has).
const auth0 = `
Detection:
    - Group:
        - ID: CreateAdmin
          RuleID: Auth0.NewAdmin.Invitation
        - ID: DeleteUser
          RuleID: Auth0.Delete.TenantMember
          MinMatchCount: 2
      MatchCriteria:
        field_name:
          - GroupID: CreateAdmin
            Match: p_alert_context.actor.email
          - GroupID: DeleteUser
            Match: p_alert_context.actor.email
      Schedule:
        RateMinutes: 1440
        TimeoutMinutes: 5
      LookbackWindowMinutes: 1800
Tests:
    - Name: New Admin Invited FOLLOWED BY Tenant Member Account Deletion
      ExpectedResult: true
      RuleOutputs:
        - ID: CreateAdmin
          Matches:
            p_alert_context.actor.email:
              'homer.simpson@yourcompany.com':
                - 0
        - ID: DeleteUser
          Matches:
            p_alert_context.actor.email:
              'homer.simpson@yourcompany.com':
                - 2
                - 5
    - Name: CreateAdmin NOT FOLLOWED BY DeleteUser
      ExpectedResult: false
      RuleOutputs:
        - ID: CreateAdmin
          Matches:
            p_alert_context.actor.email:
              'homer.simpson@company.com':
                - 0
`;

// correlation_rules/aws_console_sign-in_without_okta.yml
const withoutOkta = `
Detection:
    - Group:
        - ID: Okta SSO to AWS
          RuleID: Okta.SSO.to.AWS
          Absence: true
        - ID: AWS Console Sign-In
          RuleID: AWS.Console.Sign-In
      MatchCriteria:
        field_name:
          - GroupID: Okta SSO to AWS
            Match: p_alert_context.actor
          - GroupID: AWS Console Sign-In
            Match: userIdentity.userName
      LookbackWindowMinutes: 1800
Tests:
  - Name: AWS Console Sign-In PRECEDED BY Okta Redirect
    ExpectedResult: false
    RuleOutputs:
    - ID: Okta SSO to AWS
      Matches:
        p_alert_context.actor:
          igor.stravinsky:
            - 0
    - ID: AWS Console Sign-In
      Matches:
        userIdentity.userName:
          igor.stravinsky:
            - 2
  - Name: AWS Console Sign-In NOT PRECEDED BY Okta Redirect
    ExpectedResult: true
    RuleOutputs:
    - ID: AWS Console Sign-In
      Matches:
        userIdentity.userName:
          igor.stravinsky:
            - 2
`;

// content/examples/panther-analysis/correlation_rules/aws_public_bucket_then_key_deletion.yml, as Panther documents a Sequence.
const sequence = `
Detection:
  - Sequence:
      - ID: Exposed
        RuleID: Example.AWS.S3.BucketMadePublic
      - ID: KeyDestroyed
        RuleID: Example.AWS.KMS.KeyScheduledDeletion
    Transitions:
      - ID: Exposed FOLLOWED BY KeyDestroyed
        From: Exposed
        To: KeyDestroyed
        WithinTimeFrameMinutes: 60
        Match:
          - On: p_alert_context.userArn
    LookbackWindowMinutes: 120
Tests:
  - Name: Exposure then deletion by the same user
    ExpectedResult: true
    RuleOutputs:
      - ID: Exposed
        Matches:
          p_alert_context.userArn:
            "arn:aws:iam::111122223333:user/dana": [0]
      - ID: KeyDestroyed
        Matches:
          p_alert_context.userArn:
            "arn:aws:iam::111122223333:user/dana": [5]
  - Name: Deletion first
    ExpectedResult: false
    RuleOutputs:
      - ID: KeyDestroyed
        Matches:
          p_alert_context.userArn:
            "arn:aws:iam::111122223333:user/dana": [0]
      - ID: Exposed
        Matches:
          p_alert_context.userArn:
            "arn:aws:iam::111122223333:user/dana": [5]
  - Name: Too late
    ExpectedResult: false
    RuleOutputs:
      - ID: Exposed
        Matches:
          p_alert_context.userArn:
            "arn:aws:iam::111122223333:user/dana": [0]
      - ID: KeyDestroyed
        Matches:
          p_alert_context.userArn:
            "arn:aws:iam::111122223333:user/dana": [90]
`;

describe('Panther correlation rules', () => {
  it('a Group is all members in any order per shared match field within the lookback window; MinMatchCount is a count (auth0_account_takeover)', () => {
    const { logic, tests } = read(auth0);
    expect(logic.stages?.map((s) => [s.name, s.source, s.rule, s.by])).toEqual([
      ['CreateAdmin', 'Test.Log', 'panther/auth0.newadmin.invitation', undefined],
      ['DeleteUser', 'Test.Log', 'panther/auth0.delete.tenantmember', undefined],
    ]);
    expect(logic.correlation).toEqual({ kind: 'temporal', by: ['p_alert_context.actor.email'], window: '1800m', ordered: false, condition: 'count(DeleteUser) >= 2' });
    expect(correlationSentence(logic.correlation!, logic.stages!)).toBe('All by p_alert_context.actor.email within 1800m: CreateAdmin and DeleteUser, in any order, where count(DeleteUser) >= 2');
    expect(correlationAgreement(logic, tests)).toEqual({ cases: 2, agree: 2, disagreeing: [] });
  });

  it('MinMatchCount counts: one deletion is not enough', () => {
    const { logic } = read(auth0);
    const oneDeletion = [
      { ID: 'CreateAdmin', Matches: { 'p_alert_context.actor.email': { a: [0] } } },
      { ID: 'DeleteUser', Matches: { 'p_alert_context.actor.email': { a: [3] } } },
    ];
    expect(correlationAgreement(logic, [{ name: 'one', expected: false, log: oneDeletion }])?.agree).toBe(1);
  });

  it('Absence is a stage that must not occur; members matched on different fields each keep their own (aws_console_sign-in_without_okta)', () => {
    const { logic, tests } = read(withoutOkta);
    expect(logic.stages?.map((s) => [s.name, s.role, s.by])).toEqual([
      ['Okta SSO to AWS', 'missing', ['p_alert_context.actor']],
      ['AWS Console Sign-In', undefined, ['userIdentity.userName']],
    ]);
    expect(logic.correlation).toEqual({ kind: 'temporal', by: [], window: '1800m', ordered: false });
    expect(correlationSentence(logic.correlation!, logic.stages!)).toBe('All within 1800m: no Okta SSO to AWS and AWS Console Sign-In, in any order');
    expect(correlationAgreement(logic, tests)).toEqual({ cases: 2, agree: 2, disagreeing: [] });
  });

  it('a Sequence is ordered, its Transition time frame the window, its Match On field the key', () => {
    const { logic, tests } = read(sequence);
    expect(logic.correlation).toEqual({ kind: 'sequence', by: ['p_alert_context.userArn'], window: '60m', ordered: true });
    expect(correlationSentence(logic.correlation!, logic.stages!)).toBe('Sequence by p_alert_context.userArn within 60m: Exposed, then KeyDestroyed');
    expect(correlationAgreement(logic, tests)).toEqual({ cases: 3, agree: 3, disagreeing: [] });
  });

  it('EventEvaluationOrder: Chronological does not order a Group (github_pull_request_target_with_checkout_in_workflow: checkout before the run still alerts)', () => {
    const { logic } = read(auth0.replace('LookbackWindowMinutes: 1800', 'LookbackWindowMinutes: 1800\n      EventEvaluationOrder: Chronological'));
    expect(logic.correlation).toMatchObject({ kind: 'temporal', ordered: false, detail: 'EventEvaluationOrder: Chronological' });
  });

  it('reads signals from RuleOutputs with minute offsets or ISO times', () => {
    expect(signalsOf([{ ID: 'A', Matches: { 'x.y': { v: [1, '2024-06-01T10:00:00Z'] } } }])).toEqual([
      { __signal: 'A', __time: 60_000, x: { y: 'v' } },
      { __signal: 'A', __time: Date.parse('2024-06-01T10:00:00Z'), x: { y: 'v' } },
    ]);
  });

  it('a member whose rule is not in the corpus is an empty stage with the reason', () => {
    const shape = pantherCorrelation(parse(auth0).Detection, (id) => (id === 'Auth0.NewAdmin.Invitation' ? undefined : lookup(id)))!;
    expect(shape.stages[0]).toEqual({ name: 'CreateAdmin', conjuncts: [], reasons: ['correlated rule not found: Auth0.NewAdmin.Invitation'], rule: 'Auth0.NewAdmin.Invitation' });
    expect(shape.reasons).toEqual(['correlated rule not found: Auth0.NewAdmin.Invitation']);
  });
});

describe('Panther Threshold', () => {
  it('Threshold above 1 counts events per dedup string within DedupPeriodMinutes (auth0_same_phone_mfa_multiple_users: Threshold 2, dedup by the phone number)', () => {
    const py = `def rule(event):
    return event.get("type") == "gd_send_sms"

def dedup(event):
    return str(
        event.deep_get(
            "data", "details", "authenticator", "phone_number", default="<NO_PHONE_NUMBER_FOUND>"
        )
    )
`;
    const { dedupKey } = extractPython(py, 'auth0_same_phone_mfa_multiple_users.py', fixtureLibrary(), ['Auth0.Events']);
    expect(dedupKey).toBe('data.details.authenticator.phone_number');
    expect(thresholdCorrelation({ Threshold: 2, DedupPeriodMinutes: 60 }, dedupKey)).toEqual({
      kind: 'threshold',
      by: ['data.details.authenticator.phone_number'],
      window: '60m',
      condition: 'count >= 2',
      detail: 'Threshold 2, DedupPeriodMinutes 60',
    });
  });

  it('a dedup or title that computes its text is named by its function', () => {
    const py = 'def rule(event):\n    return True\n\ndef title(event):\n    return f"Login by {event.get(\'user\')}"\n';
    expect(extractPython(py, 't.py', fixtureLibrary(), []).dedupKey).toBe('title()');
  });

  it('the dedup string defaults to the title; Threshold 1 is a single event; the period defaults to 60 minutes', () => {
    expect(thresholdCorrelation({ Threshold: 5 }, 'title()')).toMatchObject({ by: ['title()'], window: '60m', condition: 'count >= 5' });
    expect(thresholdCorrelation({ Threshold: 1, DedupPeriodMinutes: 60 }, undefined)).toBeUndefined();
    expect(thresholdCorrelation({ DedupPeriodMinutes: 60 }, undefined)).toBeUndefined();
  });
});
