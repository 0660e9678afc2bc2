// Every page: behaviour that used to be inline handlers (a strict Content-Security-Policy runs
// no inline script). A form with data-confirm asks first; a button with data-print prints.
document.addEventListener('submit', event => {
  const form = event.target;
  if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) event.preventDefault();
});
document.addEventListener('click', event => {
  const button = event.target instanceof Element ? event.target.closest('[data-print]') : null;
  if (button) window.print();
});
