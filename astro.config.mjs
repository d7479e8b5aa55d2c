// Static catalog site. Pages render what the core (src/lib) computed; Pagefind indexes dist/ afterwards
// (scripts/build.ts), Shiki runs through src/lib/highlight with its own cache.
import { defineConfig } from 'astro/config';
import tailwindcss from '@tailwindcss/vite';
import sitemap from '@astrojs/sitemap';

export default defineConfig({
  output: 'static',
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
    build: { chunkSizeWarningLimit: 4000, assetsInlineLimit: 0 },
  },
});
