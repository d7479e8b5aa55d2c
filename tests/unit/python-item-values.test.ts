/**
 * Items of event lists compared with the rest of the event, match groups, key/value lists, first-match loops and
 * addresses cut from a value: golden tests on excerpts of real Panther rules (panther-analysis), checked by hand
 * against their source files and evaluated on the rules' own test events (cut down to the fields they read).
 */
import { describe, expect, it } from 'vitest';
import { pantherRule } from './panther-rule.ts';
import { decide } from '../../src/lib/logic/evaluate.ts';
import { leaf, scope } from '../../src/lib/logic/tree.ts';


const extract = (src: string) => pantherRule(src, ['AWS.CloudTrail']);

describe('evaluator: a scope leaf whose other side is a field of the whole event', () => {
  it('reads otherField from the event, not from the element, at any depth', () => {
    const c = scope('any', 'participants', leaf('domain', 'ne', [], { otherField: 'actor_domain', otherOfEvent: true }))!;
    expect(decide(c, { actor_domain: 'a.com', participants: [{ domain: 'a.com' }, { domain: 'b.com' }] })).toBe(true);
    expect(decide(c, { actor_domain: 'a.com', participants: [{ domain: 'a.com' }] })).toBe(false);
    const nested = scope('any', 'groups', scope('any', 'members', leaf('.', 'eq', [], { otherField: 'user', otherOfEvent: true, caseSensitive: true }))!)!;
    expect(decide(nested, { user: 'x', groups: [{ members: ['y'] }, { members: ['z', 'x'] }] })).toBe(true);
    expect(decide(nested, { user: 'x', groups: [{ members: ['y'] }] })).toBe(false);
  });
});

describe('python: items compared with values of the event', () => {
  // rules/microsoft_rules/microsoft_exchange_external_forwarding.py with is_external_address of
  // global_helpers/panther_msft_helpers.py inlined (docstrings cut).
  const forwarding = `FORWARDING_PARAMETERS = {"ForwardingSmtpAddress", "ForwardTo", "ForwardingAddress", "RedirectTo", "ForwardAsAttachmentTo"}

def is_external_address(address, primary_domain, onmicrosoft_domain):
    if not address or (not primary_domain and not onmicrosoft_domain):
        return True
    address = address.lower()
    if address.startswith("smtp:"):
        address = address[5:]
    for addr in address.split(";"):
        try:
            domain = addr.strip().split("@")[1].lower()
            if (onmicrosoft_domain and domain == onmicrosoft_domain.lower()) or (
                primary_domain
                and (domain == primary_domain or domain.endswith("." + primary_domain))
            ):
                continue
            return True
        except (IndexError, AttributeError):
            return True
    return False

def rule(event):
    if event.get("operation") not in ("Set-Mailbox", "New-InboxRule"):
        return False
    onmicrosoft_domain = event.get("organizationname", "").lower()
    userid = event.get("userid", "").lower()
    try:
        primary_domain = userid.split("@")[1]
    except (IndexError, AttributeError):
        primary_domain = onmicrosoft_domain if onmicrosoft_domain else None
    if not primary_domain:
        return True
    for param in event.get("parameters", []):
        param_name = param.get("Name", "")
        param_value = param.get("Value", "")
        if param_name in FORWARDING_PARAMETERS and param_value:
            if is_external_address(param_value, primary_domain, onmicrosoft_domain):
                return True
    return False
`;
  const ev = (userid: string, to: string) => ({
    operation: 'Set-Mailbox',
    organizationname: 'simpsons.onmicrosoft.com',
    userid,
    parameters: [{ Name: 'Identity', Value: 'marge.simpson@simpsons.onmicrosoft.com' }, { Name: 'ForwardingSmtpAddress', Value: to }],
  });

  it('external forwarding: each forwarded address against the user domain and the tenant domain', () => {
    const r = extract(forwarding);
    expect(r.reasons).toEqual([]);
    expect(r.lines.join(' ')).toContain('.split("@")[1] eq event field (organizationname or "").lower()');
    expect(r.lines.join(' ')).toContain('endswith event field f".{(userid or "").lower().split("@")[1]}"');
    // Tests "External Forwarding", "Internal Organization Forwarding", "Subdomain Forwarding (Internal)",
    // "Non-Com TLD Organization", "Multiple Recipients with External".
    expect(r.alerts(ev('homer.simpson@simpsons.com', 'smtp:hacker@evil.com'))).toBe(true);
    expect(r.alerts(ev('homer.simpson@simpsons.com', 'smtp:marge.simpson@simpsons.com'))).toBe(false);
    expect(r.alerts(ev('homer.simpson@simpsons.com', 'smtp:bart@springfield.simpsons.com'))).toBe(false);
    expect(r.alerts(ev('john@justice.org', 'smtp:bruce@justice.org'))).toBe(false);
    expect(r.alerts(ev('homer.simpson@simpsons.com', 'smtp:marge@simpsons.com;bad@evil.com'))).toBe(true);
    expect(r.alerts(ev('homer.simpson@simpsons.com', 'lisa@SIMPSONS.onmicrosoft.com'))).toBe(false);
  });

  // rules/dropbox_rules/dropbox_external_share.py
  it('an item read whole compared with a value the rule computes from the event (dropbox_external_share)', () => {
    const r = extract(`def rule(event):
    actor_domain = event.deep_get("actor", "user", "email", default="@").split("@")[-1]
    if event.deep_get("event_type", "_tag", default="") == "shared_content_add_member":
        participants = event.get("participants", [{}])
        for participant in participants:
            email = participant.get("user", {}).get("email", "@")
            if email.split("@")[-1] != actor_domain:
                return True
    return False
`);
    expect(r.reasons).toEqual([]);
    expect(r.lines).toEqual([
      'event_type._tag eq "shared_content_add_member"',
      'any participants (not (user.email or "@").split("@")[-1] eq event field (actor.user.email or "@").split("@")[-1])',
    ]);
    const share = (to: string) => ({ event_type: { _tag: 'shared_content_add_member' }, actor: { user: { email: 'a@x.com' } }, participants: [{ user: { email: to } }] });
    expect(r.alerts(share('b@y.com'))).toBe(true);
    expect(r.alerts(share('b@x.com'))).toBe(false);
  });
});

describe('python: two event lists compared as sets', () => {
  // rules/push_security_rules/push_security_mfa_method_changed.py
  it('set(a) != set(b): some item of one is not in the other (push_security_mfa_method_changed)', () => {
    const r = extract(`def rule(event):
    if event.get("object") != "ACCOUNT":
        return False
    if event.get("old") is None:
        return False
    new_mfa_methods = set(event.deep_get("new", "mfaMethods"))
    old_mfa_methods = set(event.deep_get("old", "mfaMethods", default=[]))
    if new_mfa_methods != old_mfa_methods:
        return True
    return False
`);
    expect(r.reasons).toEqual([]);
    expect(r.lines.at(-1)).toBe('any new.mfaMethods (not . in event field old.mfaMethods) or any old.mfaMethods (not . in event field new.mfaMethods)');
    const change = (before: string[] | undefined, after: string[]) => ({ object: 'ACCOUNT', new: { mfaMethods: after }, old: before === undefined ? {} : { mfaMethods: before } });
    // Tests "All MFA methods removed", "MFA method added", "No MFA method change"; order and repeats do not count.
    expect(r.alerts(change(['PUSH'], []))).toBe(true);
    expect(r.alerts(change(['PUSH'], ['PUSH', 'TOTP']))).toBe(true);
    expect(r.alerts(change(['PUSH', 'TOTP'], ['TOTP', 'PUSH', 'PUSH']))).toBe(false);
    expect(r.alerts(change(undefined, ['PUSH']))).toBe(true);
    expect(r.alerts({ object: 'ACCOUNT', new: { mfaMethods: ['PUSH'] }, old: null })).toBe(false);
  });
});

describe('python: match groups, key/value lists, first-match loops, computed addresses', () => {
  // global_helpers/panther_zendesk_helpers.py zendesk_get_roles (the one-line branch) and is_admin_role of
  // data_models/zendesk_data_model.py.
  it('m.group("name") is the capture step of the anchored pattern, case as compiled (zendesk_get_roles)', () => {
    const r = extract(`import re
ZENDESK_ROLE_ASSIGNED = re.compile(r"Role changed from (?P<old_role>.+) to (?P<new_role>[^$]+)", re.IGNORECASE)

def rule(event):
    new_role = ""
    matches = ZENDESK_ROLE_ASSIGNED.match(event.get("change_description", ""))
    if matches:
        new_role = matches.group("new_role")
    if not new_role:
        new_role = "<UNKNOWN_APP>:<UNKNOWN_ROLE>"
    return "admin" in new_role.lower()
`);
    expect(r.reasons).toEqual([]);
    expect(r.lines.join(' ')).toContain('re.match("(?i)^(?:Role changed from (?P<old_role>.+) to (?P<new_role>[^$]+))", (change_description or "")).group("new_role").lower() contains "admin"');
    // Tests "Zendesk - Admin Role Assigned" and "Zendesk - Admin Role Downgraded".
    expect(r.alerts({ change_description: 'Role changed from End User to Administrator' })).toBe(true);
    expect(r.alerts({ change_description: 'role changed from Administrator to End User' })).toBe(false);
    expect(r.alerts({ change_description: 'Password changed' })).toBe(false);
  });

  // rules/crowdstrike_rules/event_stream_rules/crowdstrike_admin_role_assigned.py with audit_keys_dict of
  // global_helpers/panther_crowdstrike_event_streams_helpers.py.
  it('key_value_list_to_dict(...).get(k, default): the item whose key is k, in a scope (crowdstrike_admin_role_assigned)', () => {
    const r = extract(`from panther_base_helpers import key_value_list_to_dict
ADMIN_ROLES = {"billing_dashboard_admin", "falconhost_admin", "firewall_manager", "xdr_admin", "remote_responder_three"}

def rule(event):
    if not all([event.deep_get("event", "OperationName") == "grantUserRoles", event.deep_get("event", "Success")]):
        return False
    audit_keys = key_value_list_to_dict(event.deep_get("event", "AuditKeyValues", default=[]), "Key", "ValueString")
    roles_assigned = audit_keys.get("roles", "").split(",")
    return bool(ADMIN_ROLES & set(roles_assigned))
`);
    expect(r.reasons).toEqual([]);
    expect(r.lines.join(' ')).toContain('any event.AuditKeyValues (Key eq "roles" and ValueString.split(",") eq "falconhost_admin")');
    const granted = (roles: string) => ({ event: { OperationName: 'grantUserRoles', Success: true, AuditKeyValues: [{ Key: 'target_name', ValueString: 'merry' }, { Key: 'roles', ValueString: roles }] } });
    // Tests "Admin Role Assigned" and "Non-Admin Role Assigned".
    expect(r.alerts(granted('falconhost_read_only,falconhost_admin'))).toBe(true);
    expect(r.alerts(granted('falconhost_read_only,desktop_support'))).toBe(false);
    expect(r.alerts({ event: { OperationName: 'grantUserRoles', Success: true, AuditKeyValues: [{ Key: 'falconhost_admin', ValueString: 'roles' }] } })).toBe(false);
  });

  // rules/microsoft_rules/microsoft365_mfa_disabled.py
  it('a loop that breaks after the first matching item states what that implies; json.loads("[]") is falsy (microsoft365_mfa_disabled)', () => {
    const r = extract(`import json

def rule(event):
    if event.get("Operation", "") == "Update user.":
        modified_properties = event.get("ModifiedProperties", [])
        for prop in modified_properties:
            if prop.get("Name", "") == "StrongAuthenticationMethod":
                new_value = prop.get("NewValue")
                old_value = prop.get("OldValue")
                if isinstance(new_value, str):
                    new_value = json.loads(new_value)
                if isinstance(old_value, str):
                    old_value = json.loads(old_value)
                if old_value and not new_value:
                    return True
                break
    return False
`);
    expect(r.reasons).toEqual(['loop over modified_properties: the first matching item decides']);
    expect(r.lines.join(' ')).toContain('json.loads(OldValue) is_not_null');
    const update = (oldValue: string, newValue: string) => ({ Operation: 'Update user.', ModifiedProperties: [{ Name: 'StrongAuthenticationMethod', NewValue: newValue, OldValue: oldValue }] });
    // Tests "MFA Add Event" and "MFA Remove Event".
    expect(r.alerts(update('[]', '[{"Default": true,"MethodType": 7}]'))).toBe(false);
    expect(r.alerts(update('[{"Default": true,"MethodType": 7}]', '[]'))).toBe(true);
  });

  // rules/azure_activity_rules/azure_storage_sas_external_access.py (the address part of rule and its helpers)
  it('ip_address() of a computed value and .is_loopback are derive steps (azure_storage_sas_external_access)', () => {
    const r = extract(`import ipaddress

def rule(event):
    caller_ip = extract_caller_ip(event)
    if not caller_ip or is_private_ip(caller_ip):
        return False
    return True

def extract_caller_ip(event):
    caller_ip_address = event.get("callerIpAddress", "")
    if not caller_ip_address:
        return ""
    return caller_ip_address.split(":")[0] if ":" in caller_ip_address else caller_ip_address

def is_private_ip(ip_address):
    if not ip_address:
        return True
    try:
        ip_obj = ipaddress.ip_address(ip_address)
        return ip_obj.is_private or ip_obj.is_loopback
    except ValueError:
        return False
`);
    expect(r.reasons).toEqual([]);
    expect(r.lines.join(' ')).toContain('ip_address((callerIpAddress or "").split(":")[0]).is_loopback eq true');
    // Tests "SAS Token from External IP - Read Operation" and "SAS Token from Internal IP".
    expect(r.alerts({ callerIpAddress: '8.8.8.8:45123' })).toBe(true);
    expect(r.alerts({ callerIpAddress: '10.158.74.16:36683' })).toBe(false);
    expect(r.alerts({ callerIpAddress: '127.0.0.1:80' })).toBe(false);
    // Unparseable addresses are treated as external.
    expect(r.alerts({ callerIpAddress: 'storage-frontend:443' })).toBe(true);
  });
});
