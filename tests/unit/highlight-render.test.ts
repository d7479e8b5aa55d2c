import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { highlight } from '../../src/lib/highlight/index.ts';

describe('highlight', () => {
  it('emits class-based tokens, no inline styles', async () => {
    const html = await highlight('eventName: "DeleteTrail" # why\n', 'yaml');
    expect(html).toContain('<pre class="code" data-lang="yaml" tabindex="0">');
    expect(html).toContain('<span class="c"># why</span>');
    expect(html).toContain('<span class="s">"DeleteTrail" </span>');
    expect(html).not.toContain('style=');
  });

  it('escapes HTML in the rule text', async () => {
    const html = await highlight('x = "<script>"', 'python');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script>');
  });

  it('highlights KQL and SPL with the Kusto and Splunk grammars', async () => {
    expect(await highlight('SigninLogs | where ResultType == 0', 'kql')).toContain('<span class="k">where</span>');
    expect(await highlight('index=main | stats count by user', 'spl')).toMatch(/class="[nfk]"/);
  });

  it('highlights TOML and Python', async () => {
    expect(await highlight('[rule]\nname = "x"', 'toml')).toContain('<span class="s">"x"</span>');
    expect(await highlight('def rule(event):\n    return True', 'python')).toContain('<span class="k">return </span><span class="n">True</span>');
  });

  it('leaves a very long line plain and highlights the lines around it', async () => {
    const long = `x: "${'a'.repeat(10_000)}"`;
    const html = await highlight(`a: 1\n${long}\nb: "two"`, 'yaml');
    const lines = html.split('\n');
    expect(lines[1]).not.toContain('<span');
    expect(lines[2]).toContain('<span class="s">"two"</span>');
  });

  it('falls back to plain text for unknown languages', async () => {
    expect(await highlight('a < b', 'text')).toBe('<pre class="code" data-lang="text" tabindex="0"><code>a &lt; b</code></pre>');
  });

  it('keeps each line of the source', async () => {
    const html = await highlight('a: 1\nb: 2\nc: 3', 'yaml');
    expect(html.split('\n')).toHaveLength(3);
  });

  it('caches results by content hash on disk', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'rulecat-shiki-'));
    const first = await highlight('k: v', 'yaml', { cacheDir });
    expect(readdirSync(cacheDir)).toHaveLength(1);
    expect(await highlight('k: v', 'yaml', { cacheDir })).toBe(first);
  });
});
