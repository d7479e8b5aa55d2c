/**
 * Golden test: real Elastic rules across rule types and languages, addressed by file path, whose Condition
 * lines, stages and correlation were checked by hand against each rule's query text and rule-type tables.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { sourceCatalog } from './shared.ts';
import { correlationSentence } from '../../src/lib/logic/correlation-text.ts';
import { renderConjuncts } from '../../src/lib/logic/render.ts';
import { logicStages } from '../../src/lib/logic/tree.ts';
import type { Correlation, Stage } from '../../src/lib/logic/types.ts';
import type { Rule } from '../../src/lib/model.ts';

interface Golden {
  path: string;
  status: 'full' | 'partial' | 'none';
  reasons: string[];
  /** The single stage's lines; for multi-stage rules, `stages`. */
  lines?: string[];
  stages?: (Omit<Stage, 'conjuncts'> & { lines: string[] })[];
  correlation?: Correlation;
  /** The sentence the rule page shows for the correlation. */
  sentence?: string;
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
    // kuery threshold rule with cardinality: value list with escaped backslashes, numeric event code
    path: 'rules/windows/credential_access_suspicious_lsass_access_via_snapshot.toml',
    status: 'full',
    reasons: [],
    correlation: {
      kind: 'distinct_count',
      by: ['process.entity_id'],
      condition: 'count >= 2 and distinct_count(winlog.event_data.TargetProcessId) >= 2',
      detail: 'look-back from now-9m',
    },
    sentence: 'Per process.entity_id: count >= 2 and distinct_count(winlog.event_data.TargetProcessId) >= 2',
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
    // EQL sequence without shared keys: each step joins on its own key (entity_id, then parent.entity_id); regex~
    // over a raw string; a block comment inside the step
    path: 'rules/windows/defense_evasion_rundll32_no_arguments.toml',
    status: 'full',
    reasons: [],
    platform: 'Windows Process Creation',
    stages: [
      {
        source: 'process',
        by: ['process.entity_id'],
        lines: [
          'event.category eq "process"',
          'host.os.type eq "windows"',
          'event.type eq "start"',
          'process.name eq "rundll32.exe" or process.pe.original_file_name eq "RUNDLL32.EXE"',
          'process.args_count eq 1',
          'not process.command_line regex "\\\\\\".*\\\\.exe[^\\\\\\"].*"',
        ],
      },
      {
        source: 'process',
        by: ['process.parent.entity_id'],
        lines: ['event.category eq "process"', 'host.os.type eq "windows"', 'event.type eq "start"', 'process.parent.name eq "rundll32.exe"'],
      },
    ],
    correlation: { kind: 'sequence', by: [], window: '1h', ordered: true },
    sentence: 'Sequence within 1h: stage 1, then stage 2',
  },
  {
    // EQL sequence by a shared key without maxspan, with cidrmatch
    path: 'rules/windows/defense_evasion_msxsl_network.toml',
    status: 'full',
    reasons: [],
    platform: 'Windows Process Creation',
    stages: [
      { source: 'process', lines: ['event.category eq "process"', 'host.os.type eq "windows"', 'process.name eq "msxsl.exe"', 'event.type eq "start"'] },
      {
        source: 'network',
        lines: [
          'event.category eq "network"',
          'host.os.type eq "windows"',
          'process.name eq "msxsl.exe"',
          'not destination.ip cidr ["10.0.0.0/8", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.0.0.0/29", "192.0.0.8/32", "192.0.0.9/32", "192.0.0.10/32", "192.0.0.170/32", "192.0.0.171/32", "192.0.2.0/24", "192.31.196.0/24", "192.52.193.0/24", "192.168.0.0/16", "192.88.99.0/24", "224.0.0.0/4", "100.64.0.0/10", "192.175.48.0/24", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "240.0.0.0/4", "::1", "FE80::/10", "FF00::/8"]',
        ],
      },
    ],
    correlation: { kind: 'sequence', by: ['process.entity_id'], ordered: true },
    sentence: 'Sequence by process.entity_id: stage 1, then stage 2',
  },
  {
    // EQL sequence by two keys within 30s (the example)
    path: 'rules/linux/privilege_escalation_gdb_sys_ptrace_netcon.toml',
    status: 'full',
    reasons: [],
    platform: 'Linux Process Creation',
    stages: [
      {
        source: 'process',
        lines: [
          'event.category eq "process"',
          'host.os.type eq "linux"',
          'event.type eq "start"',
          'event.action eq "exec"',
          'process.name eq "gdb"',
          'process.thread.capabilities.effective eq "CAP_SYS_PTRACE" or process.thread.capabilities.permitted eq "CAP_SYS_PTRACE"',
          'user.id ne "0"',
        ],
      },
      {
        source: 'network',
        lines: [
          'event.category eq "network"',
          'host.os.type eq "linux"',
          'event.action eq "connection_attempted"',
          'event.type eq "start"',
          'process.name is_not_null',
          'user.id eq "0"',
        ],
      },
    ],
    correlation: { kind: 'sequence', by: ['host.id', 'process.entry_leader.entity_id'], window: '30s', ordered: true },
    sentence: 'Sequence by host.id, process.entry_leader.entity_id within 30s: stage 1, then stage 2',
  },
  {
    // EQL sequence with runs=5 and until
    path: 'rules/integrations/okta/credential_access_okta_mfa_bombing_via_push_notifications.toml',
    status: 'full',
    reasons: [],
    platform: 'Okta System Log',
    stages: [
      {
        source: 'any',
        runs: 5,
        lines: [
          'data_stream.dataset eq "okta.system"',
          'okta.event_type eq "user.mfa.okta_verify.deny_push" or (okta.event_type eq "user.authentication.auth_via_mfa" and okta.debug_context.debug_data.factor eq "OKTA_VERIFY_PUSH" and okta.outcome.reason eq "INVALID_CREDENTIALS")',
        ],
      },
      {
        source: 'any',
        role: 'until',
        lines: [
          'data_stream.dataset eq "okta.system"',
          'okta.event_type in ["user.authentication.sso", "user.authentication.auth_via_mfa", "user.authentication.verify", "user.session.start"]',
          'okta.outcome.result eq "SUCCESS"',
        ],
      },
    ],
    correlation: { kind: 'sequence', by: ['okta.actor.id'], window: '10m', ordered: true },
    sentence: 'Sequence by okta.actor.id within 10m: stage 1; until stage 2',
  },
  {
    // EQL sequence with a missing event (![...])
    path: 'rules/integrations/okta/persistence_mfa_deactivation_with_no_reactivation.toml',
    status: 'full',
    reasons: [],
    platform: 'Okta System Log',
    stages: [
      {
        source: 'any',
        lines: [
          'data_stream.dataset eq "okta.system"',
          'okta.event_type in ["user.mfa.factor.deactivate", "user.mfa.factor.reset_all"]',
          'okta.outcome.reason ne "User reset SECURITY_QUESTION factor"',
          'okta.outcome.result eq "SUCCESS"',
        ],
      },
      { source: 'any', role: 'missing', lines: ['data_stream.dataset eq "okta.system"', 'okta.event_type eq "user.mfa.factor.activate"'] },
    ],
    correlation: { kind: 'sequence', by: ['okta.target.id'], window: '12h', ordered: true },
    sentence: 'Sequence by okta.target.id within 12h: stage 1, then no stage 2',
  },
  {
    // EQL sample by three keys over five file stages
    path: 'rules/linux/execution_shell_via_meterpreter_linux.toml',
    status: 'full',
    reasons: [],
    platform: 'Linux Endpoint',
    stages: ['/etc/machine-id', '/etc/passwd', '/proc/net/route', '/proc/net/ipv6_route', '/proc/net/if_inet6'].map((path) => ({
      source: 'file',
      lines: ['event.category eq "file"', 'host.os.type eq "linux"', 'auditd.data.syscall eq "open"', 'auditd.data.a2 eq "1b6"', `file.path eq "${path}"`],
    })),
    correlation: { kind: 'sample', by: ['host.id', 'process.pid', 'user.id'], ordered: false },
    sentence: 'Sample by host.id, process.pid, user.id: stage 1, stage 2, stage 3, stage 4 and stage 5, in any order',
  },
  {
    // ES|QL on CloudTrail: where before grok and stats; a later where over a distinct count; a 5-minute bucket key
    path: 'rules/integrations/aws/execution_ec2_stop_start_with_user_data_modification.toml',
    status: 'full',
    reasons: [],
    correlation: {
      kind: 'distinct_count',
      by: [
        'Esql.instance_id',
        'user.name',
        'cloud.account.id',
        'Esql.time_bucket',
        'user_agent.original',
        'source.ip',
        'source.as.organization.name',
        'source.geo.country_name',
      ],
      window: '5 minute',
      condition: 'Esql.event_action_unique_count == 3',
      detail:
        'STATS Esql.event_action_unique_count = COUNT_DISTINCT(event.action), Esql.event_action_values = VALUES(event.action) by Esql.instance_id, user.name, cloud.account.id, Esql.time_bucket = DATE_TRUNC(5 minute, @timestamp) , user_agent.original, source.ip, source.as.organization.name, source.geo.country_name',
    },
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
    // ES|QL on Windows security logs: to_string() seen through, two stats (the last one groups), keep with Esql.*
    path: 'rules/windows/privilege_escalation_takeover_new_source_ip.toml',
    status: 'full',
    reasons: [],
    correlation: {
      kind: 'aggregation',
      by: ['user.name', 'user.id'],
      condition:
        'Esql.max_logon >= 1000 and Esql.min_logon >= 1 and Esql.min_logon <= 5 and Esql.count_distinct_source_ip == 2 and Esql.unique_host_count >= 2',
      detail:
        'stats logon_count = COUNT(*), host_names = VALUES(host.name) by user.name, user.id, source.ip | stats Esql.max_logon = MAX(logon_count), Esql.min_logon = MIN(logon_count), Esql.unique_host_count = COUNT_DISTINCT(host_names), Esql.host_name_values = VALUES(host_names), Esql.source_ip_values = VALUES(source.ip), Esql.count_distinct_source_ip = COUNT_DISTINCT(source.ip) by user.name, user.id',
    },
    sentence:
      'Per user.name, user.id: Esql.max_logon >= 1000 and Esql.min_logon >= 1 and Esql.min_logon <= 5 and Esql.count_distinct_source_ip == 2 and Esql.unique_host_count >= 2',
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
    status: 'full',
    reasons: [],
    correlation: {
      kind: 'distinct_count',
      by: ['destination.ip', 'source.ip'],
      condition: 'count >= 1 and distinct_count(destination.port) >= 250',
      detail: 'look-back from now-9m',
    },
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
    // kuery new_terms over three fields: escaped colons in an unquoted wildcard value
    path: 'rules/integrations/aws/privilege_escalation_iam_customer_managed_policy_attached_to_role.toml',
    status: 'full',
    reasons: [],
    correlation: {
      kind: 'new_terms',
      by: ['cloud.account.id', 'user.name', 'entity.target.id'],
      condition: 'first combination of cloud.account.id, user.name, entity.target.id since now-7d',
      detail: 'now-7d',
    },
    sentence: 'New terms: first combination of cloud.account.id, user.name, entity.target.id since now-7d',
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
    status: 'full',
    reasons: [],
    correlation: { kind: 'new_terms', by: ['user.id'], condition: 'first value of user.id since now-10d', detail: 'now-10d' },
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
    // threat_match: the events (exists over field patterns) and the indicator index (threat_query and threat_filters)
    path: 'rules/threat_intel/threat_intel_indicator_match_hash.toml',
    status: 'full',
    reasons: [],
    platform: 'Threat Intelligence',
    stages: [
      { name: 'events', lines: ['file.hash.* is_not_null or process.hash.* is_not_null or dll.hash.* is_not_null'] },
      {
        name: 'indicators',
        source: 'filebeat-*, logs-ti_*',
        lines: [
          '@timestamp gte "now-30d/d"',
          'event.module eq "threatintel" or event.module wildcard "ti_*"',
          'threat.indicator.file.hash.* is_not_null or threat.indicator.file.pe.imphash is_not_null',
          'not labels.is_ioc_transform_source eq "true"',
          'event.category eq "threat"',
          'event.kind eq "enrichment"',
          'event.type eq "indicator"',
        ],
      },
    ],
    correlation: {
      kind: 'indicator_match',
      by: ['file.hash.md5', 'file.hash.sha1', 'file.hash.sha256', 'dll.hash.md5', 'dll.hash.sha1', 'dll.hash.sha256', 'process.hash.md5', 'process.hash.sha1', 'process.hash.sha256'],
      condition: [
        'file.hash.md5 == threat.indicator.file.hash.md5',
        'file.hash.sha1 == threat.indicator.file.hash.sha1',
        'file.hash.sha256 == threat.indicator.file.hash.sha256',
        'dll.hash.md5 == threat.indicator.file.hash.md5',
        'dll.hash.sha1 == threat.indicator.file.hash.sha1',
        'dll.hash.sha256 == threat.indicator.file.hash.sha256',
        'process.hash.md5 == threat.indicator.file.hash.md5',
        'process.hash.sha1 == threat.indicator.file.hash.sha1',
        'process.hash.sha256 == threat.indicator.file.hash.sha256',
      ].join(' or '),
      detail: 'filebeat-*, logs-ti_*',
    },
  },
  {
    // ES|QL where on eval-computed columns (length, replace): computed leaves, each eval written out as the rule writes it
    path: 'rules/windows/defense_evasion_posh_obfuscation_string_concat.toml',
    status: 'full',
    reasons: [],
    platform: 'Windows PowerShell',
    lines: [
      'event.code eq "4104"',
      'length(powershell.file.script_block_text) gt 500',
      'length(replace(powershell.file.script_block_text, """[\'"][A-Za-z0-9.]+[\'"](\\s?\\+\\s?[\'"][A-Za-z0-9.,\\-\\s]+[\'"]){2,}""", "🔥")) - length(replace(replace(powershell.file.script_block_text, """[\'"][A-Za-z0-9.]+[\'"](\\s?\\+\\s?[\'"][A-Za-z0-9.,\\-\\s]+[\'"]){2,}""", "🔥"), "🔥", "")) gte 2',
    ],
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
    for (const r of sourceCatalog('elastic-detection-rules').rules) byPath.set(r.files[0].path, r);
  });

  for (const g of GOLDEN) {
    it(g.path, () => {
      const rule = byPath.get(g.path);
      expect(rule, 'rule present in the corpus').toBeDefined();
      expect(rule!.logPlatform).toBe(g.platform);
      expect(rule!.logic?.status).toBe(g.status);
      expect(rule!.logic?.reasons).toEqual(g.reasons);
      const logic = rule!.logic!;
      if (g.stages) {
        expect(logic.conjuncts).toEqual([]);
        expect(logicStages(logic).map(({ conjuncts, ...rest }) => ({ ...rest, lines: renderConjuncts(conjuncts) }))).toEqual(g.stages);
      } else {
        expect(logic.stages).toBeUndefined();
        expect(renderConjuncts(logic.conjuncts)).toEqual(g.lines);
      }
      expect(logic.correlation).toEqual(g.correlation);
      if (g.sentence) expect(correlationSentence(logic.correlation!, logicStages(logic))).toBe(g.sentence);
      if (g.outputFields) expect(logic.outputFields).toEqual(g.outputFields);
    });
  }
});
