// Redirect pages (/id/ permalinks, moved rules, merged action pages): go to the page's target (its <html
// data-redirect>, else its canonical URL), keeping the #anchor the link had.
const target = document.documentElement.dataset.redirect ?? document.querySelector('link[rel="canonical"]')?.getAttribute('href');
if (target) location.replace(target + location.hash);
