/**
 * Markdown the rule files carry (Elastic investigation guides and setup notes) rendered to HTML through
 * unified, then sanitized with GitHub's schema: raw HTML in the Markdown is dropped, never passed through, and
 * links keep only http(s), mailto and in-page URLs, so no script or javascript: URL reaches a page.
 */
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

export function renderMarkdown(markdown: string): string {
  return String(processor.processSync(markdown));
}
