/**
 * Golden tests on real Panther rules (panther-analysis, excerpts checked by hand against the source files) for the
 * calls the Python reader knows (ipaddress, dates against the clock, a unit test's mocks), and the events each
 * rule's own tests send.
 */
import { describe, expect, it } from 'vitest';
import { PANTHER_FIXTURES, pantherRule, } from './panther-rule.ts';
import { extractPython, POLICY } from '../../src/lib/languages/python/extract.ts';
import { pantherLibrary } from '../../src/lib/formats/panther/python-library.ts';
import { renderConjuncts } from '../../src/lib/logic/render.ts';
import { conjunctsOf } from '../../src/lib/logic/tree.ts';
import { agreement } from '../../src/lib/formats/panther/agreement.ts';
import { mockedTrees } from '../../src/lib/formats/panther/mocks.ts';
import { LANGUAGES } from '../../src/lib/languages/index.ts';


const extract = (src: string, logTypes: string[] = ['AWS.CloudTrail'], entry?: typeof POLICY) => pantherRule(src, logTypes, { entry });

describe('python ipaddress', () => {
  it('states is_global as a computed leaf and decides it on the rule tests (aws_vpc_ssh_allowed_signal.py)', () => {
    const r = extract(
      `from ipaddress import ip_network

def rule(event):
    if event.get("dstPort") != 22 or event.get("action") != "ACCEPT":
        return False
    source_ip = event.get("srcAddr") or "0.0.0.0/32"
    if not ip_network(source_ip).is_global:
        return False
    destination_ip = event.get("dstAddr") or "1.0.0.0/32"
    return not ip_network(destination_ip).is_global
`,
      ['AWS.VPCFlow'],
    );
    expect(r.reasons).toEqual([]);
    expect(r.lines).toContain('ip_network(srcAddr).is_global eq true');
    const event = { dstPort: 22, action: 'ACCEPT', srcAddr: '1.1.1.1', dstAddr: '10.0.0.1' };
    expect(r.alerts(event)).toBe(true);
    expect(r.alerts({ ...event, srcAddr: '10.10.10.1' })).toBe(false);
    // No source address: the rule's own default 0.0.0.0/32 is not global.
    expect(r.alerts({ ...event, srcAddr: undefined })).toBe(false);
    expect(r.alerts({ ...event, dstAddr: '8.8.8.8' })).toBe(false);
  });

  it('reads `ip_address(x) in ip_network(CIDR)` through a helper as a cidr leaf (onelogin_active_login_activity.py)', () => {
    const r = extract(
      `from panther_base_helpers import is_ip_in_network
SHARED_IP_SPACE = ["192.168.0.0/16"]

def rule(event):
    if str(event.get("event_type_id")) != "5" or not event.get("ipaddr"):
        return False
    if is_ip_in_network(event.get("ipaddr"), SHARED_IP_SPACE):
        return False
    return True
`,
    );
    expect(r.reasons).toEqual([]);
    expect(r.lines).toContain('not ipaddr cidr "192.168.0.0/16"');
    expect(r.alerts({ event_type_id: 5, ipaddr: '1.2.3.4' })).toBe(true);
    expect(r.alerts({ event_type_id: 5, ipaddr: '192.168.1.20' })).toBe(false);
  });

  it('states what a caught ValueError returns (aws_unauthorized_api_call.py, aws_imds_credential_exfiltration.py)', () => {
    const r = extract(
      `import ipaddress
from ipaddress import ip_address

def _is_valid_ip(ip_str):
    try:
        ipaddress.ip_address(ip_str)
        return True
    except ValueError:
        return False

def _is_private_ip(ip_str):
    try:
        return ipaddress.ip_address(ip_str).is_private
    except ValueError:
        return False

def rule(event):
    source_ip = event.get("sourceIPAddress", "")
    if source_ip.endswith(".amazonaws.com"):
        return False
    return _is_valid_ip(source_ip) and not _is_private_ip(source_ip)
`,
    );
    expect(r.reasons).toEqual([]);
    expect(r.lines).toContain('ip_address(sourceIPAddress) is valid eq true');
    expect(r.alerts({ sourceIPAddress: '52.1.2.3' })).toBe(true);
    expect(r.alerts({ sourceIPAddress: '10.1.2.3' })).toBe(false);
    expect(r.alerts({ sourceIPAddress: 'AWS Internal' })).toBe(false);
    expect(r.alerts({})).toBe(false);
  });

  it('reads ip_network over the items of nested lists as scopes (aws_security_group_restricts_access_to_cde.py)', () => {
    const r = extract(
      `from ipaddress import ip_network

def policy(resource):
    for permission in resource["IpPermissions"] or []:
        for ip_range in permission["IpRanges"] or []:
            if ip_range["CidrIp"] == "0.0.0.0/0" or not ip_network(ip_range["CidrIp"]).is_private:
                return False
    return True
`,
      ['AWS.EC2.SecurityGroup'],
      POLICY,
    );
    expect(r.reasons).toEqual([]);
    expect(r.lines).toEqual(['any IpPermissions (any IpRanges (CidrIp eq "0.0.0.0/0" or not ip_network(CidrIp).is_private eq true))']);
    // The tree says what fails the policy.
    const group = (cidr: string) => ({ IpPermissions: [{ IpRanges: null }, { IpRanges: [{ CidrIp: cidr }] }] });
    expect(r.alerts(group('10.0.1.0/24'))).toBe(false);
    expect(r.alerts(group('1.1.1.1/32'))).toBe(true);
  });
});

describe('python dates', () => {
  it('states "older than 90 days" as the age of the event time, decided on the clock (aws_password_unused.py)', () => {
    const r = extract(
      `import datetime
from panther_base_helpers import resolve_timestamp_string
TIMEOUT_DAYS = datetime.timedelta(days=90)
DEFAULT_TIME = "0001-01-01T00:00:00Z"

def aged_out(timestamp):
    datetime_ts = resolve_timestamp_string(timestamp)
    if not datetime_ts:
        return False
    return (datetime.datetime.now() - datetime_ts) > TIMEOUT_DAYS

def policy(resource):
    report = resource.get("CredentialReport")
    if not report:
        return True
    if report.get("PasswordEnabled"):
        if report.get("PasswordLastUsed") != DEFAULT_TIME and aged_out(report.get("PasswordLastUsed")):
            return False
    return True
`,
      ['AWS.IAM.User'],
      POLICY,
    );
    expect(r.reasons).toEqual([]);
    expect(r.lines.join(' ')).toContain('seconds since CredentialReport.PasswordLastUsed gt 7776000');
    const user = (lastUsed: string) => ({ CredentialReport: { PasswordEnabled: true, PasswordLastUsed: lastUsed } });
    // The rule's own tests pick dates no build day comes near.
    expect(r.alerts(user('2000-01-01T00:00:00Z'))).toBe(true);
    expect(r.alerts(user('3000-01-01T00:00:00Z'))).toBe(false);
    expect(r.alerts(user('0001-01-01T00:00:00Z'))).toBe(false);
    expect(r.alerts(user('not a time'))).toBe(false);
  });
});

describe('python unit-test mocks', () => {
  const src = `import json
from unittest.mock import MagicMock
KNOWN_EXCEPTIONS = []

def rule(event):
    global KNOWN_EXCEPTIONS
    if isinstance(KNOWN_EXCEPTIONS, MagicMock):
        KNOWN_EXCEPTIONS = json.loads(KNOWN_EXCEPTIONS())
    if event.deep_get("properties", "userPrincipalName") in KNOWN_EXCEPTIONS:
        return False
    return event.deep_get("properties", "userAgent", default="") in ["BAV2ROPC", "CBAInPROD"]
`;

  it('reads the deployed rule, where the setting is empty, and the test\'s rule with the setting filled (azure_legacyauth.py)', () => {
    const deployed = extract(src, ['Azure.Audit']);
    expect(deployed.reasons).toEqual([]);
    expect(deployed.lines).toEqual(['properties.userAgent in ["BAV2ROPC", "CBAInPROD"]']);
    const lib = pantherLibrary(PANTHER_FIXTURES, new Map());
    const mocked = extractPython(src, 'rule.py', lib, ['Azure.Audit'], undefined, { KNOWN_EXCEPTIONS: '["homer.simpson@springfield.org"]' });
    expect(renderConjuncts(conjunctsOf(mocked.condition))).toEqual([
      'not properties.userPrincipalName eq "homer.simpson@springfield.org"',
      'properties.userAgent in ["BAV2ROPC", "CBAInPROD"]',
    ]);
  });

  it('checks a test with Mocks against the tree read with them', () => {
    const deployed = extract(src, ['Azure.Audit']);
    const logic = { status: 'full' as const, conjuncts: deployed.conjuncts, reasons: [], outputFields: [], diagnostics: [] };
    const lib = pantherLibrary(PANTHER_FIXTURES, new Map());
    const mocked = mockedTrees((mocks) => LANGUAGES.python.extract(src, { file: 'rule.py', library: lib, logTypes: ['Azure.Audit'], mocks }));
    const log = { properties: { userPrincipalName: 'homer.simpson@springfield.org', userAgent: 'BAV2ROPC' } };
    const tests = [
      { name: 'known exception', expected: false, log, mocks: [{ objectName: 'KNOWN_EXCEPTIONS', returnValue: '["homer.simpson@springfield.org"]' }] },
      { name: 'legacy auth', expected: true, log },
    ];
    expect(agreement(logic, tests, 'alert', mocked)).toEqual({ cases: 2, agree: 2, disagreeing: [] });
    // Without reading the mocks, the first test would be run on the deployed tree and disagree.
    expect(agreement(logic, tests, 'alert')?.disagreeing).toEqual(['known exception']);
  });
});
