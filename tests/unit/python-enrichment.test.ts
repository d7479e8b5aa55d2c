/**
 * Golden tests on real Panther rules (panther-analysis excerpts, checked by hand against the source files) that read
 * the event's p_enrichment through helper classes (LookupTableMatches subclasses: TorExitNodes, IPInfoLocation),
 * through event.udm_path(), and through pycountry. The helper classes come from a fixture module written in the
 * same shape (tests/fixtures/panther/global_helpers/panther_enrichment_helpers.py).
 */
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { extractPython } from '../../src/lib/languages/python/extract.ts';
import { pantherLibrary } from '../../src/lib/formats/panther/python-library.ts';
import { renderConjuncts } from '../../src/lib/logic/render.ts';
import { decideConjuncts } from '../../src/lib/logic/evaluate.ts';
import { conjunctsOf } from '../../src/lib/logic/tree.ts';

const root = fileURLToPath(new URL('../fixtures/panther', import.meta.url));
const PY = { nullness: 'python' as const, caseInsensitiveKeys: true, parseJsonStrings: true };

function extract(src: string, logTypes: string[], mocks?: Record<string, unknown>) {
  const r = extractPython(src, 'rule.py', pantherLibrary(root, new Map()), logTypes, undefined, mocks);
  const conjuncts = conjunctsOf(r.condition);
  return { ...r, conjuncts, lines: renderConjuncts(conjuncts), alerts: (event: unknown) => decideConjuncts(conjuncts, event, PY) };
}

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
