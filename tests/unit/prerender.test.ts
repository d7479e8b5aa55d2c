import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { highlight } from '../../src/lib/highlight/index.ts';
import type { Rule } from '../../src/lib/model.ts';
import { prerenderTasks, runPrerenderTask } from '../../src/lib/pipeline/prerender.ts';
import { renderMarkdown } from '../../src/lib/site/markdown.ts';

function rule(text: string, guide?: string): Rule {
  return { files: [{ path: 'r.yml', language: 'yaml', text }], docs: guide ? { investigationGuide: guide } : undefined } as unknown as Rule;
}

describe('prerender', () => {
  it('sends each text the caches lack once, and none once they hold it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rulecat-prerender-'));
    const prerender = { highlight: { cacheDir: join(dir, 'hl') }, markdownCacheDir: join(dir, 'md') };
    const rules = [rule('a: 1', '## Triage'), rule('a: 1'), rule('b: "two"'), { ...rule('x'), files: [{ path: 'x', language: 'text', text: 'plain' }] } as Rule];
    const tasks = prerenderTasks(rules, prerender);
    expect(tasks.flatMap((t) => t.code.map((c) => c.text))).toEqual(['a: 1', 'b: "two"']);
    expect(tasks.flatMap((t) => t.markdown)).toEqual(['## Triage']);
    let rendered = 0;
    for (const task of tasks) rendered += await runPrerenderTask(task);
    expect(rendered).toBe(3);
    expect(prerenderTasks(rules, prerender)).toEqual([]);
    // The pages read what the prerender wrote: the same HTML as rendering afresh.
    expect(await highlight('b: "two"', 'yaml', prerender.highlight)).toBe(await highlight('b: "two"', 'yaml'));
    expect(renderMarkdown('## Triage', prerender.markdownCacheDir)).toBe(renderMarkdown('## Triage'));
  });
});
