/**
 * Golden test on real Sentinel / Defender XDR rules, one per shape. The expected Condition lines were checked by
 * hand against each rule's query (upstream Azure-Sentinel at the corpus snapshot).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/lib/catalog.ts';
import { renderConjuncts } from '../../src/lib/logic/render.ts';
import type { Correlation } from '../../src/lib/logic/types.ts';
import { sourceCatalog } from './shared.ts';

interface Golden {
  shape: string;
  path: string;
  platform: string;
  status: 'full' | 'partial';
  lines: string[];
  reasons: string[];
  /** Joins: each stage's role, let name, tables and condition lines (then `lines` is empty). */
  stages?: { role?: string; name?: string; source?: string; lines: string[]; reasons?: string[] }[];
  correlation?: Correlation;
}

const S = 'Solutions';
const GOLDEN: Golden[] = [
  {
    shape: 'simple where',
    path: `${S}/Windows Security Events/Analytic Rules/NRT_SecurityEventLogCleared.yaml`,
    platform: 'Windows Security Event Log',
    status: 'full',
    lines: ['EventID eq 1102', 'EventSourceName eq "Microsoft-Windows-Eventlog"'],
    reasons: [],
  },
  {
    shape: 'let + dynamic list, parse_json paths, isempty',
    path: `${S}/Amazon Web Services/Analytic Rules/AWS_LogTampering.yaml`,
    platform: 'AWS CloudTrail',
    status: 'full',
    lines: [
      'EventName in ["UpdateTrail", "DeleteTrail", "StopLogging", "DeleteFlowLogs", "DeleteEventBus", "DeleteLogGroup"] or (EventName eq "UpdateTrail" and RequestParameters.enableLogFileValidation eq false) or (EventName eq "UpdateTrail" and RequestParameters.isMultiRegionTrail eq false)',
      'ErrorMessage is_null',
      'ErrorCode is_null',
    ],
    reasons: [],
  },
  {
    shape: 'or of ands',
    path: `${S}/Amazon Web Services/Analytic Rules/AWS_GuardDutyDisabled.yaml`,
    platform: 'AWS CloudTrail',
    status: 'full',
    lines: [
      '(EventName eq "DeleteDetector" and ErrorCode is_null and ErrorMessage is_null) or (EventName eq "UpdateDetector" and RequestParameters.enable eq "false" and ErrorCode is_null and ErrorMessage is_null)',
    ],
    reasons: [],
  },
  {
    shape: "union operator, subquery list (`Computer in~ (ADFS_Servers)`) as a list stage, join",
    path: `${S}/Windows Security Events/Analytic Rules/GainCodeExecutionADFSViaSMB.yaml`,
    platform: "Windows Security Event Log",
    status: 'full',
    lines: [],
    reasons: [],
    stages: [
      { role: "left", source: "SecurityEvent", lines: ["(Computer in list $ADFS_Servers and not Account endswith \"$\" and EventID in [4697, 4698, 4699, 4700, 4701, 4702]) or (Computer in list $ADFS_Servers and not Account endswith \"$\" and EventID eq 5145 and (RelativeTargetName eq \"svcctl\" or RelativeTargetName eq \"atsvc\"))"] },
      { role: "right", source: "SecurityEvent", lines: ["not Account endswith \"$\"","EventID eq 4624","LogonType eq 3"] },
      { role: "list", name: "ADFS_Servers", source: "SecurityEvent", lines: ["EventID eq 4688","not SubjectLogonId eq \"0x3e4\"","NewProcessName contains \"Microsoft.IdentityServer.ServiceHost.exe\""] },
    ],
    correlation: {kind: "join",by: ["$left.SubjectLogonId == $right.TargetLogonId","Computer"],detail: "inner, in ADFS_Servers"},
  },
  {
    shape: "let function over table(), union of sign-in tables, join",
    path: `${S}/Microsoft Entra ID/Analytic Rules/ExplicitMFADeny.yaml`,
    platform: "Entra ID Sign-in Logs",
    status: 'full',
    lines: [],
    reasons: [],
    stages: [
      { role: "left", source: "SigninLogs, AADNonInteractiveUserSignInLogs", lines: ["ResultType eq 500121", "Status contains \"MFA Denied; user declined the authentication\" or Status contains \"MFA denied; Phone App Reported Fraud\""] },
      { name: "dvcInfo", role: "right", source: "DeviceInfo", lines: ["OnboardingStatus eq \"Onboarded\"", "SensorHealthState eq \"Active\""] },
    ],
    correlation: { kind: "join", by: ["PublicIP"], detail: "leftouter" },
  },
  {
    shape: "join of two let-bound queries",
    path: `${S}/Okta Single Sign-On/Analytic Rules/DeviceRegistrationMaliciousIP.yaml`,
    platform: "Okta System Log",
    status: 'full',
    lines: [],
    reasons: [],
    stages: [
      { name: "DeviceRegistrations", role: "left", source: "OktaSSO", lines: ["eventType_s in [\"device.enrollment.create\"]", "outcome_result_s eq \"SUCCESS\""] },
      { name: "ThreatInsightEvents", role: "right", source: "OktaSSO", lines: ["eventType_s in [\"security.threat.detected\", \"security.attack.start\", \"security.attack.end\"]"] },
    ],
    correlation: { kind: "join", by: ["$left.client_ipAddress_s == $right.SuspiciousIP"], detail: "inner" },
  },
  {
    shape: "summarize + where over a count: a threshold with its bin window",
    path: `${S}/GoogleCloudPlatformIAM/Analytic Rules/GCPIAMPrivilegesEnumeration.yaml`,
    platform: "GCP Audit Logs",
    status: 'full',
    lines: ["PayloadMethodname eq \"google.iam.admin.v1.ListRoles\""],
    reasons: [],
    correlation: { kind: "threshold", by: ["PayloadAuthenticationinfoPrincipalemail"], detail: "summarize", window: "1h", condition: "count_ > threshold (threshold = 5)" },
  },
  {
    shape: 'Defender XDR table, column_ifexists, has_any',
    path: `${S}/Microsoft Defender XDR/Analytic Rules/Execution/BITSAdminActivity.yaml`,
    platform: 'Windows Process Creation',
    status: 'full',
    lines: [
      'FileName eq "bitsadmin.exe" or ProcessVersionInfoOriginalFileName eq "bitsadmin.exe"',
      'ProcessCommandLine contains ["/Transfer", "/AddFile", "/AddFileSet", "/AddFileWithRanges"]',
    ],
    reasons: [],
  },
  {
    shape: 'mv-apply over TargetResources',
    path: `${S}/Microsoft Entra ID/Analytic Rules/PIMElevationRequestRejected.yaml`,
    platform: 'Entra ID Audit Logs',
    status: 'full',
    lines: [
      'ActivityDisplayName eq "Add member to role request denied (PIM activation)"',
      // Two mv-apply over TargetResources: two items, each of its type (one item cannot be both).
      'any TargetResources (type eq "Role")',
      'any TargetResources (type eq "User")',
      'InitiatedBy.user is_not_null',
    ],
    reasons: [],
  },
  {
    shape: 'extend with extractjson, filters on the extended columns',
    path: `${S}/Microsoft Entra ID/Analytic Rules/Conditional Access - A Conditional Access policy was disabled.yaml`,
    platform: 'Entra ID Audit Logs',
    status: 'full',
    lines: [
      'OperationName in ["Update conditional access policy"]',
      'TargetResources[0].modifiedProperties[0].oldValue.state eq "enabled"',
      'TargetResources[0].modifiedProperties[0].newValue.state eq "disabled"',
    ],
    reasons: [],
  },
  {
    shape: "make-series + series_decompose_anomalies",
    path: `${S}/Azure Activity/Analytic Rules/TimeSeriesAnomaly_Mass_Cloud_Resource_Deletions.yaml`,
    platform: "Azure Activity",
    status: 'full',
    lines: [],
    reasons: [],
    stages: [
      { name: "TimeSeriesData", role: "left", source: "AzureActivity", lines: ["OperationNameValue endswith \"delete\""] },
      { role: "right", source: "AzureActivity", lines: ["OperationNameValue endswith \"delete\""] },
    ],
    correlation: {
      kind: "join",
      by: ["TimeGenerated", "Caller"],
      detail: "innerunique",
      condition:
        "TimeSeriesData make-series by Caller per timeframe: anomalies > 0 ((anomalies, score, baseline) = series_decompose_anomalies(Total, 3, -1, 'linefit')) and Total > TotalEventsThreshold and baseline > 0 (TotalEventsThreshold = 25)",
    },
  },
  {
    shape: "rightsemi join: the right side gives the rows, the left side only keeps some",
    path: `${S}/Microsoft Defender XDR/Analytic Rules/Lateral Movement/ServiceAccountsPerformingRemotePS.yaml`,
    platform: "Microsoft Defender XDR",
    status: 'full',
    lines: [],
    reasons: [],
    stages: [
      { role: "right", source: "DeviceEvents", lines: ["ActionType eq \"PowerShellCommand\"", "InitiatingProcessFileName eq \"wsmprovhost.exe\"", "not AdditionalFields.Command in [\"prompt\", \"Out-Default\", \"out-lineoutput\", \"format-default\", \"Set-StrictMode\", \"TabExpansion2\"]"] },
      { role: "left", source: "DeviceLogonEvents", lines: ["not AccountName in [\"FakeWhitelistedAccount\"]", "ActionType eq \"LogonSuccess\"", "not AccountName contains \"$\"", "not AccountName contains \"winrm va_\""] },
    ],
    correlation: { kind: "join", by: ["AccountName"], detail: "rightsemi", condition: "left summarize by AccountName: HasInteractiveLogon == 0" },
  },
  {
    shape: "mv-apply twice, summarize then a filter on a column summarize did not define",
    path: `${S}/Microsoft Entra ID/Analytic Rules/BulkChangestoPrivilegedAccountPermissions.yaml`,
    platform: "Entra ID Audit Logs",
    status: 'full',
    lines: [],
    reasons: [],
    stages: [
      { name: "AdminRecords", role: "right", source: "AuditLogs", lines: ["Category eq \"RoleManagement\"", "ActivityDisplayName contains [\"Add eligible member to role\", \"Add member to role\"]", "any TargetResources (type eq \"User\" and any modifiedProperties (displayName eq \"Role.DisplayName\" and newValue contains \"Admin\"))"] },
      { name: "AdminRecords", role: "left", source: "AuditLogs", lines: ["Category eq \"RoleManagement\"", "ActivityDisplayName contains [\"Add eligible member to role\", \"Add member to role\"]", "any TargetResources (type eq \"User\" and any modifiedProperties (displayName eq \"Role.DisplayName\" and newValue contains \"Admin\"))"] },
    ],
    correlation: { kind: "join", by: ["$left.TimeGenerated == $right.TimeWindow"], detail: "rightsemi", condition: "AdminRecords summarize per 1h: dcount_Target > 9" },
  },
  {
    shape: "join of two let-bound summarize + where queries (each comparing two fields of its own event), then a time relation over the joined rows",
    path: `${S}/Amazon Web Services/Analytic Rules/AWS_S3BruteForce.yaml`,
    platform: "AWS CloudTrail",
    status: 'full',
    lines: [],
    reasons: [],
    stages: [
      { name: "failed_attempts", role: "left", source: "AWSCloudTrail", lines: ["EventName eq \"GetObject\"", "ErrorMessage is_not_null", "ErrorCode is_not_null", "UserIdentityAccountId eq \"ANONYMOUS_PRINCIPAL\" or not UserIdentityAccessKeyId eq field RecipientAccountId"] },
      { name: "success_attempts", role: "right", source: "AWSCloudTrail", lines: ["EventName eq \"GetObject\"", "ErrorMessage is_null", "ErrorCode is_null", "UserIdentityAccountId eq \"ANONYMOUS_PRINCIPAL\" or not UserIdentityAccessKeyId eq field RecipientAccountId"] },
    ],
    correlation: { kind: "join", by: ["SourceIpAddress", "UserIdentityAccountId", "bucketName"], detail: "inner", condition: "failed_attempts summarize by UserIdentityAccountId, SourceIpAddress, bucketName: failed_keys > 20 and success_attempts summarize by UserIdentityAccountId, SourceIpAddress, bucketName: success_keys >= 1 and time_min_success > time_min_failed" },
  },
  {
    shape: "Threat Intelligence join: an indicator match, the expiry comparison as its condition",
    path: `${S}/Microsoft Business Applications/Analytic Rules/Dataverse - TI map URL to DataverseActivity.yaml`,
    // The log it watches (formats/sentinel/platform.ts): the indicator table only enriches it.
    platform: "Microsoft 365 Audit",
    status: 'full',
    lines: [],
    reasons: [],
    stages: [
      { role: "left", source: "ThreatIntelligenceIndicator", lines: ["Active eq true", "Url is_not_null"] },
      { role: "right", source: "DataverseActivity", lines: ["Message in [\"Create\", \"Update\"]", "Fields is_not_null", "Fields contains \"http\""] },
    ],
    correlation: { kind: "indicator_match", by: ["Url"], detail: "ThreatIntelligenceIndicator (join: innerunique)", condition: "DataverseActivity_TimeGenerated < ExpirationDateTime" },
  },
  {
    shape: "let-bound subqueries: `in (inactive_users)`, itself `!in (active_users)`",
    path: `${S}/Box/Analytic Rules/BoxInactiveUserLogin.yaml`,
    platform: "Box Events",
    status: 'full',
    lines: [],
    reasons: [],
    stages: [
      { source: "BoxEvents", lines: ["EventType eq \"LOGIN\"","SourceName in list $inactive_users"] },
      { role: "list", name: "active_users", source: "BoxEvents", lines: ["EventType eq \"LOGIN\""] },
      { role: "list", name: "inactive_users", source: "BoxEvents", lines: ["EventType eq \"LOGIN\"","not SourceName in list $active_users"] },
    ],
    correlation: {kind: "join",by: ["SourceName"],detail: "!in active_users, in inactive_users"},
  },
  {
    shape: "externaldata list: the leaf names it, the stage's source is its URL",
    path: `${S}/Amazon Web Services/Analytic Rules/AWS_APIfromTor.yaml`,
    platform: "AWS CloudTrail",
    status: 'full',
    lines: [],
    reasons: [],
    stages: [
      { source: "AWSCloudTrail", lines: ["SourceIpAddress in list $TorNodes","ErrorCode is_null","ErrorMessage is_null"] },
      { role: "list", name: "TorNodes", source: "externaldata \"https://firewalliplists.gypthecat.com/lists/kusto/kusto-tor-exit.csv.zip\"", lines: [] },
    ],
    correlation: {kind: "indicator_match",by: ["SourceIpAddress"],detail: "externaldata \"https://firewalliplists.gypthecat.com/lists/kusto/kusto-tor-exit.csv.zip\" (in TorNodes)"},
  },
  {
    shape: "externaldata lists filtered by type, has_any against each",
    path: `${S}/Windows Forwarded Events/Analytic Rules/CaramelTsunami_IOC_WindowsEvent.yaml`,
    platform: "Windows Security Event Log",
    status: 'full',
    lines: [],
    reasons: [],
    stages: [
      { source: "WindowsEvent", lines: ["EventID eq 4688","EventData contains list $file_path1 or EventData contains list $file_path2 or EventData contains list $file_path3 or EventData contains \"reg add\" or EventData contains list $reg_key","EventData.CommandLine contains list $file_path1 or EventData.CommandLine contains list $file_path3 or (EventData.CommandLine contains \"reg add\" and EventData.CommandLine contains list $reg_key and EventData.CommandLine contains list $file_path2) or EventData.NewProcessName contains list $file_path1 or EventData.NewProcessName contains list $file_path3 or EventData.ParentProcessName contains list $file_path1 or EventData.ParentProcessName contains list $file_path3"] },
      { role: "list", name: "file_path1", source: "externaldata \"https://raw.githubusercontent.com/Azure/Azure-Sentinel/master/Sample%20Data/Feeds/SOURGUM.csv\"", lines: ["Type eq \"filepath1\""] },
      { role: "list", name: "file_path2", source: "externaldata \"https://raw.githubusercontent.com/Azure/Azure-Sentinel/master/Sample%20Data/Feeds/SOURGUM.csv\"", lines: ["Type eq \"filepath2\""] },
      { role: "list", name: "file_path3", source: "externaldata \"https://raw.githubusercontent.com/Azure/Azure-Sentinel/master/Sample%20Data/Feeds/SOURGUM.csv\"", lines: ["Type eq \"filepath3\""] },
      { role: "list", name: "reg_key", source: "externaldata \"https://raw.githubusercontent.com/Azure/Azure-Sentinel/master/Sample%20Data/Feeds/SOURGUM.csv\"", lines: ["Type eq \"regkey\""] },
    ],
    correlation: {kind: "indicator_match",by: ["EventData","EventData.CommandLine","EventData.NewProcessName","EventData.ParentProcessName"],detail: "externaldata \"https://raw.githubusercontent.com/Azure/Azure-Sentinel/master/Sample%20Data/Feeds/SOURGUM.csv\" (has_any file_path1, has_any file_path2, has_any file_path3, has_any reg_key)"},
  },
  {
    shape: "watchlist list compared inside mv-apply",
    path: `${S}/Microsoft Entra ID/Analytic Rules/NRT_AuthenticationMethodsChangedforVIPUsers.yaml`,
    platform: "Entra ID Audit Logs",
    status: 'full',
    lines: [],
    reasons: [],
    stages: [
      { source: "AuditLogs", lines: ["Category eq \"UserManagement\"","ActivityDisplayName in [\"User registered security info\", \"User changed default security info\", \"User deleted security info\", \"Admin updated security info\", \"User reviewed security info\", \"Admin deleted security info\", \"Admin registered security info\"]","any TargetResources (type eq \"User\" and userPrincipalName in list $VIPUsers)"] },
      { role: "list", name: "VIPUsers", source: "watchlist \"VIPUsers\"", lines: [] },
    ],
    correlation: {kind: "indicator_match",by: ["TargetResources.userPrincipalName"],detail: "watchlist \"VIPUsers\" (in VIPUsers)"},
  },
  {
    shape: "lookup: a join stage that enriches the rows",
    path: `${S}/Microsoft Business Applications/Analytic Rules/Dataverse - Organization settings modified.yaml`,
    platform: "Microsoft 365 Audit",
    status: 'full',
    lines: [],
    reasons: [],
    stages: [
      { role: "left", source: "DataverseActivity", lines: ["Message eq \"Update\"","EntityName eq \"organization\"","any Fields (not Name eq \"organizationid\")"] },
      { role: "right", source: "MSBizAppsOrgSettings", lines: [] },
    ],
    correlation: {kind: "join",by: ["FieldName"],detail: "lookup"},
  },
  {
    shape: "join inside a joined side: its stages follow that side",
    path: `${S}/Microsoft 365/Analytic Rules/External User added to Team and immediately uploads file.yaml`,
    platform: "Microsoft 365 Audit",
    status: 'full',
    lines: [],
    reasons: [],
    stages: [
      { role: "left", source: "OfficeActivity", lines: ["OfficeWorkload eq \"MicrosoftTeams\"","Operation eq \"MemberAdded\"","Members[0].UPN contains \"#EXT#\""] },
      { role: "right", source: "OfficeActivity", lines: ["OfficeWorkload eq \"MicrosoftTeams\"","Operation eq \"MemberRemoved\"","Members[0].UPN contains \"#EXT#\""] },
      { role: "right", source: "OfficeActivity", lines: ["RecordType eq \"SharePointFileOperation\"","SourceRelativeUrl contains \"Microsoft Teams Chat Files\"","Operation eq \"FileUploaded\""] },
      { role: "right of the right side", source: "OfficeActivity", lines: ["RecordType eq \"SharePointFileOperation\"","Operation eq \"FileAccessed\"","SourceRelativeUrl contains \"Microsoft Teams Chat Files\""] },
    ],
    correlation: {kind: "join",by: ["UPN","$left.UPN == $right.UserId","$left.OfficeObjectId == $right.OfficeObjectId"],detail: "inner",condition: "TimeDeleted > TimeAdded and right of the right side summarize by OfficeObjectId: FileAccessCount > fileAccessThrehold (fileAccessThrehold = 10)"},
  },
  {
    shape: "`in (subquery)` inside an or",
    path: `${S}/Microsoft Defender XDR/Analytic Rules/PossibleWebpBufferOverflow.yaml`,
    platform: "Microsoft Defender XDR",
    status: 'full',
    lines: [],
    reasons: [],
    stages: [
      { source: "DeviceProcessEvents, DeviceNetworkEvents, DeviceEvents", lines: ["(DeviceId in list $VulnDevices and InitiatingProcessCommandLine contains \".webp\") or ProcessCommandLine contains \".webp\""] },
      { role: "list", name: "VulnDevices", source: "DeviceTvmSoftwareVulnerabilities", lines: ["CveId eq \"CVE-2023-4863\""] },
    ],
    correlation: {kind: "join",by: ["DeviceId"],detail: "in VulnDevices"},
  },
  {
    shape: "Threat Intelligence join whose indicators are first filtered on a list of the log's IPs",
    path: `${S}/Threat Intelligence/Analytic Rules/IPEntity_SigninLogs.yaml`,
    platform: "Entra ID Sign-in Logs",
    status: 'full',
    lines: [],
    reasons: [],
    stages: [
      { role: "left", name: "TI", source: "ThreatIntelligenceIndicator", lines: ["NetworkIP is_not_null or EmailSourceIpAddress is_not_null or NetworkDestinationIP is_not_null or NetworkSourceIP is_not_null","coalesce(NetworkIP, EmailSourceIpAddress, NetworkDestinationIP, NetworkSourceIP) in list $SigninIPs","Active eq true","not Description contains \"State: inactive;\"","not Description contains \"State: falsepos;\""] },
      { role: "right", name: "Signins", source: "SigninLogs, AADNonInteractiveUserSignInLogs", lines: [] },
      { role: "list", name: "SigninIPs", source: "SigninLogs, AADNonInteractiveUserSignInLogs", lines: [] },
    ],
    correlation: {kind: "indicator_match",by: ["$left.TI_ipEntity == $right.IPAddress","coalesce(NetworkIP, EmailSourceIpAddress, NetworkDestinationIP, NetworkSourceIP)"],detail: "ThreatIntelligenceIndicator (innerunique, in SigninIPs)",condition: "SigninLogs_TimeGenerated < ExpirationDateTime"},
  },
];

describe.skipIf(!process.env.RULECAT_CORPUS)('KQL golden rules (real corpus)', () => {
  let catalog: Catalog;
  beforeAll(() => {
    catalog = sourceCatalog('azure-sentinel');
  }, 600_000);

  for (const g of GOLDEN) {
    it(`${g.shape}: ${g.path.split('/').pop()}`, () => {
      const rule = catalog.rules.find((r) => r.files[0]?.path === g.path);
      expect(rule, g.path).toBeDefined();
      expect(rule!.logPlatform).toBe(g.platform);
      expect(renderConjuncts(rule!.logic!.conjuncts)).toEqual(g.lines);
      expect(rule!.logic!.status).toBe(g.status);
      expect(rule!.logic!.reasons).toEqual(g.reasons);
      const stages = rule!.logic!.stages?.map((s) => ({ role: s.role, name: s.name, source: s.source, lines: renderConjuncts(s.conjuncts), ...(s.reasons && { reasons: s.reasons }) }));
      expect(stages).toEqual(g.stages?.map((s) => ({ role: s.role, name: s.name, source: s.source, lines: s.lines, ...(s.reasons && { reasons: s.reasons }) })));
      expect(rule!.logic!.correlation).toEqual(g.correlation);
    });
  }
});
