import { describe, expect, it } from 'vitest';
import { actionSlug } from '../../src/lib/knowledge/actions.ts';
import { awsUniverse } from '../../src/lib/knowledge/action-universe.ts';
import { canonicalTable } from '../../src/lib/knowledge/canonical-table.ts';
import { deriveKnowledge } from '../../src/lib/knowledge/index.ts';
import { and, leaf, not } from '../../src/lib/logic/tree.ts';
import { FIXTURE_RULES, fixtureRule, securityConfigurationChange } from '../fixtures/knowledge/rules.ts';
import { AWS_OPERATIONS_FIXTURE } from '../fixtures/knowledge/service-rules.ts';

describe('rules detecting the same action', () => {
  const k = deriveKnowledge(FIXTURE_RULES);

  it('links rules of every vendor naming one of the same actions, sorted by title', () => {
    expect(k.sameAction(securityConfigurationChange.id).map((r) => `${r.title} (${r.vendor})`)).toEqual([
      'ASL AWS Defense Evasion Stop Logging Cloudtrail (splunk)',
      'AWS CloudTrail Important Change (sigma)',
      'AWS CloudTrail Log Deleted (elastic)',
      'AWS Defense Evasion Delete Cloudtrail (splunk)',
      'AWS Delete Anything (sigma)',
      'AWS GuardDuty Disabled (chronicle)',
      'Changes made to AWS CloudTrail logs (sentinel)',
    ]);
  });

  it('never links through an exclusion or across platforms', () => {
    const ids = k.sameAction(securityConfigurationChange.id).map((r) => r.id);
    expect(ids).not.toContain('sigma/cloudtrail-create-not-delete');
    expect(ids).not.toContain('panther/gcp-delete-trail-lookalike');
    expect(k.sameAction('sigma/cloudtrail-create-not-delete')).toEqual([]);
  });

  it("lists a rule's actions with deterministic action page URLs, per event source", () => {
    const withOperations = deriveKnowledge(FIXTURE_RULES, canonicalTable(), { universes: new Map([['AWS CloudTrail', awsUniverse(AWS_OPERATIONS_FIXTURE)]]) });
    expect(withOperations.actionsOf(securityConfigurationChange.id).map((a) => a.url)).toEqual([
      '/actions/aws-cloudtrail/s3.amazonaws.com/DeleteAccountPublicAccessBlock/',
      '/actions/aws-cloudtrail/guardduty.amazonaws.com/DeleteDetector/',
      '/actions/aws-cloudtrail/ec2.amazonaws.com/DeleteFlowLogs/',
      '/actions/aws-cloudtrail/cloudtrail.amazonaws.com/DeleteTrail/',
      '/actions/aws-cloudtrail/cloudtrail.amazonaws.com/StopLogging/',
      '/actions/aws-cloudtrail/guardduty.amazonaws.com/UpdateDetector/',
    ]);
    // Without the list of operations, rules naming cloudtrail.amazonaws.com still place DeleteTrail.
    expect(k.actionsOf(securityConfigurationChange.id).map((a) => a.url)).toEqual([
      '/actions/aws-cloudtrail/unknown/DeleteAccountPublicAccessBlock/',
      '/actions/aws-cloudtrail/unknown/DeleteDetector/',
      '/actions/aws-cloudtrail/unknown/DeleteFlowLogs/',
      '/actions/aws-cloudtrail/cloudtrail.amazonaws.com/DeleteTrail/',
      '/actions/aws-cloudtrail/cloudtrail.amazonaws.com/StopLogging/',
      '/actions/aws-cloudtrail/unknown/UpdateDetector/',
    ]);
    expect(k.actionsOf('sigma/aws-delete-anything').map((a) => [a.action, a.byPattern])).toEqual([
      ['DeleteAccountPublicAccessBlock', true],
      ['DeleteDetector', true],
      ['DeleteFlowLogs', true],
      ['DeleteTrail', true],
    ]);
    expect(k.actionsOf('splunk/no-logic')).toEqual([]);
    expect(k.actionsOf('sigma/cmd-spawn')).toEqual([]);
  });

  it('treats a numeric and a textual event ID as the same action', () => {
    expect(k.actionsOf('sigma/svc-installed').map((a) => a.url)).toEqual(['/actions/windows-security-event-log/4697/']);
    expect(k.sameAction('sigma/svc-installed').map((r) => r.id)).toEqual(['elastic/svc-installed-elastic']);
  });

  it('builds the action pages per platform', () => {
    const ct = k.platforms().find((p) => p.platform === 'AWS CloudTrail')!;
    expect(ct.url).toBe('/actions/aws-cloudtrail/');
    expect(ct.field).toBe('eventName');
    const deleteTrail = ct.actions.find((a) => a.action === 'DeleteTrail')!;
    expect(deleteTrail.rules.map((r) => [r.id, r.byPattern])).toEqual([
      ['panther/aws-cloudtrail-securityconfigurationchange', false],
      ['sigma/aws-cloudtrail-disable-logging', false],
      ['elastic/cloudtrail-deleted', false],
      ['splunk/aws-defense-evasion-delete-cloudtrail', false],
      ['sigma/aws-delete-anything', true],
      ['sentinel/changes-to-cloudtrail-logs', false],
    ]);
  });

  it('makes action slugs URL-safe', () => {
    expect(actionSlug('DeleteTrail')).toBe('DeleteTrail');
    expect(actionSlug('Add member to role.')).toBe('Add-member-to-role');
    expect(actionSlug('user.session.start')).toBe('user.session.start');
    expect(actionSlug('storage.objects/get?x')).toBe('storage.objects-get-x');
    expect(actionSlug('///')).toBe('action');
  });
});

describe('indicator corpus counts', () => {
  const k = deriveKnowledge(FIXTURE_RULES);
  const panther = securityConfigurationChange.id;

  it('counts the other rules with the same canonical field, kind and value, across vendors', () => {
    // sigma (in), elastic (event.action), splunk (eventName), sentinel (EventName in~); not the exclusion.
    expect(k.indicatorCount(panther, 'eventName', 'in', 'DeleteTrail')).toBe(4);
    expect(k.indicatorCount(panther, 'eventName', 'eq', 'DeleteTrail')).toBe(4);
    // sigma, splunk api.operation, sentinel.
    expect(k.indicatorCount(panther, 'eventName', 'in', 'StopLogging')).toBe(3);
    expect(k.indicatorCount(panther, 'eventName', 'in', 'DeleteDetector')).toBe(1);
    expect(k.indicatorCount(panther, 'eventName', 'in', 'DeleteAccountPublicAccessBlock')).toBe(0);
    expect(k.indicatorCount(panther, 'requestParameters.enable', 'is_null', null)).toBe(0);
    expect(k.indicatorCount('splunk/aws-defense-evasion-delete-cloudtrail', 'eventSource', 'eq', 'cloudtrail.amazonaws.com')).toBe(2);
    expect(k.indicatorCount('elastic/cloudtrail-deleted', 'event.action', 'eq', 'DeleteTrail')).toBe(4);
  });

  it('keeps case where the platform does (CloudTrail API names) and drops it where it does not (Windows paths)', () => {
    expect(k.indicatorCount(panther, 'eventName', 'eq', 'deletetrail')).toBe(0);
    // Image endswith "\CMD.exe" = process.name eq "cmd.exe": elastic (in) and splunk (wildcard without stars).
    expect(k.indicatorCount('sigma/cmd-spawn', 'Image', 'endswith', '\\CMD.exe')).toBe(2);
    expect(k.indicatorCount('elastic/cmd-by-office', 'process.name', 'in', 'cmd.exe')).toBe(2);
    expect(k.indicatorCount('elastic/cmd-by-office', 'process.name', 'in', 'powershell.exe')).toBe(0);
    expect(k.indicatorCount('sigma/svc-installed', 'EventID', 'eq', 4697)).toBe(1);
  });

  it('gives zero for unknown rules and unseen indicators', () => {
    expect(k.indicatorCount('nobody/none', 'eventName', 'eq', 'DeleteTrail')).toBe(0);
    expect(k.indicatorCount(panther, 'eventName', 'eq', 'NeverSeen')).toBe(0);
    expect(k.sameAction('nobody/none')).toEqual([]);
  });
});

describe('indicator rules', () => {
  it('lists the other rules behind a count, across vendors', () => {
    const k = deriveKnowledge(FIXTURE_RULES);
    expect(k.indicatorRules(securityConfigurationChange.id, 'eventName', 'in', 'DeleteTrail').map((r) => r.vendor)).toEqual(['sigma', 'elastic', 'splunk', 'sentinel']);
  });
});

describe('action matching semantics', () => {
  const AZ = 'Azure Activity';
  const ops = ['MICROSOFT.NETWORK/DNSZONES/WRITE', 'MICROSOFT.NETWORK/DNSZONES/DELETE', 'MICROSOFT.NETWORK/DNSZONES/READ', 'MICROSOFT.COMPUTE/DISKS/WRITE'];
  const named = fixtureRule('sentinel', 'azure-ops', 'Azure Operations', AZ, leaf('OperationNameValue', 'in', ops));
  const dnsChange = fixtureRule('sigma', 'dns-zone-change', 'DNS Zone Changed', AZ,
    and(leaf('operationName', 'startswith', ['MICROSOFT.NETWORK/DNSZONES']), leaf('operationName', 'endswith', ['/WRITE', '/DELETE'])));
  const notDelete = fixtureRule('elastic', 'dns-write-only', 'DNS Write Only', AZ,
    and(
      leaf('azure.activitylogs.operation_name', 'in', ['MICROSOFT.NETWORK/DNSZONES/WRITE', 'MICROSOFT.NETWORK/DNSZONES/DELETE']),
      not(leaf('azure.activitylogs.operation_name', 'eq', ['MICROSOFT.NETWORK/DNSZONES/DELETE'])),
    ));
  const family = fixtureRule('panther', 'anything', 'Anything Written', AZ, leaf('operationName', 'contains', ['MICROSOFT']));
  const k = deriveKnowledge([named, dnsChange, notDelete, family]);
  const actions = (id: string) => k.actionsOf(id).map((a) => a.action);

  it('needs every pattern of a conjunction, and respects negated action leaves', () => {
    expect(actions('sigma/dns-zone-change')).toEqual(['MICROSOFT.NETWORK/DNSZONES/DELETE', 'MICROSOFT.NETWORK/DNSZONES/WRITE']);
    expect(actions('elastic/dns-write-only')).toEqual(['MICROSOFT.NETWORK/DNSZONES/WRITE']);
  });

  it('compares case-insensitive action fields on folded values', () => {
    const lower = fixtureRule('splunk', 'lower', 'Lower Case', AZ, leaf('operationName', 'eq', ['microsoft.network/dnszones/read']));
    const k2 = deriveKnowledge([named, lower]);
    expect(k2.sameAction('splunk/lower').map((r) => r.id)).toEqual(['sentinel/azure-ops']);
    expect(k2.actionsOf('splunk/lower').map((a) => a.action)).toEqual(['MICROSOFT.NETWORK/DNSZONES/READ']);
  });

  it('links nothing through a pattern matching a whole family of actions', () => {
    const many = Array.from({ length: 25 }, (_, i) => `MICROSOFT.X/OP${i}/WRITE`);
    const k3 = deriveKnowledge([fixtureRule('sentinel', 'many', 'Many', AZ, leaf('OperationNameValue', 'in', many)), family]);
    expect(k3.actionsOf('panther/anything')).toEqual([]);
    expect(actions('panther/anything')).toEqual(['MICROSOFT.COMPUTE/DISKS/WRITE', 'MICROSOFT.NETWORK/DNSZONES/DELETE', 'MICROSOFT.NETWORK/DNSZONES/READ', 'MICROSOFT.NETWORK/DNSZONES/WRITE']);
  });
});

describe('regex equivalences in indicator counts', () => {
  it('counts a literal regex as the eq / startswith / endswith / contains it stands for', () => {
    const WPC = 'Windows Process Creation';
    const chronicle = fixtureRule('chronicle', 'cmd-regex', 'Cmd (regex)', WPC,
      leaf('target.process.file.full_path', 'regex', ['(?i)\\\\cmd\\.exe$'], { caseSensitive: false }));
    const ct = fixtureRule('chronicle', 'delete-trail-regex', 'Delete Trail (regex)', 'AWS CloudTrail', leaf('metadata.product_event_type', 'regex', ['^DeleteTrail$']));
    const k = deriveKnowledge([...FIXTURE_RULES, chronicle, ct]);
    // sigma Image|endswith "\CMD.exe", elastic process.name in, splunk Processes.process_name = the chronicle regex.
    expect(k.indicatorRules('chronicle/cmd-regex', 'target.process.file.full_path', 'regex', '(?i)\\\\cmd\\.exe$').map((r) => r.id)).toEqual([
      'sigma/cmd-spawn',
      'elastic/cmd-by-office',
      'splunk/cmd-tstats',
    ]);
    expect(k.indicatorCount(securityConfigurationChange.id, 'eventName', 'in', 'DeleteTrail')).toBe(5);
    expect(k.indicatorCount('chronicle/cmd-regex', 'target.process.file.full_path', 'regex', '\\.jse?$')).toBe(0);
  });
});
