/** SigmaHQ regression data: real events each rule must fire on, checked against the extracted trees. */
import { beforeAll, describe, expect, it } from 'vitest';
import { sourceCatalog } from './shared.ts';
import { evaluateConjuncts } from '../../src/lib/logic/evaluate.ts';
import type { Rule } from '../../src/lib/model.ts';
import { samplesView } from '../../src/lib/site/samples.ts';

describe.skipIf(!process.env.RULECAT_CORPUS)('sigma regression events on the real corpus', () => {
  let withCases: Rule[];

  beforeAll(() => {
    withCases = sourceCatalog('sigma').rules.filter((r) => r.logic?.regression);
  }, 600_000);

  it('reads the events of at least 150 rules, keyed by rule ID (renamed rules keep their data)', () => {
    expect(withCases.length).toBeGreaterThanOrEqual(150);
    // proc_creation_win_systemsettingsadminflows_defender_disable: its data sits under its old file name.
    expect(withCases.some((r) => r.upstreamId === 'da92713f-ca2d-4fab-8320-098013d3f43a')).toBe(true);
  });

  it('fires on at least 95% of the cases', () => {
    const cases = withCases.reduce((n, r) => n + r.logic!.regression!.cases, 0);
    const agree = withCases.reduce((n, r) => n + r.logic!.regression!.agree, 0);
    expect(agree / cases).toBeGreaterThanOrEqual(0.95);
  });

  it('does not fire on the events of unrelated rules (the check can fail)', () => {
    // Each rule's tree against the events of the rule 7 places further: different techniques, mostly no match.
    let fired = 0;
    withCases.forEach((r, i) => {
      const other = withCases[(i + 7) % withCases.length];
      if (other.tests.some((t) => (t.events ?? [t.log]).some((e) => evaluateConjuncts(r.logic!.conjuncts, e, { nullness: 'strict' })))) fired++;
    });
    expect(fired / withCases.length).toBeLessThan(0.2);
  });

  it('shows the WerFaultSecure EDR-Freeze event on its page, flattened as Sigma names the fields', () => {
    const r = withCases.find((x) => x.upstreamId === '8a2f4b1c-3d5e-4f7a-9b2c-1e4f6d8a9c2b')!;
    const view = samplesView(r)!;
    expect(view.origin).toBe('regression');
    expect(view.samples[0]).toMatchObject({ name: 'Positive Detection Test (8a2f4b1c-3d5e-4f7a-9b2c-1e4f6d8a9c2b.json)', expected: true, tree: true });
    const event = JSON.parse(view.samples[0].json);
    expect(event).toMatchObject({ EventID: 7, Image: 'C:\\Windows\\System32\\WerFaultSecure.exe', ImageLoaded: 'C:\\Windows\\System32\\dbgcore.dll', Provider_Name: 'Microsoft-Windows-Sysmon' });
  });
});
