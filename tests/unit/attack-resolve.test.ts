import { describe, expect, it } from 'vitest';
import {
  ATTACK_VERSION,
  TACTICS,
  coverageRows,
  resolveTactic,
  resolveTechnique,
  revokedInto,
  subTechniquesOf,
  techniqueById,
  techniquesOfTactic,
} from '../../src/lib/attack/index.ts';

describe('ATT&CK data', () => {
  it('is v19.1 with 15 tactics in matrix order', () => {
    expect(ATTACK_VERSION).toBe('19.1');
    expect(TACTICS).toHaveLength(15);
    expect(TACTICS[0].id).toBe('TA0043');
    const ids = TACTICS.map((t) => t.id);
    expect(ids.indexOf('TA0005')).toBe(ids.indexOf('TA0112') - 1);
  });

  it('keeps revoked and deprecated techniques with their replacement', () => {
    expect(techniqueById('T1562')).toMatchObject({ name: 'Impair Defenses', revokedBy: 'T1685' });
    expect(techniqueById('T1562.008')?.revokedBy).toBe('T1685.002');
    expect(techniqueById('T1053.004')?.deprecated).toBe(true);
    expect(revokedInto('T1685').map((t) => t.id)).toEqual(expect.arrayContaining(['T1562', 'T1562.001', 'T1562.006']));
    expect(subTechniquesOf('T1685').map((t) => t.id)).toContain('T1685.002');
  });
});

describe('resolveTactic', () => {
  it.each([
    ['TA0005', 'TA0005'],
    ['ta0005', 'TA0005'],
    ['defense-evasion', 'TA0005'],
    ['Defense Evasion', 'TA0005'],
    ['DefenseEvasion', 'TA0005'],
    ['stealth', 'TA0005'],
    ['attack.stealth', 'TA0005'],
    ['defense-impairment', 'TA0112'],
    ['Command and Control', 'TA0011'],
    ['CommandAndControl', 'TA0011'],
    ['command_and_control', 'TA0011'],
    ['Initial Access', 'TA0001'],
  ])('%s -> %s', (stated, id) => {
    expect(resolveTactic(stated)?.id).toBe(id);
  });

  it('returns undefined for unknown tactics', () => {
    expect(resolveTactic('PreAttack')).toBeUndefined();
  });
});

describe('resolveTechnique', () => {
  it('follows revoked-by to the v19 technique', () => {
    const r = resolveTechnique('t1562');
    expect(r.stated).toBe('T1562');
    expect(r.technique?.name).toBe('Impair Defenses');
    expect(r.current?.id).toBe('T1685');
  });

  it('keeps an active technique as its own current', () => {
    expect(resolveTechnique('T1526').current?.name).toBe('Cloud Service Discovery');
  });

  it('normalizes T1562/001 notation', () => {
    expect(resolveTechnique('T1562/001').current?.id).toBe('T1685');
  });

  it('leaves IDs outside Enterprise unresolved', () => {
    expect(resolveTechnique('T1471')).toEqual({ stated: 'T1471', technique: undefined, current: undefined });
  });
});

describe('coverageRows', () => {
  it('places a v18 technique under the stated tactic (Panther TA0005:T1562)', () => {
    const rows = coverageRows({ tactics: ['TA0005'], techniques: ['T1562'] });
    expect(rows).toHaveLength(1);
    expect(rows[0].tactic.name).toBe('Stealth');
    expect(rows[0].techniques.map((t) => t.stated)).toEqual(['T1562']);
  });

  it('derives tactics from techniques when the rule states none (Splunk)', () => {
    const rows = coverageRows({ tactics: [], techniques: ['T1526', 'T1562.008'] });
    expect(rows.map((r) => r.tactic.name)).toEqual(['Defense Impairment', 'Discovery']);
    expect(rows[0].techniques[0].current?.id).toBe('T1685.002');
  });

  it('keeps a stated tactic without techniques and unknown tactics as text', () => {
    const rows = coverageRows({ tactics: ['Persistence', 'Mystery'], techniques: [] });
    expect(rows.map((r) => r.tactic.name)).toEqual(['Persistence', 'Mystery']);
  });

  it('orders rows in matrix order', () => {
    const rows = coverageRows({ tactics: ['discovery', 'initial-access'], techniques: ['T1078'] });
    expect(rows[0].tactic.id).toBe('TA0001');
  });
});

describe('techniquesOfTactic', () => {
  it('lists active top-level techniques only', () => {
    const stealth = TACTICS.find((t) => t.id === 'TA0005')!;
    const list = techniquesOfTactic(stealth);
    expect(list.every((t) => !t.parent && !t.revokedBy)).toBe(true);
    expect(list.map((t) => t.id)).toContain('T1027');
    expect(list.map((t) => t.id)).not.toContain('T1562');
  });
});
