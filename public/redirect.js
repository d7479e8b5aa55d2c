// Redirect pages (/id/ permalinks, moved rules): go to the canonical URL, keeping the #anchor the link had.
const target = document.querySelector('link[rel="canonical"]')?.getAttribute('href');
if (target) location.replace(target + location.hash);
