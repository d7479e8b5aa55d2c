import { describe, expect, it } from 'vitest';
import { parseYaral } from '../../src/lib/languages/yaral/parser.ts';
import { extractYaralLogic } from '../../src/lib/languages/yaral/logic.ts';
import { renderConjuncts } from '../../src/lib/logic/render.ts';
import { leaf, not, withoutLocations } from '../../src/lib/logic/tree.ts';
import type { Condition, RuleLogic } from '../../src/lib/logic/types.ts';

interface Sections {
  match?: string;
  outcome?: string;
  condition?: string;
}

function logicOf(events: string, s: Sections = {}): RuleLogic {
  const text = `rule t {
  events:
${events}
${s.match ? `  match:\n    ${s.match}\n` : ''}${s.outcome ? `  outcome:\n${s.outcome}\n` : ''}  condition:
    ${s.condition ?? '$e'}
}`;
  const { rules, error } = parseYaral(text);
  if (error) throw new Error(`${error.line}:${error.column} ${error.message}`);
  return extractYaralLogic(rules[0], 'test.yaral');
}

const lines = (l: RuleLogic) => renderConjuncts(l.conjuncts);

/** Drops source locations so whole trees compare by value. */
const bare = withoutLocations;

describe('YARA-L events: comparisons', () => {
  it('= on a string is a case-sensitive eq without the event variable in the field', () => {
    const l = logicOf('$e.metadata.product_event_type = "DeleteTrail"');
    expect(l.conjuncts.map(bare)).toEqual([leaf('metadata.product_event_type', 'eq', ['DeleteTrail'], { caseSensitive: true })]);
    expect(l.status).toBe('full');
  });

  it('nocase makes it case-insensitive; != is a negated eq; = "" and != "" test for an unset field', () => {
    const l = logicOf(`$e.principal.user.userid = "Admin" nocase
    $e.target.user.userid != "root"
    $e.principal.ip = ""
    $e.target.hostname != ""`);
    expect(l.conjuncts.map(bare)).toEqual([
      leaf('principal.user.userid', 'eq', ['Admin'], { caseSensitive: false }),
      not(leaf('target.user.userid', 'eq', ['root'], { caseSensitive: true })),
      leaf('principal.ip', 'is_null'),
      leaf('target.hostname', 'is_not_null'),
    ]);
  });

  it('regex literals with = and != and nocase, and =~', () => {
    const l = logicOf(`$e.target.url = /gate\\.php/
    $e.principal.process.command_line != /teams/ nocase
    $e.target.process.file.full_path =~ /\\\\temp\\\\/`);
    expect(lines(l)).toEqual(['target.url regex "gate\\\\.php"', 'not principal.process.command_line regex "teams"', 'target.process.file.full_path regex "\\\\\\\\temp\\\\\\\\"']);
    expect(l.conjuncts.map(bare)[1]).toEqual(not(leaf('principal.process.command_line', 'regex', ['teams'], { caseSensitive: false })));
  });

  it('numbers, booleans and <, >, <=, >= (a literal on the left is flipped)', () => {
    const l = logicOf(`$e.target.port = 4444
    $e.network.sent_bytes > 1000000
    $e.network.received_bytes <= 10
    5 < $e.target.port
    $e.target.user.attribute.is_admin = true`);
    expect(lines(l)).toEqual([
      'target.port eq 4444',
      'network.sent_bytes gt 1000000',
      'network.received_bytes lte 10',
      'target.port gt 5',
      'target.user.attribute.is_admin eq true',
    ]);
    expect(l.conjuncts.map(bare)[0]).toEqual(leaf('target.port', 'eq', [4444]));
  });

  it('keeps map keys and indexes in the field path', () => {
    expect(lines(logicOf('$e.security_result[0].detection_fields["status"] = "7"'))).toEqual(['security_result[0].detection_fields["status"] eq "7"']);
  });
});

describe('YARA-L events: functions', () => {
  it('re.regex with raw and double-quoted patterns, nocase', () => {
    const l = logicOf(`re.regex($e.principal.process.command_line, \`net.* user\`) nocase
    re.regex($e.target.file.full_path, ".*\\\\.exe$")`);
    expect(l.conjuncts.map(bare)).toEqual([
      leaf('principal.process.command_line', 'regex', ['net.* user'], { caseSensitive: false }),
      leaf('target.file.full_path', 'regex', ['.*\\.exe$'], { caseSensitive: true }),
    ]);
  });

  it('strings.contains / starts_with / ends_with, and to_lower / to_upper fold case', () => {
    const l = logicOf(`strings.contains($e.target.process.command_line, "-enc")
    strings.starts_with($e.target.url, "https://")
    strings.ends_with(strings.to_lower($e.target.file.full_path), ".ps1")
    strings.to_upper($e.principal.user.userid) = "SYSTEM"`);
    expect(l.conjuncts.map(bare)).toEqual([
      leaf('target.process.command_line', 'contains', ['-enc'], { caseSensitive: true }),
      leaf('target.url', 'startswith', ['https://'], { caseSensitive: true }),
      leaf('target.file.full_path', 'endswith', ['.ps1'], { caseSensitive: false }),
      leaf('principal.user.userid', 'eq', ['SYSTEM'], { caseSensitive: false }),
    ]);
  });

  it('net.ip_in_range_cidr is a cidr leaf; a function compared to true/false is the function or its negation', () => {
    const l = logicOf(`not net.ip_in_range_cidr($e.principal.ip, "10.0.0.0/8")
    re.regex($e.target.hostname, \`^dc\\d+\`) = false`);
    expect(l.conjuncts.map(bare)).toEqual([not(leaf('principal.ip', 'cidr', ['10.0.0.0/8'])), not(leaf('target.hostname', 'regex', ['^dc\\d+'], { caseSensitive: true }))]);
  });

  it('other functions make the rule partial with the function name', () => {
    const l = logicOf(`$e.metadata.event_type = "USER_LOGIN"
    timestamp.get_hour($e.metadata.event_timestamp.seconds) < 6`);
    expect(lines(l)).toEqual(['metadata.event_type eq "USER_LOGIN"']);
    expect(l.status).toBe('partial');
    expect(l.reasons).toEqual(['unsupported function: timestamp.get_hour']);
  });
});

describe('YARA-L events: boolean structure, reference lists and placeholders', () => {
  it('or of the same field and operator merges into one leaf; and/or/not nest', () => {
    const l = logicOf(`($e.metadata.product_event_type = "StopLogging" or $e.metadata.product_event_type = "DeleteTrail")
    not ($e.principal.user.userid = "svc" or re.regex($e.principal.user.userid, \`^ci-\`))
    ($e.target.port = 22 and $e.network.direction = "OUTBOUND") or $e.target.port = 3389`);
    expect(lines(l)).toEqual([
      'metadata.product_event_type in ["StopLogging", "DeleteTrail"]',
      'not (principal.user.userid eq "svc" or principal.user.userid regex "^ci-")',
      '(target.port eq 22 and network.direction eq "OUTBOUND") or target.port eq 3389',
    ]);
  });

  it('in %reference_list is left out and makes the rule partial', () => {
    const l = logicOf(`$e.metadata.event_type = "USER_LOGIN"
    not $e.target.application in %approved_apps
    $e.principal.process.file.full_path in regex %hacktools nocase`);
    expect(lines(l)).toEqual(['metadata.event_type eq "USER_LOGIN"']);
    expect(l.reasons).toEqual(['reference list: %approved_apps', 'reference list: %hacktools']);
  });

  it('placeholder assignments are not filters; a placeholder compared to a literal filters the field it names', () => {
    const l = logicOf(`$e.metadata.event_type = "PROCESS_LAUNCH"
    $host = $e.principal.hostname
    $user = strings.to_lower($e.principal.user.userid)
    $host = /^srv-/`, { match: '$host, $user over 5m' });
    expect(lines(l)).toEqual(['metadata.event_type eq "PROCESS_LAUNCH"', 'principal.hostname regex "^srv-"']);
    expect(l.status).toBe('full');
  });

  it('a field compared with another field of the same event is partial', () => {
    const l = logicOf(`$e.metadata.event_type = "USER_LOGIN"
    $e.principal.user.userid != $e.target.user.userid`);
    expect(l.reasons).toEqual(['field comparison: $e.principal.user.userid != $e.target.user.userid']);
  });

  it('any / all quantifiers over repeated fields keep the comparison', () => {
    expect(lines(logicOf('any $e.target.resource.attribute.labels.value = "allUsers"'))).toEqual(['target.resource.attribute.labels.value eq "allUsers"']);
  });
});

describe('YARA-L match, condition and outcome', () => {
  it('a match window without counts changes nothing: full', () => {
    const l = logicOf('$e.metadata.event_type = "USER_LOGIN"\n    $user = $e.target.user.userid', { match: '$user over 1h' });
    expect(l.status).toBe('full');
  });

  it('#e > n is a threshold, and the match window then matters', () => {
    const l = logicOf('$e.security_result.action = "BLOCK"\n    $user = $e.target.user.userid', { match: '$user over 10m', condition: '#e > 5' });
    expect(lines(l)).toEqual(['security_result.action eq "BLOCK"']);
    expect(l.reasons).toEqual(['threshold: #e > 5', 'match window: $user over 10m']);
  });

  it('#e > 0 is the same as $e', () => {
    expect(logicOf('$e.security_result.action = "BLOCK"', { condition: '#e > 0' }).status).toBe('full');
  });

  it('a condition on an outcome variable is a threshold', () => {
    const l = logicOf('$e.security_result.action = "BLOCK"\n    $ip = $e.principal.ip', {
      match: '$ip over 1h',
      outcome: '    $users = count_distinct($e.target.user.userid)',
      condition: '$e and $users > 10',
    });
    expect(l.reasons).toEqual(['threshold: $users > 10', 'match window: $ip over 1h']);
  });

  it('outcome variables then match variables are the output fields', () => {
    const l = logicOf('$e.metadata.event_type = "USER_LOGIN"\n    $user = $e.target.user.userid', {
      match: '$user over 1h',
      outcome: '    $risk_score = max(50)\n    $principal_ip = array_distinct($e.principal.ip)',
    });
    expect(l.outputFields).toEqual(['$risk_score', '$principal_ip', '$user']);
  });

  it('several event variables: one subtree per variable, prefixed fields, partial "multi-event join"', () => {
    const l = logicOf(
      `$fail.metadata.event_type = "USER_LOGIN"
    $fail.security_result.action = "BLOCK"
    $fail.target.user.userid = $user
    $ok.metadata.event_type = "USER_LOGIN"
    $ok.security_result.action = "ALLOW"
    $ok.target.user.userid = $user
    $fail.metadata.event_timestamp.seconds < $ok.metadata.event_timestamp.seconds`,
      { match: '$user over 15m', condition: '#fail > 4 and $ok' },
    );
    expect(lines(l)).toEqual([
      '$fail.metadata.event_type eq "USER_LOGIN" and $fail.security_result.action eq "BLOCK"',
      '$ok.metadata.event_type eq "USER_LOGIN" and $ok.security_result.action eq "ALLOW"',
    ]);
    expect(l.reasons).toEqual(['threshold: #fail > 4', 'multi-event join: $fail, $ok on $user', 'match window: $user over 15m']);
  });

  it('event variables combined with or in the condition are alternatives, not a join', () => {
    const l = logicOf('$a.metadata.event_type = "USER_LOGIN"\n    $b.metadata.event_type = "USER_LOGOUT"', { condition: '$a or $b' });
    expect(lines(l)).toEqual(['$a.metadata.event_type eq "USER_LOGIN" or $b.metadata.event_type eq "USER_LOGOUT"']);
    expect(l.status).toBe('full');
  });

  it('an absent event (!$e) is partial "absence"', () => {
    const l = logicOf('$a.metadata.event_type = "USER_CREATION"\n    $a.target.user.userid = $u\n    $b.metadata.event_type = "USER_LOGIN"\n    $b.target.user.userid = $u', {
      match: '$u over 1d',
      condition: '$a and !$b',
    });
    expect(lines(l)).toEqual(['$a.metadata.event_type eq "USER_CREATION"']);
    expect(l.reasons).toEqual(['absence: !$b', 'multi-event join: $a, $b on $u', 'match window: $u over 1d']);
  });

  it('no filter at all gives no logic with the reason', () => {
    const l = logicOf('$e.principal.user.userid in %watchlist');
    expect(l.status).toBe('none');
    expect(l.reasons).toEqual(['reference list: %watchlist']);
  });
});
