// A flow version's steps drawn as plain SVG: each step in the column one past the furthest step it waits on, its
// edges as arrows (a router's branches dashed), each node labelled with its key, type and what it calls. Given the
// statuses of a run's nodes, each node is coloured by its status. Labels are written as text, never parsed.

const SVG = 'http://www.w3.org/2000/svg';
const NODE_W = 168;
const NODE_H = 44;
const GAP_X = 56;
const GAP_Y = 16;
const PAD = 8;
const MAX_LABEL = 22;
let drawn = 0;

const keys = value => (value === undefined || value === null ? [] : [].concat(value)).filter(k => typeof k === 'string');

/**
 * The steps and edges as the engine reads them: next, routes[].next and default go out of a step, depends_on comes
 * in; when no step names any of them, the steps run in the listed order. One edge per pair of steps.
 */
export function graphOf(definition) {
  const steps = (Array.isArray(definition?.steps) ? definition.steps : []).filter(s => s && typeof s.key === 'string');
  const known = new Set(steps.map(s => s.key));
  const edges = new Map();
  let named = false;
  const add = (from, to, branch) => {
    named = true;
    if (known.has(from) && known.has(to) && !edges.has(`${from}\n${to}`)) edges.set(`${from}\n${to}`, { from, to, branch });
  };
  for (const s of steps) {
    for (const to of keys(s.next)) add(s.key, to, false);
    for (const route of Array.isArray(s.routes) ? s.routes : []) for (const to of keys(route?.next)) add(s.key, to, true);
    for (const to of keys(s.default)) add(s.key, to, true);
    for (const from of keys(s.depends_on)) add(from, s.key, false);
  }

  if (!named) {
    for (let i = 1; i < steps.length; i++) add(steps[i - 1].key, steps[i].key, false);
  }

  return { steps, edges: [...edges.values()] };
}

/** Each step's column: the longest path to it from a step nothing waits on (a cycle's steps go after the rest). */
function layers(steps, edges) {
  const layer = new Map(steps.map(s => [s.key, 0]));
  const indegree = new Map(steps.map(s => [s.key, 0]));
  const out = new Map(steps.map(s => [s.key, []]));
  for (const e of edges) {
    out.get(e.from).push(e.to);
    indegree.set(e.to, indegree.get(e.to) + 1);
  }

  const ready = steps.filter(s => indegree.get(s.key) === 0).map(s => s.key);
  const placed = new Set();
  while (ready.length) {
    const key = ready.shift();
    placed.add(key);
    for (const to of out.get(key)) {
      layer.set(to, Math.max(layer.get(to), layer.get(key) + 1));
      indegree.set(to, indegree.get(to) - 1);
      if (indegree.get(to) === 0) ready.push(to);
    }
  }

  const last = Math.max(0, ...[...placed].map(k => layer.get(k)));
  for (const s of steps) if (!placed.has(s.key)) layer.set(s.key, last + 1);
  return layer;
}

function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null) continue;
    if (name === 'testid') node.dataset.testid = value;
    else node.setAttribute(name, String(value));
  }

  node.append(...children);
  return node;
}

const clip = text => (text.length > MAX_LABEL ? text.slice(0, MAX_LABEL - 1) + '…' : text);

const target = s => s.tool || s.flow || s.do?.tool || s.do?.flow || (s.type === 'delay' ? s.duration ?? s.until : '') || '';

/**
 * The definition's graph as an <svg> (data-testid flow-graph): one graph-node per step, one graph-edge per dependency. statuses maps a step's key to its node status (a run), or is omitted (a version).
 */
export function flowGraph(definition, statuses = undefined) {
  const { steps, edges } = graphOf(definition);
  const layer = layers(steps, edges);
  const columns = [];
  for (const s of steps) (columns[layer.get(s.key)] ??= []).push(s);
  const place = new Map();
  columns.forEach((column, x) => column.forEach((s, y) => place.set(s.key, {
    x: PAD + x * (NODE_W + GAP_X),
    y: PAD + y * (NODE_H + GAP_Y),
  })));

  const rows = Math.max(1, ...columns.map(c => c?.length ?? 0));
  const width = PAD * 2 + Math.max(1, columns.length) * NODE_W + Math.max(0, columns.length - 1) * GAP_X;
  const height = PAD * 2 + rows * NODE_H + (rows - 1) * GAP_Y;
  const arrow = `flow-graph-arrow-${++drawn}`;

  const edgeNodes = edges.map(e => {
    const from = place.get(e.from);
    const to = place.get(e.to);
    const x1 = from.x + NODE_W;
    const y1 = from.y + NODE_H / 2;
    const x2 = to.x - 2;
    const y2 = to.y + NODE_H / 2;
    const bend = Math.max(20, (x2 - x1) / 2);
    return svg('path', {
      testid: 'graph-edge', 'data-from': e.from, 'data-to': e.to,
      class: e.branch ? 'graph-edge graph-edge-branch' : 'graph-edge',
      d: `M ${x1} ${y1} C ${x1 + bend} ${y1}, ${x2 - bend} ${y2}, ${x2} ${y2}`,
      'marker-end': `url(#${arrow})`,
    });
  });

  const nodeNodes = steps.map(s => {
    const { x, y } = place.get(s.key);
    const status = statuses?.get(s.key);
    const detail = [s.type, target(s)].filter(Boolean).join(' · ');
    return svg('g', {
      testid: 'graph-node', class: 'graph-node', 'data-key': s.key, 'data-type': s.type, 'data-layer': layer.get(s.key),
      'data-status': statuses ? status ?? 'NOT_STARTED' : undefined, transform: `translate(${x} ${y})`,
    },
    svg('title', {}, [s.key, detail, status].filter(Boolean).join('\n')),
    svg('rect', { width: NODE_W, height: NODE_H, rx: 6 }),
    svg('text', { x: 10, y: 18, class: 'graph-key' }, clip(s.key)),
    svg('text', { x: 10, y: 35, class: 'graph-type' }, clip(detail)));
  });

  return svg('svg', {
    testid: 'flow-graph', class: 'flow-graph', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img',
    'aria-label': `${steps.length} steps, ${edges.length} edges`,
  },
  svg('defs', {}, svg('marker', { id: arrow, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
    svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'graph-arrow' }))),
  ...edgeNodes, ...nodeNodes);
}

/** A run's node statuses by step: the step's own node, else its latest iteration's. */
export function statusesOf(nodes) {
  const statuses = new Map();
  const own = new Set();
  for (const n of nodes || []) {
    if (!n.iteration) {
      own.add(n.step);
      statuses.set(n.step, n.status);
    } else if (!own.has(n.step)) {
      statuses.set(n.step, n.status);
    }
  }

  return statuses;
}
