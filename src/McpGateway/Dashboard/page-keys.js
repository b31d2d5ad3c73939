// API keys: list (never a secret), create with scopes and gates, revoke, rotate; a new secret is shown once.
import { call, callAll, enc } from './console-api.js';
import { dash, el, list, secretBox, table, time } from './console-ui.js';

export async function render(root, ctx) {
  const listBox = el('div', { class: 'panel' });
  const secretSlot = el('div', {});
  const field = (id, label, placeholder) => [el('label', { for: id }, label), el('input', { id, testid: id, placeholder, spellcheck: 'false' })];
  const readOnly = el('input', { id: 'key-read-only', testid: 'key-read-only', type: 'checkbox' });

  const load = async () => {
    const keys = await callAll('keys');
    listBox.replaceChildren(el('h2', {}, 'API keys'), table('keys-table', ['Name', 'Agent', 'Prefix', 'State', 'Scopes', 'Gates', 'Created', ''],
      keys.map(k => el('tr', { testid: 'key-row', 'data-id': k.id, 'data-name': k.name, 'data-state': k.state },
        el('td', {}, k.name), el('td', {}, k.agent), el('td', { class: 'mono' }, k.prefix), el('td', { testid: 'key-state-value' }, k.state),
        el('td', {}, k.scopes.join(', ')), el('td', {}, gates(k)), el('td', {}, time(k.created_at)),
        el('td', { class: 'actions' }, k.state !== 'active' ? null : [
          el('button', { type: 'button', testid: 'key-rotate', onclick: () => rotate(k) }, 'Rotate'),
          el('button', { type: 'button', testid: 'key-revoke', class: 'reject', onclick: () => revoke(k) }, 'Revoke'),
        ])))));
  };

  const rotate = async k => {
    const answer = await ctx.attempt(() => call(`keys/${enc(k.id)}/rotate`, 'POST'));
    if (answer) {
      secretSlot.replaceChildren(secretBox(`New secret of ${answer.name}`, answer.secret));
      await ctx.attempt(load);
    }
  };

  const revoke = async k => {
    if (await ctx.attempt(() => call(`keys/${enc(k.id)}`, 'DELETE')) !== undefined) await ctx.attempt(load);
  };

  const create = async event => {
    event.preventDefault();
    const value = id => root.querySelector(`#${id}`).value.trim();
    const body = { name: value('key-name'), agent: value('key-agent'), scopes: list(value('key-scopes')), read_only: readOnly.checked };
    for (const [id, name] of [['key-tools', 'allowed_tools'], ['key-envs', 'envs'], ['key-workflows', 'workflows'], ['key-resources', 'resources'], ['key-actions', 'allowed_actions']]) {
      if (value(id)) body[name] = list(value(id));
    }

    const answer = await ctx.attempt(() => call('keys', 'POST', body));
    if (answer) {
      secretSlot.replaceChildren(secretBox(`Secret of ${answer.name}`, answer.secret));
      event.target.reset();
      await ctx.attempt(load);
    }
  };

  root.append(secretSlot, listBox, el('form', { class: 'panel form', testid: 'key-create-form', onsubmit: create },
    el('h2', {}, 'Create a key'),
    field('key-name', 'Name', 'ci-bot'), field('key-agent', 'Agent', 'billing-bot'),
    field('key-scopes', 'Scopes', 'tools:call, approvals:read (or *)'),
    field('key-tools', 'Allowed tools', 'billing__*, demo__echo'),
    el('label', { for: 'key-read-only' }, 'Read-only tools only'), readOnly,
    field('key-envs', 'Environments', 'prod'), field('key-workflows', 'Workflows', ''),
    field('key-resources', 'Resources', 'cust_1'), field('key-actions', 'Allowed actions', 'refund'),
    el('div', { class: 'actions' }, el('button', { type: 'submit', testid: 'key-create' }, 'Create'))));
  await load();
}

function gates(k) {
  const parts = [['tools', k.allowed_tools], ['envs', k.envs], ['workflows', k.workflows], ['resources', k.resources], ['actions', k.allowed_actions]]
    .filter(([, v]) => v && v.length).map(([n, v]) => `${n}: ${v.join(', ')}`);
  if (k.read_only) parts.unshift('read-only');
  return dash(parts.join('; '));
}
