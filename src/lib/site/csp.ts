/**
 * The Content-Security-Policy every page carries as a meta tag (a static site has no headers of its own). Scripts
 * and styles come only from the site's own files: no inline script or style, no style attribute (astro.config
 * keeps Astro from inlining small bundles), so text a rule smuggles into a page can run nothing even if escaping
 * ever failed. 'wasm-unsafe-eval' lets Pagefind compile its WebAssembly when it searches on the main thread; its
 * worker is a file of the site. Images may be data: URIs (icons in stylesheets). frame-ancestors is left out:
 * browsers ignore it in a meta tag, with a console error.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-src 'none'",
].join('; ');

/** The meta tag, for pages the build writes outside Astro (redirects). */
export function cspMetaTag(): string {
  return `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`;
}
