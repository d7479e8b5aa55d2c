/**
 * Reading a Chronicle rule's meta: section (plus the ATT&CK outcome variables some rules repeat it in).
 * Keys vary by author: community rules use mitre_attack_tactic / mitre_attack_technique(_id) / mitre_attack_url
 * or tactic / technique; SOC Prime rules `mitre = "execution, t1059"`; older Google rules only a reference URL.
 */
import type { AttackMapping } from '../../model.ts';
import type { Expr, YaralRule } from '../../languages/yaral/ast.ts';

export type Meta = Map<string, string>;

/** Meta entries by lower-cased key (first occurrence wins), values as strings. */
export function metaOf(rule: YaralRule): Meta {
  const meta: Meta = new Map();
  for (const e of rule.meta) {
    const key = e.key.toLowerCase();
    if (!meta.has(key)) meta.set(key, String(e.value).trim());
  }
  return meta;
}

/** Comma-separated meta values, trimmed, empty items dropped. */
export function listOf(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

const TECHNIQUE_ID = /^T\d{4}(?:\.\d{3})?$/i;
const TACTIC_ID = /^TA\d{4}$/i;

/** attack.mitre.org/techniques/T1037/001/ → T1037.001; /tactics/TA0005 → TA0005. */
function idsFromUrls(text: string): { techniques: string[]; tactics: string[] } {
  const techniques: string[] = [];
  const tactics: string[] = [];
  for (const m of text.matchAll(/attack\.mitre\.org\/techniques\/(T\d{4})(?:[/.](\d{3}))?/gi)) {
    techniques.push((m[2] ? `${m[1]}.${m[2]}` : m[1]).toUpperCase());
  }
  for (const m of text.matchAll(/attack\.mitre\.org\/tactics\/(TA\d{4})/gi)) tactics.push(m[1].toUpperCase());
  return { techniques, tactics };
}

/** String outcome assignments such as `$mitre_attack_technique_id = "T1580"`. */
function outcomeStrings(rule: YaralRule): Map<string, string> {
  const out = new Map<string, string>();
  for (const o of rule.outcome) {
    const e: Expr = o.expr;
    if (e.type === 'string') out.set(o.name.toLowerCase(), e.value);
  }
  return out;
}

export function attackOf(rule: YaralRule, meta: Meta): AttackMapping {
  const tactics: string[] = [];
  const techniques: string[] = [];
  const addTechnique = (s: string) => {
    if (TECHNIQUE_ID.test(s)) techniques.push(s.toUpperCase());
  };
  const addTactic = (s: string) => {
    if (s) tactics.push(TACTIC_ID.test(s) ? s.toUpperCase() : s);
  };
  const outcome = outcomeStrings(rule);
  const tacticText = meta.get('mitre_attack_tactic') ?? meta.get('tactic') ?? outcome.get('mitre_attack_tactic');
  listOf(tacticText).forEach(addTactic);
  for (const key of ['technique', 'mitre_attack_technique_id', 'mitre_attack_technique']) listOf(meta.get(key)).forEach(addTechnique);
  listOf(outcome.get('mitre_attack_technique_id')).forEach(addTechnique);
  // SOC Prime: "execution, t1059" mixes tactic names and technique IDs.
  for (const item of listOf(meta.get('mitre'))) {
    if (TECHNIQUE_ID.test(item)) addTechnique(item);
    else addTactic(item);
  }
  const urls = ['mitre_attack_url', 'reference', 'references', 'reference1', 'reference2'].map((k) => meta.get(k) ?? '').join(' ');
  const fromUrls = idsFromUrls(urls);
  fromUrls.techniques.forEach(addTechnique);
  fromUrls.tactics.forEach(addTactic);
  return { tactics: [...new Set(tactics)], techniques: [...new Set(techniques)] };
}

/** URLs from the reference keys; a reference that is not a URL is kept as written. */
export function referencesOf(meta: Meta): string[] {
  const out: string[] = [];
  for (const key of ['reference', 'references', 'reference1', 'reference2', 'mitre_attack_url']) {
    const value = meta.get(key);
    if (!value) continue;
    const urls = value.match(/https?:\/\/[^\s,;"'<>]+/g);
    out.push(...(urls ?? [value]));
  }
  return [...new Set(out)];
}

const ACRONYMS = new Set(['aws', 'gcp', 'gce', 'gke', 'iam', 'mfa', 'ad', 'dns', 'ip', 'os', 'ms', 'o365', 'api', 'ssh', 'rdp', 'smb', 'vpn', 'kms', 'sso', 'url', 'uac', 'wmi', 'lsass', 'ntds', 'vt', 'ioc', 'ec2', 's3', 'rds', 'apt', 'c2', 'dll', 'exe', 'http', 'https', 'sql', 'ttp', 'adfs', 'scc', 'mitre']);

/** `gcp_excessive_permission_denied_events` → "GCP Excessive Permission Denied Events". */
export function readableName(name: string): string {
  if (/\s/.test(name)) return name;
  return name
    .split(/_+/)
    .filter(Boolean)
    .map((w) => {
      const lower = w.toLowerCase();
      if (ACRONYMS.has(lower)) return lower === 'o365' ? 'O365' : lower.toUpperCase();
      if (w !== lower) return w; // keep the author's own casing: PowerShell, T1110, SharpHound
      return w[0].toUpperCase() + w.slice(1);
    })
    .join(' ');
}

/** `2017/03/19` → `2017-03-19`; other forms as written. */
export function dateOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const m = value.match(/^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})$/);
  return m ? `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}` : value;
}
