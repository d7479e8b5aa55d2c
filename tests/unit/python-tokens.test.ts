/**
 * Shell words, loops over computed lists and unpacked regex groups in Panther rules (logic/derive.ts shell_split,
 * languages/python scopes over a derivation): excerpts of real rules of panther-analysis, checked by hand against
 * the rules' own test events.
 */
import { describe, expect, it } from 'vitest';
import { pantherRule } from './panther-rule.ts';
import { leavesOf } from '../../src/lib/logic/tree.ts';
import { NO_VALUE, derive } from '../../src/lib/logic/derive.ts';


const extract = (src: string) => pantherRule(src, ['Osquery.Differential']);

describe('shell_split step', () => {
  it('splits as Python shlex.split: quotes group, backslash escapes, open quotes give no value', () => {
    const words = (s: string) => derive(s, [{ fn: 'shell_split' }]);
    expect(words('aws s3 ls')).toEqual(['aws', 's3', 'ls']);
    expect(words('echo "a b" c')).toEqual(['echo', 'a b', 'c']);
    expect(words('a\\ b')).toEqual(['a b']);
    expect(words('a"b c"d')).toEqual(['ab cd']);
    expect(words(`"" '' c`)).toEqual(['', '', 'c']);
    // In double quotes shlex drops a backslash only before \ and ".
    expect(words('"\\$x"')).toEqual(['\\$x']);
    expect(words('"unclosed')).toBe(NO_VALUE);
    expect(words("it's")).toBe(NO_VALUE);
    expect(words('trail\\')).toBe(NO_VALUE);
    expect(words('   ')).toEqual([]);
  });
});

describe('python shell words and loops over them', () => {
  // rules/osquery_rules/osquery_linux_aws_commands.py
  const aws = `import shlex
PLATFORM_IGNORE_LIST = {"darwin"}
def rule(event):
    if (
        event.get("action") != "added"
        or "shell_history" not in event.get("name")
        or event.deep_get("decorations", "platform") in PLATFORM_IGNORE_LIST
    ):
        return False
    command = event.deep_get("columns", "command")
    if not command:
        return False
    try:
        command_args = shlex.split(command)
    except ValueError:
        return False
    if command_args[0] == "aws":
        return True
    return False
`;
  it('osquery AWS command: the first shell word is aws; an unbalanced quote does not alert', () => {
    const r = extract(aws);
    expect(r.reasons).toEqual([]);
    const leaf = leavesOf(r.condition!).find((l) => l.derive?.steps.some((s) => s.fn === 'shell_split'));
    expect(leaf).toMatchObject({ field: 'shlex.split(columns.command)[0]', kind: 'eq', values: ['aws'] });
    const ev = (command: string) => ({ action: 'added', name: 'pack_incident-response_shell_history', decorations: { platform: 'ubuntu' }, columns: { command } });
    expect(r.alerts(ev('aws sts get-caller-identity'))).toBe(true);
    expect(r.alerts(ev('"aws" s3 ls'))).toBe(true);
    expect(r.alerts(ev('tail -f /var/log/all'))).toBe(false);
    expect(r.alerts(ev('aws s3 ls "bucket'))).toBe(false);
  });

  // rules/osquery_rules/osquery_suspicious_cron.py
  const cron = `import shlex
from fnmatch import fnmatch
SUSPICIOUS_CRON_CMD_ARGS = {"/tmp/*", "curl", "dig", "http?://*", "nc", "wget"}
SUSPICIOUS_CRON_CMDS = {"*|*sh", "*sh -c *"}
def suspicious_cmd_pairs(command):
    return any((fnmatch(command, c) for c in SUSPICIOUS_CRON_CMDS))
def suspicious_cmd_args(command):
    command_args = shlex.split(command.replace("'", "\\\\'"))  # escape single quotes
    for cmd in command_args:
        if any((fnmatch(cmd, c) for c in SUSPICIOUS_CRON_CMD_ARGS)):
            return True
    return False
def rule(event):
    if "crontab" not in event.get("name"):
        return False
    command = event.deep_get("columns", "command")
    if not command:
        return False
    return any([suspicious_cmd_args(command), suspicious_cmd_pairs(command)])
`;
  it('suspicious cron: some shell word of the command matches a pattern (a scope over the computed list)', () => {
    const r = extract(cron);
    expect(r.reasons).toEqual([]);
    const json = JSON.stringify(r.condition);
    expect(json).toContain('"type":"scope"');
    expect(json).toContain('"fn":"shell_split"');
    const ev = (command: string) => ({ name: 'pack_incident-response_crontab', columns: { command } });
    expect(r.alerts(ev('wget https://x.io/a.sh'))).toBe(true);
    expect(r.alerts(ev("root run-parts --report /etc/cron.hourly"))).toBe(false);
    // The test event "Command with quotes": quotes are escaped first, so the words still split.
    expect(r.alerts(ev("/usr/bin/echo 'it works' > /dev/null"))).toBe(false);
    expect(r.alerts(ev('cd /var/tmp && ls'))).toBe(false);
    expect(r.alerts(ev('cd /tmp/x && ls'))).toBe(true);
    expect(r.alerts(ev('/tmp/evil.sh'))).toBe(true);
  });
});

describe('python unpacked regex groups', () => {
  // rules/zoom_operation_rules/zoom_user_promoted_to_privileged_role.py (EMAIL_REGEX from panther_base_helpers)
  const zoom = `import re
EMAIL_REGEX = re.compile(r"[\\w.+%-]+@[\\w.-]+\\.[a-zA-Z]{2,}")
PRIVILEGED_ROLES = ("Admin", "Co-Owner", "Owner", "Billing Admin")
def extract_values(event):
    operator = event.get("operator", "<operator-not-found>")
    operation_detail = event.get("operation_detail", "")
    email = re.search(EMAIL_REGEX, operation_detail)[0] or "<email-not-found>"
    fromto = re.findall(r"from ([-\\s\\w]+) to ([-\\s\\w]+)", operation_detail) or [
        ("<from-role-not-found>", "<to-role-not-found>")
    ]
    from_role, to_role = fromto[0] or ("<role-not-found>", "<role-not-found>")
    return operator, email, from_role, to_role
def rule(event):
    if (
        "Update" in event.get("action", "")
        and event.get("category_type") == "User"
        and event.get("operation_detail", "").startswith("Change Role")
    ):
        _, _, from_role, to_role = extract_values(event)
        return to_role in PRIVILEGED_ROLES and from_role not in PRIVILEGED_ROLES
    return False
`;
  it('zoom promotion: each role is one group of the first match; the unstated email raise keeps it partial', () => {
    const r = extract(zoom);
    expect(r.reasons).toEqual(['match text of a regex search (raises when nothing matches)']);
    const ev = (from: string, to: string) => ({ action: 'Batch Update', category_type: 'User', operation_detail: `Change Role  - homer.simpson@duff.io: from ${from} to ${to}` });
    expect(r.alerts(ev('User', 'Co-Owner'))).toBe(true);
    expect(r.alerts(ev('Member', 'Billing Admin'))).toBe(true);
    expect(r.alerts(ev('Admin', 'Co-Owner'))).toBe(false);
    expect(r.alerts(ev('Co-Owner', 'User'))).toBe(false);
    expect(r.alerts(ev('Admin', 'Billing Admin'))).toBe(false);
  });
});
