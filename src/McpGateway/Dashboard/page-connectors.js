// Connectors: state, reason, tools, restart; add, change or remove a connector kept in the store.
import { call, callAll, enc } from './console-api.js';
import { badge, dash, el, table, time } from './console-ui.js';

export async function render(root, ctx) {
  const listBox = el('div', { class: 'panel' });
  const name = el('input', { id: 'connector-name', testid: 'connector-name', placeholder: 'name (lower-case)', spellcheck: 'false' });
  const record = el('textarea', { id: 'connector-record', testid: 'connector-record', rows: 5, spellcheck: 'false' },
    '{"kind": "mcp-stdio", "command": "npx", "args": ["-y", "some-mcp-server"]}');
  const result = el('p', { testid: 'connector-result', class: 'muted' });

  const load = async () => {
    listBox.replaceChildren(...view(await callAll('connectors'), act));
  };

  const act = async action => {
    if (await ctx.attempt(action) !== undefined) await ctx.attempt(load);
  };

  const save = async event => {
    event.preventDefault();
    let parsed;
    try {
      parsed = JSON.parse(record.value);
    } catch (e) {
      ctx.showError(new Error(`The record is not JSON: ${e.message}`));
      return;
    }

    const answer = await ctx.attempt(() => call(`connectors/${enc(name.value.trim())}`, 'POST', parsed));
    if (answer) {
      result.textContent = `${answer.created ? 'Added' : 'Changed'} ${answer.name}: ${answer.url}`;
      await ctx.attempt(load);
    }
  };

  root.append(listBox, el('form', { class: 'panel form', testid: 'connector-form', onsubmit: save },
    el('h2', {}, 'Add or change a connector'),
    el('p', { class: 'muted' }, 'The record is what would sit under connectors.{name} in connectors.yaml, as JSON. ' +
      'It is kept in the store and runs on every gateway process; the connectors of the file are changed in the file.'),
    el('label', { for: 'connector-name' }, 'Name'), name,
    el('label', { for: 'connector-record' }, 'Record'), record,
    el('div', { class: 'actions' }, el('button', { type: 'submit', testid: 'connector-save' }, 'Save')),
    result));

  await load();
  // Connectors change state by themselves (connecting, failed): keep the list fresh while the page is open.
  const tick = async () => {
    await ctx.attempt(load);
    ctx.poll(tick, 3000);
  };
  ctx.poll(tick, 3000);
}

function view(connectors, act) {
  return [
    el('h2', {}, 'Connectors ', el('span', { class: 'muted', testid: 'count' }, `(${connectors.length})`)),
    table('connectors-table', ['Name', 'Kind', 'Source', 'State', 'Reason / last error', 'Tools', 'Restarts', 'Since', ''],
      connectors.map(c => el('tr', { testid: 'connector-row', 'data-name': c.name, 'data-state': c.state },
        el('td', {}, el('a', { href: `tools?connector=${enc(c.name)}` }, c.name)),
        el('td', {}, c.kind),
        el('td', { testid: 'source' }, c.source),
        el('td', {}, badge(c.state)),
        el('td', { testid: 'reason' }, dash(c.reason)),
        el('td', { testid: 'tools', title: (c.tools || []).join('\n') }, String((c.tools || []).length)),
        el('td', { testid: 'restarts' }, String(c.restarts)),
        el('td', { testid: 'since', 'data-since': c.since }, time(c.since)),
        el('td', { class: 'actions' },
          el('button', { type: 'button', testid: 'restart', onclick: () => act(() => call(`connectors/${enc(c.name)}/restart`, 'POST')) }, 'Restart'),
          c.source === 'store'
            ? el('button', { type: 'button', testid: 'remove', class: 'reject', onclick: () => act(() => call(`connectors/${enc(c.name)}`, 'DELETE')) }, 'Remove')
            : null)))),
  ];
}
