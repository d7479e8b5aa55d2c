import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createHighlighter, type BundledLanguage } from 'shiki';
import { describe, expect, it } from 'vitest';

const grammar = JSON.parse(readFileSync(resolve(__dirname, '../../src/lib/languages/yaral/yaral.tmLanguage.json'), 'utf8'));

describe('YARA-L TextMate grammar', () => {
  it('is named for Shiki and scopes the language constructs', async () => {
    expect(grammar).toMatchObject({ name: 'yaral', scopeName: 'source.yaral' });
    const h = await createHighlighter({ themes: ['github-light'], langs: [grammar] });
    const code = [
      'rule demo { // note',
      '  events:',
      '    $e.target.url = /gate\\.php/ nocase',
      '    re.regex($e.principal.process.command_line, `net user`)',
      '    not $e.principal.user.userid in %admins',
      '  condition:',
      '    #e > 5 and $e',
      '}',
    ].join('\n');
    const lines = h.codeToTokensBase(code, { lang: 'yaral' as BundledLanguage, theme: 'github-light', includeExplanation: true });
    const scopes = new Map<string, string>();
    for (const line of lines)
      for (const t of line)
        for (const e of t.explanation ?? []) scopes.set(e.content.trim(), e.scopes[e.scopes.length - 1].scopeName);
    expect(scopes.get('rule')).toBe('storage.type.rule.yaral');
    expect(scopes.get('// note')).toBe('comment.line.double-slash.yaral');
    expect(scopes.get('events')).toBe('keyword.control.section.yaral');
    expect(scopes.get('$e')).toBe('variable.other.event.yaral');
    expect(scopes.get('gate\\.php')).toBe('string.regexp.yaral');
    expect(scopes.get('nocase')).toBe('keyword.other.modifier.yaral');
    expect(scopes.get('re.regex')).toBe('support.function.yaral');
    expect(scopes.get('net user')).toBe('string.quoted.other.raw.yaral');
    expect(scopes.get('%admins')).toBe('variable.other.constant.reference-list.yaral');
    expect(scopes.get('#e')).toBe('variable.other.count.yaral');
    expect(scopes.get('not')).toBe('keyword.operator.logical.yaral');
  });
});
