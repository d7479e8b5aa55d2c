/**
 * Arithmetic and written dates in Panther rules (languages/python/arithmetic.ts, libraries.ts), on excerpts of real
 * rules of panther-analysis, decided by the evaluator on events like the rules' own tests.
 */
import { describe, expect, it } from 'vitest';
import { pantherRule } from './panther-rule.ts';
import { derive, NO_VALUE } from '../../src/lib/logic/derive.ts';


const extract = (src: string) => pantherRule(src, ['Databricks.Audit']);

describe('derive: clock, arithmetic, filters and Python text', () => {
  it('runs the steps', () => {
    expect(derive(10, [{ fn: 'add', args: [-3] }, { fn: 'multiply', args: [2] }, { fn: 'divide', args: [7] }])).toBe(2);
    expect(derive(1, [{ fn: 'divide', args: [0] }])).toBe(NO_VALUE);
    expect(derive('12', [{ fn: 'add', args: [1] }])).toBe(NO_VALUE);
    expect(derive({}, [{ fn: 'now' }]) as number).toBeGreaterThan(946684800);
    const items = [{ id: 'a', type: 'User' }, { id: 'b', type: 'App' }, { type: 'User' }, 'x'];
    expect(derive(items, [{ fn: 'where', args: ['type', 'User'] }, { fn: 'pluck', args: ['id'] }])).toEqual(['a', null]);
    expect(derive([{ type: 'public' }, "it's", null, true, 1.5], [{ fn: 'python_str' }])).toBe(`[{'type': 'public'}, "it's", None, True, 1.5]`);
    expect(derive('plain', [{ fn: 'python_str' }])).toBe('plain');
  });
});

describe('python arithmetic on event values', () => {
  // rules/databricks_rules/databricks_long_lifetime_token_generated.py
  const databricks = `def _token_duration_hours(event):
    try:
        token_expiration = int(event.deep_get("requestParams", "tokenExpirationTime", default=0))
        event_time_ms = event.get("timestamp", 0)
        if not token_expiration or not event_time_ms:
            return None
        return (token_expiration - event_time_ms) / (1000 * 3600)
    except (ValueError, TypeError):
        return None


def rule(event):
    if event.get("actionName") != "generateDbToken":
        return False

    duration = _token_duration_hours(event)
    return duration is not None and duration > 72
`;

  it('states (a - b) / k > n as a - n * k > b, decided on both values (databricks_long_lifetime_token_generated)', () => {
    const r = extract(databricks);
    expect(r.reasons).toEqual([]);
    expect(r.lines.at(-1)).toBe('(requestParams.tokenExpirationTime or 0) - 259200000 gt field (timestamp or 0)');
    const event = (hours: number) => ({ actionName: 'generateDbToken', timestamp: 1700000000000, requestParams: { tokenExpirationTime: String(1700000000000 + hours * 3600000) } });
    expect(r.alerts(event(7 * 24))).toBe(true);
    expect(r.alerts(event(24))).toBe(false);
    expect(r.alerts(event(72))).toBe(false);
    expect(r.alerts({ ...event(100), timestamp: 0 })).toBe(false);
  });

  it('gives a value and a constant a step, and leaves a difference that is not compared with a number unread', () => {
    const r = extract('def rule(event):\n    return event.get("bytes", 0) / 1024 > 10\n');
    expect(r.lines).toEqual(['(bytes or 0) / 1024 gt 10']);
    expect(r.alerts({ bytes: 20480 })).toBe(true);
    expect(r.alerts({ bytes: 2048 })).toBe(false);
    // set(a) - set(b) is a set difference, not a number: its truth stays a reason.
    expect(extract('def rule(event):\n    return bool(set(event.get("a", [])) - set(event.get("b", [])))\n').reasons).not.toEqual([]);
  });
});

describe('python dates the rule writes', () => {
  // rules/gsuite_reports_rules/gsuite_drive_external_share.py (an exception valid until a date; dates far from any build day)
  const gsuite = `import datetime

EXCEPTIONS = {"allowed_until": datetime.datetime(year=9999, month=12, day=31)}
EXPIRED = {"allowed_until": datetime.datetime(2001, 1, 1)}


def rule(event):
    now = datetime.datetime.now()
    if event.get("who") == "alice" and now < EXCEPTIONS.get("allowed_until"):
        return False
    if event.get("who") == "bob" and now < EXPIRED.get("allowed_until"):
        return False
    return True
`;

  it('compares the clock with the written date, decided when evaluated (gsuite_drive_external_share)', () => {
    const r = extract(gsuite);
    expect(r.reasons).toEqual([]);
    expect(r.lines).toEqual(['not (who eq "alice" and now lt 253402214400)', 'not (who eq "bob" and now lt 978307200)']);
    expect(r.alerts({ who: 'alice' })).toBe(false);
    // An exception whose date has passed excludes nothing.
    expect(r.alerts({ who: 'bob' })).toBe(true);
  });
});

describe('python event times compared with each other', () => {
  // rules/gravitational_teleport_rules/teleport_long_lived_certs.py (exception table left empty, as upstream ships it)
  const teleport = `from datetime import datetime, timedelta

from panther_base_helpers import golang_nanotime_to_python_datetime, panther_nanotime_to_python_datetime

MAXIMUM_NORMAL_VALIDITY_INTERVAL = timedelta(hours=12)
ISSUANCE_GRACE_PERIOD = timedelta(seconds=5)
CLUSTER_ROLE_MAX_VALIDITIES = {}


def rule(event):
    if not event.get("event") == "cert.create":
        return False
    max_validity = MAXIMUM_NORMAL_VALIDITY_INTERVAL + ISSUANCE_GRACE_PERIOD
    for role in event.deep_get("identity", "roles", default=[]):
        validity, expiration = CLUSTER_ROLE_MAX_VALIDITIES.get(event.get("cluster_name"), {}).get(role, (None, None))
        if validity and expiration:
            if datetime.utcnow() < expiration:
                max_validity = max(max_validity, validity)
    return validity_interval(event) > max_validity


def validity_interval(event):
    event_time = panther_nanotime_to_python_datetime(event.get("time"))
    expires = golang_nanotime_to_python_datetime(event.deep_get("identity", "expires", default=None))
    if not event_time and expires:
        return False
    interval = expires - event_time
    return interval
`;

  it('states b - a > span as b - span > a on the two times; a loop that changes nothing leaves the span (teleport_long_lived_certs)', () => {
    const r = extract(teleport);
    expect(r.reasons).toEqual([]);
    expect(r.lines.at(-1)).toBe('time of identity.expires - 43205 seconds gt field time of time');
    const cert = (expires: string) => ({ event: 'cert.create', time: '2023-09-17 21:00:00.000000', identity: { roles: ['admin'], expires } });
    expect(r.alerts(cert('2023-09-17T22:00:00.444444428Z'))).toBe(false);
    expect(r.alerts(cert('2023-09-18T09:00:06.1Z'))).toBe(true);
    expect(r.alerts(cert('2023-09-18T09:00:04Z'))).toBe(false);
  });
});

describe('python dicts filled by a loop over an event list', () => {
  // rules/gcp_audit_rules/gcp_computeinstances_create_privilege_escalation.py
  const gcp = `REQUIRED = ["compute.disks.create", "compute.instances.create"]


def rule(event):
    granted_permissions = {}
    for auth in event.deep_walk("protoPayload", "authorizationInfo") or []:
        granted_permissions[auth.get("permission")] = auth.get("granted")
    for permission in REQUIRED:
        if not granted_permissions.get(permission):
            return False
    return True
`;

  it('reads d.get(k) as the value of the last item whose key is k (gcp_computeinstances_create_privilege_escalation)', () => {
    const r = extract(gcp);
    expect(r.reasons).toEqual([]);
    expect(r.lines).toContain('{x.get("permission"): x.get("granted") for x in protoPayload.authorizationInfo}.get("compute.disks.create") is_not_null');
    const auth = (...items: [string, boolean][]) => ({ protoPayload: { authorizationInfo: items.map(([permission, granted]) => ({ permission, granted })) } });
    expect(r.alerts(auth(['compute.disks.create', true], ['compute.instances.create', true]))).toBe(true);
    expect(r.alerts(auth(['compute.disks.create', true], ['compute.instances.create', false]))).toBe(false);
    // A later item replaces an earlier one with the same permission.
    expect(r.alerts(auth(['compute.disks.create', true], ['compute.instances.create', true], ['compute.disks.create', false]))).toBe(false);
    expect(r.alerts(auth(['compute.disks.create', false], ['compute.instances.create', true], ['compute.disks.create', true]))).toBe(true);
    expect(r.alerts({})).toBe(false);
  });

  it('keeps a dict a loop writes into under a test it cannot read a reason', () => {
    const r = extract('def rule(event):\n    d = {}\n    for a in event.get("xs", []):\n        if a.get("k").startswith("p"):\n            d[a.get("k")] = a.get("v")\n    return bool(d.get("p1"))\n');
    expect(r.reasons).not.toEqual([]);
  });
});

describe('python arithmetic on the fields of a list item', () => {
  it('compares two fields of one item inside its scope (aws_security_group_tightly_restricts_outbound_traffic)', () => {
    const r = extract('def rule(event):\n    for p in event.get("perms") or []:\n        if p["ToPort"] - p["FromPort"] > 10:\n            return True\n    return False\n');
    expect(r.reasons).toEqual([]);
    expect(r.lines).toEqual(['any perms (ToPort - 10 gt field FromPort)']);
    expect(r.alerts({ perms: [{ FromPort: 22, ToPort: 22 }, { FromPort: 80, ToPort: 443 }] })).toBe(true);
    expect(r.alerts({ perms: [{ FromPort: 22, ToPort: 22 }, { FromPort: 80, ToPort: 85 }] })).toBe(false);
  });
});
