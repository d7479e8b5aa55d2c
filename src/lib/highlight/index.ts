/**
 * Syntax highlighting of rule bodies with Shiki, once per distinct text: results are cached on disk by content
 * hash, and tokens carry short class names (tk-keyword, tk-string...) whose colors come from CSS variables,
 * so pages stay small and dark/light themes switch in CSS alone.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCssVariablesTheme, createHighlighterCore, type HighlighterCore, type LanguageRegistration } from 'shiki/core';
import { createOnigurumaEngine } from 'shiki/engine/oniguruma';
import type { BodyLanguage } from '../definitions.ts';

/** Our body languages as Shiki names them; yaral is loaded from its grammar file when present. */
const SHIKI_LANG: Record<BodyLanguage, string | undefined> = {
  yaml: 'yaml',
  toml: 'toml',
  python: 'python',
  kql: 'kusto',
  spl: 'splunk',
  yaral: 'yaral',
  text: undefined,
};

/** Bump when the HTML shape changes, so stale cache entries are not reused. */
const CACHE_VERSION = '3';
/** Texts beyond this size are shown plain: highlighting them costs more than it helps. */
const MAX_HIGHLIGHT_CHARS = 250_000;

const theme = createCssVariablesTheme({ name: 'rulecat', variablePrefix: '--shiki-', variableDefaults: {}, fontStyle: false });

export interface HighlightOptions {
  /** Folder of the on-disk cache; none when undefined. */
  cacheDir?: string;
  /** Folder holding languages/yaral/yaral.tmLanguage.json (the project's src/lib). */
  grammarRoot?: string;
  /** When set, each line is a span with id `<lineIds><n>` (1-based), so a condition can link to its source line. */
  lineIds?: string;
}

/** Where the build keeps highlighted HTML: $RULECAT_SHIKI_CACHE, else .cache/highlight in the project. */
export function highlightCacheDir(projectRoot: string = process.cwd()): string {
  return process.env.RULECAT_SHIKI_CACHE ?? join(projectRoot, '.cache/highlight');
}

/**
 * Line anchors of the i-th file (0-based) of a rule page: `L<n>` for the rule file, which leaf positions point
 * into, `F<i+1>-L<n>` for the others (a Panther rule's Python file).
 */
export function fileLineIds(index: number): string {
  return index === 0 ? 'L' : `F${index + 1}-L`;
}

let highlighter: Promise<{ core: HighlighterCore; loaded: Set<string> }> | undefined;

async function loadGrammar(grammarRoot: string | undefined): Promise<LanguageRegistration[]> {
  const langs: LanguageRegistration[] = [];
  for (const mod of await Promise.all([
    import('shiki/dist/langs/yaml.mjs'),
    import('shiki/dist/langs/toml.mjs'),
    import('shiki/dist/langs/python.mjs'),
    import('shiki/dist/langs/kusto.mjs'),
    import('shiki/dist/langs/splunk.mjs'),
  ])) {
    langs.push(...(mod.default as LanguageRegistration[]));
  }
  const yaral = grammarRoot && join(grammarRoot, 'languages/yaral/yaral.tmLanguage.json');
  if (yaral && existsSync(yaral)) {
    try {
      const grammar = JSON.parse(readFileSync(yaral, 'utf8')) as LanguageRegistration;
      langs.push({ ...grammar, name: 'yaral' });
    } catch {
      // A broken grammar file falls back to plain text.
    }
  }
  return langs;
}

function getHighlighter(options: HighlightOptions) {
  highlighter ??= (async () => {
    const langs = await loadGrammar(options.grammarRoot);
    const core = await createHighlighterCore({ themes: [theme], langs, engine: createOnigurumaEngine(import('shiki/wasm')) });
    return { core, loaded: new Set(core.getLoadedLanguages()) };
  })();
  return highlighter;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** "var(--shiki-token-keyword)" -> "tk-keyword"; foreground and unknown colors get no class. */
function tokenClass(color: string | undefined): string | undefined {
  const m = color && /^var\(--shiki-token-([a-z-]+)\)$/.exec(color);
  return m ? `tk-${m[1]}` : undefined;
}

/** The lines as one `pre`, each in an anchored span when `lineIds` is set. */
function preHtml(lines: string[], lang: string, lineIds: string | undefined): string {
  const body = lineIds === undefined ? lines : lines.map((l, i) => `<span class="src-line" id="${lineIds}${i + 1}">${l}</span>`);
  return `<pre class="code" data-lang="${lang}" tabindex="0"><code>${body.join('\n')}</code></pre>`;
}

function plainHtml(text: string, lang: string, lineIds: string | undefined): string {
  return preHtml(text.split('\n').map(escapeHtml), lang, lineIds);
}

function tokensHtml(core: HighlighterCore, text: string, shikiLang: string, lang: string, lineIds: string | undefined): string {
  const lines = core.codeToTokensBase(text, { lang: shikiLang, theme: 'rulecat' });
  const out: string[] = [];
  for (const line of lines) {
    let html = '';
    let openClass: string | undefined;
    let buffer = '';
    const flush = () => {
      if (!buffer) return;
      html += openClass ? `<span class="${openClass}">${escapeHtml(buffer)}</span>` : escapeHtml(buffer);
      buffer = '';
    };
    for (const token of line) {
      const cls = /^\s*$/.test(token.content) ? openClass : tokenClass(token.color);
      if (cls !== openClass) {
        flush();
        openClass = cls;
      }
      buffer += token.content;
    }
    flush();
    out.push(html);
  }
  return preHtml(out, lang, lineIds);
}

/** Highlighted HTML of a rule file; plain escaped text when the language has no grammar. */
export async function highlight(text: string, language: BodyLanguage, options: HighlightOptions = {}): Promise<string> {
  const shikiLang = SHIKI_LANG[language];
  const { lineIds } = options;
  if (!shikiLang || text.length > MAX_HIGHLIGHT_CHARS) return plainHtml(text, language, lineIds);
  const key = createHash('sha1').update(`${CACHE_VERSION}\0${language}\0${lineIds ?? ''}\0${text}`).digest('hex');
  const file = options.cacheDir && join(options.cacheDir, key.slice(0, 2), `${key}.html`);
  if (file && existsSync(file)) return readFileSync(file, 'utf8');
  const { core, loaded } = await getHighlighter(options);
  let html: string;
  try {
    html = loaded.has(shikiLang) ? tokensHtml(core, text, shikiLang, language, lineIds) : plainHtml(text, language, lineIds);
  } catch {
    html = plainHtml(text, language, lineIds);
  }
  if (file) {
    try {
      mkdirSync(join(options.cacheDir!, key.slice(0, 2)), { recursive: true });
      writeFileSync(file, html);
    } catch {
      // The cache is an optimization; a read-only disk only costs time.
    }
  }
  return html;
}
