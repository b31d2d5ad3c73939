// Flows: the list, one flow's versions (publish), enable/disable, and a read-only graph of a version's steps.
import { call, callAll, enc } from './console-api.js';
import { badge, dash, el, facts, param, pre, setParam, table, time } from './console-ui.js';
import { flowGraph } from './flow-graph.js';

export async function render(root, ctx) {
  const listBox = el('div', {});
  const detail = el('section', { class: 'panel', testid: 'flow-detail', hidden: true });

  const loadList = async () => {
    const flows = await callAll('flows');
    listBox.replaceChildren(table('flows-table', ['Flow', 'Status', 'Published', 'MCP tool', 'Updated'],
      flows.map(f => el('tr', { testid: 'flow-row', 'data-name': f.name, class: 'clickable', tabindex: 0, onclick: () => ctx.attempt(() => open(f.name)) },
        el('td', {}, f.name), el('td', {}, badge(f.status)), el('td', {}, dash(f.published_version)),
        el('td', { class: 'mono' }, dash(f.tool)), el('td', {}, time(f.updated_at))))));
  };

  const operate = (name, body) => ctx.attempt(async () => {
    await call(`flows/${enc(name)}/operations`, 'POST', body);
    await loadList();
    await open(name);
  });

  const open = async (name, versionNumber = undefined) => {
    setParam('flow', name);
    const flow = await call(`flows/${enc(name)}`);
    const versions = await callAll(`flows/${enc(name)}/versions`);
    const number = versionNumber ?? flow.published_version ?? versions.at(-1)?.number;
    const version = number === undefined || number === null ? null : await call(`flows/${enc(name)}/versions/${enc(number)}`);
    detail.hidden = false;
    detail.replaceChildren(
      el('h2', {}, el('span', { testid: 'flow-name' }, flow.name), ' ', el('span', { testid: 'flow-status' }, badge(flow.status))),
      facts([
        ['Description', flow.description],
        ['Published version', flow.published_version, 'flow-published'],
        ['MCP tool', flow.tool],
        ['Webhook', flow.webhook ? 'yes' : 'no'],
      ]),
      el('div', { class: 'actions' },
        flow.status === 'ENABLED'
          ? el('button', { type: 'button', testid: 'flow-disable', class: 'reject', onclick: () => operate(name, { type: 'disable' }) }, 'Disable')
          : el('button', { type: 'button', testid: 'flow-enable', onclick: () => operate(name, { type: 'enable' }) }, 'Enable'),
        el('a', { href: `runs?flow=${enc(name)}` }, 'Runs of this flow')),
      el('h3', {}, 'Versions'),
      table('versions-table', ['Version', 'Valid', 'Notes', 'By', 'Created', ''],
        versions.map(v => el('tr', { testid: 'version-row', 'data-number': v.number },
          el('td', {}, el('button', { type: 'button', class: 'link', testid: 'version-open', onclick: () => ctx.attempt(() => open(name, v.number)) }, `v${v.number}`),
            v.number === flow.published_version ? el('span', { class: 'muted' }, ' (published)') : null),
          el('td', {}, v.valid ? 'yes' : (v.errors || []).join('; ')), el('td', {}, dash(v.notes)), el('td', {}, dash(v.created_by)),
          el('td', {}, time(v.created_at)),
          el('td', {}, v.number === flow.published_version || !v.valid ? null
            : el('button', { type: 'button', testid: 'version-publish', onclick: () => operate(name, { type: 'publish', version: String(v.number) }) }, 'Publish'))))),
      version ? steps(version) : el('p', { class: 'muted' }, 'No version yet.'));
  };

  root.append(el('div', { class: 'layout' }, el('section', { class: 'panel' }, el('h2', {}, 'Flows'), listBox), detail));
  await loadList();
  if (param('flow')) await open(param('flow'));
}

/** The version's steps, read-only: drawn as a graph, with the definition beside it. */
function steps(version) {
  const definition = version.definition || {};
  return el('div', { testid: 'flow-steps' },
    el('h3', {}, `Steps of v${version.number}`),
    el('div', { class: 'graph' }, flowGraph(definition)),
    el('details', {}, el('summary', {}, 'Definition'), pre(definition, 'flow-definition')));
}
