/** ATT&CK read from broken files' raw text, and stated tactics checked against ATT&CK. */
import { describe, expect, it } from 'vitest';
import { partitionTactics } from '../../src/lib/attack/validate.ts';
import { createSourceContext } from '../../src/lib/catalog.ts';
import { chronicleFormat } from '../../src/lib/formats/chronicle.ts';
import { rawAttack } from '../../src/lib/formats/raw-attack.ts';
import { sigmaFormat } from '../../src/lib/formats/sigma.ts';

describe('stated tactics are checked against ATT&CK', () => {
  // chronicle soc_prime_rules/.../detect_crackmapexec_mimikatz_module_footprint_on_a_victim_machine.yaral
  const text = `rule detect_crackmapexec_mimikatz_module_footprint_on_a_victim_machine {
 meta:
    author = "Joseph Kamau"
    mitre = "credential_dumping, t1003, powershell, t1086"

  events:
    re.regex($selection.target.process.file.full_path, \`.*\\\\powershell\\.exe\`)

  condition:
    $selection
}
`;
  const source = createSourceContext('chronicle-detection-rules', '/nonexistent');
  const [draft] = chronicleFormat.parseFile('rules/x.yaral', text, source).rules;

  it('keeps technique IDs and leaves words that are no tactic out (powershell, credential_dumping)', () => {
    expect(draft.attack.techniques).toEqual(['T1003', 'T1086']);
    expect(partitionTactics(draft.attack.tactics)).toEqual({ known: [], unknown: ['credential_dumping', 'powershell'], corrected: [] });
  });

  it('recognises tactics by ID, shortname and name as rules write them', () => {
    expect(partitionTactics(['TA0005', 'defense-evasion', 'Credential Access', 'CredentialAccess', 'command_and_control', 's0111']).unknown).toEqual(['s0111']);
  });
});

describe('a file that cannot be parsed still names its ATT&CK mapping', () => {
  it('sigma: reads attack.* tags from the raw text', () => {
    const broken = `title: Broken\ntags:\n    - attack.execution\n    - attack.t1059.001\n    - attack.g0016\ndetection:\n  selection: [unclosed\n`;
    const [draft] = sigmaFormat.parseFile('rules/broken.yml', broken, createSourceContext('sigma', '/nonexistent')).rules;
    expect(draft.parseError).toBeDefined();
    // attack.g0016 names a group, neither a tactic nor a technique.
    expect(draft.attack).toEqual({ tactics: ['execution'], techniques: ['T1059.001'] });
  });

  it('elastic, panther, splunk and sentinel: their own ATT&CK fields', () => {
    expect(rawAttack('elastic', '[[rule.threat]]\nframework = "MITRE ATT&CK"\n[[rule.threat.technique]]\nid = "T1059"\n[rule.threat.tactic]\nid = "TA0002"\n')).toEqual({
      tactics: ['TA0002'],
      techniques: ['T1059'],
    });
    expect(rawAttack('panther', 'Reports:\n  MITRE ATT&CK:\n    - TA0005:T1562.001\n')).toEqual({ tactics: ['TA0005'], techniques: ['T1562.001'] });
    expect(rawAttack('splunk', 'tags:\n  mitre_attack_id:\n  - T1078\n  - T1110.004\n')).toEqual({ tactics: [], techniques: ['T1078', 'T1110.004'] });
    expect(rawAttack('sentinel', 'tactics:\n  - Impact\nrelevantTechniques:\n  - T1496\nquery: |\n  x | where\n')).toEqual({ tactics: ['Impact'], techniques: ['T1496'] });
  });
});

describe('tactics misspelled upstream', () => {
  it('reads a word one letter away from a tactic as that tactic, and says so', () => {
    const p = partitionTactics(['CredentialAccesss', 'Persistance', 'Execution', 'powershell', 'Exfil']);
    expect(p.known).toEqual(['Credential Access', 'Persistence', 'Execution']);
    expect(p.corrected).toEqual([
      { stated: 'CredentialAccesss', read: 'Credential Access' },
      { stated: 'Persistance', read: 'Persistence' },
    ]);
    expect(p.unknown).toEqual(['powershell', 'Exfil']);
  });
});
