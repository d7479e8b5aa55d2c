/**
 * The log platform of a Chronicle rule, from what the rule compares metadata.log_type / product_name to
 * and from its meta (data_source, platform; SOC Prime rules carry Sigma's product / service / category).
 * Windows endpoint rules are split by the UDM event type: PROCESS_LAUNCH → "Windows Process Creation", ...
 */
import type { Expr, YaralRule } from '../../languages/yaral/ast.ts';
import type { Meta } from './meta.ts';

export interface UdmFacts {
  /** Values the events section compares UDM fields to with `=`, outside negations, by path. */
  values: Map<string, string[]>;
  /** Every UDM path the events section reads, map keys and indexes removed. */
  paths: Set<string>;
}

export function udmFacts(rule: YaralRule): UdmFacts {
  const values = new Map<string, string[]>();
  const paths = new Set<string>();
  const visit = (e: Expr, negated: boolean) => {
    switch (e.type) {
      case 'field':
        paths.add(e.path.replace(/\[[^\]]*\]/g, ''));
        return;
      case 'and':
      case 'or':
        return e.children.forEach((c) => visit(c, negated));
      case 'call':
        return e.args.forEach((c) => visit(c, negated));
      case 'not':
        return visit(e.expr, !negated);
      case 'quantified':
      case 'in':
        return visit(e.expr, negated);
      case 'compare': {
        visit(e.left, negated);
        visit(e.right, negated);
        if (negated || e.op !== '=' || e.left.type !== 'field' || e.right.type !== 'string') return;
        const path = e.left.path.replace(/\[[^\]]*\]/g, '');
        values.set(path, [...(values.get(path) ?? []), e.right.value]);
      }
    }
  };
  rule.events.forEach((e) => visit(e, false));
  return { values, paths };
}

/** Exact UDM product names / log types (upper-cased) → platform. Threat-intel context sources are left out. */
const PRODUCTS: Record<string, string> = {
  'AWS CLOUDTRAIL': 'AWS CloudTrail',
  AWS_CLOUDTRAIL: 'AWS CloudTrail',
  'AWS GUARDDUTY': 'AWS GuardDuty',
  GUARDDUTY: 'AWS GuardDuty',
  GCP_CLOUDAUDIT: 'GCP Audit Logs',
  'GOOGLE CLOUD PLATFORM': 'GCP Audit Logs',
  'GOOGLE COMPUTE ENGINE': 'GCP Audit Logs',
  'GOOGLE CLOUD STORAGE': 'GCP Audit Logs',
  BIGQUERY: 'GCP Audit Logs',
  'SECURITY COMMAND CENTER': 'GCP Security Command Center',
  'OFFICE 365': 'Microsoft 365 Audit',
  OFFICE_365: 'Microsoft 365 Audit',
  GITHUB: 'GitHub Audit Log',
  OKTA: 'Okta System Log',
  'AZURE AD DIRECTORY AUDIT': 'Entra ID Audit Logs',
  AZURE_AD_AUDIT: 'Entra ID Audit Logs',
  'AZURE AD': 'Entra ID Sign-in Logs',
  AZURE_AD: 'Entra ID Sign-in Logs',
  'AZURE ACTIVITY': 'Azure Activity',
  AZURE_ACTIVITY: 'Azure Activity',
  ONELOGIN_SSO: 'OneLogin',
  ADMIN: 'Google Workspace',
  DRIVE: 'Google Workspace',
  LOGIN: 'Google Workspace',
  GMAIL: 'Google Workspace',
  WORKSPACE_ACTIVITY: 'Google Workspace',
  'GOOGLE WORKSPACE ALERTS': 'Google Workspace',
  'CHROME MANAGEMENT': 'Google Workspace',
  'MICROSOFT-WINDOWS-SYSMON': 'Windows Sysmon',
  WINDOWS_SYSMON: 'Windows Sysmon',
  'MICROSOFT-WINDOWS-SECURITY-AUDITING': 'Windows Security Event Log',
  WINEVTLOG: 'Windows Security Event Log',
  POWERSHELL: 'Windows PowerShell',
  'SERVICE CONTROL MANAGER': 'Windows System Event Log',
};

/** Words in meta data_source / platform (lower-cased, matched as substrings in this order) → platform. */
const SOURCE_WORDS: [string, string][] = [
  ['cloudtrail', 'AWS CloudTrail'],
  ['guardduty', 'AWS GuardDuty'],
  ['github', 'GitHub Audit Log'],
  ['o365', 'Microsoft 365 Audit'],
  ['office 365', 'Microsoft 365 Audit'],
  ['graph activity', 'Microsoft Graph Activity Logs'],
  ['azure ad audit', 'Entra ID Audit Logs'],
  ['azure ad', 'Entra ID Sign-in Logs'],
  ['azure activity', 'Azure Activity'],
  ['workspace', 'Google Workspace'],
  ['gmail', 'Google Workspace'],
  ['chrome management', 'Google Workspace'],
  ['okta', 'Okta System Log'],
  ['onelogin', 'OneLogin'],
  ['security command center', 'GCP Security Command Center'],
  ['cloud audit', 'GCP Audit Logs'],
  ['zscal', 'Proxy / Web'],
  ['proxy', 'Proxy / Web'],
];

/** Meta `platform` alone (no data source) → platform. */
const PLATFORM_WORDS: Record<string, string> = {
  aws: 'AWS CloudTrail',
  gcp: 'GCP Audit Logs',
  github: 'GitHub Audit Log',
  okta: 'Okta System Log',
  'google workspace': 'Google Workspace',
  azure: 'Azure Activity',
};

/** Sigma logsource categories (SOC Prime rules) for any OS, Windows ones resolved through endpointPlatform. */
const SIGMA_CATEGORIES: Record<string, string> = {
  dns: 'DNS',
  proxy: 'Proxy / Web',
  webserver: 'Web Server',
  firewall: 'Firewall',
  antivirus: 'EDR Alerts',
};

const ENDPOINT_HINTS = /sysmon|windows|crowdstrike|defender|sentinelone|tanium|edr|security events|login events|microsoft ad/;

/** UDM event types and Sysmon event IDs → the Windows platform they belong to. */
function windowsPlatform(eventTypes: string[], sigmaCategory: string | undefined, service: string | undefined, sysmonIds: string[], paths: Set<string>): string {
  const byKind = (category: string, types: string): string | undefined => {
    if (category === 'process_creation' || /PROCESS_LAUNCH/.test(types)) return 'Windows Process Creation';
    if (category.startsWith('registry') || /REGISTRY_/.test(types)) return 'Windows Registry';
    if (category.startsWith('file') || /FILE_/.test(types)) return 'Windows File Activity';
    if (category === 'image_load' || /PROCESS_MODULE_LOAD/.test(types)) return 'Windows Image Load';
    if (category.startsWith('network') || /NETWORK_CONNECTION/.test(types)) return 'Windows Network Activity';
    if (/USER_|GROUP_/.test(types)) return 'Windows Security Event Log';
    if (/NETWORK_DNS/.test(types)) return 'DNS';
    return undefined;
  };
  const bySysmonId = (): string | undefined => {
    if (sysmonIds.includes('1') || sysmonIds.includes('4688')) return 'Windows Process Creation';
    if (['12', '13', '14'].some((id) => sysmonIds.includes(id))) return 'Windows Registry';
    if (sysmonIds.includes('11')) return 'Windows File Activity';
    if (sysmonIds.includes('7')) return 'Windows Image Load';
    if (sysmonIds.includes('3')) return 'Windows Network Activity';
    return undefined;
  };
  const byService: Record<string, string> = {
    powershell: 'Windows PowerShell',
    system: 'Windows System Event Log',
    security: 'Windows Security Event Log',
  };
  return (
    byKind(sigmaCategory ?? '', eventTypes.join(' ')) ??
    bySysmonId() ??
    byService[service ?? ''] ??
    byKind('', udmKindOf(paths)) ??
    (service === 'sysmon' ? 'Windows Sysmon' : 'Windows Endpoint')
  );
}

/** Without metadata.event_type, the fields tell the kind of event: a command line is a process launch. */
function udmKindOf(paths: Set<string>): string {
  const all = [...paths];
  if (all.some((p) => p.includes('registry.'))) return 'REGISTRY_';
  if (all.some((p) => p.endsWith('process.command_line'))) return 'PROCESS_LAUNCH';
  if (all.some((p) => p.startsWith('target.file.'))) return 'FILE_';
  return '';
}

function folderCategory(folder: string): string | undefined {
  return SIGMA_CATEGORIES[folder] || ['process_creation', 'image_load', 'registry_event', 'file_event', 'network_connection'].includes(folder) ? folder : undefined;
}

function unixPlatform(os: 'Linux' | 'macOS', eventTypes: string[]): string {
  if (eventTypes.includes('PROCESS_LAUNCH')) return `${os} Process Creation`;
  return `${os} Endpoint`;
}

export interface LogSourceInfo {
  logSource: string[];
  logPlatform?: string;
}

export function logSourceOf(rule: YaralRule, meta: Meta, relPath: string): LogSourceInfo {
  const { values: udm, paths } = udmFacts(rule);
  const products = [...(udm.get('metadata.log_type') ?? []), ...(udm.get('metadata.product_name') ?? [])];
  const eventTypes = udm.get('metadata.event_type') ?? [];
  const productEventTypes = [...(udm.get('metadata.product_event_type') ?? []), ...(udm.get('metadata.product_log_id') ?? [])];
  // SOC Prime folders are named after Sigma categories: .../threat_hunting/proxy/rule.yaral.
  const folder = relPath.split('/').slice(-2, -1)[0] ?? '';
  const metaKeys = ['data_source', 'platform', 'product', 'service', 'category'];
  const logSource = [...new Set([...metaKeys.map((k) => meta.get(k)).filter((v): v is string => !!v), ...products])];
  return { logSource, logPlatform: platformOf() };

  function platformOf(): string | undefined {
    for (const p of products) {
      const hit = PRODUCTS[p.toUpperCase()];
      if (hit && !hit.startsWith('Windows')) return hit;
    }
    const dataSource = (meta.get('data_source') ?? '').toLowerCase();
    const platform = (meta.get('platform') ?? '').toLowerCase();
    const product = (meta.get('product') ?? '').toLowerCase();
    const service = meta.get('service')?.toLowerCase();
    const category = (meta.get('category') ?? (SIGMA_CATEGORIES[product] ? product : undefined) ?? folderCategory(folder))?.toLowerCase();
    for (const [word, name] of SOURCE_WORDS) if (dataSource.includes(word)) return name;
    if (category && SIGMA_CATEGORIES[category]) return SIGMA_CATEGORIES[category];
    if (PLATFORM_WORDS[platform]) return PLATFORM_WORDS[platform];
    const hints = `${relPath} ${rule.name}`.toLowerCase();
    if (/linux|auditd|sshd/.test(`${product} ${service ?? ''} ${dataSource} ${platform}`) && !/windows/.test(platform)) return unixPlatform('Linux', eventTypes);
    if (/macos|osx/.test(hints)) return unixPlatform('macOS', eventTypes);
    const windowsProduct = products.map((p) => PRODUCTS[p.toUpperCase()]).find((n) => n?.startsWith('Windows'));
    const isWindows = /windows/.test(`${product} ${platform}`) || ENDPOINT_HINTS.test(dataSource) || !!windowsProduct || /windows|\bwin_/.test(hints);
    const endpointFields = [...paths].some((p) => /(^|\.)(process|registry|file)\./.test(p));
    if (isWindows || endpointFields || eventTypes.some((t) => /^(PROCESS_|REGISTRY_|FILE_)/.test(t))) {
      // Sigma's service names the log when given; SOC Prime sometimes puts sysmon in category or the folder.
      const sysmon = service ? service === 'sysmon' : [category, folder].some((v) => v?.includes('sysmon')) || /sysmon/.test(dataSource);
      const sysmonIds = sysmon ? productEventTypes : productEventTypes.filter((id) => id === '4688');
      const byEvent = windowsPlatform(eventTypes, category, sysmon ? 'sysmon' : service, sysmonIds, paths);
      if (byEvent === 'Windows Endpoint' && windowsProduct) return windowsProduct;
      return byEvent;
    }
    if (eventTypes.includes('NETWORK_DNS')) return 'DNS';
    if (eventTypes.includes('NETWORK_HTTP')) return 'Proxy / Web';
    if (eventTypes.some((t) => t.startsWith('NETWORK_'))) return 'Network Traffic';
    if ([...paths].some((p) => p === 'target.url' || p.startsWith('network.http.'))) return 'Proxy / Web';
    if ([...paths].some((p) => p.startsWith('network.') || p.endsWith('.port') || p.endsWith('.ip'))) return 'Network Traffic';
    return undefined;
  }
}
