/**
 * Keyboard comfort on every page: "/" focuses the search box (unless the user is typing in a field), and on
 * /search/ the arrow keys move between the search input and the results; Escape returns to the input.
 */
function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
}

function searchInput(): HTMLInputElement | null {
  return document.querySelector<HTMLInputElement>('pagefind-input input') ?? document.querySelector<HTMLInputElement>('pagefind-searchbox input');
}

function resultLinks(): HTMLAnchorElement[] {
  return [...document.querySelectorAll<HTMLAnchorElement>('pagefind-results a[href]')].filter((a) => a.offsetParent !== null);
}

// Capture phase: Pagefind's own components handle (and stop) some keys on their inputs.
document.addEventListener('keydown', (event) => {
  if (event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey && !isTyping(event.target)) {
    const input = searchInput();
    if (input) {
      event.preventDefault();
      input.focus();
    }
    return;
  }
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp' && event.key !== 'Escape') return;
  const links = resultLinks();
  const active = document.activeElement;
  const input = document.querySelector<HTMLInputElement>('pagefind-input input');
  if (!input || !links.length) return;
  const at = links.indexOf(active as HTMLAnchorElement);
  if (active === input && event.key === 'ArrowDown') {
    event.preventDefault();
    links[0].focus();
  } else if (at >= 0 && event.key === 'Escape') {
    event.preventDefault();
    input.focus();
  } else if (at >= 0) {
    event.preventDefault();
    const next = event.key === 'ArrowDown' ? at + 1 : at - 1;
    if (next < 0) input.focus();
    else links[Math.min(next, links.length - 1)].focus();
  }
}, true);
