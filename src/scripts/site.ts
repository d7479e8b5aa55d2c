/**
 * The one script of every page (an external file, cached once, instead of small scripts inlined into each of
 * 15,000 pages): keyboard comfort, copy buttons, the theme toggle.
 */
import { addCopyLinkButtons } from './copy.ts';
import './keyboard.ts';

addCopyLinkButtons();

document.getElementById('theme-toggle')?.addEventListener('click', () => {
  const next = document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark';
  document.documentElement.dataset.theme = next;
  localStorage.setItem('rulecat-theme', next);
});
