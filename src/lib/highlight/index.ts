/**
 * Syntax highlighting of rule bodies with Shiki, once per distinct text: results are cached on disk by content
 * hash, and tokens carry one-letter class names (k keyword, s string...; global.css colors them from CSS
 * variables), so pages stay small and dark/light themes switch in CSS alone.
 *
 * Shiki runs on its JavaScript regex engine: on the corpus it tokenizes 1.5-2x faster than the Oniguruma WASM
 * engine, with the same tokens for our grammars (a grammar it cannot run fails the text, shown plain). Lines
 * longer than MAX_LINE_CHARS are left plain instead of relying on Shiki's per-line time limit alone: a time
 * limit makes the output depend on the machine's load, and builds must be byte-identical.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createCssVariablesTheme, createHighlighterCore, type HighlighterCore, type LanguageRegistration } from 'shiki/core';
import { createJavaScriptRegexEngine } from 'shiki/engine/javascript';
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
/** Lines beyond this length are not tokenized (shown in the default color). */
const MAX_LINE_CHARS = 4_000;
/** A safety net against a runaway regex only; MAX_LINE_CHARS keeps real lines far below it. */
const LINE_TIME_LIMIT_MS = 5_000;

/** Shiki's css-variables token names and the class each gets; strings and string expressions share a color. */
const TOKEN_CLASS: Record<string, string> = {
  keyword: 'k',
  string: 's',
  'string-expression': 's',
  comment: 'c',
  constant: 'n',
  function: 'f',
  parameter: 'p',
  punctuation: 'u',
  link: 'l',
};

const theme = createCssVariablesTheme({ name: 'rulecat', variablePrefix: '--shiki-', variableDefaults: {}, fontStyle: false });

export interface HighlightOptions {
  /** Folder of the on-disk cache; none when undefined. */
  cacheDir?: string;
  /** Folder holding languages/yaral/yaral.tmLanguage.json (the project's src/lib). */
  grammarRoot?: string;
  /** When set, each line is a span with id `<lineIds><n>` (1-based), so a condition can link to its source line. */
  lineIds?: string;
}

/**
 * Line anchors of the i-th file (0-based) of a rule page: `L<n>` for the rule file, which leaf positions point
 * into, `F<i+1>-L<n>` for the others (a Panther rule's Python file).
 */
export function fileLineIds(index: number): string {
  return index === 0 ? 'L' : `F${index + 1}-L`;
}

/**
 * Wraps each line of a highlighted `pre` in an anchored span. Token spans never cross a line (Shiki tokenizes
 * line by line), so the cache keeps one HTML per text whatever the anchors, and anchoring is a split on newlines.
 */
function withLineIds(html: string, lineIds: string | undefined): string {
  if (lineIds === undefined) return html;
  const open = html.indexOf('<code>') + '<code>'.length;
  const close = html.lastIndexOf('</code>');
  const lines = html.slice(open, close).split('\n');
  const body = lines.map((l, n) => `<span class="src-line" id="${lineIds}${n + 1}">${l}</span>`).join('\n');
  return html.slice(0, open) + body + html.slice(close);
}

/** Where the build keeps highlighted HTML: $RULECAT_SHIKI_CACHE, else .cache/highlight in the project. */
export function highlightCacheDir(projectRoot: string = process.cwd()): string {
  return process.env.RULECAT_SHIKI_CACHE ?? join(projectRoot, '.cache/highlight');
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
    const core = await createHighlighterCore({ themes: [theme], langs, engine: createJavaScriptRegexEngine() });
    return { core, loaded: new Set(core.getLoadedLanguages()) };
  })();
  return highlighter;
}

/** Escapes text for an element's content: `&` and `<` are all HTML text needs (quotes and `>` cost bytes only). */
function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** "var(--shiki-token-keyword)" -> "k"; foreground and unknown colors get no class. */
function tokenClass(color: string | undefined): string | undefined {
  const m = color && /^var\(--shiki-token-([a-z-]+)\)$/.exec(color);
  return m ? TOKEN_CLASS[m[1]] : undefined;
}

function plainHtml(text: string, lang: string): string {
  return `<pre class="code" data-lang="${lang}" tabindex="0"><code>${escapeText(text)}</code></pre>`;
}

function tokensHtml(core: HighlighterCore, text: string, shikiLang: string, lang: string): string {
  const lines = core.codeToTokensBase(text, { lang: shikiLang, theme: 'rulecat', tokenizeMaxLineLength: MAX_LINE_CHARS, tokenizeTimeLimit: LINE_TIME_LIMIT_MS });
  const out: string[] = [];
  for (const line of lines) {
    let html = '';
    let openClass: string | undefined;
    let buffer = '';
    const flush = () => {
      if (!buffer) return;
      html += openClass ? `<span class="${openClass}">${escapeText(buffer)}</span>` : escapeText(buffer);
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
  return `<pre class="code" data-lang="${lang}" tabindex="0"><code>${out.join('\n')}</code></pre>`;
}

function cacheFile(text: string, language: BodyLanguage, cacheDir: string): string {
  const key = createHash('sha1').update(`${CACHE_VERSION}\0${language}\0${text}`).digest('hex');
  return join(cacheDir, key.slice(0, 2), `${key}.html`);
}

/** Whether highlight() would tokenize this text now: it has a grammar and the cache does not hold it yet. */
export function needsHighlighting(text: string, language: BodyLanguage, cacheDir: string): boolean {
  return !!SHIKI_LANG[language] && text.length <= MAX_HIGHLIGHT_CHARS && !existsSync(cacheFile(text, language, cacheDir));
}

/** Highlighted HTML of a rule file; plain escaped text when the language has no grammar. */
export async function highlight(text: string, language: BodyLanguage, options: HighlightOptions = {}): Promise<string> {
  return withLineIds(await highlighted(text, language, options), options.lineIds);
}

async function highlighted(text: string, language: BodyLanguage, options: HighlightOptions): Promise<string> {
  const shikiLang = SHIKI_LANG[language];
  if (!shikiLang || text.length > MAX_HIGHLIGHT_CHARS) return plainHtml(text, language);
  const file = options.cacheDir && cacheFile(text, language, options.cacheDir);
  if (file && existsSync(file)) return readFileSync(file, 'utf8');
  const { core, loaded } = await getHighlighter(options);
  let html: string;
  try {
    html = loaded.has(shikiLang) ? tokensHtml(core, text, shikiLang, language) : plainHtml(text, language);
  } catch {
    html = plainHtml(text, language);
  }
  if (file) {
    try {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, html);
    } catch {
      // The cache is an optimization; a read-only disk only costs time.
    }
  }
  return html;
}
