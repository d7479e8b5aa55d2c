import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { internalLinks, resolveSitePath } from '../../scripts/check-site.ts';

describe('check-site link resolution', () => {
  const dist = mkdtempSync(join(tmpdir(), 'rulecat-dist-'));
  mkdirSync(join(dist, 'rules/panther/a'), { recursive: true });
  writeFileSync(join(dist, 'rules/panther/a/index.html'), '<html></html>');
  writeFileSync(join(dist, 'favicon.svg'), '<svg/>');
  mkdirSync(join(dist, 'id/AWS.CloudTrail.X'), { recursive: true });
  writeFileSync(join(dist, 'id/AWS.CloudTrail.X/index.html'), '<html></html>');

  it('resolves directory pages, files, anchors and queries', () => {
    expect(resolveSitePath(dist, '/rules/panther/a/')).toBe(join(dist, 'rules/panther/a/index.html'));
    expect(resolveSitePath(dist, '/rules/panther/a/#detection-logic')).toBeDefined();
    expect(resolveSitePath(dist, '/rules/panther/a')).toBeDefined();
    expect(resolveSitePath(dist, '/favicon.svg?v=1')).toBe(join(dist, 'favicon.svg'));
    expect(resolveSitePath(dist, '/id/AWS.CloudTrail.X/')).toBeDefined();
  });

  it('reports missing pages and paths escaping dist', () => {
    expect(resolveSitePath(dist, '/rules/panther/b/')).toBeUndefined();
    expect(resolveSitePath(dist, '/../etc/passwd')).toBeUndefined();
    expect(resolveSitePath(dist, '/%E0%A4%A')).toBeUndefined();
  });

  it('finds internal links only', () => {
    const html = '<a href="/rules/x/">x</a><a href="https://e.org/">e</a><img src="/favicon.svg"><a href="//cdn.example/">c</a><a href="/q?a=1&amp;b=2">q</a>';
    expect(internalLinks(html)).toEqual(['/rules/x/', '/favicon.svg', '/q?a=1&b=2']);
  });
});
