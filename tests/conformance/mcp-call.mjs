#!/usr/bin/env node
// Small MCP client (official TypeScript SDK) to list and call tools on a server, for smoke tests.
//
//   node mcp-call.mjs --url http://127.0.0.1:PORT/c/everything/mcp [--call echo '{"message":"hi"}']
//   node mcp-call.mjs --stdio node_modules/.bin/mcp-server-everything stdio [--call echo '{"message":"hi"}']
//
// Prints JSON lines: {"tools":[names...]} and, with --call, {"result":{...}}. Exit 0 on success,
// 1 when the call returns isError or anything fails. Node 20 or newer.

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const argv = process.argv.slice(2);
let url;
let stdio;
let call;
let callArgs = {};
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--url') url = argv[++i];
  else if (argv[i] === '--call') {
    call = argv[++i];
    if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) callArgs = JSON.parse(argv[++i]);
  } else if (argv[i] === '--stdio') {
    stdio = [];
    while (i + 1 < argv.length && argv[i + 1] !== '--call' && argv[i + 1] !== '--url') stdio.push(argv[++i]);
  }
}
if (!url && !stdio?.length) {
  console.error('usage: mcp-call.mjs (--url URL | --stdio CMD [ARGS...]) [--call TOOL [JSON_ARGS]]');
  process.exit(2);
}

const transport = url
  ? new StreamableHTTPClientTransport(new URL(url))
  : new StdioClientTransport({ command: stdio[0], args: stdio.slice(1), stderr: 'ignore' });
const client = new Client({ name: 'mcpgateway-smoke', version: '1.0.0' }, { capabilities: {} });
const timer = setTimeout(() => {
  console.error('mcp-call: timed out after 30 s');
  process.exit(1);
}, 30000);
try {
  await client.connect(transport);
  const { tools } = await client.listTools();
  console.log(JSON.stringify({ server: client.getServerVersion(), tools: tools.map((t) => t.name) }));
  let code = 0;
  if (call) {
    const result = await client.callTool({ name: call, arguments: callArgs });
    console.log(JSON.stringify({ result }));
    if (result.isError) code = 1;
  }
  await client.close();
  clearTimeout(timer);
  process.exit(code);
} catch (e) {
  console.error(`mcp-call: ${e?.message ?? e}`);
  process.exit(1);
}
