/** Exclusions as branches, indicators from positive branches only, and the evaluator's match kinds, on real rules. */
import { describe, expect, it } from 'vitest';
import { esqlLogic } from '../../src/lib/languages/esql/index.ts';
import { evaluate } from '../../src/lib/logic/evaluate.ts';
import { renderCondition, renderConjuncts } from '../../src/lib/logic/render.ts';
import { exclusionBranches, indicatorsOf } from '../../src/lib/logic/sections.ts';
import { conjunctsOf, leaf } from '../../src/lib/logic/tree.ts';
import { sigmaLogic } from '../fixtures/sigma/detection.ts';

describe('exclusions are branches', () => {
  // sigma win_security_lsass_access_non_system_account: 0x1410 is a value the rule looks for; only WmiPrvSE with it is suppressed.
  const logic = sigmaLogic(`
selection:
    EventID: [4663, 4656]
    AccessMask: ['0x100000', '0x1410', '0x40']
    ObjectType: 'Process'
    ObjectName|endswith: '\\lsass.exe'
filter_main_service_account:
    SubjectUserName|endswith: '$'
filter_main_wmiprvse:
    ProcessName: 'C:\\Windows\\System32\\wbem\\WmiPrvSE.exe'
    AccessMask: '0x1410'
filter_optional_steam:
    ProcessName|contains: '\\SteamLibrary\\steamapps\\'
condition: selection and not 1 of filter_main_* and not 1 of filter_optional_*`);

  it('keeps the conditions of one filter together in one excluded branch', () => {
    const branches = exclusionBranches(logic.conjuncts).map((b) => renderConjuncts(conjunctsOf(b), { marks: true }));
    expect(branches).toEqual([
      ['SubjectUserName endswith~ "$"'],
      ['ProcessName eq~ "C:\\\\Windows\\\\System32\\\\wbem\\\\WmiPrvSE.exe"', 'AccessMask eq~ "0x1410"'],
      ['ProcessName contains~ "\\\\SteamLibrary\\\\steamapps\\\\"'],
    ]);
    // AccessMask 0x1410 is an indicator (the selection), never an exclusion row of its own.
    expect(indicatorsOf(logic.conjuncts).map((r) => r.field)).toEqual(['EventID', 'AccessMask', 'ObjectType', 'ObjectName']);
  });
});

describe('escape branches are exclusions, not indicators', () => {
  // elastic defense_evasion_posh_obfuscation_backtick (ES|QL).
  const r = esqlLogic(`from logs-windows.powershell_operational* metadata _id, _version, _index
| where event.code == "4104" and powershell.file.script_block_text like "*\`*"
| where not file.directory == "C:\\\\Program Files\\\\MVPSI\\\\JAMS\\\\Agent\\\\Temp"
  // ESQL requires this condition, otherwise it only returns matches where file.directory exists.
  or file.directory is null`);
  const conjuncts = conjunctsOf(r.condition);

  it('lists "file.directory is set and equals the JAMS folder" as the excluded branch', () => {
    expect(exclusionBranches(conjuncts).map((b) => renderCondition(b))).toEqual([
      'file.directory eq "C:\\\\Program Files\\\\MVPSI\\\\JAMS\\\\Agent\\\\Temp" and not file.directory is_null',
    ]);
  });

  it('does not list file.directory is_null as an indicator', () => {
    expect(indicatorsOf(conjuncts).map((l) => `${l.field} ${l.kind}`)).toEqual(['event.code eq', 'powershell.file.script_block_text wildcard']);
  });
});

describe('evaluator honours match kinds and case', () => {
  it('has matches whole terms only; contains matches substrings', () => {
    const has = leaf('CommandLine', 'contains', ['net'], { match: 'term', caseSensitive: false });
    expect(evaluate(has, { CommandLine: 'cmd /c NET user' })).toBe(true);
    expect(evaluate(has, { CommandLine: 'netsh advfirewall' })).toBe(false);
    expect(evaluate(leaf('CommandLine', 'contains', ['net']), { CommandLine: 'netsh advfirewall' })).toBe(true);
    expect(evaluate({ ...has, caseSensitive: true }, { CommandLine: 'cmd /c NET user' })).toBe(false);
  });

  it('empty takes "" as empty; exists (strict) does not', () => {
    const empty = leaf('User', 'is_null', [], { match: 'empty' });
    const exists = leaf('User', 'is_null');
    expect(evaluate(empty, { User: '' }, { nullness: 'strict' })).toBe(true);
    expect(evaluate(exists, { User: '' }, { nullness: 'strict' })).toBe(false);
    expect(evaluate(exists, {}, { nullness: 'strict' })).toBe(true);
  });

  it('fulltext matches any analysed word, whatever the case', () => {
    const ft = leaf('message', 'eq', ['mimikatz sekurlsa'], { match: 'fulltext' });
    expect(evaluate(ft, { message: 'ran Mimikatz.exe today' })).toBe(true);
    expect(evaluate(ft, { message: 'nothing here' })).toBe(false);
  });

  it('eq is case-sensitive only when the leaf says so', () => {
    expect(evaluate(leaf('op', 'eq', ['MICROSOFT.KEYVAULT/VAULTS/DELETE']), { op: 'Microsoft.KeyVault/vaults/delete' })).toBe(true);
    expect(evaluate(leaf('op', 'eq', ['MICROSOFT.KEYVAULT/VAULTS/DELETE'], { caseSensitive: true }), { op: 'Microsoft.KeyVault/vaults/delete' })).toBe(false);
  });
});
