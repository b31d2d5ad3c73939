// The REST API as the console's pages and the approvals page call it: /v1/… with the API key kept in this tab's
// sessionStorage, sent as X-API-Key. No DOM here; failures are ApiErrors with the status and the detail.

const KEY_STORAGE = 'mcpgw.dashboard.apiKey';

export class ApiError extends Error {
  constructor(status, message, hadKey = false) {
    super(message);
    this.status = status;
    this.hadKey = hadKey;
  }

  get isAuth() {
    return this.status === 401 || this.status === 403;
  }
}

export const readKey = () => sessionStorage.getItem(KEY_STORAGE) || '';

/** Keeps the key for this tab only (a blank one forgets it); it never goes to localStorage or a cookie. */
export function useKey(key) {
  if (key) sessionStorage.setItem(KEY_STORAGE, key);
  else sessionStorage.removeItem(KEY_STORAGE);
}

/**
 * Every row of a list: the admin API answers lists as pages ({data, next}); this reads them all, 500 a page, following
 * each page's next cursor.
 */
export async function callAll(path) {
  const rows = [];
  const separator = path.includes('?') ? '&' : '?';
  let cursor = null;
  do {
    const page = await call(`${path}${separator}limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    rows.push(...((page && page.data) || []));
    cursor = page && page.next;
  } while (cursor);
  return rows;
}

/**
 * Calls /v1/{path} relative to the page (…/console/{page} or …/dashboard/approvals, both one level below the root), so
 * a gateway behind a path prefix works too.
 */
export async function call(path, method = 'GET', body = undefined) {
  const headers = { Accept: 'application/json' };
  const key = readKey();
  if (key) headers['X-API-Key'] = key;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(new URL('../v1/' + path, location.href), {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store', credentials: 'omit',
    });
  } catch (e) {
    throw new ApiError(0, `The gateway could not be reached (${e.message}).`, Boolean(key));
  }

  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }

  if (!response.ok) {
    const detail = json && (json.detail || json.title);
    throw new ApiError(response.status, detail || response.statusText || 'request failed', Boolean(key));
  }

  return json;
}

export const enc = encodeURIComponent;

/**
 * Follows /v1/{path}, a server-sent event stream, calling onEvent(name, data) for each event until the stream ends or
 * signal aborts. fetch rather than EventSource, which cannot send the API key header.
 */
export async function follow(path, onEvent, signal) {
  const headers = { Accept: 'text/event-stream' };
  const key = readKey();
  if (key) headers['X-API-Key'] = key;
  const response = await fetch(new URL('../v1/' + path, location.href), { headers, cache: 'no-store', credentials: 'omit', signal });
  if (!response.ok || !response.body) {
    throw new ApiError(response.status, response.statusText || 'the event stream could not be opened', Boolean(key));
  }

  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const name = /^event: (.*)$/m.exec(block)?.[1] || 'message';
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (data) onEvent(name, JSON.parse(data));
    }
  }
}
