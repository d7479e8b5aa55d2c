import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSourceContext } from '../../src/lib/catalog.ts';
import { elasticEndpointFormat, ENDPOINT_KIND } from '../../src/lib/formats/elastic/endpoint.ts';
import { renderConjuncts } from '../../src/lib/logic/render.ts';
import { logicStages } from '../../src/lib/logic/tree.ts';

const root = resolve(__dirname, '../../content/examples/elastic-protections-artifacts');
const source = createSourceContext('elastic-protections-artifacts', root, { url: 'https://github.com/elastic/protections-artifacts', commit: 'abc1234' });
const corpus = { findByUpstreamId: () => undefined };
const files = elasticEndpointFormat.listFiles(source);
const rules = files.flatMap((f) => elasticEndpointFormat.parseFile(f, readFileSync(join(root, f), 'utf8'), source).rules);
const byTitle = (t: string) => rules.find((r) => r.title === t)!;
const detail = (t: string, label: string) => byTitle(t).details?.find((d) => d.label === label)?.values;

describe('Elastic Defend behavior rules (project examples)', () => {
  it('lists behavior/rules/<os>/*.toml and reads each as an Elastic endpoint behavior rule', () => {
    expect(files.every((f) => /^behavior\/rules\/[a-z-]+\/[^/]+\.toml$/.test(f))).toBe(true);
    expect(rules.length).toBe(files.length);
    for (const r of rules) {
      expect(r.parseError).toBeUndefined();
      expect(r.vendor).toBe('elastic');
      expect(r.kind).toBe(ENDPOINT_KIND);
      expect(r.upstreamId).toMatch(/^[0-9a-f-]{36}$/);
      expect(r.files[0].upstreamUrl).toContain('/blob/abc1234/behavior/rules/');
    }
  });

  it('takes ATT&CK from the top-level [[threat]] tables, references from `reference`, platform from os_list and the EQL category', () => {
    const r = byTitle('Unsigned DLL Loaded by Rundll32 from Downloads');
    expect(r.attack).toEqual({ tactics: ['TA0005'], techniques: ['T1218', 'T1218.011'] });
    expect(r.references).toEqual(['https://attack.mitre.org/techniques/T1218/011/']);
    expect(r.logPlatform).toBe('Windows Process Creation');
    expect(byTitle('Shell Spawned by Web Server Worker Fetching a Script').logPlatform).toBe('Linux Process Creation');
  });

  it('shows actions, optional actions, os_list and the minimum endpoint version as details', () => {
    const t = 'Unsigned DLL Loaded by Rundll32 from Downloads';
    expect(detail(t, 'Actions')).toEqual(['kill_process on process.entity_id (state 1)']);
    expect(detail(t, 'Optional actions')).toEqual(['rollback on process.entity_id (state 1)']);
    expect(detail(t, 'OS list')).toEqual(['windows']);
    expect(detail(t, 'Minimum endpoint version')).toEqual(['8.10.0']);
    // `optional_actions = []` inside [rule] is no detail at all.
    expect(detail('Shell Spawned by Web Server Worker Fetching a Script', 'Optional actions')).toBeUndefined();
  });

  it('extracts the EQL: a single-event rule in full, the _arraysearch step of a sequence as a scope', () => {
    const single = elasticEndpointFormat.extractLogic!(byTitle('Shell Spawned by Web Server Worker Fetching a Script'), source, corpus);
    expect(single.status).toBe('full');
    expect(renderConjuncts(single.conjuncts)).toContain('process.parent.name in ["nginx", "httpd", "apache2", "php-fpm"]');
    const seq = elasticEndpointFormat.extractLogic!(byTitle('Unsigned DLL Loaded by Rundll32 from Downloads'), source, corpus);
    expect(seq.status).not.toBe('none');
    const json = JSON.stringify(logicStages(seq));
    expect(json).toContain('"type":"scope","quantifier":"any","field":"process.thread.Ext.call_stack"');
    expect(json).toContain('"field":"symbol_info"');
  });

  it('turns broken TOML into a page with the reason, never a throw', () => {
    const [r] = elasticEndpointFormat.parseFile('behavior/rules/windows/broken.toml', '[rule\nname = "x"', source).rules;
    expect(r.parseError?.code).toBe('toml-syntax');
    expect(r.files[0].text).toContain('[rule');
  });
});
