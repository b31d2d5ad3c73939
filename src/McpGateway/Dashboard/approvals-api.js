// The approvals REST API as the dashboard calls it: /v1/approvals with the API key kept in this tab's sessionStorage,
// sent as X-API-Key. No DOM here; failures are ApiErrors carrying the HTTP status and the ProblemDetails text.

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

export function readKey() {
  return sessionStorage.getItem(KEY_STORAGE) || '';
}

/** Keeps the key for this tab only (a blank one forgets it); it never goes to localStorage or a cookie. */
export function useKey(key) {
  if (key) sessionStorage.setItem(KEY_STORAGE, key);
  else sessionStorage.removeItem(KEY_STORAGE);
}

// Relative to the page (…/dashboard/approvals), so a gateway behind a path prefix works too.
const url = suffix => new URL('../v1/approvals' + suffix, location.href);

async function call(suffix, method = 'GET', body = undefined) {
  const headers = { Accept: 'application/json' };
  const key = readKey();
  if (key) headers['X-API-Key'] = key;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(url(suffix), {
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

/** Approvals newest first; status 'all' lists every status. */
export async function listApprovals(status) {
  const query = status === 'all' ? '' : `status=${encodeURIComponent(status)}&`;
  const data = await call(`?${query}limit=100`);
  return Array.isArray(data && data.approvals) ? data.approvals : [];
}

/** One approval with its live state, drift and live_problem. */
export const getApproval = id => call(`/${encodeURIComponent(id)}?live=true`);

export const approve = (id, approver) => call(`/${encodeURIComponent(id)}/approve`, 'POST', { approver });

export const reject = (id, approver, reason) => call(`/${encodeURIComponent(id)}/reject`, 'POST', { approver, reason });
