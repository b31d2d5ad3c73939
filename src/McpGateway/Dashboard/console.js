// The console's shell: the key form, the navigation bar, the banners, and the page module named by the URL
// (/console/{page} loads page-{page}.js, which exports render(root, ctx)).
import { ApiError, readKey, useKey } from './console-api.js';

const PAGES = ['connectors', 'tools', 'runs', 'executions', 'flows', 'keys', 'servers', 'limits'];
const $ = id => document.getElementById(id);

function setBanner(id, text) {
  $(id).textContent = text;
  $(id).hidden = !text;
}

function showError(error) {
  if (error instanceof ApiError && error.isAuth) {
    const why = error.status === 401
      ? (error.hadKey ? 'the gateway did not accept this API key (unknown, revoked or mistyped).' : 'this gateway requires an API key; paste one above.')
      : 'this API key lacks the scope this page needs.';
    setBanner('auth-message', `${error.status} ${error.status === 401 ? 'Unauthorized' : 'Forbidden'}: ${why} (${error.message})`);
  } else {
    setBanner('error-message', error instanceof ApiError && error.status ? `${error.status}: ${error.message}` : error.message || String(error));
  }
}

function clearErrors() {
  setBanner('auth-message', '');
  setBanner('error-message', '');
}

function showKeyState() {
  $('key-state').textContent = readKey() ? 'key set for this tab' : 'no key';
}

async function main() {
  const page = location.pathname.replace(/\/+$/, '').split('/').pop();
  const name = PAGES.includes(page) ? page : 'connectors';
  for (const link of document.querySelectorAll('nav a')) {
    if (link.dataset.page === name) link.setAttribute('aria-current', 'page');
  }

  document.title = `${name[0].toUpperCase()}${name.slice(1)} · McpGateway`;
  const root = $('page');
  const module = await import(`./page-${name}.js`);
  let timer = null;
  const ctx = {
    showError,
    clearErrors,
    /** Runs an action, showing its error; returns its result or undefined. */
    async attempt(action) {
      try {
        const result = await action();
        clearErrors();
        return result;
      } catch (e) {
        showError(e);
        return undefined;
      }
    },
    /** Calls fn again after ms (one pending timer per page; a new one replaces it). */
    poll(fn, ms) {
      clearTimeout(timer);
      timer = setTimeout(fn, ms);
    },
  };

  const reload = () => {
    clearTimeout(timer);
    root.replaceChildren();
    return ctx.attempt(() => module.render(root, ctx));
  };

  $('key-form').addEventListener('submit', event => {
    event.preventDefault();
    useKey($('api-key').value.trim());
    $('api-key').value = '';
    showKeyState();
    reload();
  });
  $('forget-key').addEventListener('click', () => {
    useKey('');
    showKeyState();
    reload();
  });
  showKeyState();
  await reload();
  root.dataset.ready = 'true';
}

main().catch(showError);
