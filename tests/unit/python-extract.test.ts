import { describe, expect, it } from 'vitest';
import { PANTHER_FIXTURES, pantherRule } from './panther-rule.ts';
import { extractPython, POLICY } from '../../src/lib/languages/python/extract.ts';
import { pantherLibrary } from '../../src/lib/formats/panther/python-library.ts';
import { renderConjuncts } from '../../src/lib/logic/render.ts';
import { evaluate } from '../../src/lib/logic/evaluate.ts';
import { conjunctsOf, leaf, or, and, not } from '../../src/lib/logic/tree.ts';


/** Extracts a Python rule against the fixture helpers and data models; returns its Condition lines. */
const extract = (src: string, logTypes: string[] = ['AWS.CloudTrail']) => pantherRule(src, logTypes);

const rule = (body: string, prelude = '') => `${prelude}\ndef rule(event):\n${body.replace(/^/gm, '    ')}\n`;

describe('python extractor: control flow', () => {
  it('turns early returns into negated conjuncts', () => {
    const r = extract(rule('if event.get("errorCode"):\n    return False\nreturn event.get("eventName") == "DeleteTrail"'));
    expect(r.lines).toEqual(['errorCode is_null', 'eventName eq "DeleteTrail"']);
    expect(r.reasons).toEqual([]);
  });

  it('follows if/elif/else branches', () => {
    const r = extract(rule('if event.get("a") == "x":\n    return event.get("b") == 1\nelif event.get("a") == "y":\n    return True\nelse:\n    return False'));
    expect(r.lines).toEqual(['(a eq "x" and b eq 1) or a eq "y"']);
  });

  it('drops a test the later branch already rules out (reference rule shape)', () => {
    const r = extract(
      rule('if event.get("eventName") == "UpdateDetector":\n    return not event.deep_get("requestParameters", "enable", default=True)\nreturn event.get("eventName") in ACTIONS', 'ACTIONS = {"DeleteTrail", "StopLogging"}'),
    );
    expect(r.lines).toEqual(['(eventName eq "UpdateDetector" and requestParameters.enable is_null) or eventName in ["DeleteTrail", "StopLogging"]']);
  });

  it('reads and/or/not with Python precedence (not binds tighter than or)', () => {
    const r = extract(rule('return event.get("a") == "x" and (not event.get("b") or not event.get("c"))'));
    expect(r.lines).toEqual(['a eq "x"', 'b is_null or c is_null']);
    const r2 = extract(rule('if not event.get("uri") or "sig=" not in event.get("uri"):\n    return False\nreturn True'));
    // `uri is_not_null` goes: a substring test already needs the field.
    expect(r2.condition).toEqual(leaf('uri', 'contains', ['sig='], { caseSensitive: true }));
  });

  it('knows on each branch which constant values a variable can no longer hold', () => {
    const src = rule('x = lookup_name(event)\nif not x:\n    return False\nreturn x.startswith("adm")', 'def lookup_name(event):\n    if event.get("kind") != "user":\n        return None\n    return event.get("name")');
    expect(extract(src).lines).toEqual(['kind eq "user"', 'name startswith "adm"']);
  });

  it('drops exclusions and lists that an exact value already decides (panther_user_modified via a data model)', () => {
    const r = extract(
      rule('if event.get("actionName") not in ["CREATE", "DELETE", "UPDATE"]:\n    return False\nif event.get("actionName") in ["CREATE", "DELETE"]:\n    return False\nreturn event.get("actionName") == "UPDATE" and event.get("result") == "OK"'),
    );
    expect(r.lines).toEqual(['actionName eq "UPDATE"', 'result eq "OK"']);
    const prefixed = extract(rule('if not event.get("action").startswith("team"):\n    return False\nreturn event.get("action") in ["team.create", "team.destroy"]'));
    expect(prefixed.lines).toEqual(['action in ["team.create", "team.destroy"]']);
  });

  it('absorbs a negated group of earlier alternatives: A or B or (not (A or B) and C) reads A or B or C (proofpoint_phishing_detected)', () => {
    const r = extract(rule('if event.get("a") == "x" or event.get("b") == "y":\n    return True\nreturn event.get("c", 0) >= 90'));
    expect(r.lines).toEqual(['a eq "x" or b eq "y" or c gte 90']);
  });

  it('merges variables assigned in branches without returns', () => {
    const r = extract(rule('name = "none"\nif event.get("kind") == "user":\n    name = event.get("user")\nreturn name == "root"'));
    expect(r.lines).toEqual(['kind eq "user"', 'user eq "root"']);
  });

  it('unpacks tuples returned by helpers', () => {
    const src = rule('key, value = pair(event)\nreturn key == "mfa" and value == "off"', 'def pair(event):\n    return event.get("k"), event.get("v")');
    expect(extract(src).lines).toEqual(['k eq "mfa"', 'v eq "off"']);
  });

  it('handles chained comparisons and the walrus operator', () => {
    expect(extract(rule('return 400 <= event.get("status") < 500')).lines).toEqual(['status gte 400', 'status lt 500']);
    expect(extract(rule('if (code := event.get("code")) and code > 3:\n    return True\nreturn False')).lines).toEqual(['code gt 3']);
  });
});

describe('python extractor: values and comparisons', () => {
  it('compares against module-level sets, lists, tuples and dict keys in their own order', () => {
    const prelude = 'S = {"b", "a"}\nL = ["c", "d"]\nT = ("e",)\nD = {"k1": 1, "k2": 2}';
    expect(extract(rule('return event.get("x") in S', prelude)).lines).toEqual(['x in ["b", "a"]']);
    expect(extract(rule('return event.get("x") in L + list(T)', prelude)).lines).toEqual(['x in ["c", "d", "e"]']);
    expect(extract(rule('return event.get("x") in T', prelude)).lines).toEqual(['x eq "e"']);
    expect(extract(rule('return event.get("x") not in D', prelude)).lines).toEqual(['not x in ["k1", "k2"]']);
  });

  it('reads event.get, event.deep_get, deep_get(event, ...) and chained .get(..., {})', () => {
    const prelude = 'from panther_base_helpers import deep_get';
    expect(extract(rule('return event.deep_get("a", "b") == 1')).lines).toEqual(['a.b eq 1']);
    expect(extract(rule('return deep_get(event, "a", "b", default="") == "x"', prelude)).lines).toEqual(['a.b eq "x"']);
    expect(extract(rule('return event.get("a", {}).get("b", {}).get("c") == "x"')).lines).toEqual(['a.b.c eq "x"']);
    expect(extract(rule('return event["a"]["b"] is not None')).lines).toEqual(['a.b is_not_null']);
  });

  it('looks a constant dict up by an event value, one branch per key (a missing key raises: no alert)', () => {
    const prelude = 'REGIONS = {"111": ["us-east-1"], "222": ["eu-west-1", "eu-west-2"]}';
    const r = extract(rule('acct = event.get("account")\nif acct in REGIONS:\n    return event.get("region") not in REGIONS[acct]\nreturn True', prelude));
    expect(r.lines).toEqual([
      '(account eq "111" and not region eq "us-east-1") or (account eq "222" and not region in ["eu-west-1", "eu-west-2"]) or not account in ["111", "222"]',
    ]);
    expect(r.reasons).toEqual([]);
    expect(extract(rule('return REGIONS.get(event.get("account"), []) == []', prelude)).lines).toEqual(['not account in ["111", "222"]']);
  });

  it('keeps a default that passes the test as an is_null alternative', () => {
    expect(extract(rule('return event.get("mfa", "false") == "false"')).lines).toEqual(['mfa eq "false" or mfa is_null']);
  });

  it('maps string methods: startswith, endswith, lower and in-substring; .lower() / .upper() make the test case-insensitive', () => {
    const ci = { caseSensitive: false };
    expect(extract(rule('return event.get("ua", "").lower().startswith(("curl", "python"))')).condition).toEqual(
      leaf('ua', 'startswith', ['curl', 'python'], ci),
    );
    expect(extract(rule('return event.get("host").endswith(".corp")')).condition).toEqual(leaf('host', 'endswith', ['.corp'], { caseSensitive: true }));
    expect(extract(rule('return "admin" in event.get("role", "").lower()')).condition).toEqual(leaf('role', 'contains', ['admin'], ci));
    expect(extract(rule('return event.get("u").upper() == "ROOT"')).condition).toEqual(leaf('u', 'eq', ['ROOT'], ci));
  });

  it('reads truth tests as empty (None, "", 0, [] or {}), not only missing', () => {
    expect(extract(rule('return bool(event.get("a")) and not event.deep_get("b", "c") and len(event.get("d", [])) > 0')).condition).toEqual(
      and(leaf('a', 'is_not_null', [], { match: 'empty' }), leaf('b.c', 'is_null', [], { match: 'empty' }), leaf('d', 'is_not_null', [], { match: 'empty' })),
    );
  });

  it('reads a test against an empty constant list as never holding (mongodb_external_user_invited)', () => {
    const r = extract(
      rule('if event.get("eventTypeName", "") == "INVITED":\n    return event.get("targetUsername", "").split("@")[-1] not in ALLOWED_DOMAINS\nreturn False', 'ALLOWED_DOMAINS = []'),
    );
    expect(r.lines).toEqual(['eventTypeName eq "INVITED"']);
    expect(extract(rule('return event.get("a") in [] or event.get("b").endswith(())')).lines).toEqual([]);
  });

  it('reads a search for quoted text in str() of a field in Python\'s spelling of the value (anthropic_artifact_shared_publicly)', () => {
    const r = extract(rule('if event.get("type") != "shared":\n    return False\ntext = str(event.get("audience"))\nreturn "\'public\'" in text or \'"public"\' in text'));
    expect(r.lines).toEqual(['type eq "shared"', 'str(audience) contains ["\'public\'", "\\"public\\""]']);
    expect(r.reasons).toEqual([]);
    const PY = { nullness: 'python', caseInsensitiveKeys: true } as const;
    // str([{"type": "public"}]) is "[{'type': 'public'}]": the single-quoted text is there, as in Python.
    expect(evaluate(r.condition!, { type: 'shared', audience: [{ type: 'public' }] }, PY)).toBe(true);
    expect(evaluate(r.condition!, { type: 'shared', audience: [{ type: 'organization' }] }, PY)).toBe(false);
    expect(extract(rule('return "admin" in str(event.get("role")).lower()')).lines).toEqual(['role contains "admin"']);
  });

  it('keeps a leading inline flag first when re.match / re.fullmatch anchor the pattern (aws_s3_ransomware_note_upload)', () => {
    const r = extract(rule('return re.match(r"(?i)ransom.*\\.txt", event.get("key")) is not None', 'import re'));
    expect(r.lines).toEqual(['key regex "(?i)^(?:ransom.*\\\\.txt)"']);
    expect(extract(rule('return re.fullmatch(r"a+", event.get("key")) is not None', 'import re')).lines).toEqual(['key regex "^(?:a+)$"']);
  });

  it('unrolls any()/all() over constant lists', () => {
    const prelude = 'BAD = ["nmap", "sqlmap"]';
    expect(extract(rule('return any(tool in event.get("ua", "") for tool in BAD)', prelude)).condition).toEqual(
      leaf('ua', 'contains', ['nmap', 'sqlmap'], { caseSensitive: true }),
    );
    expect(extract(rule('return all([event.get("a") == 1, event.get("b") == 2])')).lines).toEqual(['a eq 1', 'b eq 2']);
  });

  it('tests the first or last part of a split on the whole value', () => {
    expect(extract(rule('return event.get("action").split(".")[0] == "repo"')).lines).toEqual(['action eq "repo" or action startswith "repo."']);
    expect(extract(rule('return event.get("email", "").lower().split("@")[-1] in ["a.com", "b.com"]')).condition).toEqual(
      or(leaf('email', 'in', ['a.com', 'b.com'], { caseSensitive: false }), leaf('email', 'endswith', ['@a.com', '@b.com'], { caseSensitive: false })),
    );
    // Other tests of a part: a computed leaf that carries the split as derivation steps.
    expect(extract(rule('return event.get("m").rsplit(".", maxsplit=1)[-1].startswith("Get")')).lines).toEqual(['m.split(".")[-1] startswith "Get"']);
    expect(extract(rule('return event.get("m").split("/")[2] == "x"')).lines).toEqual(['m regex "^(?:[^/]*/){2}(?:x)(?:/|$)"']);
    expect(extract(rule('return event.get("m").split("::")[2] == "x"')).lines).toEqual(['m.split("::")[2] eq "x"']);
  });

  it('reads fields inside JSON text parsed with json.loads', () => {
    expect(extract(rule('log = json.loads(event.deep_get("properties", "log"))\nreturn log.get("verb") == "create"', 'import json')).lines).toEqual(['properties.log.verb eq "create"']);
  });

  it('turns re and fnmatch calls into regex and wildcard leaves', () => {
    const prelude = 'import re\nfrom fnmatch import fnmatch\nPAT = re.compile(r"^arn:.*:root$", re.IGNORECASE)';
    expect(extract(rule('return PAT.search(event.get("arn", ""))', prelude)).condition).toEqual(leaf('arn', 'regex', ['^arn:.*:root$']));
    expect(extract(rule('return fnmatch(event.get("path"), "/admin/*")', prelude)).condition).toEqual(leaf('path', 'wildcard', ['/admin/*'], { caseSensitive: true }));
  });
});

describe('python extractor: helpers and data models', () => {
  it('inlines global helper functions by parsing their source', () => {
    const r = extract(rule('if not aws_cloudtrail_success(event):\n    return False\nreturn not is_service(event)', 'from panther_demo_helpers import aws_cloudtrail_success, is_service'));
    expect(r.lines).toEqual(['not (errorCode is_not_null or errorMessage is_not_null)', 'not userIdentity.invokedBy endswith ".amazonaws.com"']);
    expect(r.condition).toEqual(
      and(not(or(leaf('errorCode', 'is_not_null', [], { match: 'empty' }), leaf('errorMessage', 'is_not_null', [], { match: 'empty' }))), not(leaf('userIdentity.invokedBy', 'endswith', ['.amazonaws.com'], { caseSensitive: true }))),
    );
  });

  it('resolves event.udm() through the data model of the rule log type (paths and methods)', () => {
    expect(extract(rule('return event.udm("actor_user") == "bob"'), ['Demo.Audit']).lines).toEqual(['actor.name eq "bob"']);
    expect(extract(rule('return is_login(event)', 'from panther_demo_helpers import is_login'), ['Demo.Audit']).lines).toEqual(['action eq "session.start"']);
  });

  it('picks the mapping by p_log_type when log types map a udm name differently', () => {
    expect(extract(rule('return event.udm("actor_user") == "bob"'), ['Demo.Audit', 'Other.Log']).lines).toEqual([
      '(p_log_type eq "Demo.Audit" and actor.name eq "bob") or (not p_log_type eq "Demo.Audit" and user.login eq "bob")',
    ]);
  });

  it('marks JSONPath mappings it cannot follow as partial', () => {
    const r = extract(rule('return event.udm("odd") == "x"'), ['Demo.Audit']);
    expect(r.condition).toBeUndefined();
    expect(r.reasons[0]).toMatch(/^udm mapping/);
  });

  it('collects output fields from alert_context helpers and udm names in title, dedup and alert_context', () => {
    const src = `from panther_demo_helpers import aws_rule_context
def rule(event):
    return True
def title(event):
    return f"{event.udm('actor_user')} did {event.get('eventName')}"
def dedup(event):
    return event.udm("source_ip")
def alert_context(event):
    ctx = aws_rule_context(event)
    ctx["extra"] = event.get("x")
    return ctx
`;
    expect(extract(src, ['Demo.Audit']).outputFields).toEqual(['eventName', 'awsRegion', 'userIdentity', 'extra', 'actor_user', 'source_ip']);
  });
});

describe('python extractor: what it cannot follow', () => {
  it('reads the deployed rule, where nothing is a MagicMock, marking the empty allow-list; a test\'s mocks fill it', () => {
    const src = rule(
      'global ALLOW_LIST\nif isinstance(ALLOW_LIST, MagicMock):\n    ALLOW_LIST = json.loads(ALLOW_LIST())\nfor entry in ALLOW_LIST:\n    if event.get("user") == entry:\n        return False\nreturn event.get("eventName") == "X"',
      'import json\nfrom unittest.mock import MagicMock\nALLOW_LIST = []',
    );
    const r = extract(src);
    expect(r.lines).toEqual(['eventName eq "X"']);
    expect(r.reasons).toEqual(['loop over ALLOW_LIST']);
    const mocked = extractPython(src, 'rule.py', pantherLibrary(PANTHER_FIXTURES, new Map()), ['AWS.CloudTrail'], undefined, { ALLOW_LIST: '["alice", "bob"]' });
    expect(renderConjuncts(conjunctsOf(mocked.condition))).toEqual(['not user in ["alice", "bob"]', 'eventName eq "X"']);
  });

  it('marks external calls, lookups and loops over event values as partial', () => {
    expect(extract(rule('return event.get("a") == 1 and requests.get("x")'), []).reasons).toEqual(['unknown name: requests']);
    const lookup = extract(rule('return event.get("a") == 1 and event.lookup("t", "k")'));
    expect(lookup.lines).toEqual(['a eq 1']);
    expect(lookup.reasons).toEqual(['lookup: lookup']);
    const loop = extract(rule('n = 0\nfor x in event.get("items", []):\n    n += x.get("size")\nreturn n > 100 and event.get("a") == 1'));
    expect(loop.lines).toEqual(['a eq 1']);
    expect(loop.reasons).toEqual(['loop over event values']);
  });

  it('reads the emptiness of a list difference, and drops an or that has an unknown alternative (slack_app_access_expanded)', () => {
    // if action == "a": added = [...]; if not added: return False  ->  not (action eq "a") or <added>, not an exclusion
    const guarded = extract(
      rule('if event.get("action") not in ["a", "b"]:\n    return False\nif event.get("action") == "a":\n    added = [x for x in event.get("new", []) if x not in event.get("old", [])]\n    if not added:\n        return False\nreturn True'),
    );
    // [x for x in new if x not in old] is not empty: new has an element, and not all of them are in old.
    expect(guarded.lines).toEqual(['action in ["a", "b"]', 'not (new is_null or old eq_all field new) or not action eq "a"']);
    expect(guarded.reasons).toEqual([]);
    const PY = { nullness: 'python', caseInsensitiveKeys: true } as const;
    expect(evaluate(guarded.condition!, { action: 'a', new: ['x', 'y'], old: ['x'] }, PY)).toBe(true);
    expect(evaluate(guarded.condition!, { action: 'a', new: ['x'], old: ['x', 'y'] }, PY)).toBe(false);
    expect(evaluate(guarded.condition!, { action: 'a', new: ['x'] }, PY)).toBe(true);
    expect(evaluate(guarded.condition!, { action: 'a', new: [], old: [] }, PY)).toBe(false);
    expect(evaluate(guarded.condition!, { action: 'b' }, PY)).toBe(true);
    // An or with an unknown alternative: an element compared with twice another field stays unread.
    const alternative = extract(rule('return event.get("a") == 1 or [x for x in event.get("items", []) if x > event.get("min") * 2]'));
    expect(alternative.lines).toEqual([]);
    expect(alternative.reasons).toEqual(['emptiness of a computed list']);
    // An item compared with a field of the event is stated: the scope's leaf reads that field from the whole event.
    const compared = extract(rule('return event.get("a") == 1 or [x for x in event.get("items", []) if x > event.get("min")]'));
    expect(compared.lines).toEqual(['a eq 1 or any items (. gt event field min)']);
    expect(evaluate(compared.condition!, { items: [1, 5], min: 3 }, { nullness: 'python' })).toBe(true);
    expect(evaluate(compared.condition!, { items: [1, 2], min: 3 }, { nullness: 'python' })).toBe(false);
  });

  it('reads the truth of an `x and y` value as both, even when x cannot be followed (upwind_*_passthrough)', () => {
    const r = extract(
      rule('g = event.get("g", [])\nok = any(g) if isinstance(g, list) else bool(g)\nreturn ok and event.get("m") == "x"'),
    );
    // Both are read: the type test as a computed type(g) leaf (a missing g takes the list default) and any(g) as a scope.
    expect(r.lines).toEqual([
      '((type(g) eq "list" or g is_null) and any g (. is_not_null)) or (not (type(g) eq "list" or g is_null) and g is_not_null)',
      'm eq "x"',
    ]);
    expect(r.reasons).toEqual([]);
    const known = extract(
      'def known(event):\n    s = event.get("sev")\n    return isinstance(s, str) and s in ["HIGH", "LOW"]\n\ndef rule(event):\n    return known(event) and "net" in event.get("cat", "")\n',
    );
    // The guard stays: `sev in [...]` alone would also hold on a list holding "HIGH", which isinstance(s, str) refuses.
    expect(known.lines).toEqual(['type(sev) eq "string"', 'sev in ["HIGH", "LOW"]', 'cat contains "net"']);
  });

  it('keeps exclusions sound: an unknown inside a negated conjunction drops the whole exclusion', () => {
    const r = extract(rule('if event.get("ip") and geoip.lookup(event.get("ip")).is_private:\n    return False\nreturn event.get("a") == 1', 'import geoip'));
    expect(r.lines).toEqual(['a eq 1']);
    expect(r.reasons).toEqual(['external call: geoip.lookup']);
  });

  it('simplifies with what sibling conjuncts already say', () => {
    const r = extract(rule('if event.get("t") != "x":\n    return False\nreturn event.get("t") != "x" or event.get("b") == 2'));
    expect(r.lines).toEqual(['t eq "x"', 'b eq 2']);
  });

  it('reads a loop over an event list as "some item passes the test"', () => {
    const one = extract(rule('for item in event.get("tags", []):\n    if item.get("key") == "env":\n        return True\nreturn False'));
    expect(one.lines).toEqual(['tags.key eq "env"']);
    expect(one.reasons).toEqual([]);
    const two = extract(rule('for a in event.deep_get("p", "auth") or []:\n    if a.get("perm") == "x" and a.get("granted"):\n        return True\nreturn False'));
    // Two fields of one item: both must hold on the same element.
    expect(two.lines).toEqual(['any p.auth (perm eq "x" and granted is_not_null)']);
    expect(two.reasons).toEqual([]);
  });

  it("adds the rule's own alert_context keys to a helper's conditionally built dict (azure_keyvault_purged)", () => {
    const src = [
      'def azure_activity_alert_context(event):',
      '    a_c = {}',
      '    a_c["caller_ip"] = event.get("callerIpAddress", "<UNKNOWN_CALLER_IP>")',
      '    storage_account_name = event.get("storageAccount", "")',
      '    if storage_account_name:',
      '        a_c["storage_account_name"] = storage_account_name',
      '    return a_c',
      '',
      'def rule(event):',
      '    return event.get("operationName", "").upper() == "X"',
      '',
      'def alert_context(event):',
      '    context = azure_activity_alert_context(event)',
      '    keyvault_name = event.get("resourceId", "")',
      '    if keyvault_name:',
      '        context["keyvault_name"] = keyvault_name',
      '    return context',
      '',
    ].join('\n');
    expect(extract(src).outputFields).toEqual(['caller_ip', 'storage_account_name', 'keyvault_name']);
  });

  it('reads several fields of one loop item as a scope (proofpoint_phishing_detected)', () => {
    const r = extract(
      rule(
        'if event.get("quarantineRule") == "phish" or event.get("quarantineFolder") == "Phish":\n    return True\n' +
          'for threat in event.get("threatsInfoMap", []):\n    if threat.get("classification") == "phish" and threat.get("threatStatus") == "active":\n        return True\nreturn False',
      ),
    );
    expect(r.lines).toEqual(['quarantineRule eq "phish" or quarantineFolder eq "Phish" or any threatsInfoMap (classification eq "phish" and threatStatus eq "active")']);
    const [scoped] = conjunctsOf(r.condition);
    const split = { threatsInfoMap: [{ classification: 'phish', threatStatus: 'cleared' }, { classification: 'spam', threatStatus: 'active' }] };
    expect(evaluate(scoped, split)).toBe(false);
    expect(evaluate(scoped, { threatsInfoMap: [{ classification: 'phish', threatStatus: 'active' }] })).toBe(true);
  });

  it('reads any() over an event list as "some item passes the test"', () => {
    const r = extract(rule('return any(s.startswith("admin:") for s in event.get("scopes", []))'));
    // The items themselves are tested: a scope over the list, its element written ".".
    expect(r.lines).toEqual(['any scopes (. startswith "admin:")']);
    expect(r.reasons).toEqual([]);
  });

  it('unrolls loops over non-empty constants exactly', () => {
    const r = extract(rule('for name in NAMES:\n    if event.get("n") == name:\n        return True\nreturn False', 'NAMES = ["a", "b"]'));
    expect(r.lines).toEqual(['n in ["a", "b"]']);
    expect(r.reasons).toEqual([]);
  });

  it('never throws on broken Python: it keeps what it can read and reports the syntax error', () => {
    const r = extract('def rule(event):\n    if event.get("a") == :\n        return True\n    return event.get("b") == 1\n');
    expect(r.diagnostics[0]).toMatchObject({ code: 'python-syntax', file: 'rule.py' });
    expect(() => extract('def rule(event:\n  return ((((')).not.toThrow();
    expect(() => extract('\u0000\ufffd def def def')).not.toThrow();
  });

  it('follows len() emptiness tests and dicts built by alert_context', () => {
    expect(extract(rule('return len(event.get("items", [])) > 0')).lines).toEqual(['items is_not_null']);
    expect(extract(rule('return len(event.get("items", [])) == 0')).lines).toEqual(['items is_null']);
    // Other lengths: a computed len() leaf (a missing list has the default's length, 0, which is not > 3).
    expect(extract(rule('return len(event.get("items", [])) > 3')).lines).toEqual(['len(items) gt 3']);
  });

  it('says why when nothing is left', () => {
    expect(extract('X = 1\n').noneReason).toBe('no rule(event) function');
    expect(extract(rule('return False')).noneReason).toBe('rule never matches');
  });
});

/** A Panther policy: the tree is what it alerts on, the negation of policy(). */
function extractPolicy(body: string, prelude = '') {
  const r = extractPython(`${prelude}\ndef policy(resource):\n${body.replace(/^/gm, '    ')}\n`, 'policy.py', pantherLibrary(PANTHER_FIXTURES, new Map()), ['AWS.S3.Bucket'], POLICY);
  return { ...r, lines: renderConjuncts(conjunctsOf(r.condition)) };
}

describe('python extractor: policy idioms over resource snapshots', () => {
  it('reads comprehensions over a list as scopes, and counts memberships of a constant set (AWS.IAM.User.NotInConflictingGroups)', () => {
    const conflicts = extractPolicy('names = {g["GroupName"] for g in resource["Groups"] or []}\nreturn len(names.intersection({"A", "B"})) <= 1');
    expect(conflicts.lines).toEqual(['Groups.GroupName eq "A"', 'Groups.GroupName eq "B"']);
    const filtered = extractPolicy('names = [g["Name"] for g in resource["Groups"] if g["Active"]]\nreturn "admin" not in names');
    expect(filtered.lines).toEqual(['any Groups (Active is_not_null and Name eq "admin")']);
  });

  it('follows flag-and-break loops that compute temporaries before the test and set names after it', () => {
    const r = extractPolicy('found = False\nfor s in resource["Statements"]:\n    effect = s.get("Effect")\n    if effect == "Deny":\n        found = True\n        break\n    other = 1\nreturn found');
    expect(r.lines).toEqual(['not Statements.Effect eq "Deny"']);
    expect(r.reasons).toEqual([]);
  });

  it("reads policyuniverse's statements, effect and principals over the document", () => {
    const r = extractPolicy(
      'p = Policy(json.loads(resource["Policy"]))\nfor s in p.statements:\n    if s.effect == "Allow" and "*" in s.principals:\n        return False\nreturn True',
      'import json\nfrom policyuniverse.policy import Policy',
    );
    expect(r.lines).toEqual(['any Policy.Statement (Effect eq "Allow" and (Principal eq "*" or Principal.AWS eq "*" or Principal.Service eq "*"))']);
  });

  it('states the age of an event time as a computed leaf on the clock, and a listify membership an element test', () => {
    const expiry = extractPolicy(
      'if not resource["NotAfter"]:\n    return False\nreturn resolve_timestamp_string(resource["NotAfter"]) - datetime.datetime.now() >= datetime.timedelta(days=60)',
      'import datetime\nfrom panther_base_helpers import resolve_timestamp_string',
    );
    // Fails without NotAfter, or when it is not at least 60 days ahead (its age is not at most minus 60 days).
    expect(expiry.lines).toEqual(['not (NotAfter is_not_null and seconds since NotAfter lte -5184000)']);
    expect(expiry.reasons).toEqual([]);
    expect(extractPolicy('return "all" not in listify(resource["Values"])', 'from panther_base_helpers import listify').lines).toEqual(['Values eq "all"']);
  });

  it('reads `is None` then a truth test as one truth test (AWS.Resource.MinimumTags)', () => {
    expect(extractPolicy('if resource["Tags"] is None:\n    return False\nreturn len(resource["Tags"]) >= 1').lines).toEqual(['Tags is_null']);
  });
});
