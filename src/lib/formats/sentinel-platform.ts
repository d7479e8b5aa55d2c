/**
 * Sentinel / Defender XDR: Log Analytics tables, ASIM parser functions and CEF vendors → normalized log platforms
 * (platforms.ts). Vendor knowledge, so it lives with the Sentinel format and not in the KQL language module.
 *
 * Defender XDR's Device* tables hold events from Windows, macOS and Linux endpoints alike. A rule on
 * DeviceProcessEvents (or DeviceFileEvents, DeviceNetworkEvents, DeviceImageLoadEvents) is filed under the Windows
 * platform (Windows Process Creation...) only when its own conditions show it is about Windows: a value naming a
 * Windows executable or script (.exe, .dll, .ps1...) or a backslash path. Otherwise, and for the other Device*,
 * Identity*, Alert* and CloudAppEvents tables, the platform is "Microsoft Defender XDR". DeviceRegistryEvents is
 * Windows-only, hence always "Windows Registry".
 *
 * Shared tables carry several products: CommonSecurityLog (CEF) is filed by the DeviceVendor / DeviceProduct the
 * rule filters on, AzureDiagnostics by the resource type or category, Syslog by the daemon, Cisco_Umbrella by its
 * EventType. Without such a filter they keep the table's own platform.
 */
import { leavesOf } from '../logic/tree.ts';
import type { Condition } from '../logic/types.ts';

const TABLES: Record<string, string> = {
  awscloudtrail: 'AWS CloudTrail',
  awsguardduty: 'AWS GuardDuty',
  awsvpcflow: 'AWS VPC Flow Logs',
  awss3serveraccess: 'AWS S3 Server Access Logs',
  azureactivity: 'Azure Activity',
  azurediagnostics: 'Azure Platform Logs',
  azfwidpssignature: 'Intrusion Detection',
  azfwnetworkrule: 'Firewall',
  azfwapplicationrule: 'Firewall',
  auditlogs: 'Entra ID Audit Logs',
  signinlogs: 'Entra ID Sign-in Logs',
  aadnoninteractiveusersigninlogs: 'Entra ID Sign-in Logs',
  aadserviceprincipalsigninlogs: 'Entra ID Sign-in Logs',
  aadmanagedidentitysigninlogs: 'Entra ID Sign-in Logs',
  adfssigninlogs: 'Entra ID Sign-in Logs',
  aadsignineventsbeta: 'Entra ID Sign-in Logs',
  microsoftgraphactivitylogs: 'Microsoft Graph Activity Logs',
  okta_cl: 'Okta System Log',
  oktasso: 'Okta System Log',
  oktav2_cl: 'Okta System Log',
  okta: 'Okta System Log',
  gcpauditlogs: 'GCP Audit Logs',
  gcp_iam: 'GCP Audit Logs',
  gcp_iam_cl: 'GCP Audit Logs',
  gworkspaceactivityreports: 'Google Workspace',
  githubauditdata: 'GitHub Audit Log',
  // Repository (Dependabot) alerts from the same GitHub connector; Splunk files its GitHub sourcetypes alike.
  githubrepo: 'GitHub Audit Log',
  securityevent: 'Windows Security Event Log',
  windowsevent: 'Windows Security Event Log',
  event: 'Windows System Event Log',
  syslog: 'Linux Endpoint',
  officeactivity: 'Microsoft 365 Audit',
  // Dynamics 365, Dataverse and Power Platform activity reach Sentinel from the Microsoft 365 unified audit log.
  dynamics365activity: 'Microsoft 365 Audit',
  dataverseactivity: 'Microsoft 365 Audit',
  powerplatformadminactivity: 'Microsoft 365 Audit',
  powerautomateactivity: 'Microsoft 365 Audit',
  powerappsactivity: 'Microsoft 365 Audit',
  financeoperationsactivity_cl: 'Dynamics 365 Finance and Operations',
  emailevents: 'Email',
  emailurlinfo: 'Email',
  emailattachmentinfo: 'Email',
  emailpostdeliveryevents: 'Email',
  securityalert: 'EDR Alerts',
  securitynestedrecommendation: 'Microsoft Defender for Cloud Recommendations',
  securityrecommendation: 'Microsoft Defender for Cloud Recommendations',
  commonsecuritylog: 'Firewall',
  crowdstrikefalconeventstream: 'CrowdStrike Event Streams',
  sentinelone: 'SentinelOne Activity',
  sentinelone_cl: 'SentinelOne Activity',
  infobloxinsight: 'Security Alerts',
  infobloxcdc_socinsights: 'Security Alerts',
  cisco_umbrella_proxy_cl: 'Proxy / Web',
  cisco_umbrella_dns_cl: 'DNS',
  vmconnection: 'Network Traffic',
  azurenetworkanalytics_cl: 'Network Traffic',
  dnsevents: 'DNS',
  w3ciislog: 'Web Server',
  threatintelligenceindicator: 'Threat Intelligence',
  boxevents: 'Box Events',
  boxevents_cl: 'Box Events',
  slackaudit: 'Slack Audit Logs',
  slackaudit_cl: 'Slack Audit Logs',
  salesforceservicecloud: 'Salesforce Events',
  salesforceservicecloud_cl: 'Salesforce Events',
  onepassworditemusageevents_cl: '1Password Logs',
  onepasswordsigninevents_cl: '1Password Logs',
  onepasswordauditevents_cl: '1Password Logs',
  onepasswordeventlogs_cl: '1Password Logs',
  devicefileevents: 'Microsoft Defender XDR',
  deviceprocessevents: 'Microsoft Defender XDR',
  devicenetworkevents: 'Microsoft Defender XDR',
  deviceimageloadevents: 'Microsoft Defender XDR',
  deviceregistryevents: 'Windows Registry',
  deviceevents: 'Microsoft Defender XDR',
  devicelogonevents: 'Microsoft Defender XDR',
  deviceinfo: 'Microsoft Defender XDR',
  devicenetworkinfo: 'Microsoft Defender XDR',
  devicefilecertificateinfo: 'Microsoft Defender XDR',
  identitylogonevents: 'Microsoft Defender XDR',
  identityqueryevents: 'Microsoft Defender XDR',
  identitydirectoryevents: 'Microsoft Defender XDR',
  alertinfo: 'Microsoft Defender XDR',
  alertevidence: 'Microsoft Defender XDR',
  cloudappevents: 'Microsoft Defender XDR',
};

/** Device* tables with a Windows platform of their own, used when the rule's values are Windows ones. */
const WINDOWS_TABLES: Record<string, string> = {
  deviceprocessevents: 'Windows Process Creation',
  devicefileevents: 'Windows File Activity',
  devicenetworkevents: 'Windows Network Activity',
  deviceimageloadevents: 'Windows Image Load',
};

/** ASIM parsers (functions standing for tables) by schema. */
const ASIM: [RegExp, string][] = [
  [/processevent|processcreate/i, 'Windows Process Creation'],
  [/registryevent/i, 'Windows Registry'],
  [/dns/i, 'DNS'],
  [/networksession/i, 'Network Traffic'],
  [/websession/i, 'Proxy / Web'],
  [/authentication/i, 'Identity Provider'],
];

type Refinement = { fields: RegExp; values: [RegExp, string][] };

/** Shared tables whose rows come from many products: the product the rule filters on names the platform. */
const REFINEMENTS: Record<string, Refinement> = {
  // CEF forwarded by the vendor's appliance; names follow the other vendors' (Splunk pan:*, zscalernss...).
  commonsecuritylog: {
    fields: /^Device(Vendor|Product)$/i,
    values: [
      [/zscaler/i, 'Proxy / Web'],
      [/crowdstrike/i, 'CrowdStrike Event Streams'],
      [/infoblox/i, 'Security Alerts'],
      [/palo ?alto|fortinet|fortigate|check ?point|cisco|^(asa|ftd)$|sonicwall|watchguard|barracuda/i, 'Firewall'],
    ],
  },
  azurediagnostics: {
    fields: /^(ResourceType|Category|ResourceProvider)$/i,
    values: [
      [/^azurefirewall/i, 'Firewall'],
      [/^SQLSecurityAuditEvents$|^servers\/databases$/i, 'Database'],
    ],
  },
  syslog: { fields: /^ProcessName$/i, values: [[/squid/i, 'Proxy / Web']] },
  cisco_umbrella: { fields: /^EventType$/i, values: [[/^proxylogs$/i, 'Proxy / Web'], [/^dnslogs$/i, 'DNS']] },
};

const WINDOWS_VALUE = /\.(exe|dll|ps1|psm1|bat|cmd|vbs|js|hta|msi|sys|scr|lnk|cpl)\b|\\|%[a-z]+%/i;

const stringValues = (condition: Condition | undefined, field?: RegExp): string[] =>
  condition
    ? leavesOf(condition)
        .filter((l) => !field || field.test(l.field))
        .flatMap((l) => l.values.filter((v): v is string => typeof v === 'string'))
    : [];

/** True when the rule's values name Windows executables, scripts or backslash paths. */
const isAboutWindows = (condition: Condition | undefined) => stringValues(condition).some((v) => WINDOWS_VALUE.test(v));

/** The platform of the product a shared table's rule filters on, when the rule names one. */
function refined(key: string, condition: Condition | undefined): string | undefined {
  const refinement = REFINEMENTS[key];
  if (!refinement) return undefined;
  const values = stringValues(condition, refinement.fields);
  return refinement.values.find(([pattern]) => values.some((v) => pattern.test(v)))?.[1];
}

/** The platform of one table, undefined when it has none in the catalog. */
export function tablePlatform(table: string, condition?: Condition): string | undefined {
  const key = table.toLowerCase();
  if (WINDOWS_TABLES[key] && isAboutWindows(condition)) {
    return WINDOWS_TABLES[key];
  }
  const product = refined(key, condition);
  if (product) return product;
  if (TABLES[key]) return TABLES[key];
  if (/^_?(asim|im)_?/i.test(table)) {
    const asim = ASIM.find(([pattern]) => pattern.test(table))?.[1];
    if (asim === 'Windows Process Creation') return isAboutWindows(condition) ? asim : 'Windows Endpoint';
    return asim;
  }
  return undefined;
}

/**
 * The rule's log platform: the first of its query's source tables that has one, else the first of the data types
 * its required connectors name. Sysmon events in the Event table are filed under Windows Sysmon. Threat
 * intelligence indicators are what a rule matches the events against, not the events it watches: a rule joining
 * them to another log is filed under that log's platform, and under Threat Intelligence only when it reads no other.
 */
export function sentinelPlatform(tables: string[], dataTypes: string[], condition?: Condition): string | undefined {
  const platforms = [...tables, ...dataTypes].map((table) => {
    const platform = tablePlatform(table, condition);
    return platform === 'Windows System Event Log' && stringValues(condition).some((v) => /sysmon/i.test(v)) ? 'Windows Sysmon' : platform;
  });
  const known = platforms.filter((p): p is string => p !== undefined);
  return known.find((p) => p !== 'Threat Intelligence') ?? known[0];
}
