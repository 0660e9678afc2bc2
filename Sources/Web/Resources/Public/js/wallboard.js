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
