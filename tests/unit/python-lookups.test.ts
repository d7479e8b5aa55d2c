/**
 * Golden tests on real Panther rules (panther-analysis, excerpts checked by hand against the source files) for the
 * lookups a rule makes beside its event's own fields: here ipaddress network equality (IPv6Network(x) == ::/0).
 */
import { describe, expect, it } from 'vitest';
import { pantherRule, } from './panther-rule.ts';
import { POLICY } from '../../src/lib/languages/python/extract.ts';
import type { Condition } from '../../src/lib/logic/types.ts';


const extract = (src: string, logTypes: string[], entry?: typeof POLICY) => pantherRule(src, logTypes, { entry });

// policies/aws_vpc_policies/aws_network_acl_restricted_ssh.py
const RESTRICTED_SSH = `import ipaddress

GLOBAL_IPV6 = ipaddress.IPv6Network("::/0")
IPV6_SENTINEL = ipaddress.IPv6Network("::1/128")


def policy(resource):
    ingress_entries = sorted(
        (entry for entry in resource["Entries"] if not entry["Egress"]),
        key=lambda x: x["RuleNumber"],
    )
    for entry in ingress_entries:
        if (
            entry.get("CidrBlock") == "0.0.0.0/0"
            or ipaddress.IPv6Network(entry.get("Ipv6CidrBlock") or IPV6_SENTINEL) == GLOBAL_IPV6
        ) and (
            not entry.get("PortRange")
            or entry["PortRange"]["From"] <= 22 <= entry["PortRange"]["To"]
        ):
            return entry["RuleAction"] == "deny"
    return True
`;

const entry = (e: Record<string, unknown>) => ({ CidrBlock: null, Egress: false, Ipv6CidrBlock: null, PortRange: { From: 22, To: 22 }, RuleAction: 'allow', RuleNumber: 100, ...e });

describe('python ipaddress network equality', () => {
  const r = extract(RESTRICTED_SSH, ['AWS.VPC'], POLICY);

  it('states IPv6Network(x or SENTINEL) == GLOBAL_IPV6 as a computed leaf whose fallback never matches', () => {
    expect(r.lines.join('\n')).toContain('IPv6Network(Ipv6CidrBlock) == IPv6Network("::/0")');
    expect(JSON.stringify(r.conjuncts)).toContain('"fn":"ip_same_network","args":["::/0"]');
    expect(r.reasons).not.toContain('external call: ipaddress.IPv6Network');
    expect(r.reasons).toEqual([]);
  });

  it('states that the first matching entry by RuleNumber decides: no matching entry with a lower number (^.RuleNumber)', () => {
    expect(r.lines.join('\n')).toContain('RuleNumber lt field ^.RuleNumber');
    const wildcard = (n: number, action: string, e: Record<string, unknown> = {}) => entry({ CidrBlock: '0.0.0.0/0', RuleNumber: n, RuleAction: action, ...e });
    // A deny numbered before the allow decides, whatever the list order.
    expect(r.alerts({ Entries: [wildcard(200, 'allow'), wildcard(100, 'deny')] })).toBe(false);
    expect(r.alerts({ Entries: [wildcard(100, 'allow'), wildcard(200, 'deny')] })).toBe(true);
    // An egress deny or a deny on another port does not come first among the matching ingress entries.
    expect(r.alerts({ Entries: [wildcard(50, 'deny', { Egress: true }), wildcard(100, 'allow')] })).toBe(true);
    expect(r.alerts({ Entries: [wildcard(50, 'deny', { PortRange: { From: 80, To: 80 } }), wildcard(100, 'allow')] })).toBe(true);
  });

  it('decides the rule tests where one wildcard entry decides (Global IPv6 / Secure VPC SSH Access)', () => {
    // "Global IPv6 VPC SSH Access": ::/0 on port 22, allowed: the policy fails (an alert).
    expect(r.alerts({ Entries: [entry({ Ipv6CidrBlock: '::/0' })] })).toBe(true);
    // Another spelling of the same network, as the rule's comment says.
    expect(r.alerts({ Entries: [entry({ Ipv6CidrBlock: '0::/0' })] })).toBe(true);
    // "Secure VPC SSH Access": ingress from one host only, the wildcard entry is egress.
    expect(r.alerts({ Entries: [entry({ CidrBlock: '8.8.8.8/32' }), entry({ CidrBlock: '0.0.0.0/0', Egress: true })] })).toBe(false);
    // An entry without any IPv6 block falls back to ::1/128, which is not ::/0.
    expect(r.alerts({ Entries: [entry({ CidrBlock: '10.0.0.0/8' })] })).toBe(false);
  });
});

describe('scope paths that climb out (^.)', () => {
  it('read the enclosing element, or the event at the top, and are explained under the condition', async () => {
    const { decide } = await import('../../src/lib/logic/evaluate.ts');
    const { legendFor } = await import('../../src/lib/site/legend.ts');
    const lower: Condition = { type: 'leaf', field: 'n', kind: 'lt', values: [], otherField: '^.n' };
    const inner: Condition = { type: 'scope', quantifier: 'any', field: '^.items', child: lower };
    const outer: Condition = { type: 'scope', quantifier: 'any', field: 'items', child: { type: 'not', child: inner } };
    // Some item has no item with a lower n: true of any non-empty list.
    expect(decide(outer, { items: [{ n: 2 }, { n: 1 }] })).toBe(true);
    const top: Condition = { type: 'scope', quantifier: 'any', field: 'items', child: { type: 'leaf', field: 'n', kind: 'eq', values: [], otherField: '^.limit' } };
    expect(decide(top, { limit: 1, items: [{ n: 2 }, { n: 1 }] })).toBe(true);
    expect(decide(top, { limit: 3, items: [{ n: 2 }, { n: 1 }] })).toBe(false);
    expect(legendFor([outer], 'any items (not any ^.items (n lt field ^.n))').map((e) => e.mark)).toContain('^.');
    expect(legendFor([top], 'any items (n eq field ^.limit)').map((e) => e.mark)).toContain('^.');
    const regex: Condition = { type: 'leaf', field: 'x', kind: 'regex', values: ['(^.*)'] };
    expect(legendFor([regex], 'x regex "(^.*)"').map((e) => e.mark)).not.toContain('^.');
  });
});
