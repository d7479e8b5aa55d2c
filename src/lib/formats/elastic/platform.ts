/**
 * Elastic rules → one normalized log platform (platforms.ts), from what the rule names, most specific first:
 * the datasets its query filters on, integration index patterns, endpoint data (OS × event category), tags.
 */

export interface PlatformClues {
  index: string[];
  tags: string[];
  /** event.dataset / data_stream.dataset values the query names. */
  datasets: string[];
  /** Event categories: EQL `<category> where`, event.category values. */
  categories: string[];
  /** host.os.type values the query names. */
  osTypes: string[];
  /** Free text that may name the OS when nothing else does: title, machine-learning job ids. */
  hints?: string[];
}

/** Dataset (or index after `logs-`) prefixes of integrations with one platform. First match wins. */
const INTEGRATIONS: [string, string][] = [
  ['aws.cloudtrail', 'AWS CloudTrail'],
  ['aws.guardduty', 'AWS GuardDuty'],
  ['aws.securityhub', 'AWS Security Hub'],
  ['aws.vpcflow', 'AWS VPC Flow Logs'],
  ['aws.s3access', 'AWS S3 Server Access Logs'],
  ['aws.waf', 'AWS WAF'],
  ['aws.route53', 'AWS Route 53 Resolver'],
  ['aws_bedrock', 'AWS Bedrock'],
  ['gcp.audit', 'GCP Audit Logs'],
  ['azure.activitylogs', 'Azure Activity'],
  ['azure.auditlogs', 'Entra ID Audit Logs'],
  ['azure.signinlogs', 'Entra ID Sign-in Logs'],
  ['azure.identity_protection', 'Entra ID Identity Protection'],
  ['azure.graphactivitylogs', 'Microsoft Graph Activity Logs'],
  ['azure.aadgraphactivitylogs', 'Microsoft Graph Activity Logs'],
  ['azure.platformlogs', 'Azure Platform Logs'],
  ['entityanalytics_entra_id', 'Entra ID Audit Logs'],
  ['o365.audit', 'Microsoft 365 Audit'],
  ['okta', 'Okta System Log'],
  ['github.audit', 'GitHub Audit Log'],
  ['kubernetes.audit_logs', 'Kubernetes Audit'],
  ['google_workspace', 'Google Workspace'],
  ['windows.powershell', 'Windows PowerShell'],
  ['system.security', 'Windows Security Event Log'],
  ['windows.security', 'Windows Security Event Log'],
  ['windows.forwarded', 'Windows Security Event Log'],
  ['system.system', 'Windows System Event Log'],
  ['system.application', 'Application Logs'],
  ['network_traffic.dns', 'DNS'],
  ['zeek.dns', 'DNS'],
  ['network_traffic', 'Network Traffic'],
  ['zeek', 'Network Traffic'],
  ['corelight', 'Network Traffic'],
  ['suricata', 'Network Traffic'],
  ['panw', 'Firewall'],
  ['fortinet', 'Firewall'],
  ['pfsense', 'Firewall'],
  ['cisco_ftd', 'Firewall'],
  ['sonicwall', 'Firewall'],
  ['nginx.', 'Web Server'],
  ['apache.', 'Web Server'],
  ['apache_tomcat.', 'Web Server'],
  ['iis.', 'Web Server'],
  ['traefik.', 'Web Server'],
  ['azure_openai', 'Azure Platform Logs'],
  ['ml_beaconing', 'Network Traffic'],
  ['apm-', 'Application Logs'],
  ['traces-apm', 'Application Logs'],
  ['auditd_manager', 'Linux Auditd'],
  ['auditd', 'Linux Auditd'],
  ['system.auth', 'Linux Endpoint'],
  ['system.syslog', 'Linux Endpoint'],
  ['fim.event', 'Linux Endpoint'],
  ['endpoint.alerts', 'EDR Alerts'],
  ['m365_defender.alert', 'Microsoft Defender XDR'],
  ['m365_defender.incident', 'Microsoft Defender XDR'],
  ['sentinel_one.threat', 'EDR Alerts'],
  ['microsoft_sentinel.alert', 'EDR Alerts'],
  ['google_secops.alert', 'EDR Alerts'],
  ['ibm_qradar.offense', 'EDR Alerts'],
  ['elastic_security.alert', 'EDR Alerts'],
  ['splunk.alert', 'EDR Alerts'],
  ['cyberarkpas', 'Identity Provider'],
  ['ti_', 'Threat Intelligence'],
];

/** Index patterns of endpoint data (several EDRs share one rule); their OS and category decide the platform. */
const ENDPOINT_INDEX = /^(logs-endpoint\.events|winlogbeat|endgame|auditbeat|logs-windows\.|logs-sentinel_one_cloud_funnel|logs-crowdstrike|logs-m365_defender\.event|logs-cloud_defend|logs-jamf_protect|logs-system\.security|logs-auditd)/;

/** `Data Source:` tags, lower-cased, to platforms; used when index and query say nothing specific. */
const TAG_PLATFORMS: [string, string][] = [
  ['data source: aws cloudtrail', 'AWS CloudTrail'],
  ['data source: aws guardduty', 'AWS GuardDuty'],
  ['data source: amazon bedrock', 'AWS Bedrock'],
  ['data source: aws bedrock', 'AWS Bedrock'],
  ['data source: aws', 'AWS CloudTrail'],
  ['data source: amazon web services', 'AWS CloudTrail'],
  ['data source: gcp', 'GCP Audit Logs'],
  ['data source: google cloud platform', 'GCP Audit Logs'],
  ['data source: azure activity logs', 'Azure Activity'],
  ['data source: microsoft entra id audit logs', 'Entra ID Audit Logs'],
  ['data source: microsoft entra id sign-in logs', 'Entra ID Sign-in Logs'],
  ['data source: entra id sign-in', 'Entra ID Sign-in Logs'],
  ['data source: microsoft entra id', 'Entra ID Sign-in Logs'],
  ['data source: entra id', 'Entra ID Sign-in Logs'],
  ['data source: azure', 'Azure Activity'],
  ['data source: microsoft 365', 'Microsoft 365 Audit'],
  ['data source: okta', 'Okta System Log'],
  ['data source: github', 'GitHub Audit Log'],
  ['data source: kubernetes', 'Kubernetes Audit'],
  ['data source: google workspace', 'Google Workspace'],
  ['data source: windows security event logs', 'Windows Security Event Log'],
  ['data source: powershell logs', 'Windows PowerShell'],
  ['data source: active directory', 'Windows Security Event Log'],
  ['data source: network packet capture', 'Network Traffic'],
  ['data source: network traffic', 'Network Traffic'],
  ['data source: zeek', 'Network Traffic'],
  ['data source: pan-os', 'Firewall'],
  ['data source: fortinet', 'Firewall'],
  ['data source: apm', 'Application Logs'],
];

const OS_NAMES: Record<string, 'windows' | 'linux' | 'macos'> = {
  'os: windows': 'windows',
  'os: linux': 'linux',
  'os: macos': 'macos',
  windows: 'windows',
  linux: 'linux',
  macos: 'macos',
};

const WINDOWS_CATEGORIES: Record<string, string> = {
  process: 'Windows Process Creation',
  registry: 'Windows Registry',
  file: 'Windows File Activity',
  network: 'Windows Network Activity',
  dns: 'Windows Network Activity',
  library: 'Windows Image Load',
  driver: 'Windows Image Load',
};

function integrationPlatform(name: string): string | undefined {
  const key = name.toLowerCase().replace(/^logs-/, '');
  return INTEGRATIONS.find(([prefix]) => key.startsWith(prefix))?.[1];
}

function osOf(clues: PlatformClues): 'windows' | 'linux' | 'macos' | undefined {
  for (const source of [clues.osTypes, clues.tags]) {
    const found = source.map((s) => OS_NAMES[s.toLowerCase()]).filter(Boolean);
    if (found.length) return found[0];
  }
  if (clues.index.some((i) => /^(winlogbeat|logs-windows|logs-system\.security)/.test(i))) return 'windows';
  if (clues.index.some((i) => /^(logs-auditd|logs-cloud_defend)/.test(i))) return 'linux';
  if (clues.index.some((i) => i.startsWith('logs-jamf_protect'))) return 'macos';
  const hints = (clues.hints ?? []).join(' ').toLowerCase();
  if (/\b(windows|rdp)\b|_windows_|_rdp_|windows_/.test(hints)) return 'windows';
  if (/\blinux\b|_linux_|linux_/.test(hints)) return 'linux';
  if (/\bmacos\b|_macos_|macos_/.test(hints)) return 'macos';
  return undefined;
}

function endpointPlatform(clues: PlatformClues): string | undefined {
  const os = osOf(clues);
  if (!os) {
    // EDR alert promotions (endgame-*, endpoint alerts) name no OS.
    if (clues.index.length && clues.index.every((i) => /^(endgame-|logs-endpoint\.alerts)/.test(i))) return 'EDR Alerts';
    return undefined;
  }
  const fromIndex = clues.index.map((i) => /^logs-endpoint\.events\.([a-z]+)/.exec(i)?.[1]).filter((c): c is string => !!c);
  const categories = [...clues.categories, ...fromIndex].map((c) => c.toLowerCase());
  const category = categories.find((c) => c !== 'any');
  if (os === 'windows') {
    if (category && WINDOWS_CATEGORIES[category]) return WINDOWS_CATEGORIES[category];
    if (clues.index.every((i) => /^logs-windows\.powershell/.test(i)) && clues.index.length) return 'Windows PowerShell';
    const securityOnly = clues.index.length > 0 && clues.index.every((i) => /^(logs-system\.security|logs-windows\.forwarded|winlogbeat)/.test(i));
    if (securityOnly || clues.tags.includes('Data Source: Windows Security Event Logs')) return 'Windows Security Event Log';
    return 'Windows Endpoint';
  }
  const prefix = os === 'linux' ? 'Linux' : 'macOS';
  if (category === 'process') return `${prefix} Process Creation`;
  if (os === 'linux' && clues.index.length && clues.index.every((i) => i.startsWith('logs-auditd'))) return 'Linux Auditd';
  return `${prefix} Endpoint`;
}

/** The platform of an Elastic rule, or undefined when nothing names one. */
export function elasticPlatform(clues: PlatformClues): string | undefined {
  for (const dataset of clues.datasets) {
    if (/^endpoint\.events\./.test(dataset)) continue;
    const p = integrationPlatform(dataset);
    if (p && !(p === 'Windows Security Event Log' && clues.categories.includes('process'))) return p;
  }
  // Rules over other rules' alerts (building blocks, correlations) read Elastic's own alert index.
  if (clues.index.length && clues.index.every((i) => i.startsWith('.alerts-security'))) return 'Elastic Security Alerts';
  const endpointData = clues.index.some((i) => ENDPOINT_INDEX.test(i)) || clues.datasets.some((d) => d.startsWith('endpoint.'));
  const integrations = clues.index.filter((i) => !ENDPOINT_INDEX.test(i)).map(integrationPlatform).filter((p): p is string => !!p);
  if (integrations.length && !endpointData) return integrations[0];
  if (endpointData || clues.tags.includes('Domain: Endpoint')) {
    const p = endpointPlatform(clues);
    if (p) return p;
  }
  if (integrations.length) return integrations[0];
  const tags = clues.tags.map((t) => t.toLowerCase());
  for (const [tag, platform] of TAG_PLATFORMS) if (tags.includes(tag)) return platform;
  if (clues.index.some((i) => i.startsWith('.alerts-security'))) return 'Elastic Security Alerts';
  if (clues.index.some((i) => i.startsWith('packetbeat'))) return 'Network Traffic';
  return osOf(clues) ? endpointPlatform(clues) : undefined;
}
