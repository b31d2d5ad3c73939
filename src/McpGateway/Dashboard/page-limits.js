// Rate limits: policy.limits in force and what each subject uses of them now, from the store (read-only: limits are
// set in connectors.yaml, a key's own at its creation).
import { call } from './console-api.js';
import { el, table, time } from './console-ui.js';

const rule = l => [l.requests !== null && l.requests !== undefined ? `${l.requests} per ${l.per_s} s` : null,
  l.concurrent !== null && l.concurrent !== undefined ? `${l.concurrent} at once` : null].filter(Boolean).join(', ');

export async function render(root) {
  const limits = (await call('limits')).limits || [];
  const rows = limits.flatMap(l => (l.usage.length ? l.usage : [null]).map(u =>
    el('tr', { testid: 'limit-row', 'data-name': l.name, 'data-subject': u ? u.subject : '' },
      el('td', {}, l.name), el('td', {}, l.by), el('td', { class: 'mono' }, l.tools.length ? l.tools.join(', ') : '*'), el('td', {}, rule(l)),
      el('td', { class: 'mono' }, u ? u.subject : '—'), el('td', { testid: 'limit-requests' }, u ? u.requests : 0),
      el('td', { testid: 'limit-in-flight' }, u ? u.in_flight : 0), el('td', {}, u ? time(u.window_ends_at) : '—'))));
  root.append(el('div', { class: 'panel' }, el('h2', {}, 'Rate limits'),
    limits.length
      ? table('limits-table', ['Limit', 'By', 'Tools', 'Allows', 'Subject', 'Requests', 'In flight', 'Window ends'], rows)
      : el('p', { class: 'muted', testid: 'limits-none' }, 'No limits: policy.limits in connectors.yaml sets them.')));
}
