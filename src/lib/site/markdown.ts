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

const schema = {
  ...defaultSchema,
  protocols: { ...defaultSchema.protocols, href: ['http', 'https', 'mailto'], src: ['http', 'https'] },
};

// allowDangerousHtml stays off: remark-rehype drops raw HTML nodes before the sanitizer even sees them.
const processor = unified().use(remarkParse).use(remarkRehype).use(rehypeSanitize, schema).use(rehypeStringify);

export function renderMarkdown(markdown: string): string {
  return String(processor.processSync(markdown));
}
