// Tools: every tool the key may see, with its capability card (risk, flags, idempotency key, retry, probe, schema), and
// (admin keys) the tools quarantined because their upstream changed their definition: review the diff, accept the change.
import { call, callAll, enc } from './console-api.js';
import { dash, el, facts, param, pre, setParam, table } from './console-ui.js';

export async function render(root, ctx) {
  const tools = await callAll('tools');
  const filter = el('input', { testid: 'tool-filter', placeholder: 'filter by name, connector or words', value: param('connector') || '', spellcheck: 'false' });
  const listBox = el('div', {});
  const card = el('section', { class: 'panel', testid: 'tool-card', hidden: true });
  // Only admin keys may see quarantined tools; for other keys the panel is simply absent.
  const quarantined = await callAll('tools/quarantined').catch(() => []);

  const review = async tool => {
    const pin = await ctx.attempt(() => call(`tools/${enc(tool.name)}/pin`));
    if (!pin) return;
    const accept = async () => {
      if (await ctx.attempt(() => call(`tools/${enc(tool.name)}/accept`, 'POST')) === undefined) return;
      root.replaceChildren();
      await ctx.attempt(() => render(root, ctx));
    };
    card.hidden = false;
    card.replaceChildren(
      el('h2', { testid: 'card-name' }, `${tool.name}: changed definition`),
      el('p', {}, `Pinned ${pin.pinned.pinned_at} by ${pin.pinned.pinned_by}; the upstream now lists another definition. Changed: ${pin.changed_fields.join(', ')}.`),
      ...pin.changed_fields.flatMap(f => [
        el('h3', {}, `${f}: pinned`), pre(pin.pinned.definition[f], `pin-pinned-${f}`),
        el('h3', {}, `${f}: now`), pre(pin.current.definition[f], `pin-current-${f}`)]),
      el('div', { class: 'actions' }, el('button', { type: 'button', testid: 'pin-accept', onclick: accept }, 'Accept the change')));
  };

  const show = tool => {
    setParam('tool', tool.name);
    const flags = [tool.read_only && 'read-only', tool.destructive && 'destructive', tool.idempotent && 'idempotent'].filter(Boolean).join(', ');
    card.hidden = false;
    card.replaceChildren(
      el('h2', { testid: 'card-name' }, tool.name),
      el('p', { testid: 'card-description' }, dash(tool.description)),
      facts([
        ['Connector', tool.connector, 'card-connector'],
        ['Upstream name', tool.upstream_name],
        ['Title', tool.title],
        ['Risk', tool.risk, 'card-risk'],
        ['Flags', flags || 'none', 'card-flags'],
        ['Idempotency key', tool.idempotency_key, 'card-idempotency'],
        ['Retry', tool.retry],
        ['Timeout', tool.timeout_ms === undefined ? null : `${tool.timeout_ms} ms`],
        ['Fallback', tool.fallback],
        ['On failure', tool.on_failure],
        ['Probe', tool.probe ? `${tool.probe.tool} ${JSON.stringify(tool.probe.args)}` : null],
        ['Entity params', tool.entity_params ? tool.entity_params.join(', ') : null],
        ['Rules', tool.rules],
        ['Definition hash', tool.definition_hash],
      ]),
      el('h3', {}, 'Input schema'), pre(tool.input_schema, 'card-input-schema'),
      el('h3', {}, 'Output schema'), pre(tool.output_schema));
  };

  const draw = () => {
    const words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    const shown = tools.filter(t => words.every(w => `${t.name} ${t.connector} ${t.title || ''} ${t.description || ''}`.toLowerCase().includes(w)));
    listBox.replaceChildren(table('tools-table', ['Tool', 'Connector', 'Risk', 'Read-only', 'Description'],
      shown.map(t => el('tr', { testid: 'tool-row', 'data-name': t.name, class: 'clickable', tabindex: 0, onclick: () => show(t) },
        el('td', { class: 'mono' }, t.name), el('td', {}, t.connector), el('td', {}, dash(t.risk)),
        el('td', {}, t.read_only ? 'yes' : 'no'), el('td', {}, dash(t.description))))));
  };

  filter.addEventListener('input', draw);
  const held = quarantined.length === 0 ? [] : [el('section', { class: 'panel', testid: 'quarantined' },
    el('h2', {}, 'Quarantined ', el('span', { class: 'muted' }, `(${quarantined.length}): the upstream changed the definition; hidden and refused until accepted`)),
    table('quarantined-table', ['Tool', 'Connector', ''], quarantined.map(t => el('tr', { testid: 'quarantined-row', 'data-name': t.name },
      el('td', { class: 'mono' }, t.name), el('td', {}, t.connector),
      el('td', {}, el('button', { type: 'button', testid: 'pin-review', onclick: () => review(t) }, 'changed — accept'))))))];
  root.append(el('div', { class: 'layout' },
    el('section', { class: 'panel' }, ...held, el('h2', {}, 'Tools ', el('span', { class: 'muted' }, `(${tools.length})`)), filter, listBox),
    card));
  draw();
  const selected = tools.find(t => t.name === param('tool'));
  if (selected) show(selected);
}
