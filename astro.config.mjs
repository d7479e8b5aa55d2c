// Static catalog site. Pages render what the core (src/lib) computed; Pagefind indexes dist/ afterwards
// (scripts/build.ts), Shiki runs through src/lib/highlight with its own cache.
import { defineConfig } from 'astro/config';
import tailwindcss from '@tailwindcss/vite';
import sitemap from '@astrojs/sitemap';

export default defineConfig({
  output: 'static',
  // Astro's own cache (content-layer store) in the project, not in node_modules (worktrees share one node_modules).
  cacheDir: './.cache/astro',
  site: process.env.RULECAT_SITE_URL || 'http://127.0.0.1:4321',
  trailingSlash: 'always',
  // No inline stylesheets or scripts: the Content-Security-Policy (src/lib/site/csp.ts) allows the site's own files only.
  build: { format: 'directory', concurrency: 1, inlineStylesheets: 'never' },
  compressHTML: true,
  devToolbar: { enabled: false },
  // /id/ pages are redirects and disambiguations: the rule pages they point to are in the sitemap already.
  integrations: [sitemap({ filter: (page) => !new URL(page).pathname.startsWith('/id/') })],
  markdown: { syntaxHighlight: false },
  vite: {
    plugins: [tailwindcss()],
    // Scripts stay external files: a strict Content-Security-Policy allows no inline script, and a file is cached
    // once instead of being inlined into every one of 15,000 pages.
    build: { chunkSizeWarningLimit: 4000, assetsInlineLimit: 0 },
  },
});
