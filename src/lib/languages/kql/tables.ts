/**
 * Log Analytics / Defender XDR tables → normalized log platforms (platforms.ts).
 *
 * Defender XDR's Device* tables hold events from Windows, macOS and Linux endpoints alike. A rule on
 * DeviceProcessEvents (or DeviceFileEvents, DeviceNetworkEvents, DeviceImageLoadEvents) is filed under the Windows
 * platform (Windows Process Creation...) only when its own conditions show it is about Windows: a value naming a
 * Windows executable or script (.exe, .dll, .ps1...) or a backslash path. Otherwise, and for the other Device*,
 * Identity*, Alert* and CloudAppEvents tables, the platform is "Microsoft Defender XDR". DeviceRegistryEvents is
 * Windows-only, hence always "Windows Registry".
 */
import { leavesOf } from '../../logic/tree.ts';
import type { Condition } from '../../logic/types.ts';

const TABLES: Record<string, string> = {
  awscloudtrail: 'AWS CloudTrail',
  awsguardduty: 'AWS GuardDuty',
  awsvpcflow: 'AWS VPC Flow Logs',
  awss3serveraccess: 'AWS S3 Server Access Logs',
  azureactivity: 'Azure Activity',
  azurediagnostics: 'Azure Platform Logs',
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
  securityevent: 'Windows Security Event Log',
  windowsevent: 'Windows Security Event Log',
  event: 'Windows System Event Log',
  officeactivity: 'Microsoft 365 Audit',
  emailevents: 'Email',
  emailurlinfo: 'Email',
  emailattachmentinfo: 'Email',
  emailpostdeliveryevents: 'Email',
  securityalert: 'EDR Alerts',
  commonsecuritylog: 'Firewall',
  vmconnection: 'Network Traffic',
  azurenetworkanalytics_cl: 'Network Traffic',
  dnsevents: 'DNS',
  w3ciislog: 'Web Server',
  threatintelligenceindicator: 'Threat Intelligence',
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
  [/dns/i, 'DNS'],
  [/networksession/i, 'Network Traffic'],
  [/websession/i, 'Proxy / Web'],
  [/authentication/i, 'Identity Provider'],
];

const WINDOWS_VALUE = /\.(exe|dll|ps1|psm1|bat|cmd|vbs|js|hta|msi|sys|scr|lnk|cpl)\b|\\|%[a-z]+%/i;

/** True when the rule's values name Windows executables, scripts or backslash paths. */
function isAboutWindows(condition: Condition | undefined): boolean {
  if (!condition) return false;
  return leavesOf(condition).some((l) => l.values.some((v) => typeof v === 'string' && WINDOWS_VALUE.test(v)));
}

/** The platform of one table, undefined when it has none in the catalog. */
export function tablePlatform(table: string, condition?: Condition): string | undefined {
  const key = table.toLowerCase();
  if (WINDOWS_TABLES[key] && isAboutWindows(condition)) {
    return WINDOWS_TABLES[key];
  }
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
 * its required connectors name. Sysmon events in the Event table are filed under Windows Sysmon.
 */
export function kqlPlatform(tables: string[], dataTypes: string[], condition?: Condition): string | undefined {
  for (const table of [...tables, ...dataTypes]) {
    const platform = tablePlatform(table, condition);
    if (platform === 'Windows System Event Log' && condition && mentionsSysmon(condition)) return 'Windows Sysmon';
    if (platform) return platform;
  }
  return undefined;
}

function mentionsSysmon(condition: Condition): boolean {
  return leavesOf(condition).some((l) => l.values.some((v) => typeof v === 'string' && /sysmon/i.test(v)));
}
