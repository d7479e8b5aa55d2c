import { describe, expect, it } from 'vitest';
import { parseYaral } from '../../src/lib/languages/yaral/parser.ts';
import { extractYaralLogic } from '../../src/lib/languages/yaral/logic.ts';
import { correlationSentence } from '../../src/lib/logic/correlation-text.ts';
import { renderConjuncts } from '../../src/lib/logic/render.ts';
import { leaf, not, withoutLocations } from '../../src/lib/logic/tree.ts';
import type { RuleLogic } from '../../src/lib/logic/types.ts';
import { shapeLines } from './logic-shape.ts';

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
  const { rules, problems } = parseYaral(text);
  if (problems.length) throw new Error(`${problems[0].offset}: ${problems[0].message}`);
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

describe('YARA-L match, condition and outcome: one event variable', () => {
  it('no match section: a single event, no correlation', () => {
    const l = logicOf('$e.metadata.event_type = "USER_LOGIN"');
    expect(l.correlation).toBeUndefined();
    expect(l.status).toBe('full');
  });

  it('a match window without counts groups the events: one detection per group (okta_new_api_token_created)', () => {
    const l = logicOf('$e.metadata.product_event_type = "system.api_token.create"\n    $e.principal.user.userid = $userid', { match: '$userid over 1h' });
    expect(l.status).toBe('full');
    expect(shapeLines(l)).toEqual([
      'events:',
      '  metadata.product_event_type eq "system.api_token.create"',
      '> Per $userid within 1h: count >= 1',
      'kind: aggregation',
      'by: $userid',
      'window: 1h',
      'condition: count >= 1',
      'detail: $userid = principal.user.userid',
    ]);
  });

  it('#e >= n is a threshold (okta_user_rejected_multiple_push_notifications)', () => {
    const l = logicOf('$login.security_result.action = "BLOCK"\n    $login.principal.user.userid = $userid', { match: '$userid over 10m', condition: '#login >= 2' });
    expect(lines(l)).toEqual(['security_result.action eq "BLOCK"']);
    expect(l.status).toBe('full');
    expect(l.correlation).toEqual({ kind: 'threshold', by: ['$userid'], window: '10m', condition: 'count >= 2', detail: '$userid = principal.user.userid' });
  });

  it('#e > 0 is the same as $e', () => {
    expect(logicOf('$e.security_result.action = "BLOCK"', { condition: '#e > 0' }).status).toBe('full');
  });

  it('an outcome count_distinct in the condition is a distinct count over its field; or keeps its parentheses (okta_suspicious_use_of_a_session_cookie)', () => {
    const l = logicOf('$login.metadata.event_type = "USER_UNCATEGORIZED"\n    $login.principal.user.userid = $userid', {
      match: '$userid over 1h',
      outcome: '    $dc_principal_ip = count_distinct($login.principal.ip)\n    $dc_target_os = count_distinct($login.network.http.parsed_user_agent.os)\n    $dc_target_browser = count_distinct($login.network.http.parsed_user_agent.browser)',
      condition: '$login and $dc_principal_ip > 1 and ($dc_target_browser > 1 or $dc_target_os > 1)',
    });
    expect(l.status).toBe('full');
    expect(l.correlation?.kind).toBe('distinct_count');
    expect(l.correlation?.condition).toBe(
      'distinct_count(principal.ip) > 1 and (distinct_count(network.http.parsed_user_agent.browser) > 1 or distinct_count(network.http.parsed_user_agent.os) > 1)',
    );
  });

  it('#p of a placeholder counts its distinct values (recon_environment_enumeration_network_cisa_report)', () => {
    const l = logicOf('$process.metadata.event_type = "PROCESS_LAUNCH"\n    $process.principal.hostname = $hostname\n    $process.target.process.command_line = $command_line', {
      match: '$hostname over 15m',
      condition: '$process and #command_line > 5',
    });
    expect(l.correlation).toMatchObject({ kind: 'distinct_count', by: ['$hostname'], window: '15m', condition: 'distinct_count(target.process.command_line) > 5' });
  });

  it('count and distinct counts together are a distinct count; = is written ==', () => {
    const l = logicOf('$email.network.email.subject = $subject\n    $email.target.user.email_addresses = $user\n    $email.metadata.event_type = "EMAIL_TRANSACTION"', {
      match: '$user over 10m',
      outcome: '    $n = count($email.metadata.id)\n    $subjects = count_distinct($subject)',
      condition: '$email and $n > 10 and $subjects = 1',
    });
    expect(l.correlation).toMatchObject({ kind: 'distinct_count', condition: 'count(metadata.id) > 10 and distinct_count(network.email.subject) == 1' });
  });

  it('an outcome computed beyond one aggregate keeps its name and makes the rule partial (okta_successful_high_risk_user_logins)', () => {
    const l = logicOf('$e.metadata.event_type = "USER_LOGIN"\n    $e.principal.user.userid = $userid', {
      match: '$userid over 5m',
      outcome: '    $risk_score = max(if($e.security_result.description = /New IP=POSITIVE/, 10) + 35)',
      condition: '$e and $risk_score >= 50',
    });
    expect(l.status).toBe('partial');
    expect(l.correlation).toMatchObject({ kind: 'aggregation', condition: '$risk_score >= 50' });
    expect(l.reasons).toEqual(['computed outcome: $risk_score = max(if(security_result.description = /New IP=POSITIVE/, 10) + 35)']);
  });

  it('outcome variables then match variables are the output fields', () => {
    const l = logicOf('$e.metadata.event_type = "USER_LOGIN"\n    $user = $e.target.user.userid', {
      match: '$user over 1h',
      outcome: '    $risk_score = max(50)\n    $principal_ip = array_distinct($e.principal.ip)',
    });
    expect(l.outputFields).toEqual(['$risk_score', '$principal_ip', '$user']);
  });

  it('no filter at all gives no logic with the reason', () => {
    const l = logicOf('$e.principal.user.userid in %watchlist');
    expect(l.status).toBe('none');
    expect(l.reasons).toEqual(['reference list: %watchlist']);
  });
});

describe('YARA-L several event variables: stages', () => {
  const bruteForce = `$fail.metadata.event_type = "USER_LOGIN"
    $fail.security_result.action = "BLOCK"
    $fail.target.user.userid = $user
    $ok.metadata.event_type = "USER_LOGIN"
    $ok.security_result.action = "ALLOW"
    $ok.target.user.userid = $user
    $ok.target.user.userid != ""
    $fail.metadata.event_timestamp.seconds < $ok.metadata.event_timestamp.seconds`;

  it('timestamps that order the events make a sequence; each variable a named stage with its event type and key (win_repeatedAuthFailure_thenSuccess)', () => {
    const l = logicOf(bruteForce, { match: '$user over 15m', condition: '#fail > 4 and $ok' });
    expect(l.status).toBe('full');
    expect(l.conjuncts).toEqual([]);
    expect(shapeLines(l)).toEqual([
      '$fail (USER_LOGIN): by $fail.target.user.userid:',
      '  $fail.metadata.event_type eq "USER_LOGIN"',
      '  $fail.security_result.action eq "BLOCK"',
      '$ok (USER_LOGIN): by $ok.target.user.userid:',
      '  $ok.metadata.event_type eq "USER_LOGIN"',
      '  $ok.security_result.action eq "ALLOW"',
      '  $ok.target.user.userid is_not_null',
      '> Sequence by $user within 15m: $fail, then $ok, where count($fail) > 4',
      'kind: sequence',
      'by: $user',
      'window: 15m',
      'ordered: true',
      'condition: count($fail) > 4',
    ]);
  });

  it('a later-than comparison orders the stages by time, not by mention', () => {
    const l = logicOf(
      `$ok.metadata.event_type = "USER_LOGIN"
    $ok.target.user.userid = $user
    $fail.metadata.event_type = "USER_LOGIN"
    $fail.target.user.userid = $user
    $ok.metadata.event_timestamp.seconds > $fail.metadata.event_timestamp.seconds`,
      { match: '$user over 15m', condition: '$ok and $fail' },
    );
    expect(l.correlation?.kind).toBe('sequence');
    expect(l.stages?.map((s) => s.name)).toEqual(['$fail', '$ok']);
  });

  it('timestamps that leave the order of some stage open keep the comparison in the join condition', () => {
    const l = logicOf(
      `$a.metadata.event_type = "USER_LOGIN"
    $a.target.user.userid = $user
    $b.metadata.event_type = "USER_LOGIN"
    $b.target.user.userid = $user
    $c.metadata.event_type = "USER_LOGOUT"
    $c.target.user.userid = $user
    $a.metadata.event_timestamp.seconds < $b.metadata.event_timestamp.seconds`,
      { match: '$user over 15m', condition: '$a and $b and $c' },
    );
    expect(l.correlation).toMatchObject({ kind: 'join', condition: '$a.metadata.event_timestamp.seconds < $b.metadata.event_timestamp.seconds' });
  });

  it('without an order the shared placeholders join the stages; other placeholders they share join the condition', () => {
    const l = logicOf(
      `$a.metadata.event_type = "USER_CREATION"
    $a.target.user.userid = $u
    $a.principal.ip = $ip
    $b.metadata.event_type = "USER_LOGIN"
    $b.target.user.userid = $u
    $b.principal.ip = $ip`,
      { match: '$u over 1d', condition: '$a and $b' },
    );
    expect(l.correlation).toEqual({ kind: 'join', by: ['$u'], window: '1d', condition: '$a.principal.ip == $b.principal.ip' });
    expect(correlationSentence(l.correlation!, l.stages!)).toBe('Join on $u within 1d: $a with $b, where $a.principal.ip == $b.principal.ip');
  });

  it('an event with entity-graph stages is an indicator match, each pair of fields stated (ioc_sha256_hash_network)', () => {
    const l = logicOf(
      `$process.metadata.event_type = "PROCESS_LAUNCH"
    $process.target.process.file.sha256 = $sha256
    $ioc.graph.metadata.entity_type = "FILE"
    $ioc.graph.metadata.source_type = "ENTITY_CONTEXT"
    $ioc.graph.entity.file.sha256 = $sha256`,
      { match: '$sha256 over 5m', condition: '$process and $ioc' },
    );
    expect(l.stages?.map((s) => [s.name, s.source])).toEqual([
      ['$process', 'PROCESS_LAUNCH'],
      ['$ioc', 'entity graph: FILE'],
    ]);
    expect(l.correlation).toEqual({
      kind: 'indicator_match',
      by: ['$sha256'],
      window: '5m',
      condition: '$process.target.process.file.sha256 == $ioc.graph.entity.file.sha256',
      detail: '$ioc',
    });
  });

  it('event variables combined with or in the condition are a union of stages', () => {
    const l = logicOf('$a.metadata.event_type = "USER_LOGIN"\n    $b.metadata.event_type = "USER_LOGOUT"', { condition: '$a or $b' });
    expect(l.stages?.map((s) => renderConjuncts(s.conjuncts))).toEqual([['$a.metadata.event_type eq "USER_LOGIN"'], ['$b.metadata.event_type eq "USER_LOGOUT"']]);
    expect(l.correlation?.kind).toBe('union');
    expect(l.status).toBe('full');
  });

  it('an absent event (!$e) is a stage that must not occur', () => {
    const l = logicOf('$a.metadata.event_type = "USER_CREATION"\n    $a.target.user.userid = $u\n    $b.metadata.event_type = "USER_LOGIN"\n    $b.target.user.userid = $u', {
      match: '$u over 1d',
      condition: '$a and !$b',
    });
    expect(l.status).toBe('full');
    expect(l.stages?.map((s) => s.role)).toEqual([undefined, 'missing']);
    expect(correlationSentence(l.correlation!, l.stages!)).toBe('Join on $u within 1d: $a with no $b');
  });

  it('a stage keeps its own reasons; the rule lists them all', () => {
    const l = logicOf('$a.metadata.event_type = "USER_LOGIN"\n    $a.target.user.userid in %admins\n    $a.target.user.userid = $u\n    $b.metadata.event_type = "USER_LOGOUT"\n    $b.target.user.userid = $u', {
      match: '$u over 1h',
      condition: '$a and $b',
    });
    expect(l.stages?.map((s) => s.reasons)).toEqual([['reference list: %admins'], undefined]);
    expect(l.reasons).toEqual(['reference list: %admins']);
    expect(l.status).toBe('partial');
  });
});
