/** "Cite this rule": the rule's title, vendor, upstream ID and commit and its catalog permalink, as text and Markdown. */
import type { Catalog } from '../catalog.ts';
import type { Rule } from '../model.ts';
import { vendorLabel } from './format.ts';
import { permalinkUrl } from './permalinks.ts';

export interface Citation {
  text: string;
  markdown: string;
}

/** Markdown link text: brackets and backslashes escaped so a title cannot break the link. */
function mdText(text: string): string {
  return text.replace(/([\\[\]])/g, '\\$1');
}

export function citation(rule: Rule, site: string | URL, upstreams: Catalog['upstreams'] = {}): Citation {
  const permalink = new URL((rule.upstreamId && permalinkUrl(rule.upstreamId)) || rule.url, site).href;
  const upstream = upstreams[rule.source];
  const file = rule.files.find((f) => f.upstreamUrl);
  const at = upstream?.commit ?? upstream?.ref;
  const lines: [string, string | undefined][] = [
    ['Vendor', vendorLabel(rule.vendor)],
    ['Upstream ID', rule.upstreamId],
    ['Upstream commit', at && upstream ? `${upstream.url} @ ${at}` : undefined],
    ['Upstream file', file?.upstreamUrl],
    ['Catalog', permalink],
  ];
  const present = lines.filter((l): l is [string, string] => !!l[1]);
  const text = [rule.title, ...present.map(([k, v]) => `${k}: ${v}`)].join('\n');
  const md = present.map(([k, v]) => {
    if (k === 'Upstream ID' || k === 'Upstream commit') return `- ${k}: \`${v.replace(/`/g, "'")}\``;
    if (/^https?:/.test(v)) return `- ${k}: <${v}>`;
    return `- ${k}: ${v}`;
  });
  return { text, markdown: [`**[${mdText(rule.title)}](${permalink})**`, ...md].join('\n') };
}
