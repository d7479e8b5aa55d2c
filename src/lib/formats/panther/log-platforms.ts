/** Panther log types (LogTypes, and names of scheduled queries) → normalized log platform names (platforms.ts). */

/** Exact log types first, then prefixes (a type like GSuite.Reports matches the "GSuite." prefix). */
const EXACT: Record<string, string> = {
  'AWS.CloudTrail': 'AWS CloudTrail',
  'AWS.GuardDuty': 'AWS GuardDuty',
  'AWS.SecurityFindingFormat': 'AWS Security Hub',
  'AWS.VPCFlow': 'AWS VPC Flow Logs',
  'AWS.VPCDns': 'AWS Route 53 Resolver',
  'AWS.S3ServerAccess': 'AWS S3 Server Access Logs',
  'AWS.WAFWebACL': 'AWS WAF',
  'AWS.ALB': 'AWS ALB Logs',
  'AWS.BedrockModelInvocation': 'AWS Bedrock',
  'Amazon.EKS.Audit': 'AWS EKS Audit',
  'GCP.AuditLog': 'GCP Audit Logs',
  'GCP.HTTPLoadBalancer': 'GCP HTTP Load Balancer Logs',
  'Azure.MonitorActivity': 'Azure Activity',
  'Azure.Activity': 'Azure Activity',
  'Azure.Audit': 'Entra ID Audit Logs',
  'Azure.SignIn': 'Entra ID Sign-in Logs',
  'Okta.SystemLog': 'Okta System Log',
  'GitHub.Audit': 'GitHub Audit Log',
  'GitHub.Webhook': 'GitHub Audit Log',
  'Windows.EventLogs': 'Windows Security Event Log',
  'OCSF.NetworkActivity': 'Network Traffic',
  'OCSF.DnsActivity': 'DNS',
  'CiscoUmbrella.DNS': 'DNS',
  'Zeek.DNS': 'DNS',
  'Suricata.DNS': 'DNS',
  'Crowdstrike.DNSRequest': 'DNS',
  'Cloudflare.Firewall': 'Firewall',
  'Cloudflare.HttpRequest': 'Proxy / Web',
  'Crowdstrike.FDREvent': 'EDR Telemetry',
  'Crowdstrike.ProcessRollup2': 'EDR Telemetry',
  'Crowdstrike.AIDMaster': 'EDR Telemetry',
  'Crowdstrike.DetectionSummary': 'EDR Alerts',
  'CarbonBlack.AlertV2': 'EDR Alerts',
  'MicrosoftGraph.SecurityAlertV2': 'Security Alerts',
};

const PREFIXES: [string, string][] = [
  ['Microsoft365.Audit.', 'Microsoft 365 Audit'],
  ['MicrosoftDefenderXDR.', 'Microsoft Defender XDR'],
  ['MicrosoftIntune.', 'Microsoft Intune Audit'],
  ['GSuite.', 'Google Workspace'],
  ['GitLab.', 'GitLab Audit'],
  ['Okta.', 'Okta System Log'],
  ['OneLogin.', 'OneLogin'],
  ['Auth0.', 'Auth0 Logs'],
  ['Slack.', 'Slack Audit Logs'],
  ['Databricks.', 'Databricks Audit Logs'],
  ['Box.', 'Box Events'],
  ['Asana.', 'Asana Audit Logs'],
  ['Atlassian.', 'Atlassian Audit Logs'],
  ['Notion.', 'Notion Audit Logs'],
  ['Zoom.', 'Zoom Logs'],
  ['Zendesk.', 'Zendesk Audit Logs'],
  ['Duo.', 'Duo Logs'],
  ['OnePassword.', '1Password Logs'],
  ['Snowflake.', 'Snowflake Logs'],
  ['Snyk.', 'Snyk Audit Logs'],
  ['MongoDB.', 'MongoDB Atlas Events'],
  ['Wiz.', 'Wiz Logs'],
  ['Tines.', 'Tines Audit Logs'],
  ['Gravitational.', 'Teleport Audit Logs'],
  ['Osquery.', 'Osquery'],
  ['Panther.', 'Panther Audit Logs'],
  ['Netskope.', 'Netskope Audit Logs'],
  ['Dropbox.', 'Dropbox Team Events'],
  ['Docusign.', 'DocuSign Events'],
  ['Zscaler.', 'Zscaler ZIA Admin Audit'],
  ['OpenAI.', 'OpenAI Audit Logs'],
  ['Anthropic.', 'Anthropic Activity'],
  ['Tailscale.', 'Tailscale Audit Logs'],
  ['PushSecurity.', 'Push Security'],
  ['Axonius.', 'Axonius Activity'],
  ['Salesforce.', 'Salesforce Events'],
  ['Crowdstrike.', 'CrowdStrike Event Streams'],
  ['CarbonBlack.', 'Carbon Black Audit'],
  ['SentinelOne.', 'SentinelOne Activity'],
  ['Proofpoint.', 'Email'],
  ['Sublime.', 'Email'],
  ['Upwind.', 'Security Alerts'],
  ['ThinkstCanary.', 'Security Alerts'],
  ['Tracebit.', 'Security Alerts'],
  ['AppOmni.', 'Security Alerts'],
  ['SOCRadar.', 'Security Alerts'],
];

/** Platform names this module uses that the shared list did not have. */
export const PANTHER_PLATFORMS = [...new Set([...Object.values(EXACT), ...PREFIXES.map(([, p]) => p)])];

export function pantherLogPlatform(logType: string): string | undefined {
  if (EXACT[logType]) return EXACT[logType];
  for (const [prefix, platform] of PREFIXES) if (logType.startsWith(prefix)) return platform;
  return undefined;
}

/** Scheduled rules name saved queries ("Query.Okta.SkeletonKey", "Auth0 Brute Force Detection"): match on vendor words. */
export function platformFromQueryName(name: string): string | undefined {
  const words = name.replace(/^Query\./, '').split(/[.\s_-]+/).map((w) => w.toLowerCase());
  for (const [prefix, platform] of [...Object.entries(EXACT), ...PREFIXES]) {
    const vendor = prefix.split('.')[0].toLowerCase();
    if (words[0] === vendor || (vendor.length > 3 && words.includes(vendor))) return platform;
  }
  if (words.includes('cloudtrail')) return 'AWS CloudTrail';
  return undefined;
}

/** The one platform of a rule: the first log type that maps. */
export function platformOf(logTypes: string[]): string | undefined {
  for (const t of logTypes) {
    const p = pantherLogPlatform(t) ?? platformFromQueryName(t);
    if (p) return p;
  }
  return undefined;
}

/**
 * Panther's Azure.Audit carries both Entra ID audit and sign-in logs; a rule that deals with sign-ins
 * (is_sign_in_event, SignInLogs) watches the sign-in log.
 */
export function refinePlatform(platform: string | undefined, python: string | undefined): string | undefined {
  if (platform === 'Entra ID Audit Logs' && python && /sign_?in/i.test(python)) return 'Entra ID Sign-in Logs';
  return platform;
}

/** Tables of the data lake that are not a log type's table. */
const OTHER_TABLES: Record<string, string> = {
  kubernetes_control_plane: 'Kubernetes Audit',
  otx_pulses: 'Threat Intelligence',
};

/**
 * A table a query reads → platform: Panther stores each log type in panther_logs.public.<type with dots as
 * underscores> (AWS.CloudTrail → aws_cloudtrail); Snowflake's own snowflake.account_usage views are the
 * Snowflake audit logs. Lookup tables (panther_lookups) name no platform unless listed above.
 */
export function tablePlatform(table: string): string | undefined {
  const parts = table.toLowerCase().split('.');
  const name = parts[parts.length - 1];
  if (parts[0] === 'snowflake') return pantherLogPlatform('Snowflake.AccountUsage');
  if (OTHER_TABLES[name]) return OTHER_TABLES[name];
  if (parts[0] === 'panther_lookups') return undefined;
  const tableOf = (logType: string) => logType.toLowerCase().replace(/\./g, '_');
  for (const logType of Object.keys(EXACT)) if (tableOf(logType) === name) return EXACT[logType];
  for (const [prefix, platform] of PREFIXES) if (name.startsWith(tableOf(prefix))) return platform;
  return undefined;
}
