/**
 * Elastic Defend endpoint behavior rules on the real corpus: rates and invariants, and a golden check of three
 * real rules read by hand against their files (a sequence with _arraysearch, an API-event sequence, a
 * cross-platform rule).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/lib/catalog.ts';
import { sourceCatalog } from './shared.ts';
import { ENDPOINT_KIND } from '../../src/lib/formats/elastic/endpoint.ts';
import { renderConjuncts } from '../../src/lib/logic/render.ts';
import { allConjuncts, logicStages } from '../../src/lib/logic/tree.ts';
import type { RuleLogic } from '../../src/lib/logic/types.ts';
import { PLATFORMS } from '../../src/lib/platforms.ts';
import type { Rule } from '../../src/lib/model.ts';

const SOURCE = 'elastic-protections-artifacts';

/** Each stage's filter on one line, as a sequence's steps read. */
const stageTexts = (logic: RuleLogic) => logicStages(logic).map((s) => renderConjuncts(s.conjuncts).join(' and '));

describe.skipIf(!process.env.RULECAT_CORPUS)('Elastic Defend behavior rules corpus', () => {
  let catalog: Catalog;
  let rules: Rule[];
  beforeAll(() => {
    catalog = sourceCatalog(SOURCE);
    rules = catalog.rules;
  });
  const rate = (part: Rule[], whole: Rule[]) => part.length / Math.max(1, whole.length);
  const byPath = (path: string) => rules.find((r) => r.files[0].path === path)!;
  const detail = (r: Rule, label: string) => r.details?.find((d) => d.label === label)?.values;

  it('ingests at least 99% of the files with title, vendor Elastic, an endpoint platform and the ATT&CK the file states', () => {
    const stats = catalog.sources[0];
    expect(stats.files).toBeGreaterThan(1000);
    const endpointPlatforms = new Set(PLATFORMS.filter((p) => /^(Windows|Linux|macOS) /.test(p)));
    const complete = rules.filter(
      (r) => !r.parseError && r.title && r.vendor === 'elastic' && r.kind === ENDPOINT_KIND && r.logPlatform && endpointPlatforms.has(r.logPlatform as never),
    );
    expect(complete.length / (stats.files - stats.notRules)).toBeGreaterThanOrEqual(0.99);
    const statesTechnique = rules.filter((r) => /^\[\[threat\.technique\]\]/m.test(r.files[0].text));
    expect(statesTechnique.length).toBeGreaterThan(1000);
    expect(rate(statesTechnique.filter((r) => r.attack.techniques.length && r.attack.tactics.length), statesTechnique)).toBeGreaterThanOrEqual(0.99);
  });

  it('names the platform after an OS of os_list', () => {
    for (const r of rules) {
      const os = detail(r, 'OS list') ?? [];
      const named = r.logPlatform!.split(' ')[0].toLowerCase();
      expect(os, r.files[0].path).toContain(named);
    }
  });

  it('shows os_list and the minimum endpoint version for every rule, and actions where the file has them', () => {
    expect(rate(rules.filter((r) => detail(r, 'OS list') && detail(r, 'Minimum endpoint version')), rules)).toBe(1);
    const withActions = rules.filter((r) => /^\[\[actions\]\]/m.test(r.files[0].text));
    expect(withActions.length).toBeGreaterThan(1000);
    expect(rate(withActions.filter((r) => detail(r, 'Actions')?.every((a) => /^kill_process on [\w.]+ \(state \d+\)$/.test(a))), withActions)).toBe(1);
  });

  it('extracts a condition tree for at least 95% of the rules, the whole logic for 90%', () => {
    const withTree = rules.filter((r) => r.logic && r.logic.status !== 'none' && allConjuncts(r.logic).length > 0);
    expect(rate(withTree, rules)).toBeGreaterThanOrEqual(0.95);
    // Field comparisons and computed values are leaves; comparisons across sequence events and descendant of are not.
    expect(rate(rules.filter((r) => r.logic?.status === 'full'), rules)).toBeGreaterThanOrEqual(0.9);
    const syntax = catalog.diagnostics.filter((d) => d.code === 'query-syntax');
    expect(syntax.length / rules.length).toBeLessThan(0.01);
  });

  it('golden: Image Load via Transactional NTFS (sequence, _arraysearch over the call stack)', () => {
    const r = byPath('behavior/rules/windows/defense_evasion_image_load_via_transactional_ntfs.toml');
    expect(r.title).toBe('Image Load via Transactional NTFS');
    expect(r.upstreamId).toBe('eb40ab54-8642-488a-8e7b-ee00599079fc');
    expect(r.attack).toEqual({ tactics: ['TA0005'], techniques: ['T1055'] });
    expect(r.logPlatform).toBe('Windows File Activity');
    expect(detail(r, 'Actions')).toEqual(['kill_process on process.entity_id (state 0)', 'kill_process on process.entity_id (state 1)']);
    expect(detail(r, 'Optional actions')).toEqual(['rollback on process.entity_id (state 0)']);
    expect(detail(r, 'Minimum endpoint version')).toEqual(['8.10.0']);
    expect(r.logic!.correlation?.kind).toBe('sequence');
    expect(stageTexts(r.logic!)).toEqual([
      'event.category eq "file" and event.action eq "overwrite" and any process.thread.Ext.call_stack (symbol_info wildcard "*!CreateFileTransacted*")',
      'event.category eq "library" and event.action eq "load" and process.pid ne 4 and dll.Ext.defense_evasions wildcard "Process Tampering*"',
    ]);
  });

  it('golden: GetAsyncKeyState API Call from Suspicious Process (process then api event)', () => {
    const r = byPath('behavior/rules/windows/collection_getasynckeystate_api_call_from_suspicious_process.toml');
    expect(r.upstreamId).toBe('ef0a2322-641b-4127-8b48-2def55fe1f1f');
    expect(r.attack).toEqual({ tactics: ['TA0009'], techniques: ['T1056', 'T1056.001'] });
    expect(r.references).toContain('https://attack.mitre.org/techniques/T1056/001/');
    expect(detail(r, 'Minimum endpoint version')).toEqual(['8.12.0']);
    const [first, second] = stageTexts(r.logic!);
    expect(first).toContain('process.name in ["rundll32.exe", "regsvr32.exe", "powershell.exe", "wscript.exe", "cscript.exe", "mshta.exe"]');
    expect(second).toBe(
      'event.category eq "api" and process.Ext.api.name eq "GetAsyncKeyState" and process.Ext.api.metadata.background_callcount gte 400 and ' +
        'process.Ext.api.metadata.ms_since_last_keyevent gte 100 and not (process.executable wildcard "?:\\\\Windows\\\\System32\\\\rundll32.exe" and ' +
        'process.command_line wildcard "\\"?:\\\\Windows\\\\System32\\\\rundll32.exe\\" C:\\\\Windows\\\\System32\\\\LogiLDA.dll,LogiFetch" and ' +
        'process.thread.Ext.call_stack_summary eq "win32u.dll|winsrvext.dll|ntdll.dll")',
    );
  });

  it('golden: Data Encrypted and Archived (cross-platform, four actions on two steps)', () => {
    const r = byPath('behavior/rules/cross-platform/collection_data_encrypted_and_archived.toml');
    expect(detail(r, 'OS list')).toEqual(['linux', 'windows']);
    expect(r.logSource).toEqual(['logs-endpoint.events.*', 'os_list: linux', 'os_list: windows']);
    expect(r.attack).toEqual({ tactics: ['TA0005', 'TA0009'], techniques: ['T1027', 'T1027.013', 'T1074', 'T1074.001'] });
    expect(detail(r, 'Actions')).toHaveLength(4);
    expect(detail(r, 'Actions')).toContain('kill_process on process.parent.entity_id (state 1)');
    expect(stageTexts(r.logic!)[0]).toBe(
      'event.category eq "process" and event.type eq "start" and event.action in ["exec", "start"] and process.name in ["openssl", "openssl.exe"] and process.args in ["enc", "pkeyutl", "cms", "smime"]',
    );
  });
});
