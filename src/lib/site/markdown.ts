/**
 * Markdown the rule files carry (Elastic investigation guides and setup notes) rendered to HTML through
 * unified, then sanitized with GitHub's schema: raw HTML in the Markdown is dropped, never passed through, and
 * links keep only http(s), mailto and in-page URLs, so no script or javascript: URL reaches a page.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import rehypeSanitize, { defaultSchema } from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { EXTERNAL_REL } from '../urls.ts';

const schema = {
  ...defaultSchema,
  protocols: { ...defaultSchema.protocols, href: ['http', 'https', 'mailto'], src: ['http', 'https'] },
};

interface HastNode {
  type: string;
  tagName?: string;
  properties?: Record<string, unknown>;
  children?: HastNode[];
}

/** After sanitizing: links that leave the site get rel="noopener noreferrer nofollow", like every other external link. */
function externalLinks() {
  return (tree: HastNode) => {
    const stack = [tree];
    for (let node = stack.pop(); node; node = stack.pop()) {
      if (node.tagName === 'a' && typeof node.properties?.href === 'string' && /^https?:/i.test(node.properties.href)) {
        node.properties.rel = EXTERNAL_REL.split(' ');
      }
      stack.push(...(node.children ?? []));
    }
  };
}

// allowDangerousHtml stays off: remark-rehype drops raw HTML nodes before the sanitizer even sees them.
const processor = unified().use(remarkParse).use(remarkRehype).use(rehypeSanitize, schema).use(externalLinks).use(rehypeStringify);

/** Bump when the HTML changes (schema, plugins), so stale cache entries are not reused. */
const CACHE_VERSION = '1';

/** Where the build keeps rendered Markdown: $RULECAT_MARKDOWN_CACHE, else .cache/markdown in the project. */
export function markdownCacheDir(projectRoot: string = process.cwd()): string {
  return process.env.RULECAT_MARKDOWN_CACHE ?? join(projectRoot, '.cache/markdown');
}

function cacheFile(markdown: string, cacheDir: string): string {
  const key = createHash('sha1').update(`${CACHE_VERSION}\0${markdown}`).digest('hex');
  return join(cacheDir, key.slice(0, 2), `${key}.html`);
}

/** Whether renderMarkdown() would render this text now: the cache does not hold it yet. */
export function needsRendering(markdown: string, cacheDir: string): boolean {
  return !existsSync(cacheFile(markdown, cacheDir));
}

/**
 * The sanitized HTML of a Markdown text. With a cache folder, the HTML is kept on disk by content hash: the
 * build's worker threads render every rule's Markdown while reading the corpus, the pages then only read it.
 */
export function renderMarkdown(markdown: string, cacheDir?: string): string {
  if (!cacheDir) return String(processor.processSync(markdown));
  const file = cacheFile(markdown, cacheDir);
  if (existsSync(file)) return readFileSync(file, 'utf8');
  const html = String(processor.processSync(markdown));
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, html);
  } catch {
    // The cache is an optimization; a read-only disk only costs time.
  }
  return html;
}
