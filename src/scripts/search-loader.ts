/**
 * Pagefind's search box, loaded when it is used. Pages carry a plain input inside <pagefind-searchbox>; the
 * component script (about 40 KB gzipped) and its CSS load on the first focus, pointer or key on it (or on "/").
 * When the component renders its own input in place of ours, the text typed so far, the caret and the focus move
 * over in the same task (a MutationObserver callback runs before the next input event), and an input event makes
 * it search. The search index itself (pagefind.js, its WASM and metadata) loads on the first focus of that input.
 * The header box shows no filters, so its instance ("default") never loads the filter data (pagefind-filters.ts).
 */
import { deferFilters } from './pagefind-filters.ts';

const COMPONENT_JS = '/pagefind/pagefind-component-ui.js';
const COMPONENT_CSS = '/pagefind/pagefind-component-ui.css';

let loading: Promise<unknown> | undefined;

export function loadSearchComponents(): Promise<unknown> {
  if (!loading) {
    if (!document.querySelector(`link[href="${COMPONENT_CSS}"]`)) {
      const link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = COMPONENT_CSS;
      // Before the site's stylesheet, as on the search page: both set the --pf-* colours on :root, and the site's
      // (its theme, dark mode) must come later to win.
      const site = document.head.querySelector('link[rel="stylesheet"], style');
      document.head.insertBefore(link, site);
    }
    loading = import(/* @vite-ignore */ COMPONENT_JS).then(() => void deferFilters('default'), (e: unknown) => {
      loading = undefined;
      console.error('search could not load', e);
    });
  }
  return loading;
}

/** Hands the placeholder's text, caret and (when it had it) the focus to the input the component rendered. */
function handOver(placeholder: HTMLInputElement, box: Element, hadFocus: boolean): boolean {
  if (placeholder.isConnected) return false;
  const real = box.querySelector<HTMLInputElement>('input:not([data-lazy-search])');
  if (!real) return false;
  const active = document.activeElement;
  if (hadFocus && (!active || active === document.body || active === document.documentElement)) real.focus();
  if (placeholder.value) {
    real.value = placeholder.value;
    const at = placeholder.selectionStart ?? placeholder.value.length;
    real.setSelectionRange(at, placeholder.selectionEnd ?? at);
    real.dispatchEvent(new Event('input', { bubbles: true }));
  }
  return true;
}

export function setUpLazySearch(): void {
  for (const placeholder of document.querySelectorAll<HTMLInputElement>('input[data-lazy-search]')) {
    const box = placeholder.closest('pagefind-searchbox');
    if (!box) continue;
    // Focus left only for another element counts as leaving (removing a focused element may fire blur too).
    let focused = false;
    placeholder.addEventListener('focus', () => (focused = true));
    placeholder.addEventListener('blur', (e) => (focused = focused && !e.relatedTarget));
    const observer = new MutationObserver(() => {
      if (handOver(placeholder, box, focused)) observer.disconnect();
    });
    observer.observe(box, { childList: true, subtree: true });
    const load = () => void loadSearchComponents();
    for (const type of ['focus', 'pointerdown', 'keydown', 'input']) placeholder.addEventListener(type, load, { once: true });
    // The component may already be there (the search page loads it at once).
    if (customElements.get('pagefind-searchbox')) load();
  }
}
