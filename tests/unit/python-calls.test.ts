/**
 * Golden tests on real Panther rules (panther-analysis, excerpts checked by hand against the source files) for the
 * calls the Python reader knows: ipaddress, and the events each rule's own tests send.
 */
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { extractPython, POLICY } from '../../src/lib/languages/python/extract.ts';
import { pantherLibrary } from '../../src/lib/formats/panther/python-library.ts';
import { renderConjuncts } from '../../src/lib/logic/render.ts';
import { decideConjuncts } from '../../src/lib/logic/evaluate.ts';
import { conjunctsOf } from '../../src/lib/logic/tree.ts';

const root = fileURLToPath(new URL('../fixtures/panther', import.meta.url));
const PY = { nullness: 'python' as const, caseInsensitiveKeys: true, parseJsonStrings: true };

function extract(src: string, logTypes: string[] = ['AWS.CloudTrail'], entry?: typeof POLICY) {
  const r = extractPython(src, 'rule.py', pantherLibrary(root, new Map()), logTypes, entry);
  const conjuncts = conjunctsOf(r.condition);
  return { ...r, conjuncts, lines: renderConjuncts(conjuncts), alerts: (event: unknown) => decideConjuncts(conjuncts, event, PY) };
}

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
