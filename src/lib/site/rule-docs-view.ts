/**
 * The documentation sections of a rule page, in reading order, each with its anchor: what the rule file says
 * beyond its logic (RuleDraft.docs). Markdown is rendered and sanitized here; plain texts stay text.
 */
import type { Rule } from '../model.ts';
import { renderMarkdown } from './markdown.ts';

export type DocSection =
  | { id: string; title: string; kind: 'list'; items: string[] }
  | { id: string; title: string; kind: 'text'; text: string }
  | { id: string; title: string; kind: 'html'; html: string }
  | { id: string; title: string; kind: 'groups'; groups: { label: string; items: string[] }[] };

/** The Markdown texts docSections() renders (the build renders them ahead, in worker threads). */
export function docMarkdown(rule: Pick<Rule, 'docs'>): string[] {
  return [rule.docs?.setup, rule.docs?.investigationGuide].filter((t): t is string => !!t);
}

/** `markdownCache`: the folder of rendered Markdown (see markdown.ts); none renders every time. */
export function docSections(rule: Pick<Rule, 'docs'>, markdownCache?: string): DocSection[] {
  const docs = rule.docs;
  if (!docs) return [];
  const out: DocSection[] = [];
  if (docs.falsePositives?.length) out.push({ id: 'false-positives', title: 'False positives', kind: 'list', items: docs.falsePositives });
  if (docs.prerequisites?.length) out.push({ id: 'prerequisites', title: 'Prerequisites', kind: 'groups', groups: docs.prerequisites });
  if (docs.setup) out.push({ id: 'setup', title: 'Setup', kind: 'html', html: renderMarkdown(docs.setup, markdownCache) });
  if (docs.howToImplement) out.push({ id: 'how-to-implement', title: 'How to implement', kind: 'text', text: docs.howToImplement });
  if (docs.investigationGuide) out.push({ id: 'investigation-guide', title: 'Investigation guide', kind: 'html', html: renderMarkdown(docs.investigationGuide, markdownCache) });
  if (docs.runbook) out.push({ id: 'runbook', title: 'Runbook', kind: 'text', text: docs.runbook });
  if (docs.version) out.push({ id: 'version', title: 'Version', kind: 'text', text: docs.version });
  return out;
}

