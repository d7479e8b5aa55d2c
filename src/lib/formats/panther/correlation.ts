/** Panther correlation detections (Group / Sequence of other rules' RuleIDs). */

function stringOf(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

/** RuleIDs a correlation detection combines (Group / Sequence entries). */
export function correlatedRuleIds(detection: unknown): string[] {
  const out: string[] = [];
  for (const d of Array.isArray(detection) ? detection : [detection]) {
    if (!d || typeof d !== 'object') continue;
    const record = d as Record<string, unknown>;
    for (const key of ['Group', 'Sequence']) {
      for (const member of Array.isArray(record[key]) ? (record[key] as unknown[]) : []) {
        const id = stringOf((member as Record<string, unknown>)?.RuleID);
        if (id && !out.includes(id)) out.push(id);
      }
    }
  }
  return out;
}
