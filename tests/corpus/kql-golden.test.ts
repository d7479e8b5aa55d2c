/**
 * Golden test on real Sentinel / Defender XDR rules, one per shape. The expected Condition lines were checked by
 * hand against each rule's query (upstream Azure-Sentinel at the corpus snapshot).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCatalog, type Catalog } from '../../src/lib/catalog.ts';
import { renderConjuncts } from '../../src/lib/logic/render.ts';

interface Golden {
  shape: string;
  path: string;
  platform: string;
  status: 'full' | 'partial';
  lines: string[];
  reasons: string[];
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
    shape: 'union operator, subquery list, join',
    path: `${S}/Windows Security Events/Analytic Rules/GainCodeExecutionADFSViaSMB.yaml`,
    platform: 'Windows Security Event Log',
    status: 'partial',
    lines: [
      '(not Account endswith "$" and EventID in [4697, 4698, 4699, 4700, 4701, 4702]) or (not Account endswith "$" and EventID eq 5145 and (RelativeTargetName eq "svcctl" or RelativeTargetName eq "atsvc"))',
    ],
    reasons: ['subquery: ADFS_Servers', 'join: inner'],
  },
  {
    shape: 'let function over table(), union of sign-in tables, join',
    path: `${S}/Microsoft Entra ID/Analytic Rules/ExplicitMFADeny.yaml`,
    platform: 'Entra ID Sign-in Logs',
    status: 'partial',
    lines: [
      'ResultType eq 500121',
      'Status contains "MFA Denied; user declined the authentication" or Status contains "MFA denied; Phone App Reported Fraud"',
    ],
    reasons: ['join: leftouter'],
  },
  {
    shape: 'join of two let-bound queries',
    path: `${S}/Okta Single Sign-On/Analytic Rules/DeviceRegistrationMaliciousIP.yaml`,
    platform: 'Okta System Log',
    status: 'partial',
    lines: ['eventType_s in ["device.enrollment.create"]', 'outcome_result_s eq "SUCCESS"'],
    reasons: ['join: inner'],
  },
  {
    shape: 'summarize + threshold',
    path: `${S}/GoogleCloudPlatformIAM/Analytic Rules/GCPIAMPrivilegesEnumeration.yaml`,
    platform: 'GCP Audit Logs',
    status: 'partial',
    lines: ['PayloadMethodname eq "google.iam.admin.v1.ListRoles"'],
    reasons: ['threshold over aggregate: count_'],
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
      'TargetResources.type eq "Role"',
      'TargetResources.type eq "User"',
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
    shape: 'make-series + series_decompose_anomalies',
    path: `${S}/Azure Activity/Analytic Rules/TimeSeriesAnomaly_Mass_Cloud_Resource_Deletions.yaml`,
    platform: 'Azure Activity',
    status: 'partial',
    lines: ['OperationNameValue endswith "delete"'],
    reasons: ['machine learning: series_decompose_anomalies', 'threshold over aggregate: anomalies, Total, baseline', 'join: innerunique'],
  },
  {
    shape: 'rightsemi join: the right side gives the rows, the left side only keeps some',
    path: `${S}/Microsoft Defender XDR/Analytic Rules/Lateral Movement/ServiceAccountsPerformingRemotePS.yaml`,
    platform: 'Microsoft Defender XDR',
    status: 'partial',
    lines: [
      'ActionType eq "PowerShellCommand"',
      'InitiatingProcessFileName eq "wsmprovhost.exe"',
      'not AdditionalFields.Command in ["prompt", "Out-Default", "out-lineoutput", "format-default", "Set-StrictMode", "TabExpansion2"]',
    ],
    reasons: ['threshold over aggregate: HasInteractiveLogon', 'join: rightsemi'],
  },
  {
    shape: 'mv-apply twice, summarize then a filter on a column summarize did not define',
    path: `${S}/Microsoft Entra ID/Analytic Rules/BulkChangestoPrivilegedAccountPermissions.yaml`,
    platform: 'Entra ID Audit Logs',
    status: 'partial',
    lines: [
      'Category eq "RoleManagement"',
      'ActivityDisplayName contains ["Add eligible member to role", "Add member to role"]',
      'TargetResources.type eq "User"',
      'TargetResources.modifiedProperties.displayName eq "Role.DisplayName"',
      'TargetResources.modifiedProperties.newValue contains "Admin"',
    ],
    reasons: ['threshold over aggregate: dcount_Target', 'join: rightsemi'],
  },
];

describe.skipIf(!process.env.RULECAT_CORPUS)('KQL golden rules (real corpus)', () => {
  let catalog: Catalog;
  beforeAll(() => {
    catalog = buildCatalog({ only: ['azure-sentinel'] });
  }, 600_000);

  for (const g of GOLDEN) {
    it(`${g.shape}: ${g.path.split('/').pop()}`, () => {
      const rule = catalog.rules.find((r) => r.files[0]?.path === g.path);
      expect(rule, g.path).toBeDefined();
      expect(rule!.logPlatform).toBe(g.platform);
      expect(renderConjuncts(rule!.logic!.conjuncts)).toEqual(g.lines);
      expect(rule!.logic!.status).toBe(g.status);
      expect(rule!.logic!.reasons).toEqual(g.reasons);
    });
  }
});
