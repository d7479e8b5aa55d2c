import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSourceContext } from '../../src/lib/catalog.ts';
import { sublimeFormat } from '../../src/lib/formats/sublime/index.ts';
import { canonicalTable } from '../../src/lib/knowledge/canonical-table.ts';
import { logicJson } from '../../src/lib/logic/json.ts';
import { renderConjuncts } from '../../src/lib/logic/render.ts';
import type { Rule, RuleDraft } from '../../src/lib/model.ts';
import { taxonomyView } from '../../src/lib/site/rule-view.ts';

const root = resolve(__dirname, '../fixtures/sublime');
const source = createSourceContext('sublime-rules', root, { url: 'https://github.com/sublime-security/sublime-rules', commit: 'abc' });
const corpus = { findByUpstreamId: () => undefined };

function read(relPath: string): RuleDraft[] {
  return sublimeFormat.parseFile(relPath, readFileSync(join(root, relPath), 'utf8'), source).rules;
}

describe('sublime format', () => {
  it('lists the YAML files of the three rule folders only', () => {
    expect(sublimeFormat.listFiles(source)).toEqual([
      'detection-rules/link_new_sender_credential_phish.yml',
      'dlp-discovery-rules/broken.yml',
      'dlp-discovery-rules/dlp_no_source.yml',
    ]);
  });

  it('reads the normalized fields, the taxonomy as Sublime states it and ATT&CK IDs only where a value is one', () => {
    const [rule] = read('detection-rules/link_new_sender_credential_phish.yml');
    expect(rule).toMatchObject({
      vendor: 'sublime',
      format: 'sublime',
      upstreamId: '11111111-2222-3333-4444-555555555555',
      slugBase: 'link_new_sender_credential_phish',
      title: 'Link: credential phishing from a first-time sender',
      severity: { original: 'high', normalized: 'high' },
      kind: 'rule',
      logPlatform: 'Email',
      attack: { tactics: [], techniques: ['T1566.002'] },
      references: ['https://example.com/writeup'],
      authors: ['@someone', 'A. Person'],
      tags: ['Attack surface reduction'],
      taxonomy: [
        { label: 'Attack types', values: ['Credential Phishing'] },
        { label: 'Tactics and techniques', values: ['Free file host', 'T1566.002'] },
        { label: 'Detection methods', values: ['URL analysis', 'Natural Language Understanding'] },
      ],
      query: { language: 'mql' },
    });
    expect(rule.files[0]).toMatchObject({ language: 'yaml', upstreamUrl: expect.stringContaining('abc/detection-rules/link_new_sender_credential_phish.yml') });
    expect(taxonomyView(rule as Rule)).toMatchObject({ title: 'Sublime taxonomy', rows: rule.taxonomy });
  });

  it('extracts the MQL tree with lines in the file and the list name in the published JSON', () => {
    const [rule] = read('detection-rules/link_new_sender_credential_phish.yml');
    const logic = sublimeFormat.extractLogic!(rule, source, corpus);
    expect(renderConjuncts(logic.conjuncts)).toEqual([
      'type.inbound eq true',
      'any body.links (href_url.domain.root_domain in list $free_file_hosts)',
      'any ml.nlu_classifier(body.current_thread.text).intents (name eq "cred_theft")',
    ]);
    // The classifier's intents are a computed list, stated in the tree: nothing is left out.
    expect(logic.status).toBe('full');
    expect(logic.reasons).toEqual([]);
    expect(logic.conjuncts[0]).toMatchObject({ loc: { line: 6 } });
    const json = JSON.stringify(logicJson(logic));
    expect(json).toContain('"list":"free_file_hosts"');
    expect(json).toContain('"field":"ml.nlu_classifier(body.current_thread.text).intents","computed":["ml.nlu_classifier"]');
  });

  it('a broken file still becomes a rule with its raw body and the YAML error; a rule without source says so', () => {
    const [broken] = read('dlp-discovery-rules/broken.yml');
    expect(broken.parseError).toMatchObject({ code: 'yaml-syntax' });
    expect(broken.files[0].text).toContain('unclosed quote');
    expect(sublimeFormat.extractLogic!(broken, source, corpus).reasons).toEqual(['the rule file could not be parsed']);
    const [empty] = read('dlp-discovery-rules/dlp_no_source.yml');
    expect(empty.diagnostics.map((d) => d.code)).toEqual(['missing-source']);
    expect(sublimeFormat.extractLogic!(empty, source, corpus)).toMatchObject({ status: 'none', reasons: ['the rule has no MQL source'] });
  });

  it('the canonical field table maps Sublime MQL paths on the Email platform', () => {
    const table = canonicalTable();
    expect(table.problems).toEqual([]);
    expect(table.resolve('sublime', 'Email', 'sender.email.domain.root_domain')).toMatchObject({ group: 'email', canonical: 'sender.root_domain' });
    expect(table.resolve('sublime', 'Email', 'headers.auth_summary.dmarc.pass')).toMatchObject({ canonical: 'headers.auth_summary.dmarc.pass' });
    expect(table.resolve('defender-xdr', 'Email', 'SenderFromAddress')?.canonical).toBe(table.resolve('sublime', 'Email', 'sender.email.email')?.canonical);
  });
});
