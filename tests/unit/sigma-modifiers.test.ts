import { describe, expect, it } from 'vitest';
import { renderConjuncts } from '../../src/lib/logic/render.ts';
import { leaf } from '../../src/lib/logic/tree.ts';
import { sigmaLines, sigmaLogic, sigmaTree } from '../fixtures/sigma/detection.ts';

describe('sigma field values', () => {
  it('one plain value is eq; a list of plain values is one in leaf in the rule\'s order', () => {
    expect(sigmaTree("sel:\n    eventName: DeleteTrail\ncondition: sel")).toEqual([leaf('eventName', 'eq', ['DeleteTrail'])]);
    expect(sigmaTree("sel:\n    eventName:\n        - StopLogging\n        - DeleteTrail\ncondition: sel")).toEqual([
      leaf('eventName', 'in', ['StopLogging', 'DeleteTrail']),
    ]);
  });
  it('numbers and booleans stay numbers and booleans', () => {
    expect(sigmaTree('sel:\n    EventID: [4624, 4625]\n    Enabled: false\ncondition: sel')).toEqual([
      leaf('EventID', 'in', [4624, 4625]),
      leaf('Enabled', 'eq', [false]),
    ]);
  });
  it('null is is_null; null among values is or-ed', () => {
    expect(sigmaTree('sel:\n    CommandLine: null\ncondition: sel')).toEqual([leaf('CommandLine', 'is_null')]);
    expect(sigmaLines("sel:\n    User:\n        - null\n        - ''\ncondition: sel")).toEqual(['User is_null or User eq ""']);
  });
  it('wildcards: leading/trailing * become endswith/startswith/contains, inner ones a wildcard pattern, a lone * any value', () => {
    expect(sigmaLines("sel:\n    Image: '*\\cmd.exe'\ncondition: sel")).toEqual(['Image endswith "\\\\cmd.exe"']);
    expect(sigmaLines("sel:\n    Image: 'C:\\Temp\\\\*'\ncondition: sel")).toEqual(['Image startswith "C:\\\\Temp\\\\"']);
    expect(sigmaLines("sel:\n    Image: 'C:\\Temp\\*'\ncondition: sel")).toEqual(['Image eq "C:\\\\Temp*"']);
    expect(sigmaLines("sel:\n    CommandLine: '*whoami*'\ncondition: sel")).toEqual(['CommandLine contains "whoami"']);
    expect(sigmaLines("sel:\n    Image: 'C:\\Users\\\\*\\AppData\\\\*.exe'\ncondition: sel")).toEqual(['Image wildcard "C:\\\\Users\\\\*\\\\AppData\\\\*.exe"']);
    expect(sigmaLines("sel:\n    Image: 'cmd.ex?'\ncondition: sel")).toEqual(['Image wildcard "cmd.ex?"']);
    expect(sigmaLines("sel:\n    Hashes: '*'\ncondition: sel")).toEqual(['Hashes is_not_null']);
  });
  it('escaped wildcards are literal characters', () => {
    expect(sigmaLines("sel:\n    Title: 'Really\\?'\ncondition: sel")).toEqual(['Title eq "Really?"']);
    expect(sigmaLines("sel:\n    Title|contains: 'a\\*b'\ncondition: sel")).toEqual(['Title contains "a*b"']);
    // A pattern with wildcards and a literal `*` cannot be a plain wildcard pattern: it becomes a regex.
    expect(sigmaTree("sel:\n    Title: 'a\\*b*c?'\ncondition: sel")).toEqual([leaf('Title', 'regex', ['^a\\*b.*c.$'])]);
  });
  it('mixed lists split by kind, or-ed, each kind in the rule\'s order', () => {
    expect(sigmaLines("sel:\n    Image:\n        - 'a.exe'\n        - '*\\b.exe'\n        - 'c.exe'\ncondition: sel")).toEqual([
      'Image in ["a.exe", "c.exe"] or Image endswith "\\\\b.exe"',
    ]);
  });
});

describe('sigma modifiers', () => {
  it('contains, startswith, endswith: several values mean any', () => {
    expect(sigmaTree("sel:\n    CommandLine|contains:\n        - ' -enc '\n        - ' -e '\n    Image|startswith: 'C:\\Windows\\'\n    ParentImage|endswith: '\\w3wp.exe'\ncondition: sel")).toEqual([
      leaf('CommandLine', 'contains', [' -enc ', ' -e ']),
      leaf('Image', 'startswith', ['C:\\Windows\\']),
      leaf('ParentImage', 'endswith', ['\\w3wp.exe']),
    ]);
  });
  it('all: every value must match', () => {
    expect(sigmaTree("sel:\n    CommandLine|contains|all:\n        - 'vssadmin'\n        - 'delete'\ncondition: sel")).toEqual([
      leaf('CommandLine', 'contains', ['vssadmin', 'delete'], { all: true }),
    ]);
    expect(sigmaLines("sel:\n    Tag|all:\n        - a\n        - b\ncondition: sel")).toEqual(['Tag eq "a"', 'Tag eq "b"']);
  });
  it('re is case-sensitive; i drops that, m and s become inline flags', () => {
    expect(sigmaTree("sel:\n    CommandLine|re: '\\s-e(nc)?\\s'\ncondition: sel")).toEqual([
      leaf('CommandLine', 'regex', ['\\s-e(nc)?\\s'], { caseSensitive: true }),
    ]);
    expect(sigmaTree("sel:\n    CommandLine|re|i: 'iex'\ncondition: sel")).toEqual([leaf('CommandLine', 'regex', ['iex'])]);
    expect(sigmaTree("sel:\n    Payload|re|m|s: '^a.b$'\ncondition: sel")).toEqual([
      leaf('Payload', 'regex', ['(?ms)^a.b$'], { caseSensitive: true }),
    ]);
  });
  it('cidr', () => {
    expect(sigmaTree("sel:\n    SourceIp|cidr:\n        - '10.0.0.0/8'\n        - 'fc00::/7'\ncondition: sel")).toEqual([
      leaf('SourceIp', 'cidr', ['10.0.0.0/8', 'fc00::/7']),
    ]);
  });
  it('base64 gives the encoded value; base64offset its three offsets (any of them)', () => {
    expect(sigmaTree("sel:\n    CommandLine|base64: 'http://'\ncondition: sel")).toEqual([leaf('CommandLine', 'eq', ['aHR0cDovLw=='])]);
    expect(sigmaTree("sel:\n    CommandLine|base64offset|contains: '/bin/bash'\ncondition: sel")).toEqual([
      leaf('CommandLine', 'contains', ['L2Jpbi9iYXNo', '9iaW4vYmFza', 'vYmluL2Jhc2']),
    ]);
  });
  it('utf16le / wide / utf16be / utf16 encode before base64', () => {
    const le = leaf('CommandLine', 'contains', ['YQBiAA==']);
    expect(sigmaTree("sel:\n    CommandLine|utf16le|base64|contains: 'ab'\ncondition: sel")).toEqual([le]);
    expect(sigmaTree("sel:\n    CommandLine|wide|base64|contains: 'ab'\ncondition: sel")).toEqual([le]);
    expect(sigmaTree("sel:\n    CommandLine|utf16be|base64|contains: 'ab'\ncondition: sel")).toEqual([leaf('CommandLine', 'contains', ['AGEAYg=='])]);
    expect(sigmaTree("sel:\n    CommandLine|utf16|base64|contains: 'ab'\ncondition: sel")).toEqual([leaf('CommandLine', 'contains', ['//5hAGIA'])]);
    expect(sigmaTree("sel:\n    Data|wide|contains: 'ab'\ncondition: sel")).toEqual([leaf('Data', 'contains', ['a\u0000b\u0000'])]);
  });
  it('all with base64offset: every value, each through any of its offsets', () => {
    expect(sigmaLines("sel:\n    CommandLine|base64offset|contains|all:\n        - 'ab'\n        - 'cd'\ncondition: sel")).toEqual([
      'CommandLine contains ["YW", "Fi", "hY"]',
      'CommandLine contains ["Y2", "Nk", "jZ"]',
    ]);
  });
  it('windash: the value as written, then every dash form of a leading - or /', () => {
    expect(sigmaTree("sel:\n    CommandLine|contains|windash: ' -f '\ncondition: sel")).toEqual([
      leaf('CommandLine', 'contains', [' -f ', ' /f ', ' \u2013f ', ' \u2014f ', ' \u2015f ']),
    ]);
    expect(sigmaTree("sel:\n    CommandLine|windash|contains: 'a-b'\ncondition: sel")).toEqual([leaf('CommandLine', 'contains', ['a-b'])]);
  });
  it('exists', () => {
    expect(sigmaLines('sel:\n    errorCode|exists: true\n    errorMessage|exists: false\ncondition: sel')).toEqual([
      'errorCode is_not_null',
      'errorMessage is_null',
    ]);
  });
  it('fieldref cannot be a filter: dropped, the logic partial with the comparison', () => {
    const logic = sigmaLogic("sel:\n    Image|fieldref: ParentImage\n    User: SYSTEM\ncondition: sel");
    expect(logic.status).toBe('partial');
    expect(logic.reasons).toEqual(['field comparison: Image = ParentImage']);
    expect(logic.conjuncts).toEqual([leaf('User', 'eq', ['SYSTEM'], { loc: { line: 7 } })]);
  });
  it('expand keeps the placeholder as written and marks the logic partial', () => {
    const logic = sigmaLogic("sel:\n    IpAddress|expand: '%dc_ip_addresses%'\ncondition: sel");
    expect(logic.status).toBe('partial');
    expect(logic.reasons).toEqual(['placeholder: %dc_ip_addresses%']);
    expect(sigmaLines("sel:\n    CommandLine|contains|expand: '%userdomain%'\ncondition: sel")).toEqual(['CommandLine contains "%userdomain%"']);
  });
  it('gt, gte, lt, lte', () => {
    expect(sigmaTree("sel:\n    a|gt: 1\n    b|gte: '2'\n    c|lt: 3.5\n    d|lte: 4\ncondition: sel")).toEqual([
      leaf('a', 'gt', [1]),
      leaf('b', 'gte', [2]),
      leaf('c', 'lt', [3.5]),
      leaf('d', 'lte', [4]),
    ]);
  });
  it('cased makes the comparison case-sensitive; plain Sigma is case-insensitive', () => {
    expect(sigmaTree("sel:\n    AppName|cased: 'Azure Portal'\n    Other: 'x'\ncondition: sel")).toEqual([
      leaf('AppName', 'eq', ['Azure Portal'], { caseSensitive: true }),
      leaf('Other', 'eq', ['x']),
    ]);
    expect(sigmaTree("sel:\n    Cmd|contains|cased: 'IEX'\ncondition: sel")).toEqual([leaf('Cmd', 'contains', ['IEX'], { caseSensitive: true })]);
  });
  it('neq and time-part modifiers', () => {
    expect(sigmaLines("sel:\n    Status|neq: '0x0'\ncondition: sel")).toEqual(['Status ne "0x0"']);
    const logic = sigmaLogic("sel:\n    Timestamp|hour: 3\ncondition: sel");
    expect(logic.reasons).toEqual(['time modifier: hour of Timestamp']);
  });
  it('an unknown modifier is reported and makes the logic partial', () => {
    const logic = sigmaLogic("sel:\n    Image|sounds_like: 'cmd'\ncondition: sel");
    expect(logic.status).toBe('partial');
    expect(logic.reasons).toEqual(['unknown modifier: sounds_like']);
    expect(logic.diagnostics[0]).toMatchObject({ code: 'sigma-modifier', line: 6 });
  });
});

describe('sigma selections', () => {
  it('a map: every field holds', () => {
    expect(sigmaLines("sel:\n    a: 1\n    b: 2\ncondition: sel")).toEqual(['a eq 1', 'b eq 2']);
  });
  it('a list of maps: any map holds', () => {
    expect(sigmaLines("sel:\n    - Image|endswith: '\\a.exe'\n    - OriginalFileName: 'a.exe'\n      Product: A\ncondition: sel")).toEqual([
      'Image endswith "\\\\a.exe" or (OriginalFileName eq "a.exe" and Product eq "A")',
    ]);
  });
  it('keyword lists, a single keyword and |all keywords', () => {
    expect(sigmaTree("keywords:\n    - 'Failed password'\n    - 'Invalid user'\ncondition: keywords")).toEqual([
      leaf('*', 'keyword', ['Failed password', 'Invalid user']),
    ]);
    expect(sigmaTree("keywords: 'rm -rf /'\ncondition: keywords")).toEqual([leaf('*', 'keyword', ['rm -rf /'])]);
    expect(sigmaTree("keywords:\n    '|all':\n        - 'sudo'\n        - 'chmod'\ncondition: keywords")).toEqual([
      leaf('*', 'keyword', ['sudo', 'chmod'], { all: true }),
    ]);
  });
  it('leaves carry the line of their field item', () => {
    const logic = sigmaLogic("sel:\n    a: 1\n    b: 2\ncondition: sel");
    expect(logic.conjuncts.map((c) => (c.type === 'leaf' ? c.loc?.line : undefined))).toEqual([6, 7]);
  });
});

describe('sigma conditions over selections', () => {
  const sels = 'selection_a:\n    a: 1\nselection_b:\n    b: 2\nfilter_x:\n    x: 3\nfilter_y:\n    y: 4\n_hidden:\n    h: 5\n';
  it('1 of selection_* is or, all of selection_* is and', () => {
    expect(sigmaLines(`${sels}condition: 1 of selection_*`)).toEqual(['a eq 1 or b eq 2']);
    expect(sigmaLines(`${sels}condition: all of selection_*`)).toEqual(['a eq 1', 'b eq 2']);
  });
  it('not 1 of filter_* is one exclusion conjunct', () => {
    expect(sigmaLines(`${sels}condition: all of selection_* and not 1 of filter_*`)).toEqual(['a eq 1', 'b eq 2', 'not (x eq 3 or y eq 4)']);
  });
  it('all of them / 1 of them skip selections starting with _', () => {
    expect(sigmaLines(`${sels}condition: all of them`)).toEqual(['a eq 1', 'b eq 2', 'x eq 3', 'y eq 4']);
    expect(sigmaLines(`${sels}condition: 1 of them`)).toEqual(['a eq 1 or b eq 2 or x eq 3 or y eq 4']);
  });
  it('parentheses, or, and not with precedence', () => {
    expect(sigmaLines(`${sels}condition: selection_a or selection_b and not filter_x`)).toEqual(['a eq 1 or (b eq 2 and not x eq 3)']);
    expect(sigmaLines(`${sels}condition: (selection_a or selection_b) and not (filter_x or filter_y)`)).toEqual([
      'a eq 1 or b eq 2',
      'not (x eq 3 or y eq 4)',
    ]);
  });
  it('a list of conditions (Sigma 1.x) is or', () => {
    expect(sigmaLines(`${sels}condition:\n    - selection_a\n    - selection_b`)).toEqual(['a eq 1 or b eq 2']);
  });
  it('an unknown selection is reported and makes the logic partial', () => {
    const logic = sigmaLogic(`${sels}condition: selection_a and not filter_z`);
    expect(logic.status).toBe('partial');
    expect(logic.reasons).toEqual(['unknown selection: filter_z']);
    expect(logic.conjuncts).toHaveLength(1);
  });
  it('a Sigma 1.x count() aggregation with its timeframe is the correlation (unsupported/.../win_susp_failed_hidden_share_mount)', () => {
    const logic = sigmaLogic(`${sels}timeframe: 5m\ncondition: selection_a | count() by b > 10`);
    expect(logic.status).toBe('full');
    expect(logic.correlation).toEqual({ kind: 'threshold', by: ['b'], window: '5m', condition: 'count > 10' });
    expect(sigmaLines(`${sels}timeframe: 5m\ncondition: selection_a | count() by b > 10`)).toEqual(['a eq 1']);
  });
  it('count(field) counts distinct values; sum() is an aggregation (net_dns_high_bytes_out)', () => {
    expect(sigmaLogic(`${sels}timeframe: 24h\ncondition: selection_a | count(TargetUserName) by IpAddress > 10`).correlation).toEqual({
      kind: 'distinct_count',
      by: ['IpAddress'],
      window: '24h',
      condition: 'distinct_count(TargetUserName) > 10',
    });
    expect(sigmaLogic(`${sels}condition: selection_a | sum(message_size) by src_ip > 300000`).correlation).toEqual({
      kind: 'aggregation',
      by: ['src_ip'],
      condition: 'sum(message_size) > 300000',
    });
  });
  it('near names selections that occur within the timeframe: one stage each, not for one that must not (image_load_mimikatz_inmemory_detection)', () => {
    const logic = sigmaLogic(`${sels}filter_z:\n    z: 9\ntimeframe: 30s\ncondition: selection_a | near selection_b and not filter_z`);
    expect(logic.status).toBe('full');
    expect(logic.stages?.map((s) => [s.name, s.role, renderConjuncts(s.conjuncts)])).toEqual([
      ['selection_a', undefined, ['a eq 1']],
      ['selection_b', undefined, ['b eq 2']],
      ['filter_z', 'missing', ['z eq 9']],
    ]);
    expect(logic.correlation).toEqual({ kind: 'temporal', by: [], window: '30s', ordered: false });
  });
  it('an aggregation the catalog cannot read, or a timeframe without one, stays a reason', () => {
    expect(sigmaLogic(`${sels}condition: selection_a | count() per b > 10`).reasons).toEqual(['aggregation: count() per b > 10']);
    expect(sigmaLogic(`${sels}timeframe: 5m\ncondition: selection_a`).reasons).toEqual(['timeframe: 5m']);
  });
});
