/** The published logic JSON: stages, explicit case/match on every leaf, exclusions as branches; scope evaluation. */
import Ajv2020 from 'ajv/dist/2020.js';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/lib/logic/evaluate.ts';
import { logicJson } from '../../src/lib/logic/json.ts';
import { and, leaf, logicFrom, not, or, scope } from '../../src/lib/logic/tree.ts';

const schema = JSON.parse(readFileSync(new URL('../../schemas/rule-logic.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv2020({ allErrors: true }).compile(schema);

describe('logicJson', () => {
  const grouped = not(and(leaf('SourceImage', 'endswith', ['\\thor.exe']), leaf('GrantedAccess', 'eq', ['0x40'])));
  const split = not(or(leaf('User', 'eq', ['SYSTEM']), leaf('User', 'eq', ['LOCAL SERVICE'])));
  const logic = logicFrom(and(leaf('GrantedAccess', 'eq', ['0x40'], { caseSensitive: true }), grouped, split));

  it('states case and match on every leaf and validates against the schema', () => {
    const json = logicJson(logic);
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    const first = json.stages[0].filter as { children: { case?: string; match?: string }[] };
    expect(first.children[0]).toMatchObject({ case: 'sensitive', match: 'exact' });
  });

  it('names the list of a leaf whose values are kept in a named list, and validates', () => {
    const json = logicJson(logicFrom(leaf('sender.email.domain.root_domain', 'in', ['$free_email_providers'], { listRef: 'free_email_providers' })));
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    expect(json.stages[0].filter).toMatchObject({ kind: 'in', values: ['$free_email_providers'], list: 'free_email_providers' });
  });

  it('keeps an and-group of an exclusion together and splits an or', () => {
    const json = logicJson(logic);
    expect(json.exclusions).toHaveLength(3);
    expect(json.exclusions[0]).toMatchObject({ type: 'and' });
    expect(json.exclusions[1]).toMatchObject({ type: 'leaf', field: 'User', values: ['SYSTEM'] });
  });

  it('publishes regression agreement and the empty / term / fulltext match kinds, valid against the schema', () => {
    const withKinds = logicFrom(
      and(leaf('CommandLine', 'contains', ['net'], { match: 'term', caseSensitive: false }), leaf('User', 'is_null', [], { match: 'empty' }), leaf('message', 'eq', ['a b'], { match: 'fulltext' })),
    );
    const json = logicJson({ ...withKinds, regression: { cases: 2, agree: 1, disagreeing: ['x'] } });
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    expect(json.regression).toEqual({ cases: 2, agree: 1 });
    const leaves = (json.stages[0].filter as { children: { match: string }[] }).children.map((c) => c.match);
    expect(leaves).toEqual(['term', 'empty', 'fulltext']);
  });

  it('a single-event rule is one stage without correlation', () => {
    const json = logicJson(logic);
    expect(json.stages).toHaveLength(1);
    expect(json.correlation).toBeUndefined();
  });

  it('publishes a sequence with its stages, per-stage keys, runs and roles, and validates', () => {
    const json = logicJson({
      status: 'full',
      conjuncts: [],
      stages: [
        { source: 'process', conjuncts: [leaf('process.name', 'eq', ['gdb'])], by: ['process.pid'], runs: 2 },
        { source: 'network', conjuncts: [leaf('user.id', 'eq', ['0'])], role: 'until' },
      ],
      correlation: { kind: 'sequence', by: ['host.id'], window: '30s', ordered: true },
      reasons: [],
      outputFields: [],
      diagnostics: [],
    });
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    expect(json.stages.map((s) => [s.source, s.by, s.runs, s.role])).toEqual([
      ['process', ['process.pid'], 2, undefined],
      ['network', undefined, undefined, 'until'],
    ]);
    expect(json.correlation).toMatchObject({ kind: 'sequence', window: '30s' });
  });

  it('publishes the rule a correlation stage takes its matches from, and validates', () => {
    const json = logicJson({
      status: 'full',
      conjuncts: [],
      stages: [
        { name: 'Exposed', rule: 'panther/aws-s3-bucketmadepublic', conjuncts: [leaf('eventName', 'eq', ['PutBucketPolicy'])] },
        { name: 'KeyDestroyed', rule: 'Example.AWS.KMS.KeyScheduledDeletion', conjuncts: [] },
      ],
      correlation: { kind: 'sequence', by: ['p_alert_context.userArn'], window: '60m', ordered: true },
      reasons: [],
      outputFields: [],
      diagnostics: [],
    });
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    expect(json.stages.map((s) => [s.name, s.rule, s.filter === null])).toEqual([
      ['Exposed', 'panther/aws-s3-bucketmadepublic', false],
      ['KeyDestroyed', 'Example.AWS.KMS.KeyScheduledDeletion', true],
    ]);
  });
});

describe('scope', () => {
  const cond = scope('any', 'attachments', and(leaf('file_extension', 'eq', ['html']), leaf('size', 'lt', [100])))!;
  it('needs every condition on the same element', () => {
    expect(evaluate(cond, { attachments: [{ file_extension: 'html', size: 50 }] })).toBe(true);
    expect(evaluate(cond, { attachments: [{ file_extension: 'html', size: 500 }, { file_extension: 'pdf', size: 50 }] })).toBe(false);
  });
  it('all over an empty list holds, any does not', () => {
    const all = scope('all', 'attachments', leaf('file_extension', 'eq', ['pdf']))!;
    expect(evaluate(all, { attachments: [] })).toBe(true);
    expect(evaluate(cond, { attachments: [] })).toBe(false);
  });
});
