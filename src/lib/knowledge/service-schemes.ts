/**
 * How each log platform groups its actions into services, so that an action is a (service, action) pair:
 * CloudTrail's `eventSource` (SNS's and SQS's AddPermission are two actions), GCP's `serviceName`, Azure's
 * resource provider, Okta's and GitHub's event category. A scheme names the canonical field rules use to say the
 * service (`field`), and/or derives the service from the action's own name (`derive`). Platforms without a
 * scheme have one flat list of actions.
 */
export interface ServiceRef {
  /** Identity: lower-cased (event sources, providers and categories compare case-insensitively). */
  key: string;
  /** As shown. */
  name: string;
}

export interface ServiceScheme {
  /** Canonical field (content/canonical-fields.yaml) that names the service, when rules can filter on it. */
  field?: string;
  /** The service an action's name implies, undefined when the name says nothing about it. */
  derive?: (action: string) => ServiceRef | undefined;
  /** What the platform calls a service ("event source", "resource provider"). */
  noun: string;
  /** Plural of the noun. */
  nouns: string;
}

/** Key of the pseudo-service gathering actions whose service neither the rule nor the action name says. */
export const UNKNOWN_SERVICE = '(unknown)';

const ref = (name: string): ServiceRef => ({ key: name.toLowerCase(), name });

/** Azure: the resource provider, the segment before the first slash (MICROSOFT.COMPUTE/VIRTUALMACHINES/WRITE). */
export function azureProvider(action: string): ServiceRef | undefined {
  const slash = action.indexOf('/');
  if (slash <= 0) return undefined;
  const provider = action.slice(0, slash);
  return /^[A-Za-z][A-Za-z0-9]*\.[A-Za-z0-9.]+$/.test(provider) ? ref(provider) : undefined;
}

/** Okta and GitHub: the category before the first dot (user.session.start → user, repo.destroy → repo). */
export function dottedCategory(action: string): ServiceRef | undefined {
  const dot = action.indexOf('.');
  if (dot <= 0) return undefined;
  const category = action.slice(0, dot);
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(category) ? ref(category) : undefined;
}

/** GCP method-name prefixes (after google. / google.cloud. / google.api. and a version) → serviceName. */
const GCP_SERVICES: Record<string, string> = {
  compute: 'compute.googleapis.com',
  storage: 'storage.googleapis.com',
  iam: 'iam.googleapis.com',
  dns: 'dns.googleapis.com',
  cloudsql: 'cloudsql.googleapis.com',
  jobservice: 'bigquery.googleapis.com',
  serviceusage: 'serviceusage.googleapis.com',
  orgpolicy: 'orgpolicy.googleapis.com',
  secretmanager: 'secretmanager.googleapis.com',
  apikeys: 'apikeys.googleapis.com',
  iap: 'iap.googleapis.com',
  logging: 'logging.googleapis.com',
  container: 'container.googleapis.com',
  cloudkms: 'cloudkms.googleapis.com',
  admin: 'admin.googleapis.com',
  'ssh-serialport': 'ssh-serialport.googleapis.com',
};

/**
 * GCP: the service a methodName implies (v1.compute.instances.insert → compute.googleapis.com,
 * google.iam.admin.v1.CreateRole → iam.googleapis.com, io.k8s.core.v1.pods.create → k8s.io). The generic IAM
 * policy interface (google.iam.v1.IAMPolicy.SetIamPolicy) and bare names (SetIamPolicy) imply none.
 */
export function gcpService(action: string): ServiceRef | undefined {
  if (/^io\.k8s\./.test(action)) return ref('k8s.io');
  if (/^google\.iam\.v1\.IAMPolicy\./.test(action)) return undefined;
  const segments = action.split('.');
  if (segments.length < 2) return undefined;
  let i = 0;
  while (i < segments.length - 1 && /^(google|cloud|api|v\d+\w*|beta|alpha)$/i.test(segments[i])) i++;
  const known = GCP_SERVICES[segments[i].toLowerCase()];
  return known ? ref(known) : undefined;
}

export const SERVICE_SCHEMES: Readonly<Record<string, ServiceScheme>> = {
  'AWS CloudTrail': { field: 'eventSource', noun: 'event source', nouns: 'event sources' },
  'GCP Audit Logs': { field: 'protoPayload.serviceName', derive: gcpService, noun: 'service', nouns: 'services' },
  'Azure Activity': { derive: azureProvider, noun: 'resource provider', nouns: 'resource providers' },
  'Okta System Log': { derive: dottedCategory, noun: 'event category', nouns: 'event categories' },
  'GitHub Audit Log': { derive: dottedCategory, noun: 'category', nouns: 'categories' },
};

export function serviceScheme(platform: string): ServiceScheme | undefined {
  return SERVICE_SCHEMES[platform];
}
