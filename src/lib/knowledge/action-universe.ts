/**
 * The published list of a platform's actions, beyond those rules name: for AWS CloudTrail, every API operation
 * of every service (aws-operations.ts), grouped by event source. Platforms without a published list have the
 * actions named anywhere in the corpus (service-index.ts adds those to every platform).
 */
import { awsOperationOf, groupByEventSource, loadAwsOperations, type AwsApiOperations } from './aws-operations.ts';

export interface UniverseService {
  /** Service identity, lower-cased (cloudtrail.amazonaws.com). */
  key: string;
  /** Full name as shown ("AWS CloudTrail", "Amazon Simple Email Service"). */
  name: string;
  /** Names of the published API models behind it (botocore: "ses", "sesv2"). */
  sdk: string[];
  /** Operation → the API models defining it, sorted by operation. */
  operations: ReadonlyMap<string, string[]>;
}

export interface PlatformUniverse {
  platform: string;
  /** Where the list comes from, for the pages ("botocore 1.43.107 service models"). */
  source: string;
  services: UniverseService[];
  /** The services defining an operation named so, with the operation's name there. */
  servicesOf(action: string): { service: string; operation: string }[];
}

export const AWS_OPERATIONS_SOURCE = "botocore's service models (AWS SDK for Python), as ../shared/platforms/aws/api-operations.json stores them";

export function awsUniverse(ops: AwsApiOperations, source = AWS_OPERATIONS_SOURCE): PlatformUniverse {
  const groups = groupByEventSource(ops);
  // The primary service's name when the event source has one (lambda → "AWS Lambda"), else every model's.
  const nameOf = (g: (typeof groups)[number]) => (g.sdk.some((s) => `${s}.amazonaws.com` === g.eventSource) ? g.names[0] : g.names.join(' / '));
  const services: UniverseService[] = groups.map((g) => ({ key: g.eventSource.toLowerCase(), name: nameOf(g), sdk: g.sdk, operations: g.operations }));
  const byOperation = new Map<string, string[]>();
  for (const s of services) for (const op of s.operations.keys()) byOperation.set(op, [...(byOperation.get(op) ?? []), s.key]);
  const byKey = new Map(services.map((s) => [s.key, s]));
  return {
    platform: 'AWS CloudTrail',
    source,
    services,
    servicesOf(action) {
      const out = (byOperation.get(action) ?? []).map((service) => ({ service, operation: action }));
      if (out.length) return out;
      // Lambda's versioned event names (AddPermission20150331v2) stand for the operation without the version.
      for (const s of services) {
        const op = awsOperationOf(s.key, action, byKey.get(s.key)?.operations);
        if (op !== action) out.push({ service: s.key, operation: op });
      }
      return out;
    },
  };
}

/** Every published list the project knows, by platform, with the problems met reading them. */
export function loadUniverses(): { universes: Map<string, PlatformUniverse>; problems: string[] } {
  const universes = new Map<string, PlatformUniverse>();
  const problems: string[] = [];
  const aws = loadAwsOperations();
  if (aws.operations) universes.set('AWS CloudTrail', awsUniverse(aws.operations));
  if (aws.problem) problems.push(aws.problem);
  return { universes, problems };
}
