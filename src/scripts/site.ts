/**
 * The one script of every page (an external file, cached once, instead of small scripts inlined into each of
 * 15,000 pages): keyboard comfort (the theme is public/theme.js, run in <head> before the first paint), copy buttons, the search box loaded when used.
 */
import { addCopyLinkButtons } from './copy.ts';
import './keyboard.ts';
import { setUpLazySearch } from './search-loader.ts';

addCopyLinkButtons();
setUpLazySearch();
