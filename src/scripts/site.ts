/**
 * The one script of every page (an external file, cached once, instead of small scripts inlined into each of
 * 15,000 pages): keyboard comfort, copy buttons, the theme toggle, the search box loaded when used.
 */
import { addCopyLinkButtons } from './copy.ts';
import './keyboard.ts';
import { setUpLazySearch } from './search-loader.ts';

addCopyLinkButtons();
setUpLazySearch();

document.getElementById('theme-toggle')?.addEventListener('click', () => {
  const next = document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark';
  document.documentElement.dataset.theme = next;
  localStorage.setItem('rulecat-theme', next);
});
