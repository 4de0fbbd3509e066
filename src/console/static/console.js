// Progressive enhancement only: every page works without it. Asks before irreversible actions
// (forms marked data-confirm), and sends the session's CSRF token with htmx requests.
document.addEventListener('submit', (e) => {
  const form = e.target;
  if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) e.preventDefault();
});
document.addEventListener('htmx:configRequest', (e) => {
  const token = document.querySelector('meta[name="csrf-token"]');
  if (token) e.detail.headers['X-CSRF-Token'] = token.getAttribute('content');
});
