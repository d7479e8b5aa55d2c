/** Cases found by reading extracted trees of real SigmaHQ rules beside their detection blocks. */
import { describe, expect, it } from 'vitest';
import { leaf } from '../../src/lib/logic/tree.ts';
import { sigmaTree } from '../fixtures/sigma/detection.ts';

describe('sigma keywords read escapes as the specification does', () => {
  it('\\\\ is one backslash and \\* a literal star, as in field values (win_exchange_proxyshell_certificate_generation)', () => {
    expect(sigmaTree("keywords:\n    - '\\\\\\\\localhost\\\\C$'\n    - 'select \\*'\n    - '\\mimilib.dll'\ncondition: keywords")).toEqual([
      leaf('*', 'keyword', ['\\\\localhost\\C$', 'select *', '\\mimilib.dll']),
    ]);
  });
});

describe('sigma |re case sensitivity', () => {
  it('a pattern that opens with the inline flag (?i) is case-insensitive (proxy_susp_ipfs_cred_harvest)', () => {
    expect(sigmaTree("sel:\n    cs-uri|re: '(?i)ipfs\\.io/'\ncondition: sel")).toEqual([leaf('cs-uri', 'regex', ['(?i)ipfs\\.io/'])]);
    expect(sigmaTree("sel:\n    cs-uri|re: 'ipfs\\.io/'\ncondition: sel")).toEqual([leaf('cs-uri', 'regex', ['ipfs\\.io/'], { caseSensitive: true })]);
  });
});
