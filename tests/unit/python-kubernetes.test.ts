/**
 * Golden tests on excerpts of real Panther Kubernetes rules (panther-analysis rules/kubernetes_rules and
 * rules/aws_eks_rules, checked by hand against the source files): source-IP loops that skip invalid addresses,
 * enrichment helper classes (IPInfoASN), commands joined into one text, URLs taken apart with urllib.parse, and
 * loops that raise flags, each decided on events shaped like the rules' own tests.
 */
import { describe, expect, it } from 'vitest';
import { pantherRule } from './panther-rule.ts';
import { lookupClasses } from '../../src/lib/formats/panther/lookup-classes.ts';
import { derive, NO_VALUE } from '../../src/lib/logic/derive.ts';


const extract = (src: string) => pantherRule(src, ['Amazon.EKS.Audit']);

describe('loops over source IPs that skip invalid addresses', () => {
  // k8s_system_principal_public_ip.py rule(), the loop over source_ips.
  const loop = `from ipaddress import ip_address

def rule(event):
    source_ips = event.get("sourceIPs") or []
    if not source_ips:
        return False
    for ip_str in source_ips:
        try:
            ip_obj = ip_address(ip_str)
            if not ip_obj.is_global:
                return False
        except ValueError:
            continue  # Skip invalid IPs
    return True
`;

  it('reads a trailing continue in the except handler as going on with the next item: all valid addresses are global', () => {
    const r = extract(loop);
    expect(r.reasons).toEqual([]);
    expect(r.lines.join('\n')).toContain('not any sourceIPs');
    expect(r.alerts({ sourceIPs: ['203.0.114.5'] })).toBe(true);
    // "Pod with Mixed Public and Private IPs" and "System User from Private IP".
    expect(r.alerts({ sourceIPs: ['54.1.2.3', '10.0.1.5'] })).toBe(false);
    expect(r.alerts({ sourceIPs: ['192.168.1.100'] })).toBe(false);
    // "Invalid IP in sourceIPs (Skip Invalid)": the invalid one is skipped, the public one alerts.
    expect(r.alerts({ sourceIPs: ['invalid-ip', '54.1.2.3'] })).toBe(true);
    expect(r.alerts({ sourceIPs: [] })).toBe(false);
  });
});

describe('enrichment helper classes', () => {
  // global_helpers/panther_ipinfo_helpers.py (fixture of the same shape).
  it('reads the table a LookupTableMatches class registers and its key-lookup methods', () => {
    const text = `IPINFO_ASN_LUT_NAME = "ipinfo_asn"

class IPInfoASN(LookupTableMatches):
    """Helper"""

    def __init__(self, event):
        super().__init__()
        super()._register(event, IPINFO_ASN_LUT_NAME)

    def asn(self, match_field: str) -> Union[list[str], str]:
        return self._lookup(match_field, "asn")

    def context(self, match_field: str) -> object:
        return {"ASN": self.asn(match_field)}


class _GreyNoiseBase(LookupTableMatches):
    def __init__(self, event, lut_name):
        super()._register(event, lut_name)
`;
    const classes = lookupClasses(text);
    expect([...classes.keys()]).toEqual(['IPInfoASN']);
    expect(classes.get('IPInfoASN')).toEqual({ table: ['p_enrichment', 'ipinfo_asn'], methods: { asn: ['asn'] } });
  });

  // k8s_system_principal_public_ip.py is_cloud_infrastructure_ip, for one cloud.
  const asn = `from panther_ipinfo_helpers import get_ipinfo_asn

def rule(event):
    ipinfo_asn_data = get_ipinfo_asn(event)
    if not ipinfo_asn_data:
        return True
    asn_value = ipinfo_asn_data.asn("sourceIPs")
    if asn_value and len(asn_value) > 0 and asn_value[0] in ["AS16509"]:
        return False
    return True
`;

  it("reads obj.asn(field) as the enrichment's field read, p_enrichment.ipinfo_asn.<field>, decided on the rule's tests", () => {
    const r = extract(asn);
    expect(r.reasons).toEqual([]);
    expect(r.lines.join('\n')).toContain('p_enrichment.ipinfo_asn.sourceIPs.0.asn eq "AS16509"');
    const enriched = (asnValue: string) => ({ sourceIPs: ['54.1.2.3'], p_enrichment: { ipinfo_asn: { sourceIPs: [{ asn: asnValue, p_match: '54.1.2.3' }] } } });
    expect(r.alerts(enriched('AS16509'))).toBe(false);
    expect(r.alerts(enriched('AS12345'))).toBe(true);
    expect(r.alerts({ sourceIPs: ['54.1.2.3'] })).toBe(true);
  });
});

describe('commands and URLs', () => {
  // k8s_steal_serviceaccount_token.py rule(), with event.get for event.udm.
  const steal = `from urllib.parse import unquote

SERVICE_ACCOUNT_TOKEN_PATHS = {"/var/run/secrets/kubernetes.io/serviceaccount/token", "serviceaccount/token"}

def rule(event):
    request_object = event.get("requestObject") or {}
    command = request_object.get("command", [])
    command_str = " ".join(str(cmd) for cmd in command).lower()
    if any(path.lower() in command_str for path in SERVICE_ACCOUNT_TOKEN_PATHS):
        return True
    request_uri = event.get("requestURI") or ""
    decoded_uri = unquote(request_uri).lower()
    if any(path.lower() in decoded_uri for path in SERVICE_ACCOUNT_TOKEN_PATHS):
        return True
    return False
`;

  it('joins the command into one text and decodes the URI, as computed leaves the evaluator runs', () => {
    const r = extract(steal);
    expect(r.reasons).toEqual([]);
    expect(r.lines.join('\n')).toContain('" ".join(str(x) for x in requestObject.command).lower() contains');
    expect(r.lines.join('\n')).toContain('unquote(requestURI).lower() contains');
    expect(r.alerts({ requestObject: { command: ['cat', '/var/run/secrets/kubernetes.io/serviceaccount/token'] } })).toBe(true);
    expect(r.alerts({ requestURI: '/api/v1/namespaces/d/pods/p/exec?command=cat&command=%2Fvar%2Frun%2Fsecrets%2Fkubernetes.io%2Fserviceaccount%2Ftoken' })).toBe(true);
    // "Regular exec without token access".
    expect(r.alerts({ requestObject: { command: ['ls', '-la'] }, requestURI: '/api/v1/namespaces/d/pods/p/exec?command=ls' })).toBe(false);
  });

  // k8s_kubectl_cp_operation.py get_exec_command (EKS part) and the loop of rule().
  const cp = `from urllib.parse import parse_qs, urlparse

def get_exec_command(event):
    request_uri = event.get("requestURI") or ""
    if "command=" in request_uri:
        try:
            parsed = urlparse(request_uri)
            params = parse_qs(parsed.query)
            return params.get("command", [])
        except Exception:
            return []
    return []

def rule(event):
    command = get_exec_command(event)
    if not command:
        return False
    tar_found = False
    cf_flag_found = False
    stdout_dash_found = False
    for i, arg in enumerate(command):
        arg_str = str(arg).lower()
        if "tar" in arg_str:
            tar_found = True
        if "cf" in arg_str and arg_str != "-c":
            cf_flag_found = True
        if arg_str == "-" and i > 0 and cf_flag_found:
            stdout_dash_found = True
    return tar_found and cf_flag_found and stdout_dash_found
`;
  const uri = (...args: string[]) => ({ requestURI: `/api/v1/namespaces/default/pods/nginx/exec?${args.map((a) => `command=${encodeURIComponent(a)}`).join('&')}&container=nginx&stdout=true` });

  it("reads the exec command from the URI's query and the flags the loop raises; the order of items stays a reason", () => {
    const r = extract(cp);
    expect(r.reasons).toEqual(['loop over command: the order of items']);
    expect(r.lines.join('\n')).toContain('any parse_qs(urlparse(requestURI).query).get("command") (. contains "tar")');
    expect(r.alerts(uri('tar', 'cf', '-', '/etc/passwd'))).toBe(true);
    // "EKS kubectl cp TO pod", "EKS regular tar archive creation", "EKS regular exec without tar".
    expect(r.alerts(uri('tar', 'xmf', '-', '-C', '/tmp'))).toBe(false);
    expect(r.alerts(uri('tar', 'czf', '/tmp/backup.tar.gz', '/data'))).toBe(false);
    expect(r.alerts(uri('ls', '-la'))).toBe(false);
  });

  it('runs the URL steps as urllib.parse does', () => {
    const query = [{ fn: 'url_parts' as const }, { fn: 'get' as const, args: ['query'] }, { fn: 'query_params' as const }];
    expect(derive('/exec?command=tar&command=%2Ftmp%2Fa+b&flag&empty=#frag', query)).toEqual({ command: ['tar', '/tmp/a b'] });
    expect(derive('https://Host:8080/p?a=1#f', [{ fn: 'url_parts' }])).toEqual({ scheme: 'https', netloc: 'Host:8080', path: '/p', query: 'a=1', fragment: 'f' });
    // parse_qs keeps a % that starts no escape as written.
    expect(derive('a=%zz', [{ fn: 'query_params' }])).toEqual({ a: ['%zz'] });
    expect(derive(['a', 1, true, null], [{ fn: 'join', args: [' '] }])).toBe('a 1 True None');
    expect(derive('not a list', [{ fn: 'join', args: [' '] }])).toBe(NO_VALUE);
  });
});
