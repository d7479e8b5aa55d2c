import { describe, expect, it } from 'vitest';
import { awsUniverse } from '../../src/lib/knowledge/action-universe.ts';
import { awsEventSource, awsOperationOf, groupByEventSource } from '../../src/lib/knowledge/aws-operations.ts';
import { canonicalTable } from '../../src/lib/knowledge/canonical-table.ts';
import { countCoverage, platformCoverage, serviceCoverage, uncoveredActions } from '../../src/lib/knowledge/coverage-map.ts';
import { deriveKnowledge } from '../../src/lib/knowledge/index.ts';
import { isMutating, leadingVerb } from '../../src/lib/knowledge/mutating.ts';
import { azureProvider, dottedCategory, gcpService, UNKNOWN_SERVICE } from '../../src/lib/knowledge/service-schemes.ts';
import { leaf } from '../../src/lib/logic/tree.ts';
import { VENDOR_ORDER } from '../../src/lib/site/format.ts';
import { AWS_OPERATIONS_FIXTURE, SERVICE_RULES } from '../fixtures/knowledge/service-rules.ts';

const universes = new Map([['AWS CloudTrail', awsUniverse(AWS_OPERATIONS_FIXTURE)]]);
const k = deriveKnowledge(SERVICE_RULES, canonicalTable(), { universes });
const platform = (name: string) => k.services.platforms.find((p) => p.platform === name)!;
const ct = platform('AWS CloudTrail');
const service = (key: string) => ct.services.find((s) => s.key === key)!;
const pair = (key: string, action: string) => service(key).actions.find((a) => a.action === action)!;
const ids = (rules: number[]) => rules.map((r) => SERVICE_RULES[r].id).sort();
const vendorOf = (r: number) => SERVICE_RULES[r].vendor;
const AWS_OPERATIONS_FIXTURE_NAMES = new Map(universes.get('AWS CloudTrail')!.services.map((s) => [s.key, s.name]));

describe('AWS operations by event source', () => {
  const groups = groupByEventSource(AWS_OPERATIONS_FIXTURE);
  const group = (source: string) => groups.find((g) => g.eventSource === source)!;

  it('records a service under <endpointPrefix>.amazonaws.com unless an exception says otherwise', () => {
    expect(awsEventSource('sns', { endpointPrefix: 'sns' })).toBe('sns.amazonaws.com');
    expect(awsEventSource('ses', { endpointPrefix: 'email' })).toBe('ses.amazonaws.com');
    expect(awsEventSource('ecr', { endpointPrefix: 'api.ecr' })).toBe('ecr.amazonaws.com');
    expect(awsEventSource('bedrock-runtime', { endpointPrefix: 'bedrock-runtime' })).toBe('bedrock.amazonaws.com');
  });

  it('merges the services CloudTrail cannot tell apart, keeping which model defines each operation', () => {
    expect(group('elasticloadbalancing.amazonaws.com').sdk).toEqual(['elb', 'elbv2']);
    expect(group('elasticloadbalancing.amazonaws.com').operations.get('CreateLoadBalancer')).toEqual(['elb', 'elbv2']);
    expect(group('ses.amazonaws.com').operations.get('SendEmail')).toEqual(['ses', 'sesv2']);
    expect(groups.some((g) => g.eventSource === 'email.amazonaws.com')).toBe(false);
  });

  it('uses the event names CloudTrail records for S3 public access blocks', () => {
    const s3 = group('s3.amazonaws.com');
    expect(s3.operations.get('PutBucketPublicAccessBlock')).toEqual(['s3']);
    expect(s3.operations.get('PutAccountPublicAccessBlock')).toEqual(['s3control']);
    expect(s3.operations.has('PutPublicAccessBlock')).toBe(false);
  });

  it("reads Lambda's versioned event names as the operation", () => {
    const lambda = group('lambda.amazonaws.com').operations;
    expect(awsOperationOf('lambda.amazonaws.com', 'AddPermission20150331v2', lambda)).toBe('AddPermission');
    expect(awsOperationOf('lambda.amazonaws.com', 'CreateFunction20150331', lambda)).toBe('CreateFunction');
    expect(awsOperationOf('lambda.amazonaws.com', 'AddPermission', lambda)).toBe('AddPermission');
    expect(awsOperationOf('sns.amazonaws.com', 'AddPermission20150331v2', lambda)).toBe('AddPermission20150331v2');
  });
});

describe('mutating operations', () => {
  it('reads the leading verb, after Batch', () => {
    expect(leadingVerb('DeleteTrail')).toBe('Delete');
    expect(leadingVerb('BatchDeleteImage')).toBe('Delete');
    expect(leadingVerb('user.session.start')).toBe('');
  });
  it('tells changes from reads', () => {
    for (const op of ['DeleteTrail', 'StopLogging', 'PutBucketPolicy', 'AttachUserPolicy', 'RevokeSecurityGroupIngress', 'SetDefaultPolicyVersion', 'BatchDeleteImage'])
      expect(isMutating(op), op).toBe(true);
    for (const op of ['DescribeInstances', 'GetObject', 'ListFunctions', 'BatchGetImage', 'Decrypt', 'LookupEvents']) expect(isMutating(op), op).toBe(false);
  });
});

describe('services named in the action', () => {
  it('derives GCP services from method names, and none from bare or generic ones', () => {
    expect(gcpService('v1.compute.instances.insert')?.key).toBe('compute.googleapis.com');
    expect(gcpService('beta.compute.firewalls.delete')?.key).toBe('compute.googleapis.com');
    expect(gcpService('google.iam.admin.v1.CreateRole')?.key).toBe('iam.googleapis.com');
    expect(gcpService('google.cloud.secretmanager.v1.SecretManagerService.DeleteSecret')?.key).toBe('secretmanager.googleapis.com');
    expect(gcpService('io.k8s.core.v1.pods.create')?.key).toBe('k8s.io');
    expect(gcpService('google.iam.v1.IAMPolicy.SetIamPolicy')).toBeUndefined();
    expect(gcpService('SetIamPolicy')).toBeUndefined();
  });
  it('reads Azure resource providers and dotted categories', () => {
    expect(azureProvider('MICROSOFT.COMPUTE/VIRTUALMACHINES/WRITE')).toEqual({ key: 'microsoft.compute', name: 'MICROSOFT.COMPUTE' });
    expect(azureProvider('Sign-in activity')).toBeUndefined();
    expect(dottedCategory('user.session.start')).toEqual({ key: 'user', name: 'user' });
    expect(dottedCategory('created')).toBeUndefined();
  });
});

describe('actions as (service, action) pairs', () => {
  it('gives same-named operations of different services their own rules and URLs', () => {
    expect(pair('sns.amazonaws.com', 'AddPermission').url).toBe('/actions/aws-cloudtrail/sns.amazonaws.com/AddPermission/');
    expect(ids(pair('sns.amazonaws.com', 'AddPermission').rules)).toEqual(['sigma/paired', 'sigma/sns-add-permission', 'splunk/any-add-permission']);
    expect(ids(pair('sqs.amazonaws.com', 'AddPermission').rules)).toEqual(['elastic/sqs-add-permission', 'panther/add-permission-not-sns', 'splunk/any-add-permission']);
    expect(ids(pair('lambda.amazonaws.com', 'AddPermission').rules)).toEqual(['panther/add-permission-not-sns', 'panther/lambda-versioned', 'splunk/any-add-permission']);
  });

  it('marks rules that do not name the service', () => {
    const sns = pair('sns.amazonaws.com', 'AddPermission');
    expect(ids([...sns.anyService])).toEqual(['splunk/any-add-permission']);
    expect(ids([...pair('sqs.amazonaws.com', 'AddPermission').anyService])).toEqual(['panther/add-permission-not-sns', 'splunk/any-add-permission']);
  });

  it('does not count a rule naming no service where it is meant for another one', () => {
    // Other rules name SNS and SQS with AddPermission: the bare AddPermission rule is meant for those two.
    expect(ids([...pair('lambda.amazonaws.com', 'AddPermission').incidental])).toEqual(['panther/add-permission-not-sns', 'splunk/any-add-permission']);
    expect(pair('sns.amazonaws.com', 'AddPermission').incidental.size).toBe(0);
    // Its other action (CreateFunction) is Lambda's only: RemovePermission is meant for Lambda.
    expect(ids(pair('lambda.amazonaws.com', 'RemovePermission').rules)).toEqual(['splunk/lambda-perms']);
    expect(pair('lambda.amazonaws.com', 'RemovePermission').incidental.size).toBe(0);
    expect(ids([...pair('sns.amazonaws.com', 'RemovePermission').incidental])).toEqual(['splunk/lambda-perms']);
    expect(k.actionsOf('splunk/lambda-perms').map((a) => a.url)).toEqual([
      '/actions/aws-cloudtrail/lambda.amazonaws.com/CreateFunction/',
      '/actions/aws-cloudtrail/lambda.amazonaws.com/RemovePermission/',
    ]);
    expect(k.sameAction('splunk/any-add-permission')).not.toContainEqual(expect.objectContaining({ id: 'panther/lambda-versioned' }));
  });

  it('pairs event sources with event names as the tree does, not as a cross product', () => {
    expect(ids(pair('sqs.amazonaws.com', 'DeleteQueue').rules)).toEqual(['sigma/paired']);
    expect(ids(pair('ec2.amazonaws.com', 'DescribeInstances').rules)).toEqual(['sentinel/recon']);
    expect(ids(pair('guardduty.amazonaws.com', 'ListDetectors').rules)).toEqual(['sentinel/recon']);
    expect(service('ec2.amazonaws.com').actions.some((a) => a.action === 'ListDetectors')).toBe(false);
  });

  it("files Lambda's versioned names under the operation, keeping the spelling", () => {
    expect(pair('lambda.amazonaws.com', 'AddPermission').spellings).toEqual(['AddPermission20150331', 'AddPermission20150331v2']);
    expect(service('lambda.amazonaws.com').actions.some((a) => a.action.startsWith('AddPermission2015'))).toBe(false);
  });

  it('takes the event source of an unpublished action from the rules that name it', () => {
    const login = pair('signin.amazonaws.com', 'ConsoleLogin');
    expect(login.published).toBe(false);
    expect(ids(login.rules)).toEqual(['elastic/console-login-any', 'sigma/console-login']);
    expect(ids(pair(UNKNOWN_SERVICE, 'NoSuchEvent').rules)).toEqual(['chronicle/mystery']);
    expect(service(UNKNOWN_SERVICE).url).toBe('/actions/aws-cloudtrail/unknown/');
    expect(ids(pair('s3.amazonaws.com', 'PutBucketPublicAccessBlock').rules)).toEqual(['sigma/s3-block']);
  });

  it('lists every published operation, with pages only where a rule watches it or a same-named one', () => {
    expect(service('cloudtrail.amazonaws.com').actions.map((a) => a.action)).toEqual([
      'CreateTrail', 'DeleteTrail', 'DescribeTrails', 'LookupEvents', 'PutEventSelectors', 'StartLogging', 'StopLogging', 'UpdateTrail',
    ]);
    expect(pair('cloudtrail.amazonaws.com', 'CreateTrail').page).toBe(false);
    expect(pair('cloudtrail.amazonaws.com', 'DeleteTrail').page).toBe(true);
    // Only rules meant for Lambda fire on SNS's RemovePermission: it has a page, and is not covered.
    expect(pair('sns.amazonaws.com', 'RemovePermission').page).toBe(true);
    expect(pair('sns.amazonaws.com', 'Publish').page).toBe(false);
    expect(uncoveredActions(service('sns.amazonaws.com').actions).map((a) => a.action)).toEqual(['Publish', 'RemovePermission']);
  });

  it('keeps the old action URL, listing every service of the name', () => {
    const legacy = ct.legacy.find((l) => l.action === 'AddPermission')!;
    expect(legacy.url).toBe('/actions/aws-cloudtrail/AddPermission/');
    expect(legacy.pairs.map((p) => p.service)).toEqual(['lambda.amazonaws.com', 'sns.amazonaws.com', 'sqs.amazonaws.com']);
    const versioned = ct.legacy.find((l) => l.action === 'AddPermission20150331v2')!;
    expect(versioned.pairs.map((p) => p.url)).toEqual(['/actions/aws-cloudtrail/lambda.amazonaws.com/AddPermission/']);
  });

  it("links a rule's actions to the pair's page, or to the old URL when it watches several", () => {
    expect(k.actionsOf('sigma/sns-add-permission')).toEqual([
      { platform: 'AWS CloudTrail', action: 'AddPermission', url: '/actions/aws-cloudtrail/sns.amazonaws.com/AddPermission/', service: 'Amazon Simple Notification Service' },
    ]);
    expect(k.actionsOf('splunk/any-add-permission').map((a) => a.url)).toEqual(['/actions/aws-cloudtrail/AddPermission/']);
  });

  it('links same-action rules per service', () => {
    const same = k.sameAction('sigma/sns-add-permission').map((r) => r.id);
    expect(same).toContain('splunk/any-add-permission');
    expect(same).toContain('sigma/paired');
    expect(same).not.toContain('elastic/sqs-add-permission');
    expect(same).not.toContain('panther/lambda-versioned');
  });

  it('groups Okta, Azure and GCP actions by the service their name or the rule states', () => {
    expect(platform('Okta System Log').services.map((s) => s.key)).toEqual(['policy', 'user']);
    expect(platform('Okta System Log').services[0].url).toBe('/actions/okta-system-log/policy/');
    expect(platform('Azure Activity').services.map((s) => s.name)).toEqual(['MICROSOFT.COMPUTE']);
    expect(platform('GCP Audit Logs').services.map((s) => s.key)).toEqual(['iam.googleapis.com', 'storage.googleapis.com']);
  });

  it('keeps one flat list, and the old URLs, on platforms without services', () => {
    const win = platform('Windows Security Event Log');
    expect(win.services.map((s) => s.key)).toEqual(['']);
    expect(win.services[0].actions.map((a) => a.url)).toEqual(['/actions/windows-security-event-log/4697/']);
  });
});

describe('coverage of a platform', () => {
  it('counts covered actions per vendor and the ones only one vendor covers', () => {
    const c = serviceCoverage(service('cloudtrail.amazonaws.com'), vendorOf, VENDOR_ORDER);
    expect([c.actions, c.covered]).toEqual([8, 2]);
    expect(c.vendors).toEqual([
      { vendor: 'elastic', actions: 2, only: 1, rules: 1 },
      { vendor: 'sentinel', actions: 1, only: 0, rules: 1 },
    ]);
    expect(c.onlyOneVendor).toBe(1);
    expect([c.mutating, c.mutatingCovered]).toEqual([6, 2]);
  });

  it('lists uncovered mutating operations first', () => {
    expect(uncoveredActions(service('cloudtrail.amazonaws.com').actions).map((a) => a.action)).toEqual([
      'CreateTrail', 'PutEventSelectors', 'StartLogging', 'UpdateTrail', 'DescribeTrails', 'LookupEvents',
    ]);
  });

  it('counts actions covered only by rules that name no service', () => {
    const lambda = countCoverage(service('lambda.amazonaws.com').actions, vendorOf, VENDOR_ORDER);
    expect(lambda.covered).toBe(3);
    expect(lambda.coveredAnyService).toBe(1);
    const sns = countCoverage(service('sns.amazonaws.com').actions, vendorOf, VENDOR_ORDER);
    expect(sns.covered).toBe(1);
  });

  it('sums the published operations and the SDK models behind them', () => {
    const c = platformCoverage(ct, vendorOf, VENDOR_ORDER);
    const total = Object.values(AWS_OPERATIONS_FIXTURE).reduce((n, s) => n + s.operations.length, 0);
    expect(c.published.sdkOperations).toBe(total);
    expect(c.published.sdkServices).toBe(Object.keys(AWS_OPERATIONS_FIXTURE).length);
    expect(c.published.actions).toBe(total - 2);
  });
});

describe('service names', () => {
  it('names an event source after its own service, else after every model behind it', () => {
    const names = AWS_OPERATIONS_FIXTURE_NAMES;
    expect(names.get('ses.amazonaws.com')).toBe('Amazon Simple Email Service');
    expect(names.get('elasticloadbalancing.amazonaws.com')).toBe('Elastic Load Balancing');
    expect(names.get('s3.amazonaws.com')).toBe('Amazon Simple Storage Service');
  });
});

describe('multi-stage rules', () => {
  it('decides the service per stage: a stage about other events does not unconstrain it', () => {
    const base = SERVICE_RULES.find((r) => r.id === 'sigma/sns-add-permission')!;
    const stages = [
      { conjuncts: [leaf('eventSource', 'eq', ['sqs.amazonaws.com']), leaf('eventName', 'eq', ['AddPermission'])] },
      { conjuncts: [leaf('eventName', 'eq', ['Publish'])] },
    ];
    const sequence = { ...base, id: 'sigma/sequence', slug: 'sequence', logic: { ...base.logic!, conjuncts: [], stages } };
    const k2 = deriveKnowledge([...SERVICE_RULES, sequence], canonicalTable(), { universes });
    const ct2 = k2.services.platforms.find((p) => p.platform === 'AWS CloudTrail')!;
    const pairOf = (service: string, action: string) => ct2.services.find((s) => s.key === service)!.actions.find((a) => a.action === action)!;
    const i = SERVICE_RULES.length;
    expect(pairOf('sqs.amazonaws.com', 'AddPermission').rules).toContain(i);
    expect(pairOf('sns.amazonaws.com', 'AddPermission').rules).not.toContain(i);
    expect(pairOf('sns.amazonaws.com', 'Publish').rules).toContain(i);
  });
});
