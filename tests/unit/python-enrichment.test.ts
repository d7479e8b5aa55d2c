/**
 * Golden tests on real Panther rules (panther-analysis excerpts, checked by hand against the source files) that read
 * the event's p_enrichment through helper classes (LookupTableMatches subclasses: TorExitNodes, IPInfoLocation),
 * through event.udm_path(), and through pycountry. The helper classes come from a fixture module written in the
 * same shape (tests/fixtures/panther/global_helpers/panther_enrichment_helpers.py).
 */

import { describe, expect, it } from 'vitest';
import { pantherRule, } from './panther-rule.ts';


const extract = (src: string, logTypes: string[], mocks?: Record<string, unknown>) => pantherRule(src, logTypes, { mocks });

// rules/axonius_rules/axonius_tor_login.py (TorExitNodes as the fixture's ExitNodes)
const TOR_LOGIN = `from panther_enrichment_helpers import ExitNodes


def rule(event):
    action = event.deep_get("event", "action", default="")
    status = event.deep_get("event", "params", "status", default="")
    if status == "successful" and action == "AuditAction.LoginFrom":
        return ExitNodes(event).has_exit_nodes()
    return False
`;

describe('helper classes that read p_enrichment', () => {
  const r = extract(TOR_LOGIN, ['Axonius.Activity']);
  const login = { event: { action: 'AuditAction.LoginFrom', params: { ip: '1.2.3.4', status: 'successful' } } };

  // ExitNodes also has a plain key lookup (ip_address), so the library lists it as a lookup-table class as well:
  // has_exit_nodes, which is not one, still reads through the class's own code.
  it('reads the object __init__ builds through super() as the table it registers', () => {
    expect(r.reasons).toEqual([]);
    expect(r.lines.join('\n')).toContain('p_enrichment.tor_exit_nodes');
  });

  it('decides the rule tests (Benign Login, TOR Successful Login, TOR Failed Login)', () => {
    expect(r.alerts(login)).toBe(false);
    expect(r.alerts({ ...login, p_enrichment: { tor_exit_nodes: true } })).toBe(true);
    expect(r.alerts({ event: { ...login.event, params: { status: 'fail' } }, p_enrichment: { tor_exit_nodes: true } })).toBe(false);
  });

  it('follows a method that reads a column of the matched row, and a getter that returns None without the table', () => {
    const country = extract(
      `from panther_enrichment_helpers import get_location


def rule(event):
    location = get_location(event)
    if not location:
        return False
    return location.country("client.ipAddress") == "RU"
`,
      ['Okta.SystemLog'],
    );
    expect(country.reasons).toEqual([]);
    const row = (c: string) => ({ p_enrichment: { ipinfo_location: { 'client.ipAddress': { country: c } } } });
    expect(country.alerts(row('RU'))).toBe(true);
    expect(country.alerts(row('CA'))).toBe(false);
    expect(country.alerts({})).toBe(false);
    // A list of matches (several values of the field matched) yields the column of each.
    expect(country.alerts({ p_enrichment: { ipinfo_location: { 'client.ipAddress': [{ country: 'RU' }] } } })).toBe(false);
  });
});

// rules/standard_rules/sign_in_from_rogue_state.py (get_country and is_rogue_state; the Demo.Audit data model maps
// source_ip to client.ip)
const ROGUE_STATE = `import pycountry

ROGUE_STATES = {"CN", "IR", "RU"}


def rule(event):
    if not event.udm("source_ip"):
        return False
    country = get_country(event)
    if country is None:
        return False
    return bool(is_rogue_state(country.alpha_2))


def get_country(event) -> str:
    location_data = event.deep_get("p_enrichment", "ipinfo_location", event.udm_path("source_ip"))
    if not location_data:
        return None
    return pycountry.countries.get(alpha_2=location_data.get("country").upper())


def is_rogue_state(country_code: str) -> bool:
    return country_code in ROGUE_STATES
`;

describe('udm_path and pycountry', () => {
  const signIn = (country: string) => ({ p_log_type: 'Demo.Audit', client: { ip: '1.1.1.1' }, p_enrichment: { ipinfo_location: { 'client.ip': { country } } } });

  it('reads the enrichment under the path the data model maps, and the country code pycountry finds', () => {
    const r = extract(ROGUE_STATE, ['Demo.Audit']);
    expect(r.reasons).toEqual([]);
    expect(r.lines.join('\n')).toContain('pycountry.countries.get(alpha_2=p_enrichment.ipinfo_location.client.ip.country');
    expect(JSON.stringify(r.conjuncts)).toContain('"fn":"country_code"');
    // Sign-In From Rogue State / Inconspicuous State / Country That Doesn't Exist / with no Enrichment Data
    expect(r.alerts(signIn('ru'))).toBe(true);
    expect(r.alerts(signIn('CA'))).toBe(false);
    expect(r.alerts(signIn('FAKE_COUNTRY'))).toBe(false);
    expect(r.alerts({ p_log_type: 'Demo.Audit', client: { ip: '1.1.1.1' } })).toBe(false);
  });

  it('with is_rogue_state mocked to True, alerts exactly where pycountry finds a country', () => {
    const r = extract(ROGUE_STATE, ['Demo.Audit'], { is_rogue_state: true });
    expect(r.alerts(signIn('CA'))).toBe(true);
    expect(r.alerts(signIn('FAKE_COUNTRY'))).toBe(false);
  });
});

// rules/notion_rules/notion_login_from_new_location.py (IPInfoLocation as the fixture's Location; caching helpers
// are mocked by the rule's tests with a JSON text)
const NEW_LOCATION = `import datetime
import json
import time

from panther_detection_helpers.caching import get_dictionary, put_dictionary
from panther_enrichment_helpers import Location

DEFAULT_CACHE_PERIOD = 2419200


def rule(event):
    if event.deep_walk("event", "type") != "user.login":
        return False
    if "ipinfo_location" not in event.get("p_enrichment", {}):
        return False
    global IPINFO_LOC
    IPINFO_LOC = Location(event)
    path_to_ip = "event.ip_address"
    city = IPINFO_LOC.city(path_to_ip) or ""
    region = IPINFO_LOC.region(path_to_ip) or ""
    country = IPINFO_LOC.country(path_to_ip) or ""
    loc_string = "_".join((city, region, country))
    user = event.deep_walk("event", "actor", "id")
    cache = get_dictionary(user) or {}
    if isinstance(cache, str):
        cache = json.loads(cache)
    new_cache = cache.copy()
    new_cache[loc_string] = time.time()
    put_dictionary(user, new_cache)
    if not cache:
        return False
    if is_recent_login(cache, loc_string, event.get("p_parse_time")):
        return False
    return True


def is_recent_login(cache: dict, loc_string: str, parse_time: str) -> bool:
    now = time.mktime(datetime.datetime.fromisoformat(parse_time[:23]).timetuple())
    return (
        loc_string in cache
        and cache[loc_string] > now - DEFAULT_CACHE_PERIOD
    )
`;

describe('a join of enrichment values looked up in a mocked cache, and a time in epoch seconds', () => {
  const login = (city: string, region: string, country: string, parsed = '2023-06-12 22:53:51.602223297') => ({
    event: { type: 'user.login', actor: { id: 'x' }, ip_address: '192.168.100.100' },
    p_enrichment: { ipinfo_location: { 'event.ip_address': { city, region, country } } },
    p_parse_time: parsed,
  });
  const mocked = (cache: string) => extract(NEW_LOCATION, ['Notion.AuditLogs'], { get_dictionary: cache, put_dictionary: false });

  it('compares "_".join((city, region, country)) with the cached key part by part, and the cached time with p_parse_time', () => {
    const r = mocked('{ "Minas Tirith_Pellenor_Gondor": 1686542031 }');
    expect(r.reasons).toEqual([]);
    const text = r.lines.join('\n');
    expect(text).toContain('p_enrichment.ipinfo_location.event.ip_address.region eq "Pellenor"');
    expect(text).toContain('datetime(p_parse_time[:23]) - 2419200 lt 1686542031');
    // Login from normal location / Login from different location
    expect(r.alerts(login('Minas Tirith', 'Pellenor', 'Gondor'))).toBe(false);
    expect(r.alerts(login('Barad-Dur', 'Mount Doom', 'Mordor'))).toBe(true);
    // Four weeks after the cached login the same place is new again.
    expect(r.alerts(login('Minas Tirith', 'Pellenor', 'Gondor', '2023-07-12 22:53:51'))).toBe(true);
  });

  it('splits a key whose parts hold the separator every way it can', () => {
    const r = mocked('{ "Minas_Tirith_Pellenor_Gondor": 1686542031 }');
    expect(r.alerts(login('Minas_Tirith', 'Pellenor', 'Gondor'))).toBe(false);
    expect(r.alerts(login('Minas', 'Tirith_Pellenor', 'Gondor'))).toBe(false);
    expect(r.alerts(login('Minas', 'Tirith', 'Pellenor_Gondor'))).toBe(false);
    expect(r.alerts(login('Minas', 'Tirith', 'Gondor'))).toBe(true);
  });

  it('never alerts on a first login (an empty cache)', () => {
    const r = mocked('');
    expect(r.condition).toBeUndefined();
    expect(r.noneReason).toBe('rule never matches');
  });
});
