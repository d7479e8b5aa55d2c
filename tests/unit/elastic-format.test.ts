import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { elasticFormat } from '../../src/lib/formats/elastic/index.ts';
import { mergeReasons } from '../../src/lib/formats/elastic/logic.ts';
import { renderConjuncts } from '../../src/lib/logic/render.ts';
import type { RuleDraft } from '../../src/lib/model.ts';
import { createSourceContext } from '../../src/lib/catalog.ts';

const root = join(import.meta.dirname, '../fixtures/elastic/source');
const source = createSourceContext('elastic-detection-rules', root, { url: 'https://github.com/elastic/detection-rules', commit: 'abc' });
const corpus = { findByUpstreamId: () => undefined };

function read(relPath: string) {
  return elasticFormat.parseFile(relPath, readFileSync(join(root, relPath), 'utf8'), source);
}
function only(relPath: string): RuleDraft {
  const { rules } = read(relPath);
  expect(rules).toHaveLength(1);
  return rules[0];
}
const logicOf = (draft: RuleDraft) => elasticFormat.extractLogic!(draft, source, corpus);

describe('elastic format: ingest', () => {
  it('lists the TOML files of rules/ and rules_building_block/ only', () => {
    expect(elasticFormat.listFiles(source)).toEqual([
      'rules/_deprecated/discovery_old_rule.toml',
      'rules/integrations/aws/persistence_iam_user_created.toml',
      'rules/linux/_config.toml',
      'rules/linux/new_terms_and_threshold.toml',
      'rules/threat_intel/threat_intel_fixture_match.toml',
      'rules/windows/broken_syntax.toml',
      'rules/windows/defense_evasion_with_filters.toml',
      'rules/windows/execution_query_syntax_error.toml',
      'rules_building_block/ml_fixture.toml',
    ]);
  });

  it('reads metadata, rule fields, ATT&CK threat blocks and the log platform', () => {
    const r = only('rules/integrations/aws/persistence_iam_user_created.toml');
    expect(r).toMatchObject({
      vendor: 'elastic',
      format: 'elastic',
      upstreamId: '11111111-2222-4333-8444-555555555555',
      title: 'Fixture IAM User Created',
      slugBase: 'Fixture IAM User Created',
      description: 'Flags CreateUser calls.',
      severity: { original: 'low (risk score 21)', normalized: 'low' },
      status: 'production',
      deprecated: false,
      kind: 'query',
      logPlatform: 'AWS CloudTrail',
      logSource: ['logs-aws.cloudtrail-*', 'aws.cloudtrail'],
      attack: { tactics: ['TA0003'], techniques: ['T1136', 'T1136.003'] },
      references: ['https://example.com/a'],
      authors: ['Fixture Author', 'Second Author'],
      created: '2023-02-01',
      modified: '2025-01-15',
      tags: ['Domain: Cloud', 'Data Source: AWS', 'Tactic: Persistence'],
      query: { language: 'kuery' },
      diagnostics: [],
    });
    expect(r.files[0]).toMatchObject({ language: 'toml', upstreamUrl: 'https://github.com/elastic/detection-rules/blob/abc/rules/integrations/aws/persistence_iam_user_created.toml' });
  });

  it('turns broken TOML into a broken rule with its line', () => {
    const r = only('rules/windows/broken_syntax.toml');
    expect(r.kind).toBe('unparsed');
    expect(r.title).toBe('broken_syntax');
    expect(r.parseError).toMatchObject({ code: 'toml-syntax', file: 'rules/windows/broken_syntax.toml', line: 9 });
    expect(r.files[0].text).toContain('severity = "high');
  });

  it('uses the file name when the rule has no name, and warns about unknown sections', () => {
    const r = only('rules/windows/execution_query_syntax_error.toml');
    expect(r.title).toBe('execution_query_syntax_error');
    expect(r.diagnostics.map((d) => `${d.code}: ${d.message}`)).toEqual([
      'unknown-field: unknown section [extra]',
      'unknown-field: unknown field metadata.unknown_meta',
      'missing-title: rule has no name; the file name stands in',
    ]);
    expect(r.severity).toEqual({ original: 'critical (risk score 99)', normalized: 'critical' });
    expect(r.logPlatform).toBe('Windows Process Creation');
  });

  it('marks rules in _deprecated (or with maturity deprecated) as deprecated', () => {
    const r = only('rules/_deprecated/discovery_old_rule.toml');
    expect(r.deprecated).toBe(true);
    expect(r.query).toEqual({ language: 'lucene', text: 'event.category:process AND process.name:(whoami OR id)\n' });
    expect(r.logPlatform).toBe('Linux Process Creation');
  });

  it('keeps a TOML file without [rule] or [metadata] as a page with the reason', () => {
    const r = only('rules/linux/_config.toml');
    expect(r.parseError).toMatchObject({ code: 'missing-rule', line: 1, message: 'the file has no [rule] or [metadata] table: not a detection rule' });
    expect(r.files[0].text).toBe(readFileSync(join(root, 'rules/linux/_config.toml'), 'utf8'));
  });

  it('keeps an empty TOML file as a page that says so', () => {
    expect(elasticFormat.parseFile('rules/linux/empty.toml', '', source).rules[0].parseError).toMatchObject({ code: 'empty-file', line: 1 });
  });
});

describe('elastic format: logic by rule type', () => {
  it('extracts a kuery rule fully, with investigation fields as output fields', () => {
    const logic = logicOf(only('rules/integrations/aws/persistence_iam_user_created.toml'));
    expect(logic.status).toBe('full');
    expect(renderConjuncts(logic.conjuncts)).toEqual(['event.dataset eq "aws.cloudtrail"', 'event.action eq "CreateUser"', 'event.outcome eq "success"']);
    expect(logic.outputFields).toEqual(['user.name', 'source.ip']);
  });

  it('points a query syntax error at its line in the TOML file', () => {
    const logic = logicOf(only('rules/windows/execution_query_syntax_error.toml'));
    expect(logic.status).toBe('none');
    expect(logic.reasons[0]).toMatch(/^EQL syntax error/);
    expect(logic.diagnostics[0]).toMatchObject({ file: 'rules/windows/execution_query_syntax_error.toml', line: 19, code: 'query-syntax' });
  });

  it('reads lucene queries', () => {
    const logic = logicOf(only('rules/_deprecated/discovery_old_rule.toml'));
    expect(renderConjuncts(logic.conjuncts)).toEqual(['event.category eq "process"', 'process.name in ["whoami", "id"]']);
  });

  it('gives threshold rules their count per group as the correlation, and the threshold fields as output fields', () => {
    const logic = logicOf(only('rules/linux/new_terms_and_threshold.toml'));
    expect(logic.status).toBe('full');
    expect(logic.reasons).toEqual([]);
    expect(logic.stages).toBeUndefined();
    expect(renderConjuncts(logic.conjuncts)).toEqual(['event.category eq "process"', 'process.name eq "sudo"']);
    expect(logic.correlation).toMatchObject({ kind: 'threshold', by: ['host.id', 'user.name'], condition: 'count >= 5' });
    expect(logic.outputFields).toEqual(['host.id', 'user.name']);
  });

  it('gives indicator-match rules two stages, the events and the indicator index, and the match as the correlation', () => {
    const draft = only('rules/threat_intel/threat_intel_fixture_match.toml');
    expect(draft.logPlatform).toBe('Threat Intelligence');
    const logic = logicOf(draft);
    expect(logic.conjuncts).toEqual([]);
    expect(logic.stages?.map((s) => [s.name, s.source, renderConjuncts(s.conjuncts)])).toEqual([
      ['events', undefined, ['file.hash.sha256 is_not_null']],
      ['indicators', 'logs-ti_*', ['@timestamp gte "now-30d/d"']],
    ]);
    expect(logic.correlation).toMatchObject({ kind: 'indicator_match', detail: 'logs-ti_*' });
    expect(logic.status).toBe('full');
  });

  it('ANDs the rule filters (negated, disabled, DSL clauses) with the query', () => {
    const draft = only('rules/windows/defense_evasion_with_filters.toml');
    expect(draft.enabled).toBe(false);
    const logic = logicOf(draft);
    expect(renderConjuncts(logic.conjuncts)).toEqual([
      'event.category eq "process"',
      'powershell.file.script_block_text wildcard "*Invoke-Obfuscation*"',
      'not file.directory wildcard "?:\\\\Program Files\\\\WindowsPowerShell\\\\Modules\\\\*"',
      'host.id is_not_null',
      'user.name eq "a" or user.name eq "b"',
      'not process.pid lt 5',
    ]);
    expect(logic.reasons).toEqual(['unsupported filter: geo_distance']);
    expect(draft.logPlatform).toBe('Windows Process Creation');
  });

  it('says machine-learning rules have no filter and name their job', () => {
    const draft = only('rules_building_block/ml_fixture.toml');
    expect(draft.logPlatform).toBe('Windows Endpoint');
    expect(logicOf(draft)).toMatchObject({ status: 'none', reasons: ['machine learning job: fixture_rare_process_windows'], conjuncts: [] });
  });
});

describe('elastic format: reasons', () => {
  it('merges reasons that share a phrase, keeping their details in order', () => {
    expect(mergeReasons(['filter on aggregate: a', 'sequence', 'filter on aggregate: b', 'filter on aggregate: a', 'unsupported function: length'])).toEqual([
      'filter on aggregate: a, b',
      'sequence',
      'unsupported function: length',
    ]);
  });
});
