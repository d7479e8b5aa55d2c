/**
 * Which ATT&CK techniques a log platform could cover: the active top-level techniques whose ATT&CK platforms
 * (data/attack/platforms.json, from MITRE's x_mitre_platforms) include the log platform's. CloudTrail is IaaS,
 * Okta an Identity Provider, Microsoft 365 an Office Suite, Windows event logs Windows. Log platforms that
 * cross domains (network traffic, EDR alerts, email) have no scope: their pages omit "none covers".
 */
import rawPlatforms from '../../../data/attack/platforms.json' with { type: 'json' };
import { TECHNIQUES, type AttackTechnique } from '../attack/index.ts';

const platformsOf = (rawPlatforms as { version: string; platforms: Record<string, string[]> }).platforms;

export const ATTACK_PLATFORMS_VERSION = (rawPlatforms as { version: string }).version;

const IAAS = ['IaaS'];
const IDP = ['Identity Provider'];
const SAAS = ['SaaS'];

/** Log platform (platforms.ts) → ATT&CK platforms. */
export const LOG_PLATFORM_SCOPE: Readonly<Record<string, readonly string[]>> = {
  'AWS CloudTrail': IAAS,
  'AWS GuardDuty': IAAS,
  'AWS Security Hub': IAAS,
  'AWS Resources': IAAS,
  'AWS S3 Server Access Logs': IAAS,
  'AWS Bedrock': IAAS,
  'GCP Audit Logs': IAAS,
  'GCP Security Command Center': IAAS,
  'Azure Activity': IAAS,
  'Azure Platform Logs': IAAS,
  'AWS EKS Audit': ['Containers'],
  'Kubernetes Audit': ['Containers'],
  'Entra ID Audit Logs': IDP,
  'Entra ID Sign-in Logs': IDP,
  'Entra ID Identity Protection': IDP,
  'Okta System Log': IDP,
  'Identity Provider': IDP,
  OneLogin: IDP,
  'Auth0 Logs': IDP,
  'Duo Logs': IDP,
  'Microsoft 365 Audit': ['Office Suite'],
  'Google Workspace': ['Office Suite'],
  'Microsoft Graph Activity Logs': ['Office Suite', 'Identity Provider'],
  'GitHub Audit Log': SAAS,
  'GitLab Audit': SAAS,
  'Bitbucket Audit Log': SAAS,
  'Slack Audit Logs': SAAS,
  'Box Events': SAAS,
  'Zoom Logs': SAAS,
  'Salesforce Events': SAAS,
  'Snowflake Logs': SAAS,
  'Databricks Audit Logs': SAAS,
  'Atlassian Audit Logs': SAAS,
  'Notion Audit Logs': SAAS,
  'Asana Audit Logs': SAAS,
  'Zendesk Audit Logs': SAAS,
  'Dropbox Team Events': SAAS,
  'DocuSign Events': SAAS,
  '1Password Logs': SAAS,
  'Windows Security Event Log': ['Windows'],
  'Windows System Event Log': ['Windows'],
  'Windows Process Creation': ['Windows'],
  'Windows Registry': ['Windows'],
  'Windows File Activity': ['Windows'],
  'Windows Network Activity': ['Windows'],
  'Windows Image Load': ['Windows'],
  'Windows PowerShell': ['Windows'],
  'Windows Sysmon': ['Windows'],
  'Windows Endpoint': ['Windows'],
  'Linux Process Creation': ['Linux'],
  'Linux Auditd': ['Linux'],
  'Linux Endpoint': ['Linux'],
  'macOS Process Creation': ['macOS'],
  'macOS Endpoint': ['macOS'],
  'Network Devices': ['Network Devices'],
};

/** ATT&CK platforms of a technique ID (empty for revoked, deprecated and unknown IDs). */
export function attackPlatformsOf(id: string): readonly string[] {
  return platformsOf[id] ?? [];
}

/** Active top-level techniques of the given ATT&CK platforms, or undefined when `platforms` is undefined. */
export function techniquesOfPlatforms(platforms: readonly string[] | undefined): AttackTechnique[] | undefined {
  if (!platforms) return undefined;
  const wanted = new Set(platforms);
  return TECHNIQUES.filter((t) => !t.parent && !t.revokedBy && !t.deprecated && attackPlatformsOf(t.id).some((p) => wanted.has(p)));
}

/** The technique scope of a log platform, undefined when it has none. */
export function logPlatformScope(logPlatform: string): { attackPlatforms: readonly string[]; techniques: AttackTechnique[] } | undefined {
  const attackPlatforms = LOG_PLATFORM_SCOPE[logPlatform];
  return attackPlatforms ? { attackPlatforms, techniques: techniquesOfPlatforms(attackPlatforms)! } : undefined;
}
