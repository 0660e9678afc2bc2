import Foundation
import Hummingbird
import Organisation
import SwitchboardCore

/// The agent's desk (`/desk`): state controls, the incoming call with the caller's customer
/// popped up (contact, billing, shipping, warranties, last calls), call controls with keyboard
/// shortcuts, and logging the call — a note saved as it is typed (kept in the browser too, so
/// a reload or a dropped connection loses nothing), a disposition and a referral. Everything
/// goes through the JSON API; the page follows the event stream, so a call arrives without a
/// reload.
extension Pages {
    func registerDesk(on router: Router<AppContext>) {
        router.get("desk") { _, context in
            guard let user = context.user, let principal = context.principal else { return HTML.redirect(to: "/sign-in") }
            let profile = try await service.profile(of: principal)
            let t = L10n(user.language)
            guard let agentId = profile.agentId else {
                return HTML.page(title: t["Desk"], language: user.language, signedInAs: user.displayName,
                                 body: "<p class=\"error\">\(t["The desk is for agents: you have no agent record."])</p>", status: .forbidden)
            }
            let reasons = try await service.notReadyReasons(by: principal).filter { $0.code != "missedCall" }
            let codes = try await CallWork(service).dispositionCodes(by: principal)
            let queues = try await service.queues(by: principal)
            let colleagues = try await service.agents(by: principal).filter { $0.id != agentId }.sorted { $0.displayName < $1.displayName }
            let texts = Dictionary(uniqueKeysWithValues: Self.deskTexts.map { ($0, t[$0]) })
            let setup: [String: JSONValue] = [
                "agentId": .number(Double(agentId)), "language": .string(user.language.rawValue),
                "texts": .object(texts.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }),
                "queues": .object(queues.map { ("\($0.id)", .string($0.name)) }),
                "dispositionRequired": .array(queues.filter(\.settings.dispositionRequired).map { .number(Double($0.id)) }),
            ]
            let json = String(decoding: try JSONResponse.encoder.encode(JSONValue.object(setup.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })), as: UTF8.self)
                .replacingOccurrences(of: "<", with: "\\u003c")
            let option = { (value: String, label: String) in "<option value=\"\(HTML.escape(value))\">\(HTML.escape(label))</option>" }
            let body = """
                <style>
                [hidden]{display:none!important} .desk{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1.25fr);gap:.8rem}
                .panel{background:#fff;border:1px solid #dde1e6;padding:.5rem .7rem;margin-bottom:.7rem}
                .panel h2{margin:.1rem 0 .4rem;font-size:1.02rem} .row{display:flex;gap:.4rem;flex-wrap:wrap;align-items:end}
                #state-name{font-weight:700} .ringing{background:#fff4d6} .talking{background:#e5f6e8} kbd{font-size:.72rem;color:#555}
                #card table{font-size:.88rem;width:100%} .muted{color:#667} #note{width:100%;min-height:5rem;box-sizing:border-box}
                .steps{padding-left:1.2rem;margin:.2rem 0} .steps>li{margin-bottom:.3rem} .steps>li.done{opacity:.55}
                .steps>li.current{border-left:3px solid #2f6fde;padding-left:.4rem} .steps h3{font-size:.95rem;margin:.1rem 0}
                .answer{margin:.1rem 0} .answer.incomplete{color:#8a5a00} .new{background:#2f6fde;color:#fff;border-radius:3px;padding:0 .3rem;font-size:.75rem}
                .overdue{color:#b00020;font-weight:600} #kb-results,#follow-ups,#offers{padding-left:1rem;margin:.3rem 0}
                #article{border-top:1px solid #dde1e6;margin-top:.4rem;padding-top:.3rem} .guided{background:#f3f6fb;padding:.4rem}
                input,select,textarea,button{font-size:.9rem;max-width:100%}
                @media (max-width:1000px){.desk{grid-template-columns:1fr}}
                </style>
                <h1>\(t["Desk"]) — \(HTML.escape(user.displayName))</h1>
                <div class="desk">
                <div>
                  <section class="panel" aria-labelledby="h-state"><h2 id="h-state">\(t["Your state"])</h2>
                    <p><span id="state-name">…</span> <span id="state-reason" class="muted"></span> · <span id="state-time" aria-label="\(t["Time in state"])">0:00</span>
                      <span id="wrap-countdown" class="muted"></span></p>
                    <div class="row">
                      <button type="button" id="go-available">\(t["Available"])</button>
                      <label>\(t["Reason"])<select id="not-ready-reason" aria-label="\(t["Not-ready reason"])">\(reasons.map { option($0.code, $0.label) }.joined())</select></label>
                      <button type="button" id="go-not-ready">\(t["Not ready"])</button>
                      <button type="button" id="finish-wrap-up" title="Alt+W">\(t["Finish wrap-up"]) <kbd>Alt+W</kbd></button>
                    </div>
                    <p class="muted"><span id="today-figures" aria-live="polite"></span> <span id="referrals" aria-live="polite"></span></p>
                  </section>
                  <section class="panel" id="call-panel" aria-labelledby="h-call" aria-live="polite"><h2 id="h-call">\(t["Call"])</h2>
                    <p id="call-summary" class="muted">\(t["No call."])</p>
                    <div class="row">
                      <button type="button" id="answer" disabled>\(t["Answer"]) <kbd>Alt+A</kbd></button>
                      <button type="button" id="decline" disabled>\(t["Decline"]) <kbd>Alt+D</kbd></button>
                      <button type="button" id="hold" disabled>\(t["Hold"]) <kbd>Alt+H</kbd></button>
                      <button type="button" id="hangup" disabled>\(t["Hang up"]) <kbd>Alt+X</kbd></button>
                      <button type="button" id="escalate" disabled>\(t["Escalate"]) <kbd>Alt+E</kbd></button>
                    </div>
                    <div class="row" style="margin-top:.4rem">
                      <label>\(t["Transfer to"])<select id="transfer-target" aria-label="\(t["Transfer to"])">
                        <optgroup label="\(t["Queues"])">\(queues.map { option("queue:\($0.id)", $0.name) }.joined())</optgroup>
                        <optgroup label="\(t["Colleagues"])">\(colleagues.map { option("agent:\($0.id)", $0.displayName) }.joined())</optgroup></select></label>
                      <label>\(t["How"])<select id="transfer-mode" aria-label="\(t["Blind or warm transfer"])">\(option("blind", t["Blind"]))\(option("warm", t["Warm: talk first"]))</select></label>
                      <button type="button" id="transfer" disabled>\(t["Transfer"])</button>
                    </div>
                    <div class="row" id="consult-controls" hidden style="margin-top:.4rem">
                      <span id="consult-status" class="muted"></span>
                      <button type="button" id="consult-complete">\(t["Complete transfer"])</button>
                      <button type="button" id="consult-cancel">\(t["Back to the caller"])</button>
                    </div>
                    <p id="call-error" class="error" role="alert" hidden></p>
                  </section>
                  <section class="panel" aria-labelledby="h-log"><h2 id="h-log">\(t["Log the call"])</h2>
                    <label for="note">\(t["Note"]) <span id="note-status" class="muted" aria-live="polite"></span></label>
                    <textarea id="note" maxlength="20000" disabled></textarea>
                    <p id="disposition-required" class="muted" hidden>\(t["This queue needs a disposition before wrap-up ends."])</p>
                    <div class="row">
                      <label>\(t["Disposition"])<select id="disposition" aria-label="\(t["Disposition"])" disabled>\(option("", "—"))\(codes.map { option($0.code, $0.label) }.joined())</select></label>
                      <label>\(t["Reason"])<input id="disposition-reason" aria-label="\(t["Reason for the disposition"])" disabled></label>
                      <label>\(t["Follow up by"])<input id="follow-up-due" type="date" aria-label="\(t["Follow up by"])" disabled></label>
                      <label>\(t["Follow-up task"])<input id="follow-up-text" aria-label="\(t["Follow-up task"])" disabled></label>
                      <button type="button" id="save-disposition" disabled>\(t["Save disposition"])</button>
                    </div>
                    <div class="row" style="margin-top:.4rem">
                      <label>\(t["Referral for"])<input id="referral-product" aria-label="\(t["Referral product"])" placeholder="\(t["Extended warranty"])" disabled></label>
                      <button type="button" id="record-referral" disabled>\(t["Record referral"])</button>
                    </div>
                    <p id="log-status" class="muted" aria-live="polite"></p>
                  </section>
                  <section class="panel" aria-labelledby="h-follow"><h2 id="h-follow">\(t["My follow-ups"])</h2><ul id="follow-ups"></ul></section>
                  <section class="panel" aria-labelledby="h-goals"><h2 id="h-goals">\(t["My goals"])</h2><ul id="goals"></ul></section>
                </div>
                <div>
                  <section class="panel" aria-labelledby="h-search"><h2 id="h-search">\(t["Customer"])</h2>
                    <div class="row"><input id="customer-search" aria-label="\(t["Search customers"])" placeholder="\(t["Name, e-mail or number"])">
                      <button type="button" id="search">\(t["Search"])</button></div>
                    <ul id="matches"></ul>
                    <div id="card"><p class="muted">\(t["No customer chosen."])</p></div>
                  </section>
                  <section class="panel" aria-labelledby="h-script"><h2 id="h-script">\(t["Script"])</h2>
                    <div id="script"><p class="muted">\(t["The script of the call's queue appears here."])</p></div></section>
                  <section class="panel" aria-labelledby="h-kb"><h2 id="h-kb">\(t["Knowledge base"])</h2>
                    <div class="row"><input id="kb-search" aria-label="\(t["Search the knowledge base"])" placeholder="\(t["For example: refund, descale"])">
                      <button type="button" id="kb-go">\(t["Search"])</button></div>
                    <ul id="kb-results"></ul><div id="article"></div></section>
                </div>
                </div>
                <script id="desk-setup" type="application/json">\(json)</script>
                <script>\(Self.customerCardScript)</script>
                <script>\(Self.deskScript)</script>
                """
            return HTML.page(title: t["Desk"], language: user.language, signedInAs: user.displayName, body: body)
        }
    }

    /// Every text the desk's script shows, translated on the server.
    static let deskTexts = cardTexts + [
        "available", "notReady", "ringing", "talking", "onHold", "wrapUp", "loggedOut", "No call.", "Ringing", "Talking", "On hold", "Call ended.",
        "Unknown caller: search for the customer.", "Several customers use this number: choose one.", "saved", "saving…",
        "not saved yet: kept in this browser", "Disposition saved.", "Referral recorded.", "Referrals this month", "goal", "Resume",
        "Hold", "from", "queue", "wrap-up ends in", "Today", "calls", "AHT", "Next step", "Not in the records", "No script for this queue.",
        "Nothing found.", "new", "Step", "of", "Back", "This solved it", "Solved: note it in the call log.", "Done", "overdue", "No open follow-ups.",
        "Calling a colleague…", "Talking with your colleague.", "Choose a disposition first.", "Referral", "Open customer",
        "No goals set.", "callsHandled", "aht", "serviceLevel", "holdRate", "referrals", "notReadyShare", "at least", "at most", "met",
    ]

    /// The customer card (contact, billing, shipping, warranties, offers, last calls), shared by
    /// the desk and the customer page: `renderCustomerCard(card, T, language)` returns HTML.
    static let cardTexts = [
        "Open invoices", "Balance", "Last payment", "None.", "Open orders", "Warranties", "Last calls", "Contact", "Billing", "Shipping",
        "active", "expiring", "expired", "claims", "Invoice", "Due", "Open", "Order", "Status", "Shipment", "Product", "Ends", "Standing",
        "When", "Outcome", "Offers", "Refer", "Disposition", "Note",
    ]

    static let customerCardScript = #"""
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
    """#

    static let deskScript = #"""
    (() => {
    const setup = JSON.parse(document.getElementById('desk-setup').textContent);
    const T = k => setup.texts[k] || k, me = setup.agentId, $ = id => document.getElementById(id), esc = window.escapeHTML;
    let state = {state: 'loggedOut'}, since = Date.now(), wrapUntil = null, call = null, customer = null, noteTimer = null, consult = null, loading = null;
    async function api(method, path, body) {
      // Changes always carry JSON: the API accepts a cookie-signed change only as JSON from this origin.
      const write = method !== 'GET';
      const r = await fetch('/api/v1' + path, {method, credentials: 'same-origin', headers: write ? {'Content-Type': 'application/json'} : {},
                                               body: write ? JSON.stringify(body || {}) : undefined});
      if (r.status === 204) return null;
      const json = await r.json().catch(() => null);
      if (!r.ok) throw new Error(json && json.error ? json.error.message : 'HTTP ' + r.status);
      return json;
    }
    function showError(e) { const p = $('call-error'); p.textContent = e.message; p.hidden = false; setTimeout(() => p.hidden = true, 6000); }
    function setState(s) {
      const was = state.state;
      state = s; since = s.since ? Date.parse(s.since) : Date.now(); wrapUntil = s.wrapUpUntil ? Date.parse(s.wrapUpUntil) : null;
      // A consultation ends with the agent's part in the call, whatever event said so.
      if (!['talking', 'onHold'].includes(s.state)) consult = null;
      $('state-name').textContent = T(s.state); $('state-reason').textContent = s.reason || '';
      if (s.callId && (!call || call.id !== s.callId)) loadCall(s.callId);
      if (call) renderCall();
      if (was !== s.state && (s.state === 'wrapUp' || s.state === 'available')) { today(); followUps(); goals(); }
    }
    function tick() {
      const seconds = Math.max(0, Math.floor((Date.now() - since) / 1000));
      $('state-time').textContent = Math.floor(seconds / 60) + ':' + String(seconds % 60).padStart(2, '0');
      $('wrap-countdown').textContent = state.state === 'wrapUp' && wrapUntil ? T('wrap-up ends in') + ' ' + Math.max(0, Math.ceil((wrapUntil - Date.now()) / 1000)) + ' s' : '';
    }
    setInterval(tick, 500);
    function renderCall() {
      const live = call && state.callId === call.id;
      const s = live ? state.state : null;
      $('call-panel').className = 'panel ' + (s || '');
      $('call-summary').textContent = !call ? T('No call.') :
        (s === 'ringing' ? T('Ringing') : s === 'talking' ? T('Talking') : s === 'onHold' ? T('On hold') : T('Call ended.')) +
        ' — ' + T('from') + ' ' + call.from + ' · ' + T('queue') + ' ' + (setup.queues[call.queueId] || call.queueId);
      $('answer').disabled = s !== 'ringing'; $('decline').disabled = s !== 'ringing';
      $('hold').disabled = !(s === 'talking' || s === 'onHold'); $('hold').firstChild.textContent = (s === 'onHold' ? T('Resume') : T('Hold')) + ' ';
      for (const id of ['hangup', 'escalate', 'transfer']) $(id).disabled = !(s === 'talking' || s === 'onHold') || !!consult;
      $('hangup').disabled = !(s === 'talking' || s === 'onHold');
      for (const id of ['disposition', 'disposition-reason', 'follow-up-due', 'follow-up-text', 'save-disposition']) $(id).disabled = !call;
      $('note').disabled = !(call && call.loaded);
      $('referral-product').disabled = $('record-referral').disabled = !(call && customer);
      $('disposition-required').hidden = !(call && setup.dispositionRequired.includes(call.queueId));
      $('consult-controls').hidden = !consult;
      if (consult) $('consult-status').textContent = consult.answered ? T('Talking with your colleague.') : T('Calling a colleague…');
    }
    async function loadCall(id) {
      // The state event and the offer event both announce a call: it is loaded once.
      if (loading === id || (call && call.id === id)) return;
      loading = id;
      // A new call starts clean: nothing of the last caller stays on screen or in the log fields.
      customer = null; consult = null; $('card').innerHTML = ''; $('matches').innerHTML = ''; $('script').innerHTML = ''; $('script').dataset.customer = '';
      $('note').value = ''; $('note-status').textContent = ''; $('disposition').value = ''; $('disposition-reason').value = '';
      $('follow-up-due').value = ''; $('follow-up-text').value = ''; $('referral-product').value = ''; $('log-status').textContent = '';
      try {
        const detail = await api('GET', '/calls/' + id);
        if (loading !== id) return;
        call = {id, from: detail.from, queueId: detail.queueId, customerId: detail.customerId, loaded: false};
        renderCall();
        loadLog(id).catch(showError);
        loadScript().catch(() => {});
        if (detail.customerId && /^\d+$/.test(detail.customerId)) return showCustomer(Number(detail.customerId));
        const found = await api('GET', '/customers?phone=' + encodeURIComponent(detail.from));
        if (found.length === 1) return showCustomer(found[0].id);
        listMatches(found, found.length ? T('Several customers use this number: choose one.') : T('Unknown caller: search for the customer.'));
      } catch (e) { showError(e); }
    }
    async function loadLog(id) {
      const note = await api('GET', '/calls/' + id + '/note');
      if (!call || call.id !== id) return;
      const kept = localStorage.getItem('note:' + id);
      $('note').value = kept !== null ? kept : (note ? note.text : '');
      call.loaded = true; renderCall();
      if (kept !== null && (!note || note.text !== kept)) saveNote();
      else $('note-status').textContent = note ? T('saved') : '';
      const disposition = await api('GET', '/calls/' + id + '/disposition');
      if (disposition) { $('disposition').value = disposition.code; $('disposition-reason').value = disposition.reason || '';
                         $('follow-up-due').value = disposition.followUpDue || ''; $('follow-up-text').value = disposition.followUpText || ''; }
    }
    function listMatches(list, message) {
      $('matches').innerHTML = (message ? '<li class="muted">' + esc(message) + '</li>' : '') + list.map(c =>
        '<li><button type="button" class="match" data-id="' + c.id + '">' + esc(c.firstName + ' ' + c.lastName) + '</button> ' + esc(c.phones.join(', ')) + ' ' + esc(c.city || '') + '</li>').join('');
      for (const b of document.querySelectorAll('.match')) b.onclick = () => showCustomer(Number(b.dataset.id));
    }
    async function showCustomer(id) {
      const card = await api('GET', '/customers/' + id);
      customer = card.customer; $('matches').innerHTML = '';
      $('card').innerHTML = window.renderCustomerCard(card, T, setup.language);
      for (const b of document.querySelectorAll('.offer-refer')) b.onclick = () => refer(b.dataset.product);
      renderCall();
      loadScript().catch(() => {});
    }
    // The call queue's script, filled in for the customer on screen.
    async function loadScript() {
      if (!call) return;
      const forCall = call.id, forCustomer = customer ? customer.id : null;
      const s = await api('GET', '/scripts/' + call.queueId + '/rendered' + (forCustomer ? '?customerId=' + forCustomer : ''));
      // Only the script for the call and customer on screen now: a slower, older answer is dropped.
      if (!call || call.id !== forCall || (customer ? customer.id : null) !== forCustomer) return;
      // Which customer the script on screen is filled in for (empty: none yet).
      $('script').dataset.customer = forCustomer ?? '';
      if (!s) { $('script').innerHTML = '<p class="muted">' + esc(T('No script for this queue.')) + '</p>'; return; }
      $('script').innerHTML = '<p class="muted">' + esc(s.name) + '</p><ol class="steps">' + s.steps.map((step, i) =>
        '<li class="step' + (i === 0 ? ' current' : '') + '" data-kind="' + esc(step.kind) + '"><h3>' + esc(step.title) + '</h3>' +
        (step.guidance.text ? '<p class="muted">' + esc(step.guidance.text) + '</p>' : '') +
        '<ul>' + step.answers.map(a => '<li class="answer' + (a.missing.length ? ' incomplete' : '') + '"' +
          (a.missing.length ? ' title="' + esc(T('Not in the records') + ': ' + a.missing.join(', ')) + '"' : '') + '>' + esc(a.text) + '</li>').join('') + '</ul>' +
        (i < s.steps.length - 1 ? '<button type="button" class="next-step">' + esc(T('Next step')) + '</button>' : '') + '</li>').join('') + '</ol>';
      const steps = [...document.querySelectorAll('#script .step')];
      steps.forEach((li, i) => { const b = li.querySelector('.next-step'); if (b) b.onclick = () => {
        li.classList.remove('current'); li.classList.add('done'); steps[i + 1].classList.add('current'); steps[i + 1].scrollIntoView({block: 'nearest'}); }; });
    }
    // The knowledge base: full-text search; troubleshooting articles walk through their steps.
    async function searchArticles() {
      try {
        const list = await api('GET', '/articles?limit=8&q=' + encodeURIComponent($('kb-search').value));
        $('kb-results').innerHTML = list.length ? list.map(a => '<li><button type="button" class="kb-hit" data-id="' + a.id + '">' + esc(a.title) + '</button>' +
          (a.isNew ? ' <span class="new">' + esc(T('new')) + '</span>' : '') + ' <span class="muted">' + esc(a.category) + '</span></li>').join('') :
          '<li class="muted">' + esc(T('Nothing found.')) + '</li>';
        for (const b of document.querySelectorAll('.kb-hit')) b.onclick = () => showArticle(Number(b.dataset.id));
      } catch (e) { $('kb-results').innerHTML = '<li class="error">' + esc(e.message) + '</li>'; }
    }
    async function showArticle(id) {
      const a = await api('GET', '/articles/' + id);
      const paragraphs = a.body.split(/\n\s*\n/).map(p => '<p>' + esc(p) + '</p>').join('');
      $('article').innerHTML = '<h3 id="article-title">' + esc(a.title) + (a.isNew ? ' <span class="new">' + esc(T('new')) + '</span>' : '') + '</h3>' + paragraphs +
        (a.steps.length ? '<div class="guided" id="guided" aria-live="polite"></div>' : '');
      if (!a.steps.length) return;
      let at = 0;
      const show = () => {
        $('guided').innerHTML = '<p><strong>' + esc(T('Step')) + ' ' + (at + 1) + ' ' + esc(T('of')) + ' ' + a.steps.length + ':</strong> <span id="guided-step">' + esc(a.steps[at]) + '</span></p>' +
          '<div class="row"><button type="button" id="guided-back"' + (at === 0 ? ' disabled' : '') + '>' + esc(T('Back')) + '</button>' +
          '<button type="button" id="guided-next"' + (at === a.steps.length - 1 ? ' disabled' : '') + '>' + esc(T('Next step')) + '</button>' +
          '<button type="button" id="guided-solved">' + esc(T('This solved it')) + '</button></div>';
        $('guided-back').onclick = () => { at--; show(); }; $('guided-next').onclick = () => { at++; show(); };
        $('guided-solved').onclick = () => {
          $('guided').innerHTML = '<p>' + esc(T('Solved: note it in the call log.')) + '</p>';
          if (call && !$('note').disabled) { $('note').value += ($('note').value ? '\n' : '') + a.title + ': ' + T('Step') + ' ' + (at + 1) + ' ✓'; saveNote(); }
        };
      };
      show();
    }
    $('kb-go').onclick = searchArticles;
    $('kb-search').addEventListener('keydown', e => { if (e.key === 'Enter') searchArticles(); });
    // One save in flight at a time, always of the latest text: an older save can never land last.
    let saving = null;
    function saveNote() {
      if (!call || !call.loaded) return;
      const id = call.id;
      localStorage.setItem('note:' + id, $('note').value);
      $('note-status').textContent = T('saving…');
      clearTimeout(noteTimer);
      noteTimer = setTimeout(flushNote, 400);
    }
    async function flushNote() {
      if (saving || !call) return saving;
      const id = call.id, text = $('note').value;
      let done;
      saving = new Promise(resolve => done = resolve);
      try {
        await api('PUT', '/calls/' + id + '/note', {text});
        saving = null; done();
        if (call && call.id === id && $('note').value !== text) return flushNote();
        if (localStorage.getItem('note:' + id) === text) localStorage.removeItem('note:' + id);
        $('note-status').textContent = T('saved');
      } catch (e) {
        saving = null; done();
        $('note-status').textContent = T('not saved yet: kept in this browser') + ' (' + e.message + ')';
        if (!/^HTTP 4|characters/.test(e.message)) setTimeout(flushNote, 3000);
      }
    }
    $('note').addEventListener('input', saveNote);
    const command = (path, body) => api('POST', path, body).then(s => s && s.agentId && setState(s)).catch(showError);
    $('go-available').onclick = () => command('/agents/' + me + '/state', {state: 'available'});
    $('go-not-ready').onclick = () => command('/agents/' + me + '/state', {state: 'notReady', reason: $('not-ready-reason').value});
    $('finish-wrap-up').onclick = () => command('/agents/' + me + '/wrap-up/finish');
    const onCall = op => () => call && api('POST', '/calls/' + call.id + '/' + op).catch(showError);
    $('answer').onclick = onCall('answer'); $('decline').onclick = onCall('decline'); $('hangup').onclick = onCall('hangup'); $('escalate').onclick = onCall('escalate');
    $('hold').onclick = () => onCall(state.state === 'onHold' ? 'resume' : 'hold')();
    $('transfer').onclick = async () => {
      if (!call) return;
      const [kind, id] = $('transfer-target').value.split(':');
      try {
        if (kind === 'agent' && $('transfer-mode').value === 'warm') {
          await api('POST', '/calls/' + call.id + '/consult', {agentId: Number(id)});
          consult = {agentId: Number(id), answered: false}; renderCall();
        } else {
          await api('POST', '/calls/' + call.id + '/transfer', kind === 'agent' ? {agentId: Number(id)} : {queue: Number(id)});
        }
      } catch (e) { showError(e); }
    };
    $('consult-complete').onclick = () => call && api('POST', '/calls/' + call.id + '/consult/complete').then(() => { consult = null; renderCall(); }).catch(showError);
    $('consult-cancel').onclick = () => call && api('POST', '/calls/' + call.id + '/consult/cancel').then(() => { consult = null; renderCall(); }).catch(showError);
    $('save-disposition').onclick = async () => {
      try { await api('PUT', '/calls/' + call.id + '/disposition', {code: $('disposition').value, reason: $('disposition-reason').value || null,
                                                                    followUpDue: $('follow-up-due').value || null, followUpText: $('follow-up-text').value || null});
            $('log-status').textContent = T('Disposition saved.'); followUps(); } catch (e) { $('log-status').textContent = e.message; }
    };
    async function refer(product) {
      try { await api('POST', '/referrals', {customerId: customer.id, product, callId: call ? call.id : null});
            $('log-status').textContent = T('Referral recorded.') + ' (' + product + ')'; $('referral-product').value = ''; referrals(); } catch (e) { $('log-status').textContent = e.message; }
    }
    $('record-referral').onclick = () => refer($('referral-product').value);
    $('search').onclick = async () => { try { listMatches(await api('GET', '/customers?q=' + encodeURIComponent($('customer-search').value)), ''); } catch (e) { listMatches([], e.message); } };
    $('customer-search').addEventListener('keydown', e => { if (e.key === 'Enter') $('search').click(); });
    document.addEventListener('keydown', e => {
      if (!e.altKey) return;
      // The physical key: Option+A on a Mac types "å", but its code is still KeyA.
      const key = {KeyA: 'answer', KeyD: 'decline', KeyH: 'hold', KeyX: 'hangup', KeyE: 'escalate', KeyW: 'finish-wrap-up'}[e.code];
      if (key && !$(key).disabled) { e.preventDefault(); $(key).click(); }
    });
    async function referrals() {
      const r = await api('GET', '/agents/' + me + '/referrals').catch(() => null);
      if (r) $('referrals').textContent = '· ' + T('Referrals this month') + ': ' + r.count + ' (' + T('goal') + ' ' + r.goal + ')';
    }
    async function today() {
      const f = await api('GET', '/agents/' + me + '/today').catch(() => null);
      if (!f) return;
      const aht = f.ahtSeconds == null ? '–' : Math.floor(f.ahtSeconds / 60) + ':' + String(Math.round(f.ahtSeconds % 60)).padStart(2, '0');
      $('today-figures').textContent = T('Today') + ': ' + f.handled + ' ' + T('calls') + ' · ' + T('AHT') + ' ' + aht;
    }
    async function followUps() {
      const list = await api('GET', '/follow-ups').catch(() => null);
      if (!list) return;
      const todayText = new Date().toISOString().slice(0, 10);
      $('follow-ups').innerHTML = list.length ? list.map(f => '<li><span class="' + (f.due < todayText ? 'overdue' : '') + '">' + esc(f.due) + (f.due < todayText ? ' (' + esc(T('overdue')) + ')' : '') +
        '</span> ' + esc(f.from) + ' · ' + esc(f.text || f.code) + ' <button type="button" class="follow-up-done" data-call="' + f.callId + '" aria-label="' + esc(T('Done') + ': ' + f.from + ' ' + f.due) + '">' +
        esc(T('Done')) + '</button>' + (f.customerId && /^\d+$/.test(f.customerId) ? ' <a href="/customers/' + esc(f.customerId) + '">' + esc(T('Open customer')) + '</a>' : '') + '</li>').join('') :
        '<li class="muted">' + esc(T('No open follow-ups.')) + '</li>';
      for (const b of document.querySelectorAll('.follow-up-done')) b.onclick = () => api('POST', '/follow-ups/' + b.dataset.call + '/done').then(followUps).catch(showError);
    }
    async function goals() {
      const list = await api('GET', '/goals').catch(() => null);
      if (!list) return;
      const show = (metric, v) => v == null ? '–' : metric === 'aht' ? Math.round(v) + ' s' : ['serviceLevel', 'holdRate', 'notReadyShare'].includes(metric) ?
        (metric === 'holdRate' ? v.toFixed(2) : (v * 100).toFixed(1) + ' %') : String(Math.round(v));
      $('goals').innerHTML = list.length ? list.map(g => '<li>' + esc(T(g.goal.metric)) + ' (' + esc(g.period) + '): ' + show(g.goal.metric, g.value) + ' / ' +
        esc(T(g.goal.direction === 'atLeast' ? 'at least' : 'at most')) + ' ' + show(g.goal.metric, g.goal.target) +
        ' <progress max="1" value="' + (g.progress ?? 0) + '" aria-label="' + esc(T(g.goal.metric)) + '"></progress>' + (g.met ? ' ✓ ' + esc(T('met')) : '') + '</li>').join('') :
        '<li class="muted">' + esc(T('No goals set.')) + '</li>';
    }
    // Signing out: the note is saved first, then nothing of it stays in this browser.
    const signOut = document.querySelector('form[action="/sign-out"]');
    if (signOut) signOut.addEventListener('submit', async e => {
      e.preventDefault();
      clearTimeout(noteTimer);
      // A save under way first, then the latest text (within two seconds in all).
      const latest = async () => { if (saving) await saving; await flushNote(); };
      await Promise.race([latest(), new Promise(r => setTimeout(r, 2000))]);
      for (const key of Object.keys(localStorage)) if (key.startsWith('note:')) localStorage.removeItem(key);
      signOut.submit();
    });
    const events = new EventSource('/api/v1/events');
    // After a dropped connection the stream missed events: read the state again.
    events.addEventListener('open', () => api('GET', '/agents/' + me + '/state').then(setState).catch(() => {}));
    events.addEventListener('agentStateChanged', e => { const d = JSON.parse(e.data); if (d.agentId === me) setState({...d, since: d.at}); });
    for (const name of ['callOffered', 'callAnswered', 'callHeld', 'callResumed', 'callEnded', 'offerWithdrawn', 'callTransferred'])
      events.addEventListener(name, e => { const d = JSON.parse(e.data); if (d.callId && (!call || call.id !== d.callId) && d.agentId === me && name === 'callOffered') loadCall(d.callId); else renderCall(); });
    events.addEventListener('consultAnswered', e => { const d = JSON.parse(e.data); if (consult && call && d.callId === call.id) { consult.answered = true; renderCall(); } });
    events.addEventListener('consultEnded', e => { const d = JSON.parse(e.data); if (consult && call && d.callId === call.id) { consult = null; renderCall(); } });
    api('GET', '/agents/' + me + '/state').then(setState).catch(showError);
    referrals(); today(); followUps(); goals(); searchArticles();
    })();
    """#
}
