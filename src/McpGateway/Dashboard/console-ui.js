// Small DOM helpers shared by the console's pages. Every value from the API is written as text or as an attribute,
// never parsed as HTML.

/** An element: el('td', { testid: 'x', class: 'y', onclick }, 'text', child, …). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (name === 'testid') node.dataset.testid = value;
    else if (name === 'class') node.className = value;
    else node.setAttribute(name, value === true ? '' : String(value));
  }

  for (const child of children.flat()) {
    if (child === undefined || child === null) continue;
    node.append(child instanceof Node ? child : String(child));
  }

  return node;
}

export const dash = value => (value === null || value === undefined || value === '' ? '—' : String(value));

export const json = value => (value === null || value === undefined ? '—' : JSON.stringify(value, null, 2));

export function time(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? String(iso) : date.toLocaleString();
}

export const badge = status => el('span', { class: 'status status-' + String(status || 'unknown').toLowerCase().replace(/[^a-z_]/g, ''), testid: 'status' }, dash(status));

/** A table with a header row; rows are arrays of cells (text or nodes) or ready <tr> elements. */
export function table(testid, headers, rows) {
  return el('table', { testid },
    el('thead', {}, el('tr', {}, headers.map(h => el('th', {}, h)))),
    el('tbody', {}, rows.map(r => (r instanceof Node ? r : el('tr', {}, r.map(c => el('td', {}, c)))))));
}

export const pre = (value, testid) => el('pre', { class: 'json', testid }, json(value));

/** A labelled list of facts: [['Label', value, testid], …]. */
export function facts(items) {
  return el('dl', { class: 'facts' }, items.flatMap(([label, value, testid]) => [el('dt', {}, label), el('dd', { testid }, value instanceof Node ? value : dash(value))]));
}

export const list = text => String(text || '').split(',').map(s => s.trim()).filter(Boolean);

/** The page's query parameter, and a way to change it without reloading. */
export const param = name => new URLSearchParams(location.search).get(name);

export function setParam(name, value) {
  const url = new URL(location.href);
  if (value) url.searchParams.set(name, value);
  else url.searchParams.delete(name);
  history.replaceState(null, '', url);
}

/** A box showing a secret once, with the note that it is not shown again. */
export function secretBox(label, secret) {
  return el('div', { class: 'secret', testid: 'secret-box', role: 'status' },
    el('strong', {}, label + ' (shown once; store it now): '), el('code', { testid: 'secret' }, secret));
}
