/**
 * Golden tests on real Panther policies (panther-analysis, excerpts checked by hand against the source files) for
 * arithmetic on event numbers, constants indexed by a computed number, and any()/all() over a dict's keys.
 */
import { describe, expect, it } from 'vitest';
import { PANTHER_FIXTURES, pantherRule, PYTHON } from './panther-rule.ts';
import { extractPython, POLICY } from '../../src/lib/languages/python/extract.ts';
import { pantherLibrary } from '../../src/lib/formats/panther/python-library.ts';
import { renderConjuncts } from '../../src/lib/logic/render.ts';
import { decideConjuncts } from '../../src/lib/logic/evaluate.ts';
import { conjunctsOf } from '../../src/lib/logic/tree.ts';
import { derive } from '../../src/lib/logic/derive.ts';


const extract = (src: string, logTypes: string[]) => pantherRule(src, logTypes, { entry: POLICY });

// policies/aws_vpc_policies/aws_security_group_tightly_restricts_outbound_traffic.py (the repeated check left out)
const OUTBOUND = `MAX_PORTS_PER_PERMISSION = 10
RESTRICTED_PORTS = [21, 22, 23, 3389]


def policy(resource):
    if resource["IpPermissionsEgress"] is None:
        return True

    for permission in resource["IpPermissionsEgress"]:
        if permission["FromPort"] is None or permission["ToPort"] is None:
            return False
        if permission["ToPort"] - permission["FromPort"] > MAX_PORTS_PER_PERMISSION:
            return False
        if any(permission["FromPort"] <= port <= permission["ToPort"] for port in RESTRICTED_PORTS):
            return False

    return True
`;

// policies/aws_waf_policies/aws_waf_rule_ordering.py
const ORDERING = `ORDERING = {
    "EXAMPLE_WEB_ACL_ID": ("EXAMPLE_RULE_1_ID", "EXAMPLE_RULE_2_ID"),
}


def policy(resource):
    if resource["WebACLId"] not in ORDERING:
        return True
    web_acl_rules = resource["Rules"]

    if len(ORDERING[resource["WebACLId"]]) != len(web_acl_rules):
        return False

    for web_acl_rule in web_acl_rules:
        priority_order = web_acl_rule["Priority"] - 1
        if web_acl_rule["RuleId"] != ORDERING[resource["WebACLId"]][priority_order]:
            return False

    return True
`;

// policies/aws_load_balancer_policies/aws_alb_ssl_policy.py (two of the six safe policies)
const SSL = `TLS_SAFE_POLICIES = {
    "ELBSecurityPolicy-FS-1-2-2019-08",
    "ELBSecurityPolicy-TLS13-1-3-2021-06",
}


def policy(resource):
    if resource.get("Scheme") == "internal":
        return True

    return len(resource.get("Listeners") if resource.get("Listeners") else []) >= 1 and all(
        (each_policy in TLS_SAFE_POLICIES for each_policy in resource.get("SSLPolicies", {}).keys())
    )
`;

describe('python arithmetic on event numbers', () => {
  it('adds a constant as a derivation step, and only to numbers', () => {
    expect(derive(3, [{ fn: 'add', args: [-1] }])).toBe(2);
    expect(typeof derive('3', [{ fn: 'add', args: [-1] }])).toBe('symbol');
  });

  it('reads a - b > n of two fields of one element as a - n > b', () => {
    const r = extract(OUTBOUND, ['AWS.EC2.SecurityGroup']);
    expect(r.reasons).toEqual([]);
    expect(r.lines.join('\n')).toContain('ToPort - 10 gt field FromPort');
    const permission = (from: number | null, to: number | null) => ({ IpPermissionsEgress: [{ FromPort: from, ToPort: to }] });
    expect(r.alerts(permission(443, 443))).toBe(false);
    expect(r.alerts(permission(8000, 8011))).toBe(true);
    expect(r.alerts(permission(8000, 8010))).toBe(false);
    expect(r.alerts(permission(20, 21))).toBe(true);
    expect(r.alerts(permission(null, 443))).toBe(true);
    expect(r.alerts({ IpPermissionsEgress: null })).toBe(false);
  });

  it('indexes a constant tuple by a computed number, negative positions as Python does', () => {
    const r = extract(ORDERING, ['AWS.WAF.WebACL']);
    expect(r.reasons).toEqual([]);
    expect(r.lines.join('\n')).toContain('Priority - 1');
    const acl = (rules: unknown[]) => ({ WebACLId: 'EXAMPLE_WEB_ACL_ID', Rules: rules });
    expect(r.alerts(acl([{ Priority: 1, RuleId: 'EXAMPLE_RULE_1_ID' }, { Priority: 2, RuleId: 'EXAMPLE_RULE_2_ID' }]))).toBe(false);
    expect(r.alerts(acl([{ Priority: 2, RuleId: 'EXAMPLE_RULE_1_ID' }, { Priority: 1, RuleId: 'EXAMPLE_RULE_2_ID' }]))).toBe(true);
    // Priority 0 reads ORDERING[...][-1], the last rule.
    expect(r.alerts(acl([{ Priority: 1, RuleId: 'EXAMPLE_RULE_1_ID' }, { Priority: 0, RuleId: 'EXAMPLE_RULE_2_ID' }]))).toBe(false);
    expect(r.alerts(acl([{ Priority: 1, RuleId: 'EXAMPLE_RULE_1_ID' }]))).toBe(true);
    expect(r.alerts({ WebACLId: 'OTHER', Rules: [] })).toBe(false);
  });
});

describe('python all() over the keys of an event dict', () => {
  const r = extract(SSL, ['AWS.ELBV2.ApplicationLoadBalancer']);

  it('states it as a scope over the computed list SSLPolicies.keys()', () => {
    expect(r.reasons).toEqual([]);
    expect(JSON.stringify(r.conjuncts)).toContain('"derive":{"from":"SSLPolicies","steps":[{"fn":"keys"}]}');
  });

  it('decides it: every key must be a safe policy', () => {
    const lb = (policies: Record<string, unknown> | undefined) => ({ Scheme: 'internet-facing', Listeners: [{ Port: 443 }], SSLPolicies: policies });
    expect(r.alerts(lb({ 'ELBSecurityPolicy-FS-1-2-2019-08': {} }))).toBe(false);
    expect(r.alerts(lb({ 'ELBSecurityPolicy-FS-1-2-2019-08': {}, 'ELBSecurityPolicy-2016-08': {} }))).toBe(true);
    expect(r.alerts(lb(undefined))).toBe(false);
    expect(r.alerts({ ...lb({ 'ELBSecurityPolicy-2016-08': {} }), Scheme: 'internal' })).toBe(false);
    expect(r.alerts({ ...lb({}), Listeners: [] })).toBe(true);
  });
});

// rules/aws_cloudtrail_rules/aws_ssm_distributed_command.py (rule, cache and unit-test conversion; title and context left out)
const DISTRIBUTED = `import json

from panther_detection_helpers.caching import get_string_set, put_string_set

INSTANCE_THRESHOLD = 2

all_instance_ids = set()


def rule(event):
    if event.get("eventName") != "SendCommand":
        return False
    key = "AWS.SSM.DistributedCommand"
    cached_ids = get_cached_instance_ids(key)
    target_instance_ids = set(event.deep_get("requestParameters", "instanceIds", default=[]))
    global all_instance_ids
    all_instance_ids = cached_ids | target_instance_ids
    if all_instance_ids - cached_ids:
        put_string_set(key, all_instance_ids, epoch_seconds=(3600 if not cached_ids else None))
    return len(all_instance_ids) > INSTANCE_THRESHOLD


def get_cached_instance_ids(key):
    cached_ids = get_string_set(key, force_ttl_check=True)
    if isinstance(cached_ids, str):
        cached_ids = set(json.loads(cached_ids))
    return cached_ids
`;

describe('python set() of an event list', () => {
  it('counts distinct items: len(set(x)) > n, with an empty cache mocked as a unit test does', () => {
    const r = extractPython(DISTRIBUTED, 'rule.py', pantherLibrary(PANTHER_FIXTURES, new Map()), ['AWS.CloudTrail'], undefined, { get_string_set: '[]', put_string_set: '' });
    const conjuncts = conjunctsOf(r.condition);
    expect(renderConjuncts(conjuncts).join('\n')).toContain('len(set(requestParameters.instanceIds)) gt 2');
    const send = (ids: string[]) => ({ eventName: 'SendCommand', requestParameters: { instanceIds: ids } });
    expect(decideConjuncts(conjuncts, send(['i-1', 'i-2', 'i-3']), PYTHON)).toBe(true);
    expect(decideConjuncts(conjuncts, send(['i-1', 'i-1', 'i-1']), PYTHON)).toBe(false);
    expect(decideConjuncts(conjuncts, send(['i-1']), PYTHON)).toBe(false);
    expect(derive([1, 2, 1, 'a', 'a'], [{ fn: 'distinct' }])).toEqual([1, 2, 'a']);
  });
});

// rules/aws_s3_rules/aws_s3_access_ip_allowlist.py (rule and its is_subnet helper)
const ALLOWLIST = `from ipaddress import IPv4Network, IPv6Network, ip_network

BUCKETS_TO_MONITOR = {
}
ALLOWLIST_NETWORKS = {
    ip_network("10.0.0.0/8"),
}


def rule(event):
    if BUCKETS_TO_MONITOR:
        if event.get("bucket") not in BUCKETS_TO_MONITOR:
            return False

    if "remoteip" not in event:
        return False

    cidr_ip = ip_network(event.get("remoteip"))
    return not any(
        is_subnet(approved_ip_range, cidr_ip) for approved_ip_range in ALLOWLIST_NETWORKS
    )


def is_subnet(supernet: IPv4Network | IPv6Network, subnet: IPv4Network | IPv6Network) -> bool:
    if supernet.network_address.version != subnet.network_address.version:
        return False
    return subnet.subnet_of(supernet)
`;

describe('python ipaddress versions and subnets', () => {
  it('reads network_address.version and subnet_of(constant network) as computed leaves it decides', () => {
    const r = extractPython(ALLOWLIST, 'rule.py', pantherLibrary(PANTHER_FIXTURES, new Map()), ['AWS.S3ServerAccess']);
    const conjuncts = conjunctsOf(r.condition);
    expect(r.reasons).toEqual([]);
    const text = renderConjuncts(conjuncts).join('\n');
    expect(text).toContain('ip_network(remoteip).network_address.version');
    expect(text).toContain('ip_network(remoteip).subnet_of(ip_network("10.0.0.0/8"))');
    const alerts = (remoteip: string) => decideConjuncts(conjuncts, { remoteip }, PYTHON);
    expect(alerts('10.1.2.3')).toBe(false);
    expect(alerts('10.0.0.0/16')).toBe(false);
    expect(alerts('11.1.2.3')).toBe(true);
    expect(alerts('::1')).toBe(true);
    expect(decideConjuncts(conjuncts, {}, PYTHON)).toBe(false);
    expect(derive('10.0.0.0/7', [{ fn: 'ip_in_network', args: ['10.0.0.0/8', 'network'] }])).toBe(false);
    expect(derive('::1', [{ fn: 'ip_version' }])).toBe(6);
  });
});
