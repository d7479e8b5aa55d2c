import { describe, expect, it } from 'vitest';
import { elasticPlatform, type PlatformClues } from '../../src/lib/formats/elastic/platform.ts';
import { PLATFORMS } from '../../src/lib/platforms.ts';

const clues = (c: Partial<PlatformClues>): PlatformClues => ({ index: [], tags: [], datasets: [], categories: [], osTypes: [], ...c });

describe('elastic log platforms', () => {
  it.each([
    ['aws.cloudtrail', 'AWS CloudTrail'],
    ['gcp.audit', 'GCP Audit Logs'],
    ['azure.activitylogs', 'Azure Activity'],
    ['azure.auditlogs', 'Entra ID Audit Logs'],
    ['azure.signinlogs', 'Entra ID Sign-in Logs'],
    ['o365.audit', 'Microsoft 365 Audit'],
    ['okta.system', 'Okta System Log'],
    ['github.audit', 'GitHub Audit Log'],
    ['kubernetes.audit_logs', 'Kubernetes Audit'],
    ['system.security', 'Windows Security Event Log'],
  ])('maps the dataset %s the query names to %s', (dataset, platform) => {
    expect(elasticPlatform(clues({ index: ['filebeat-*', 'logs-*'], datasets: [dataset] }))).toBe(platform);
  });

  it('maps integration index patterns when the query names no dataset', () => {
    expect(elasticPlatform(clues({ index: ['filebeat-*', 'logs-aws.cloudtrail-*'] }))).toBe('AWS CloudTrail');
    expect(elasticPlatform(clues({ index: ['logs-okta*'] }))).toBe('Okta System Log');
  });

  it('maps endpoint process events by OS, from tags or host.os.type', () => {
    const index = ['logs-endpoint.events.process-*', 'winlogbeat-*', 'endgame-*'];
    expect(elasticPlatform(clues({ index, tags: ['OS: Windows'], categories: ['process'] }))).toBe('Windows Process Creation');
    expect(elasticPlatform(clues({ index: ['logs-endpoint.events.process*'], osTypes: ['linux'] }))).toBe('Linux Process Creation');
    expect(elasticPlatform(clues({ index: ['logs-endpoint.events.process*'], tags: ['OS: macOS'] }))).toBe('macOS Process Creation');
  });

  it('maps other endpoint events to the OS endpoint platform, or the Windows event family', () => {
    expect(elasticPlatform(clues({ index: ['logs-endpoint.events.file*'], tags: ['OS: Linux'], categories: ['file'] }))).toBe('Linux Endpoint');
    expect(elasticPlatform(clues({ index: ['logs-endpoint.events.*'], tags: ['OS: macOS'], categories: ['network'] }))).toBe('macOS Endpoint');
    expect(elasticPlatform(clues({ index: ['logs-endpoint.events.registry-*'], tags: ['OS: Windows'] }))).toBe('Windows Registry');
    expect(elasticPlatform(clues({ index: ['logs-endpoint.events.*'], tags: ['OS: Windows'], categories: ['any'] }))).toBe('Windows Endpoint');
  });

  it('maps the Windows security channel', () => {
    expect(elasticPlatform(clues({ index: ['logs-system.security*', 'logs-windows.forwarded*', 'winlogbeat-*'], categories: ['authentication'] }))).toBe(
      'Windows Security Event Log',
    );
  });

  it('falls back on Data Source tags, then says nothing', () => {
    expect(elasticPlatform(clues({ tags: ['Domain: Cloud', 'Data Source: AWS'] }))).toBe('AWS CloudTrail');
    expect(elasticPlatform(clues({ tags: ['Data Source: Okta'] }))).toBe('Okta System Log');
    expect(elasticPlatform(clues({ tags: ['Domain: Endpoint', 'OS: Windows'], hints: ['v3_windows_rare_process'] }))).toBe('Windows Endpoint');
    expect(elasticPlatform(clues({ index: ['logs-*'] }))).toBeUndefined();
  });

  it('only ever answers with normalized platform names', () => {
    const names = new Set<string>(PLATFORMS);
    const samples = ['aws.guardduty', 'azure.platformlogs', 'zeek.dns', 'panw.panos', 'nginx.access', 'endpoint.alerts', 'ti_abusech', 'aws_bedrock.invocation'];
    for (const d of samples) expect(names.has(elasticPlatform(clues({ datasets: [d] }))!), d).toBe(true);
  });
});

describe('elastic log platforms: alerts', () => {
  it('puts rules over the alerts index under Elastic Security Alerts, whatever their OS tags', () => {
    expect(elasticPlatform(clues({ index: ['.alerts-security.*'], tags: ['Domain: Endpoint', 'OS: Windows'] }))).toBe('Elastic Security Alerts');
  });
});
