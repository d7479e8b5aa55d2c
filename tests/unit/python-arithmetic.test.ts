/**
 * Golden tests on real Panther policies (panther-analysis, excerpts checked by hand against the source files) for
 * arithmetic on event numbers, constants indexed by a computed number, and any()/all() over a dict's keys.
 */
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { extractPython, POLICY } from '../../src/lib/languages/python/extract.ts';
import { pantherLibrary } from '../../src/lib/formats/panther/python-library.ts';
import { renderConjuncts } from '../../src/lib/logic/render.ts';
import { decideConjuncts } from '../../src/lib/logic/evaluate.ts';
import { conjunctsOf } from '../../src/lib/logic/tree.ts';
import { derive } from '../../src/lib/logic/derive.ts';

const root = fileURLToPath(new URL('../fixtures/panther', import.meta.url));
const PY = { nullness: 'python' as const, caseInsensitiveKeys: true, parseJsonStrings: true };

function extract(src: string, logTypes: string[]) {
  const r = extractPython(src, 'policy.py', pantherLibrary(root, new Map()), logTypes, POLICY);
  const conjuncts = conjunctsOf(r.condition);
  return { ...r, conjuncts, lines: renderConjuncts(conjuncts), alerts: (event: unknown) => decideConjuncts(conjuncts, event, PY) };
}

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

  it('reads a - b > n of two fields of one element as a > b + n', () => {
    const r = extract(OUTBOUND, ['AWS.EC2.SecurityGroup']);
    expect(r.reasons).toEqual([]);
    expect(r.lines.join('\n')).toContain('ToPort gt field FromPort + 10');
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
