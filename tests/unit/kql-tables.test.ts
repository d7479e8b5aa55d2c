/** Log Analytics and Defender XDR tables → the catalog's log platform names. */
import { describe, expect, it } from 'vitest';
import { kqlPlatform, tablePlatform } from '../../src/lib/languages/kql/tables.ts';
import { leaf } from '../../src/lib/logic/tree.ts';
import { PLATFORMS } from '../../src/lib/platforms.ts';

const TABLES = [
  'AWSCloudTrail', 'AWSGuardDuty', 'AzureActivity', 'AuditLogs', 'SigninLogs', 'AADNonInteractiveUserSignInLogs', 'Okta_CL',
  'OktaSSO', 'GCPAuditLogs', 'GCP_IAM', 'SecurityEvent', 'WindowsEvent', 'Event', 'OfficeActivity', 'DeviceProcessEvents',
  'DeviceRegistryEvents', 'DeviceEvents', 'EmailEvents', 'SecurityAlert', 'CommonSecurityLog', 'AzureDiagnostics',
];

describe('KQL tables to log platforms', () => {
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
    expect(kqlPlatform(['BehaviorAnalytics', 'SigninLogs'], [])).toBe('Entra ID Sign-in Logs');
    expect(kqlPlatform([], ['AWSCloudTrail'])).toBe('AWS CloudTrail');
    expect(kqlPlatform(['Unknown_CL'], [])).toBeUndefined();
  });

  it('files Sysmon events of the Event table under Windows Sysmon', () => {
    expect(kqlPlatform(['Event'], [], leaf('Source', 'eq', ['Microsoft-Windows-Sysmon']))).toBe('Windows Sysmon');
    expect(kqlPlatform(['Event'], [], leaf('EventLog', 'eq', ['System']))).toBe('Windows System Event Log');
  });
});
