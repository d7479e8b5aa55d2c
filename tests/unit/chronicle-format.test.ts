import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chronicleFormat } from '../../src/lib/formats/chronicle/index.ts';
import { renderConjuncts } from '../../src/lib/logic/render.ts';
import type { RuleDraft } from '../../src/lib/model.ts';
import { createSourceContext } from '../../src/lib/catalog.ts';

const root = resolve(__dirname, '../fixtures/chronicle/ingest');
const source = createSourceContext('chronicle-detection-rules', root, { url: 'https://github.com/chronicle/detection-rules', commit: 'abc' });
const corpus = { findByUpstreamId: () => undefined };

function read(relPath: string): RuleDraft[] {
  return chronicleFormat.parseFile(relPath, readFileSync(join(root, relPath), 'utf8'), source).rules;
}

describe('chronicle format: ingest', () => {
  it('lists the .yaral files under the source root', () => {
    expect(chronicleFormat.listFiles(source)).toEqual([
      'rules/_deprecated/suspicious/command_whoami.yaral',
      'rules/community/okta/okta_two_rules.yaral',
      'rules/community/windows/broken_missing_paren.yaral',
    ]);
  });

  it('reads one draft per rule block with the meta of each', () => {
    const [admin, reset] = read('rules/community/okta/okta_two_rules.yaral');
    expect(admin).toMatchObject({
      vendor: 'chronicle',
      format: 'chronicle',
      upstreamId: 'okta_admin_role_assigned',
      slugBase: 'okta_admin_role_assigned',
      title: 'Okta Admin Role Assigned',
      description: 'Admin role assigned to a user.',
      severity: { original: 'HIGH', normalized: 'high' },
      kind: 'single-event',
      deprecated: false,
      logPlatform: 'Okta System Log',
      logSource: ['Okta'],
      attack: { tactics: ['TA0003'], techniques: ['T1098.003'] },
      references: ['https://developer.okta.com/docs/reference/api/event-types/', 'https://attack.mitre.org/techniques/T1098/003/'],
      authors: ['Fixture Author', 'Second Author'],
      tags: ['alert', 'identity', 'okta'],
    });
    expect(admin.files[0]).toMatchObject({ path: 'rules/community/okta/okta_two_rules.yaral', language: 'yaral' });
    expect(admin.files[0].upstreamUrl).toContain('rules/community/okta/okta_two_rules.yaral');
    expect(admin.query?.language).toBe('yaral');
    expect(admin.query?.text.startsWith('rule okta_admin_role_assigned {')).toBe(true);
    expect(admin.query?.text.trim().endsWith('}')).toBe(true);

    expect(reset).toMatchObject({
      upstreamId: 'okta_password_reset_then_mfa_deactivated',
      title: 'Okta Password Reset Then MFA Deactivated',
      kind: 'multi-event',
      attack: { tactics: ['Persistence', 'Defense Evasion'], techniques: ['T1556.006'] },
      severity: { original: 'Medium', normalized: 'medium' },
      logPlatform: 'Okta System Log',
    });
  });

  it('reads SOC Prime style meta (mitre, product/category) and marks _deprecated rules', () => {
    const [r] = read('rules/_deprecated/suspicious/command_whoami.yaral');
    expect(r).toMatchObject({
      title: 'Suspicious Command Whoami',
      deprecated: true,
      status: 'deprecated',
      attack: { tactics: ['discovery'], techniques: ['T1033'] },
      logPlatform: 'Windows Process Creation',
      created: '2019-07-04',
      severity: {},
    });
  });

  it('turns a file that does not parse into a broken rule with file and line', () => {
    const [r] = read('rules/community/windows/broken_missing_paren.yaral');
    expect(r.parseError).toMatchObject({ file: 'rules/community/windows/broken_missing_paren.yaral', line: 8, code: 'yaral-syntax', severity: 'error' });
    expect(r.title).toBe('Broken Missing Paren');
    expect(r.files[0].text).toContain('broken_missing_paren');
  });

  it('keeps the rules after a broken one in the same file, and names the broken one', () => {
    const text = [
      'rule first_rule {\n  events:\n    $e.metadata.event_type = "A"\n  condition:\n    $e\n}',
      'rule broken_rule {\n  events:\n    $e.metadata.event_type = (\n  condition:\n    $e\n}',
      'rule last_rule {\n  events:\n    $e.metadata.event_type = "C"\n  condition:\n    $e\n}',
    ].join('\n');
    const drafts = chronicleFormat.parseFile('rules/three.yaral', text, source).rules;
    expect(drafts.map((d) => [d.title, d.parseError?.line])).toEqual([
      ['First Rule', undefined],
      ['Last Rule', undefined],
      ['Broken Rule', 10],
    ]);
    expect(drafts[2].parseError?.column).toBe(3);
  });
});

describe('chronicle format: logic', () => {
  it('extracts the tree of each rule in a file', () => {
    const [admin, reset] = read('rules/community/okta/okta_two_rules.yaral');
    const a = chronicleFormat.extractLogic!(admin, source, corpus);
    expect(renderConjuncts(a.conjuncts)).toEqual(['metadata.product_name eq "Okta"', 'metadata.product_event_type eq "user.account.privilege.grant"']);
    expect(a.status).toBe('full');
    const b = chronicleFormat.extractLogic!(reset, source, corpus);
    expect(b.conjuncts).toEqual([]);
    expect(b.stages?.map((s) => [s.name, renderConjuncts(s.conjuncts), s.by])).toEqual([
      ['$reset', ['$reset.metadata.product_name eq "Okta"', '$reset.metadata.product_event_type eq "user.account.reset_password"'], ['$reset.target.user.userid']],
      ['$mfa', ['$mfa.metadata.product_name eq "Okta"', '$mfa.metadata.product_event_type eq "user.mfa.factor.deactivate"'], ['$mfa.target.user.userid']],
    ]);
    expect(b.correlation).toEqual({ kind: 'join', by: ['$user'], window: '30m' });
    expect(b.status).toBe('full');
    expect(b.outputFields).toEqual(['$risk_score', '$user']);
  });
});
