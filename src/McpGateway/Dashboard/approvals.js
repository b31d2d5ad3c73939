// The approvals dashboard: lists approvals from /v1/approvals, shows one with its frozen state next to the live one
// (?live=true), and approves or rejects it. Every value from the API is written with textContent, never as HTML.
'use strict';

(() => {
  const KEY_STORAGE = 'mcpgw.dashboard.apiKey';
  const APPROVER_STORAGE = 'mcpgw.dashboard.approver';
  const POLL_MS = 10000;
  const ABSENT = Symbol('absent');

  const $ = id => document.getElementById(id);
  const state = { selectedId: null, listSignature: '', listSeq: 0, detailSeq: 0, busy: false, authFailed: false };

  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  // Relative to the page (…/dashboard/approvals), so a gateway behind a path prefix works too.
  const apiUrl = suffix => new URL('../v1/approvals' + suffix, location.href);

  function readKey() {
    return sessionStorage.getItem(KEY_STORAGE) || '';
  }

  async function api(suffix, method = 'GET', body = undefined) {
    const headers = { Accept: 'application/json' };
    const key = readKey();
    if (key) headers['X-API-Key'] = key;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response;
    try {
      response = await fetch(apiUrl(suffix), {
        method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store', credentials: 'omit',
      });
    } catch (e) {
      throw new ApiError(0, `The gateway could not be reached (${e.message}).`);
    }

    const text = await response.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { json = null; }
    if (response.status === 401 || response.status === 403) {
      showAuthProblem(response.status, json, Boolean(key));
      throw new ApiError(response.status, '');
    }

    clearAuthProblem();
    if (!response.ok) {
      const detail = json && (json.detail || json.title);
      throw new ApiError(response.status, `${response.status} ${detail || response.statusText || 'request failed'}`);
    }

    return json;
  }

  function showAuthProblem(status, problem, hadKey) {
    state.authFailed = true;
    let message;
    if (status === 401) {
      message = hadKey
        ? '401 Unauthorized: the gateway did not accept this API key (unknown, revoked or mistyped). Paste another key above.'
        : '401 Unauthorized: this gateway requires an API key. Paste a key with the approvals:read scope ' +
          '(and approvals:write to approve or reject) above.';
    } else {
      message = '403 Forbidden: this API key may not do that. Viewing needs the approvals:read scope; ' +
        'approving and rejecting need approvals:write.';
    }

    const detail = problem && problem.detail;
    setBanner('auth-message', detail ? `${message} (${detail})` : message);
  }

  function clearAuthProblem() {
    state.authFailed = false;
    setBanner('auth-message', '');
  }

  function setBanner(id, text) {
    $(id).textContent = text;
    $(id).hidden = !text;
  }

  function showError(error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) return; // already in the auth banner
    setBanner('error-message', error.message || String(error));
  }

  function text(id, value) {
    $(id).textContent = value === null || value === undefined || value === '' ? '—' : String(value);
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

  function json(value) {
    return value === null || value === undefined ? '—' : JSON.stringify(value, null, 2);
  }

  // ---- list ----

  async function loadList() {
    const seq = ++state.listSeq;
    const status = $('filter').value === 'all' ? '' : 'status=pending&';
    $('list-loading').hidden = state.listSignature !== '';
    try {
      const data = await api(`?${status}limit=100`);
      if (seq !== state.listSeq) return;
      renderList(Array.isArray(data && data.approvals) ? data.approvals : []);
      setBanner('error-message', '');
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
      const cells = [formatTime(a.created_at), a.tool, a.agent || '—'].map(value => {
        const cell = document.createElement('td');
        cell.textContent = value;
        return cell;
      });
      cells[0].title = a.created_at || '';
      const statusCell = document.createElement('td');
      const badge = document.createElement('span');
      statusBadge(badge, a.status);
      statusCell.append(badge);
      row.append(...cells, statusCell);
      return row;
    });
    $('approvals-list').replaceChildren(...rows);
    $('list-empty').hidden = approvals.length > 0;
    $('list-count').textContent = `(${approvals.length})`;
  }

  function markSelectedRow() {
    for (const row of $('approvals-list').rows) {
      row.setAttribute('aria-selected', String(row.dataset.approvalId === state.selectedId));
    }
  }

  // ---- detail ----

  async function select(id, keepDecision = false) {
    const seq = ++state.detailSeq;
    state.selectedId = id;
    markSelectedRow();
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
      view = await api(`/${encodeURIComponent(id)}?live=true`);
    } catch (e) {
      if (seq === state.detailSeq) $('diff-summary').textContent = 'The approval could not be loaded.';
      throw e;
    }

    if (seq !== state.detailSeq) return;
    renderDetail(view);
  }

  function renderDetail(view) {
    const contract = view.contract && typeof view.contract === 'object' ? view.contract : null;
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
    $('detail-arguments').textContent = json(view.arguments);
    $('detail-contract').textContent = json(contract);
    $('recorded-decision').textContent = json(view.decision);
    $('recorded-decision-box').hidden = !view.decision;
    const decided = view.decision && typeof view.decision === 'object' ? view.decision : {};
    renderDiff(view.state, view.live_state ?? decided.live_state, view.drift ?? decided.drift, view.live_problem);
    const pending = view.status === 'pending';
    for (const id of ['approve', 'reject']) {
      $(id).disabled = !pending || state.busy;
      $(id).title = pending ? '' : `Already ${view.status}: only a pending approval can be decided.`;
    }

    $('detail').dataset.status = view.status;
    $('detail').dataset.loaded = 'true';
  }

  const isObject = value => value !== null && typeof value === 'object' && !Array.isArray(value);

  // Nested objects become dotted fields (customer.id), as the gateway names fields in drift and conditions.
  function flatten(value, prefix = '', out = new Map()) {
    for (const [key, child] of Object.entries(value)) {
      const field = prefix ? `${prefix}.${key}` : key;
      if (isObject(child) && Object.keys(child).length > 0) flatten(child, field, out);
      else out.set(field, child);
    }

    return out;
  }

  // Equal JSON values give equal text: object keys sorted, 1 and 1.0 already the same number once parsed.
  function canonical(value) {
    if (value === ABSENT) return '\u0000absent';
    if (Array.isArray(value)) return '[' + value.map(canonical).join(',') + ']';
    if (isObject(value)) return '{' + Object.keys(value).sort().map(k => JSON.stringify(k) + ':' + canonical(value[k])).join(',') + '}';
    return JSON.stringify(value);
  }

  function valueCell(value, testid) {
    const cell = document.createElement('td');
    cell.dataset.testid = testid;
    const span = document.createElement('span');
    if (value === ABSENT) {
      span.className = 'absent';
      span.textContent = 'absent';
    } else {
      span.className = 'diff-value';
      span.textContent = typeof value === 'string' ? value : JSON.stringify(value);
    }

    cell.append(span);
    return cell;
  }

  function renderDiff(frozenState, liveState, drift, liveProblem) {
    const frozen = isObject(frozenState) ? flatten(frozenState) : null;
    const live = isObject(liveState) ? flatten(liveState) : null;
    const drifted = new Map((Array.isArray(drift) ? drift : []).filter(d => d && d.field).map(d => [String(d.field), d]));
    const fields = [...new Set([...(frozen ? frozen.keys() : []), ...(live ? live.keys() : []), ...drifted.keys()])];
    const at = (map, field, fallback) => (map && map.has(field) ? map.get(field) : fallback);
    let changed = 0;
    const rows = fields.map(field => {
      const d = drifted.get(field);
      const frozenValue = at(frozen, field, d && 'expected' in d ? d.expected : ABSENT);
      const liveValue = at(live, field, d && 'actual' in d ? d.actual : ABSENT);
      const isChanged = Boolean(d) || (frozen !== null && live !== null && canonical(frozenValue) !== canonical(liveValue));
      changed += isChanged ? 1 : 0;
      const row = document.createElement('tr');
      row.dataset.testid = 'diff-row';
      row.dataset.field = field;
      row.dataset.changed = String(isChanged);
      if (isChanged) row.className = 'changed';
      const name = document.createElement('td');
      name.className = 'diff-field';
      name.dataset.testid = 'diff-field';
      name.textContent = field;
      row.append(name, valueCell(frozenValue, 'diff-frozen'), valueCell(liveValue, 'diff-live'));
      return row;
    });
    $('diff-rows').replaceChildren(...rows);
    $('diff-table').hidden = rows.length === 0;
    $('live-problem').textContent = liveProblem ? `The live state could not be read: ${liveProblem}` : '';
    $('live-problem').hidden = !liveProblem;
    let summary;
    if (!frozen && !live) summary = 'No state was frozen with this call (its rule has no state_refetch).';
    else if (!frozen) summary = 'No state was frozen with this call; the live state is shown for reference.';
    else if (!live) summary = 'The live state was not fetched; the frozen snapshot is shown.';
    else if (changed === 0) summary = `No field changed since the call was frozen (${fields.length} compared).`;
    else summary = `${changed} of ${fields.length} fields changed since the call was frozen.`;
    $('diff-summary').textContent = summary;
    $('diff-summary').dataset.changed = String(changed);
  }

  // ---- decisions ----

  function approver() {
    return $('approver').value.trim() || 'dashboard';
  }

  async function decide(action, body) {
    const id = state.selectedId;
    if (!id || state.busy) return;
    state.busy = true;
    for (const b of ['approve', 'reject', 'reject-confirm']) $(b).disabled = true;
    try {
      renderDecision(await api(`/${encodeURIComponent(id)}/${action}`, 'POST', body));
      setBanner('error-message', '');
    } catch (e) {
      if (e.status === 409) setBanner('error-message', `Already decided: ${e.message}`);
      else if (e.status === 404) setBanner('error-message', `Approval ${id} no longer exists.`);
      else showError(e);
    } finally {
      state.busy = false;
      $('reject-confirm').disabled = false;
      await Promise.allSettled([select(id, true), loadList()]).then(results =>
        results.filter(r => r.status === 'rejected').forEach(r => showError(r.reason)));
    }
  }

  function renderDecision(result) {
    result = result || {};
    $('reject-form').hidden = true;
    statusBadge($('decision-value'), result.decision);
    text('decision-status', result.status);
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

  function updateKeyState() {
    $('key-state').textContent = readKey() ? 'A key is in use in this tab.' : 'No key.';
  }

  function reloadAll() {
    state.listSignature = '';
    const work = [loadList()];
    if (state.selectedId) work.push(select(state.selectedId, true));
    Promise.allSettled(work).then(results => results.filter(r => r.status === 'rejected').forEach(r => showError(r.reason)));
  }

  function run(promise) {
    promise.catch(showError);
  }

  function init() {
    $('approver').value = localStorage.getItem(APPROVER_STORAGE) || 'dashboard';
    $('approver').addEventListener('change', () => localStorage.setItem(APPROVER_STORAGE, approver()));
    $('key-form').addEventListener('submit', event => {
      event.preventDefault();
      const key = $('api-key').value.trim();
      if (key) sessionStorage.setItem(KEY_STORAGE, key);
      else sessionStorage.removeItem(KEY_STORAGE);
      $('api-key').value = '';
      updateKeyState();
      reloadAll();
    });
    $('forget-key').addEventListener('click', () => {
      sessionStorage.removeItem(KEY_STORAGE);
      updateKeyState();
      reloadAll();
    });
    $('filter').addEventListener('change', () => run(loadList()));
    $('refresh').addEventListener('click', reloadAll);
    $('approvals-list').addEventListener('click', event => {
      const row = event.target.closest('tr[data-approval-id]');
      if (row) run(select(row.dataset.approvalId));
    });
    $('approvals-list').addEventListener('keydown', event => {
      const row = event.target.closest('tr[data-approval-id]');
      if (row && (event.key === 'Enter' || event.key === ' ')) {
        event.preventDefault();
        run(select(row.dataset.approvalId));
      }
    });
    $('approve').addEventListener('click', () => run(decide('approve', { approver: approver() })));
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

      run(decide('reject', { approver: approver(), reason }).then(() => { $('reject-reason').value = ''; }));
    });
    $('decision-new-approval').addEventListener('click', () => run(select($('decision-new-approval').textContent)));

    updateKeyState();
    run(loadList());
    const linked = decodeURIComponent(location.hash.slice(1));
    if (linked) run(select(linked));
    setInterval(() => {
      if (!document.hidden && !state.authFailed && !state.busy) run(loadList());
    }, POLL_MS);
  }

  init();
})();
