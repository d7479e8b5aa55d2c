/**
 * Computed values of Panther rules read as computed leaves with derivation steps (languages/python/derived.ts), on
 * excerpts of real rules of panther-analysis, checked against the rules' own test events.
 */
import { describe, expect, it } from 'vitest';
import { pantherRule } from './panther-rule.ts';
import { POLICY } from '../../src/lib/languages/python/extract.ts';
import type { Leaf } from '../../src/lib/logic/types.ts';


const extract = (src: string, entry?: typeof POLICY) => pantherRule(src, ['AWS.CloudTrail'], { entry });

function leaves(c: unknown): Leaf[] {
  if (!c || typeof c !== 'object') return [];
  const n = c as { type: string; children?: unknown[]; child?: unknown };
  if (n.type === 'leaf') return [c as Leaf];
  return [...(n.children ?? []).flatMap(leaves), ...leaves(n.child)];
}

describe('python computed values: type tests', () => {
  // global_helpers/panther_upwind_helpers.py upwind_severity, used by upwind_*_passthrough.
  const upwind = `SEVERITY_MAP = {"CRITICAL": "CRITICAL", "HIGH": "HIGH", "MEDIUM": "MEDIUM", "LOW": "LOW"}
def upwind_severity(event):
    raw = event.get("severity", "")
    if not isinstance(raw, str):
        return "DEFAULT"
    return SEVERITY_MAP.get(raw.upper(), "DEFAULT")

def rule(event):
    category = event.get("category", "").lower()
    return upwind_severity(event) != "DEFAULT" and "network" in category
`;

  it('reads isinstance(x, str) as type(x) eq "string", decided by the evaluator', () => {
    const r = extract(upwind);
    expect(r.reasons).toEqual([]);
    expect(r.lines[0]).toBe('type(severity or "") eq "string"');
    const typeLeaf = leaves(r.condition)[0];
    expect(typeLeaf.derive).toEqual({ from: 'severity', default: '', steps: [{ fn: 'type' }] });
    expect(r.alerts({ severity: 'HIGH', category: 'network' })).toBe(true);
    // raw.upper() would match "HIGH" on a list only in the evaluator's element-wise reading: the guard says no.
    expect(r.alerts({ severity: ['HIGH'], category: 'network' })).toBe(false);
    expect(r.alerts({ severity: 3, category: 'network' })).toBe(false);
  });

  it('maps Python classes onto JSON types: int takes booleans, a tuple of classes is a list of types, bytes none', () => {
    const r = extract('def rule(event):\n    return isinstance(event.get("code"), int) and isinstance(event.get("d"), (dict, str, bytes))\n');
    expect(r.lines).toEqual(['type(code) in ["number", "boolean"]', 'type(d) in ["object", "string"]']);
    expect(r.alerts({ code: 403, d: {} })).toBe(true);
    expect(r.alerts({ code: '403', d: {} })).toBe(false);
  });

  it('reads ImmutableList as a list and len() of a value with a list default (gitlab_production_password_reset_multiple_emails)', () => {
    const r = extract(`from panther_base_helpers import deep_get
from panther_core.immutable import ImmutableList

def rule(event):
    params = event.get("params", [])
    for param in params:
        if param.get("key") == "user":
            email = deep_get(param, "value", "email", default=[])
            if isinstance(email, ImmutableList) and len(email) > 1:
                return True
    return False
`);
    expect(r.reasons).toEqual([]);
    expect(r.lines).toEqual(['any params (key eq "user" and type(value.email) eq "list" and len(value.email) gt 1)']);
    expect(r.alerts({ params: [{ key: 'user', value: { email: ['a@x.com', 'b@y.com'] } }] })).toBe(true);
    expect(r.alerts({ params: [{ key: 'user', value: { email: ['a@x.com'] } }] })).toBe(false);
    expect(r.alerts({ params: [{ key: 'user', value: { email: 'a@x.com,b@y.com' } }] })).toBe(false);
  });

  it('reads isinstance of a value with a collection default: the default type holds when the field is missing (box_parse_additional_details)', () => {
    const r = extract('def rule(event):\n    details = event.get("additional_details", {})\n    return not isinstance(details, (str, bytes))\n');
    expect(r.lines).toEqual(['not type(additional_details) eq "string"']);
    expect(r.alerts({})).toBe(true);
    expect(r.alerts({ additional_details: '{"a": 1}' })).toBe(false);
  });
});

describe('python computed values: split parts', () => {
  // rules/gcp_audit_rules/gcp_kms_cross_project_encryption.py (the project of the log against the key's).
  const kms = `def rule(event):
    source_project = None
    if event.get("logName").startswith("projects/"):
        parts = event.get("logName").split("/")
        if len(parts) >= 2:
            source_project = parts[1]
    kms_project = None
    if event.deep_get("protoPayload", "resourceName").startswith("projects/"):
        parts = event.deep_get("protoPayload", "resourceName").split("/")
        if len(parts) >= 2:
            kms_project = parts[1]
    if source_project and kms_project is not None and source_project != kms_project:
        return True
    return False
`;
  const event = (log: string, key: string) => ({ logName: `projects/${log}/logs/cloudaudit.googleapis.com%2Fdata_access`, protoPayload: { resourceName: `projects/${key}/locations/us/keyRings/k/cryptoKeys/c` } });

  it('compares two split parts as a computed leaf whose other side carries otherDerive', () => {
    const r = extract(kms);
    expect(r.reasons).toEqual([]);
    const compared = leaves(r.condition).find((l) => l.otherField !== undefined)!;
    expect(compared).toMatchObject({
      field: 'logName.split("/")[1]',
      kind: 'eq',
      otherField: 'protoPayload.resourceName.split("/")[1]',
      derive: { from: 'logName', steps: [{ fn: 'split', args: ['/'] }, { fn: 'index', args: [1] }] },
      otherDerive: { from: 'protoPayload.resourceName', steps: [{ fn: 'split', args: ['/'] }, { fn: 'index', args: [1] }] },
    });
    // `kms_project is not None` holds of any split part: no `eq null` leaf is left.
    expect(leaves(r.condition).some((l) => l.values.includes(null))).toBe(false);
    // The rule's own tests: Cross-Project KMS Encryption Detected / Same-Project KMS Encryption (No Alert).
    expect(r.alerts(event('victim-project', 'attacker-project'))).toBe(true);
    expect(r.alerts(event('legitimate-project', 'legitimate-project'))).toBe(false);
  });

  it('reads the truth of a split part as a computed emptiness test (gcp data model get_namespace)', () => {
    const r = extract('def rule(event):\n    parts = str(event.deep_get("protoPayload", "resourceName", default="")).split("/")\n    namespace = parts[3]\n    return bool(namespace)\n');
    expect(r.lines).toEqual(['str(protoPayload.resourceName or "").split("/")[3] is_not_null']);
    expect(r.alerts({ protoPayload: { resourceName: 'core/v1/namespaces/default/pods/p' } })).toBe(true);
    expect(r.alerts({ protoPayload: { resourceName: 'core/v1/namespaces' } })).toBe(false);
  });

  it('reads startswith of a value the rule computes as a computed otherField (teleport_company_domain_login_without_saml)', () => {
    const r = extract(`def rule(event):
    user_domain = event.get("user", "@").split("@")[-1]
    cluster = event.get("cluster_name", "")
    return bool(
        event.get("event") == "user.login"
        and event.get("success") is True
        and cluster.endswith(user_domain)
        and event.get("method") != "saml"
    )
`);
    expect(r.reasons).toEqual([]);
    expect(r.lines[2]).toBe('(cluster_name or "") endswith field (user or "@").split("@")[-1]');
    const login = { cluster_name: 'teleport.example.com', event: 'user.login', success: true, user: 'jane.doe@example.com' };
    expect(r.alerts({ ...login, method: 'local' })).toBe(true);
    expect(r.alerts({ ...login, method: 'saml' })).toBe(false);
    expect(r.alerts({ ...login, method: 'local', user: 'jane@other.com' })).toBe(false);
  });
});

describe('python computed values: slices', () => {
  // rules/openai_rules/openai_admin_role_assignment.py
  const openai = `ADMIN_KEYWORDS = {"owner", "admin"}

def rule(event):
    if event.get("type") != "role.assignment.created":
        return False
    assignment_id = event.deep_get("role_assignment_created", "id", default="")
    if not assignment_id:
        return False
    parts = assignment_id.split("_")
    if len(parts) > 2 and parts[0] == "role" and parts[1] == "assignment":
        role_part = parts[2]
        if role_part.startswith("role-"):
            role_name = role_part[5:].lower()
            return any(keyword in role_name for keyword in ADMIN_KEYWORDS)
    return False
`;

  it('reads x[5:] of a split part as a slice step', () => {
    const r = extract(openai);
    expect(r.reasons).toEqual([]);
    expect(r.lines.at(-1)).toBe('(role_assignment_created.id or "").split("_")[2][5:].lower() contains ["owner", "admin"]');
    const id = (role: string) => ({ type: 'role.assignment.created', role_assignment_created: { id: `role_assignment_role-${role}__proj_user-123` } });
    expect(r.alerts(id('api-organization-owner'))).toBe(true);
    expect(r.alerts(id('api-project-member'))).toBe(false);
  });
});

describe('python computed values: lengths and field comparisons', () => {
  it('reads len(x) compared with a number other than emptiness as a computed length (aws_cloudtrail_least_privilege)', () => {
    const r = extract(
      'CLOUDTRAIL_MANAGED_POLICY_ARN = "arn:aws:iam::aws:policy/AWSCloudTrailFullAccess"\nMAX_ADMIN_USERS = 2\n\ndef policy(resource):\n    return (\n        CLOUDTRAIL_MANAGED_POLICY_ARN in resource["ManagedPolicyARNs"]\n        and len(resource["Users"]) <= MAX_ADMIN_USERS\n    )\n',
      POLICY,
    );
    expect(r.reasons).toEqual([]);
    expect(r.lines).toEqual(['not (ManagedPolicyARNs contains "arn:aws:iam::aws:policy/AWSCloudTrailFullAccess" and len(Users) lte 2)']);
    const arns = ['arn:aws:iam::aws:policy/AWSCloudTrailFullAccess'];
    expect(r.alerts({ ManagedPolicyARNs: arns, Users: ['a', 'b', 'c'] })).toBe(true);
    expect(r.alerts({ ManagedPolicyARNs: arns, Users: ['a'] })).toBe(false);
  });

  // rules/zscaler_rules/zia/zia_trust_modification.py: both values default to "" when missing.
  const zia = `def rule(event):
    pre = event.deep_get("event", "preaction", "samlEnabled", default="")
    post = event.deep_get("event", "postaction", "samlEnabled", default="")
    return pre != "" and post != "" and pre != post
`;

  it('compares two fields with an otherField leaf, and says what their defaults make equal', () => {
    const r = extract(zia);
    expect(r.reasons).toEqual([]);
    const compared = leaves(r.condition).find((l) => l.otherField !== undefined)!;
    expect(compared).toMatchObject({ field: 'event.preaction.samlEnabled', kind: 'eq', otherField: 'event.postaction.samlEnabled', values: [] });
    // The rule's tests: Enable / Disable SAML Authentication (booleans: False is a value, not a missing one).
    expect(r.alerts({ event: { preaction: { samlEnabled: false }, postaction: { samlEnabled: true } } })).toBe(true);
    expect(r.alerts({ event: { preaction: { samlEnabled: true }, postaction: { samlEnabled: false } } })).toBe(true);
    expect(r.alerts({ event: { preaction: { samlEnabled: true }, postaction: { samlEnabled: true } } })).toBe(false);
    expect(r.alerts({ event: { preaction: { samlEnabled: true } } })).toBe(false);
  });

  it('reads x == {} as an empty dict, which a missing x with that default also is (aws_lambda_public_access)', () => {
    const r = extract('def rule(event):\n    return event.get("Condition", {}) == {} and event.get("Effect") == "Allow"\n');
    expect(r.lines[0]).toBe('(type(Condition) eq "object" and len(Condition) eq 0) or Condition is_null');
    expect(r.alerts({ Effect: 'Allow' })).toBe(true);
    expect(r.alerts({ Effect: 'Allow', Condition: {} })).toBe(true);
    expect(r.alerts({ Effect: 'Allow', Condition: { StringEquals: {} } })).toBe(false);
    expect(r.alerts({ Effect: 'Allow', Condition: '' })).toBe(false);
  });

  it('reads None == None of two missing fields as equal', () => {
    const r = extract('def rule(event):\n    return event.get("a") == event.get("b")\n');
    expect(r.lines).toEqual(['a eq field b or (a is_null and b is_null)']);
    expect(r.alerts({})).toBe(true);
    expect(r.alerts({ a: 'x' })).toBe(false);
    expect(r.alerts({ a: 'x', b: 'x' })).toBe(true);
  });

  it('keeps get_val_from_list a list built from the event items, not a path, and compares its items with the actor (okta_password_accessed)', () => {
    const r = extract(
      'from panther_base_helpers import get_val_from_list\n\ndef rule(event):\n    users = get_val_from_list(event.get("target", [{}]), "alternateId", "type", "User")\n    return event.deep_get("actor", "alternateId") not in users\n',
    );
    // The actor compared with an item's field: inside the scope, the item's side against the event's actor.
    expect(r.reasons).toEqual([]);
    expect(r.lines.join(' ')).not.toContain('target.alternateId.type.User');
    expect(r.lines.join(' ')).toContain('any target (type eq "User" and alternateId eq event field actor.alternateId)');
    // The rule's tests "User accessed their own password" and "User accessed another user's password", cut down.
    const target = (user: string) => [{ alternateId: user, type: 'User' }, { alternateId: 'Application2', type: 'AppInstance' }];
    expect(r.alerts({ actor: { alternateId: 'eric@email.com' }, target: target('eric@email.com') })).toBe(false);
    expect(r.alerts({ actor: { alternateId: 'eric@email.com' }, target: target('vanessa@email.com') })).toBe(true);
  });
});

describe('python computed keys', () => {
  it('spreads *path of a known tuple into deep_get keys (panther_databricks_helpers extract_group_identifier)', () => {
    const r = extract(`def group(event):
    group_fields = [("requestParams", "targetGroupName"), ("requestParams", "groupName")]
    for path in group_fields:
        value = event.deep_get(*path)
        if value:
            return value
    return None

def rule(event):
    g = group(event)
    return bool(g) and "admin" in g.lower()
`);
    expect(r.reasons).toEqual([]);
    expect(r.alerts({ requestParams: { groupName: 'Workspace-Admins' } })).toBe(true);
    expect(r.alerts({ requestParams: { targetGroupName: 'users', groupName: 'admins' } })).toBe(false);
  });
});
