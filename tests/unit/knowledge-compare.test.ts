import { describe, expect, it } from 'vitest';
import { tacticById, techniquesOfTactic } from '../../src/lib/attack/index.ts';
import { logPlatformScope, techniquesOfPlatforms } from '../../src/lib/knowledge/attack-scope.ts';
import { telemetryData } from '../../src/lib/knowledge/telemetry-data.ts';
import { describeSelection, parseSelection, selectedRules, selectionQuery, summarize, telemetryLayer } from '../../src/lib/knowledge/telemetry.ts';
import { compareVendors, topTechniquesOf } from '../../src/lib/knowledge/vendor-compare.ts';
import { VENDOR_ORDER, vendorLabel } from '../../src/lib/site/format.ts';
import { SERVICE_RULES } from '../fixtures/knowledge/service-rules.ts';

const CT = 'AWS CloudTrail';
const onPlatform = (p: string) => SERVICE_RULES.flatMap((r, i) => (r.logPlatform === p ? [i] : []));

describe('techniques at the matrix level', () => {
  it('counts sub-techniques and revoked IDs for today’s top-level technique', () => {
    expect(topTechniquesOf({ tactics: [], techniques: ['T1562.008'] })).toEqual(['T1685']);
    expect(topTechniquesOf({ tactics: [], techniques: ['T1685.002', 'T1685'] })).toEqual(['T1685']);
    expect(topTechniquesOf({ tactics: [], techniques: ['T1078.004', 'T1098'] })).toEqual(['T1078', 'T1098']);
    expect(topTechniquesOf({ tactics: [], techniques: ['T1064', 'T9999'] })).toEqual([]);
  });
});

describe('ATT&CK scope of a log platform', () => {
  it('maps log platforms to ATT&CK platforms and their active top-level techniques', () => {
    const scope = logPlatformScope(CT)!;
    expect(scope.attackPlatforms).toEqual(['IaaS']);
    const ids = scope.techniques.map((t) => t.id);
    expect(ids).toContain('T1685');
    expect(ids).toContain('T1078');
    expect(ids).not.toContain('T1003');
    expect(scope.techniques.every((t) => !t.parent && !t.revokedBy && !t.deprecated)).toBe(true);
    expect(logPlatformScope('Network Traffic')).toBeUndefined();
    expect(techniquesOfPlatforms(undefined)).toBeUndefined();
  });
});

describe('vendor comparison', () => {
  const c = compareVendors(SERVICE_RULES, onPlatform(CT), VENDOR_ORDER, logPlatformScope(CT)!.techniques);

  it('gives each vendor its techniques and the ones only it covers', () => {
    expect(c.rows.map((r) => [r.technique.id, [...r.vendors.keys()].sort()])).toEqual([
      ['T1098', ['sigma']],
      ['T1546', ['panther']],
      ['T1685', ['elastic', 'sentinel']],
    ]);
    const col = (v: string) => c.vendors.find((x) => x.vendor === v)!;
    expect(col('sigma')).toMatchObject({ techniques: 1, only: 1 });
    expect(col('elastic')).toMatchObject({ techniques: 1, only: 0 });
    expect(col('splunk')).toMatchObject({ rules: 2, mapped: 0, techniques: 0 });
    expect(c.onlyOne.map((r) => r.technique.id)).toEqual(['T1098', 'T1546']);
    expect(c.vendors.map((v) => v.vendor)).toEqual(VENDOR_ORDER.filter((v) => c.vendors.some((x) => x.vendor === v)));
  });

  it('lists the techniques of the scope no rule covers', () => {
    expect(c.scopeSize).toBe(logPlatformScope(CT)!.techniques.length);
    expect(c.uncovered!.length).toBe(c.scopeSize! - c.rows.filter((r) => logPlatformScope(CT)!.techniques.some((t) => t.id === r.technique.id)).length);
    expect(c.uncovered!.map((t) => t.id)).not.toContain('T1685');
  });

  it('compares a tactic over every rule', () => {
    const tactic = tacticById('TA0112')!;
    const all = compareVendors(SERVICE_RULES, SERVICE_RULES.keys(), VENDOR_ORDER, techniquesOfTactic(tactic));
    expect(all.rows.map((r) => r.technique.id)).toEqual(['T1685']);
    expect(all.uncovered!.some((t) => t.id === 'T1685')).toBe(false);
    expect(all.scopeSize).toBe(techniquesOfTactic(tactic).length);
  });
});

describe('my telemetry', () => {
  const data = telemetryData(SERVICE_RULES, VENDOR_ORDER, vendorLabel);
  const idx = (id: string) => data.techniques.findIndex((t) => t.id === id);

  it('writes every rule with its vendor, platform and today’s techniques, sub-techniques under their parent', () => {
    expect(data.rules.length).toBe(SERVICE_RULES.length);
    expect(data.platforms.map((p) => p.slug)).toEqual(['aws-cloudtrail', 'azure-activity', 'gcp-audit-logs', 'okta-system-log', 'windows-security-event-log', 'none']);
    expect(data.techniques[idx('T1078.004')].parent).toBe(idx('T1078'));
    const trailStopped = SERVICE_RULES.findIndex((r) => r.id === 'elastic/trail-stopped');
    expect(data.rules[trailStopped].slice(2).map((t) => data.techniques[t].id)).toEqual(['T1685.002']);
    expect(data.tactics.length).toBe(15);
  });

  it('keeps the choice in the URL and reads it back', () => {
    const sel = parseSelection('?platforms=aws-cloudtrail,okta-system-log,bogus&vendors=sigma', data);
    expect([...sel.platforms!]).toEqual(['aws-cloudtrail', 'okta-system-log']);
    expect(selectionQuery(sel, data)).toBe('?platforms=aws-cloudtrail,okta-system-log&vendors=sigma');
    expect(selectionQuery(parseSelection('', data), data)).toBe('');
    expect(parseSelection('?platforms=', data).platforms!.size).toBe(0);
    expect(describeSelection(sel, data)).toBe('AWS CloudTrail, Okta System Log · Sigma');
  });

  it('recounts rules and techniques for the chosen platforms and vendors', () => {
    const everything = summarize(data, {});
    expect(everything.rules).toBe(SERVICE_RULES.length);
    expect(everything.covered).toBe(4);
    const two = summarize(data, parseSelection('?platforms=aws-cloudtrail,okta-system-log', data));
    expect(two.rules).toBe(SERVICE_RULES.filter((r) => r.logPlatform === CT || r.logPlatform === 'Okta System Log').length);
    const oneVendor = summarize(data, parseSelection('?platforms=aws-cloudtrail&vendors=elastic', data));
    expect(oneVendor.covered).toBe(1);
    expect(oneVendor.counts[idx('T1685')]).toBe(1);
    expect(selectedRules(data, parseSelection('?vendors=', data))).toEqual([]);
  });

  it('builds a Navigator layer of the selection', () => {
    const sel = parseSelection('?platforms=aws-cloudtrail', data);
    const layer = telemetryLayer(data, sel);
    expect(layer.versions).toEqual({ attack: '19', navigator: '5.1.0', layer: '4.5' });
    expect(layer.techniques.map((t) => [t.techniqueID, t.score])).toEqual([
      ['T1098', 1],
      ['T1546', 1],
      ['T1685', 2],
      ['T1685.002', 2],
    ].sort((a, b) => data.techniques.findIndex((t) => t.id === a[0]) - data.techniques.findIndex((t) => t.id === b[0])));
    expect(layer.techniques.find((t) => t.techniqueID === 'T1685')!.showSubtechniques).toBe(true);
    expect(layer.metadata).toContainEqual({ name: 'selection', value: '?platforms=aws-cloudtrail' });
  });
});
