/**
 * Splunk log sources onto the catalog's platform names (platforms.ts). A detection names its data sources
 * (data_source: "Sysmon EventID 1", "ASL AWS CloudTrail"); data_sources/ gives each its sourcetype. When
 * a detection names none, the sourcetype its search reads (through its first macro) or its data model tells.
 * Each table is ordered: the first matching prefix wins.
 */

/** Data source name prefixes (lower case). */
const BY_DATA_SOURCE: [string, string][] = [
  ['asl aws cloudtrail', 'AWS CloudTrail'],
  ['aws cloudtrail', 'AWS CloudTrail'],
  ['aws cloudwatchlogs vpcflow', 'AWS VPC Flow Logs'],
  ['aws security hub', 'AWS Security Hub'],
  ['aws cloudfront', 'Web Server'],
  ['sysmon for linux eventid 1 ', 'Linux Process Creation'],
  ['sysmon for linux', 'Linux Endpoint'],
  ['windows event log security 4688', 'Windows Process Creation'],
  ['windows event log security', 'Windows Security Event Log'],
  ['windows security', 'Windows Security Event Log'],
  ['windows event log system', 'Windows System Event Log'],
  ['windows defender alerts', 'Microsoft Defender XDR'],
  ['powershell script block logging', 'Windows PowerShell'],
  ['windows iis', 'Web Server'],
  ['crowdstrike processrollup2', 'Windows Process Creation'],
  ['linux auditd', 'Linux Auditd'],
  ['linux secure', 'Linux Endpoint'],
  ['azure active directory sign-in', 'Entra ID Sign-in Logs'],
  ['azure active directory', 'Entra ID Audit Logs'],
  ['azure audit', 'Azure Activity'],
  ['o365', 'Microsoft 365 Audit'],
  ['office 365', 'Microsoft 365 Audit'],
  ['okta', 'Okta System Log'],
  ['pingid', 'Identity Provider'],
  ['authentication events', 'Identity Provider'],
  ['g suite gmail', 'Email'],
  ['g suite', 'Google Workspace'],
  ['google workspace', 'Google Workspace'],
  ['gcp', 'GCP Audit Logs'],
  ['github', 'GitHub Audit Log'],
  ['kubernetes audit', 'Kubernetes Audit'],
  ['kubernetes falco', 'EDR Alerts'],
  ['splunk stream http', 'Proxy / Web'],
  ['splunk stream dns', 'DNS'],
  ['splunk stream', 'Network Traffic'],
  ['suricata', 'Network Traffic'],
  ['bro', 'Network Traffic'],
  ['zeek', 'Network Traffic'],
  ['palo alto network', 'Firewall'],
  ['nginx', 'Web Server'],
  ['crushftp', 'Web Server'],
  ['osquery', 'Linux Endpoint'],
  ['windows active directory', 'Windows Endpoint'],
];

/** Sysmon event IDs by what they record; the rest is "Windows Sysmon". */
const SYSMON_EVENTS: Record<string, string> = {
  '1': 'Windows Process Creation',
  '3': 'Windows Network Activity',
  '7': 'Windows Image Load',
  '11': 'Windows File Activity',
  '15': 'Windows File Activity',
  '23': 'Windows File Activity',
  '26': 'Windows File Activity',
  '12': 'Windows Registry',
  '13': 'Windows Registry',
  '14': 'Windows Registry',
  '22': 'DNS',
};

/** Sourcetype (or source / eventtype) prefixes, lower case. */
const BY_SOURCETYPE: [string, string][] = [
  ['aws:cloudtrail', 'AWS CloudTrail'],
  ['aws:cloudwatchlogs:vpcflow', 'AWS VPC Flow Logs'],
  ['aws:cloudwatchlogs:eks', 'AWS EKS Audit'],
  ['aws:s3:accesslogs', 'AWS S3 Server Access Logs'],
  ['aws:securityhub', 'AWS Security Hub'],
  ['aws:config', 'AWS CloudTrail'],
  ['o365:', 'Microsoft 365 Audit'],
  ['ms:o365', 'Microsoft 365 Audit'],
  ['azure:monitor:aad', 'Entra ID Audit Logs'],
  ['mscs:azure:audit', 'Azure Activity'],
  ['mscs:azure:eventhub', 'Azure Activity'],
  ['google:gcp', 'GCP Audit Logs'],
  ['gsuite:gmail', 'Email'],
  ['gsuite', 'Google Workspace'],
  ['gws:', 'Google Workspace'],
  ['oktaim2', 'Okta System Log'],
  ['okta', 'Okta System Log'],
  ['kube:', 'Kubernetes Audit'],
  ['kubernetes_metrics', 'Kubernetes Metrics'],
  ['mscs:storage:blob:json', 'Kubernetes Audit'],
  ['activedirectory', 'Windows Endpoint'],
  ['cisco_ios', 'Network Traffic'],
  ['unix', 'Linux Endpoint'],
  ['_json', 'Kubernetes Audit'],
  ['xmlwineventlog:security', 'Windows Security Event Log'],
  ['wineventlog:security', 'Windows Security Event Log'],
  ['wineventlog_security', 'Windows Security Event Log'],
  ['xmlwineventlog:system', 'Windows System Event Log'],
  ['wineventlog_system', 'Windows System Event Log'],
  ['xmlwineventlog:microsoft-windows-sysmon', 'Windows Sysmon'],
  ['xmlwineventlog:microsoft-windows-powershell', 'Windows PowerShell'],
  ['xmlwineventlog:microsoft-windows-applocker', 'Windows Endpoint'],
  ['xmlwineventlog', 'Windows Endpoint'],
  ['wineventlog', 'Windows Endpoint'],
  ['wmi', 'Windows Endpoint'],
  ['pwsh', 'Windows Endpoint'],
  ['powershell', 'Windows PowerShell'],
  ['crowdstrike:identities', 'Identity Provider'],
  ['crowdstrike', 'EDR Alerts'],
  ['stream:http', 'Proxy / Web'],
  ['stream:dns', 'DNS'],
  ['stream:', 'Network Traffic'],
  ['zscalernss', 'Proxy / Web'],
  ['zscaler', 'Proxy / Web'],
  ['bro:', 'Network Traffic'],
  ['zeek', 'Network Traffic'],
  ['suricata', 'Network Traffic'],
  ['cisco:ios', 'Network Traffic'],
  ['pan:', 'Firewall'],
  ['linux:audit', 'Linux Auditd'],
  ['linux_secure', 'Linux Endpoint'],
  ['sysmon:linux', 'Linux Endpoint'],
  ['syslog:linux-sysmon', 'Linux Endpoint'],
  ['osquery', 'Linux Endpoint'],
  ['nginx', 'Web Server'],
  ['iis', 'Web Server'],
  ['f5:', 'Web Server'],
  ['ivanti', 'Web Server'],
  ['moveit', 'Web Server'],
  ['crushftp', 'Web Server'],
  ['netbackup', 'Linux Endpoint'],
  ['msexchange', 'Email'],
  ['exchange', 'Email'],
  ['circleci', 'GitHub Audit Log'],
  ['github', 'GitHub Audit Log'],
  ['splunkd', 'Splunk Internal Logs'],
  ['splunk_', 'Splunk Internal Logs'],
  ['risk', 'Splunk Risk Index'],
];

/** CIM data models (or their first dataset) by what they hold. */
const BY_DATAMODEL: [string, string][] = [
  ['endpoint.processes', 'Windows Process Creation'],
  ['endpoint.filesystem', 'Windows File Activity'],
  ['endpoint.registry', 'Windows Registry'],
  ['endpoint.services', 'Windows System Event Log'],
  ['endpoint.ports', 'Windows Network Activity'],
  ['endpoint', 'Windows Endpoint'],
  ['network_resolution', 'DNS'],
  ['network_traffic', 'Network Traffic'],
  ['network_sessions', 'Network Traffic'],
  ['certificates', 'Network Traffic'],
  ['web', 'Proxy / Web'],
  ['email', 'Email'],
  ['authentication', 'Identity Provider'],
  ['intrusion_detection', 'Intrusion Detection'],
  ['vulnerabilities', 'Intrusion Detection'],
  ['risk', 'Splunk Risk Index'],
  ['alerts', 'EDR Alerts'],
  ['identity_management', 'Identity Provider'],
  ['ueba', 'Splunk Risk Index'],
  ['splunk_audit', 'Splunk Internal Logs'],
];

function byPrefix(table: [string, string][], key: string | undefined): string | undefined {
  if (!key) return undefined;
  const k = key.toLowerCase();
  return table.find(([prefix]) => k.startsWith(prefix))?.[1];
}

/** One data source, by its name, else by its sourcetype and source from data_sources/. */
export function platformOfDataSource(name: string, ref?: { sourcetype?: string; source?: string }): string | undefined {
  const sysmon = /^sysmon eventid (\d+)/i.exec(name);
  if (sysmon) return SYSMON_EVENTS[sysmon[1]] ?? 'Windows Sysmon';
  return byPrefix(BY_DATA_SOURCE, `${name} `) ?? byPrefix(BY_SOURCETYPE, ref?.source) ?? byPrefix(BY_SOURCETYPE, ref?.sourcetype);
}

export interface PlatformEvidence {
  dataSources: { name: string; ref?: { sourcetype?: string; source?: string } }[];
  /** sourcetype / source / index / eventtype values the search filters on, in order. */
  sourcetypes: string[];
  datamodels: string[];
  /** Names of the macros the search calls, in order (their names tell when their definitions do not). */
  macros: string[];
  search: string;
}

export function splunkPlatform(e: PlatformEvidence): string | undefined {
  for (const ds of e.dataSources) {
    let p = platformOfDataSource(ds.name, ds.ref);
    // "Azure Active Directory" covers both Entra logs: the search says which category it reads.
    if (p === 'Entra ID Audit Logs' && /signinlogs/i.test(e.search)) p = 'Entra ID Sign-in Logs';
    if (p) return p;
  }
  for (const st of e.sourcetypes) {
    const p = byPrefix(BY_SOURCETYPE, st);
    if (p) return p === 'Entra ID Audit Logs' && /signinlogs/i.test(e.search) ? 'Entra ID Sign-in Logs' : p;
  }
  for (const dm of e.datamodels) {
    const p = byPrefix(BY_DATAMODEL, dm);
    if (p) return p;
  }
  for (const m of e.macros) {
    const p = byPrefix(BY_SOURCETYPE, m.replace(/_/g, ':')) ?? byPrefix(BY_SOURCETYPE, m);
    if (p) return p;
  }
  return undefined;
}
