#!/usr/bin/env node
// Upstream MCP server implementing the tools, resources and prompts that the server scenarios of
// @modelcontextprotocol/conformance call (test_simple_text, test://static-text, test_simple_prompt, ...).
// No npm package ships such a server, so this one is ours; it uses only @modelcontextprotocol/sdk.
//
//   node scenario-server.mjs stdio                                 # stdio transport
//   node scenario-server.mjs http --port 3101 [--host 127.0.0.1]   # Streamable HTTP at http://HOST:PORT/mcp
//
// Runs on Node 20 or newer. The HTTP mode binds 127.0.0.1 by default, keeps one session per
// Mcp-Session-Id, answers with SSE, keeps events for resumption (Last-Event-ID) and rejects
// requests whose Host/Origin is not localhost (DNS rebinding protection).

import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import {
  CallToolRequestSchema,
  CompleteRequestSchema,
  CreateMessageResultSchema,
  ElicitResultSchema,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  McpError,
  ErrorCode,
  ReadResourceRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';

// 1x1 PNG and a minimal WAV header, base64.
const PNG_1X1 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
const WAV_MIN = 'UklGRiYAAABXQVZFZm10IBAAAAABAAEAQB8AAAB9AAACABAAZGF0YQIAAAA=';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const text = (t) => ({ content: [{ type: 'text', text: t }] });
const noArgs = { type: 'object', properties: {} };

// ---------------------------------------------------------------- tools

const tools = [
  {
    name: 'test_simple_text',
    description: 'Returns one text content item',
    inputSchema: noArgs,
    run: async () => text('This is a simple text response for testing.'),
  },
  {
    name: 'test_image_content',
    description: 'Returns one image content item (PNG)',
    inputSchema: noArgs,
    run: async () => ({ content: [{ type: 'image', data: PNG_1X1, mimeType: 'image/png' }] }),
  },
  {
    name: 'test_audio_content',
    description: 'Returns one audio content item (WAV)',
    inputSchema: noArgs,
    run: async () => ({ content: [{ type: 'audio', data: WAV_MIN, mimeType: 'audio/wav' }] }),
  },
  {
    name: 'test_embedded_resource',
    description: 'Returns one embedded resource content item',
    inputSchema: noArgs,
    run: async () => ({
      content: [
        {
          type: 'resource',
          resource: {
            uri: 'test://embedded-resource',
            mimeType: 'text/plain',
            text: 'This is an embedded resource content.',
          },
        },
      ],
    }),
  },
  {
    name: 'test_multiple_content_types',
    description: 'Returns text, image and embedded resource content items',
    inputSchema: noArgs,
    run: async () => ({
      content: [
        { type: 'text', text: 'Multiple content types test:' },
        { type: 'image', data: PNG_1X1, mimeType: 'image/png' },
        {
          type: 'resource',
          resource: {
            uri: 'test://mixed-content-resource',
            mimeType: 'application/json',
            text: JSON.stringify({ test: 'data', value: 123 }),
          },
        },
      ],
    }),
  },
  {
    name: 'test_tool_with_logging',
    description: 'Sends three info log notifications while it runs',
    inputSchema: noArgs,
    run: async (_args, extra) => {
      for (const [i, msg] of ['Tool execution started', 'Tool processing data', 'Tool execution completed'].entries()) {
        if (i > 0) await sleep(50);
        await extra.sendNotification({
          method: 'notifications/message',
          params: { level: 'info', logger: 'scenario-server', data: msg },
        });
      }
      return text('Tool with logging executed successfully');
    },
  },
  {
    name: 'test_tool_with_progress',
    description: 'Sends progress notifications 0, 50 and 100 of 100 for the request progress token',
    inputSchema: noArgs,
    run: async (_args, extra) => {
      const token = extra._meta?.progressToken;
      for (const [i, progress] of [0, 50, 100].entries()) {
        if (i > 0) await sleep(50);
        if (token !== undefined) {
          await extra.sendNotification({
            method: 'notifications/progress',
            params: { progressToken: token, progress, total: 100, message: `step ${progress} of 100` },
          });
        }
      }
      return text(`progress done (token ${token === undefined ? 'none' : String(token)})`);
    },
  },
  {
    name: 'test_error_handling',
    description: 'Always fails with a tool error (isError: true)',
    inputSchema: noArgs,
    run: async () => ({
      isError: true,
      content: [{ type: 'text', text: 'This tool intentionally returns an error for testing' }],
    }),
  },
  {
    name: 'test_reconnection',
    description: 'Closes its SSE stream before answering, so the client must resume with Last-Event-ID',
    inputSchema: noArgs,
    run: async (_args, extra) => {
      if (typeof extra.closeSSEStream === 'function') extra.closeSSEStream();
      await sleep(100);
      return text('Reconnection test completed successfully.');
    },
  },
  {
    name: 'test_sampling',
    description: 'Asks the client for an LLM completion (sampling/createMessage)',
    inputSchema: {
      type: 'object',
      properties: { prompt: { type: 'string', description: 'Prompt sent to the LLM' } },
      required: ['prompt'],
    },
    run: async (args, extra) => {
      const r = await extra.sendRequest(
        {
          method: 'sampling/createMessage',
          params: {
            messages: [{ role: 'user', content: { type: 'text', text: String(args.prompt ?? '') } }],
            maxTokens: 100,
          },
        },
        CreateMessageResultSchema,
      );
      return text(`LLM response: ${r.content?.text ?? JSON.stringify(r.content)}`);
    },
  },
  {
    name: 'test_elicitation',
    description: 'Asks the client for user input (elicitation/create)',
    inputSchema: {
      type: 'object',
      properties: { message: { type: 'string', description: 'Message shown to the user' } },
      required: ['message'],
    },
    run: async (args, extra) =>
      elicit(extra, String(args.message ?? ''), {
        type: 'object',
        properties: {
          username: { type: 'string', description: "User's response" },
          email: { type: 'string', description: "User's email address" },
        },
        required: ['username', 'email'],
      }),
  },
  {
    name: 'test_elicitation_sep1034_defaults',
    description: 'Elicitation whose schema has defaults for every primitive type (SEP-1034)',
    inputSchema: noArgs,
    run: async (_args, extra) =>
      elicit(extra, 'Please review the fields (defaults filled in)', {
        type: 'object',
        properties: {
          name: { type: 'string', description: 'Name', default: 'John Doe' },
          age: { type: 'integer', description: 'Age', default: 30 },
          score: { type: 'number', description: 'Score', default: 95.5 },
          status: { type: 'string', description: 'Status', enum: ['active', 'inactive', 'pending'], default: 'active' },
          verified: { type: 'boolean', description: 'Verified', default: true },
        },
        required: [],
      }),
  },
  {
    name: 'test_elicitation_sep1330_enums',
    description: 'Elicitation whose schema has the five enum forms of SEP-1330',
    inputSchema: noArgs,
    run: async (_args, extra) => {
      const titled = (word) =>
        [1, 2, 3].map((i) => ({ const: `value${i}`, title: `${['First', 'Second', 'Third'][i - 1]} ${word}` }));
      return elicit(extra, 'Please pick options', {
        type: 'object',
        properties: {
          untitledSingle: { type: 'string', description: 'One option', enum: ['option1', 'option2', 'option3'] },
          titledSingle: { type: 'string', description: 'One option, titled', oneOf: titled('Option') },
          legacyEnum: {
            type: 'string',
            description: 'One option, legacy titles',
            enum: ['opt1', 'opt2', 'opt3'],
            enumNames: ['Option One', 'Option Two', 'Option Three'],
          },
          untitledMulti: {
            type: 'array',
            description: 'Several options',
            minItems: 1,
            maxItems: 3,
            items: { type: 'string', enum: ['option1', 'option2', 'option3'] },
          },
          titledMulti: {
            type: 'array',
            description: 'Several options, titled',
            minItems: 1,
            maxItems: 3,
            items: { anyOf: titled('Choice') },
          },
        },
        required: [],
      });
    },
  },
  {
    name: 'json_schema_2020_12_tool',
    description: 'Tool whose input schema uses JSON Schema 2020-12 keywords ($schema, $defs, additionalProperties)',
    inputSchema: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      $defs: {
        address: { type: 'object', properties: { street: { type: 'string' }, city: { type: 'string' } } },
      },
      properties: { name: { type: 'string' }, address: { $ref: '#/$defs/address' } },
      additionalProperties: false,
    },
    run: async (args) => text(`json_schema_2020_12_tool called with ${JSON.stringify(args)}`),
  },
];

async function elicit(extra, message, requestedSchema) {
  const r = await extra.sendRequest(
    { method: 'elicitation/create', params: { mode: 'form', message, requestedSchema } },
    ElicitResultSchema,
  );
  return text(`Elicitation completed: action=${r.action}, content=${JSON.stringify(r.content ?? {})}`);
}

// ---------------------------------------------------------------- resources and prompts

const resources = [
  {
    uri: 'test://static-text',
    name: 'static-text',
    title: 'Static Text Resource',
    description: 'A static text resource',
    mimeType: 'text/plain',
    read: () => ({ text: 'This is the content of the static text resource.' }),
  },
  {
    uri: 'test://static-binary',
    name: 'static-binary',
    title: 'Static Binary Resource',
    description: 'A static binary resource (PNG)',
    mimeType: 'image/png',
    read: () => ({ blob: PNG_1X1 }),
  },
  {
    uri: 'test://watched-resource',
    name: 'watched-resource',
    title: 'Watched Resource',
    description: 'A resource that can be subscribed to',
    mimeType: 'text/plain',
    read: () => ({ text: 'Watched resource content' }),
  },
];
const TEMPLATE = /^test:\/\/template\/([^/]+)\/data$/;

const prompts = [
  {
    name: 'test_simple_prompt',
    title: 'Simple Test Prompt',
    description: 'A prompt without arguments',
    get: () => [{ role: 'user', content: { type: 'text', text: 'This is a simple prompt for testing.' } }],
  },
  {
    name: 'test_prompt_with_arguments',
    title: 'Prompt With Arguments',
    description: 'A prompt with two required arguments',
    arguments: [
      { name: 'arg1', description: 'First test argument', required: true },
      { name: 'arg2', description: 'Second test argument', required: true },
    ],
    get: (a) => [
      { role: 'user', content: { type: 'text', text: `Prompt with arguments: arg1='${a.arg1}', arg2='${a.arg2}'` } },
    ],
  },
  {
    name: 'test_prompt_with_embedded_resource',
    title: 'Prompt With Embedded Resource',
    description: 'A prompt that embeds a resource',
    arguments: [{ name: 'resourceUri', description: 'URI of the resource to embed', required: true }],
    get: (a) => [
      {
        role: 'user',
        content: {
          type: 'resource',
          resource: { uri: a.resourceUri, mimeType: 'text/plain', text: 'Embedded resource content for testing.' },
        },
      },
      { role: 'user', content: { type: 'text', text: 'Please process the embedded resource above.' } },
    ],
  },
  {
    name: 'test_prompt_with_image',
    title: 'Prompt With Image',
    description: 'A prompt with image content',
    get: () => [
      { role: 'user', content: { type: 'image', data: PNG_1X1, mimeType: 'image/png' } },
      { role: 'user', content: { type: 'text', text: 'Please analyze the image above.' } },
    ],
  },
];

// ---------------------------------------------------------------- server

function createServer() {
  const server = new Server(
    { name: 'mcpgateway-scenario-server', version: '1.0.0' },
    {
      capabilities: {
        tools: { listChanged: true },
        resources: { subscribe: true, listChanged: true },
        prompts: { listChanged: true },
        logging: {}, // the SDK answers logging/setLevel itself
        completions: {},
      },
    },
  );
  const subscriptions = new Set();

  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: tools.map(({ name, description, inputSchema }) => ({ name, description, inputSchema })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (req, extra) => {
    const tool = tools.find((t) => t.name === req.params.name);
    if (!tool) throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${req.params.name}`);
    try {
      return await tool.run(req.params.arguments ?? {}, extra);
    } catch (e) {
      return { isError: true, content: [{ type: 'text', text: `${tool.name} failed: ${e?.message ?? e}` }] };
    }
  });

  server.setRequestHandler(ListResourcesRequestSchema, async () => ({
    resources: resources.map(({ read, ...r }) => r),
  }));
  server.setRequestHandler(ListResourceTemplatesRequestSchema, async () => ({
    resourceTemplates: [
      {
        uriTemplate: 'test://template/{id}/data',
        name: 'template',
        title: 'Resource Template',
        description: 'A resource template with an id parameter',
        mimeType: 'application/json',
      },
    ],
  }));
  server.setRequestHandler(ReadResourceRequestSchema, async (req) => {
    const uri = req.params.uri;
    const r = resources.find((x) => x.uri === uri);
    if (r) return { contents: [{ uri, mimeType: r.mimeType, ...r.read() }] };
    const m = TEMPLATE.exec(uri);
    if (m) {
      const id = decodeURIComponent(m[1]);
      return {
        contents: [
          { uri, mimeType: 'application/json', text: JSON.stringify({ id, templateTest: true, data: `Data for ID: ${id}` }) },
        ],
      };
    }
    throw new McpError(-32002, `Resource not found: ${uri}`);
  });
  server.setRequestHandler(SubscribeRequestSchema, async (req) => {
    subscriptions.add(req.params.uri);
    return {};
  });
  server.setRequestHandler(UnsubscribeRequestSchema, async (req) => {
    subscriptions.delete(req.params.uri);
    return {};
  });

  server.setRequestHandler(ListPromptsRequestSchema, async () => ({
    prompts: prompts.map(({ get, ...p }) => p),
  }));
  server.setRequestHandler(GetPromptRequestSchema, async (req) => {
    const p = prompts.find((x) => x.name === req.params.name);
    if (!p) throw new McpError(ErrorCode.InvalidParams, `Unknown prompt: ${req.params.name}`);
    const args = req.params.arguments ?? {};
    for (const a of p.arguments ?? []) {
      if (a.required && args[a.name] === undefined) {
        throw new McpError(ErrorCode.InvalidParams, `Missing required argument: ${a.name}`);
      }
    }
    return { description: p.description, messages: p.get(args) };
  });

  server.setRequestHandler(CompleteRequestSchema, async (req) => {
    const { ref, argument } = req.params;
    const values =
      ref.type === 'ref/prompt' && ref.name === 'test_prompt_with_arguments'
        ? ['test', 'testValue1', 'testValue2'].filter((v) => v.startsWith(argument.value ?? ''))
        : [];
    return { completion: { values, total: values.length, hasMore: false } };
  });

  return server;
}

// ---------------------------------------------------------------- transports

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

async function runStdio() {
  const server = createServer();
  await server.connect(new StdioServerTransport());
  process.stdin.on('end', () => process.exit(0));
}

// Event store kept per session, so a client can resume a closed SSE stream with Last-Event-ID.
function memoryEventStore() {
  const events = []; // { id, streamId, message }
  let seq = 0;
  return {
    async storeEvent(streamId, message) {
      const id = `${streamId}_${String(++seq).padStart(8, '0')}`;
      events.push({ id, streamId, message });
      if (events.length > 10000) events.splice(0, events.length - 10000);
      return id;
    },
    async getStreamIdForEventId(eventId) {
      return events.find((e) => e.id === eventId)?.streamId;
    },
    async replayEventsAfter(lastEventId, { send }) {
      const at = events.findIndex((e) => e.id === lastEventId);
      if (at < 0) throw new Error(`Unknown event id ${lastEventId}`);
      const streamId = events[at].streamId;
      for (const e of events.slice(at + 1)) {
        if (e.streamId === streamId && e.message && Object.keys(e.message).length > 0) await send(e.id, e.message);
      }
      return streamId;
    },
  };
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);
function isLocal(hostOrUrl, isUrl) {
  try {
    const u = new URL(isUrl ? hostOrUrl : `http://${hostOrUrl}`);
    return LOCAL_HOSTS.has(u.hostname.toLowerCase());
  } catch {
    return false;
  }
}

function sendJsonError(res, status, code, message) {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}

async function readJson(req) {
  const chunks = [];
  let size = 0;
  for await (const c of req) {
    size += c.length;
    if (size > 4 * 1024 * 1024) throw Object.assign(new Error('Body too large'), { status: 413 });
    chunks.push(c);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

async function runHttp() {
  const port = Number(arg('--port', process.env.PORT ?? '3101'));
  const host = arg('--host', '127.0.0.1');
  const sessions = new Map(); // session id -> transport

  const httpServer = http.createServer(async (req, res) => {
    try {
      const path = new URL(req.url, 'http://x').pathname;
      if (path !== '/mcp') return sendJsonError(res, 404, -32000, 'Not found');
      // DNS rebinding protection: Host and (when sent) Origin must name localhost.
      if (!isLocal(req.headers.host ?? '', false) || (req.headers.origin && !isLocal(req.headers.origin, true))) {
        return sendJsonError(res, 403, -32000, 'Forbidden: Host/Origin is not localhost');
      }
      const sid = req.headers['mcp-session-id'];
      if (req.method === 'POST') {
        let body;
        try {
          body = await readJson(req);
        } catch (e) {
          return sendJsonError(res, e.status ?? 400, -32700, `Parse error: ${e.message}`);
        }
        if (sid) {
          const t = sessions.get(sid);
          if (!t) return sendJsonError(res, 404, -32001, 'Session not found');
          return await t.handleRequest(req, res, body);
        }
        const isInit = (Array.isArray(body) ? body : [body]).some((m) => m?.method === 'initialize');
        if (!isInit) return sendJsonError(res, 400, -32000, 'Bad Request: Mcp-Session-Id header is required');
        const server = createServer();
        const transport = new StreamableHTTPServerTransport({
          sessionIdGenerator: () => randomUUID(),
          eventStore: memoryEventStore(),
          retryInterval: 1000,
          onsessioninitialized: (id) => sessions.set(id, transport),
        });
        transport.onclose = () => {
          if (transport.sessionId) sessions.delete(transport.sessionId);
          server.close().catch(() => {});
        };
        await server.connect(transport);
        return await transport.handleRequest(req, res, body);
      }
      if (req.method === 'GET' || req.method === 'DELETE') {
        if (!sid) return sendJsonError(res, 400, -32000, 'Bad Request: Mcp-Session-Id header is required');
        const t = sessions.get(sid);
        if (!t) return sendJsonError(res, 404, -32001, 'Session not found');
        return await t.handleRequest(req, res);
      }
      res.setHeader('Allow', 'GET, POST, DELETE');
      return sendJsonError(res, 405, -32000, 'Method not allowed');
    } catch (e) {
      process.stderr.write(`scenario-server: ${e?.stack ?? e}\n`);
      if (!res.headersSent) sendJsonError(res, 500, -32603, 'Internal server error');
      else res.end();
    }
  });
  httpServer.listen(port, host, () => {
    process.stderr.write(`scenario-server listening on http://${host}:${port}/mcp\n`);
  });
  const stop = () => {
    for (const t of sessions.values()) t.close().catch(() => {});
    httpServer.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 1000).unref();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

const mode = process.argv[2] ?? 'stdio';
if (mode === 'stdio') await runStdio();
else if (mode === 'http') await runHttp();
else {
  process.stderr.write('usage: scenario-server.mjs stdio | http [--port N] [--host 127.0.0.1]\n');
  process.exit(2);
}
