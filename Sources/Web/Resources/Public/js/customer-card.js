// The customer card (contact, billing, shipping, warranties, offers, last calls), shared by
// the desk and the customer page: renderCustomerCard(card, T, language) returns HTML.
window.escapeHTML = s => String(s ?? '').replace(/[&<>"']/g, c => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c]));
window.renderCustomerCard = (card, T, language) => {
  const esc = window.escapeHTML;
  const money = (minor, cur) => (minor / 100).toLocaleString(language, {style: 'currency', currency: cur || 'EUR'});
  const table = (id, heads, rows) => rows.length ? '<table id="' + id + '"><thead><tr>' + heads.map(h => '<th scope="col">' + esc(T(h)) + '</th>').join('') + '</tr></thead><tbody>' +
    rows.map(r => '<tr>' + r.map(v => '<td>' + v + '</td>').join('') + '</tr>').join('') + '</tbody></table>' : '<p class="muted">' + esc(T('None.')) + '</p>';
  const c = card.customer, b = card.billing;
  const open = card.shipping.openOrders.map(o => { const s = o.shipments[o.shipments.length - 1]; const last = s && s.history[s.history.length - 1];
    return [esc(o.number), esc(o.status), s ? esc(s.carrier + ' ' + s.trackingNumber + ': ' + s.state + (last && last.location ? ' (' + last.location + ')' : '')) : '']; });
  const advice = card.advice || {offers: []};
  return '<h3 id="customer-name">' + esc(c.firstName + ' ' + c.lastName) + '</h3>' +
    '<section aria-label="' + esc(T('Contact')) + '"><p>' + esc(c.phones.join(', ')) + ' · ' + esc(c.email || '') + '<br>' + esc([c.street, c.postalCode, c.city].filter(Boolean).join(', ')) +
    ' · ' + esc(c.segment) + '</p></section>' +
    '<section aria-label="' + esc(T('Billing')) + '"><h4>' + esc(T('Billing')) + '</h4><p id="balance">' + esc(T('Balance')) + ': ' + money(b.openBalanceMinor, b.currency) +
    (b.lastPayment ? ' · ' + esc(T('Last payment')) + ': ' + money(b.lastPayment.amountMinor, b.lastPayment.currency) + ' (' + esc(b.lastPayment.paidOn) + ')' : '') + '</p>' +
    table('open-invoices', ['Invoice', 'Due', 'Open', 'Status'], b.openInvoices.map(i => [esc(i.number), esc(i.dueOn), money(i.openMinor, i.currency), esc(i.status)])) + '</section>' +
    '<section aria-label="' + esc(T('Shipping')) + '"><h4>' + esc(T('Open orders')) + '</h4>' + table('open-orders', ['Order', 'Status', 'Shipment'], open) + '</section>' +
    '<section aria-label="' + esc(T('Warranties')) + '"><h4>' + esc(T('Warranties')) + '</h4>' + table('warranties', ['Product', 'Ends', 'Standing'], card.warranties.map(w =>
      [esc(w.warranty.product), esc(w.warranty.endsOn), esc(T(w.standing)) + (w.warranty.claims.length ? ' · ' + w.warranty.claims.length + ' ' + esc(T('claims')) : '')])) + '</section>' +
    '<section aria-label="' + esc(T('Offers')) + '"><h4>' + esc(T('Offers')) + '</h4>' + (advice.withheld ? '<p class="muted" id="offers-withheld">' + esc(advice.withheld) + '</p>' :
      advice.offers.length ? '<ul id="offers">' + advice.offers.map(o => '<li>' + esc(o.product) + ' <span class="muted">' + esc(o.reason) + '</span> <button type="button" class="offer-refer" data-product="' +
        esc(o.product) + '" aria-label="' + esc(T('Refer') + ': ' + o.product) + '">' + esc(T('Refer')) + '</button></li>').join('') + '</ul>' : '<p class="muted">' + esc(T('None.')) + '</p>') + '</section>' +
    '<section aria-label="' + esc(T('Last calls')) + '"><h4>' + esc(T('Last calls')) + '</h4>' + table('interactions', ['When', 'Outcome', 'Disposition', 'Note'], card.interactions.map(i =>
      [esc(new Date(i.at).toLocaleString(language)), esc(i.outcome || '…'), esc(i.disposition || ''), esc((i.note || '').slice(0, 120))])) + '</section>';
};
