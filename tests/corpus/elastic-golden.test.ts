/**
 * Golden test: real Elastic rules across rule types and languages, addressed by file path, whose Condition
 * lines were checked by hand against each rule's query text.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/lib/catalog.ts';
import { renderConjuncts } from '../../src/lib/logic/render.ts';
import type { Rule } from '../../src/lib/model.ts';

interface Golden {
  path: string;
  status: 'full' | 'partial' | 'none';
  reasons: string[];
  lines: string[];
  platform: string;
  outputFields?: string[];
}

const GOLDEN: Golden[] = [
  {
    // kuery query rule on CloudTrail
    path: 'rules/integrations/aws/defense_evasion_cloudtrail_logging_deleted.toml',
    status: 'full',
    reasons: [],
    platform: 'AWS CloudTrail',
    lines: [
      'data_stream.dataset eq "aws.cloudtrail"',
      'event.provider eq "cloudtrail.amazonaws.com"',
      'event.action eq "DeleteTrail"',
      'event.outcome eq "success"',
    ],
  },
  {
    // kuery threshold rule: value list with escaped backslashes, numeric event code
    path: 'rules/windows/credential_access_suspicious_lsass_access_via_snapshot.toml',
    status: 'partial',
    reasons: ['threshold: count >= 2 by process.entity_id, distinct winlog.event_data.TargetProcessId >= 2'],
    platform: 'Windows Process Creation',
    lines: [
      'event.category eq "process"',
      'host.os.type eq "windows"',
      'event.code eq 10',
      'winlog.event_data.TargetImage in ["C:\\\\Windows\\\\system32\\\\lsass.exe", "c:\\\\Windows\\\\system32\\\\lsass.exe", "c:\\\\Windows\\\\System32\\\\lsass.exe"]',
    ],
  },
  {
    // EQL process rule: in, ?optional fields, like~, a negated group of exclusions
    path: 'rules/linux/defense_evasion_acl_modification_via_setfacl.toml',
    status: 'full',
    reasons: [],
    platform: 'Linux Process Creation',
    lines: [
      'event.category eq "process"',
      'host.os.type eq "linux"',
      'event.type eq "start"',
      'event.action in ["exec", "exec_event", "start", "ProcessRollup2", "executed", "process_started"]',
      'process.name eq "setfacl"',
      'not (process.parent.executable in ["/opt/puppetlabs/puppet/bin/ruby", "/usr/libexec/dirsrv/ds_systemd_ask_password_acl", "/usr/lib/systemd/systemd-udevd", "/usr/bin/udevadm", "/usr/sbin/ds_systemd_ask_password_acl", "/usr/bin/su", "/bin/su"] or process.command_line eq "/bin/setfacl --restore=-" or process.args eq "/var/log/journal/" or process.parent.name in ["stats.pl", "perl", "find"] or process.parent.command_line wildcard "*ansible*" or process.parent.args eq "/opt/audit-log-acl.sh")',
    ],
  },
  {
    // EQL sequence: one line per step; regex~ over a raw string; a block comment inside the step
    path: 'rules/windows/defense_evasion_rundll32_no_arguments.toml',
    status: 'partial',
    reasons: ['sequence'],
    platform: 'Windows Process Creation',
    lines: [
      'event.category eq "process" and host.os.type eq "windows" and event.type eq "start" and (process.name eq "rundll32.exe" or process.pe.original_file_name eq "RUNDLL32.EXE") and process.args_count eq 1 and not process.command_line regex "\\\\\\".*\\\\.exe[^\\\\\\"].*"',
      'event.category eq "process" and host.os.type eq "windows" and event.type eq "start" and process.parent.name eq "rundll32.exe"',
    ],
  },
  {
    // EQL sequence with cidrmatch
    path: 'rules/windows/defense_evasion_msxsl_network.toml',
    status: 'partial',
    reasons: ['sequence'],
    platform: 'Windows Process Creation',
    lines: [
      'event.category eq "process" and host.os.type eq "windows" and process.name eq "msxsl.exe" and event.type eq "start"',
      'event.category eq "network" and host.os.type eq "windows" and process.name eq "msxsl.exe" and not destination.ip cidr ["10.0.0.0/8", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.0.0.0/29", "192.0.0.8/32", "192.0.0.9/32", "192.0.0.10/32", "192.0.0.170/32", "192.0.0.171/32", "192.0.2.0/24", "192.31.196.0/24", "192.52.193.0/24", "192.168.0.0/16", "192.88.99.0/24", "224.0.0.0/4", "100.64.0.0/10", "192.175.48.0/24", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "240.0.0.0/4", "::1", "FE80::/10", "FF00::/8"]',
    ],
  },
  {
    // ES|QL on CloudTrail: where before grok and stats; a later where over an aggregate
    path: 'rules/integrations/aws/execution_ec2_stop_start_with_user_data_modification.toml',
    status: 'partial',
    reasons: ['filter on aggregate: Esql.event_action_unique_count'],
    platform: 'AWS CloudTrail',
    lines: [
      'event.provider eq "ec2.amazonaws.com"',
      'event.outcome eq "success"',
      'aws.cloudtrail.user_identity.type ne "AWSService"',
      'not (user_agent.original wildcard "*Terraform*" or user_agent.original wildcard "*Ansible*" or user_agent.original wildcard "*Pulumi*")',
      'not source.address in ["cloudformation.amazonaws.com", "servicecatalog.amazonaws.com"]',
      'event.action in ["StopInstances", "StartInstances"] or (event.action eq "ModifyInstanceAttribute" and aws.cloudtrail.request_parameters wildcard "*userData=*")',
    ],
  },
  {
    // ES|QL on Windows security logs: to_string() seen through, two stats, keep with Esql.*
    path: 'rules/windows/privilege_escalation_takeover_new_source_ip.toml',
    status: 'partial',
    reasons: ['filter on aggregate: Esql.max_logon, Esql.min_logon, Esql.count_distinct_source_ip, Esql.unique_host_count'],
    platform: 'Windows Security Event Log',
    lines: [
      'event.category eq "authentication"',
      'event.action eq "logged-in"',
      'winlog.event_id eq "4624"',
      'event.outcome eq "success"',
      'winlog.logon.type in ["Network", "RemoteInteractive"]',
      'source.ip is_not_null',
      'source.ip ne "127.0.0.1"',
      'not source.ip wildcard "*::*"',
      'not user.name wildcard "*$"',
    ],
    outputFields: [
      'user.name',
      'user.id',
      'host.name',
      'source.ip',
      'Esql.max_logon',
      'Esql.min_logon',
      'Esql.unique_host_count',
      'Esql.host_name_values',
      'Esql.source_ip_values',
      'Esql.count_distinct_source_ip',
    ],
  },
  {
    // kuery threshold with cardinality; exists; range; CIDR blocks on an ip field
    path: 'rules/network/discovery_potential_syn_port_scan_detected.toml',
    status: 'partial',
    reasons: ['threshold: count >= 1 by destination.ip, source.ip, distinct destination.port >= 250'],
    platform: 'Network Traffic',
    lines: [
      'event.action in ["network_flow", "flow_started"]',
      'destination.port is_not_null',
      'network.packets lte 2',
      'source.ip cidr ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]',
    ],
    outputFields: ['destination.ip', 'source.ip'],
  },
  {
    // kuery new_terms: escaped colons in an unquoted wildcard value
    path: 'rules/integrations/aws/privilege_escalation_iam_customer_managed_policy_attached_to_role.toml',
    status: 'partial',
    reasons: ['new terms: cloud.account.id, user.name, entity.target.id'],
    platform: 'AWS CloudTrail',
    lines: [
      'data_stream.dataset eq "aws.cloudtrail"',
      'event.provider eq "iam.amazonaws.com"',
      'event.action eq "AttachRolePolicy"',
      'event.outcome eq "success"',
      'not related.entity wildcard "arn:aws:iam::aws:policy*"',
    ],
  },
  {
    // kuery new_terms with a nested query
    path: 'rules/integrations/gcp/persistence_gcp_service_account_impersonation_role_grant.toml',
    status: 'partial',
    reasons: ['new terms: user.id'],
    platform: 'GCP Audit Logs',
    lines: [
      'data_stream.dataset eq "gcp.audit"',
      'event.action wildcard "google.iam.admin.v*.SetIAMPolicy"',
      'event.outcome eq "success"',
      'gcp.audit.service_data.policy_delta.binding_deltas.action eq "ADD"',
      'gcp.audit.service_data.policy_delta.binding_deltas.role in ["roles/iam.serviceAccountTokenCreator", "roles/iam.serviceAccountUser", "roles/iam.serviceAccountOpenIdTokenCreator"]',
    ],
  },
  {
    // threat_match: exists over field patterns
    path: 'rules/threat_intel/threat_intel_indicator_match_hash.toml',
    status: 'partial',
    reasons: ['indicator match: filebeat-*, logs-ti_*'],
    platform: 'Threat Intelligence',
    lines: ['file.hash.* is_not_null or process.hash.* is_not_null or dll.hash.* is_not_null'],
  },
  {
    // the one lucene rule
    path: 'rules/_deprecated/privilege_escalation_setgid_bit_set_via_chmod.toml',
    status: 'full',
    reasons: [],
    platform: 'Linux Process Creation',
    lines: [
      'event.category eq "process"',
      'event.type in ["start", "process_started"]',
      'process.name eq "chmod"',
      'process.args eq "g+s" or process.args regex "2[0-9]{3}"',
      'not user.name eq "root"',
    ],
  },
  {
    // machine learning: no filter, the job named
    path: 'rules/ml/command_and_control_ml_dns_tunneling.toml',
    status: 'none',
    reasons: ['machine learning job: dns_tunneling_ea'],
    platform: 'Network Traffic',
    lines: [],
  },
];

describe.skipIf(!process.env.RULECAT_CORPUS)('elastic golden rules', () => {
  const byPath = new Map<string, Rule>();
  beforeAll(() => {
    for (const r of buildCatalog({ only: ['elastic-detection-rules'] }).rules) byPath.set(r.files[0].path, r);
  });

  for (const g of GOLDEN) {
    it(g.path, () => {
      const rule = byPath.get(g.path);
      expect(rule, 'rule present in the corpus').toBeDefined();
      expect(rule!.logPlatform).toBe(g.platform);
      expect(rule!.logic?.status).toBe(g.status);
      expect(rule!.logic?.reasons).toEqual(g.reasons);
      expect(renderConjuncts(rule!.logic?.conjuncts ?? [])).toEqual(g.lines);
      if (g.outputFields) expect(rule!.logic?.outputFields).toEqual(g.outputFields);
    });
  }
});
