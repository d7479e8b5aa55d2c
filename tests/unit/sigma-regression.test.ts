import { describe, expect, it } from 'vitest';
import { flattenEvtx, jsonStream, regressionAgreement } from '../../src/lib/formats/sigma/regression.ts';
import { leaf } from '../../src/lib/logic/tree.ts';

// The shape evtx_dump gives SigmaHQ's regression_data (a Defender 1119 record, shortened).
const record = {
  Event: {
    '#attributes': { xmlns: 'http://schemas.microsoft.com/win/2004/08/events/event' },
    System: { Provider: { '#attributes': { Name: 'Microsoft-Windows-Windows Defender' } }, EventID: 1119, Channel: 'Microsoft-Windows-Windows Defender/Operational', Correlation: null },
    EventData: { 'Source Name': 'Real-Time Protection', 'Process Name': 'C:\\Users\\x\\Downloads\\RedSun.exe', 'Threat Name': 'Tool:Win32/EICAR_Test_File' },
  },
};

describe('sigma regression events', () => {
  it('reads files holding several concatenated JSON documents', () => {
    const text = `${JSON.stringify(record, null, 2)}\n${JSON.stringify({ Event: { System: { EventID: 2 } } })}\n`;
    expect(jsonStream(text)).toHaveLength(2);
    expect(jsonStream('{"a": "x } y"}')).toEqual([{ a: 'x } y' }]);
  });

  it('flattens System scalars, Provider_Name and EventData, also without spaces in names', () => {
    expect(flattenEvtx(record)).toMatchObject({
      EventID: 1119,
      Provider_Name: 'Microsoft-Windows-Windows Defender',
      SourceName: 'Real-Time Protection',
      'Process Name': 'C:\\Users\\x\\Downloads\\RedSun.exe',
      ProcessName: 'C:\\Users\\x\\Downloads\\RedSun.exe',
    });
  });

  it('a case agrees when any of its events matches', () => {
    const events = [{ EventID: 1 }, flattenEvtx(record)];
    const cases = [{ name: 'Positive Detection Test', expected: true, log: events[0], events }];
    expect(regressionAgreement([leaf('ProcessName', 'endswith', ['\\redsun.exe'])], cases)).toEqual({ cases: 1, agree: 1, disagreeing: [] });
    expect(regressionAgreement([leaf('ProcessName', 'endswith', ['\\redsun.exe'], { caseSensitive: true })], cases)?.agree).toBe(0);
  });
});
