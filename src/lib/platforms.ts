/**
 * Normalized log platform names: one name per log source across vendors, so that "AWS CloudTrail" gathers
 * Panther AWS.CloudTrail, Sigma aws/cloudtrail, Elastic aws.cloudtrail, Splunk aws:cloudtrail, Sentinel
 * AWSCloudTrail and Chronicle's "AWS CloudTrail". Format modules map their identifiers onto these names;
 * add a name here when a source brings a platform none of these covers.
 */
export const PLATFORMS = [
  'AWS CloudTrail',
  'AWS GuardDuty',
  'AWS Security Hub',
  'AWS VPC Flow Logs',
  'AWS S3 Server Access Logs',
  'AWS EKS Audit',
  'AWS WAF',
  'AWS Route 53 Resolver',
  'GCP Audit Logs',
  'Azure Activity',
  'Entra ID Audit Logs',
  'Entra ID Sign-in Logs',
  'Microsoft 365 Audit',
  'Microsoft Defender XDR',
  'Okta System Log',
  'GitHub Audit Log',
  'GitLab Audit',
  'Google Workspace',
  'Kubernetes Audit',
  'Windows Security Event Log',
  'Windows System Event Log',
  'Windows Process Creation',
  'Windows Registry',
  'Windows File Activity',
  'Windows Network Activity',
  'Windows Image Load',
  'Windows PowerShell',
  'Windows Sysmon',
  'Windows Endpoint',
  'Linux Process Creation',
  'Linux Auditd',
  'Linux Endpoint',
  'macOS Process Creation',
  'macOS Endpoint',
  'Network Traffic',
  'DNS',
  'Proxy / Web',
  'Firewall',
  'Web Server',
  'Email',
  'Identity Provider',
  'EDR Alerts',
  'Entra ID Identity Protection',
  'Bitbucket Audit Log',
  'Network Devices',
  'Database',
  'Application Logs',
  'OneLogin',
  'GCP Security Command Center',
  'Microsoft Graph Activity Logs',
  'AWS Bedrock',
  'Azure Platform Logs',
  'Elastic Security Alerts',
  'Threat Intelligence',
  'Intrusion Detection',
  'Splunk Risk Index',
  'Splunk Internal Logs',
  'Kubernetes Metrics',
] as const;

export function platformSlug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
