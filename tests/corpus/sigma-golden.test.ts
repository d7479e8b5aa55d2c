/**
 * Golden test: real SigmaHQ rules across detection shapes, addressed by file path. The expected Condition
 * lines were checked by hand against each rule's detection block (base64offset values recomputed with
 * pySigma's algorithm).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/lib/catalog.ts';
import { sourceCatalog } from './shared.ts';
import { leavesOf } from '../../src/lib/logic/tree.ts';
import { renderConjuncts } from '../../src/lib/logic/render.ts';

interface Golden {
  path: string;
  shape: string;
  status: 'full' | 'partial';
  reasons?: string[];
  lines: string[];
}

const GOLDEN: Golden[] = [
  {
    path: 'rules/windows/registry/registry_set/registry_set_servicedll_hijack.yml',
    shape: 'contains|all, not 1 of filter_main_* and not 1 of filter_optional_*',
    status: 'full',
    lines: [
      'TargetObject contains_all ["\\\\System\\\\", "ControlSet", "\\\\Services\\\\"]',
      'TargetObject endswith "\\\\Parameters\\\\ServiceDll"',
      'not (Details eq "C:\\\\Windows\\\\system32\\\\spool\\\\drivers\\\\x64\\\\3\\\\PrintConfig.dll" or (Image eq "C:\\\\Windows\\\\system32\\\\lsass.exe" and TargetObject endswith "\\\\Services\\\\NTDS\\\\Parameters\\\\ServiceDll" and Details eq "%%systemroot%%\\\\system32\\\\ntdsa.dll") or Image eq "C:\\\\Windows\\\\System32\\\\poqexec.exe")',
      'not (Image endswith "\\\\regsvr32.exe" and Details eq "C:\\\\Windows\\\\System32\\\\STAgent.dll")',
    ],
  },
  {
    path: 'rules/web/webserver_generic/web_ssti_in_access_logs.yml',
    shape: 'keyword list beside a field selection, and not filter',
    status: 'full',
    lines: [
      'cs-method eq "GET"',
      '* keyword ["={{", "=%7B%7B", "=${", "=$%7B", "=<%=", "=%3C%25=", "=@(", "freemarker.template.utility.Execute", ".getClass().forName(\'javax.script.ScriptEngineManager\')", "T(org.apache.commons.io.IOUtils)"]',
      'not sc-status eq 404',
    ],
  },
  {
    path: 'rules/windows/process_creation/proc_creation_win_odbcconf_response_file_susp.yml',
    shape: 'list of maps, |contains|windash, all of selection_*',
    status: 'full',
    lines: [
      'Image endswith "\\\\odbcconf.exe" or OriginalFileName eq "odbcconf.exe"',
      'CommandLine contains [" -f ", " /f ", " –f ", " —f ", " ―f "]',
      'not (CommandLine contains ".rsp" or (ParentImage eq "C:\\\\Windows\\\\System32\\\\runonce.exe" and Image eq "C:\\\\Windows\\\\System32\\\\odbcconf.exe" and CommandLine contains ".exe /E /F \\"C:\\\\WINDOWS\\\\system32\\\\odbcconf.tmp\\""))',
    ],
  },
  {
    path: 'rules/windows/builtin/msexchange/win_exchange_proxyshell_certificate_generation.yml',
    shape: "'|all' keywords, keywords with backslash escapes",
    status: 'full',
    lines: [
      '* keyword_all ["New-ExchangeCertificate", " -GenerateRequest", " -BinaryEncoded", " -RequestFile"]',
      '* keyword ["\\\\\\\\localhost\\\\C$", "\\\\\\\\127.0.0.1\\\\C$", "C:\\\\inetpub", ".aspx"]',
    ],
  },
  {
    path: 'rules/windows/file/file_event/file_event_win_wmiexec_default_filename.yml',
    shape: '|re in a list of maps (case-sensitive)',
    status: 'full',
    lines: [
      'TargetFilename regex "\\\\\\\\Windows\\\\\\\\__1\\\\d{9}\\\\.\\\\d{1,7}$" or TargetFilename regex "C:\\\\\\\\__1\\\\d{9}\\\\.\\\\d{1,7}$" or TargetFilename regex "D:\\\\\\\\__1\\\\d{9}\\\\.\\\\d{1,7}$"',
    ],
  },
  {
    path: 'rules/windows/builtin/security/win_security_cobaltstrike_service_installs.yml',
    shape: '1 of selection*, |base64offset|contains',
    status: 'full',
    lines: [
      'EventID eq 4697',
      'ServiceFileName contains_all ["ADMIN$", ".exe"] or ServiceFileName contains_all ["%COMSPEC%", "start", "powershell"] or ServiceFileName contains "powershell -nop -w hidden -encodedcommand" or ServiceFileName contains ["SUVYIChOZXctT2JqZWN0IE5ldC5XZWJjbGllbnQpLkRvd25sb2FkU3RyaW5nKCdodHRwOi8vMTI3LjAuMC4xO", "lFWCAoTmV3LU9iamVjdCBOZXQuV2ViY2xpZW50KS5Eb3dubG9hZFN0cmluZygnaHR0cDovLzEyNy4wLjAuMT", "JRVggKE5ldy1PYmplY3QgTmV0LldlYmNsaWVudCkuRG93bmxvYWRTdHJpbmcoJ2h0dHA6Ly8xMjcuMC4wLjE6"]',
    ],
  },
  {
    path: 'rules/windows/network_connection/net_connection_win_wscript_cscript_outbound_connection.yml',
    shape: '|cidr lists in filters',
    status: 'full',
    lines: [
      'Initiated eq "true"',
      'Image endswith ["\\\\wscript.exe", "\\\\cscript.exe"]',
      'not (DestinationIp cidr ["127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16", "::1/128", "fe80::/10", "fc00::/7"] or DestinationIp cidr "20.0.0.0/11")',
    ],
  },
  {
    path: 'rules/windows/process_creation/proc_creation_win_dllhost_no_cli_execution.yml',
    shape: 'null value in a filter',
    status: 'full',
    lines: [
      'Image endswith "\\\\dllhost.exe"',
      'CommandLine in ["dllhost.exe", "dllhost"]',
      'not CommandLine is_null',
    ],
  },
  {
    path: 'rules/windows/process_creation/proc_creation_win_regedit_import_keys.yml',
    shape: 'not all of filter_*',
    status: 'full',
    lines: [
      'Image endswith "\\\\regedit.exe" or OriginalFileName eq "REGEDIT.EXE"',
      'CommandLine contains [" /i ", " /s ", ".reg"]',
      'not (CommandLine contains [" -e ", " /e ", " –e ", " —e ", " ―e ", " -a ", " /a ", " –a ", " —a ", " ―a ", " -c ", " /c ", " –c ", " —c ", " ―c "] and CommandLine regex ":[^ \\\\\\\\]")',
    ],
  },
  {
    path: 'rules/windows/process_creation/proc_creation_win_susp_cross_user_process_spawn.yml',
    shape: '|fieldref (partial), null and empty values',
    status: 'partial',
    reasons: ['field comparison: User = ParentUser'],
    lines: [
      'Image endswith ["\\\\notepad.exe", "\\\\calc.exe", "\\\\mspaint.exe", "\\\\wordpad.exe", "\\\\write.exe"]',
      'not (User is_null or ParentUser is_null or ParentUser in ["", "-"] or User in ["", "-"])',
    ],
  },
  {
    path: 'rules/web/proxy_generic/proxy_susp_ipfs_cred_harvest.yml',
    shape: '|re with an inline (?i) flag',
    status: 'full',
    lines: [
      'cs-uri regex "(?i)(ipfs\\\\.io/|ipfs\\\\.io\\\\s).+\\\\..+@.+\\\\.[a-z]+"',
    ],
  },
  {
    path: 'rules/windows/builtin/security/win_security_susp_psexec.yml',
    shape: 'an escaped literal star, not filter',
    status: 'full',
    lines: [
      'EventID eq 5145',
      'ShareName eq "\\\\\\\\*\\\\IPC$"',
      'RelativeTargetName endswith ["-stdin", "-stdout", "-stderr"]',
      'not RelativeTargetName startswith "PSEXESVC"',
    ],
  },
];

describe.skipIf(!process.env.RULECAT_CORPUS)('Sigma golden rules', () => {
  let catalog: Catalog;
  beforeAll(() => {
    catalog = sourceCatalog('sigma');
  }, 600_000);

  const ruleAt = (path: string) => catalog.rules.find((r) => r.files[0].path === path);

  for (const g of GOLDEN) {
    it(`${g.path} (${g.shape})`, () => {
      const rule = ruleAt(g.path);
      expect(rule, g.path).toBeDefined();
      const logic = rule!.logic!;
      expect(renderConjuncts(logic.conjuncts)).toEqual(g.lines);
      expect(logic.status).toBe(g.status);
      expect(logic.reasons).toEqual(g.reasons ?? []);
    });
  }

  it('regexes are case-sensitive unless (?i) says otherwise', () => {
    const leaves = (path: string) => ruleAt(path)!.logic!.conjuncts.flatMap(leavesOf);
    expect(leaves('rules/windows/file/file_event/file_event_win_wmiexec_default_filename.yml').every((l) => l.caseSensitive)).toBe(true);
    expect(leaves('rules/web/proxy_generic/proxy_susp_ipfs_cred_harvest.yml').some((l) => l.caseSensitive)).toBe(false);
  });
});
