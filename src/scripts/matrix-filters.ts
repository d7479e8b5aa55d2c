/**
 * The /attack/ matrix filters: recounts every cell for the chosen vendor and log platform from the static
 * /data/attack-matrix.json, or paints the scores of a Navigator layer given as ?layer=<site path>. The choice
 * stays in the URL (?vendor=sigma&platform=windows) so a filtered matrix can be shared.
 */
interface MatrixData {
  vendors: { id: string; name: string }[];
  platforms: { slug: string; name: string }[];
  rules: [number, number][];
  techniques: Record<string, number[]>;
}

interface Layer {
  name?: string;
  techniques?: { techniqueID?: string; score?: number }[];
}

function paint(cells: HTMLAnchorElement[], counts: (id: string) => number) {
  for (const cell of cells) {
    const id = cell.dataset.technique!;
    const n = counts(id);
    cell.querySelector('.n')!.textContent = String(n);
    cell.classList.toggle('has', n > 0);
    cell.classList.toggle('empty', n === 0);
    cell.classList.toggle('hot', n >= 100);
    cell.classList.toggle('warm', n >= 20 && n < 100);
    cell.title = `${id} ${cell.querySelector('span')!.textContent}: ${n} rules`;
  }
}

export function setupMatrixFilters() {
  const form = document.querySelector<HTMLFormElement>('[data-testid="matrix-filters"]');
  if (!form) return;
  const cells = [...document.querySelectorAll<HTMLAnchorElement>('[data-testid="attack-matrix"] a[data-technique]')];
  const status = form.querySelector<HTMLElement>('[data-testid="matrix-status"]')!;
  const vendor = form.elements.namedItem('vendor') as HTMLSelectElement;
  const platform = form.elements.namedItem('platform') as HTMLSelectElement;
  const params = new URLSearchParams(location.search);
  let data: Promise<MatrixData> | undefined;
  const load = () => (data ??= fetch(form.dataset.src!).then((r) => r.json() as Promise<MatrixData>));

  const apply = async () => {
    const url = new URL(location.href);
    for (const [name, select] of [['vendor', vendor], ['platform', platform]] as const) {
      if (select.value) url.searchParams.set(name, select.value);
      else url.searchParams.delete(name);
    }
    url.searchParams.delete('layer');
    history.replaceState(null, '', url);
    if (!vendor.value && !platform.value) {
      paint(cells, (id) => Number(cells.find((c) => c.dataset.technique === id)?.dataset.all ?? 0));
      status.textContent = '';
      return;
    }
    const d = await load();
    const v = d.vendors.findIndex((x) => x.id === vendor.value);
    const p = d.platforms.findIndex((x) => x.slug === platform.value);
    const keep = (i: number) => (v < 0 || d.rules[i][0] === v) && (p < 0 || d.rules[i][1] === p);
    paint(cells, (id) => (d.techniques[id] ?? []).filter(keep).length);
    const matching = d.rules.filter((_, i) => keep(i)).length;
    status.textContent = `Showing ${matching.toLocaleString('en-US')} rules: ${[vendor, platform].filter((s) => s.value).map((s) => s.selectedOptions[0].text).join(', ')}`;
  };

  const layerUrl = params.get('layer');
  if (layerUrl && layerUrl.startsWith('/') && !layerUrl.startsWith('//')) {
    fetch(layerUrl)
      .then((r) => r.json() as Promise<Layer>)
      .then((layer) => {
        const scores = new Map((layer.techniques ?? []).filter((t) => t.techniqueID && !t.techniqueID.includes('.')).map((t) => [t.techniqueID!, t.score ?? 0]));
        paint(cells, (id) => scores.get(id) ?? 0);
        status.textContent = `Showing the Navigator layer "${layer.name ?? layerUrl}"`;
        form.dataset.layer = layerUrl;
      })
      .catch(() => (status.textContent = `Could not open the layer ${layerUrl}`));
  } else {
    vendor.value = params.get('vendor') ?? '';
    platform.value = params.get('platform') ?? '';
    if (vendor.value || platform.value) void apply();
  }
  vendor.addEventListener('change', apply);
  platform.addEventListener('change', apply);
  form.addEventListener('reset', () => setTimeout(apply));
}
