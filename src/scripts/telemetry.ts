/**
 * The /coverage/ page's "my telemetry" section in the browser: reads the ticked platforms and vendors, recounts
 * over /coverage/telemetry.json (src/lib/knowledge/telemetry.ts), repaints the counts and the matrix, offers the
 * Navigator layer of the choice as a download and keeps the choice in the URL.
 */
import { parseSelection, selectionQuery, summarize, telemetryLayer, type Selection, type TelemetryData } from '../lib/knowledge/telemetry.ts';

const fmt = (x: number) => x.toLocaleString('en-US');

function checked(root: Element, name: string): Set<string> {
  return new Set([...root.querySelectorAll<HTMLInputElement>(`input[name="${name}"]`)].filter((i) => i.checked).map((i) => i.value));
}

function tick(root: Element, name: string, chosen: Set<string> | undefined) {
  for (const input of root.querySelectorAll<HTMLInputElement>(`input[name="${name}"]`)) input.checked = !chosen || chosen.has(input.value);
}

function render(root: HTMLElement, data: TelemetryData, selection: Selection, layerUrl: { current?: string }) {
  const summary = summarize(data, selection);
  const text = (testid: string, value: string) => {
    const el = root.querySelector(`[data-testid="${testid}"]`);
    if (el) el.textContent = value;
  };
  text('telemetry-rules', fmt(summary.rules));
  text('telemetry-techniques', fmt(summary.covered));
  text('telemetry-total', fmt(summary.total));
  for (const t of summary.tactics) {
    const el = root.querySelector(`[data-tactic-covered="${t.id}"]`);
    if (el) el.textContent = String(t.covered);
  }
  for (const cell of root.querySelectorAll<HTMLElement>('[data-t]')) {
    const count = summary.counts[Number(cell.dataset.t)] ?? 0;
    cell.className = `cell ${count ? `has ${count >= 100 ? 'hot' : count >= 20 ? 'warm' : ''}` : 'empty'}`;
    const n = cell.querySelector('.n');
    if (n) n.textContent = String(count);
  }
  const query = selectionQuery(selection, data);
  const link = root.querySelector<HTMLAnchorElement>('[data-testid="telemetry-layer"]');
  if (link) {
    if (layerUrl.current) URL.revokeObjectURL(layerUrl.current);
    const layer = telemetryLayer(data, selection, summary);
    layerUrl.current = URL.createObjectURL(new Blob([JSON.stringify(layer, null, 1)], { type: 'application/json' }));
    link.href = layerUrl.current;
  }
  const share = root.querySelector<HTMLAnchorElement>('[data-testid="telemetry-share"]');
  if (share) share.href = `${location.pathname}${query}#my-telemetry`;
  history.replaceState(history.state, '', `${location.pathname}${query}${location.hash}`);
  root.dataset.ready = 'true';
}

export async function initTelemetry() {
  const root = document.querySelector<HTMLElement>('[data-telemetry]');
  if (!root) return;
  const data = (await (await fetch(root.dataset.src!)).json()) as TelemetryData;
  const layerUrl: { current?: string } = {};
  const selection = parseSelection(location.search, data);
  tick(root, 'platforms', selection.platforms);
  tick(root, 'vendors', selection.vendors);
  const current = (): Selection => {
    // Every box ticked is no filter, so the URL stays short and the data's new platforms stay in.
    const all = (count: number, chosen: Set<string>) => (chosen.size === count ? undefined : chosen);
    return { platforms: all(data.platforms.length, checked(root, 'platforms')), vendors: all(data.vendors.length, checked(root, 'vendors')) };
  };
  root.addEventListener('change', () => render(root, data, current(), layerUrl));
  root.addEventListener('click', (e) => {
    const button = (e.target as Element).closest<HTMLElement>('[data-all], [data-none]');
    if (!button) return;
    const name = button.dataset.all ?? button.dataset.none!;
    for (const input of root.querySelectorAll<HTMLInputElement>(`input[name="${name}"]`)) input.checked = button.dataset.all !== undefined;
    render(root, data, current(), layerUrl);
  });
  render(root, data, selection, layerUrl);
}
