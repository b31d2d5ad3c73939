// A real MCP client (TypeScript SDK v2, @modelcontextprotocol/client) driven by the integration tests.
//
//   node ts-client.mjs <script.json>
//
// The script names the revision, the transport and a list of operations; the client connects, runs them in order
// and prints ONE JSON object on stdout (the last line), which the C# test asserts on. Exit 0 whenever it connected
// (an operation that fails is recorded as {ok:false,error}); exit 1 with {"fatal": "..."} if it could not connect.
//
// script = {
//   "revision": "2026-07-28" | "2025-11-25",       // 2026: versionNegotiation pinned (server/discover, no initialize);
//                                                   // 2025: the SDK's default legacy mode (initialize, a session)
//   "transport": { "kind": "http", "url": "...", "headers": { "Authorization": "Bearer ..." },
//                  "retryUrl": "..." }                // optional: POSTs that carry inputResponses (MRTR retries) go here,
//                                                     // as a load balancer might send them to another replica
//                  "tamperRequestState": true }       // optional: MRTR retries carry a requestState with one character changed
//              | { "kind": "stdio", "command": "dotnet", "args": [...], "cwd": "...", "env": { ... } },
//   "elicitation": [ ElicitResult, ... ],          // answers handed out in order (the last one repeats); omit to not declare it
//   "sampling": [ CreateMessageResult, ... ],      // likewise for sampling/createMessage
//   "roots": [ Root, ... ],                        // answer to roots/list; omit to not declare it
//   "operations": [
//     { "op": "listTools" } | { "op": "listResources" } | { "op": "listResourceTemplates" } | { "op": "listPrompts" },
//     { "op": "waitForTool", "name": "demo__echo", "timeoutMs": 60000 },
//     { "op": "callTool", "name": "...", "arguments": { }, "progress": true, "meta": { } },
//     { "op": "readResource", "uri": "..." },
//     { "op": "getPrompt", "name": "...", "arguments": { } },
//     { "op": "complete", "ref": { "type": "ref/prompt", "name": "..." }, "argument": { "name": "...", "value": "..." } },
//     { "op": "cancelTool", "name": "demo__sleep", "arguments": { "ms": 60000 }, "statsTool": "demo__get_stats", "upstreamTool": "sleep" }
//       // starts the call, aborts it (AbortSignal) once the upstream's get_stats counts it, then waits until get_stats
//       // counts a cancellation: { "cancelledBefore", "cancelledAfter", "abortError" }
//     { "op": "soak", "durationMs": 60000, "tool": "demo__charge", "prefix": "ts_" }
//       // for durationMs: tools/list, then the tool with { payment_id: prefix + i, amount: 1 }, one request at a time;
//       // { "iterations", "charged": [ids answered without error], "failures": [ { "i", "step", "error" } ] }
//   ]
// }
//
// output = { "protocolVersion", "era", "serverInfo", "results": [ { "op", "ok", "result" | "error", "progress"? } ],
//            "elicitations": [ params ], "samplings": [ params ], "rootsRequests": n, "retriesSentToRetryUrl": n, "stderr"? }
import { readFileSync } from 'node:fs';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';

const MODERN = '2026-07-28';
const LEGACY = '2025-11-25';

function print(output) {
  process.stdout.write(JSON.stringify(output) + '\n');
}

function describeError(error) {
  const described = { message: String(error?.message ?? error) };
  if (error?.code !== undefined) described.code = error.code;
  if (error?.data !== undefined) described.data = error.data;
  if (error?.name) described.name = error.name;
  return described;
}

/** Hands out the scripted answers in order; the last one repeats. */
function answers(list) {
  let next = 0;
  return () => list[Math.min(next++, list.length - 1)];
}

async function main() {
  const path = process.argv[2];
  if (!path) {
    print({ fatal: 'usage: node ts-client.mjs <script.json>' });
    process.exit(2);
  }

  const script = JSON.parse(readFileSync(path, 'utf8'));
  if (script.revision !== MODERN && script.revision !== LEGACY) {
    print({ fatal: `revision must be ${MODERN} or ${LEGACY}, not ${script.revision}` });
    process.exit(2);
  }

  const output = { results: [], elicitations: [], samplings: [], rootsRequests: 0, retriesSentToRetryUrl: 0 };
  const capabilities = {};
  if (script.elicitation) capabilities.elicitation = { form: {} };
  if (script.sampling) capabilities.sampling = {};
  if (script.roots) capabilities.roots = {};

  const client = new Client(
    { name: 'mcpgw-ts-client-test', version: '1.0.0' },
    {
      capabilities,
      versionNegotiation: script.revision === MODERN ? { mode: { pin: MODERN } } : { mode: 'legacy' },
    });

  if (script.elicitation) {
    const next = answers(script.elicitation);
    client.setRequestHandler('elicitation/create', async request => {
      output.elicitations.push(request.params);
      return next();
    });
  }

  if (script.sampling) {
    const next = answers(script.sampling);
    client.setRequestHandler('sampling/createMessage', async request => {
      output.samplings.push(request.params);
      return next();
    });
  }

  if (script.roots) {
    client.setRequestHandler('roots/list', async () => {
      output.rootsRequests++;
      return { roots: script.roots };
    });
  }

  const stderr = [];
  let transport;
  if (script.transport.kind === 'http') {
    const retryUrl = script.transport.retryUrl;
    transport = new StreamableHTTPClientTransport(new URL(script.transport.url), {
      requestInit: { headers: script.transport.headers ?? {} },
      fetch: async (url, init) => {
        const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
        if (body?.params?.inputResponses === undefined) return fetch(url, init);
        if (script.transport.tamperRequestState && typeof body.params.requestState === 'string') {
          const state = body.params.requestState;
          const middle = Math.floor(state.length / 2);
          body.params.requestState = state.slice(0, middle) + (state[middle] === 'A' ? 'B' : 'A') + state.slice(middle + 1);
          init = { ...init, body: JSON.stringify(body) };
        }

        if (retryUrl) {
          output.retriesSentToRetryUrl++;
          return fetch(retryUrl, init);
        }

        return fetch(url, init);
      },
    });
  } else if (script.transport.kind === 'stdio') {
    transport = new StdioClientTransport({
      command: script.transport.command,
      args: script.transport.args ?? [],
      cwd: script.transport.cwd,
      env: { ...process.env, ...(script.transport.env ?? {}) },
      stderr: 'pipe',
    });
    transport.stderr?.on('data', chunk => stderr.push(String(chunk)));
  } else {
    print({ fatal: `unknown transport kind ${script.transport.kind}` });
    process.exit(2);
  }

  try {
    await client.connect(transport);
  } catch (error) {
    print({ fatal: 'connect failed', error: describeError(error), stderr: stderr.join('').slice(-4000) });
    process.exit(1);
  }

  output.protocolVersion = client.getNegotiatedProtocolVersion();
  output.era = client.getProtocolEra();
  output.serverInfo = client.getServerVersion();

  for (const operation of script.operations ?? []) {
    const entry = { op: operation.op };
    if (operation.name) entry.name = operation.name;
    const progress = [];
    const options = operation.progress ? { onprogress: p => progress.push(p) } : {};
    try {
      entry.result = await run(client, operation, options);
      entry.ok = true;
    } catch (error) {
      entry.ok = false;
      entry.error = describeError(error);
    }

    if (operation.progress) entry.progress = progress;
    output.results.push(entry);
  }

  if (stderr.length > 0 && output.results.some(r => !r.ok)) output.stderr = stderr.join('').slice(-4000);
  await client.close();
  print(output);
}

async function run(client, operation, options) {
  switch (operation.op) {
    case 'listTools':
      return await client.listTools(undefined, { cacheMode: 'refresh', ...options });
    case 'listResources':
      return await client.listResources(undefined, { cacheMode: 'refresh', ...options });
    case 'listResourceTemplates':
      return await client.listResourceTemplates(undefined, { cacheMode: 'refresh', ...options });
    case 'listPrompts':
      return await client.listPrompts(undefined, { cacheMode: 'refresh', ...options });
    case 'waitForTool':
      return await waitForTool(client, operation.name, operation.timeoutMs ?? 60000);
    case 'callTool': {
      const params = { name: operation.name, arguments: operation.arguments ?? {} };
      if (operation.meta) params._meta = operation.meta;
      return await client.callTool(params, options);
    }
    case 'readResource':
      return await client.readResource({ uri: operation.uri }, { cacheMode: 'refresh', ...options });
    case 'getPrompt':
      return await client.getPrompt({ name: operation.name, arguments: operation.arguments ?? {} }, options);
    case 'complete':
      return await client.complete({ ref: operation.ref, argument: operation.argument }, options);
    case 'cancelTool':
      return await cancelTool(client, operation);
    case 'soak':
      return await soak(client, operation);
    default:
      throw new Error(`unknown op ${operation.op}`);
  }
}

const POLL_TIMEOUT_MS = 20000;

/** Polls until condition() returns a truthy value; throws naming what was awaited after POLL_TIMEOUT_MS. */
async function pollUntil(condition, what) {
  const deadline = Date.now() + POLL_TIMEOUT_MS;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}

/** The upstream's get_stats: { calls: { tool: n }, cancelled }. */
async function stats(client, statsTool) {
  const result = await client.callTool({ name: statsTool, arguments: {} });
  return result.structuredContent;
}

/** Calls a tool, aborts the call once the upstream runs it, and waits until the upstream counts the cancellation. */
async function cancelTool(client, operation) {
  const before = await stats(client, operation.statsTool);
  const callsBefore = before.calls?.[operation.upstreamTool] ?? 0;
  const controller = new AbortController();
  const call = client
    .callTool({ name: operation.name, arguments: operation.arguments ?? {} }, { signal: controller.signal })
    .then(result => ({ completed: result }), error => ({ error: describeError(error) }));
  await pollUntil(async () => ((await stats(client, operation.statsTool)).calls?.[operation.upstreamTool] ?? 0) > callsBefore,
    `${operation.upstreamTool} to reach the upstream`);
  controller.abort('test cancels');
  const outcome = await call;
  if (outcome.completed) throw new Error(`the call completed instead of being cancelled: ${JSON.stringify(outcome.completed)}`);
  const after = await pollUntil(async () => {
    const now = await stats(client, operation.statsTool);
    return now.cancelled > before.cancelled ? now : undefined;
  }, 'the upstream to count the cancellation');
  return { cancelledBefore: before.cancelled, cancelledAfter: after.cancelled, abortError: outcome.error };
}

/** Lists and calls, one request at a time, for operation.durationMs; a failed request is recorded and the loop goes on. */
async function soak(client, operation) {
  const deadline = Date.now() + operation.durationMs;
  const result = { iterations: 0, charged: [], failures: [] };
  for (let i = 0; Date.now() < deadline; i++) {
    result.iterations++;
    try {
      const { tools } = await client.listTools(undefined, { cacheMode: 'refresh' });
      if (!tools.some(t => t.name === operation.tool)) throw new Error(`${operation.tool} not listed`);
    } catch (error) {
      result.failures.push({ i, step: 'list', error: describeError(error) });
    }

    const paymentId = `${operation.prefix}${i}`;
    try {
      const called = await client.callTool({ name: operation.tool, arguments: { payment_id: paymentId, amount: 1 } });
      if (called.isError) throw new Error(JSON.stringify(called.content));
      result.charged.push(paymentId);
    } catch (error) {
      result.failures.push({ i, step: 'call', paymentId, error: describeError(error) });
    }
  }

  return result;
}

/** Polls tools/list until the tool appears (mcpgw stdio connects its upstreams after it answers). */
async function waitForTool(client, name, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { tools } = await client.listTools(undefined, { cacheMode: 'refresh' });
    if (tools.some(t => t.name === name)) return { found: name };
    if (Date.now() > deadline) throw new Error(`${name} not listed within ${timeoutMs} ms`);
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}

main().catch(error => {
  print({ fatal: 'harness error', error: describeError(error) });
  process.exit(1);
});
