import Foundation
import Hummingbird
import Organisation
import SwitchboardCore

/// The live wallboard (`/wallboard`, `?tv=1` for a large screen): queue tiles with today's
/// figures against target and the last hour, agents with their state and calls, alerts. It
/// follows the event stream and rereads the floor within a fraction of a second of any event.
extension Pages {
    func registerWallboard(on router: Router<AppContext>) {
        router.get("wallboard") { request, context in
            guard let user = context.user, let principal = context.principal else { return HTML.redirect(to: "/sign-in") }
            let t = L10n(user.language)
            guard Permissions.allows(principal.roles, to: .read, .calls) else {
                return HTML.page(title: t["Wallboard"], language: user.language, signedInAs: user.displayName,
                                 body: "<p class=\"error\">\(t["The wallboard is for supervisors, team leaders and quality specialists."])</p>", status: .forbidden)
            }
            let tv = request.uri.queryParameters["tv"] == "1"
            let queues = try await service.queues(by: principal)
            let reasons = try await service.notReadyReasons(by: principal).filter { $0.code != "missedCall" }
            let directs = principal.roles.contains(.supervisor) || principal.roles.contains(.admin) || principal.roles.contains(.teamLeader)
            let texts = Dictionary(uniqueKeysWithValues: Self.wallboardTexts.map { ($0, t[$0]) })
            let setup: JSONValue = .object([
                ("language", .string(user.language.rawValue)), ("tv", .bool(tv)), ("directs", .bool(directs)),
                ("texts", .object(texts.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ])
            let json = String(decoding: try JSONResponse.encoder.encode(setup), as: UTF8.self).replacingOccurrences(of: "<", with: "\\u003c")
            let option = { (value: String, label: String) in "<option value=\"\(HTML.escape(value))\">\(HTML.escape(label))</option>" }
            let body = """
                <style>
                .tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(15rem,1fr));gap:.6rem}
                .tile{background:#fff;border:1px solid #dde1e6;padding:.5rem .7rem} .tile h2{font-size:1rem;margin:0 0 .3rem}
                .big{font-size:2.2rem;font-weight:700;line-height:1} .label{color:#556;font-size:.8rem}
                .figures{display:grid;grid-template-columns:repeat(3,1fr);gap:.2rem .5rem;font-size:.85rem;margin-top:.3rem}
                .good{color:#11772d} .warning{color:#a36200} .bad{color:#b00020} .none{color:#667}
                #alerts{list-style:none;padding:0;margin:.3rem 0} #alerts li{background:#fde8e8;border-left:4px solid #b00020;padding:.3rem .5rem;margin-bottom:.2rem}
                table#agents{width:100%;font-size:.85rem;margin-top:.8rem} .spark{display:block;margin-top:.3rem}
                body.tv{font-size:1.35rem} body.tv .big{font-size:4.5rem} body.tv .tiles{grid-template-columns:repeat(auto-fill,minmax(24rem,1fr))}
                body.tv table#agents,body.tv #direct,body.tv .filters{display:none}
                .filters{display:flex;gap:.6rem;align-items:end;flex-wrap:wrap}
                </style>
                <h1>\(t["Wallboard"]) <span class="label" id="updated" aria-live="off"></span></h1>
                <div class="filters">
                  <label>\(t["Team"])<select id="team-filter" aria-label="\(t["Team"])"><option value="">\(t["All teams"])</option></select></label>
                  <label>\(t["Queue"])<select id="queue-filter" aria-label="\(t["Queue"])"><option value="">\(t["All queues"])</option>\(queues.map { option("\($0.id)", $0.name) }.joined())</select></label>
                  <a href="/wallboard?tv=1" id="tv-link">\(t["TV mode"])</a>
                </div>
                <ul id="alerts" aria-live="assertive"></ul>
                <div class="tiles" id="queues"></div>
                <table id="agents"><caption class="label">\(t["Agents"])</caption><thead><tr>
                  <th scope="col">\(t["Agent"])</th><th scope="col">\(t["State"])</th><th scope="col">\(t["Time in state"])</th><th scope="col">\(t["Call"])</th>
                  <th scope="col">\(t["Handled"])</th><th scope="col">\(t["AHT"])</th><th scope="col">\(t["Holds"])</th></tr></thead><tbody></tbody></table>
                <section id="direct" aria-labelledby="h-direct" \(directs ? "" : "hidden")><h2 id="h-direct">\(t["Set an agent's state"])</h2>
                  <div class="filters">
                    <label>\(t["Agent"])<select id="direct-agent" aria-label="\(t["Agent"])"></select></label>
                    <label>\(t["State"])<select id="direct-state" aria-label="\(t["State"])">\(option("available", t["available"]))\(option("notReady", t["notReady"]))\(option("loggedOut", t["loggedOut"]))</select></label>
                    <label>\(t["Reason"])<select id="direct-reason" aria-label="\(t["Not-ready reason"])">\(reasons.map { option($0.code, $0.label) }.joined())</select></label>
                    <label>\(t["Why"])<input id="direct-because" aria-label="\(t["Why (kept in the audit log)"])" required></label>
                    <button type="button" id="direct-go">\(t["Set state"])</button>
                  </div>
                  <div class="filters">
                    <label>\(t["Move for today from"])<select id="move-from" aria-label="\(t["Move for today from"])"><option value="">—</option>\(queues.map { option("\($0.id)", $0.name) }.joined())</select></label>
                    <label>\(t["to"])<select id="move-to" aria-label="\(t["Move for today to"])"><option value="">—</option>\(queues.map { option("\($0.id)", $0.name) }.joined())</select></label>
                    <button type="button" id="move-go">\(t["Move for today"])</button>
                    <button type="button" id="move-undo">\(t["Undo today's moves"])</button>
                  </div><p id="direct-status" class="label" aria-live="polite"></p>
                </section>
                <script id="wallboard-setup" type="application/json">\(json)</script>
                <script>\(Self.wallboardScript)</script>
                """
            return HTML.page(title: t["Wallboard"], language: user.language, signedInAs: user.displayName, body: body, bodyClass: tv ? "tv" : nil)
        }
    }

    static let wallboardTexts = [
        "waiting", "longest wait", "service level", "target", "offered", "answered", "abandoned", "short", "on hold", "ASA", "AHT", "agents",
        "available", "notReady", "ringing", "talking", "onHold", "wrapUp", "loggedOut", "updated", "State set.", "Take over", "Taken over.", "Give a reason.",
        "No alerts.", "last hour", "listen", "whisper", "barge", "Moved for today.", "Moves undone.", "Set: it takes effect when the agent is free.",
    ]

    static let wallboardScript = #"""
    (() => {
    const setup = JSON.parse(document.getElementById('wallboard-setup').textContent);
    const T = k => setup.texts[k] || k, $ = id => document.getElementById(id);
    const esc = s => String(s ?? '').replace(/[&<>"']/g, c => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c]));
    const clock = s => s == null ? '–' : Math.floor(s / 60) + ':' + String(Math.floor(s % 60)).padStart(2, '0');
    const pct = v => v == null ? '–' : (v * 100).toFixed(1) + ' %';
    let snapshot = null, readAt = Date.now(), teamsFilled = false, pending = null;
    async function api(method, path, body) {
      const write = method !== 'GET';
      const r = await fetch('/api/v1' + path, {method, credentials: 'same-origin', headers: write ? {'Content-Type': 'application/json'} : {},
                                               body: write ? JSON.stringify(body || {}) : undefined});
      const json = await r.json().catch(() => null);
      if (!r.ok) throw new Error(json && json.error ? json.error.message : 'HTTP ' + r.status);
      return json;
    }
    function spark(slots) {
      const max = Math.max(1, ...slots.map(s => s.offered));
      const points = slots.map((s, i) => (i * 10) + ',' + (24 - Math.round(s.offered / max * 22))).join(' ');
      const lost = slots.map((s, i) => (i * 10) + ',' + (24 - Math.round(s.abandoned / max * 22))).join(' ');
      return '<svg class="spark" width="110" height="26" role="img" aria-label="' + esc(T('last hour') + ': ' + slots.map(s => s.offered).join(', ')) + '">' +
        '<polyline fill="none" stroke="#2f6fde" stroke-width="2" points="' + points + '"/><polyline fill="none" stroke="#b00020" stroke-width="1" points="' + lost + '"/></svg>';
    }
    function render() {
      if (!snapshot) return;
      const age = (Date.now() - readAt) / 1000;
      $('updated').textContent = T('updated') + ' ' + new Date(snapshot.at).toLocaleTimeString(setup.language);
      $('alerts').innerHTML = snapshot.alerts.map(a => '<li data-kind="' + esc(a.kind) + '">' + esc(a.message) + '</li>').join('');
      $('queues').innerHTML = snapshot.queues.map(q => {
        const d = q.today, states = q.agents;
        return '<section class="tile" data-queue="' + q.queueId + '" aria-label="' + esc(q.name) + '"><h2>' + esc(q.name) + '</h2>' +
          '<div><span class="big waiting">' + q.waiting + '</span> <span class="label">' + esc(T('waiting')) + '</span> · <span class="label">' + esc(T('longest wait')) + '</span> <span class="longest">' +
          clock(q.waiting ? q.longestWaitSeconds + age : 0) + '</span></div>' +
          '<div><span class="big sl ' + q.serviceLevelStatus + '">' + pct(d.serviceLevel) + '</span> <span class="label">' + esc(T('service level')) + ' (' + esc(T('target')) + ' ' +
          d.serviceLevelTarget.percent + ' % / ' + d.serviceLevelTarget.seconds + ' s)</span></div>' +
          '<div class="figures"><span>' + esc(T('offered')) + ' <b class="offered">' + d.offered + '</b></span><span>' + esc(T('answered')) + ' <b>' + d.answered + '</b></span>' +
          '<span>' + esc(T('abandoned')) + ' <b>' + d.abandoned + '</b> (' + esc(T('short')) + ' ' + d.shortAbandoned + ')</span>' +
          '<span>' + esc(T('on hold')) + ' <b>' + q.onHold + '</b></span><span>' + esc(T('ASA')) + ' <b>' + clock(d.asaSeconds) + '</b></span><span>' + esc(T('AHT')) + ' <b>' + clock(d.ahtSeconds) + '</b></span></div>' +
          '<div class="label">' + ['available', 'ringing', 'talking', 'onHold', 'wrapUp', 'notReady'].map(s => esc(T(s)) + ' ' + (states[s] || 0)).join(' · ') + '</div>' + spark(q.lastHour) + '</section>';
      }).join('');
      $('agents').querySelector('tbody').innerHTML = snapshot.agents.filter(a => a.state !== 'loggedOut' || !setup.tv).map(a =>
        '<tr data-agent="' + a.agentId + '"><td>' + esc(a.displayName) + '</td><td>' + esc(T(a.state)) + (a.reason ? ' (' + esc(a.reason) + ')' : '') + '</td>' +
        '<td>' + clock(a.secondsInState == null ? null : a.secondsInState + age) + '</td><td>' + (a.callId ? '#' + a.callId + ' ' + clock(a.callSeconds == null ? null : a.callSeconds + age) +
          (setup.directs && a.callSeconds != null ? ' <button type="button" class="take-over" data-call="' + a.callId + '" aria-label="' + esc(T('Take over') + ' #' + a.callId) + '">' + esc(T('Take over')) + '</button>' +
            ['listen', 'whisper', 'barge'].map(m => ' <button type="button" class="monitor" data-mode="' + m + '" data-call="' + a.callId + '" aria-label="' + esc(T(m) + ' #' + a.callId) + '">' + esc(T(m)) + '</button>').join('') : '') : '') + '</td>' +
        '<td>' + a.handled + '</td><td>' + clock(a.ahtSeconds) + '</td><td>' + a.holds + '</td></tr>').join('');
      for (const b of document.querySelectorAll('.take-over')) b.onclick = () => api('POST', '/calls/' + b.dataset.call + '/takeover')
        .then(() => { $('direct-status').textContent = T('Taken over.'); refresh(); }).catch(e => $('direct-status').textContent = e.message);
      for (const b of document.querySelectorAll('.monitor')) b.onclick = () => api('POST', '/calls/' + b.dataset.call + '/monitor', {mode: b.dataset.mode})
        .then(() => { $('direct-status').textContent = T(b.dataset.mode) + ' #' + b.dataset.call; }).catch(e => $('direct-status').textContent = e.message);
      if (!teamsFilled) {
        teamsFilled = true;
        $('team-filter').innerHTML += snapshot.teams.map(t => '<option value="' + t.id + '">' + esc(t.name) + '</option>').join('');
        if (snapshot.teams.length === 1) { $('team-filter').value = snapshot.teams[0].id; }
      }
      const chosen = $('direct-agent').value;
      $('direct-agent').innerHTML = snapshot.agents.map(a => '<option value="' + a.agentId + '">' + esc(a.displayName) + '</option>').join('');
      if (chosen) $('direct-agent').value = chosen;
    }
    let reading = false, again = false;
    async function refresh() {
      pending = null;
      // One read at a time; events during a read ask for one more read after it.
      if (reading) { again = true; return; }
      reading = true;
      const params = new URLSearchParams();
      if ($('team-filter').value) params.set('team', $('team-filter').value);
      if ($('queue-filter').value) params.set('queue', $('queue-filter').value);
      try { snapshot = await api('GET', '/realtime/wallboard?' + params); readAt = Date.now(); render(); }
      catch (e) { $('updated').textContent = e.message; }
      reading = false;
      if (again) { again = false; refresh(); }
    }
    // Any event rereads the floor soon (several events of one change are read once).
    const soon = () => { if (!pending) pending = setTimeout(refresh, 150); };
    $('team-filter').onchange = refresh; $('queue-filter').onchange = refresh;
    $('direct-go').onclick = async () => {
      const because = $('direct-because').value.trim();
      if (!because) { $('direct-status').textContent = T('Give a reason.'); return; }
      try { const now = await api('POST', '/agents/' + $('direct-agent').value + '/state', {state: $('direct-state').value, reason: $('direct-reason').value, because});
            // During a call (or while a disposition is owed) the change waits: say so.
            $('direct-status').textContent = now && now.state !== $('direct-state').value ? T('Set: it takes effect when the agent is free.') : T('State set.');
            $('direct-because').value = ''; refresh(); } catch (e) { $('direct-status').textContent = e.message; }
    };
    $('move-go').onclick = async () => {
      const body = {};
      if ($('move-from').value) body.from = Number($('move-from').value);
      if ($('move-to').value) body.to = Number($('move-to').value);
      try { await api('POST', '/agents/' + $('direct-agent').value + '/day-queues', body); $('direct-status').textContent = T('Moved for today.'); refresh(); }
      catch (e) { $('direct-status').textContent = e.message; }
    };
    $('move-undo').onclick = () => api('DELETE', '/agents/' + $('direct-agent').value + '/day-queues')
      .then(() => { $('direct-status').textContent = T('Moves undone.'); refresh(); }).catch(e => $('direct-status').textContent = e.message);
    const events = new EventSource('/api/v1/events');
    events.onmessage = soon;
    for (const name of ['agentStateChanged', 'callEnteredQueue', 'callQueued', 'callOffered', 'offerWithdrawn', 'callAnswered', 'callHeld', 'callResumed',
                        'callTransferred', 'callEscalated', 'callTakenOver', 'consultStarted', 'consultAnswered', 'consultEnded', 'callOverflowed', 'callEnded',
                        'alertRaised', 'alertCleared']) events.addEventListener(name, soon);
    events.addEventListener('open', soon);
    setInterval(render, 1000);
    setInterval(refresh, 5000);
    refresh();
    })();
    """#
}
