// Registered MCP servers: list, register (the token shown once), rotate, delete.
import { call, callAll, enc } from './console-api.js';
import { dash, el, list, secretBox, table, time } from './console-ui.js';

export async function render(root, ctx) {
  const listBox = el('div', { class: 'panel' });
  const secretSlot = el('div', {});

  const load = async () => {
    const servers = await callAll('mcp-servers');
    listBox.replaceChildren(el('h2', {}, 'Registered MCP servers'), table('servers-table', ['Name', 'Endpoint', 'Tools', 'Description', 'Token', 'Issued', ''],
      servers.map(s => el('tr', { testid: 'server-row', 'data-name': s.name },
        el('td', {}, s.name), el('td', { class: 'mono' }, s.endpoint), el('td', { class: 'mono' }, s.tools.join(', ')), el('td', {}, dash(s.description)),
        el('td', { class: 'mono' }, s.token_prefix), el('td', {}, time(s.token_issued_at)),
        el('td', { class: 'actions' },
          el('button', { type: 'button', testid: 'server-rotate', onclick: () => rotate(s) }, 'Rotate'),
          el('button', { type: 'button', testid: 'server-delete', class: 'reject', onclick: () => remove(s) }, 'Delete'))))));
  };

  const rotate = async s => {
    const answer = await ctx.attempt(() => call(`mcp-servers/${enc(s.name)}/rotate`, 'POST'));
    if (answer) {
      secretSlot.replaceChildren(secretBox(`New token of ${answer.name}`, answer.token));
      await ctx.attempt(load);
    }
  };

  const remove = async s => {
    if (await ctx.attempt(() => call(`mcp-servers/${enc(s.name)}`, 'DELETE')) !== undefined) await ctx.attempt(load);
  };

  const name = el('input', { id: 'server-name', testid: 'server-name', placeholder: 'support', spellcheck: 'false' });
  const description = el('input', { id: 'server-description', testid: 'server-description', placeholder: 'for the support bot' });
  const tools = el('input', { id: 'server-tools', testid: 'server-tools', placeholder: 'demo__get_*, flow__*', spellcheck: 'false' });
  const create = async event => {
    event.preventDefault();
    const body = { name: name.value.trim(), tools: list(tools.value) };
    if (description.value.trim()) body.description = description.value.trim();
    const answer = await ctx.attempt(() => call('mcp-servers', 'POST', body));
    if (answer) {
      secretSlot.replaceChildren(secretBox(`Token of ${answer.name} (${answer.endpoint})`, answer.token));
      event.target.reset();
      await ctx.attempt(load);
    }
  };

  root.append(secretSlot, listBox, el('form', { class: 'panel form', testid: 'server-create-form', onsubmit: create },
    el('h2', {}, 'Register an MCP server'),
    el('label', { for: 'server-name' }, 'Name'), name,
    el('label', { for: 'server-description' }, 'Description'), description,
    el('label', { for: 'server-tools' }, 'Tool globs'), tools,
    el('div', { class: 'actions' }, el('button', { type: 'submit', testid: 'server-create' }, 'Register'))));
  await load();
}
