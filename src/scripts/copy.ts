/**
 * Copy buttons: a button with data-copy-anchor copies the page URL with that #anchor, one with data-copy-from
 * copies the text of the element with that id. The button says "Copied" for a moment; a polite live region
 * tells screen readers.
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
