/**
 * Every AWS API operation, grouped the way CloudTrail records it: by `eventSource`.
 *
 * The input is botocore's service models as ../shared/platforms/aws/api-operations.json stores them
 * (`{ <botocore service>: { endpointPrefix, serviceFullName, operations } }`). CloudTrail's `eventSource` is
 * `<endpointPrefix>.amazonaws.com` for most services; AWS_EVENT_SOURCE_EXCEPTIONS lists the ones that differ,
 * each checked against the event sources the corpus rules pair with the service's operations. Several botocore
 * services share one event source (elb + elbv2, ses + sesv2, rds + docdb + neptune): CloudTrail cannot tell
 * them apart, so they are one service here and an operation both define is one action.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PROJECT_ROOT } from '../sources.ts';

export interface AwsApiService {
  endpointPrefix: string;
  signingName?: string;
  serviceFullName: string;
  apiVersion?: string;
  operations: string[];
}

/** botocore service name → model summary. */
export type AwsApiOperations = Record<string, AwsApiService>;

/**
 * botocore services whose CloudTrail event source is not `<endpointPrefix>.amazonaws.com`.
 * `evidence` says how the entry was checked: `corpus` = rules of the snapshot pair this event source with the
 * service's operations (InvokeModel with bedrock.amazonaws.com, PutImage with ecr.amazonaws.com...).
 */
export const AWS_EVENT_SOURCE_EXCEPTIONS: Record<string, { eventSource: string; evidence: 'corpus' | 'aws-docs' }> = {
  ses: { eventSource: 'ses.amazonaws.com', evidence: 'corpus' },
  sesv2: { eventSource: 'ses.amazonaws.com', evidence: 'corpus' },
  'pinpoint-email': { eventSource: 'ses.amazonaws.com', evidence: 'aws-docs' },
  ecr: { eventSource: 'ecr.amazonaws.com', evidence: 'corpus' },
  'ecr-public': { eventSource: 'ecr-public.amazonaws.com', evidence: 'aws-docs' },
  sagemaker: { eventSource: 'sagemaker.amazonaws.com', evidence: 'corpus' },
  'bedrock-runtime': { eventSource: 'bedrock.amazonaws.com', evidence: 'corpus' },
  'bedrock-agent': { eventSource: 'bedrock.amazonaws.com', evidence: 'corpus' },
  'bedrock-agent-runtime': { eventSource: 'bedrock.amazonaws.com', evidence: 'corpus' },
  s3control: { eventSource: 's3.amazonaws.com', evidence: 'aws-docs' },
  detective: { eventSource: 'detective.amazonaws.com', evidence: 'aws-docs' },
};

/**
 * Operations CloudTrail records under another event name, per botocore service: S3's and S3 Control's
 * PutPublicAccessBlock are PutBucketPublicAccessBlock and PutAccountPublicAccessBlock (both under
 * s3.amazonaws.com), the names rules of the corpus filter on.
 */
export const AWS_EVENT_NAMES: Record<string, Record<string, string>> = {
  s3: { PutPublicAccessBlock: 'PutBucketPublicAccessBlock', GetPublicAccessBlock: 'GetBucketPublicAccessBlock', DeletePublicAccessBlock: 'DeleteBucketPublicAccessBlock' },
  s3control: { PutPublicAccessBlock: 'PutAccountPublicAccessBlock', GetPublicAccessBlock: 'GetAccountPublicAccessBlock', DeletePublicAccessBlock: 'DeleteAccountPublicAccessBlock' },
};

/**
 * CloudTrail names Lambda's operations with the API version appended (AddPermission20150331v2,
 * UpdateFunctionConfiguration20150331v2): such a name under lambda.amazonaws.com is the operation without it.
 */
const VERSIONED_EVENT_NAME = /^(.+?)20\d{6}(?:v\d+)?$/;
const VERSIONED_EVENT_SOURCES = new Set(['lambda.amazonaws.com']);

export function awsEventSource(service: string, model: Pick<AwsApiService, 'endpointPrefix'>): string {
  return AWS_EVENT_SOURCE_EXCEPTIONS[service]?.eventSource ?? `${model.endpointPrefix}.amazonaws.com`;
}

/** One CloudTrail event source with the operations of every botocore service recorded under it. */
export interface AwsEventSource {
  eventSource: string;
  /** Full names of the botocore services, distinct: the one named like the event source first ("AWS Lambda"). */
  names: string[];
  /** botocore service names ("lambda", "lambda-core"). */
  sdk: string[];
  /** Operation (as CloudTrail names it: AWS_EVENT_NAMES) → the botocore services defining it; sorted. */
  operations: Map<string, string[]>;
}

/** Groups botocore's services by CloudTrail event source, sorted by event source. */
export function groupByEventSource(ops: AwsApiOperations): AwsEventSource[] {
  const bySource = new Map<string, AwsEventSource>();
  for (const service of Object.keys(ops).sort()) {
    const model = ops[service];
    const eventSource = awsEventSource(service, model);
    let group = bySource.get(eventSource);
    if (!group) bySource.set(eventSource, (group = { eventSource, names: [], sdk: [], operations: new Map() }));
    group.sdk.push(service);
    if (!group.names.includes(model.serviceFullName)) group.names.push(model.serviceFullName);
    for (const operation of model.operations) {
      const op = AWS_EVENT_NAMES[service]?.[operation] ?? operation;
      const defined = group.operations.get(op);
      if (defined) defined.push(service);
      else group.operations.set(op, [service]);
    }
  }
  for (const group of bySource.values()) {
    group.operations = new Map([...group.operations].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
    // The service named like the event source gives the name (lambda.amazonaws.com: "AWS Lambda", not its four models).
    const primary = group.sdk.find((s) => `${s}.amazonaws.com` === group.eventSource);
    if (primary && group.names.length > 1) group.names = [ops[primary].serviceFullName, ...group.names.filter((n) => n !== ops[primary].serviceFullName)];
  }
  return [...bySource.values()].sort((a, b) => (a.eventSource < b.eventSource ? -1 : 1));
}

/** The operation a CloudTrail event name stands for under an event source (Lambda's versioned names). */
export function awsOperationOf(eventSource: string, eventName: string, operations: ReadonlyMap<string, unknown> | undefined): string {
  if (!VERSIONED_EVENT_SOURCES.has(eventSource) || operations?.has(eventName)) return eventName;
  const m = VERSIONED_EVENT_NAME.exec(eventName);
  return m && operations?.has(m[1]) ? m[1] : eventName;
}

/**
 * Where the operations file is: $RULECAT_PLATFORMS/aws/, else platforms/aws/ beside the configured corpus folder
 * (../shared/corpus → ../shared/platforms), else ../shared/platforms/aws/ beside the project.
 */
export function awsOperationsPath(env: NodeJS.ProcessEnv = process.env): string {
  const file = (dir: string) => join(dir, 'aws', 'api-operations.json');
  const configured = env.RULECAT_PLATFORMS?.trim();
  if (configured) return file(resolve(PROJECT_ROOT, configured));
  const corpus = env.RULECAT_CORPUS?.trim();
  if (corpus) {
    const sibling = file(resolve(PROJECT_ROOT, corpus, '..', 'platforms'));
    if (existsSync(sibling)) return sibling;
  }
  return file(resolve(PROJECT_ROOT, '..', 'shared', 'platforms'));
}

/** Reads the operations file; a missing or unreadable file gives a problem instead of an exception. */
export function loadAwsOperations(path = awsOperationsPath()): { operations?: AwsApiOperations; problem?: string } {
  if (!existsSync(path)) return { problem: `AWS operations file not found: ${path}` };
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as AwsApiOperations;
    for (const [name, s] of Object.entries(parsed)) {
      if (typeof s?.endpointPrefix !== 'string' || !Array.isArray(s.operations)) return { problem: `${path}: service ${name} lacks endpointPrefix or operations` };
    }
    return { operations: parsed };
  } catch (e) {
    return { problem: `${path}: ${(e as Error).message}` };
  }
}
