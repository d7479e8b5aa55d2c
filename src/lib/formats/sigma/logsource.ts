/**
 * Sigma `logsource` (product / service / category) onto the catalog's normalized log platform names
 * (src/lib/platforms.ts). Tables first, so that adding a log source is one line.
 */

export interface SigmaLogSource {
  product?: string;
  service?: string;
  category?: string;
}

/** `product:windows`, `service:security`, `category:process_creation`, as the catalog lists log sources. */
export function logSourceStrings(ls: SigmaLogSource & Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const key of ['product', 'service', 'category'] as const) {
    if (typeof ls[key] === 'string' && ls[key]) out.push(`${key}:${ls[key]}`);
  }
  return out;
}

/** Exact product + service pairs. */
const BY_PRODUCT_SERVICE: Record<string, string> = {
  'aws/cloudtrail': 'AWS CloudTrail',
  'gcp/gcp.audit': 'GCP Audit Logs',
  'azure/activitylogs': 'Azure Activity',
  'azure/auditlogs': 'Entra ID Audit Logs',
  'azure/signinlogs': 'Entra ID Sign-in Logs',
  'azure/riskdetection': 'Entra ID Identity Protection',
  'azure/pim': 'Entra ID Audit Logs',
  'github/audit': 'GitHub Audit Log',
  'bitbucket/audit': 'Bitbucket Audit Log',
  'kubernetes/audit': 'Kubernetes Audit',
  'linux/auditd': 'Linux Auditd',
  'windows/security': 'Windows Security Event Log',
  'windows/system': 'Windows System Event Log',
  'windows/sysmon': 'Windows Sysmon',
  'windows/powershell': 'Windows PowerShell',
  'windows/powershell-classic': 'Windows PowerShell',
  'windows/dns-server': 'DNS',
  'windows/dns-client': 'DNS',
  'windows/firewall-as': 'Firewall',
  'zeek/dns': 'DNS',
  'cisco/duo': 'Identity Provider',
};

/** Products whose every log lands on one platform. */
const BY_PRODUCT: Record<string, string> = {
  m365: 'Microsoft 365 Audit',
  okta: 'Okta System Log',
  onelogin: 'Identity Provider',
  gcp: 'Google Workspace', // gcp.audit is caught above; the rest are google_workspace.* services
  zeek: 'Network Traffic',
  fortigate: 'Firewall',
  fortios: 'Firewall',
  paloalto: 'Firewall',
  cisco: 'Network Devices',
  juniper: 'Network Devices',
  windows: 'Windows Endpoint',
  linux: 'Linux Endpoint',
  macos: 'macOS Endpoint',
};

/** Categories that name the platform whatever the product (webserver, proxy, firewall, dns...). */
const BY_CATEGORY: Record<string, string> = {
  webserver: 'Web Server',
  proxy: 'Proxy / Web',
  firewall: 'Firewall',
  dns: 'DNS',
  antivirus: 'EDR Alerts',
  database: 'Database',
  application: 'Application Logs',
};

const BY_SERVICE: Record<string, string> = {
  apache: 'Web Server',
  nginx: 'Web Server',
  netflow: 'Network Traffic',
};

/** Windows categories (Sysmon-style event types) by prefix or name. */
function windowsCategory(category: string): string | undefined {
  if (category === 'process_creation') return 'Windows Process Creation';
  if (category.startsWith('registry_')) return 'Windows Registry';
  if (category.startsWith('file_') || category === 'create_stream_hash') return 'Windows File Activity';
  if (category === 'network_connection') return 'Windows Network Activity';
  if (category === 'dns_query') return 'DNS';
  if (category === 'image_load' || category === 'driver_load') return 'Windows Image Load';
  if (category.startsWith('ps_')) return 'Windows PowerShell';
  return 'Windows Sysmon'; // process_access, create_remote_thread, pipe_created, wmi_event, raw_access_thread...
}

function osCategory(product: string, category: string): string | undefined {
  if (product === 'windows') return windowsCategory(category);
  if (category === 'process_creation') {
    if (product === 'linux') return 'Linux Process Creation';
    if (product === 'macos') return 'macOS Process Creation';
  }
  return undefined;
}

/** The normalized platform of a Sigma logsource, or undefined when nothing fits. */
export function sigmaLogPlatform(ls: SigmaLogSource): string | undefined {
  const product = ls.product?.toLowerCase() ?? '';
  const service = ls.service?.toLowerCase() ?? '';
  const category = ls.category?.toLowerCase() ?? '';
  const pair = BY_PRODUCT_SERVICE[`${product}/${service}`];
  if (pair) return pair;
  if (category && BY_CATEGORY[category] && category !== 'application') return BY_CATEGORY[category];
  if (product && category) {
    const os = osCategory(product, category);
    if (os) return os;
  }
  if (service && BY_SERVICE[service]) return BY_SERVICE[service];
  if (product && BY_PRODUCT[product]) return BY_PRODUCT[product];
  if (category === 'application') return BY_CATEGORY.application;
  return undefined;
}
