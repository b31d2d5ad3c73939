// The approvals dashboard page: the list, one approval with its frozen vs live state, and the approve/reject buttons.
// Every value from the API is written with textContent or as an attribute, never parsed as HTML.
import { ApiError, call, enc, readKey, useKey } from '../../console/assets/console-api.js';
import { ABSENT, diffStates, isObject, summarize } from './approvals-diff.js';

const APPROVER_STORAGE = 'mcpgw.dashboard.approver';
const POLL_MS = 10000;

const $ = id => document.getElementById(id);

/** Approvals newest first; status 'all' lists every status. */
async function listApprovals(status) {
  const query = status === 'all' ? '' : `status=${enc(status)}&`;
  const data = await call(`approvals?${query}limit=100`);
  return Array.isArray(data && data.data) ? data.data : [];
}

/** One approval with its live state, drift and live_problem. */
const getApproval = id => call(`approvals/${enc(id)}?live=true`);

const approve = (id, approver) => call(`approvals/${enc(id)}/approve`, 'POST', { approver });

const reject = (id, approver, reason) => call(`approvals/${enc(id)}/reject`, 'POST', { approver, reason });
// authProblem: null, 'read' (listing or loading failed; polling pauses) or 'write' (a decision was refused).
const state = { selectedId: null, listSignature: '', listSeq: 0, detailSeq: 0, busy: false, authProblem: null };

// ---- messages ----

function setBanner(id, text) {
  $(id).textContent = text;
  $(id).hidden = !text;
}

function authMessage(error) {
  if (error.status === 401) {
    return error.hadKey
      ? '401 Unauthorized: the gateway did not accept this API key (unknown, revoked or mistyped). Paste another key above.'
      : '401 Unauthorized: this gateway requires an API key. Paste a key with the approvals:read scope ' +
        '(and approvals:write to approve or reject) above.';
  }

  return '403 Forbidden: this API key may not do that. Viewing needs the approvals:read scope; ' +
    'approving and rejecting need approvals:write.';
}

/** Shows a failed call: auth problems in their own banner, everything else in the error banner. */
function showError(error, write = false) {
  if (error instanceof ApiError && error.isAuth) {
    state.authProblem = write ? 'write' : 'read';
    setBanner('auth-message', `${authMessage(error)} (${error.message})`);
  } else {
    setBanner('error-message', error instanceof ApiError && error.status ? `${error.status}: ${error.message}` : error.message || String(error));
  }
}

/** A call went through: clears an auth problem it would have hit too (a read does not clear a refused write). */
function succeeded(write = false) {
  if (state.authProblem === 'read' || write) {
    state.authProblem = null;
    setBanner('auth-message', '');
  }
}

function run(promise) {
  promise.catch(showError);
}

// ---- small renderers ----

function text(id, value) {
  $(id).textContent = value === null || value === undefined || value === '' ? '—' : String(value);
}

/** Fills a cell with a link to the console (or a dash when there is nothing to link to). */
function link(id, value, href) {
  if (!value) {
    text(id, null);
    return;
  }

  const a = document.createElement('a');
  a.href = href(value);
  a.textContent = value;
  $(id).replaceChildren(a);
}

function statusBadge(node, status) {
  node.textContent = status || '—';
  node.className = 'status status-' + String(status || 'unknown').replace(/[^a-z_]/g, '');
}

function formatTime(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? String(iso) : date.toLocaleString();
}

const json = value => (value === null || value === undefined ? '—' : JSON.stringify(value, null, 2));

// ---- list ----

async function loadList() {
  const seq = ++state.listSeq;
  $('list-loading').hidden = state.listSignature !== '';
  try {
    const approvals = await listApprovals($('filter').value);
    succeeded();
    if (seq === state.listSeq) renderList(approvals);
  } finally {
    if (seq === state.listSeq) $('list-loading').hidden = true;
  }
}

function renderList(approvals) {
  const signature = $('filter').value + JSON.stringify(approvals.map(a => [a.id, a.status]));
  if (signature === state.listSignature) return; // unchanged: keep the rows (and the user's focus) as they are
  state.listSignature = signature;
  const rows = approvals.map(a => {
    const row = document.createElement('tr');
    row.dataset.testid = 'approval-row';
    row.dataset.approvalId = a.id;
    row.dataset.status = a.status;
    row.tabIndex = 0;
    row.setAttribute('aria-selected', String(a.id === state.selectedId));
    // The arguments tell identical-looking calls apart; the whole value is in the cell's title.
    const args = a.arguments === undefined || a.arguments === null ? '—' : JSON.stringify(a.arguments);
    const cells = [formatTime(a.created_at), a.tool, args.length > 60 ? args.slice(0, 59) + '…' : args, a.agent || '—', ''].map(value => {
      const cell = document.createElement('td');
      cell.textContent = value;
      return cell;
    });
    cells[0].title = a.created_at || '';
    cells[2].title = args;
    cells[2].className = 'mono';
    cells[2].dataset.testid = 'row-arguments';
    const badge = document.createElement('span');
    statusBadge(badge, a.status);
    cells[4].append(badge);
    row.append(...cells);
    return row;
  });
  $('approvals-list').replaceChildren(...rows);
  $('list-empty').hidden = approvals.length > 0;
  $('list-count').textContent = `(${approvals.length})`;
}

// ---- one approval ----

async function select(id, keepDecision = false) {
  const seq = ++state.detailSeq;
  state.selectedId = id;
  for (const row of $('approvals-list').rows) row.setAttribute('aria-selected', String(row.dataset.approvalId === id));
  history.replaceState(null, '', '#' + encodeURIComponent(id));
  if (!keepDecision) $('decision').hidden = true;
  $('reject-form').hidden = true;
  $('detail').hidden = false;
  $('detail').dataset.approvalId = id;
  $('detail').dataset.loaded = 'false';
  text('detail-id', id);
  $('diff-summary').textContent = 'Fetching the live state…';
  let view;
  try {
    view = await getApproval(id);
    succeeded();
  } catch (e) {
    if (seq === state.detailSeq) $('diff-summary').textContent = 'The approval could not be loaded.';
    throw e;
  }

  if (seq === state.detailSeq) renderDetail(view);
}

function renderDetail(view) {
  const contract = isObject(view.contract) ? view.contract : null;
  text('detail-tool', view.tool);
  statusBadge($('detail-status'), view.status);
  text('detail-id', view.id);
  text('detail-connector', view.connector);
  text('detail-agent', view.agent);
  text('detail-reason', view.reason);
  text('detail-intent', contract && contract.intent);
  text('detail-created', formatTime(view.created_at));
  text('detail-expires', formatTime(view.expires_at));
  text('detail-decided', view.decided_at ? `${formatTime(view.decided_at)} by ${view.decided_by || 'unknown'}` : '');
  text('detail-parent', view.parent_approval_id);
  link('detail-execution', view.result_execution_id || view.execution_id, id => `../console/executions?id=${encodeURIComponent(id)}`);
  const runId = isObject(view.context) ? view.context.run_id || view.context.runId : null;
  link('detail-run', runId, id => `../console/runs?id=${encodeURIComponent(id)}`);
  $('detail-arguments').textContent = json(view.arguments);
  $('detail-contract').textContent = json(contract);
  $('recorded-decision').textContent = json(view.decision);
  $('recorded-decision-box').hidden = !view.decision;

  const open = view.status === 'pending' || view.status === 'deciding';
  const recorded = isObject(view.decision) && isObject(view.decision.live_state) ? view.decision : null;
  if (open || !recorded) {
    // After a decision the state may differ because of the approved call itself: say so rather than hide it.
    const note = open ? '' : ` The approval is ${view.status}: a change may be the approved call's own effect.`;
    renderDiff(diffStates(view.state, view.live_state, view.drift), view.live_problem, open ? 'Live' : 'Live now', note);
  } else {
    renderDiff(diffStates(view.state, recorded.live_state, recorded.drift), null, 'Live at decision', '');
  }

  const pending = view.status === 'pending';
  for (const id of ['approve', 'reject']) {
    $(id).disabled = !pending || state.busy;
    $(id).title = pending ? '' : `Already ${view.status}: only a pending approval can be decided.`;
  }

  $('detail').dataset.status = view.status;
  $('detail').dataset.loaded = 'true';
}

function valueCell(value, testid) {
  const cell = document.createElement('td');
  cell.dataset.testid = testid;
  const span = document.createElement('span');
  span.className = value === ABSENT ? 'absent' : 'diff-value';
  span.textContent = value === ABSENT ? 'absent' : typeof value === 'string' ? value : JSON.stringify(value);
  cell.append(span);
  return cell;
}

function renderDiff(diff, liveProblem, liveHeader, note) {
  const rows = diff.rows.map(r => {
    const row = document.createElement('tr');
    row.dataset.testid = 'diff-row';
    row.dataset.field = r.field;
    row.dataset.changed = String(r.changed);
    if (r.changed) row.className = 'changed';
    const name = document.createElement('td');
    name.className = 'diff-field';
    name.dataset.testid = 'diff-field';
    name.textContent = r.field;
    row.append(name, valueCell(r.frozen, 'diff-frozen'), valueCell(r.live, 'diff-live'));
    return row;
  });
  $('diff-rows').replaceChildren(...rows);
  $('diff-table').hidden = rows.length === 0;
  $('diff-live-header').textContent = liveHeader;
  $('live-problem').textContent = liveProblem ? `The live state could not be read: ${liveProblem}` : '';
  $('live-problem').hidden = !liveProblem;
  $('diff-summary').textContent = summarize(diff) + note;
  $('diff-summary').dataset.changed = String(diff.changed);
}

// ---- decisions ----

const approver = () => $('approver').value.trim() || 'dashboard';

async function decide(send) {
  const id = state.selectedId;
  if (!id || state.busy) return;
  state.busy = true;
  for (const b of ['approve', 'reject', 'reject-confirm']) $(b).disabled = true;
  try {
    renderDecision(await send(id));
    succeeded(true);
    setBanner('error-message', '');
  } catch (e) {
    if (e.status === 409) setBanner('error-message', `Already decided: ${e.message}`);
    else if (e.status === 404) setBanner('error-message', `Approval ${id} no longer exists.`);
    else showError(e, true);
  } finally {
    state.busy = false;
    $('reject-confirm').disabled = false;
    const results = await Promise.allSettled([select(id, true), loadList()]);
    results.filter(r => r.status === 'rejected').forEach(r => showError(r.reason));
  }
}

function renderDecision(result) {
  result = result || {};
  $('reject-form').hidden = true;
  statusBadge($('decision-value'), result.decision);
  text('decision-status', result.status ?? result.approval_status);
  text('decision-message', result.message);
  text('decision-execution', result.execution_id);
  $('decision-new').hidden = !result.new_approval_id;
  $('decision-new-approval').textContent = result.new_approval_id || '';
  $('decision-result').textContent = json(result.result);
  $('decision-result-box').hidden = result.result === undefined || result.result === null;
  $('decision').dataset.decision = result.decision || '';
  $('decision').hidden = false;
}

// ---- wiring ----

function reloadAll() {
  state.listSignature = '';
  state.authProblem = null;
  setBanner('auth-message', '');
  const work = [loadList()];
  if (state.selectedId) work.push(select(state.selectedId, true));
  Promise.allSettled(work).then(results => results.filter(r => r.status === 'rejected').forEach(r => showError(r.reason)));
}

function updateKeyState() {
  $('key-state').textContent = readKey() ? 'A key is in use in this tab.' : 'No key.';
}

function rowEvent(event) {
  const row = event.target.closest('tr[data-approval-id]');
  if (row && (event.type === 'click' || event.key === 'Enter' || event.key === ' ')) {
    event.preventDefault();
    run(select(row.dataset.approvalId));
  }
}

$('approver').value = localStorage.getItem(APPROVER_STORAGE) || 'dashboard';
$('approver').addEventListener('change', () => localStorage.setItem(APPROVER_STORAGE, approver()));
$('key-form').addEventListener('submit', event => {
  event.preventDefault();
  useKey($('api-key').value.trim());
  $('api-key').value = '';
  updateKeyState();
  reloadAll();
});
$('forget-key').addEventListener('click', () => {
  useKey('');
  updateKeyState();
  reloadAll();
});
$('filter').addEventListener('change', () => run(loadList()));
$('refresh').addEventListener('click', reloadAll);
$('approvals-list').addEventListener('click', rowEvent);
$('approvals-list').addEventListener('keydown', rowEvent);
$('approve').addEventListener('click', () => run(decide(id => approve(id, approver()))));
$('reject').addEventListener('click', () => {
  $('reject-form').hidden = false;
  $('reject-reason').focus();
});
$('reject-cancel').addEventListener('click', () => { $('reject-form').hidden = true; });
$('reject-form').addEventListener('submit', event => {
  event.preventDefault();
  const reason = $('reject-reason').value.trim();
  if (!reason) {
    setBanner('error-message', 'Give a reason for the rejection: the agent is told it.');
    return;
  }

  run(decide(id => reject(id, approver(), reason)).then(() => { $('reject-reason').value = ''; }));
});
$('decision-new-approval').addEventListener('click', () => run(select($('decision-new-approval').textContent)));

updateKeyState();
run(loadList());
if (location.hash.length > 1) run(select(decodeURIComponent(location.hash.slice(1))));
setInterval(() => {
  if (!document.hidden && state.authProblem !== 'read' && !state.busy) run(loadList());
}, POLL_MS);
