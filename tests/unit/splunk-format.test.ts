import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/lib/catalog.ts';
import { splunkFormat } from '../../src/lib/formats/splunk/index.ts';
import { platformOfDataSource, splunkPlatform } from '../../src/lib/formats/splunk/platform.ts';
import type { SourceContext } from '../../src/lib/formats/types.ts';
import { renderConjuncts } from '../../src/lib/logic/render.ts';
import { PLATFORMS } from '../../src/lib/platforms.ts';
import { createSourceContext } from '../../src/lib/catalog.ts';

const root = join(import.meta.dirname, '../fixtures/splunk/source');

function context(): SourceContext {
  return createSourceContext('splunk-security-content', root, { url: 'https://github.com/splunk/security_content', commit: 'abc1234' });
}

function read(relPath: string, source = context()) {
  return splunkFormat.parseFile(relPath, readFileSync(join(root, relPath), 'utf8'), source);
}

describe('Splunk security_content format', () => {
  it('lists only detections, not macros, data sources or stories', () => {
    expect(splunkFormat.listFiles(context())).toEqual([
      'detections/cloud/o365_mailbox_rule_no_datasource.yml',
      'detections/deprecated/broken.yml',
      'detections/endpoint/office_spawning_shell.yml',
    ]);
  });

  it('reads a detection: identity, severity from the risk score, ATT&CK, tags, tests, platform, body and query', () => {
    const result = read('detections/endpoint/office_spawning_shell.yml');
    const r = result.rules[0];
    expect(r).toMatchObject({
      vendor: 'splunk',
      format: 'splunk',
      upstreamId: '11111111-2222-4333-8444-555555555555',
      title: 'Office Application Spawning a Shell',
      slugBase: 'Office Application Spawning a Shell',
      severity: { original: 'risk score 56', normalized: 'medium' },
      status: 'production',
      deprecated: false,
      kind: 'TTP',
      logPlatform: 'Windows Process Creation',
      logSource: ['Windows Event Log Security 4688'],
      attack: { tactics: [], techniques: ['T1566.001', 'T1059'] },
      references: ['https://attack.mitre.org/techniques/T1566/001/'],
      authors: ['Jane Doe', 'John Roe', 'Splunk'],
      created: '2024-03-01',
      tags: ['Spearphishing Attachments', 'Splunk Enterprise', 'endpoint'],
      query: { language: 'spl' },
    });
    expect(r.files[0]).toMatchObject({ path: 'detections/endpoint/office_spawning_shell.yml', language: 'yaml' });
    expect(r.files[0].upstreamUrl).toBe('https://github.com/splunk/security_content/blob/abc1234/detections/endpoint/office_spawning_shell.yml');
    expect(r.tests).toEqual([{ name: 'True Positive Test', expected: true, log: [{ data: 'https://example.com/office.log', sourcetype: 'XmlWinEventLog' }] }]);
    expect(r.diagnostics.map((d) => [d.code, d.line])).toEqual([['unknown-field', 28]]);
    // The broken macros/ file is the source's problem, reported once per source, not with a rule file.
    expect(result.diagnostics).toBeUndefined();
    expect(splunkFormat.sourceDiagnostics?.(context()).map((d) => [d.file, d.code])).toEqual([['macros/broken_macro.yml', 'yaml-syntax']]);
  });

  it('takes the platform from the search when no data source is named; rba scores; deprecated; missing name', () => {
    const r = read('detections/cloud/o365_mailbox_rule_no_datasource.yml').rules[0];
    expect(r).toMatchObject({
      title: 'o365_mailbox_rule_no_datasource',
      logPlatform: 'Microsoft 365 Audit',
      logSource: ['o365_management_activity'],
      severity: { original: 'risk score 35', normalized: 'low' },
      deprecated: true,
      kind: 'Hunting',
    });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['missing-title']);
  });

  it('reads macros/ and data_sources/ once per source, into its cache', () => {
    const source = context();
    read('detections/endpoint/office_spawning_shell.yml', source);
    const cached = source.cache.get('splunk:reference');
    expect(cached).toBeDefined();
    const second = read('detections/cloud/o365_mailbox_rule_no_datasource.yml', source);
    expect(source.cache.get('splunk:reference')).toBe(cached);
    expect(second.diagnostics).toBeUndefined();
  });

  it('turns broken YAML into a broken rule with file and line', () => {
    const r = read('detections/deprecated/broken.yml').rules[0];
    expect(r.parseError).toMatchObject({ file: 'detections/deprecated/broken.yml', code: 'yaml-syntax', severity: 'error' });
    expect(r.parseError?.line).toBeGreaterThan(0);
    expect(r.files[0].text).toContain('Broken Detection');
  });

  it('extracts the logic with the source macros', () => {
    const source = context();
    const r = read('detections/cloud/o365_mailbox_rule_no_datasource.yml', source).rules[0];
    const logic = splunkFormat.extractLogic!(r, source, { findByUpstreamId: () => undefined });
    expect(renderConjuncts(logic.conjuncts)).toEqual([
      'sourcetype eq "o365:management:activity"',
      'Operation eq "New-InboxRule"',
      'Parameters contains "ForwardTo"',
    ]);
    expect(logic.outputFields).toEqual(['user', 'Operation', 'Parameters']);
    const unknown = splunkFormat.extractLogic!(read('detections/endpoint/office_spawning_shell.yml', source).rules[0], source, { findByUpstreamId: () => undefined });
    expect(unknown.reasons).toEqual(['unknown macro: wineventlog_security']);
  });

  it('maps data sources onto platform names that exist', () => {
    const cases: [string, string][] = [
      ['AWS CloudTrail DeleteTrail', 'AWS CloudTrail'],
      ['ASL AWS CloudTrail', 'AWS CloudTrail'],
      ['Sysmon EventID 1', 'Windows Process Creation'],
      ['Sysmon EventID 13', 'Windows Registry'],
      ['Sysmon EventID 10', 'Windows Sysmon'],
      ['CrowdStrike ProcessRollup2', 'Windows Process Creation'],
      ['Windows Event Log Security 4624', 'Windows Security Event Log'],
      ['Okta', 'Okta System Log'],
      ['Azure Active Directory Add member to role', 'Entra ID Audit Logs'],
      ['Azure Active Directory Sign-in activity', 'Entra ID Sign-in Logs'],
      ['O365 UserLoginFailed', 'Microsoft 365 Audit'],
      ['Kubernetes Audit', 'Kubernetes Audit'],
      ['GitHub', 'GitHub Audit Log'],
      ['Powershell Script Block Logging 4104', 'Windows PowerShell'],
    ];
    for (const [name, platform] of cases) {
      expect(platformOfDataSource(name)).toBe(platform);
      expect(PLATFORMS).toContain(platform);
    }
    const fromSearch = { dataSources: [], macros: [], search: '' };
    expect(splunkPlatform({ ...fromSearch, sourcetypes: ['google:gcp:pubsub:message'], datamodels: [] })).toBe('GCP Audit Logs');
    expect(splunkPlatform({ ...fromSearch, sourcetypes: [], datamodels: ['Endpoint.Registry'] })).toBe('Windows Registry');
    expect(splunkPlatform({ ...fromSearch, dataSources: [{ name: 'Azure Active Directory' }], sourcetypes: [], datamodels: [], search: 'category=SignInLogs' })).toBe('Entra ID Sign-in Logs');
  });
});

describe('Splunk example rules (content/examples)', () => {
  const catalog = buildCatalog({ only: ['splunk-security-content'], env: {} });
  const byPath = (p: string) => catalog.rules.find((r) => r.files[0].path === p)!;

  it('ingest with platform, ATT&CK and full logic where the search is a plain filter', () => {
    expect(catalog.rules.length).toBeGreaterThanOrEqual(4);
    for (const r of catalog.rules) {
      expect(r.logPlatform, r.title).toBeTruthy();
      expect(r.attack.techniques.length, r.title).toBeGreaterThan(0);
      expect(r.logic?.conjuncts.length, r.title).toBeGreaterThan(0);
    }
    expect(catalog.diagnostics).toEqual([]);
  });

  it('the CloudTrail macro search', () => {
    const r = byPath('detections/cloud/aws_cloudtrail_logging_disabled.yml');
    expect(renderConjuncts(r.logic!.conjuncts)).toEqual([
      'sourcetype eq "aws:cloudtrail"',
      'eventSource eq "cloudtrail.amazonaws.com"',
      'eventName in ["DeleteTrail", "StopLogging"] or (eventName eq "UpdateTrail" and requestParameters.isMultiRegionTrail eq "false")',
      'not errorCode is_not_null',
    ]);
    expect(r.logic!.status).toBe('full');
    // stats count min(_time) as firstTime max(_time) as lastTime by ...: the by fields, then the aggregates.
    expect(r.logic!.outputFields).toEqual(['eventName', 'user', 'src_ip', 'aws_account_id', 'count', 'firstTime', 'lastTime']);
  });

  it('the ASL (Security Lake) search reads api.operation and maps to AWS CloudTrail', () => {
    const r = byPath('detections/cloud/asl_aws_guardduty_detector_deleted.yml');
    expect(r.logPlatform).toBe('AWS CloudTrail');
    expect(renderConjuncts(r.logic!.conjuncts)).toContain('api.operation eq "DeleteDetector"');
  });

  it('places leaves at their place in the file (a macro leaf at the macro call)', () => {
    const r = byPath('detections/endpoint/windows_shadow_copy_deletion_via_vssadmin.yml');
    const lines = r.files[0].text.split('\n');
    const at = (loc: { line: number; column?: number } | undefined) => lines[loc!.line - 1].slice(loc!.column! - 1);
    const [macro, process] = r.logic!.conjuncts;
    expect(macro.type === 'or' && macro.children[0].type === 'leaf' && at(macro.children[0].loc)).toMatch(/^`process_vssadmin`/);
    expect(process.type === 'or' && process.children[1].type === 'leaf' && at(process.children[1].loc)).toMatch(/^Processes.process="\*resize/);
  });

  it('the Endpoint tstats search and the stats + where search', () => {
    const t = byPath('detections/endpoint/windows_shadow_copy_deletion_via_vssadmin.yml');
    expect(renderConjuncts(t.logic!.conjuncts)[0]).toBe('Processes.process_name eq "vssadmin.exe" or Processes.original_file_name eq "VSSADMIN.EXE"');
    const w = byPath('detections/cloud/okta_mfa_push_flood.yml');
    expect(w.logic!.status).toBe('full');
    expect(renderConjuncts(w.logic!.conjuncts).at(-1)).toBe('actor.alternateId ne "svc-okta-monitor@example.com"');
    expect(w.logic!.correlation).toEqual({
      kind: 'aggregation',
      by: ['actor.alternateId', 'src_ip'],
      condition: 'pushes >= 5 AND denials * 2 > pushes AND user != "svc-okta-monitor@example.com"',
      detail: 'stats',
    });
  });
});
