/**
 * Copy buttons: a button with data-copy-anchor copies the page URL with that #anchor, one with data-copy-from
 * copies the text of the element with that id. The button says "Copied" for a moment; a polite live region
 * tells screen readers. Section headings (h2 with an a.anchor) get their "copy link" button here: it only works
 * with JavaScript, so pages do not carry it (about 2 KB a rule page).
 */
async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard permission (older browsers, http origins): fall back to a selected textarea.
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}

function announce(message: string) {
  let region = document.getElementById('copy-status');
  if (!region) {
    region = document.createElement('div');
    region.id = 'copy-status';
    region.className = 'sr-only';
    region.setAttribute('role', 'status');
    region.setAttribute('aria-live', 'polite');
    document.body.append(region);
  }
  region.textContent = message;
}

document.addEventListener('click', async (event) => {
  const button = (event.target as Element | null)?.closest<HTMLButtonElement>('button[data-copy-anchor], button[data-copy-from]');
  if (!button) return;
  const anchor = button.dataset.copyAnchor;
  const from = button.dataset.copyFrom;
  const text = anchor ? `${location.origin}${location.pathname}#${anchor}` : (document.getElementById(from ?? '')?.textContent ?? '');
  const ok = await copyText(text);
  button.dataset.copied = ok ? 'true' : 'false';
  const label = button.textContent;
  button.textContent = ok ? 'Copied' : 'Copy failed';
  announce(ok ? 'Copied to the clipboard' : 'Could not copy');
  setTimeout(() => {
    button.textContent = label;
  }, 1500);
});

/** A "copy link" button after each section heading's anchor. */
export function addCopyLinkButtons(root: ParentNode = document): void {
  for (const anchor of root.querySelectorAll<HTMLAnchorElement>('section[id] > h2 > a.anchor')) {
    const section = anchor.closest('section');
    if (!section || anchor.nextElementSibling?.matches('button.copy-link')) continue;
    const title = anchor.getAttribute('aria-label')?.replace(/^Link to /, '') ?? section.id;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'copy-link';
    button.dataset.copyAnchor = section.id;
    button.setAttribute('aria-label', `Copy link to ${title}`);
    button.textContent = 'copy link';
    anchor.after(button);
  }
}
