/** The per-format documentation readers, on excerpts written in each format's real shape. */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { chronicleDocs, elasticDocs, otherIds, pantherDocs, sentinelDocs, sigmaDocs, sigmaRetiredIds, splunkDocs } from '../../src/lib/formats/rule-docs.ts';
import { docSections } from '../../src/lib/site/rule-docs-view.ts';

describe('rule documentation readers', () => {
  it('Sigma: retired related IDs (obsolete, merged, renamed), false positives, logsource', () => {
    const data = parse(`
related:
  - id: 11111111-1111-4111-8111-111111111111
    type: obsolete
  - id: 22222222-2222-4222-8222-222222222222
    type: derived
  - id: 33333333-3333-4333-8333-333333333333
    type: merged
  - id: 44444444-4444-4444-8444-444444444444
    type: renamed
falsepositives:
  - Unknown
  - Legitimate administration
`);
    expect(sigmaRetiredIds(data)).toEqual(['11111111-1111-4111-8111-111111111111', '33333333-3333-4333-8333-333333333333', '44444444-4444-4444-8444-444444444444']);
    const docs = sigmaDocs(data, ['product: windows', 'category: process_creation']);
    expect(docs?.falsePositives).toEqual(['Legitimate administration']);
    expect(docs?.prerequisites).toEqual([{ label: 'Log source', items: ['product: windows', 'category: process_creation'] }]);
  });

  it('Elastic: false_positives, note, setup, integrations, required fields, version', () => {
    const docs = elasticDocs({
      false_positives: ['Administrators rotating trails'],
      note: '## Triage and analysis\n\n- Review the user.',
      setup: 'Requires the AWS integration.',
      related_integrations: [{ package: 'aws', integration: 'cloudtrail', version: '^2.0.0' }],
      required_fields: [{ name: 'event.action', type: 'keyword', ecs: true }],
      version: 210,
    });
    expect(docs).toEqual({
      falsePositives: ['Administrators rotating trails'],
      investigationGuide: '## Triage and analysis\n\n- Review the user.',
      setup: 'Requires the AWS integration.',
      prerequisites: [
        { label: 'Integrations', items: ['aws/cloudtrail ^2.0.0'] },
        { label: 'Required fields', items: ['event.action: keyword'] },
      ],
      version: '210',
    });
  });

  it('Elastic: the [metadata] integrations when the rule lists no related_integrations', () => {
    expect(elasticDocs({ note: 'x' }, { integration: ['endpoint', 'windows'] })?.prerequisites).toEqual([{ label: 'Integrations', items: ['endpoint', 'windows'] }]);
  });

  it('Splunk, Sentinel, Panther, Chronicle', () => {
    expect(splunkDocs({ known_false_positives: 'None known.', how_to_implement: 'Ingest Sysmon.', data_source: ['Sysmon EventID 1'], version: 5 })).toEqual({
      falsePositives: ['None known.'],
      howToImplement: 'Ingest Sysmon.',
      prerequisites: [{ label: 'Data sources', items: ['Sysmon EventID 1'] }],
      version: '5',
    });
    expect(sentinelDocs({ requiredDataConnectors: [{ connectorId: 'AzureActiveDirectory', dataTypes: ['SigninLogs'] }], version: '1.0.2' })).toEqual({
      prerequisites: [{ label: 'Data connectors', items: ['AzureActiveDirectory (SigninLogs)'] }],
      version: '1.0.2',
    });
    expect(pantherDocs({ Runbook: 'Check the key owner.' })).toEqual({ runbook: 'Check the key owner.' });
    expect(chronicleDocs(new Map([['version', '1.0']]))).toEqual({ version: '1.0' });
    expect(pantherDocs({})).toBeUndefined();
  });

  it('keeps other identifiers distinct from the upstream ID', () => {
    expect(otherIds('a', ['a', 'b', ' b ', undefined, ''])).toEqual(['b']);
    expect(otherIds('a', ['a'])).toBeUndefined();
  });

  it('orders the page sections and renders Markdown only where upstream writes Markdown', () => {
    const sections = docSections({ docs: { falsePositives: ['x'], investigationGuide: '**bold** <script>x</script>', runbook: '<b>not html</b>', version: '3' } });
    expect(sections.map((s) => s.id)).toEqual(['false-positives', 'investigation-guide', 'runbook', 'version']);
    const guide = sections.find((s) => s.id === 'investigation-guide');
    expect(guide?.kind === 'html' && guide.html).toContain('<strong>bold</strong>');
    expect(guide?.kind === 'html' && guide.html).not.toContain('<script');
    const runbook = sections.find((s) => s.id === 'runbook');
    expect(runbook).toMatchObject({ kind: 'text', text: '<b>not html</b>' });
  });
});
