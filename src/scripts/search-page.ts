/**
 * The search page's Pagefind instance ("full"): it loads with the page (whoever opens /search/ is about to type),
 * and it leaves the filter data out until the person uses a filter.
 *
 * Why: Pagefind counts every loaded filter over the results of each search. On the corpus (12,000 rule pages,
 * four filters of about 25 KB each) a search with 600 to 1,600 results took 0.4 to 1.7 s with the filters loaded
 * and 1 to 60 ms without them, and the filter files were a third of what a search downloads. Pagefind's component
 * UI asks for all filters as soon as it loads, so the instance gets a Pagefind whose filters() answers nothing
 * until a filter control is used; then the real filters load and the current search runs again to count them.
 * If Pagefind's components ever stop exposing what this relies on, the page falls back to their own loading.
 */
type Filters = Record<string, Record<string, number>>;

interface PagefindLike {
  filters(): Promise<Filters>;
}

interface InstanceLike {
  __pagefind__: PagefindLike | null;
  searchTerm: string;
  triggerLoad(): Promise<void>;
  triggerSearch(term: string): void;
  on(event: 'search', callback: (term: string) => void): void;
  on(event: 'results', callback: (results: { results: unknown[] }) => void): void;
}

interface ComponentsGlobal {
  getInstanceManager(): { getInstance(name: string): InstanceLike };
}

/** A view of Pagefind whose filters() is empty while `wanted()` is false; everything else is Pagefind's own. */
function withLazyFilters(pagefind: PagefindLike, wanted: () => boolean): PagefindLike {
  return new Proxy(pagefind, {
    get(target, property) {
      if (property === 'filters') return () => (wanted() ? target.filters() : Promise.resolve({}));
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Wraps whatever Pagefind the instance is given; false when the instance already has one (too late to wrap). */
function interceptPagefind(instance: InstanceLike, wanted: () => boolean): boolean {
  if (instance.__pagefind__ || !('__pagefind__' in instance)) return false;
  let current: PagefindLike | null = null;
  Object.defineProperty(instance, '__pagefind__', {
    configurable: true,
    get: () => current,
    set: (pagefind: PagefindLike | null) => void (current = pagefind && withLazyFilters(pagefind, wanted)),
  });
  return true;
}

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
  const components = (window as unknown as { PagefindComponents?: ComponentsGlobal }).PagefindComponents;
  const instance = components?.getInstanceManager?.()?.getInstance(instanceName);
  if (!instance) return;
  let filtersWanted = false;
  if (interceptPagefind(instance, () => filtersWanted)) {
    const filterControls = document.querySelector('[data-testid="search-filters"]');
    const wantFilters = async () => {
      if (filtersWanted) return;
      filtersWanted = true;
      await instance.triggerLoad();
      await instance.__pagefind__?.filters();
      // Runs the search again: Pagefind counts the filters it now has over the results, and the dropdowns fill.
      instance.triggerSearch(instance.searchTerm);
    };
    for (const type of ['pointerdown', 'focusin', 'keydown']) filterControls?.addEventListener(type, () => void wantFilters(), { once: true });
  }
  const list = document.querySelector(`pagefind-results[instance="${instanceName}"]`);
  const showAll = document.querySelector<HTMLButtonElement>('[data-testid="show-all-results"]');
  if (list && showAll) setUpShowAll(instance, list, showAll);
  void instance.triggerLoad();
}
