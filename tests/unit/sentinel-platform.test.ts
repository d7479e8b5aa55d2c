/** Sentinel: Log Analytics and Defender XDR tables, ASIM functions and CEF vendors → the catalog's log platform names. */
import { describe, expect, it } from 'vitest';
import { sentinelPlatform, tablePlatform } from '../../src/lib/formats/sentinel-platform.ts';
import { leaf } from '../../src/lib/logic/tree.ts';
import { PLATFORMS } from '../../src/lib/platforms.ts';

const TABLES = [
  'AWSCloudTrail', 'AWSGuardDuty', 'AzureActivity', 'AuditLogs', 'SigninLogs', 'AADNonInteractiveUserSignInLogs', 'Okta_CL',
  'OktaSSO', 'GCPAuditLogs', 'GCP_IAM', 'SecurityEvent', 'WindowsEvent', 'Event', 'OfficeActivity', 'DeviceProcessEvents',
  'DeviceRegistryEvents', 'DeviceEvents', 'EmailEvents', 'SecurityAlert', 'CommonSecurityLog', 'AzureDiagnostics',
];

const NEW_TABLES: [string, string][] = [
  ['BoxEvents', 'Box Events'], ['Cisco_Umbrella_proxy_CL', 'Proxy / Web'], ['CrowdStrikeFalconEventStream', 'CrowdStrike Event Streams'],
  ['SecurityNestedRecommendation', 'Microsoft Defender for Cloud Recommendations'], ['Dynamics365Activity', 'Microsoft 365 Audit'], ['DataverseActivity', 'Microsoft 365 Audit'],
  ['PowerPlatformAdminActivity', 'Microsoft 365 Audit'], ['FinanceOperationsActivity_CL', 'Dynamics 365 Finance and Operations'],
  ['GitHubAuditData', 'GitHub Audit Log'], ['GWorkspaceActivityReports', 'Google Workspace'], ['InfobloxInsight', 'Security Alerts'],
  ['OnePasswordSignInEvents_CL', '1Password Logs'], ['SalesforceServiceCloud', 'Salesforce Events'], ['SentinelOne', 'SentinelOne Activity'],
  ['SlackAudit', 'Slack Audit Logs'], ['Syslog', 'Linux Endpoint'], ['AZFWIdpsSignature', 'Intrusion Detection'],
];

describe('Sentinel tables to log platforms', () => {
  it('maps the connector tables of the SaaS, cloud and security-product Solutions', () => {
    for (const [table, platform] of NEW_TABLES) expect(tablePlatform(table), table).toBe(platform);
    for (const [, platform] of NEW_TABLES) expect(PLATFORMS as readonly string[]).toContain(platform);
  });

  it('files CommonSecurityLog rules by the CEF vendor or product they filter on, else as Firewall', () => {
    expect(tablePlatform('CommonSecurityLog', leaf('DeviceVendor', 'eq', ['Zscaler']))).toBe('Proxy / Web');
    expect(tablePlatform('CommonSecurityLog', leaf('DeviceVendor', 'eq', ['Palo Alto Networks']))).toBe('Firewall');
    expect(tablePlatform('CommonSecurityLog', leaf('DeviceProduct', 'contains', ['ASA', 'FTD']))).toBe('Firewall');
    expect(tablePlatform('CommonSecurityLog', leaf('DeviceVendor', 'eq', ['CrowdStrike']))).toBe('CrowdStrike Event Streams');
    // A vendor name in another column (a URL, a message) says nothing about which appliance sent the event.
    expect(tablePlatform('CommonSecurityLog', leaf('RequestURL', 'contains', ['zscaler']))).toBe('Firewall');
  });

  it('files shared Azure, Syslog and Umbrella tables by the product the rule filters on', () => {
    expect(tablePlatform('AzureDiagnostics', leaf('ResourceType', 'eq', ['AZUREFIREWALLS']))).toBe('Firewall');
    expect(tablePlatform('AzureDiagnostics', leaf('Category', 'eq', ['SQLSecurityAuditEvents']))).toBe('Database');
    expect(tablePlatform('AzureDiagnostics', leaf('ResourceType', 'eq', ['VAULTS']))).toBe('Azure Platform Logs');
    expect(tablePlatform('Syslog', leaf('ProcessName', 'contains', ['squid']))).toBe('Proxy / Web');
    expect(tablePlatform('Syslog', leaf('ProcessName', 'contains', ['sshd']))).toBe('Linux Endpoint');
    expect(tablePlatform('Cisco_Umbrella', leaf('EventType', 'eq', ['proxylogs']))).toBe('Proxy / Web');
    expect(tablePlatform('Cisco_Umbrella', leaf('EventType', 'eq', ['dnslogs']))).toBe('DNS');
    expect(tablePlatform('Cisco_Umbrella')).toBeUndefined();
  });

  it('files ASIM parser functions by their schema', () => {
    expect(tablePlatform('_Im_Dns')).toBe('DNS');
    expect(tablePlatform('_ASim_NetworkSession')).toBe('Network Traffic');
    expect(tablePlatform('_Im_WebSession')).toBe('Proxy / Web');
    expect(tablePlatform('imAuthentication')).toBe('Identity Provider');
    expect(tablePlatform('_Im_RegistryEvent')).toBe('Windows Registry');
    expect(tablePlatform('_Im_ProcessCreate', leaf('TargetProcessName', 'endswith', ['\\rundll32.exe']))).toBe('Windows Process Creation');
    expect(tablePlatform('_Im_ProcessCreate')).toBe('Windows Endpoint');
  });

  it('skips a watchlist or helper table and takes the platform of the connector data type', () => {
    expect(sentinelPlatform(['MSBizAppsVIPUsers'], ['DataverseActivity'])).toBe('Microsoft 365 Audit');
  });

  it('maps the tables named in the issue onto the shared platform names', () => {
    expect(TABLES.map((t) => tablePlatform(t))).toEqual([
      'AWS CloudTrail', 'AWS GuardDuty', 'Azure Activity', 'Entra ID Audit Logs', 'Entra ID Sign-in Logs', 'Entra ID Sign-in Logs',
      'Okta System Log', 'Okta System Log', 'GCP Audit Logs', 'GCP Audit Logs', 'Windows Security Event Log',
      'Windows Security Event Log', 'Windows System Event Log', 'Microsoft 365 Audit', 'Microsoft Defender XDR', 'Windows Registry',
      'Microsoft Defender XDR', 'Email', 'EDR Alerts', 'Firewall', 'Azure Platform Logs',
    ]);
  });

  it('only uses names that platforms.ts defines', () => {
    for (const t of TABLES) {
      const p = tablePlatform(t, leaf('FileName', 'eq', ['cmd.exe']));
      if (p) expect(PLATFORMS as readonly string[]).toContain(p);
    }
  });

  it('files Defender process, file, network and image-load rules under Windows only when their values are Windows ones', () => {
    expect(tablePlatform('DeviceProcessEvents', leaf('FileName', 'in', ['rundll32.exe']))).toBe('Windows Process Creation');
    expect(tablePlatform('DeviceProcessEvents', leaf('ProcessCommandLine', 'contains', ['%TEMP%']))).toBe('Windows Process Creation');
    expect(tablePlatform('DeviceFileEvents', leaf('FolderPath', 'startswith', ['C:\\Users\\']))).toBe('Windows File Activity');
    expect(tablePlatform('DeviceProcessEvents', leaf('ProcessCommandLine', 'contains', ['curl -s']))).toBe('Microsoft Defender XDR');
    expect(tablePlatform('DeviceProcessEvents')).toBe('Microsoft Defender XDR');
  });

  it('takes the first source table with a platform, then the connectors data types', () => {
    expect(sentinelPlatform(['BehaviorAnalytics', 'SigninLogs'], [])).toBe('Entra ID Sign-in Logs');
    expect(sentinelPlatform([], ['AWSCloudTrail'])).toBe('AWS CloudTrail');
    expect(sentinelPlatform(['Unknown_CL'], [])).toBeUndefined();
  });

  it('files Sysmon events of the Event table under Windows Sysmon', () => {
    expect(sentinelPlatform(['Event'], [], leaf('Source', 'eq', ['Microsoft-Windows-Sysmon']))).toBe('Windows Sysmon');
    expect(sentinelPlatform(['Event'], [], leaf('EventLog', 'eq', ['System']))).toBe('Windows System Event Log');
  });
});
