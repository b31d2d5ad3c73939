// Executions: the journal's records (filters), one execution's stage-by-stage trace, idempotency key and approval, and
// settling an outcome nothing could check (POST /v1/outcomes/reconcile).
import { call, enc } from './console-api.js';
import { badge, dash, el, facts, param, pre, setParam, table, time } from './console-ui.js';

export async function render(root, ctx) {
  const tool = el('input', { testid: 'exec-tool', placeholder: 'tool', value: param('tool') || '', spellcheck: 'false' });
  const agent = el('input', { testid: 'exec-agent', placeholder: 'agent', value: param('agent') || '', spellcheck: 'false' });
  const status = el('input', { testid: 'exec-status', placeholder: 'status', value: param('status') || '', spellcheck: 'false' });
  const listBox = el('div', {});
  const detail = el('section', { class: 'panel', testid: 'exec-detail', hidden: true });

  const loadList = async () => {
    const query = new URLSearchParams({ limit: '100' });
    for (const [name, input] of [['tool', tool], ['agent', agent], ['status', status]]) {
      if (input.value.trim()) query.set(name, input.value.trim());
    }

    const data = await call(`traces?${query}`);
    listBox.replaceChildren(table('exec-table', ['Execution', 'Tool', 'Agent', 'Status', 'Started', 'Latency'],
      (data.data || []).map(t => el('tr', { testid: 'exec-row', 'data-id': t.execution_id, class: 'clickable', tabindex: 0, onclick: () => ctx.attempt(() => open(t.execution_id)) },
        el('td', { class: 'mono' }, t.execution_id), el('td', { class: 'mono' }, t.tool), el('td', {}, dash(t.agent)),
        el('td', {}, badge(t.status)), el('td', {}, time(t.started_at)), el('td', {}, t.latency_ms === undefined || t.latency_ms === null ? '—' : `${t.latency_ms} ms`)))));
  };

  const open = async id => {
    setParam('id', id);
    drawExecution(detail, await call(`executions/${enc(id)}`), ctx, open);
  };

  root.append(el('div', { class: 'layout' },
    el('section', { class: 'panel' },
      el('h2', {}, 'Executions'),
      el('form', { class: 'filters', testid: 'exec-filters', onsubmit: e => { e.preventDefault(); ctx.attempt(loadList); } },
        tool, agent, status, el('button', { type: 'submit', testid: 'exec-apply' }, 'Filter')),
      listBox),
    detail));
  await loadList();
  if (param('id')) await open(param('id'));
}

function drawExecution(detail, x, ctx, open) {
  detail.hidden = false;
  const stages = Array.isArray(x.trace) ? x.trace : [];
  const verdict = el('select', { testid: 'settle-verdict' }, el('option', { value: 'not_executed' }, 'it did not run'), el('option', { value: 'executed' }, 'it ran'));
  const note = el('input', { testid: 'settle-note', placeholder: 'how you know', maxlength: 2000 });
  const settled = el('p', { testid: 'settle-result', class: 'muted' });
  const settle = async event => {
    event.preventDefault();
    const answer = await ctx.attempt(() => call('outcomes/reconcile', 'POST', { execution_id: x.execution_id, verdict: verdict.value, note: note.value || undefined }));
    if (answer) {
      settled.textContent = `Settled: ${JSON.stringify(answer)}`;
      await ctx.attempt(() => open(x.execution_id));
      detail.querySelector('[data-testid="settle-result"]').textContent = settled.textContent;
    }
  };

  detail.replaceChildren(
    el('h2', {}, el('span', { class: 'mono', testid: 'exec-id' }, x.execution_id), ' ', el('span', { testid: 'exec-status-value' }, badge(x.status))),
    facts([
      ['Tool', x.tool, 'exec-tool-value'],
      ['Connector', x.connector],
      ['Agent', x.agent],
      ['Started', time(x.started_at)],
      ['Ended', time(x.ended_at)],
      ['Latency', x.latency_ms === undefined || x.latency_ms === null ? null : `${x.latency_ms} ms`],
      ['Attempts', x.attempts],
      ['Idempotency key', x.idempotency_key, 'exec-idempotency'],
      ['Approval', x.approval_id ? el('a', { href: '../dashboard/approvals', class: 'mono', testid: 'exec-approval' }, x.approval_id) : null],
      ['Error', x.error, 'exec-error'],
    ]),
    el('h3', {}, 'Arguments (redacted)'), pre(x.arguments, 'exec-arguments'),
    el('h3', {}, 'Trace'),
    table('exec-trace', ['#', 'Stage', 'Decision', 'Detail'], stages.map((s, i) => el('tr', { testid: 'trace-stage', 'data-stage': s.stage ?? s.name ?? '' },
      el('td', {}, String(i + 1)),
      el('td', { class: 'mono' }, dash(s.stage ?? s.name)),
      el('td', {}, dash(s.decision ?? s.outcome)),
      el('td', { testid: 'stage-detail' }, dash(s.detail))))),
    x.details ? el('details', {}, el('summary', {}, 'Details'), pre(x.details)) : null,
    x.settlement ? el('div', {}, el('h3', {}, 'Settlement'), pre(x.settlement, 'exec-settlement')) : null,
    el('form', { class: 'form settle', testid: 'settle-form', onsubmit: settle },
      el('h3', {}, 'Settle an unknown outcome'),
      el('p', { class: 'muted' }, 'For a call whose outcome nothing could check (its key is outcome_unknown): say whether it ran. ' +
        '"It ran" completes the key, so a repeat replays; "it did not run" frees it for a new call.'),
      verdict, note, el('button', { type: 'submit', testid: 'settle' }, 'Settle'), settled));
}
