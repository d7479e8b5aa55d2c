/**
 * Golden tests on excerpts of the two Panther rules that call the global helper is_base64, checked by hand
 * against their source files: the helper reads as the base64_payload derive step, the loop over the labels of a
 * DNS query and the loop over command-line tokens as scopes, and "the token after a flag" as a scope over pairs.
 */

import { describe, expect, it } from 'vitest';
import { pantherRule } from './panther-rule.ts';


const extract = (src: string) => pantherRule(src, ['AWS.VPCDns'], { options: { nullness: 'python' } });

const lines = (...l: string[]) => `${l.join('\n')}\n`;

describe('is_base64 over the labels of a DNS query', () => {
  // rules/standard_rules/standard_dns_base64.py, with event.udm("dns_query") as AWS.VPCDns maps it (query_name).
  const dns = lines(
    'from panther_base_helpers import defang_ioc, is_base64',
    '',
    'DECODED = ""',
    '',
    'def rule(event):',
    '    query = event.get("query_name", "")',
    '    if not query:',
    '        return False',
    '    args = query.split(".")',
    '    for arg in args:',
    '        # pylint: disable=global-statement',
    '        global DECODED',
    '        DECODED = is_base64(arg)',
    '        if DECODED:',
    '            return True',
    '    return False',
  );

  it('reads the loop as a scope over the labels, decided as the rule tests expect (standard_dns_base64)', () => {
    const r = extract(dns);
    expect(r.reasons).toEqual([]);
    expect(r.lines.at(-1)).toBe('any (query_name or "").split(".") (is_base64(.) is_not_null)');
    expect(r.alerts({ query_name: 'c29tZSBsb25nIGJhc2U2NCBzdHJpbmc=.file1.16s.us' })).toBe(true);
    expect(r.alerts({ query_name: 'test.com' })).toBe(false);
    expect(r.alerts({ query_name: '=.test.com' })).toBe(false);
    // A 32-character service ID and a label that decodes to CJK text are not payloads.
    expect(r.alerts({ query_name: 'ba680ec474b5402da89ce553c20075eb.example.com' })).toBe(false);
    expect(r.alerts({ query_name: 'NewUpdatesReadyToApplyNewUpdatesReady.example.com' })).toBe(false);
  });
});

describe('is_base64 over command-line tokens, and the token after a flag', () => {
  // rules/crowdstrike_rules/crowdstrike_base64_encoded_args.py (the event filters left out, udm("cmd") as
  // CommandLine).
  const args = lines(
    'from panther_base_helpers import is_base64',
    '',
    'POWERSHELL_ENCODING_FLAGS = {"-encodedcommand", "-enc", "-en", "-e", "-ec"}',
    '',
    'def _tokenize_command_line(cmd: str) -> list:',
    '    cmd = cmd.replace("\\u2013", "-")',
    '    cmd = cmd.replace(\'"\', " ")',
    '    cmd = cmd.replace("\'", " ")',
    '    cmd = cmd.replace("=", " ")',
    '    return cmd.split(" ")[1:]',
    '',
    'def _find_powershell_encoded_arg(tokens: list) -> str:',
    '    for i, arg in enumerate(tokens):',
    '        if arg.lower() in POWERSHELL_ENCODING_FLAGS:',
    '            j = i + 1',
    '            while j < len(tokens) and tokens[j] == "":',
    '                j += 1',
    '            if j < len(tokens):',
    '                decoded = is_base64(tokens[j], min_length=12)',
    '                if decoded:',
    '                    return decoded',
    '    return ""',
    '',
    'def _find_base64_token(tokens: list) -> str:',
    '    for arg in tokens:',
    '        decoded = is_base64(arg, min_length=12)',
    '        if decoded:',
    '            return decoded',
    '    return ""',
    '',
    'def rule(event):',
    '    process_name = event.get("process_name", "")',
    '    tokens = _tokenize_command_line(event.get("CommandLine", ""))',
    '    if process_name.lower() == "powershell.exe":',
    '        decoded = _find_powershell_encoded_arg(tokens)',
    '    else:',
    '        decoded = _find_base64_token(tokens)',
    '    return bool(decoded)',
  );

  it('reads the flag loop as a scope over next pairs and the other as a scope over tokens (crowdstrike_base64_encoded_args)', () => {
    const r = extract(args);
    expect(r.reasons).toEqual([]);
    const tokens = '(CommandLine or "").replace("–", "-").replace("\\"", " ").replace("\'", " ").replace("=", " ").split(" ")[1:]';
    expect(r.lines.at(-1)).toBe(
      `(process_name eq "powershell.exe" and any next_pairs(${tokens}, skip="") (.[0].lower() in ["-encodedcommand", "-enc", "-en", "-e", "-ec"] and is_base64(.[1], min_length=12) is_not_null)) or ` +
        `(not process_name eq "powershell.exe" and any ${tokens} (is_base64(., min_length=12) is_not_null))`,
    );
    const ps = (CommandLine: string) => r.alerts({ process_name: 'powershell.exe', CommandLine });
    expect(ps('"C:\\powershell.exe" -EncodedCommand "aGVsbG93b3JsZA==" -SomeExtraCommand "HelloWorld"')).toBe(true);
    expect(ps('powershell.exe -NoProfile -e aGVsbG93b3JsZA==')).toBe(true);
    // A token that reads as base64 but follows no encoding flag.
    expect(ps("powershell.exe  -Command start 'dcu.centennial: Create NewUpdatesReadyToApply'")).toBe(false);
    expect(ps('powershell.exe -NoProfile -Command aGVsbG93b3JsZA==')).toBe(false);
    const cmd = (CommandLine: string) => r.alerts({ process_name: 'cmd.exe', CommandLine });
    expect(cmd('/usr/bin/somebinary --b64="aGVsbG8taXMtaXQtbWUteW91cmUtbG9va2luZy1mb3IK"')).toBe(true);
    expect(cmd('cmd /c "node -v"')).toBe(false);
  });

  it('leaves a loop that uses the position otherwise to the general reading', () => {
    const positional = args.replace('decoded = is_base64(tokens[j], min_length=12)', 'decoded = is_base64(tokens[j], min_length=12 + i)');
    const r = extract(positional);
    expect(r.lines.join('\n')).not.toContain('next_pairs');
    expect(r.reasons.length).toBeGreaterThan(0);
  });
});
