/**
 * Golden test on real Sublime rules, chosen across shapes. The expected Condition lines were checked by hand
 * against each rule's `source` (see the comment on each case).
 */
import { describe, expect, it } from 'vitest';
import { sourceCatalog } from './shared.ts';
import { evaluate } from '../../src/lib/logic/evaluate.ts';
import { renderConjuncts } from '../../src/lib/logic/render.ts';
import { leafMatch, leavesOf } from '../../src/lib/logic/tree.ts';
import type { Condition } from '../../src/lib/logic/types.ts';

interface Golden {
  file: string;
  why: string;
  lines: string[];
  status: 'full' | 'partial';
  /** Reasons, generic phrase before the colon. */
  reasons?: string[];
  /** Every function the tree's computed leaves and scopes call, in order of first appearance. */
  computed?: string[];
  kind?: string;
}

const GOLDEN: Golden[] = [
  {
    file: 'detection-rules/abuse_adobe_sign_unsolicited_reply-to.yml',
    why: 'boolean fields as eq true, strings.icontains case-insensitive, beta.profile stated as a computed leaf under not',
    lines: [
      'type.inbound eq true',
      'sender.email.email eq "adobesign@adobesign.com"',
      'headers.auth_summary.spf.pass eq true',
      'headers.auth_summary.dmarc.pass eq true',
      'subject.subject contains "signature requested"',
      'beta.profile.by_reply_to().prevalence eq "new"',
      'not beta.profile.by_reply_to().solicited eq true',
      'not beta.profile.by_reply_to().any_messages_benign eq true',
    ],
    status: 'full',
    computed: ['beta.profile.by_reply_to'],
  },
  {
    file: 'detection-rules/attachment_html_smuggling_microsoft_signin.yml',
    why: 'nested any over attachments and a file.explode scope, a length count, in~ lists and $lists, not in $list, strings.ilike with two patterns',
    lines: [
      'type.inbound eq true',
      'any attachments ((file_extension in ["html", "htm", "shtml", "dhtml"] or file_extension in list $file_extensions_common_archives or file_type eq "html") and any file.explode(.) (scan.entropy.entropy gte 5.7 and flavors.mime eq "text/html" and length(.scan.javascript.identifiers) eq 0 and any scan.url.urls (not domain.domain in list $tranco_1m or domain.root_domain in list $free_subdomain_hosts) and scan.html.title wildcard ["*sign in*", "*microsoft*"]))',
      'not sender.email.domain.root_domain in ["microsoft.com", "microsoftsupport.com", "office.com"]',
    ],
    status: 'full',
    computed: ['file.explode', 'length'],
  },
  {
    file: 'detection-rules/link_url_shortner_workers_dev.yml',
    why: 'any over ml.link_analysis results of each link: the scope keeps the computation as its list',
    lines: [
      'type.inbound eq true',
      'any body.links (href_url.domain.domain in list $url_shorteners and (any ml.link_analysis(.).final_dom.links (href_url.domain.root_domain eq "workers.dev") or any ml.link_analysis(.).redirect_history (domain.root_domain eq "workers.dev")))',
    ],
    status: 'full',
    computed: ['ml.link_analysis'],
  },
  {
    file: 'dlp-discovery-rules/dlp_github_token.yml',
    why: 'any over a written list of two fields: the regex on one or the other; a DLP rule',
    lines: ['type.outbound eq true', 'body.current_thread.text regex "\\\\bgh[pousr]_[A-Za-z0-9]{36,}\\\\b" or subject.subject regex "\\\\bgh[pousr]_[A-Za-z0-9]{36,}\\\\b"'],
    status: 'full',
    kind: 'dlp',
  },
  {
    file: 'discovery-rules/outbound_to_disposable.yml',
    why: 'any over three recipient lists, each walked by an inner any(., ...); not in a written list',
    lines: [
      'type.outbound eq true',
      'any recipients.to (email.domain.domain in list $disposable_email_providers and not email.domain.root_domain in ["craigslist.org", "gmai.com", "gmal.com", "gmial.com", "spamarrest.com"]) or any recipients.cc (email.domain.domain in list $disposable_email_providers and not email.domain.root_domain in ["craigslist.org", "gmai.com", "gmal.com", "gmial.com", "spamarrest.com"]) or any recipients.bcc (email.domain.domain in list $disposable_email_providers and not email.domain.root_domain in ["craigslist.org", "gmai.com", "gmal.com", "gmial.com", "spamarrest.com"])',
    ],
    status: 'full',
  },
  {
    file: 'discovery-rules/link_cuttly.yml',
    why: 'not in $list written both ways (not x in, x not in), an or of two sender cases, a single-quoted value',
    lines: [
      'type.inbound eq true',
      'not sender.email.domain.root_domain in list $tranco_1m',
      '(sender.email.domain.root_domain in list $free_email_providers and not sender.email.email in list $recipient_emails) or (not sender.email.domain.root_domain in list $free_email_providers and not sender.email.domain.domain in list $recipient_domains)',
      'any body.links (href_url.domain.root_domain eq "cutt.ly")',
    ],
    status: 'full',
  },
  {
    file: 'detection-rules/link_google_comment_script_macro.yml',
    why: '1 of (...) is an or; a case-sensitive regex; a test of the display name against each $org_display_names value (strings.concat) is one computed leaf',
    lines: [
      'type.inbound eq true',
      'sender.display_name regex "\\\\(Google (Slides|Docs)"',
      'any body.links (href_url.domain.domain eq "script.google.com" and href_url.path wildcard "/macros*")',
      'body.plain.raw wildcard "*you have ? hours*" or body.plain.raw wildcard "*transfer of funds*" or body.plain.raw wildcard "*order your funds*" or not any($org_display_names, strings.istarts_with(sender.display_name, strings.concat(., " (Google "))) eq true',
    ],
    status: 'full',
    computed: ['any', 'strings.istarts_with', 'strings.concat'],
  },
  {
    file: 'detection-rules/attachment_pdf_password_in_filename_bodytext.yml',
    why: 'length(filter(...)) == 1 is a count (computed operand); any over regex.extract results, inner any over filtered attachments, the file name tested against the outer match as written',
    lines: [
      'type.inbound eq true',
      'length(filter(attachments, .file_type == "pdf")) eq 1',
      'any regex.extract(body.current_thread.text, \'password is (?P<pw>[0-9]{1,})\') (any attachments (file_type eq "pdf" and strings.contains(.file_name, ..named_groups["pw"]) eq true))',
    ],
    status: 'full',
    computed: ['length', 'filter', 'regex.extract', 'strings.contains'],
  },
  {
    file: 'detection-rules/link_google_translate.yml',
    why: 'profile.by_sender() read three times, each a computed leaf; `"x" in .list` as an exact contains',
    lines: [
      'type.inbound eq true',
      'any body.links (href_url.rewrite.encoders contains "google_translate_open_redirect")',
      'not profile.by_sender().solicited eq true or profile.by_sender().any_messages_malicious_or_spam eq true',
      'not profile.by_sender().any_messages_benign eq true',
    ],
    status: 'full',
    computed: ['profile.by_sender'],
  },
  {
    file: 'detection-rules/headers_invalid_rcpt_reply-to_mismatch_new.yml',
    why: 'the reply-to domain compared with the sender domain: a field against a field; counts and profile.by_sender_email computed',
    lines: [
      'type.inbound eq true',
      'length(recipients.to) lte 1',
      'all recipients.to (email.domain.valid eq false)',
      'length(headers.reply_to) eq 1',
      'headers.reply_to.0.email.domain.root_domain ne field sender.email.domain.root_domain',
      'profile.by_sender_email().prevalence eq "new"',
    ],
    status: 'full',
    computed: ['length', 'profile.by_sender_email'],
  },
];

/** The functions computed leaves and scopes of a tree call, in tree order (a scope's before its child's). */
function computedCalls(c: Condition): string[] {
  switch (c.type) {
    case 'leaf':
      return c.computed ?? [];
    case 'not':
      return computedCalls(c.child);
    case 'scope':
      return [...(c.computed ?? []), ...computedCalls(c.child)];
    default:
      return c.children.flatMap(computedCalls);
  }
}

describe.skipIf(!process.env.RULECAT_CORPUS)('MQL golden rules (real corpus)', () => {
  const catalog = sourceCatalog('sublime-rules');
  const byFile = new Map(catalog.rules.map((r) => [r.files[0].path, r]));

  for (const g of GOLDEN) {
    it(`${g.file}: ${g.why}`, () => {
      const rule = byFile.get(g.file);
      expect(rule, g.file).toBeDefined();
      expect(renderConjuncts(rule!.logic!.conjuncts)).toEqual(g.lines);
      expect(rule!.logic!.status).toBe(g.status);
      expect(rule!.logic!.reasons.map((r) => r.split(':')[0])).toEqual(g.reasons ?? []);
      expect([...new Set(rule!.logic!.conjuncts.flatMap(computedCalls))]).toEqual(g.computed ?? []);
      expect(rule!.logPlatform).toBe('Email');
      expect(rule!.kind).toBe(g.kind ?? 'rule');
    });
  }

  it('case follows the operators: == is case-sensitive, in~ and the i-functions are not', () => {
    const leaves = (file: string) => byFile.get(file)!.logic!.conjuncts.flatMap(leavesOf);
    const adobe = leaves('detection-rules/abuse_adobe_sign_unsolicited_reply-to.yml');
    expect(adobe[1]).toMatchObject({ field: 'sender.email.email', caseSensitive: true });
    expect(leafMatch(adobe[1])).toBe('exact');
    expect(adobe[4]).toMatchObject({ kind: 'contains', caseSensitive: false, match: 'substring' });
    const html = leaves('detection-rules/attachment_html_smuggling_microsoft_signin.yml');
    expect(html.find((l) => l.field === 'file_extension' && !l.listRef)).toMatchObject({ caseSensitive: false });
    expect(html.find((l) => l.field === 'scan.html.title')).toMatchObject({ kind: 'wildcard', caseSensitive: false, match: 'wildcard' });
    expect(html.find((l) => l.field === 'file_extension' && l.listRef)).toMatchObject({ listRef: 'file_extensions_common_archives' });
  });

  it('a field compared with a field is an otherField leaf with no values, evaluated against the other field', () => {
    const rule = byFile.get('detection-rules/headers_invalid_rcpt_reply-to_mismatch_new.yml')!;
    const mismatch = rule.logic!.conjuncts.flatMap(leavesOf).find((l) => l.otherField !== undefined);
    expect(mismatch).toMatchObject({ field: 'headers.reply_to.0.email.domain.root_domain', kind: 'ne', values: [], otherField: 'sender.email.domain.root_domain', caseSensitive: true });
    expect(mismatch!.computed).toBeUndefined();
    const event = (reply: string) => ({ headers: { reply_to: [{ email: { domain: { root_domain: reply } } }] }, sender: { email: { domain: { root_domain: 'a.com' } } } });
    expect(evaluate(mismatch!, event('b.com'))).toBe(true);
    expect(evaluate(mismatch!, event('a.com'))).toBe(false);
  });

  it('taxonomy read as stated: Adobe Sign rule', () => {
    expect(byFile.get('detection-rules/abuse_adobe_sign_unsolicited_reply-to.yml')!.taxonomy).toEqual([
      { label: 'Attack types', values: ['BEC/Fraud', 'Callback Phishing', 'Spam'] },
      { label: 'Tactics and techniques', values: ['Social engineering', 'Impersonation: Brand'] },
      { label: 'Detection methods', values: ['Header analysis', 'Sender analysis'] },
    ]);
  });
});
