// One customer's page: the card from the server's JSON, and the referral button for agents.
(() => {
  const setup = JSON.parse(document.getElementById('customer-setup').textContent);
  setup.card = JSON.parse(document.getElementById('customer-card').textContent);
  const T = k => setup.texts[k] || k;
  document.getElementById('card').innerHTML = window.renderCustomerCard(setup.card, T, setup.language);
  for (const b of document.querySelectorAll('.offer-refer')) {
    if (!setup.canRefer) { b.remove(); continue; }
    b.onclick = async () => {
      const r = await fetch('/api/v1/referrals', {method: 'POST', credentials: 'same-origin', headers: {'Content-Type': 'application/json'},
        body: JSON.stringify({customerId: setup.card.customer.id, product: b.dataset.product})});
      const json = await r.json().catch(() => null);
      document.getElementById('log-status').textContent = r.ok ? T('Referral recorded.') + ' (' + b.dataset.product + ')' : (json && json.error ? json.error.message : 'HTTP ' + r.status);
    };
  }
})();
