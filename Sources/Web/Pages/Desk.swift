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
            let codes = try await service.dispositionCodes(by: principal)
            let queues = try await service.queues(by: principal)
            let texts = Dictionary(uniqueKeysWithValues: Self.deskTexts.map { ($0, t[$0]) })
            let setup: [String: JSONValue] = [
                "agentId": .number(Double(agentId)), "language": .string(user.language.rawValue),
                "texts": .object(texts.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }),
                "queues": .object(queues.map { ("\($0.id)", .string($0.name)) }),
            ]
            let json = String(decoding: try JSONResponse.encoder.encode(JSONValue.object(setup.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })), as: UTF8.self)
                .replacingOccurrences(of: "<", with: "\\u003c")
            let option = { (value: String, label: String) in "<option value=\"\(HTML.escape(value))\">\(HTML.escape(label))</option>" }
            let body = """
                <style>
                .desk{display:grid;grid-template-columns:minmax(20rem,1fr) minmax(24rem,1.4fr);gap:1rem}
                .panel{background:#fff;border:1px solid #dde1e6;padding:.6rem .8rem;margin-bottom:.8rem}
                .panel h2{margin:.2rem 0 .5rem;font-size:1.05rem} .row{display:flex;gap:.5rem;flex-wrap:wrap;align-items:end}
                #state-name{font-weight:700} .ringing{background:#fff4d6} .talking{background:#e5f6e8} kbd{font-size:.75rem;color:#555}
                #card table{font-size:.9rem} .muted{color:#667} #note{width:100%;min-height:7rem}
                @media (max-width:1100px){.desk{grid-template-columns:1fr}}
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
                    <p class="muted" id="referrals" aria-live="polite"></p>
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
                      <label>\(t["Transfer to queue"])<select id="transfer-queue" aria-label="\(t["Transfer to queue"])">\(queues.map { option("\($0.id)", $0.name) }.joined())</select></label>
                      <button type="button" id="transfer" disabled>\(t["Transfer"])</button>
                    </div>
                    <p id="call-error" class="error" hidden></p>
                  </section>
                  <section class="panel" aria-labelledby="h-log"><h2 id="h-log">\(t["Log the call"])</h2>
                    <label for="note">\(t["Note"]) <span id="note-status" class="muted" aria-live="polite"></span></label>
                    <textarea id="note" maxlength="20000" disabled></textarea>
                    <div class="row">
                      <label>\(t["Disposition"])<select id="disposition" aria-label="\(t["Disposition"])" disabled>\(option("", "—"))\(codes.map { option($0.code, $0.label) }.joined())</select></label>
                      <label>\(t["Reason"])<input id="disposition-reason" aria-label="\(t["Reason for the disposition"])" disabled></label>
                      <label>\(t["Follow up by"])<input id="follow-up-due" type="date" aria-label="\(t["Follow up by"])" disabled></label>
                      <button type="button" id="save-disposition" disabled>\(t["Save disposition"])</button>
                    </div>
                    <div class="row" style="margin-top:.4rem">
                      <label>\(t["Referral for"])<input id="referral-product" aria-label="\(t["Referral product"])" placeholder="\(t["Extended warranty"])" disabled></label>
                      <button type="button" id="record-referral" disabled>\(t["Record referral"])</button>
                    </div>
                    <p id="log-status" class="muted" aria-live="polite"></p>
                  </section>
                </div>
                <div>
                  <section class="panel" aria-labelledby="h-search"><h2 id="h-search">\(t["Customer"])</h2>
                    <div class="row"><input id="customer-search" aria-label="\(t["Search customers"])" placeholder="\(t["Name, e-mail or number"])">
                      <button type="button" id="search">\(t["Search"])</button></div>
                    <ul id="matches"></ul>
                    <div id="card"><p class="muted">\(t["No customer chosen."])</p></div>
                  </section>
                </div>
                </div>
                <script id="desk-setup" type="application/json">\(json)</script>
                <script>\(Self.deskScript)</script>
                """
            return HTML.page(title: t["Desk"], language: user.language, signedInAs: user.displayName, body: body)
        }
    }

    /// Every text the desk's script shows, translated on the server.
    static let deskTexts = [
        "available", "notReady", "ringing", "talking", "onHold", "wrapUp", "loggedOut", "No call.", "Ringing", "Talking", "On hold", "Call ended.",
        "Open invoices", "Balance", "Last payment", "None.", "Open orders", "Warranties", "Last calls", "Contact", "Billing", "Shipping",
        "Unknown caller: search for the customer.", "Several customers use this number: choose one.", "saved", "saving…",
        "not saved yet: kept in this browser", "Disposition saved.", "Referral recorded.", "Referrals this month", "goal", "Resume",
        "Hold", "ends", "active", "expiring", "expired", "claims", "from", "queue", "wrap-up ends in", "Invoice", "Due", "Open", "Order", "Status",
        "Shipment", "Product", "Ends", "Standing", "When", "Outcome",
    ]

    static let deskScript = #"""
    (() => {
    const setup = JSON.parse(document.getElementById('desk-setup').textContent);
    const T = k => setup.texts[k] || k, me = setup.agentId, $ = id => document.getElementById(id);
    let state = {state: 'loggedOut'}, since = Date.now(), wrapUntil = null, call = null, customer = null, noteTimer = null;
    const esc = s => String(s ?? '').replace(/[&<>"']/g, c => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c]));
    const money = (minor, cur) => (minor / 100).toLocaleString(setup.language, {style: 'currency', currency: cur || 'EUR'});
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
      state = s; since = s.since ? Date.parse(s.since) : Date.now(); wrapUntil = s.wrapUpUntil ? Date.parse(s.wrapUpUntil) : null;
      $('state-name').textContent = T(s.state); $('state-reason').textContent = s.reason || '';
      if (s.callId && (!call || call.id !== s.callId)) loadCall(s.callId);
      if (call) renderCall();
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
      for (const id of ['hangup', 'escalate', 'transfer']) $(id).disabled = !(s === 'talking' || s === 'onHold');
      for (const id of ['disposition', 'disposition-reason', 'follow-up-due', 'save-disposition']) $(id).disabled = !call;
      $('note').disabled = !(call && call.loaded);
      $('referral-product').disabled = $('record-referral').disabled = !(call && customer);
    }
    async function loadCall(id) {
      // A new call starts clean: nothing of the last caller stays on screen or in the log fields.
      customer = null; $('card').innerHTML = ''; $('matches').innerHTML = '';
      $('note').value = ''; $('note-status').textContent = ''; $('disposition').value = ''; $('disposition-reason').value = '';
      $('follow-up-due').value = ''; $('referral-product').value = ''; $('log-status').textContent = '';
      try {
        const detail = await api('GET', '/calls/' + id);
        call = {id, from: detail.from, queueId: detail.queueId, customerId: detail.customerId, loaded: false};
        renderCall();
        loadLog(id).catch(showError);
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
      if (disposition) { $('disposition').value = disposition.code; $('disposition-reason').value = disposition.reason || ''; $('follow-up-due').value = disposition.followUpDue || ''; }
    }
    function listMatches(list, message) {
      $('matches').innerHTML = (message ? '<li class="muted">' + esc(message) + '</li>' : '') + list.map(c =>
        '<li><button type="button" class="match" data-id="' + c.id + '">' + esc(c.firstName + ' ' + c.lastName) + '</button> ' + esc(c.phones.join(', ')) + ' ' + esc(c.city || '') + '</li>').join('');
      for (const b of document.querySelectorAll('.match')) b.onclick = () => showCustomer(Number(b.dataset.id));
    }
    async function showCustomer(id) {
      const card = await api('GET', '/customers/' + id);
      customer = card.customer; $('matches').innerHTML = '';
      const c = card.customer, b = card.billing;
      const table = (id, heads, rows) => rows.length ? '<table id="' + id + '"><thead><tr>' + heads.map(h => '<th>' + esc(T(h)) + '</th>').join('') + '</tr></thead><tbody>' +
        rows.map(r => '<tr>' + r.map(v => '<td>' + v + '</td>').join('') + '</tr>').join('') + '</tbody></table>' : '<p class="muted">' + T('None.') + '</p>';
      const open = card.shipping.openOrders.map(o => { const s = o.shipments[o.shipments.length - 1]; const last = s && s.history[s.history.length - 1];
        return [esc(o.number), esc(o.status), s ? esc(s.carrier + ' ' + s.trackingNumber + ': ' + s.state + (last && last.location ? ' (' + last.location + ')' : '')) : '']; });
      $('card').innerHTML =
        '<h3 id="customer-name">' + esc(c.firstName + ' ' + c.lastName) + '</h3>' +
        '<section aria-label="' + esc(T('Contact')) + '"><p>' + esc(c.phones.join(', ')) + ' · ' + esc(c.email || '') + '<br>' + esc([c.street, c.postalCode, c.city].filter(Boolean).join(', ')) +
        ' · ' + esc(c.segment) + '</p></section>' +
        '<section aria-label="' + esc(T('Billing')) + '"><h4>' + esc(T('Billing')) + '</h4><p id="balance">' + esc(T('Balance')) + ': ' + money(b.openBalanceMinor, b.currency) +
        (b.lastPayment ? ' · ' + esc(T('Last payment')) + ': ' + money(b.lastPayment.amountMinor, b.lastPayment.currency) + ' (' + esc(b.lastPayment.paidOn) + ')' : '') + '</p>' +
        table('open-invoices', ['Invoice', 'Due', 'Open', 'Status'], b.openInvoices.map(i => [esc(i.number), esc(i.dueOn), money(i.openMinor, i.currency), esc(i.status)])) + '</section>' +
        '<section aria-label="' + esc(T('Shipping')) + '"><h4>' + esc(T('Open orders')) + '</h4>' + table('open-orders', ['Order', 'Status', 'Shipment'], open) + '</section>' +
        '<section aria-label="' + esc(T('Warranties')) + '"><h4>' + esc(T('Warranties')) + '</h4>' + table('warranties', ['Product', 'Ends', 'Standing'], card.warranties.map(w =>
          [esc(w.warranty.product), esc(w.warranty.endsOn), esc(T(w.standing)) + (w.warranty.claims.length ? ' · ' + w.warranty.claims.length + ' ' + esc(T('claims')) : '')])) + '</section>' +
        '<section aria-label="' + esc(T('Last calls')) + '"><h4>' + esc(T('Last calls')) + '</h4>' + table('interactions', ['When', 'Outcome'], card.interactions.map(i =>
          [esc(new Date(i.at).toLocaleString(setup.language)), esc(i.outcome || '…')])) + '</section>';
      renderCall();
    }
    // One save in flight at a time, always of the latest text: an older save can never land last.
    let saving = false;
    function saveNote() {
      if (!call || !call.loaded) return;
      const id = call.id;
      localStorage.setItem('note:' + id, $('note').value);
      $('note-status').textContent = T('saving…');
      clearTimeout(noteTimer);
      noteTimer = setTimeout(flushNote, 400);
    }
    async function flushNote() {
      if (saving || !call) return;
      const id = call.id, text = $('note').value;
      saving = true;
      try {
        await api('PUT', '/calls/' + id + '/note', {text});
        saving = false;
        if (call && call.id === id && $('note').value !== text) return flushNote();
        if (localStorage.getItem('note:' + id) === text) localStorage.removeItem('note:' + id);
        $('note-status').textContent = T('saved');
      } catch (e) {
        saving = false;
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
    $('transfer').onclick = () => call && api('POST', '/calls/' + call.id + '/transfer', {queue: Number($('transfer-queue').value)}).catch(showError);
    $('save-disposition').onclick = async () => {
      try { await api('PUT', '/calls/' + call.id + '/disposition', {code: $('disposition').value, reason: $('disposition-reason').value || null, followUpDue: $('follow-up-due').value || null});
            $('log-status').textContent = T('Disposition saved.'); } catch (e) { $('log-status').textContent = e.message; }
    };
    $('record-referral').onclick = async () => {
      try { await api('POST', '/referrals', {customerId: customer.id, product: $('referral-product').value, callId: call ? call.id : null});
            $('log-status').textContent = T('Referral recorded.'); $('referral-product').value = ''; referrals(); } catch (e) { $('log-status').textContent = e.message; }
    };
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
      if (r) $('referrals').textContent = T('Referrals this month') + ': ' + r.count + ' (' + T('goal') + ' ' + r.goal + ')';
    }
    const events = new EventSource('/api/v1/events');
    // After a dropped connection the stream missed events: read the state again.
    events.addEventListener('open', () => api('GET', '/agents/' + me + '/state').then(setState).catch(() => {}));
    events.addEventListener('agentStateChanged', e => { const d = JSON.parse(e.data); if (d.agentId === me) setState({...d, since: d.at}); });
    for (const name of ['callOffered', 'callAnswered', 'callHeld', 'callResumed', 'callEnded', 'offerWithdrawn', 'callTransferred'])
      events.addEventListener(name, e => { const d = JSON.parse(e.data); if (d.callId && (!call || call.id !== d.callId) && d.agentId === me && name === 'callOffered') loadCall(d.callId); else renderCall(); });
    api('GET', '/agents/' + me + '/state').then(setState).catch(showError);
    referrals();
    })();
    """#
}
