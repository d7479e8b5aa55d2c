// Runs in <head> before the first paint: the saved theme, else the system's. The toggle switches and saves it.
(() => {
  const root = document.documentElement;
  const saved = localStorage.getItem('rulecat-theme');
  const dark = saved ? saved === 'dark' : matchMedia('(prefers-color-scheme: dark)').matches;
  root.dataset.theme = dark ? 'dark' : 'light';
  document.addEventListener('DOMContentLoaded', () => {
    document.getElementById('theme-toggle')?.addEventListener('click', () => {
      const next = root.dataset.theme === 'dark' ? 'light' : 'dark';
      root.dataset.theme = next;
      localStorage.setItem('rulecat-theme', next);
    });
  });
})();
