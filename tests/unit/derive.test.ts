/** Derivations: computed values the evaluator can run, and their published form. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DERIVE_FNS, NO_VALUE, derive } from '../../src/lib/logic/derive.ts';
import { decide } from '../../src/lib/logic/evaluate.ts';
import { conditionJson } from '../../src/lib/logic/json.ts';
import { leaf } from '../../src/lib/logic/tree.ts';
import type { Leaf, Scope } from '../../src/lib/logic/types.ts';

describe('derive steps', () => {
  it('runs string, list and object steps in order', () => {
    expect(derive('a/b/C', [{ fn: 'split', args: ['/'] }, { fn: 'index', args: [-1] }, { fn: 'lower' }])).toBe('c');
    expect(derive('  x y  ', [{ fn: 'split' }])).toEqual(['x', 'y']);
    expect(derive({ a: 1, b: 2 }, [{ fn: 'keys' }, { fn: 'length' }])).toBe(2);
    expect(derive({ StringEquals: { k: 'v' } }, [{ fn: 'entries' }])).toEqual([{ key: 'StringEquals', value: { k: 'v' } }]);
    expect(derive(['a'], [{ fn: 'entries' }])).toBe(NO_VALUE);
    expect(derive('abcdef', [{ fn: 'slice', args: [1, -1] }])).toBe('bcde');
    expect(derive('d2hvYW1p', [{ fn: 'base64_decode' }])).toBe('whoami');
    expect(derive('{"k":[1]}', [{ fn: 'json_parse' }, { fn: 'get', args: ['k'] }, { fn: 'type' }])).toBe('list');
    expect(derive('user=alice;x', [{ fn: 'capture', args: ['user=(?P<u>\\w+)', 'u'] }])).toBe('alice');
  });

  it('gives no value where the language would fail, and types what is there', () => {
    expect(derive(null, [{ fn: 'lower' }])).toBe(NO_VALUE);
    expect(derive(['a'], [{ fn: 'index', args: [3] }])).toBe(NO_VALUE);
    expect(derive(null, [{ fn: 'type' }])).toBe('null');
    expect(derive('no match', [{ fn: 'capture', args: ['user=(\\w+)', 1] }])).toBe(NO_VALUE);
    // Leading inline flags as Python reads them (re.IGNORECASE compiled into the pattern as (?i)); group 0 is the match.
    expect(derive('ROLE changed from A to Admin', [{ fn: 'capture', args: ['(?i)^(?:role changed from (?P<old>.+) to (?P<new>.+))', 'new'] }])).toBe('Admin');
    expect(derive('Role changed from A to B', [{ fn: 'capture', args: ['(?i)(?s)^role', 0] }])).toBe('Role');
    expect(derive('Role changed', [{ fn: 'capture', args: ['^role', 0] }])).toBe(NO_VALUE);
  });

  it('reads IP addresses as Python ipaddress does', () => {
    expect(derive('10.1.2.3', [{ fn: 'ip_is_private' }])).toBe(true);
    // ipaddress's is_loopback: 127.0.0.0/8 and ::1 only (a private address is not a loopback one).
    expect(derive('127.0.0.1', [{ fn: 'ip_is_loopback' }])).toBe(true);
    expect(derive('127.255.0.9', [{ fn: 'ip_is_loopback' }])).toBe(true);
    expect(derive('::1', [{ fn: 'ip_is_loopback' }])).toBe(true);
    expect(derive('10.0.0.1', [{ fn: 'ip_is_loopback' }])).toBe(false);
    expect(derive('127.0.0.0/8', [{ fn: 'ip_is_loopback', args: ['network'] }])).toBe(true);
    expect(derive('not an ip', [{ fn: 'ip_is_loopback' }])).toBe(NO_VALUE);
    expect(derive('8.8.8.8', [{ fn: 'ip_is_global' }])).toBe(true);
    expect(derive('100.64.0.1', [{ fn: 'ip_is_global' }])).toBe(false);
    expect(derive('100.64.0.1', [{ fn: 'ip_is_private' }])).toBe(false);
    expect(derive('fd00::1', [{ fn: 'ip_is_private' }])).toBe(true);
    expect(derive('not an ip', [{ fn: 'ip_is_private' }])).toBe(NO_VALUE);
    // Documentation and benchmark ranges are private to ipaddress, not only RFC 1918.
    expect(derive('203.0.113.7', [{ fn: 'ip_is_global' }])).toBe(false);
    expect(derive('2001:db8::1', [{ fn: 'ip_is_private' }])).toBe(true);
    expect(derive('2606:4700::1111', [{ fn: 'ip_is_global' }])).toBe(true);
    expect(derive('::ffff:10.0.0.1', [{ fn: 'ip_is_private' }])).toBe(true);
  });

  it('reads networks as ip_network does, and only with the "network" argument', () => {
    const net = (fn: 'ip_is_private' | 'ip_is_global', v: string) => derive(v, [{ fn, args: ['network'] }]);
    expect(net('ip_is_private', '10.0.0.0/8')).toBe(true);
    expect(net('ip_is_global', '1.0.0.0/32')).toBe(true);
    expect(net('ip_is_global', '0.0.0.0/32')).toBe(false);
    // First and last address both private: ipaddress calls the whole IPv4 space private.
    expect(net('ip_is_private', '0.0.0.0/0')).toBe(true);
    expect(net('ip_is_private', '52.0.0.0/8')).toBe(false);
    expect(net('ip_is_private', 'fc00::/7')).toBe(true);
    // Host bits set: ip_network raises; an address alone does not take a prefix.
    expect(net('ip_is_private', '10.0.0.1/8')).toBe(NO_VALUE);
    expect(derive('10.0.0.0/8', [{ fn: 'ip_is_private' }])).toBe(NO_VALUE);
  });

  it('reads points in time and their age (dates far from any build day, as the rules\' own tests pick them)', () => {
    expect(derive('2000-01-01T00:00:00Z', [{ fn: 'timestamp' }])).toBe(946684800);
    expect(derive('2000-01-01 00:00:00', [{ fn: 'timestamp' }])).toBe(946684800);
    expect(derive('N/A', [{ fn: 'timestamp' }])).toBe(NO_VALUE);
    expect(derive('2000-01-01T00:00:00Z', [{ fn: 'timestamp' }, { fn: 'age' }]) as number).toBeGreaterThan(90 * 86400);
    expect(derive('3000-01-01T00:00:00Z', [{ fn: 'timestamp' }, { fn: 'age' }]) as number).toBeLessThan(0);
  });

  it('strips either end, replaces and formats text as Python rstrip/lstrip/replace and f-strings do', () => {
    expect(derive('pool.example..', [{ fn: 'trim_end', args: ['.'] }])).toBe('pool.example');
    expect(derive('..a.', [{ fn: 'trim_start', args: ['.'] }])).toBe('a.');
    expect(derive(' \ta \n', [{ fn: 'trim_end' }])).toBe(' \ta');
    expect(derive(' \ta \n', [{ fn: 'trim_start' }])).toBe('a \n');
    expect(derive('C:/Tools/x.EXE', [{ fn: 'lower' }, { fn: 'replace', args: ['/', '\\'] }, { fn: 'split', args: ['\\'] }, { fn: 'index', args: [-1] }])).toBe('x.exe');
    // Python's "ab".replace("", "-") inserts everywhere; no language-neutral reading of it is kept.
    expect(derive('ab', [{ fn: 'replace', args: ['', '-'] }])).toBe(NO_VALUE);
    expect(derive('bob', [{ fn: 'concat', args: ['user/', ''] }])).toBe('user/bob');
    expect(derive(7, [{ fn: 'concat', args: ['#', '!'] }])).toBe('#7!');
    expect(derive(true, [{ fn: 'concat', args: ['', ''] }])).toBe('True');
    expect(derive(null, [{ fn: 'trim_end' }])).toBe(NO_VALUE);
  });

  it('says whether ipaddress would read the text at all (missing and null are not addresses)', () => {
    expect(derive('52.1.2.3', [{ fn: 'ip_valid' }])).toBe(true);
    expect(derive('AWS Internal', [{ fn: 'ip_valid' }])).toBe(false);
    expect(derive(null, [{ fn: 'ip_valid' }])).toBe(false);
    expect(derive(NO_VALUE, [{ fn: 'ip_valid' }])).toBe(false);
    expect(derive('10.0.0.0/8', [{ fn: 'ip_valid', args: ['network'] }])).toBe(true);
  });

  it('finds ISO 3166 country codes in any case, as pycountry.countries.get(alpha_2=...)', () => {
    expect(derive('ru', [{ fn: 'country_code' }])).toBe('RU');
    expect(derive('GB', [{ fn: 'country_code' }])).toBe('GB');
    // UK is reserved, not assigned; FAKE_COUNTRY and the empty text name no country.
    expect(derive('UK', [{ fn: 'country_code' }])).toBe(NO_VALUE);
    expect(derive('FAKE_COUNTRY', [{ fn: 'country_code' }])).toBe(NO_VALUE);
    expect(derive('', [{ fn: 'country_code' }])).toBe(NO_VALUE);
    expect(derive(null, [{ fn: 'country_code' }])).toBe(NO_VALUE);
  });

  it('adds seconds to a time in epoch seconds', () => {
    expect(derive('2023-06-12 22:53:51.602', [{ fn: 'timestamp' }, { fn: 'add', args: [-2419200] }])).toBeCloseTo(1686610431.602 - 2419200, 3);
    expect(derive('not a time', [{ fn: 'timestamp' }, { fn: 'add', args: [1] }])).toBe(NO_VALUE);
  });

  it('compares networks as ipaddress does, whatever their spelling', () => {
    expect(derive('0::/0', [{ fn: 'ip_same_network', args: ['::/0'] }])).toBe(true);
    expect(derive('::1/128', [{ fn: 'ip_same_network', args: ['::/0'] }])).toBe(false);
    expect(derive('0.0.0.0/0', [{ fn: 'ip_same_network', args: ['::/0'] }])).toBe(false);
    expect(derive('not a network', [{ fn: 'ip_same_network', args: ['::/0'] }])).toBe(NO_VALUE);
  });
});

describe('computed leaves with a derivation are decided', () => {
  // Python: event.get("path", "").split("/")[-1].lower() == "id_rsa"
  const lastPart: Leaf = {
    ...leaf('event.get("path", "").split("/")[-1].lower()', 'eq', ['id_rsa']),
    computed: ['split', 'lower'],
    derive: { from: 'path', default: '', steps: [{ fn: 'split', args: ['/'] }, { fn: 'index', args: [-1] }, { fn: 'lower' }] },
  };

  it('computes the value instead of leaving the verdict undecided', () => {
    expect(decide(lastPart, { path: '/home/u/.ssh/ID_RSA' })).toBe(true);
    expect(decide(lastPart, { path: '/home/u/.ssh/known_hosts' })).toBe(false);
    expect(decide(lastPart, {})).toBe(false);
    const { derive: _, ...stated } = lastPart;
    expect(decide(stated, { path: '/x/id_rsa' })).toBeUndefined();
  });

  it('spreads a derived list for comparisons but keeps it whole for null tests', () => {
    const parts: Leaf = { ...leaf('tags.split(",")', 'eq', ['prod']), computed: ['split'], derive: { from: 'tags', steps: [{ fn: 'split', args: [','] }] } };
    expect(decide(parts, { tags: 'dev,prod' })).toBe(true);
    // A Python truth test (match empty): an empty list of keys is falsy.
    const empty: Leaf = { ...leaf('x or []', 'is_null', [], { match: 'empty' }), computed: ['or'], derive: { from: 'x', default: null, steps: [{ fn: 'keys' }] } };
    expect(decide(empty, { x: {} }, { nullness: 'python' })).toBe(true);
    expect(decide(empty, { x: { a: 1 } }, { nullness: 'python' })).toBe(false);
  });

  it('runs a scope over a derived list', () => {
    const anyToken: Scope = {
      type: 'scope',
      quantifier: 'any',
      field: 'cmd.split()',
      computed: ['split'],
      derive: { from: 'cmd', steps: [{ fn: 'split' }] },
      child: leaf('', 'startswith', ['-enc']),
    };
    expect(decide(anyToken, { cmd: 'powershell -enc AAA' })).toBe(true);
    expect(decide(anyToken, { cmd: 'powershell -c x' })).toBe(false);
  });

  it('publishes the derivation, with the steps the schema allows', () => {
    expect(conditionJson(lastPart)).toMatchObject({ computed: ['split', 'lower'], derive: lastPart.derive });
    const schema = JSON.parse(readFileSync('schemas/rule-logic.schema.json', 'utf8'));
    expect(schema.$defs.derive.properties.steps.items.properties.fn.enum).toEqual([...DERIVE_FNS]);
  });
});
