/**
 * Pagefind without its filter data until a filter is used. Pagefind counts every loaded filter over the results
 * of each search: on the corpus (12,000 rule pages, four filters of about 25 KB each) a search with 600 to 1,600
 * results took 0.4 to 1.7 s with the filters loaded and 1 to 60 ms without them, and the filter files were a third
 * of what a search downloaded. Pagefind's component UI asks for all filters as soon as it loads, so an instance is
 * given a Pagefind whose filters() answers nothing until `want()`; then the real filters load and the current
 * search runs again to count them. If the components ever stop exposing what this relies on, nothing is wrapped
 * and they load as they always did.
 */
type Filters = Record<string, Record<string, number>>;

interface PagefindLike {
  filters(): Promise<Filters>;
}

export interface InstanceLike {
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

export interface DeferredFilters {
  instance: InstanceLike;
  /** Loads the filter data and searches again, so the filter controls fill with counts. */
  want(): Promise<void>;
}

/** Defers the filter data of a component UI instance ("default" is the header box's), if it has not loaded yet. */
export function deferFilters(instanceName: string): DeferredFilters | undefined {
  const components = (window as unknown as { PagefindComponents?: ComponentsGlobal }).PagefindComponents;
  const instance = components?.getInstanceManager?.()?.getInstance(instanceName);
  if (!instance) return undefined;
  let wanted = false;
  if (!interceptPagefind(instance, () => wanted)) return undefined;
  return {
    instance,
    want: async () => {
      if (wanted) return;
      wanted = true;
      await instance.triggerLoad();
      await instance.__pagefind__?.filters();
      instance.triggerSearch(instance.searchTerm);
    },
  };
}
