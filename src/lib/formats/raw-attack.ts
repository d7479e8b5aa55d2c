/**
 * ATT&CK IDs read from the raw text of a file that could not be parsed, per format, from the fields and tags the
 * format states them in: the page of a broken file still says which tactics and techniques its author meant.
 */
import type { FormatId } from '../definitions.ts';
import type { AttackMapping } from '../model.ts';

const TECHNIQUE = String.raw`T\d{4}(?:[./]\d{3})?`;

function all(text: string, re: RegExp, group = 1): string[] {
  return [...text.matchAll(re)].map((m) => m[group]);
}

/** Items of a YAML key's block or flow list (`key:\n  - a\n  - b` or `key: [a, b]`), as plain strings. */
function yamlList(text: string, key: string): string[] {
  const out: string[] = [];
  const block = new RegExp(String.raw`^([ \t]*)${key}:[ \t]*\r?\n((?:\1[ \t]*-[^\n]*\r?\n?)+)`, 'gm');
  for (const m of text.matchAll(block)) out.push(...all(m[2], /-[ \t]*['"]?([^'"\n#]+?)['"]?[ \t]*(?:#.*)?$/gm));
  const flow = new RegExp(String.raw`^[ \t]*${key}:[ \t]*\[([^\]\n]*)\]`, 'gm');
  for (const m of text.matchAll(flow)) out.push(...m[1].split(',').map((s) => s.trim().replace(/^['"]|['"]$/g, '')).filter(Boolean));
  return out;
}

const elasticThreats = (text: string): AttackMapping => ({
  tactics: all(text, /^\s*id\s*=\s*"(TA\d{4})"/gm),
  techniques: all(text, new RegExp(String.raw`^\s*id\s*=\s*"(${TECHNIQUE})"`, 'gm')),
});

const READERS: Record<FormatId, (text: string) => AttackMapping> = {
  // tags: attack.t1059.001, attack.execution
  sigma: (text) => {
    const tags = yamlList(text, 'tags').filter((t) => /^attack\./i.test(t));
    return {
      techniques: tags.filter((t) => new RegExp(`^attack\\.${TECHNIQUE}$`, 'i').test(t)).map((t) => t.slice(7)),
      tactics: tags.filter((t) => /^attack\.[a-z][a-z_-]+$/i.test(t)).map((t) => t.slice(7)),
    };
  },
  // [[rule.threat]] / [rule.threat.tactic] id = "TA0002" / [[rule.threat.technique]] id = "T1059"
  elastic: elasticThreats,
  'elastic-endpoint': elasticThreats,
  // Reports: MITRE ATT&CK: - TA0005:T1562.001
  panther: (text) => ({
    tactics: all(text, new RegExp(String.raw`\b(TA\d{4}):${TECHNIQUE}`, 'g')),
    techniques: all(text, new RegExp(String.raw`\bTA\d{4}:(${TECHNIQUE})`, 'g')),
  }),
  // tags: mitre_attack_id: - T1059.001
  splunk: (text) => ({ tactics: [], techniques: yamlList(text, 'mitre_attack_id').filter((t) => new RegExp(`^${TECHNIQUE}$`, 'i').test(t)) }),
  // tactics: - Persistence / relevantTechniques: - T1098
  sentinel: (text) => ({
    tactics: yamlList(text, 'tactics'),
    techniques: yamlList(text, 'relevantTechniques').filter((t) => new RegExp(`^${TECHNIQUE}$`, 'i').test(t)),
  }),
  // meta: mitre_attack_tactic = "Execution", technique = "T1059", mitre = "execution, t1086"
  chronicle: (text) => {
    const meta = all(text, /^\s*(?:mitre_attack_tactic|tactic|mitre_attack_technique(?:_id)?|technique|mitre)\s*=\s*"([^"]*)"/gim).flatMap((v) => v.split(','));
    const items = meta.map((s) => s.trim()).filter(Boolean);
    const isTechnique = (s: string) => new RegExp(`^${TECHNIQUE}$`, 'i').test(s);
    return { tactics: items.filter((s) => !isTechnique(s)), techniques: items.filter(isTechnique) };
  },
  // Sublime states its own taxonomy (attack_types, tactics_and_techniques), not ATT&CK IDs.
  sublime: () => ({ tactics: [], techniques: [] }),
};

/** The ATT&CK mapping a broken file states in its text (tactics still to be validated against ATT&CK). */
export function rawAttack(format: FormatId, text: string): AttackMapping {
  try {
    const found = READERS[format](text);
    return {
      tactics: [...new Set(found.tactics.map((t) => t.trim()))],
      techniques: [...new Set(found.techniques.map((t) => t.trim().toUpperCase().replace('/', '.')))],
    };
  } catch {
    return { tactics: [], techniques: [] };
  }
}
