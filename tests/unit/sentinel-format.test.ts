/** Sentinel / Defender XDR analytic rules: ingest of the project's own fixtures, good and broken. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sentinelFormat } from '../../src/lib/formats/sentinel/index.ts';
import { renderConjuncts } from '../../src/lib/logic/render.ts';
import type { RuleDraft } from '../../src/lib/model.ts';
import { createSourceContext } from '../../src/lib/catalog.ts';

const root = join(import.meta.dirname, '../fixtures/sentinel');
const source = createSourceContext('fixtures', root, { url: 'https://github.com/Azure/Azure-Sentinel', commit: 'abc1234' });
const corpus = { findByUpstreamId: () => undefined };
const CONTOSO = 'Solutions/Contoso Cloud/Analytic Rules';
const NETWORK = 'Solutions/Contoso Network/Analytic Rules';

function parse(relPath: string) {
  return sentinelFormat.parseFile(relPath, readFileSync(join(root, relPath), 'utf8'), source);
}
function rule(relPath: string): RuleDraft {
  const [draft] = parse(relPath).rules;
  return draft;
}

describe('sentinel format: files', () => {
  it('lists analytic rules (nested folders too) and Defender XDR hunting queries, and nothing else', () => {
    expect(sentinelFormat.listFiles(source)).toEqual([
      `${CONTOSO}/BrokenYaml.yaml`,
      `${CONTOSO}/FullRule.yaml`,
      `${CONTOSO}/KqlSyntaxError.yaml`,
      `${CONTOSO}/Nested/NoName.yaml`,
      `${CONTOSO}/NotAMapping.yaml`,
      `${CONTOSO}/NotARule.yaml`,
      `${NETWORK}/AsimDnsTunnel.yaml`,
      `${NETWORK}/GitHubTwoFactorDisabled.yaml`,
      `${NETWORK}/PaloAltoCefDeny.yaml`,
      `${NETWORK}/ZscalerCefDownload.yaml`,
      'Solutions/Microsoft Defender XDR/Analytic Rules/EncodedPowerShell.yaml',
      'Solutions/Microsoft Defender XDR/Hunting Queries/RemoteShadowCopyAccess.yaml',
    ]);
  });
});

describe('sentinel format: a complete rule', () => {
  const r = rule(`${CONTOSO}/FullRule.yaml`);

  it('reads identity, text, severity, kind and status', () => {
    expect(r).toMatchObject({
      vendor: 'sentinel',
      format: 'sentinel',
      upstreamId: '0b6f8a3e-1c2d-4e5f-9a8b-7c6d5e4f3a21',
      title: 'Contoso - role assignment by a new caller',
      slugBase: 'Contoso - role assignment by a new caller',
      severity: { original: 'Medium', normalized: 'medium' },
      status: 'Available',
      kind: 'NRT',
      deprecated: false,
    });
    expect(r.description).toMatch(/^A caller that was never seen/);
  });

  it('keeps ATT&CK as stated, techniques upper-cased', () => {
    expect(r.attack).toEqual({ tactics: ['PrivilegeEscalation', 'Persistence'], techniques: ['T1098', 'T1078.004'] });
  });

  it('maps connectors and query tables to the log source and platform', () => {
    expect(r.logSource).toEqual(['AzureActivity']);
    expect(r.logPlatform).toBe('Azure Activity');
  });

  it('reads metadata, tags, references from the description, the schedule and the body', () => {
    expect(r.authors).toEqual(['Contoso SOC']);
    expect(r.tags).toEqual(['Contoso', 'typo-of-tags']);
    expect(r.references).toEqual(['https://learn.microsoft.com/azure/role-based-access-control/overview']);
    expect(r.document).toMatchObject({
      schedule: { queryFrequency: '1h', queryPeriod: '14d', triggerOperator: 'gt', triggerThreshold: '0' },
      version: '1.0.3',
      support: 'Community',
    });
    expect(r.query?.language).toBe('kql');
    expect(r.query?.text).toMatch(/^AzureActivity\n/);
    expect(r.files[0]).toMatchObject({ language: 'yaml', upstreamUrl: 'https://github.com/Azure/Azure-Sentinel/blob/abc1234/Solutions/Contoso%20Cloud/Analytic%20Rules/FullRule.yaml' });
  });

  it('warns about unknown fields', () => {
    expect(r.diagnostics.map((d) => [d.code, d.message])).toEqual([['unknown-field', 'unknown field tag']]);
  });

  it('extracts the logic with output fields from the query, the entity mappings and the custom details', () => {
    const logic = sentinelFormat.extractLogic!(r, source, corpus);
    expect(logic.status).toBe('full');
    expect(renderConjuncts(logic.conjuncts)).toEqual([
      'OperationNameValue eq "Microsoft.Authorization/roleAssignments/write"',
      'ActivityStatusValue eq "Success"',
    ]);
    expect(logic.outputFields).toEqual(['Caller', 'CallerIpAddress', 'ResourceGroup', 'FirstSeen', 'AssignerUpn']);
    // Leaf locations point into the YAML file: the query starts on line 26, indented by two.
    expect(logic.conjuncts[0]).toMatchObject({ loc: { line: 27, column: 11 } });
  });
});

describe('sentinel format: platforms of shared tables, ASIM functions and connector tables', () => {
  it('files CEF rules by the DeviceVendor they filter on', () => {
    expect(rule(`${NETWORK}/ZscalerCefDownload.yaml`)).toMatchObject({ vendor: 'sentinel', logPlatform: 'Proxy / Web' });
    expect(rule(`${NETWORK}/PaloAltoCefDeny.yaml`)).toMatchObject({ vendor: 'sentinel', logPlatform: 'Firewall' });
  });

  it('files a rule on an ASIM parser function by its schema', () => {
    const r = rule(`${NETWORK}/AsimDnsTunnel.yaml`);
    expect(r.logPlatform).toBe('DNS');
    expect(r.logSource).toEqual(['_Im_Dns']);
  });

  it('files a rule on a SaaS connector table under the product', () => {
    const r = rule(`${NETWORK}/GitHubTwoFactorDisabled.yaml`);
    expect(r).toMatchObject({ vendor: 'sentinel', logPlatform: 'GitHub Audit Log' });
    expect(r.attack.techniques).toEqual(['T1556']);
  });
});

describe('sentinel format: Defender XDR', () => {
  it('files rules of the Microsoft Defender XDR solution under the defender-xdr vendor', () => {
    const r = rule('Solutions/Microsoft Defender XDR/Analytic Rules/EncodedPowerShell.yaml');
    expect(r.vendor).toBe('defender-xdr');
    expect(r.logPlatform).toBe('Windows Process Creation');
    expect(r.kind).toBe('Scheduled');
  });
});

describe('sentinel format: Defender XDR hunting queries', () => {
  it('reads them as rules of kind Hunting', () => {
    const r = rule('Solutions/Microsoft Defender XDR/Hunting Queries/RemoteShadowCopyAccess.yaml');
    expect(r).toMatchObject({ vendor: 'defender-xdr', kind: 'Hunting', logPlatform: 'Windows File Activity' });
    expect(r.attack.techniques).toEqual(['T1003.003']);
  });
});

describe('sentinel format: broken and odd files', () => {
  it('keeps a file that is not valid YAML as a broken rule with its line, raw text and salvaged title', () => {
    const result = parse(`${CONTOSO}/BrokenYaml.yaml`);
    expect(result.rules).toHaveLength(1);
    const [r] = result.rules;
    expect(r.parseError).toMatchObject({ code: 'yaml-syntax', severity: 'error', line: 10, file: `${CONTOSO}/BrokenYaml.yaml` });
    expect(r.title).toBe('Contoso - broken indentation');
    expect(r.files[0].text).toContain('columnName: UserPrincipalName');
  });

  it('keeps a YAML list as a broken rule', () => {
    const [r] = parse(`${CONTOSO}/NotAMapping.yaml`).rules;
    expect(r.parseError).toMatchObject({ code: 'yaml-structure' });
    expect(r.title).toBe('NotAMapping');
  });

  it('keeps a mapping without id, name or query as a page that says why it is not a rule', () => {
    const [r] = parse(`${CONTOSO}/NotARule.yaml`).rules;
    expect(r.parseError).toMatchObject({ code: 'not-an-analytic-rule', line: 1, message: 'the file has no id, name or query: not an analytic rule' });
    expect(r.files[0].text).toContain('Workbook: Contoso overview');
  });

  it('names a rule without a name after its file, with a warning', () => {
    const r = rule(`${CONTOSO}/Nested/NoName.yaml`);
    expect(r.title).toBe('NoName');
    expect(r.severity.normalized).toBe('info');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['missing-title']);
    expect(r.logPlatform).toBe('AWS CloudTrail');
  });

  it('points KQL syntax errors at their line in the YAML file and flags the logic partial', () => {
    const r = rule(`${CONTOSO}/KqlSyntaxError.yaml`);
    const logic = sentinelFormat.extractLogic!(r, source, corpus);
    expect(logic.status).toBe('partial');
    expect(logic.reasons).toEqual(['syntax error: Missing expression']);
    expect(logic.diagnostics).toEqual([
      { file: `${CONTOSO}/KqlSyntaxError.yaml`, code: 'kql-syntax', message: 'Missing expression', severity: 'warning', line: 11, column: 44 },
    ]);
    expect(renderConjuncts(logic.conjuncts)).toEqual(['ResultType eq "50126"']);
  });
});
