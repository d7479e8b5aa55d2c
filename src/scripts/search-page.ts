/**
 * The search page's Pagefind instance ("full"): it loads with the page (whoever opens /search/ is about to type),
 * its filter data loads only when a filter control is used (pagefind-filters.ts says why), and its list shows the
 * first results with a button for all of them.
 */
import { deferFilters, type InstanceLike } from './pagefind-filters.ts';

/**
 * The results list shows its first `max-results` results and a button for all of them. Pagefind's list puts a
 * placeholder for every result into the page at once: laying out 600 to 1,600 of them (T1562, process.name) held
 * the first results back by seconds, while nobody reads that far without asking. The cap returns with a new query.
 */
function setUpShowAll(instance: InstanceLike, list: Element, button: HTMLButtonElement): void {
  const cap = list.getAttribute('max-results');
  if (!cap) return;
  let allShownFor: string | null = null;
  instance.on('search', (term) => {
    if (term !== allShownFor) {
      allShownFor = null;
      list.setAttribute('max-results', cap);
    }
  });
  instance.on('results', ({ results }) => {
    button.hidden = allShownFor !== null || results.length <= Number(cap);
    button.textContent = `Show all ${results.length.toLocaleString('en-US')} results`;
  });
  button.addEventListener('click', () => {
    allShownFor = instance.searchTerm;
    list.removeAttribute('max-results');
    button.hidden = true;
    instance.triggerSearch(instance.searchTerm);
  });
}

export async function setUpSearchPage(instanceName = 'full'): Promise<void> {
  await customElements.whenDefined('pagefind-config');
  const deferred = deferFilters(instanceName);
  if (!deferred) return;
  const { instance } = deferred;
  const filterControls = document.querySelector('[data-testid="search-filters"]');
  for (const type of ['pointerdown', 'focusin', 'keydown']) filterControls?.addEventListener(type, () => void deferred.want(), { once: true });
  const list = document.querySelector(`pagefind-results[instance="${instanceName}"]`);
  const showAll = document.querySelector<HTMLButtonElement>('[data-testid="show-all-results"]');
  if (list && showAll) setUpShowAll(instance, list, showAll);
  void instance.triggerLoad();
}
