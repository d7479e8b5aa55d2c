/**
 * Work for the rule pages done before Astro renders, on the worker threads that read the catalog: each rule file
 * highlighted and each Markdown text rendered into their on-disk caches (content-hash keys), so the pages only
 * read them. Only what the caches lack is sent, each distinct text once. It runs after the catalog is read, as a
 * phase of its own: it is page work, not ingest or extraction, and is timed apart from them.
 */
import type { BodyLanguage } from '../definitions.ts';
import { highlight, needsHighlighting, type HighlightOptions } from '../highlight/index.ts';
import type { Rule } from '../model.ts';
import { needsRendering, renderMarkdown } from '../site/markdown.ts';
import { docMarkdown } from '../site/rule-docs-view.ts';

export interface Prerender {
  /** Highlight the rule files into this highlight cache. */
  highlight?: HighlightOptions;
  /** Render the rules' Markdown documentation into this folder (site/markdown.ts). */
  markdownCacheDir?: string;
}

export interface PrerenderTask {
  prerender: Prerender;
  code: { text: string; language: BodyLanguage }[];
  markdown: string[];
}

/** Characters of text per task: a second or so of highlighting, many times the cost of the message. */
const TASK_CHARS = 100_000;

/** Tasks for the texts of these rules that the caches lack, in rule order. */
export function prerenderTasks(rules: readonly Rule[], prerender: Prerender): PrerenderTask[] {
  const tasks: PrerenderTask[] = [];
  let current: PrerenderTask | undefined;
  let chars = 0;
  const seen = new Set<string>();
  const add = (kind: 'code' | 'markdown', text: string, language?: BodyLanguage) => {
    const id = `${kind}\u0000${language ?? ''}\u0000${text}`;
    if (seen.has(id)) return;
    seen.add(id);
    if (!current || chars >= TASK_CHARS) {
      current = { prerender, code: [], markdown: [] };
      tasks.push(current);
      chars = 0;
    }
    if (kind === 'code') current.code.push({ text, language: language! });
    else current.markdown.push(text);
    chars += text.length;
  };
  const highlightDir = prerender.highlight?.cacheDir;
  const markdownDir = prerender.markdownCacheDir;
  for (const rule of rules) {
    if (highlightDir) for (const f of rule.files) if (needsHighlighting(f.text, f.language, highlightDir)) add('code', f.text, f.language);
    if (markdownDir) for (const text of docMarkdown(rule)) if (needsRendering(text, markdownDir)) add('markdown', text);
  }
  return tasks;
}

/** Fills the caches with one task's texts; returns how many texts it rendered. */
export async function runPrerenderTask(task: PrerenderTask): Promise<number> {
  for (const { text, language } of task.code) await highlight(text, language, task.prerender.highlight);
  const dir = task.prerender.markdownCacheDir;
  if (dir) for (const text of task.markdown) renderMarkdown(text, dir);
  return task.code.length + task.markdown.length;
}
