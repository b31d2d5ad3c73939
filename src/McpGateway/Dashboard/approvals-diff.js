// Field-by-field comparison of an approval's frozen state with the live one. Pure functions, no DOM.

/** Marks a field one side does not have (distinct from a field whose value is null). */
export const ABSENT = Symbol('absent');

export const isObject = value => value !== null && typeof value === 'object' && !Array.isArray(value);

// Nested objects become dotted fields (customer.id), as the gateway names fields in drift and conditions.
function flatten(value, prefix = '', out = new Map()) {
  for (const [key, child] of Object.entries(value)) {
    const field = prefix ? `${prefix}.${key}` : key;
    if (isObject(child) && Object.keys(child).length > 0) flatten(child, field, out);
    else out.set(field, child);
  }

  return out;
}

// Equal JSON values give equal text: object keys sorted; 1 and 1.0 are already the same number once parsed.
function canonical(value) {
  if (value === ABSENT) return '\u0000absent';
  if (Array.isArray(value)) return '[' + value.map(canonical).join(',') + ']';
  if (isObject(value)) return '{' + Object.keys(value).sort().map(k => JSON.stringify(k) + ':' + canonical(value[k])).join(',') + '}';
  return JSON.stringify(value);
}

/**
 * One row per field of either state (frozen order first), each { field, frozen, live, changed }. A field is changed
 * when both states are known and its values differ, or when the gateway's drift names it.
 */
export function diffStates(frozenState, liveState, drift) {
  const frozen = isObject(frozenState) ? flatten(frozenState) : null;
  const live = isObject(liveState) ? flatten(liveState) : null;
  const drifted = new Map((Array.isArray(drift) ? drift : []).filter(d => d && d.field).map(d => [String(d.field), d]));
  const fields = [...new Set([...(frozen ? frozen.keys() : []), ...(live ? live.keys() : []), ...drifted.keys()])];
  const at = (map, field, fallback) => (map && map.has(field) ? map.get(field) : fallback);
  const rows = fields.map(field => {
    const d = drifted.get(field);
    const row = {
      field,
      frozen: at(frozen, field, d && 'expected' in d ? d.expected : ABSENT),
      live: at(live, field, d && 'actual' in d ? d.actual : ABSENT),
    };
    row.changed = Boolean(d) || (frozen !== null && live !== null && canonical(row.frozen) !== canonical(row.live));
    return row;
  });
  return { rows, changed: rows.filter(r => r.changed).length, hasFrozen: frozen !== null, hasLive: live !== null };
}

/** One sentence about the comparison. */
export function summarize(diff) {
  if (!diff.hasFrozen && !diff.hasLive) return 'No state was frozen with this call (its rule has no state_refetch).';
  if (!diff.hasFrozen) return 'No state was frozen with this call; the live state is shown for reference.';
  if (!diff.hasLive) return 'The live state was not fetched; the frozen snapshot is shown.';
  if (diff.changed === 0) return `No field changed since the call was frozen (${diff.rows.length} compared).`;
  return `${diff.changed} of ${diff.rows.length} fields changed since the call was frozen.`;
}
