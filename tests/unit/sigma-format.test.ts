import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { buildCatalog } from '../../src/lib/catalog.ts';
import { renderConjuncts } from '../../src/lib/logic/render.ts';
import type { Rule } from '../../src/lib/model.ts';
import { PLATFORMS } from '../../src/lib/platforms.ts';
import { sigmaLogPlatform } from '../../src/lib/formats/sigma/logsource.ts';

const corpus = fileURLToPath(new URL('../fixtures/sigma/corpus', import.meta.url));
const catalog = buildCatalog({ env: { RULECAT_CORPUS: corpus }, only: ['sigma'] });

function byId(id: string): Rule {
  const r = catalog.rules.find((x) => x.upstreamId === id);
  if (!r) throw new Error(`no rule ${id}`);
  return r;
}

function byFile(name: string): Rule[] {
  return catalog.rules.filter((r) => r.files[0].path.endsWith(name));
}

const lines = (r: Rule) => renderConjuncts(r.logic?.conjuncts ?? []);

describe('sigma ingest', () => {
  it('lists every .yml under the rule folders and nothing else', () => {
    const stats = catalog.sources[0];
    expect(stats.files).toBe(14);
    expect(catalog.rules.every((r) => !r.files[0].path.endsWith('.md'))).toBe(true);
  });

  it('normalizes the metadata of a plain rule', () => {
    const r = byId('11111111-0000-4000-8000-000000000001');
    expect(r).toMatchObject({
      vendor: 'sigma',
      format: 'sigma',
      kind: 'rule',
      title: 'Fixture Basic Process Rule',
      slug: 'fixture-basic-process-rule',
      status: 'stable',
      severity: { original: 'informational', normalized: 'info' },
      authors: ['Alice Example', 'Bob Example (Org)'],
      created: '2021-03-04',
      modified: '2024-05-06',
      references: ['https://example.com/a'],
      logSource: ['product:windows', 'category:process_creation'],
      logPlatform: 'Windows Process Creation',
      attack: { tactics: ['execution', 'stealth', 'TA0005'], techniques: ['T1059.001'] },
      query: { language: 'sigma' },
    });
    expect(r.files[0]).toMatchObject({ language: 'yaml', path: 'rules/windows/proc_creation_win_fixture_basic.yml' });
    expect(r.files[0].upstreamUrl).toBe(
      'https://github.com/example/sigma-fixtures/blob/0123456789abcdef0123456789abcdef01234567/rules/windows/proc_creation_win_fixture_basic.yml',
    );
    expect(r.query?.text).toBe("detection:\n    selection:\n        Image|endswith: '\\powershell.exe'\n    condition: selection");
    expect(r.logic?.outputFields).toEqual(['CommandLine', 'User']);
    expect(r.logic?.conjuncts[0]).toMatchObject({ field: 'Image', kind: 'endswith', values: ['\\powershell.exe'], loc: { line: 23 } });
  });

  it('merges action: global into the following documents, repeats, and resets', () => {
    const rules = byFile('win_security_fixture_global.yml');
    expect(rules.map((r) => r.title)).toEqual([
      'Fixture Global Service Installed',
      'Fixture Global Service Installed (System log)',
      'Fixture After Reset',
    ]);
    const [a, b, c] = rules;
    expect(a).toMatchObject({ status: 'test', authors: ['Carol Example'], logPlatform: 'Windows Security Event Log', attack: { techniques: ['T1543.003'] } });
    expect(lines(a)).toEqual(['EventID eq 4697', 'not SubjectUserName endswith "$"']);
    expect(b.logPlatform).toBe('Windows System Event Log');
    expect(lines(b)).toEqual(['EventID eq 7045', 'not SubjectUserName endswith "$"']);
    expect(c).toMatchObject({ logPlatform: 'Linux Auditd', authors: [], attack: { techniques: [] } });
    expect(lines(c)).toEqual(['type eq "EXECVE"']);
  });

  it('reads correlation rules: the correlated rules as stages with links, kind, group-by, timespan and condition', () => {
    const count = byId('11111111-0000-4000-8000-000000000007');
    expect(count.kind).toBe('correlation_rule');
    expect(count.logPlatform).toBe('Linux Endpoint');
    expect(count.logic).toMatchObject({
      status: 'full',
      reasons: [],
      relatedRules: [byId('11111111-0000-4000-8000-000000000005').id],
      outputFields: ['src_ip'],
      correlation: { kind: 'threshold', by: ['src_ip'], window: '10m', condition: 'count >= 20' },
    });
    // One correlated rule: its tree is the rule's filter.
    expect(lines(count)).toEqual(['* keyword "Failed password"']);
    // The correlated rule lives in another file: its line numbers are not this file's.
    expect(count.logic?.conjuncts[0]).not.toHaveProperty('loc');

    const temporal = byId('11111111-0000-4000-8000-000000000008');
    expect(temporal.logic?.status).toBe('full');
    expect(temporal.logic?.relatedRules).toEqual(['sigma/fixture-failed-ssh-login', 'sigma/fixture-successful-ssh-login']);
    expect(temporal.logic?.conjuncts).toEqual([]);
    expect(temporal.logic?.stages?.map((s) => [s.name, s.source, s.rule, renderConjuncts(s.conjuncts)])).toEqual([
      ['11111111-0000-4000-8000-000000000005', 'product:linux, service:sshd', 'sigma/fixture-failed-ssh-login', ['* keyword "Failed password"']],
      ['fixture_ssh_success', 'product:linux, service:sshd', 'sigma/fixture-successful-ssh-login', ['* keyword ["Accepted password", "Accepted publickey"]']],
    ]);
    expect(temporal.logic?.correlation).toEqual({ kind: 'sequence', by: ['src_ip', 'user'], window: '15m', ordered: true });

    const missing = byId('11111111-0000-4000-8000-000000000009');
    expect(missing.logic?.status).toBe('partial');
    expect(missing.logic?.reasons).toEqual(['correlated rule not found: no_such_rule']);
    expect(missing.logic?.relatedRules).toEqual(['no_such_rule']);
    expect(missing.logic?.correlation).toEqual({ kind: 'distinct_count', by: ['src_ip'], window: '1h', condition: 'distinct_count(user) > 5' });
    expect(lines(missing)).toEqual(['src_ip is_not_null', 'user is_not_null']);
  });

  it('keeps every rule serializable (documents of one file know each other without a cycle)', () => {
    expect(() => JSON.stringify(catalog.rules)).not.toThrow();
  });

  it('reads meta filters as rules of kind filter that relate to the rules they narrow', () => {
    const f = byId('11111111-0000-4000-8000-000000000016');
    expect(f.kind).toBe('filter');
    expect(f.logic?.relatedRules).toEqual([byId('11111111-0000-4000-8000-000000000001').id]);
    expect(lines(f)).toEqual(['not ComputerName startswith "DC"']);
  });

  it('marks placeholders (expand) partial and keeps the placeholder as written', () => {
    const r = byId('11111111-0000-4000-8000-000000000010');
    expect(r.logic?.status).toBe('partial');
    expect(r.logic?.reasons).toEqual(['placeholder: %Workstations%']);
    expect(lines(r)).toEqual(['EventID eq 4624', 'WorkstationName eq "%Workstations%"']);
  });
});

describe('sigma broken files', () => {
  it('turns bad YAML into a broken rule with file and line', () => {
    const [r] = byFile('bad_yaml.yml');
    expect(r.kind).toBe('unparsed');
    expect(r.parseError).toMatchObject({ file: 'rules/broken/bad_yaml.yml', code: 'yaml-syntax', severity: 'error' });
    expect(r.parseError?.line).toBeGreaterThan(1);
    expect(r.files[0].text).toContain('unterminated');
    expect(r.logic?.status).toBe('none');
  });

  it('reports empty files and YAML that is not a map', () => {
    expect(byFile('empty.yml')[0].parseError?.code).toBe('empty-file');
    expect(byFile('not_a_map.yml')[0].parseError?.code).toBe('not-a-rule');
  });

  it('keeps a rule without title under its file name, with a warning', () => {
    const [r] = byFile('missing_title.yml');
    expect(r.title).toBe('missing_title');
    expect(r.parseError).toBeUndefined();
    expect(r.diagnostics.map((d) => d.code)).toEqual(['missing-title']);
    expect(lines(r)).toEqual(['Image endswith "\\\\cmd.exe"']);
  });

  it('keeps a rule without detection, with a warning and no logic', () => {
    const [r] = byFile('missing_detection.yml');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['missing-detection']);
    expect(r.logic).toMatchObject({ status: 'none', reasons: ['no detection block'] });
  });

  it('warns about unknown top-level fields with their line', () => {
    const [r] = byFile('unknown_field.yml');
    expect(r.deprecated).toBe(true);
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'unknown-field', line: 11, severity: 'warning' })]);
    expect(r.logic?.status).toBe('full');
  });

  it('keeps the last of duplicate keys, with a warning, as PyYAML does', () => {
    const [r] = byFile('duplicate_key.yml');
    expect(r.parseError).toBeUndefined();
    expect(catalog.diagnostics).toContainEqual(expect.objectContaining({ file: 'rules/broken/duplicate_key.yml', code: 'duplicate-key', line: 10 }));
    expect(lines(r)).toEqual(['Image endswith "\\\\b.exe"']);
  });

  it('reports a condition it cannot parse, with the condition line', () => {
    const [r] = byFile('bad_condition.yml');
    expect(r.logic?.status).toBe('none');
    expect(r.logic?.reasons).toEqual(['condition syntax: selection and (not filter (expected ")")']);
    expect(r.logic?.diagnostics[0]).toMatchObject({ code: 'sigma-condition', line: 10 });
  });

  it('never drops a file: every listed file is a rule', () => {
    const files = new Set(catalog.rules.map((r) => r.files[0].path));
    expect(files.size).toBe(catalog.sources[0].files);
  });
});

describe('sigma log platforms', () => {
  const cases: [Record<string, string>, string | undefined][] = [
    [{ product: 'aws', service: 'cloudtrail' }, 'AWS CloudTrail'],
    [{ product: 'gcp', service: 'gcp.audit' }, 'GCP Audit Logs'],
    [{ product: 'gcp', service: 'google_workspace.admin' }, 'Google Workspace'],
    [{ product: 'azure', service: 'activitylogs' }, 'Azure Activity'],
    [{ product: 'azure', service: 'auditlogs' }, 'Entra ID Audit Logs'],
    [{ product: 'azure', service: 'signinlogs' }, 'Entra ID Sign-in Logs'],
    [{ product: 'm365', service: 'threat_management' }, 'Microsoft 365 Audit'],
    [{ product: 'okta', service: 'okta' }, 'Okta System Log'],
    [{ product: 'github', service: 'audit' }, 'GitHub Audit Log'],
    [{ product: 'kubernetes', service: 'audit', category: 'application' }, 'Kubernetes Audit'],
    [{ product: 'windows', service: 'security' }, 'Windows Security Event Log'],
    [{ product: 'windows', category: 'process_creation' }, 'Windows Process Creation'],
    [{ product: 'linux', category: 'process_creation' }, 'Linux Process Creation'],
    [{ product: 'macos', category: 'process_creation' }, 'macOS Process Creation'],
    [{ product: 'windows', category: 'registry_set' }, 'Windows Registry'],
    [{ product: 'windows', category: 'file_event' }, 'Windows File Activity'],
    [{ product: 'windows', category: 'network_connection' }, 'Windows Network Activity'],
    [{ product: 'windows', category: 'image_load' }, 'Windows Image Load'],
    [{ product: 'windows', category: 'ps_script' }, 'Windows PowerShell'],
    [{ product: 'windows', service: 'powershell' }, 'Windows PowerShell'],
    [{ product: 'windows', category: 'process_access' }, 'Windows Sysmon'],
    [{ product: 'windows', service: 'windefend' }, 'Windows Endpoint'],
    [{ product: 'linux', service: 'auditd' }, 'Linux Auditd'],
    [{ category: 'dns' }, 'DNS'],
    [{ category: 'proxy' }, 'Proxy / Web'],
    [{ category: 'firewall' }, 'Firewall'],
    [{ category: 'webserver' }, 'Web Server'],
    [{ product: 'opencanary', category: 'application' }, 'Application Logs'],
    [{ product: 'qualys' }, undefined],
  ];
  it.each(cases)('%o → %s', (ls, expected) => {
    expect(sigmaLogPlatform(ls)).toBe(expected);
  });
  it('only names platforms of platforms.ts', () => {
    for (const [, name] of cases) if (name) expect(PLATFORMS).toContain(name);
  });
});
