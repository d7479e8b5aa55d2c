import { describe, expect, it } from 'vitest';
import { buildCanonicalTable, canonicalTable, normalizeFieldName } from '../../src/lib/knowledge/canonical-table.ts';

describe('canonical field table', () => {
  const table = canonicalTable();

  it('loads the project table without bad rows', () => {
    expect(table.problems).toEqual([]);
    expect(table.groups.length).toBeGreaterThan(8);
  });

  it("maps every vendor's name for CloudTrail's eventName to one canonical field", () => {
    const names: [Parameters<typeof table.resolve>[0], string][] = [
      ['panther', 'eventName'],
      ['sigma', 'eventName'],
      ['elastic', 'event.action'],
      ['splunk', 'eventName'],
      ['splunk', 'api.operation'],
      ['sentinel', 'EventName'],
      ['chronicle', '$e.metadata.product_event_type'],
    ];
    for (const [vendor, field] of names) {
      expect(table.resolve(vendor, 'AWS CloudTrail', field), `${vendor} ${field}`).toMatchObject({ group: 'aws-cloudtrail', canonical: 'eventName', caseInsensitive: false });
    }
    expect(table.actionOf('AWS CloudTrail')).toEqual({ group: 'aws-cloudtrail', canonical: 'eventName' });
  });

  it('keeps the rest of the path under prefix rows, camel-casing where the row says so', () => {
    expect(table.resolve('elastic', 'AWS CloudTrail', 'aws.cloudtrail.user_identity.session_context.session_issuer.arn')?.canonical).toBe(
      'userIdentity.sessionContext.sessionIssuer.arn',
    );
    expect(table.resolve('panther', 'AWS CloudTrail', 'requestParameters.bucketName')?.canonical).toBe('requestParameters.bucketName');
    expect(table.resolve('chronicle', 'AWS CloudTrail', '$e.target.resource.attribute.labels["requestParameters.sslPolicy"]')?.canonical).toBe(
      'requestParameters.sslPolicy',
    );
  });

  it('follows the platform: the same name means different things, and Windows paths compare case-insensitively', () => {
    expect(table.resolve('elastic', 'GCP Audit Logs', 'event.action')?.canonical).toBe('protoPayload.methodName');
    expect(table.resolve('elastic', 'Okta System Log', 'event.action')).toMatchObject({ canonical: 'eventType', caseInsensitive: true });
    expect(table.resolve('sigma', 'Windows Process Creation', 'Image')).toMatchObject({ canonical: 'process.image', caseInsensitive: true, basename: 'process.name' });
    expect(table.resolve('sigma', 'Linux Process Creation', 'Image')).toMatchObject({ canonical: 'process.image', caseInsensitive: false });
    expect(table.resolve('splunk', 'Windows Process Creation', 'Processes.process_name')?.canonical).toBe('process.name');
    expect(table.resolve('sentinel', 'Windows Process Creation', 'InitiatingProcessFileName')?.canonical).toBe('process.parent.name');
    expect(table.resolve('sigma', 'AWS CloudTrail', 'SomethingUnknown')).toBeUndefined();
  });

  it('falls back to the platform-independent group for log-source selectors', () => {
    expect(table.resolve('splunk', 'AWS CloudTrail', 'sourcetype')).toMatchObject({ group: 'any', canonical: 'log.source' });
    expect(table.resolve('elastic', undefined, 'data_stream.dataset')).toMatchObject({ group: 'any', canonical: 'log.source' });
  });

  it("reads 'same' rows and strips a vendor prefix where the canonical field is '*'", () => {
    const t = buildCanonicalTable({
      groups: [
        {
          id: 'win',
          platforms: ['Windows Security Event Log'],
          action: 'EventID',
          case: 'insensitive',
          fields: [{ same: ['EventID', 'ShareName'] }, { canonical: '*', elastic: ['winlog.event_data.*'] }],
        },
      ],
    });
    expect(t.problems).toEqual([]);
    expect(t.resolve('sigma', 'Windows Security Event Log', 'ShareName')).toEqual({ group: 'win', canonical: 'ShareName', caseInsensitive: true, basename: undefined });
    expect(t.resolve('elastic', 'Windows Security Event Log', 'winlog.event_data.ShareName')?.canonical).toBe('ShareName');
    expect(t.actionOf('Windows Security Event Log')).toEqual({ group: 'win', canonical: 'EventID' });
    expect(buildCanonicalTable({ groups: [{ id: 'x', platforms: ['any'], fields: [{ same: 'nope', extra: 1 }] }] }).problems).toEqual([
      "group x, row 1 (same): unknown key 'extra'",
    ]);
  });

  it('normalizes field spellings before lookup', () => {
    expect(normalizeFieldName('?process.name')).toBe('process.name');
    expect(normalizeFieldName('$e1.metadata.product_event_type')).toBe('metadata.product_event_type');
    expect(normalizeFieldName("additional.fields['recipientAccountId']")).toBe('additional.fields.recipientAccountId');
    expect(normalizeFieldName('requestParameters.items{}.userId')).toBe('requestParameters.items.userId');
  });

  it('reports bad rows instead of failing', () => {
    const bad = buildCanonicalTable({
      groups: [
        {
          id: 'x',
          platforms: ['AWS CloudTrail', 'Mars Logs'],
          action: 'nope',
          case: 'sometimes',
          fields: [
            { canonical: 'a', martian: ['a'] },
            { canonical: 'b.*', all: ['b'] },
            { canonical: 'c', all: ['a', 'a'] },
            { all: ['d'] },
            'e',
          ],
        },
        { id: 'x', platforms: ['any'], fields: [] },
      ],
    });
    expect(bad.problems).toEqual([
      "group x: unknown platform 'Mars Logs' (see src/lib/platforms.ts)",
      'group x: case must be sensitive or insensitive',
      "group x, row 1 (a): unknown key 'martian'",
      'group x, row 1 (a): no vendor field names',
      "group x, row 2 (b.*): 'b' and its canonical field must both end in .* or neither",
      "group x, row 3 (c): 'a' already maps to c",
      'group x, row 4: missing canonical',
      'group x, row 5: not a mapping',
      "group x: action 'nope' is not one of its canonical fields",
      "group 2: duplicate id 'x'",
    ]);
    expect(bad.resolve('sigma', 'AWS CloudTrail', 'a')?.canonical).toBe('c');
    expect(buildCanonicalTable('not a table').problems).toEqual(['the table must have a `groups:` list']);
  });
});
