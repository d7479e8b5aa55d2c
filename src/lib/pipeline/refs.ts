/**
 * Cross-catalog lookups of extractors, deferred. An extractor running in a worker thread cannot see the catalog
 * (rule IDs are given after every file is read), so it gets a view that records each lookup as a marked string;
 * the main thread replaces the marks in `logic.relatedRules` and each stage's `rule` once the catalog exists. Extractors use a lookup
 * only as `corpus.findByUpstreamId(source, id)?.id ?? id`: the mark resolves to the rule's catalog ID, else to
 * the upstream ID, as the lookup would have. A mark left anywhere else is a bug and fails the build.
 */
import type { CorpusView } from '../formats/types.ts';
import type { Rule } from '../model.ts';

/** Invisible separators: never in a rule ID, and kept as they are by JSON.stringify (the leftover check). */
const SEP = '\u2063';
const MARK = `${SEP}rulecat-ref${SEP}`;

/** A view whose every lookup "finds" a mark naming what was looked up; `used` says whether it was called. */
export function recordingView(): { view: CorpusView; used: () => boolean } {
  let used = false;
  return {
    view: {
      findByUpstreamId: (source, id) => {
        used = true;
        const mark = `${MARK}${source}${SEP}${id}`;
        return { id: mark, title: mark };
      },
    },
    used: () => used,
  };
}

/** Replaces the marks of the rule's logic (its related rules, the rule each stage reads) with catalog IDs, or the
 * upstream ID when the catalog lacks it. */
export function resolveRefs(rule: Rule, view: CorpusView): void {
  const logic = rule.logic;
  if (!logic) return;
  const resolve = (ref: string): string => {
    if (!ref.startsWith(MARK)) return ref;
    const rest = ref.slice(MARK.length);
    const at = rest.indexOf(SEP);
    return view.findByUpstreamId(rest.slice(0, at), rest.slice(at + 1))?.id ?? rest.slice(at + 1);
  };
  if (logic.relatedRules) logic.relatedRules = logic.relatedRules.map(resolve);
  for (const stage of logic.stages ?? []) if (stage.rule) stage.rule = resolve(stage.rule);
  if (JSON.stringify(logic).includes(MARK)) {
    throw new Error(`${rule.id}: an extractor used a catalog lookup outside logic.relatedRules and stage.rule; see src/lib/pipeline/refs.ts`);
  }
}
