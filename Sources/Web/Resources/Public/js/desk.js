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
