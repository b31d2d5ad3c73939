// Runs: filters, the list, and one run's graph (its version's steps coloured by node status) and per-node timeline
// with inputs, outputs and errors, usage and tags; cancel, retry, pause and resume. A run in progress follows its event
// stream (GET /v1/runs/{id}/events): each event re-reads the run, until the stream ends with the run.
import { call, enc, follow } from './console-api.js';
import { badge, dash, el, facts, param, pre, setParam, table, time } from './console-ui.js';
import { flowGraph, statusesOf } from './flow-graph.js';

const STATUSES = ['', 'PENDING', 'RUNNING', 'PAUSED', 'SUCCEEDED', 'FAILED', 'TIMEOUT', 'CANCELED'];
const ACTIVE = ['PENDING', 'RUNNING', 'PAUSED'];

export async function render(root, ctx) {
  const flow = el('input', { testid: 'run-flow', placeholder: 'flow name', value: param('flow') || '', spellcheck: 'false' });
  const status = el('select', { testid: 'run-status' }, STATUSES.map(s => el('option', { value: s }, s || 'any status')));
  status.value = param('status') || '';
  const listBox = el('div', {});
  const detail = el('section', { class: 'panel', testid: 'run-detail', hidden: true });

  const loadList = async () => {
    const query = new URLSearchParams({ limit: '100' });
    if (flow.value.trim()) query.set('flow', flow.value.trim());
    if (status.value) query.set('status', status.value);
    const data = await call(`runs?${query}`);
    listBox.replaceChildren(table('runs-table', ['Run', 'Flow', 'Version', 'Status', 'Origin', 'Created'],
      (data.data || []).map(r => el('tr', { testid: 'run-row', 'data-id': r.id, class: 'clickable', tabindex: 0, onclick: () => ctx.attempt(() => open(r.id)) },
        el('td', { class: 'mono' }, r.id), el('td', {}, r.flow), el('td', {}, dash(r.version)), el('td', {}, badge(r.status)),
        el('td', {}, dash(r.origin)), el('td', {}, time(r.created_at))))));
  };

  // A version never changes, so its definition is read once per page.
  const definitions = new Map();
  const definitionOf = async run => {
    const key = `${run.flow}\n${run.version}`;
    if (!definitions.has(key)) {
      definitions.set(key, await call(`flows/${enc(run.flow)}/versions/${enc(run.version)}`).then(v => v.definition || {}, () => null));
    }

    return definitions.get(key);
  };

  // One followed run at a time: opening another (or this one again) stops following the last.
  let following = null;
  const draw = async id => {
    const run = await call(`runs/${enc(id)}`);
    if (detail.isConnected) drawRun(detail, run, await definitionOf(run), ctx, open, loadList);
    return run;
  };

  const open = async id => {
    following?.abort();
    setParam('id', id);
    const run = await draw(id);
    if (!ACTIVE.includes(run.status)) {
      await loadList();
      return;
    }

    const controller = new AbortController();
    following = controller;
    // Events only say that something changed; the run is re-read once per burst of them.
    let reading = null;
    let again = false;
    const refresh = async () => {
      if (reading) { again = true; return; }
      do {
        again = false;
        reading = ctx.attempt(() => draw(id));
        await reading;
        reading = null;
      } while (again && !controller.signal.aborted);
    };
    follow(`runs/${enc(id)}/events`, name => {
      if (!detail.isConnected) controller.abort();
      else if (name === 'status') refresh().then(() => ctx.attempt(loadList));
      else if (name !== 'state') refresh();
    }, controller.signal).then(async () => {
      if (controller.signal.aborted) return;
      await refresh();
      await ctx.attempt(loadList);
    }, () => {
      // The stream broke (not an abort): fall back to reading the run again shortly.
      if (!controller.signal.aborted) ctx.poll(() => ctx.attempt(() => open(id)), 1000);
    });
  };

  root.append(el('div', { class: 'layout' },
    el('section', { class: 'panel' },
      el('h2', {}, 'Runs'),
      el('form', { class: 'filters', testid: 'run-filters', onsubmit: e => { e.preventDefault(); ctx.attempt(loadList); } },
        flow, status, el('button', { type: 'submit', testid: 'run-apply' }, 'Filter')),
      listBox),
    detail));
  await loadList();
  if (param('id')) await open(param('id'));
}

function drawRun(detail, run, definition, ctx, open, loadList) {
  detail.hidden = false;
  const retry = mode => ctx.attempt(async () => {
    const retried = await call(`runs/${enc(run.id)}/retry`, 'POST', { mode });
    await loadList();
    await open(retried.id || run.id);
  });
  const nodes = run.nodes || [];
  detail.replaceChildren(
    el('h2', {}, el('span', { class: 'mono', testid: 'run-id' }, run.id), ' ', el('span', { testid: 'run-status-value' }, badge(run.status))),
    facts([
      ['Flow', `${run.flow} v${run.version}`, 'run-flow-version'],
      ['Environment', run.environment],
      ['Origin', run.origin],
      ['Agent', run.agent],
      ['Created', time(run.created_at)],
      ['Started', time(run.started_at)],
      ['Finished', time(run.finished_at)],
      ['Error', run.error, 'run-error'],
      ['Paused', run.pause_reason, 'run-pause-reason'],
      ['Tags', (run.tags || []).join(', '), 'run-tags'],
      ['From', run.from_run ? `${run.from_step_key} of ${run.from_run}` : null],
      ['To step', run.to_step_key],
      ['Usage', run.usage ? usageText(run.usage) : null, 'run-usage'],
    ]),
    el('div', { class: 'actions' },
      el('button', { type: 'button', testid: 'run-cancel', class: 'reject', disabled: !ACTIVE.includes(run.status),
        onclick: () => ctx.attempt(async () => { await call(`runs/${enc(run.id)}/cancel`, 'POST', {}); await open(run.id); }) }, 'Cancel'),
      el('button', { type: 'button', testid: 'run-pause', disabled: !ACTIVE.includes(run.status) || Boolean(run.pause_reason),
        onclick: () => ctx.attempt(async () => { await call(`runs/${enc(run.id)}/pause`, 'POST', { by: 'the console' }); await open(run.id); }) }, 'Pause'),
      el('button', { type: 'button', testid: 'run-resume', disabled: !run.pause_reason || !ACTIVE.includes(run.status),
        onclick: () => ctx.attempt(async () => { await call(`runs/${enc(run.id)}/resume`, 'POST', {}); await open(run.id); }) }, 'Resume'),
      el('button', { type: 'button', testid: 'run-retry', disabled: run.status !== 'FAILED' && run.status !== 'TIMEOUT' && run.status !== 'CANCELED',
        onclick: () => retry('from_failed') }, 'Retry from failed'),
      el('button', { type: 'button', testid: 'run-retry-latest', onclick: () => retry('latest_version') }, 'Run again on the latest version')),
    el('h3', {}, 'Inputs'), pre(run.inputs, 'run-inputs'),
    definition ? el('h3', {}, 'Graph') : null,
    definition ? el('div', { class: 'graph' }, flowGraph(definition, statusesOf(nodes))) : null,
    el('h3', {}, `Timeline (${nodes.length} nodes)`),
    el('ol', { class: 'timeline', testid: 'run-timeline' }, nodes.map(n => el('li', { testid: 'run-node', 'data-step': n.step, 'data-status': n.status },
      el('div', { class: 'node-head' },
        el('strong', { class: 'mono' }, n.iteration ? `${n.step}[${n.iteration}]` : n.step), ' ', badge(n.status),
        el('span', { class: 'muted' }, ` ${time(n.started_at)} · ${n.duration_ms ?? '…'} ms · ${n.attempts ?? 0} attempt(s)`),
        n.execution_id ? el('a', { href: `executions?id=${enc(n.execution_id)}`, class: 'mono', testid: 'node-execution' }, ` ${n.execution_id}`) : null,
        n.approval_id ? el('a', { href: `../dashboard/approvals`, class: 'mono' }, ` approval ${n.approval_id}`) : null,
        n.child_run_id ? el('a', { href: `runs?id=${enc(n.child_run_id)}`, class: 'mono' }, ` sub-run ${n.child_run_id}`) : null,
        n.copied_from ? el('a', { href: `runs?id=${enc(n.copied_from)}`, class: 'mono', testid: 'node-copied' }, ` copied from ${n.copied_from}`) : null),
      n.error ? el('p', { class: 'problem', testid: 'node-error' }, n.error) : null,
      el('details', {}, el('summary', {}, 'Input and output'),
        el('h4', {}, 'Input'), pre(n.input, 'node-input'), el('h4', {}, 'Output'), pre(n.output, 'node-output'))))),
    el('h3', {}, 'Outputs'), pre(run.outputs, 'run-outputs'));
}

function usageText(usage) {
  const connectors = (usage.connectors || []).map(c => `${c.connector} ${c.tool_calls}/${c.attempts}`).join(', ');
  return `${usage.tool_calls} tool call(s), ${usage.attempts} attempt(s)${connectors ? ` (${connectors})` : ''}` +
    (usage.duration_ms != null ? `, ${usage.duration_ms} ms` : '');
}
