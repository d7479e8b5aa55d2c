/**
 * Input generators for the parsers' property tests (tests/unit/parser-properties.test.ts): realistic seed queries
 * per language, and mutations of them that have broken parsers before: truncations, byte flips, inserted
 * fragments, nesting thousands deep, operator chains thousands long, huge strings, and plain random text.
 * Kept here, apart from the test, so a failing input can be rebuilt and replayed (fast-check prints its seed).
 */
import fc from 'fast-check';

/** How a language nests and chains, to build deep and long inputs from its own syntax. */
export interface LanguageShape {
  /** Realistic queries (or files) in the language. */
  seeds: string[];
  /** A small valid expression. */
  atom: string;
  /** Opening and closing of one level of nesting. */
  open: string;
  close: string;
  /** A prefix that nests without brackets (`not `), when the language has one. */
  prefix?: string;
  /** Binary operators a chain can repeat. */
  joins: string[];
  /** Wraps an expression into a whole input (a query head, a rule file). */
  wrap: (expr: string) => string;
  /** A string literal holding `text`. */
  literal: (text: string) => string;
}

/** Characters that matter to most query grammars, for byte flips and insertions. */
const SYNTAX = ['(', ')', '[', ']', '{', '}', '"', "'", '`', '\\', '|', ':', '=', '!', '<', '>', ',', '.', '*', '?', '$', '#', '%', '@', '\n', '\t', ' ', '\u0000', '\uFFFD', '\u202E', '😀'];

const char = fc.oneof(fc.constantFrom(...SYNTAX), fc.string({ minLength: 1, maxLength: 1, unit: 'grapheme' }), fc.string({ minLength: 1, maxLength: 1, unit: 'binary' }));

function mutateAt(text: string, at: number, remove: number, insert: string): string {
  const i = text.length ? at % (text.length + 1) : 0;
  return text.slice(0, i) + insert + text.slice(i + remove);
}

/** A seed cut anywhere. */
export const truncated = (seeds: string[]) => fc.tuple(fc.constantFrom(...seeds), fc.nat()).map(([s, at]) => s.slice(0, s.length ? at % (s.length + 1) : 0));

/** A seed with up to eight characters replaced, inserted or deleted. */
export const flipped = (seeds: string[]) =>
  fc
    .tuple(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 3 }), fc.string({ maxLength: 4, unit: char })), { minLength: 1, maxLength: 8 }))
    .map(([s, edits]) => edits.reduce((t, [at, remove, insert]) => mutateAt(t, at, remove, insert), s));

/** Two seeds spliced together at random points. */
export const spliced = (seeds: string[]) =>
  fc.tuple(fc.constantFrom(...seeds), fc.constantFrom(...seeds), fc.nat(), fc.nat()).map(([a, b, i, j]) => a.slice(0, a.length ? i % a.length : 0) + b.slice(b.length ? j % b.length : 0));

/** The atom nested `depth` levels deep, with brackets, prefixes or both. */
export const nested = (shape: LanguageShape, maxDepth = 5000) =>
  fc.tuple(fc.integer({ min: 50, max: maxDepth }), fc.boolean()).map(([depth, prefixed]) => {
    const open = prefixed && shape.prefix ? `${shape.prefix}${shape.open}` : shape.open;
    return shape.wrap(open.repeat(depth) + shape.atom + shape.close.repeat(depth));
  });

/** The atom chained `length` times with one of the language's operators (or a mix). */
export const chained = (shape: LanguageShape, maxLength = 20000) =>
  fc.tuple(fc.integer({ min: 100, max: maxLength }), fc.constantFrom(...shape.joins), fc.boolean()).map(([length, join, mixed]) => {
    const parts: string[] = [];
    for (let i = 0; i < length; i++) parts.push(shape.atom.replace(/1/g, String(i)));
    return shape.wrap(mixed ? parts.map((p, i) => (i ? `${shape.joins[i % shape.joins.length]}${p}` : p)).join('') : parts.join(join));
  });

/** A string literal of up to two million characters inside a valid query. */
export const huge = (shape: LanguageShape, maxSize = 2_000_000) =>
  fc.tuple(fc.integer({ min: 10_000, max: maxSize }), fc.constantFrom('a', 'é', '\\', '*', ' ')).map(([size, c]) => shape.wrap(shape.atom.replace(/1/, shape.literal(c.repeat(size)))));

/** Every kind of input, weighted toward mutations of real queries. */
export function inputs(shape: LanguageShape): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: flipped(shape.seeds) },
    { weight: 2, arbitrary: truncated(shape.seeds) },
    { weight: 1, arbitrary: spliced(shape.seeds) },
    { weight: 1, arbitrary: nested(shape) },
    { weight: 1, arbitrary: chained(shape) },
    { weight: 1, arbitrary: huge(shape) },
    { weight: 1, arbitrary: fc.string({ maxLength: 300, unit: char }) },
  );
}

/** Inputs every run tries first, whatever the random seed: the cases the issue found. */
export function extremes(shape: LanguageShape): string[] {
  const deep = (n: number, prefix = '') => shape.wrap(`${prefix}${shape.open}`.repeat(n) + shape.atom + shape.close.repeat(n));
  const chain = (n: number, join: string) => shape.wrap(Array.from({ length: n }, (_, i) => shape.atom.replace(/1/g, String(i))).join(join));
  return [
    '',
    ' ',
    deep(1000),
    deep(5000),
    ...(shape.prefix ? [shape.wrap(shape.prefix.repeat(5000) + shape.atom), deep(2000, shape.prefix)] : []),
    ...shape.joins.map((j) => chain(20000, j)),
    shape.wrap(shape.atom.replace(/1/, shape.literal('x'.repeat(5_000_000)))),
    shape.open.repeat(100_000),
    shape.close.repeat(100_000),
  ];
}

const q = (text: string) => `"${text.replace(/["\\]/g, '')}"`;
const sq = (text: string) => `'${text.replace(/['\\]/g, '')}'`;

/** Seeds and syntax of each language the catalog parses. */
export const LANGUAGES: Record<string, LanguageShape> = {
  kuery: {
    seeds: [
      'event.dataset:aws.cloudtrail and event.action:(DeleteTrail or StopLogging) and event.outcome:success',
      'process.name:("cmd.exe" or "powershell.exe") and not process.parent.name:explorer.exe',
      'host.os.type:linux and process.args:(*-c* and *curl*) and user.name:root',
      'source.ip:10.0.0.0/8 and destination.port >= 1024 and not network.transport:udp',
    ],
    atom: 'a:1',
    open: '(',
    close: ')',
    prefix: 'not ',
    joins: [' or ', ' and '],
    wrap: (e) => e,
    literal: q,
  },
  lucene: {
    seeds: [
      'event.category:process AND process.name:(whoami OR id) AND NOT user.name:root',
      '_exists_:file.path AND file.extension:(exe OR dll) -file.path:C\\:\\\\Windows\\\\*',
      'destination.port:[1024 TO 65535] && !source.ip:"10.0.0.1"',
    ],
    atom: 'a:1',
    open: '(',
    close: ')',
    prefix: 'NOT ',
    joins: [' OR ', ' AND ', ' '],
    wrap: (e) => e,
    literal: q,
  },
  eql: {
    seeds: [
      'process where host.os.type == "windows" and process.name : ("cmd.exe", "powershell.exe") and not process.parent.name == "explorer.exe"',
      'sequence by host.id with maxspan=1m [process where event.type == "start" and process.name == "curl"] [network where destination.port == 443] until [process where event.type == "end"]',
      'file where startsWith~(file.path, "C:\\\\Users\\\\") and _arraysearch(process.args, $entry, $entry.value : "*-enc*") | head 10',
      'any where descendant of [process where process.name == "winword.exe"] and length(process.command_line) > 100',
    ],
    atom: 'a == 1',
    open: '(',
    close: ')',
    prefix: 'not ',
    joins: [' or ', ' and '],
    wrap: (e) => `process where ${e}`,
    literal: q,
  },
  esql: {
    seeds: [
      'from logs-aws.cloudtrail-* | where event.action == "DeleteTrail" and event.outcome == "success" | keep @timestamp, user.name',
      'from logs-endpoint.events.process-* | eval cmd = to_lower(process.command_line) | where cmd like "*invoke-webrequest*" | stats count = count(*) by host.name | where count > 5',
      'FROM logs-* METADATA _id | WHERE process.name RLIKE ".*\\\\.exe" AND NOT host.os.type IN ("linux", "macos") | DISSECT message "%{a} %{b}"',
    ],
    atom: 'a == 1',
    open: '(',
    close: ')',
    prefix: 'not ',
    joins: [' or ', ' and '],
    wrap: (e) => `from logs-* | where ${e}`,
    literal: q,
  },
  sigmaCondition: {
    seeds: ['selection and not filter', '1 of selection_* and not 1 of filter_*', 'all of them', '(sel1 or sel2) and not (filter_main or filter_optional) | count() by host > 5', 'keywords near selection'],
    atom: 'sel1',
    open: '(',
    close: ')',
    prefix: 'not ',
    joins: [' or ', ' and '],
    wrap: (e) => e,
    literal: (t) => t.replace(/[\s()|]/g, '_'),
  },
  spl: {
    seeds: [
      '`cloudtrail` eventName=DeleteTrail OR eventName=StopLogging errorCode=success | stats count min(_time) as firstTime by src user | `security_content_ctime(firstTime)`',
      '| tstats `security_content_summariesonly` count from datamodel=Endpoint.Processes where Processes.process_name=vssadmin.exe Processes.process=*delete* by Processes.dest | `drop_dm_object_name(Processes)`',
      'index=main sourcetype=WinEventLog:Security EventCode=4625 NOT (user=*$ OR user=SYSTEM) | eval x=if(len(user)>10, 1, 0) | where x=1 AND (count>5 OR like(user, "adm%")) | lookup ip_list ip OUTPUT risk | search risk>50',
    ],
    atom: 'a=1',
    open: '(',
    close: ')',
    prefix: 'NOT ',
    joins: [' OR ', ' AND ', ' '],
    wrap: (e) => `index=x ${e} | where b=1`,
    literal: q,
  },
  kql: {
    seeds: [
      'SigninLogs\n| where ResultType == "50126" and AppDisplayName has_any ("Azure Portal", "Office 365")\n| summarize Failures = count() by UserPrincipalName, IPAddress, bin(TimeGenerated, 1h)\n| where Failures > 10',
      'let allowed = dynamic(["admin@contoso.com"]);\nAuditLogs\n| where OperationName =~ "Add member to role" and not(InitiatedBy.user.userPrincipalName in~ (allowed))\n| extend Target = tostring(TargetResources[0].userPrincipalName)\n| join kind=inner (SigninLogs | where RiskLevelDuringSignIn == "high") on $left.Target == $right.UserPrincipalName',
      'DeviceProcessEvents\n| where FileName in~ ("certutil.exe") and ProcessCommandLine matches regex @"(?i)-urlcache\\s+-f"\n| project Timestamp, DeviceName, ProcessCommandLine',
    ],
    atom: 'a == 1',
    open: '(',
    close: ')',
    prefix: 'not',
    joins: [' or ', ' and '],
    wrap: (e) => `T | where ${e}`,
    literal: q,
  },
  yaral: {
    seeds: [
      'rule aws_cloudtrail_logging_tampering {\n  meta:\n    author = "x"\n    severity = "HIGH"\n  events:\n    $e.metadata.vendor_name = "AMAZON"\n    $e.metadata.product_event_type = /^(StopLogging|DeleteTrail)$/ nocase\n    $e.principal.user.userid = $user\n  match:\n    $user over 1h\n  outcome:\n    $risk = max(if($e.security_result.action = "BLOCK", 10, 50))\n  condition:\n    $e and #e > 2\n}\n',
      'rule two_events {\n  events:\n    $a.metadata.event_type = "USER_LOGIN"\n    not $a.security_result.action = "ALLOW"\n    $b.metadata.event_type = "PROCESS_LAUNCH"\n    $a.principal.hostname = $b.principal.hostname\n    $a.metadata.event_timestamp.seconds < $b.metadata.event_timestamp.seconds\n  match:\n    $host over 10m\n  condition:\n    $a and $b\n}\n',
    ],
    atom: '$e.a = "1"',
    open: '(',
    close: ')',
    prefix: 'not ',
    joins: [' or ', ' and '],
    wrap: (e) => `rule r {\n  events:\n    $e.metadata.event_type = "PROCESS_LAUNCH"\n    ${e}\n  condition:\n    $e\n}\n`,
    literal: q,
  },
  python: {
    seeds: [
      'from panther_base_helpers import deep_get\n\ndef rule(event):\n    if event.get("eventName") not in ("DeleteTrail", "StopLogging"):\n        return False\n    return deep_get(event, "userIdentity", "type") == "Root" and not event.get("errorCode")\n\ndef title(event):\n    return f"{event.get(\'eventName\')} by {event.udm(\'actor_user\')}"\n',
      'ALLOWED = {"admin", "svc"}\n\ndef rule(event):\n    for item in event.get("items", []):\n        if item.get("type") == "x" and item.get("name") not in ALLOWED:\n            return True\n    return any(t.startswith("a") for t in event.deep_get("a", "b", default=[]))\n\ndef alert_context(event):\n    return {"user": event.get("user"), "ip": event.get("ip")}\n',
    ],
    atom: 'event.get("a") == 1',
    open: '(',
    close: ')',
    prefix: 'not ',
    joins: [' or ', ' and '],
    wrap: (e) => `def rule(event):\n    return ${e}\n`,
    literal: q,
  },
  mql: {
    seeds: [
      'type.inbound and any(attachments, .file_extension in~ ("docm", "xlsm") and any(file.oletools(.).macros.keywords, .name == "autoopen"))',
      'type.outbound and regex.icontains(body.current_thread.text, "\\\\b4[0-9]{12}(?:[0-9]{3})?\\\\b") and sender.email.domain.root_domain not in $free_email_providers',
      'length(recipients.to) > 10 and not profile.by_sender().solicited and strings.ilike(subject.subject, "*invoice*", "*payment*")',
    ],
    atom: 'sender.email.domain.domain == "1.com"',
    open: '(',
    close: ')',
    prefix: 'not ',
    joins: [' or ', ' and '],
    wrap: (e) => e,
    literal: q,
  },
  sql: {
    seeds: [
      "SELECT user_name, COUNT(*) AS c FROM panther_logs.public.aws_cloudtrail WHERE p_occurs_since('1 day') AND event_name IN ('DeleteTrail', 'StopLogging') AND error_code IS NULL GROUP BY user_name HAVING COUNT(*) > 5",
      "WITH failures AS (SELECT * FROM panther_logs.public.okta_systemlog WHERE outcome:result = 'FAILURE' AND actor:alternateId ILIKE '%@example.com') SELECT f.actor, s.ip FROM failures f JOIN panther_logs.public.okta_systemlog s ON f.actor = s.actor WHERE s.p_event_time > DATEADD(hour, -1, CURRENT_TIMESTAMP())",
      "select * from t where a rlike '^x.*' union all select * from u where not (b = 1 or c like any ('%a%', '%b%'))",
    ],
    atom: 'a = 1',
    open: '(',
    close: ')',
    prefix: 'not ',
    joins: [' or ', ' and '],
    wrap: (e) => `select * from panther_logs.public.t where ${e}`,
    literal: sq,
  },
};
