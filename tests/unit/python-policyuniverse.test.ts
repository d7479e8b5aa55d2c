/**
 * Golden tests of policyuniverse over IAM policy documents, on real Panther rules (panther-analysis, checked by hand
 * against their source files). The expected verdicts follow policyuniverse's own code (statement.py, arn.py):
 * condition entries, ARN parsing and internet accessibility.
 */
import { describe, expect, it } from 'vitest';
import { pantherRule, } from './panther-rule.ts';
import { POLICY } from '../../src/lib/languages/python/extract.ts';


const extract = (src: string, logTypes: string[], entry?: typeof POLICY) => pantherRule(src, logTypes, { entry });

const statement = (s: Record<string, unknown>) => JSON.stringify({ Version: '2012-10-17', Statement: [s] });

describe('policyuniverse Policy.is_internet_accessible (aws_iam_backdoor_role.py)', () => {
  const r = extract(
    `import json
from policyuniverse.policy import Policy

def rule(event):
    if event.get("eventName") != "UpdateAssumeRolePolicy":
        return False
    policy = event.deep_get("requestParameters", "policyDocument", default="{}")
    return Policy(json.loads(policy)).is_internet_accessible()
`,
    ['AWS.CloudTrail'],
  );
  const update = (s: Record<string, unknown>) => ({ eventName: 'UpdateAssumeRolePolicy', requestParameters: { policyDocument: statement(s) } });
  const allow = (extra: Record<string, unknown>) => update({ Effect: 'Allow', Action: 'sts:AssumeRole', ...extra });

  it('states the whole check but what the library reads in ways not available here', () => {
    expect(r.reasons.sort()).toEqual(["policyuniverse: a condition's aws:userid without '*'", 'policyuniverse: how it reads an aws:PrincipalOrgPaths condition']);
  });

  it('reads principals as policyuniverse parses ARNs', () => {
    expect(r.alerts(allow({ Principal: '*' }))).toBe(true);
    expect(r.alerts(allow({ Principal: { AWS: ['arn:aws:iam::123456789012:root', '*'] } }))).toBe(true);
    expect(r.alerts(allow({ Principal: { AWS: 'arn:aws:iam::*:root' } }))).toBe(true);
    expect(r.alerts(allow({ Principal: { AWS: 'arn:aws:iam::123456789012:root' } }))).toBe(false);
    expect(r.alerts(allow({ Principal: { Service: 'ec2.amazonaws.com' } }))).toBe(false);
    // An ARN without an account is open, except in S3; text ARN() cannot parse is open when it holds a '*'.
    expect(r.alerts(allow({ Principal: { AWS: 'arn:aws:iam:::role/x' } }))).toBe(true);
    expect(r.alerts(allow({ Principal: { AWS: 'arn:aws:s3:::bucket/*' } }))).toBe(false);
    expect(r.alerts(allow({ Principal: { AWS: 'not-an-arn*' } }))).toBe(true);
    expect(r.alerts(allow({ NotPrincipal: { AWS: 'arn:aws:iam::123456789012:root' } }))).toBe(true);
    expect(r.alerts(update({ Effect: 'Deny', Principal: '*', Action: '*' }))).toBe(false);
  });

  it('lets only the condition keys policyuniverse reads limit an open principal', () => {
    // sts:ExternalId is no key policyuniverse reads: the statement stays open.
    expect(r.alerts(allow({ Principal: '*', Condition: { StringEquals: { 'sts:ExternalId': '12345' } } }))).toBe(true);
    expect(r.alerts(allow({ Principal: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } } }))).toBe(false);
    expect(r.alerts(allow({ Principal: '*', Condition: { StringLike: { 'aws:PrincipalOrgID': 'o-*' } } }))).toBe(true);
    expect(r.alerts(allow({ Principal: '*', Condition: { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8'] } } }))).toBe(false);
    expect(r.alerts(allow({ Principal: '*', Condition: { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '0.0.0.0/0'] } } }))).toBe(true);
    expect(r.alerts(allow({ Principal: '*', Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:123456789012:t' } } }))).toBe(false);
    expect(r.alerts(allow({ Principal: '*', Condition: { StringLike: { 'aws:userid': 'AROAEXAMPLE:*' } } }))).toBe(false);
    // Negated operators limit nothing; ForAnyValue: needs a list; an empty list gives no entry.
    expect(r.alerts(allow({ Principal: '*', Condition: { StringNotEquals: { 'aws:SourceAccount': '123456789012' } } }))).toBe(true);
    expect(r.alerts(allow({ Principal: '*', Condition: { 'ForAnyValue:StringEquals': { 'aws:SourceAccount': '123456789012' } } }))).toBe(true);
    expect(r.alerts(allow({ Principal: '*', Condition: { 'forAnyValue:stringEquals': { 'AWS:SourceAccount': ['123456789012'] } } }))).toBe(false);
    expect(r.alerts(allow({ Principal: '*', Condition: { StringEquals: { 'aws:SourceAccount': [] } } }))).toBe(true);
  });

  it('finds no statement in a missing document', () => {
    expect(r.alerts({ eventName: 'UpdateAssumeRolePolicy' })).toBe(false);
  });
});

describe('policyuniverse Statement.condition_entries (aws_s3_bucket_principal_restrictions.py)', () => {
  const r = extract(
    `import json
from policyuniverse.policy import Policy

BAD_PRINCIPALS = {
    "*",
}


def policy(resource):
    if resource["Policy"] is None:
        return True

    iam_policy = Policy(json.loads(resource["Policy"]))

    for statement in iam_policy.statements:
        if statement.effect != "Allow":
            continue

        if statement.condition_entries:
            continue

        if BAD_PRINCIPALS.intersection(statement.principals):
            return False

    return True
`,
    ['AWS.S3.Bucket'],
    POLICY,
  );
  const bucket = (s: Record<string, unknown>) => ({ Policy: statement({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', ...s }) });

  it('skips a statement only when its condition has an entry policyuniverse counts', () => {
    expect(r.reasons).toEqual(['policyuniverse: how it reads an aws:PrincipalOrgPaths condition']);
    expect(r.alerts(bucket({}))).toBe(true);
    expect(r.alerts(bucket({ Condition: { Bool: { 'aws:SecureTransport': 'true' } } }))).toBe(true);
    expect(r.alerts(bucket({ Condition: { StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-1' } } }))).toBe(false);
    expect(r.alerts(bucket({ Principal: { AWS: 'arn:aws:iam::123456789012:root' } }))).toBe(false);
  });
});

describe('policyuniverse Policy.action_summary() keys (aws_iam_policy_does_not_grant_network_admin_access.py)', () => {
  const r = extract(
    `import json
from policyuniverse.expander_minimizer import expand_policy
from policyuniverse.policy import Policy

ADMIN_ACTIONS = {"Tagging", "Write"}


def policy(resource):
    iam_policy = Policy(expand_policy(json.loads(resource["PolicyDocument"])))
    action_summary = iam_policy.action_summary()
    if "ec2" not in action_summary:
        return True
    if resource.get("Path", "") == "/aws-service-role/":
        return True
    if not ADMIN_ACTIONS.intersection(action_summary["ec2"]):
        return True
    return False
`,
    ['AWS.IAM.Policy'],
    POLICY,
  );
  const doc = (s: Record<string, unknown>) => ({ PolicyDocument: statement({ Effect: 'Allow', Resource: '*', ...s }) });

  it('states which services a policy grants; the categories and what wildcards stand for stay unknown', () => {
    expect(r.reasons).toContain('policyuniverse: action categories');
    expect(r.reasons).toContain('policyuniverse: the actions a wildcard matches in its action list');
    // An action without '*' is its own service (policyuniverse lower-cases it).
    expect(r.alerts(doc({ Action: ['s3:PutObject', 's3:GetObject'] }))).toBe(false);
    expect(r.alerts(doc({ Action: 'EC2:DeleteSecurityGroup' }))).toBe(true);
    // A wildcard or a NotAction may stand for ec2 actions: the partial tree keeps such policies.
    expect(r.alerts(doc({ Action: 's3:Get*' }))).toBe(true);
    expect(r.alerts(doc({ NotAction: 'iam:*' }))).toBe(true);
  });
});
