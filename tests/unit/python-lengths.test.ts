/**
 * Lengths and collections of computed values in Panther rules (languages/python/derived.ts, compare.ts): excerpts
 * of real rules of panther-analysis, checked by hand against the rules' own test events.
 */
import { describe, expect, it } from 'vitest';
import { pantherRule } from './panther-rule.ts';
import { NO_VALUE, derive } from '../../src/lib/logic/derive.ts';


const extract = (src: string) => pantherRule(src, ['AWS.CloudTrail']);

describe('find_all step', () => {
  it('lists every match as re.findall does: whole matches, one group, none', () => {
    expect(derive('a1b22c', [{ fn: 'find_all', args: ['[0-9]+'] }])).toEqual(['1', '22']);
    expect(derive('k=v;x=y', [{ fn: 'find_all', args: ['(\\w)='] }])).toEqual(['k', 'x']);
    expect(derive('k=v', [{ fn: 'find_all', args: ['(\\w)=(\\w)'] }])).toEqual([['k', 'v']]);
    expect(derive('abc', [{ fn: 'find_all', args: ['z'] }, { fn: 'length' }])).toBe(0);
    expect(derive(null, [{ fn: 'find_all', args: ['z'] }])).toBe(NO_VALUE);
  });
});

describe('python lengths of computed values', () => {
  // rules/aws_cloudtrail_rules/aws_iam_entity_created_without_cloudformation.py
  const iam = `import re
IAM_ADMIN_ROLES = {
    "arn:aws:iam::123456789012:role/IdentityCFNServiceRole",
}
IAM_ADMIN_ROLE_PATTERNS = {"arn:aws:iam::[0-9]+:role/IdentityCFNServiceRole"}
def rule(event):
    if event.get("eventName") not in {"CreateUser", "CreateRole"}:
        return False
    if event.deep_get("userIdentity", "invokedBy") != "cloudformation.amazonaws.com":
        return True
    for admin_role_pattern in IAM_ADMIN_ROLE_PATTERNS:
        if (
            len(
                re.findall(
                    admin_role_pattern,
                    event.deep_get("userIdentity", "sessionContext", "sessionIssuer", "arn"),
                )
            )
            > 0
        ):
            return False
    return (
        event.deep_get("userIdentity", "sessionContext", "sessionIssuer", "arn")
        not in IAM_ADMIN_ROLES
    )
`;
  it('reads len(re.findall(p, x)) > 0 as a count of matches the evaluator runs', () => {
    const r = extract(iam);
    expect(r.reasons).toEqual([]);
    expect(r.lines.join('\n')).toContain('len(re.findall("arn:aws:iam::[0-9]+:role/IdentityCFNServiceRole", userIdentity.sessionContext.sessionIssuer.arn)) gt 0');
    const created = (arn: string) => ({ eventName: 'CreateRole', userIdentity: { invokedBy: 'cloudformation.amazonaws.com', sessionContext: { sessionIssuer: { arn } } } });
    expect(r.alerts(created('arn:aws:iam::210987654321:role/IdentityCFNServiceRole'))).toBe(false);
    expect(r.alerts(created('arn:aws:iam::210987654321:role/SomeOtherRole'))).toBe(true);
    expect(r.alerts({ eventName: 'CreateRole', userIdentity: { invokedBy: 'console.amazonaws.com' } })).toBe(true);
  });

  it('counts the matches of a findall with several groups (a list of tuples)', () => {
    const r = extract('import re\ndef rule(event):\n    return len(re.findall("(a)(b)", event.get("x", ""))) > 1\n');
    expect(r.reasons).toEqual([]);
    expect(r.alerts({ x: 'ab-ab' })).toBe(true);
    expect(r.alerts({ x: 'ab-a' })).toBe(false);
  });
});

describe('python comparison of a field with a list', () => {
  // rules/aws_eks_rules/anonymous_api_access.py
  const eks = `def rule(event):
    src_ip = event.get("sourceIPs", ["0.0.0.0"])  # nosec
    if src_ip == ["127.0.0.1"]:
        return False
    if event.deep_get("user", "username") == "system:anonymous":
        return True
    return False
`;
  it('reads x == ["a"] as a list of length 1 whose item is "a"', () => {
    const r = extract(eks);
    expect(r.reasons).toEqual([]);
    expect(r.lines.join('\n')).toMatch(/type\(sourceIPs\) eq "list"/);
    expect(r.lines.join('\n')).toMatch(/len\(sourceIPs\) eq 1/);
    expect(r.lines.join('\n')).toMatch(/sourceIPs\[0\] eq "127.0.0.1"/);
    expect(r.alerts({ sourceIPs: ['127.0.0.1'], user: { username: 'system:anonymous' } })).toBe(false);
    expect(r.alerts({ sourceIPs: ['127.0.0.1', '10.0.0.1'], user: { username: 'system:anonymous' } })).toBe(true);
    expect(r.alerts({ sourceIPs: ['8.8.8.8'], user: { username: 'system:anonymous' } })).toBe(true);
    // Missing, the list is the default ["0.0.0.0"], which is not ["127.0.0.1"].
    expect(r.alerts({ user: { username: 'system:anonymous' } })).toBe(true);
  });

  it('passes a missing field whose default is the list compared with', () => {
    const r = extract('def rule(event):\n    return event.get("ips", ["a", "b"]) == ["a", "b"]\n');
    expect(r.reasons).toEqual([]);
    expect(r.alerts({})).toBe(true);
    expect(r.alerts({ ips: ['a', 'b'] })).toBe(true);
    expect(r.alerts({ ips: ['b', 'a'] })).toBe(false);
    expect(r.alerts({ ips: 'ab' })).toBe(false);
  });
});

describe('python constant dict indexed by a field', () => {
  // rules/push_security_rules/push_security_unauthorized_idp_login.py
  const idp = `allowed_idps = {
    "GOOGLE_WORKSPACE": {"OIDC_LOGIN", "SAML_LOGIN"},
    "OKTA": {"PASSWORD_LOGIN"},
    None: {"PASSWORD_LOGIN"},
}
def rule(event):
    if event.get("object") != "LOGIN":
        return False
    identity_provider = event.deep_get("new", "identityProvider")
    login_type = event.deep_get("new", "loginType")
    if identity_provider in allowed_idps and login_type in allowed_idps[identity_provider]:
        return False
    return True
`;
  it('reads the None key as the entry of a missing field', () => {
    const r = extract(idp);
    expect(r.reasons).toEqual([]);
    const login = (n: object) => ({ object: 'LOGIN', new: n });
    expect(r.alerts(login({ identityProvider: 'OKTA', loginType: 'PASSWORD_LOGIN' }))).toBe(false);
    expect(r.alerts(login({ identityProvider: 'OKTA', loginType: 'SAML_LOGIN' }))).toBe(true);
    expect(r.alerts(login({ identityProvider: 'GOOGLE_WORKSPACE', loginType: 'OIDC_LOGIN' }))).toBe(false);
    expect(r.alerts(login({ loginType: 'PASSWORD_LOGIN' }))).toBe(false);
    expect(r.alerts(login({ loginType: 'OIDC_LOGIN' }))).toBe(true);
    expect(r.alerts(login({ identityProvider: 'MICROSOFT', loginType: 'PASSWORD_LOGIN' }))).toBe(true);
  });
});

describe('python membership in a field with an empty default', () => {
  it('reads x in event.get("list", []) as the list containing x', () => {
    const r = extract('def rule(event):\n    return event.get("scope") not in event.get("previous", [])\n');
    expect(r.reasons).toEqual([]);
    expect(r.alerts({ scope: 'admin', previous: ['read'] })).toBe(true);
    expect(r.alerts({ scope: 'admin', previous: ['read', 'admin'] })).toBe(false);
    expect(r.alerts({ scope: 'admin' })).toBe(true);
  });
});
