/**
 * Golden test on real Chronicle rules, chosen across shapes. The expected Condition lines were checked by
 * hand against each rule's events: section (see the comment on each case).
 */
import { describe, expect, it } from 'vitest';
import { sourceCatalog } from './shared.ts';
import { renderConjuncts } from '../../src/lib/logic/render.ts';
import type { Correlation } from '../../src/lib/logic/types.ts';
import { shapeLines } from '../unit/logic-shape.ts';

interface Golden {
  file: string;
  why: string;
  lines: string[];
  status: 'full' | 'partial';
  /** Reasons, generic phrase before the colon. */
  reasons?: string[];
  platform?: string;
  /** Stages and correlation as shapeLines() writes them, for rules with several event variables. */
  shape?: string[];
  correlation?: Correlation;
}

const GOLDEN: Golden[] = [
  {
    file: 'rules/community/aws/cloudtrail/aws_cloudtrail_logging_tampered.yaral',
    why: 'single event; an or of product_event_type values becomes one in-list; the placeholder is not a filter',
    lines: [
      'metadata.vendor_name eq "AMAZON"',
      'metadata.product_name eq "AWS CloudTrail"',
      'metadata.product_event_type in ["UpdateTrail", "StopLogging", "DeleteTrail", "PutEventSelectors"]',
      'security_result.action eq "ALLOW"',
    ],
    status: 'full',
    platform: 'AWS CloudTrail',
  },
  {
    file: 'rules/_deprecated/mitre_attack/T1037_001_windows_logon_script.yaral',
    why: 're.regex with nocase on a raw string',
    lines: [
      'metadata.event_type in ["REGISTRY_CREATION", "REGISTRY_MODIFICATION"]',
      'target.registry.registry_key regex "(HKCU|HKEY_CURRENT_USER)\\\\\\\\Environment\\\\\\\\UserInitMprLogonScript"',
    ],
    status: 'full',
    platform: 'Windows Registry',
  },
  {
    file: 'rules/community/microsoft/windows/powershell_web_download.yaral',
    why: 'strings.contains over strings.to_lower: case-insensitive contains, alternatives merged',
    lines: ['metadata.event_type eq "PROCESS_LAUNCH"', 'target.process.command_line contains [".downloadstring(", ".downloadfile(", "invoke-webrequest ", "iwr "]'],
    status: 'full',
    platform: 'Windows Process Creation',
  },
  {
    file: 'rules/community/microsoft/graph_activity/ms_graph_delete_method.yaral',
    why: 'NOT net.ip_in_range_cidr; commented-out filters are ignored',
    lines: ['metadata.event_type eq "NETWORK_HTTP"', 'metadata.product_event_type eq "Microsoft Graph Activity"', 'network.http.method eq "DELETE"', 'not principal.ip cidr "20.151.0.0/16"'],
    status: 'full',
  },
  {
    file: 'rules/community/microsoft/entra_id/entra_id_login_activity_to_uncommon_mscloud_apps.yaral',
    why: 'not ... in %reference_list is left out (partial); != is a negated eq',
    lines: [
      'metadata.event_type eq "USER_LOGIN"',
      'metadata.product_name eq "Azure AD"',
      'metadata.vendor_name eq "Microsoft"',
      'security_result.action eq "ALLOW"',
      'not target.user.user_display_name eq "On-Premises Directory Synchronization Service Account"',
    ],
    status: 'partial',
    reasons: ['reference list'],
  },
  {
    file: 'rules/community/microsoft/windows/win_repeatedAuthFailure_thenSuccess_T1110_001.yaral',
    why: 'two event variables joined by placeholders, #fail > 4, a timestamp ordering between them: a sequence of two stages',
    lines: [],
    shape: [
      '$fail (USER_LOGIN): by $fail.target.user.userid, $fail.principal.hostname:',
      '  $fail.metadata.event_type eq "USER_LOGIN"',
      '  $fail.metadata.vendor_name eq "Microsoft"',
      '  $fail.security_result.action eq "BLOCK"',
      '  $fail.metadata.product_event_type eq "4625"',
      '$success (USER_LOGIN): by $success.target.user.userid, $success.principal.hostname:',
      '  $success.metadata.event_type eq "USER_LOGIN"',
      '  $success.metadata.vendor_name eq "Microsoft"',
      '  $success.security_result.action eq "ALLOW"',
      '  $success.metadata.product_event_type eq "4624"',
      '> Sequence by $user, $hostname within 15m: $fail, then $success, where count($fail) > 4',
      'kind: sequence',
      'by: $user, $hostname',
      'window: 15m',
      'ordered: true',
      'condition: count($fail) > 4',
    ],
    status: 'full',
    platform: 'Windows Security Event Log',
  },
  {
    file: 'rules/community/gcp/gcp_excessive_permission_denied_events.yaral',
    why: 'outcome-heavy; a map key in a field; counts of events and of distinct placeholder values per $user_id over 1h',
    lines: ['metadata.log_type eq "GCP_CLOUDAUDIT"', 'security_result.action eq "BLOCK"', 'security_result.severity eq "ERROR"', 'security_result.detection_fields["status_code"] eq "7"'],
    status: 'full',
    correlation: {
      kind: 'distinct_count',
      by: ['$user_id'],
      window: '1h',
      condition: 'count > 5 and distinct_count(target.application) > 1 and distinct_count(metadata.product_event_type) > 1',
      detail: '$user_id = principal.user.userid',
    },
    platform: 'GCP Audit Logs',
  },
  {
    file: 'rules/community/workspace/google_workspace_external_user_added_to_group.yaral',
    why: 'two placeholders computed with re.capture and compared with each other',
    lines: ['metadata.vendor_name eq "Google Workspace"', 'metadata.product_name eq "admin"', 'metadata.event_type eq "GROUP_MODIFICATION"', 'metadata.product_event_type eq "ADD_GROUP_MEMBER"'],
    status: 'partial',
    reasons: ['field comparison'],
    platform: 'Google Workspace',
  },
  {
    file: 'rules/community/threat_intel/process_launch_vt_enrichment.yaral',
    why: 'any over a repeated enrichment field with nocase',
    lines: ['metadata.event_type in ["PROCESS_LAUNCH", "FILE_CREATION"]', 'target.file.tags eq "exploit"'],
    status: 'full',
  },
  {
    file: 'rules/_deprecated/soc_prime_rules/threat_hunting/sysmon/suspicious_run_key_from_download.yaral',
    why: 'SOC Prime conversion: one parenthesized expression, Sysmon event 13, regex alternatives merged',
    lines: [
      'metadata.product_event_type eq "13"',
      'target.process.file.full_path regex [".*\\\\\\\\Downloads\\\\\\\\.*", ".*\\\\\\\\Temporary Internet Files\\\\\\\\Content\\\\.Outlook\\\\\\\\.*", ".*\\\\\\\\Local Settings\\\\\\\\Temporary Internet Files\\\\\\\\.*"]',
      'target.registry.registry_key regex ".*\\\\\\\\SOFTWARE\\\\\\\\Microsoft\\\\\\\\Windows\\\\\\\\CurrentVersion\\\\\\\\Run\\\\\\\\.*"',
    ],
    status: 'full',
    platform: 'Windows Registry',
  },
  {
    file: 'rules/community/microsoft/windows/copy_from_or_to_admin_share_or_sysvol_folder.yaral',
    why: 'nested or/and groups; nocase = and strings.contains(strings.to_lower()) merge into in / contains lists',
    lines: [
      'metadata.event_type eq "PROCESS_LAUNCH"',
      'target.process.command_line regex "\\\\\\\\[a-zA-Z]*\\\\$" or target.process.command_line contains "\\\\sysvol\\\\"',
      'target.process.file.full_path regex ["\\\\\\\\robocopy\\\\.exe$", "\\\\\\\\xcopy\\\\.exe$"] or src.process.file.full_path in ["robocopy.exe", "xcopy.exe"] or ((target.process.file.full_path regex "\\\\\\\\cmd\\\\.exe$" or src.process.file.full_path eq "cmd.exe") and target.process.command_line contains "copy") or ((target.process.file.full_path contains ["\\\\powershell.exe", "\\\\pwsh.exe"] or src.process.file.full_path in ["powershell.exe", "pwsh.dll"]) and target.process.command_line contains ["copy-item", "copy ", "cpi ", " cp ", "move ", "move-item", " mi ", " mv "])',
    ],
    status: 'full',
    platform: 'Windows Process Creation',
  },
  {
    file: 'rules/community/microsoft/o365/o365_recently_created_entra_id_user_assigned_roles.yaral',
    why: 'two event variables joined on $userid, the user created before the role is assigned: one stage each, prefixed by the variable',
    lines: [],
    shape: [
      '$create (USER_CREATION): by $create.target.user.userid:',
      '  $create.metadata.event_type eq "USER_CREATION"',
      '  $create.metadata.product_event_type eq "Add user."',
      '  $create.metadata.product_name eq "Office 365"',
      '  $create.security_result.action eq "ALLOW"',
      '$role (USER_UNCATEGORIZED): by $role.target.user.userid:',
      '  $role.metadata.event_type eq "USER_UNCATEGORIZED"',
      '  $role.metadata.product_event_type eq "Add member to role."',
      '  $role.metadata.product_name eq "Office 365"',
      '  $role.security_result.action eq "ALLOW"',
      '> Sequence by $userid within 90m: $create, then $role',
      'kind: sequence',
      'by: $userid',
      'window: 90m',
      'ordered: true',
    ],
    status: 'full',
    platform: 'Microsoft 365 Audit',
  },
];

describe.skipIf(!process.env.RULECAT_CORPUS)('YARA-L golden rules (real corpus)', () => {
  const catalog = sourceCatalog('chronicle-detection-rules');
  const byFile = new Map(catalog.rules.map((r) => [r.files[0].path, r]));

  for (const g of GOLDEN) {
    it(`${g.file}: ${g.why}`, () => {
      const rule = byFile.get(g.file);
      expect(rule, g.file).toBeDefined();
      expect(renderConjuncts(rule!.logic!.conjuncts)).toEqual(g.lines);
      expect(rule!.logic!.status).toBe(g.status);
      expect(rule!.logic!.reasons.map((r) => r.split(':')[0])).toEqual(g.reasons ?? []);
      if (g.shape) expect(shapeLines(rule!.logic!)).toEqual(g.shape);
      if (g.correlation) expect(rule!.logic!.correlation).toEqual(g.correlation);
      if (g.platform) expect(rule!.logPlatform).toBe(g.platform);
    });
  }

  it('case sensitivity follows the operators: = is case-sensitive, nocase and to_lower are not', () => {
    const leaves = (file: string) => byFile.get(file)!.logic!.conjuncts.flatMap((c) => (c.type === 'leaf' ? [c] : []));
    const cloudtrail = leaves('rules/community/aws/cloudtrail/aws_cloudtrail_logging_tampered.yaral');
    expect(cloudtrail.every((l) => l.caseSensitive === true)).toBe(true);
    const [, regex] = leaves('rules/_deprecated/mitre_attack/T1037_001_windows_logon_script.yaral');
    expect(regex.caseSensitive).toBe(false);
    const [, contains] = leaves('rules/community/microsoft/windows/powershell_web_download.yaral');
    expect(contains.caseSensitive).toBe(false);
  });
});
