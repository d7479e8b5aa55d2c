/**
 * Golden test: real security_content detections across search shapes, addressed by file path. The
 * expected Condition lines were checked by hand against each search (macros expanded from macros/); output fields
 * are the final stats / table columns, by fields then aggregates.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/lib/catalog.ts';
import { sourceCatalog } from './shared.ts';
import { renderConjuncts } from '../../src/lib/logic/render.ts';
import type { Correlation } from '../../src/lib/logic/types.ts';

interface Golden {
  path: string;
  shape: string;
  status: 'full' | 'partial';
  reasons?: string[];
  lines: string[];
  outputs?: string[];
  /** The correlation, when the search acts across events (aggregation, lookup, join). */
  correlation?: Correlation;
  /** Each stage's name, data model and condition lines, for joins (then `lines` is empty). */
  stages?: { name?: string; source?: string; lines: string[] }[];
}

const SYSMON = 'sourcetype eq "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational" or source eq "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational" or source eq "Syslog:Linux-Sysmon/Operational"';

const GOLDEN: Golden[] = [
  {
    path: 'detections/cloud/aws_defense_evasion_stop_logging_cloudtrail.yml',
    shape: 'plain search with the cloudtrail macro, != and spaces around =',
    status: 'full',
    lines: [
      'sourcetype eq "aws:cloudtrail"',
      'eventName eq "StopLogging"',
      'eventSource eq "cloudtrail.amazonaws.com"',
      'userAgent ne "console.amazonaws.com"',
      'errorCode eq "success"',
    ],
    outputs: ['src', 'region', 'eventName', 'userAgent', 'user_arn', 'aws_account_id', 'count', 'firstTime', 'lastTime', 'stopped_cloudtrail_name'],
  },
  {
    path: 'detections/cloud/asl_aws_defense_evasion_delete_cloudtrail.yml',
    shape: 'Amazon Security Lake (OCSF api.operation), stats then rename',
    status: 'full',
    lines: ['sourcetype eq "aws:cloudtrail:lake"', 'api.operation eq "DeleteTrail"'],
    outputs: ['api.operation', 'aws_account_id', 'user', 'user_agent', 'src_ip', 'region', 'count', 'firstTime', 'lastTime'],
  },
  {
    path: 'detections/endpoint/cobalt_strike_named_pipes.yml',
    shape: 'sysmon macro with ORs, OR binding tighter than AND, IN list of wildcards',
    status: 'full',
    lines: [
      SYSMON,
      'EventID eq 17 or EventID eq 18',
      'PipeName startswith ["\\\\msagent_", "\\\\DserNamePipe", "\\\\srvsvc_", "\\\\postex_", "\\\\status_", "\\\\MSSE-", "\\\\spoolss_", "\\\\win_svc", "\\\\ntsvcs", "\\\\winsock", "\\\\UIA_PIPE"]',
    ],
  },
  {
    path: 'detections/endpoint/extraction_of_registry_hives.yml',
    shape: 'tstats on Endpoint.Processes, process macro inside where, explicit AND',
    status: 'full',
    lines: [
      'Processes.process_name eq "reg.exe" or Processes.original_file_name eq "reg.exe"',
      'Processes.process contains "save" or Processes.process contains "export"',
      'Processes.process contains "\\\\sam " or Processes.process contains "\\\\system " or Processes.process contains "\\\\security "',
    ],
    outputs: ['dest', 'user', 'parent_process', 'process_name', 'parent_process_name', 'process', 'process_id', 'parent_process_id', 'count', 'firstTime', 'lastTime'],
  },
  {
    path: 'detections/endpoint/linux_ingress_tool_transfer_with_curl.yml',
    shape: 'tstats, drop_dm_object_name, then where match() on a by field (pushed back to Processes.process)',
    status: 'full',
    lines: ['Processes.process_name eq "curl"', 'Processes.process regex "(?i)(-O|-sO|-ksO|--output)"'],
  },
  {
    path: 'detections/endpoint/windows_modify_registry_disable_win_defender_raw_write_notif.yml',
    shape: 'tstats on Endpoint.Registry with backslash paths',
    status: 'full',
    lines: [
      'Registry.registry_path contains "\\\\Windows Defender\\\\Real-Time Protection\\\\DisableRawWriteNotification"',
      'Registry.registry_value_data eq "0x00000001"',
    ],
  },
  {
    path: 'detections/application/okta_multiple_users_failing_to_authenticate_from_ip.yml',
    shape: 'tstats with span, then where over a distinct count: the correlation',
    status: 'full',
    lines: ['Authentication.action eq "failure"', 'Authentication.signature eq "user.session.start"'],
    outputs: ['_time', 'src', 'sourcetype', 'count', 'lastTime', 'firstTime', 'unique_accounts', 'signature', 'user', 'app', 'authentication_method'],
    correlation: { kind: 'distinct_count', by: ['Authentication.src', 'sourcetype'], window: '5m', condition: 'unique_accounts > 9', detail: 'tstats' },
  },
  {
    path: 'detections/cloud/kubernetes_access_scanning.yml',
    shape: 'quoted field names, iplocation, stats + where count: a threshold',
    status: 'full',
    lines: ['source eq "kubernetes"', 'user.groups{} eq "system:unauthenticated"', 'responseStatus.code eq 403'],
    outputs: ['src_ip', 'Country', 'City', 'count', 'userAgent', 'user', 'user.groups{}', 'verb', 'requestURI', 'responseStatus.code', 'responseStatus.message', 'responseStatus.reason', 'responseStatus.status'],
    correlation: { kind: 'threshold', by: ['sourceIPs{}', 'Country', 'City'], condition: 'count > 5', detail: 'stats' },
  },
  {
    path: 'detections/network/ssl_certificates_with_punycode.yml',
    shape: 'eval flag=if(like(...),1,0) | where flag=1 inlined; custom command',
    status: 'partial',
    reasons: ['unsupported command: cyberchef'],
    lines: ['All_Certificates.SSL.ssl_issuer_email_domain contains "xn--"'],
  },
  {
    path: 'detections/application/windows_ad_add_self_to_group.yml',
    shape: 'wineventlog_security macro, IN with one value, where comparing two fields (an otherField leaf)',
    status: 'full',
    lines: ['eventtype eq "wineventlog_security" or Channel eq "security" or source eq "XmlWinEventLog:Security"', 'EventCode eq 4728', 'user eq field src_user'],
    outputs: ['signature', 'Group_Name', 'src_user', '_time', 'usercount', 'user', 'user_category', 'src_user_category', 'dvc'],
  },
  {
    path: 'detections/cloud/detect_spike_in_blocked_outbound_traffic_from_your_aws.yml',
    shape: 'CIDR values with = and != in the search, a subsearch as a search term',
    status: 'partial',
    reasons: ['subsearch'],
    lines: [
      'sourcetype eq "aws:cloudwatchlogs:vpcflow"',
      'action eq "blocked"',
      'src_ip cidr "10.0.0.0/8" or src_ip cidr "172.16.0.0/12" or src_ip cidr "192.168.0.0/16"',
      'not dest_ip cidr "10.0.0.0/8"',
      'not dest_ip cidr "172.16.0.0/12"',
      'not dest_ip cidr "192.168.0.0/16"',
    ],
    outputs: ['src_ip', 'dest_ip', 'resourceId', 'numberOfBlockedConnections', 'uniqueDestConnections'],
  },
  {
    path: 'detections/network/large_volume_of_dns_any_queries.yml',
    shape: 'tstats where nodename=DNS (a dataset, no field), quoted field names, where over a count',
    status: 'full',
    lines: ['DNS.message_type eq "QUERY"', 'DNS.record_type eq "ANY"'],
    outputs: ['dest', 'count'],
    correlation: { kind: 'threshold', by: ['DNS.dest'], condition: 'count > 200', detail: 'tstats' },
  },
  {
    path: 'detections/endpoint/windows_modify_registry_with_md5_reg_key_name.yml',
    shape: 'eval if(match()) flag inlined into a later where; a filter on a computed count is a leaf on the evals written out',
    status: 'full',
    lines: [
      'Registry.registry_path contains "\\\\SOFTWARE\\\\"',
      'Registry.registry_value_data eq "Binary Data"',
      'Registry.registry_value_name regex "^[0-9a-fA-F]{32}$"',
      'mvcount(split(Registry.registry_path, "\\\\")) lte 5',
    ],
  },  {
    path: 'detections/cloud/aws_createloginprofile.yml',
    shape: 'inner join of two CloudTrail searches: each side its own stage, the join keys as written',
    status: 'full',
    lines: [],
    stages: [
      { name: 'main search', source: undefined, lines: ['sourcetype eq "aws:cloudtrail"', 'eventName eq "CreateLoginProfile"'] },
      { name: 'subsearch 1', source: undefined, lines: ['sourcetype eq "aws:cloudtrail"', 'eventName eq "ConsoleLogin"'] },
    ],
    correlation: { kind: 'join', by: ['new_login_profile', 'src_ip'], detail: 'inner' },
  },
  {
    path: 'detections/endpoint/detect_new_local_admin_account.yml',
    shape: 'transaction by a field within maxspan',
    status: 'full',
    lines: [
      'eventtype eq "wineventlog_security" or Channel eq "security" or source eq "XmlWinEventLog:Security"',
      'EventCode eq 4720 or (EventCode eq 4732 and Group_Name eq "Administrators")',
    ],
    correlation: { kind: 'aggregation', by: ['src_user'], window: '180m', detail: 'transaction' },
  },
  {
    path: 'detections/application/monitor_email_for_brand_abuse.yml',
    shape: 'lookup on a computed field, then a search on its output: an indicator match on the lookup',
    status: 'full',
    lines: [],
    correlation: {
      kind: 'indicator_match',
      by: ['email_domain'],
      condition: 'domain_abuse = true (email_domain=mvindex(temp, 1), temp=split(src_user, "@"))',
      detail: 'brandMonitoring_lookup',
    },
  },
  {
    path: 'detections/application/pingid_new_mfa_method_after_credential_reset.yml',
    shape: 'stats, then an outer join with a Windows search, then a where over both sides\' times',
    status: 'full',
    lines: [],
    stages: [
      { name: 'main search', source: undefined, lines: ['source eq "PINGID"', 'result.message contains "Device Paired"'] },
      {
        name: 'subsearch 1',
        source: undefined,
        lines: ['eventtype eq "wineventlog_security" or Channel eq "security" or source eq "XmlWinEventLog:Security"', 'EventID in [4723, 4724]'],
      },
    ],
    correlation: {
      kind: 'join',
      by: ['user'],
      detail: 'outer',
      condition: 'main search stats by src, user, action, object: timeDiffRaw > 0 AND timeDiffRaw < 3600 (timeDiffRaw=round(lastTime - PW_Change_Time))',
    },
  },
];

describe.skipIf(!process.env.RULECAT_CORPUS)('Splunk golden detections', () => {
  let catalog: Catalog;
  beforeAll(() => {
    catalog = sourceCatalog('splunk-security-content');
  }, 600_000);

  for (const g of GOLDEN) {
    it(`${g.path} (${g.shape})`, () => {
      const rule = catalog.rules.find((r) => r.files[0].path === g.path);
      expect(rule, g.path).toBeDefined();
      const logic = rule!.logic!;
      expect(renderConjuncts(logic.conjuncts)).toEqual(g.lines);
      expect(logic.status).toBe(g.status);
      expect(logic.reasons).toEqual(g.reasons ?? []);
      if (g.outputs) expect(logic.outputFields).toEqual(g.outputs);
      expect(logic.correlation).toEqual(g.correlation);
      expect(logic.stages?.map((s) => ({ name: s.name, source: s.source, lines: renderConjuncts(s.conjuncts) }))).toEqual(g.stages);
    });
  }
});
