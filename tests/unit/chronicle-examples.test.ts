import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chronicleFormat } from '../../src/lib/formats/chronicle/index.ts';
import { renderConjuncts } from '../../src/lib/logic/render.ts';
import { PLATFORMS } from '../../src/lib/platforms.ts';
import { createSourceContext } from '../../src/lib/catalog.ts';

const root = resolve(__dirname, '../../content/examples/chronicle-detection-rules');
const source = createSourceContext('chronicle-detection-rules', root);
const corpus = { findByUpstreamId: () => undefined };
const rules = chronicleFormat
  .listFiles(source)
  .flatMap((f) => chronicleFormat.parseFile(f, readFileSync(join(root, f), 'utf8'), source).rules);
const byId = (id: string) => rules.find((r) => r.upstreamId === id)!;
const logic = (id: string) => chronicleFormat.extractLogic!(byId(id), source, corpus);

describe('chronicle example rules of the project', () => {
  it('all parse, with title, known log platform and ATT&CK', () => {
    expect(rules.length).toBeGreaterThanOrEqual(4);
    for (const r of rules) {
      expect(r.parseError).toBeUndefined();
      expect(PLATFORMS).toContain(r.logPlatform);
      expect(r.attack.techniques.length).toBeGreaterThan(0);
    }
  });

  it('the CloudTrail rule filters on metadata.product_event_type', () => {
    expect(byId('aws_cloudtrail_logging_tampering').logPlatform).toBe('AWS CloudTrail');
    expect(renderConjuncts(logic('aws_cloudtrail_logging_tampering').conjuncts)).toContain(
      'metadata.product_event_type in ["StopLogging", "DeleteTrail", "UpdateTrail", "PutEventSelectors"]',
    );
  });

  it('the Windows rule is a process-creation rule with case-insensitive regexes', () => {
    expect(byId('win_shadow_copy_deletion').logPlatform).toBe('Windows Process Creation');
    const l = logic('win_shadow_copy_deletion');
    expect(l.status).toBe('full');
    expect(renderConjuncts(l.conjuncts)[1]).toMatch(/^target\.process\.command_line regex \[/);
  });

  it('the push-fatigue rule is a sequence of two named stages with its count; the reference-list rule is partial for it', () => {
    const fatigue = logic('okta_mfa_push_fatigue_then_success');
    expect(fatigue.status).toBe('full');
    expect(fatigue.stages?.map((s) => s.name)).toEqual(['$deny', '$allow']);
    expect(fatigue.correlation).toEqual({ kind: 'sequence', by: ['$user'], window: '15m', ordered: true, condition: 'count($deny) >= 3' });
    expect(byId('okta_mfa_push_fatigue_then_success').kind).toBe('multi-event');
    expect(logic('gcp_service_account_key_created_by_unapproved_principal').reasons).toEqual(['reference list: %gcp_approved_key_creators']);
  });
});
