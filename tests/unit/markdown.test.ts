import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/lib/site/markdown.ts';

describe('renderMarkdown', () => {
  it('renders the Markdown of an investigation guide', () => {
    const html = renderMarkdown('## Triage\n\n- Check `aws.cloudtrail.user_identity.arn`\n- See [the docs](https://docs.aws.amazon.com/)\n');
    expect(html).toContain('<h2>Triage</h2>');
    expect(html).toContain('<code>aws.cloudtrail.user_identity.arn</code>');
    expect(html).toContain('<a href="https://docs.aws.amazon.com/" rel="noopener noreferrer nofollow">the docs</a>');
  });

  it('drops raw HTML, scripts and event handlers', () => {
    const html = renderMarkdown('Hello <script>alert(1)</script>\n\n<img src=x onerror="alert(1)">\n\n<b onclick="x()">bold</b>\n\n<iframe src="https://evil"></iframe>');
    expect(html).not.toMatch(/<script|onerror|onclick|<iframe|<img/i);
    expect(html).toContain('Hello');
  });

  it('drops javascript: and data: URLs from links and images', () => {
    const html = renderMarkdown('[click](javascript:alert(1)) [x](JaVaScRiPt:alert(1)) [d](data:text/html;base64,PHNjcmlwdD4=) ![i](javascript:alert(1))');
    expect(html).not.toMatch(/javascript:|data:/i);
    expect(html).toContain('click');
  });

  it('keeps in-page and mail links', () => {
    expect(renderMarkdown('[a](#setup) [m](mailto:soc@example.com)')).toMatch(/href="#setup".*href="mailto:soc@example.com"/);
  });
});
