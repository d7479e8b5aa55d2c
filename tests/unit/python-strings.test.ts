/**
 * String methods and f-strings of Panther rules as derivation steps (rstrip, lstrip, replace, f"/{x}"), on excerpts
 * of real rules of panther-analysis, checked against the rules' own test events.
 */
import { describe, expect, it } from 'vitest';
import { pantherRule } from './panther-rule.ts';
import { POLICY } from '../../src/lib/languages/python/extract.ts';


const extract = (src: string, entry?: typeof POLICY) => pantherRule(src, ['AWS.CloudTrail'], { entry });

describe('python f-strings of one event value', () => {
  // rules/aws_cloudtrail_rules/aws_user_login_profile_modified.py
  const loginProfile = extract(`def rule(event):
    return (
        event.get("eventSource", "") == "iam.amazonaws.com"
        and event.get("eventName", "") == "UpdateLoginProfile"
        and not event.deep_get("requestParameters", "passwordResetRequired", default=False)
        and not event.deep_get("userIdentity", "arn", default="").endswith(
            f"/{event.deep_get('requestParameters', 'userName', default='')}"
        )
    )
`);
  const change = (arn: string, userName: string, passwordResetRequired = false) => ({
    eventName: 'UpdateLoginProfile',
    eventSource: 'iam.amazonaws.com',
    userIdentity: { arn },
    requestParameters: { passwordResetRequired, userName },
  });

  it('compares a field with another field formatted into text (aws_user_login_profile_modified)', () => {
    expect(loginProfile.reasons).toEqual([]);
    expect(loginProfile.lines.at(-1)).toBe('not (userIdentity.arn or "") endswith field f"/{requestParameters.userName or ""}"');
    // The rule's own tests.
    expect(loginProfile.alerts(change('arn:aws:sts::98765432:assumed-role/IAM/alice', 'alice'))).toBe(false);
    expect(loginProfile.alerts(change('arn:aws:sts::98765432:assumed-role/IAM/alice', 'bob'))).toBe(true);
    expect(loginProfile.alerts(change('arn:aws:sts::98765432:assumed-role/IAM/alice', 'bob', true))).toBe(false);
    // The "/" is part of the test: "malice" changing "alice" is someone else.
    expect(loginProfile.alerts(change('arn:aws:iam::1:user/malice', 'alice'))).toBe(true);
  });

  it('keeps a constant prefix in the formatted text (aws_iam_user_key_created: "user/" + name)', () => {
    const r = extract(`def rule(event):
    return (
        event.get("eventName") == "CreateAccessKey"
        and (
            not event.deep_get("userIdentity", "arn", default="").endswith(
                f"user/{event.deep_get('responseElements', 'accessKey', 'userName', default='')}"
            )
        )
    )
`);
    const keys = (arn: string, userName: string) => ({ eventName: 'CreateAccessKey', userIdentity: { arn }, responseElements: { accessKey: { userName } } });
    expect(r.reasons).toEqual([]);
    expect(r.alerts(keys('arn:aws:iam::123456789:user/user1', 'user1'))).toBe(false);
    expect(r.alerts(keys('arn:aws:iam::123456789:user/user1', 'user2'))).toBe(true);
    expect(r.alerts(keys('arn:aws:iam::123456789:user/jackson', 'jack'))).toBe(true);
    expect(r.alerts(keys('arn:aws:iam::123456789:user/jack', 'jackson'))).toBe(true);
  });

  it('reads an f-string of constants as the constant (aws_iam_role_github_actions_trust)', () => {
    const r = extract(`ALLOWED_ORG_REPO_PAIRS = ["org/repo", "allowed-org-example/allowed-repo-example"]
def rule(event):
    subject = event.get("sub", "")
    return "*" in subject and not any(subject.startswith(f"repo:{org_repo}:*") for org_repo in ALLOWED_ORG_REPO_PAIRS)
`);
    expect(r.reasons).toEqual([]);
    expect(r.lines.join(' ')).toContain('"repo:org/repo:*"');
    expect(r.alerts({ sub: 'repo:org/repo:*' })).toBe(false);
    expect(r.alerts({ sub: 'repo:other/repo:*' })).toBe(true);
  });

  it('keeps f-strings it cannot state exactly opaque: conversions, format specs, two event values', () => {
    for (const text of ['f"/{event.get(\'u\')!r}"', 'f"/{event.get(\'n\'):>3}"', 'f"{event.get(\'a\')}/{event.get(\'b\')}"']) {
      const r = extract(`def rule(event):\n    return event.get("arn", "").endswith(${text})\n`);
      expect(r.reasons, text).toEqual(['computed argument: endswith']);
    }
  });
});

describe('python string methods as steps', () => {
  it('strips the trailing dot of a DNS name before the test (aws_dns_crypto_domain)', () => {
    const r = extract(`CRYPTO_MINING_DOMAINS = ["moneropool.com", "xmrpool.eu"]
def rule(event):
    query_name = event.get("query_name")
    if not query_name:
        return False
    for domain in CRYPTO_MINING_DOMAINS:
        if query_name.rstrip(".").endswith(domain):
            return True
    return False
`);
    expect(r.reasons).toEqual([]);
    expect(r.lines).toContain('query_name.rstrip(".") endswith ["moneropool.com", "xmrpool.eu"]');
    expect(r.alerts({ query_name: 'gulf.moneropool.com.' })).toBe(true);
    expect(r.alerts({ query_name: 'gulf.moneropool.com' })).toBe(true);
    expect(r.alerts({ query_name: 'moneropool.com.example.' })).toBe(false);
  });

  it('normalises path separators with replace before taking the file name (windows_credential_dumping_tool)', () => {
    const r = extract(`CREDENTIAL_DUMPING_TOOLS = {"mimikatz.exe", "procdump.exe"}
def rule(event):
    if event.get("EventID", "") not in ["4688", "1"]:
        return False
    extra_data = event.get("ExtraEventData", {})
    process_name = extra_data.get("NewProcessName", "") or extra_data.get("Image", "")
    if not process_name:
        return False
    process_filename = process_name.lower().replace("/", "\\\\").split("\\\\")[-1]
    return process_filename in CREDENTIAL_DUMPING_TOOLS
`);
    expect(r.reasons).toEqual([]);
    expect(r.lines.join(' ')).toContain('.lower().replace("/", "\\\\").split("\\\\")[-1]');
    expect(r.alerts({ EventID: '4688', ExtraEventData: { NewProcessName: 'C:\\Users\\jdoe\\Downloads\\mimikatz.exe' } })).toBe(true);
    expect(r.alerts({ EventID: '1', ExtraEventData: { Image: 'C:/Tools/ProcDump.EXE' } })).toBe(true);
    expect(r.alerts({ EventID: '4688', ExtraEventData: { NewProcessName: 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe' } })).toBe(false);
  });

  it('reads lstrip with characters as a step', () => {
    const r = extract('def rule(event):\n    return event.get("path", "").lstrip("/") == "etc/passwd"\n');
    expect(r.reasons).toEqual([]);
    expect(r.alerts({ path: '//etc/passwd' })).toBe(true);
    expect(r.alerts({ path: '/etc/passwd/' })).toBe(false);
  });
});
