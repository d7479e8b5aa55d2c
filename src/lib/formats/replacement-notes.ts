/**
 * Deprecation notes that name the rule replacing a retired one, in the words Elastic and Splunk use. Only what a
 * note states is read: a title in backquotes or after "Superseded by", an ID beside it; a note that says "other
 * rules" or "newer detections" names nothing.
 */
import type { RuleRelation } from '../model.ts';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

const replacedBy = (title: string | undefined, id?: string): RuleRelation => ({
  type: 'replaced-by',
  ...(id ? { id } : {}),
  ...(title ? { title: title.trim() } : {}),
});

function unique(relations: RuleRelation[]): RuleRelation[] {
  const seen = new Set<string>();
  return relations.filter((r) => {
    const key = r.id ?? r.title?.toLowerCase() ?? '';
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Elastic detection-rules `_deprecated/`: "deprecated in favor of `Title` (id)", "its addition to the umbrella
 * `Title` (id) rule", "should disable this rule and enable … instead:" followed by "* Title - id" lines, and
 * `deprecated_reason = "Superseded by Title, which …"`.
 */
export function elasticReplacements(texts: (string | undefined)[]): RuleRelation[] {
  const out: RuleRelation[] = [];
  for (const text of texts) {
    if (!text) continue;
    for (const m of text.matchAll(new RegExp(`(?:in favou?r of|umbrella)\\s+\`([^\`]+)\`\\s*\\((${UUID})\\)`, 'g'))) out.push(replacedBy(m[1], m[2]));
    for (const m of text.matchAll(/disable this rule and enable[^:\n]*instead:\s*\n((?:[ \t]*[*-][^\n]*\n?)+)/g)) {
      for (const line of m[1].matchAll(new RegExp(`^[ \\t]*[*-]\\s*(.+?)\\s+-\\s+(${UUID})\\s*$`, 'gm'))) out.push(replacedBy(line[1], line[2]));
    }
    // Capitalized: "superseded by newer, more targeted detections" names no rule.
    for (const m of text.matchAll(/\bSuperseded by ([A-Z][^,.\n]+)/g)) out.push(replacedBy(m[1]));
  }
  return unique(out);
}

/** Splunk `detections/deprecated/`: "deprecated and replaced with (this detection) `Title`", "deprecated and updated with Title detection". */
export function splunkReplacements(description: string | undefined): RuleRelation[] {
  if (!description) return [];
  const text = description.replace(/\s+/g, ' ');
  const out: RuleRelation[] = [];
  for (const m of text.matchAll(/deprecated and replaced with (?:this detection )?`([^`]+)`/gi)) out.push(replacedBy(m[1]));
  for (const m of text.matchAll(/deprecated and updated with ([A-Z][^.`]*?) detection\b/g)) out.push(replacedBy(m[1]));
  return unique(out);
}
