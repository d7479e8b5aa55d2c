import { describe, expect, it } from 'vitest';
import { evaluate, evaluateConjuncts, resolvePath } from '../../src/lib/logic/evaluate.ts';
import { and, leaf, not, or } from '../../src/lib/logic/tree.ts';

const event = {
  eventName: 'DeleteTrail',
  errorCode: null,
  requestParameters: { enable: false, name: 'Main-Trail' },
  userIdentity: { type: 'AssumedRole', sessionContext: { sessionIssuer: { userName: 'ops' } } },
  resources: [{ arn: 'arn:aws:s3:::a' }, { arn: 'arn:aws:s3:::b' }],
  tags: ['prod', 'pci'],
  count: 12,
  sourceIPAddress: '10.1.2.3',
  'p_any_ip.addresses': ['10.1.2.3'],
  EventID: 4625,
};

describe('evaluate: field paths', () => {
  it('resolves dotted paths, lists along the way and literal dotted keys', () => {
    expect(resolvePath(event, 'userIdentity.sessionContext.sessionIssuer.userName')).toEqual(['ops']);
    expect(resolvePath(event, 'resources.arn')).toEqual(['arn:aws:s3:::a', 'arn:aws:s3:::b']);
    expect(resolvePath(event, 'p_any_ip.addresses')).toEqual([['10.1.2.3']]);
    expect(resolvePath(event, 'tags.0')).toEqual(['prod']);
    expect(resolvePath(event, 'resources.-1.arn')).toEqual(['arn:aws:s3:::b']);
    expect(evaluate(leaf('EVENTNAME', 'eq', ['DeleteTrail']), event)).toBe(false);
    expect(evaluate(leaf('EVENTNAME', 'eq', ['DeleteTrail']), event, { caseInsensitiveKeys: true })).toBe(true);
    const nested = { properties: { log: '{"verb": "create", "objectRef": {"resource": "pods"}}' } };
    expect(evaluate(leaf('properties.log.verb', 'eq', ['create']), nested)).toBe(false);
    expect(evaluate(leaf('properties.log.objectRef.resource', 'eq', ['pods']), nested, { parseJsonStrings: true })).toBe(true);
  });
});

describe('evaluate: leaf kinds', () => {
  it('compares with and without case', () => {
    expect(evaluate(leaf('eventName', 'eq', ['deletetrail']), event)).toBe(true);
    expect(evaluate(leaf('eventName', 'eq', ['deletetrail'], { caseSensitive: true }), event)).toBe(false);
    expect(evaluate(leaf('eventName', 'in', ['StopLogging', 'DeleteTrail'], { caseSensitive: true }), event)).toBe(true);
    expect(evaluate(leaf('eventName', 'ne', ['DeleteTrail']), event)).toBe(false);
    expect(evaluate(leaf('EventID', 'eq', ['4625']), event)).toBe(true);
  });

  it('matches substrings, prefixes, suffixes, list members and all-values', () => {
    expect(evaluate(leaf('requestParameters.name', 'contains', ['main']), event)).toBe(true);
    expect(evaluate(leaf('tags', 'contains', ['pci']), event)).toBe(true);
    expect(evaluate(leaf('requestParameters', 'contains', ['enable']), event)).toBe(true);
    expect(evaluate(leaf('eventName', 'startswith', ['Stop', 'Delete']), event)).toBe(true);
    expect(evaluate(leaf('eventName', 'endswith', ['trail'], { caseSensitive: true }), event)).toBe(false);
    expect(evaluate(leaf('eventName', 'contains', ['Delete', 'Trail'], { all: true }), event)).toBe(true);
    expect(evaluate(leaf('eventName', 'contains', ['Delete', 'Bucket'], { all: true }), event)).toBe(false);
  });

  it('matches regex (with Python inline flags), wildcards, CIDR and numbers', () => {
    expect(evaluate(leaf('eventName', 'regex', ['^delete'], { caseSensitive: true }), event)).toBe(false);
    expect(evaluate(leaf('eventName', 'regex', ['(?i)^delete'], { caseSensitive: true }), event)).toBe(true);
    expect(evaluate(leaf('requestParameters.name', 'wildcard', ['main-*']), event)).toBe(true);
    expect(evaluate(leaf('sourceIPAddress', 'cidr', ['10.0.0.0/8']), event)).toBe(true);
    expect(evaluate(leaf('sourceIPAddress', 'cidr', ['192.168.0.0/16']), event)).toBe(false);
    expect(evaluate(leaf('count', 'gt', [10]), event)).toBe(true);
    expect(evaluate(leaf('count', 'lte', [11]), event)).toBe(false);
    expect(evaluate(leaf('*', 'keyword', ['sessionissuer']), event)).toBe(false);
    expect(evaluate(leaf('*', 'keyword', ['Main-Trail']), event)).toBe(true);
  });

  it('reads is_null as missing/null/empty, or (matching empty) as Python falsiness', () => {
    expect(evaluate(leaf('errorCode', 'is_null'), event)).toBe(true);
    expect(evaluate(leaf('missing', 'is_null'), event)).toBe(true);
    expect(evaluate(leaf('requestParameters.enable', 'is_null'), event)).toBe(false);
    // Python: a falsy test (match empty) takes False; `x is None` (the default of event.get) does not.
    expect(evaluate(leaf('requestParameters.enable', 'is_null', [], { match: 'empty' }), event, { nullness: 'python' })).toBe(true);
    expect(evaluate(leaf('requestParameters.enable', 'is_null'), event, { nullness: 'python' })).toBe(false);
    expect(evaluate(leaf('eventName', 'is_not_null'), event)).toBe(true);
  });
});

describe('evaluate: nodes', () => {
  it('combines and/or/not and top-level conjuncts', () => {
    const success = not(or(leaf('errorCode', 'is_not_null'), leaf('errorMessage', 'is_not_null')))!;
    const action = or(and(leaf('eventName', 'eq', ['UpdateDetector']), leaf('requestParameters.enable', 'is_null')), leaf('eventName', 'in', ['DeleteTrail']))!;
    expect(evaluateConjuncts([success, action], event)).toBe(true);
    expect(evaluateConjuncts([success, action], { ...event, errorCode: 'AccessDenied' })).toBe(false);
    expect(evaluateConjuncts([], event)).toBe(true);
  });
});
