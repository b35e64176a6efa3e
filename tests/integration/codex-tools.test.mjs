// The tool types and items Codex uses, over raw HTTP: custom (freeform) tools, namespaces, `additional_tools`,
// client tool search, web_search (refused, or omitted with --web-search=omit), compaction (`compaction_trigger`),
// and the response.failed codes Codex acts on. Every Response and stream is validated against the Open Responses
// schema (with the OpenAI shapes it lacks, see ../e2e/schema.mjs).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { validateResponse, validateStream } from '../e2e/schema.mjs';
import { streamResponse } from '../harness/sse.mjs';
import { startStack } from '../harness/stack.mjs';
import { assertError, assertStreamContract, createResponse, dataEvents, echoRequest, outputText, request } from './helpers.mjs';

let stack;
let omitting;
before(async () => {
  stack = await startStack();
  omitting = await startStack({ gatewayArgs: ['--web-search=omit'] });
});
after(async () => {
  await stack?.stop();
  await omitting?.stop();
});

const PATCH = '*** Begin Patch\n*** Add File: hello.txt\n+hi "there"\n*** End Patch\n';
const tools = [
  { type: 'function', name: 'exec_command', parameters: { type: 'object', properties: { cmd: { type: 'string' } } } },
  { type: 'custom', name: 'apply_patch', description: 'Edit files.', format: { type: 'grammar', syntax: 'lark', definition: 'start: begin_patch' } },
  { type: 'namespace', name: 'multi_agent_v1', description: 'Sub-agents.', tools: [{ type: 'function', name: 'spawn_agent', parameters: { type: 'object', properties: {} } }] },
  { type: 'tool_search', execution: 'client', parameters: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] } },
];
const directive = (name, args) => `[[tool ${name} ${JSON.stringify(args)}]]`;

function ok(res) {
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return validateResponse(res.body);
}

async function streamed(url, body) {
  const res = await streamResponse(url, body);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const terminal = assertStreamContract(res.events);
  validateStream(dataEvents(res.events).map((e) => e.data));
  return { ...res, terminal: terminal.data, data: dataEvents(res.events).map((e) => e.data) };
}

describe('custom (freeform) tools', { timeout: 60_000 }, () => {
  test('the call is a custom_tool_call whose input is the text, streamed as custom_tool_call_input events', async () => {
    const { data, terminal } = await streamed(stack.url, { model: 'm', tools, input: `patch it ${directive('apply_patch', { input: PATCH })}` });
    const deltas = data.filter((e) => e.type === 'response.custom_tool_call_input.delta');
    assert.ok(deltas.length > 1, 'the input is streamed in pieces');
    assert.equal(deltas.map((e) => e.delta).join(''), PATCH);
    const [done] = data.filter((e) => e.type === 'response.custom_tool_call_input.done');
    assert.equal(done.input, PATCH);
    const [call] = terminal.response.output;
    assert.match(call.id, /^ctc_/);
    assert.deepEqual({ ...call, id: undefined }, { id: undefined, type: 'custom_tool_call', status: 'completed', call_id: call.call_id, name: 'apply_patch', input: PATCH });
  });

  test('offered to the backend as a function taking one string, with the grammar', async () => {
    const sent = await echoRequest(stack.url, { model: 'm', tools, input: '[[echo_request]]' });
    const patch = sent.tools.find((t) => t.function.name === 'apply_patch').function;
    assert.deepEqual(patch.parameters.required, ['input']);
    assert.match(patch.parameters.properties.input.description, /lark grammar:\nstart: begin_patch/);
  });

  test('round trip: custom_tool_call_output (a string, or input_text parts) answers the call', async () => {
    const first = ok(await createResponse(stack.url, { model: 'm', tools, store: false, input: `patch ${directive('apply_patch', { input: PATCH })}` }));
    const [call] = first.output;
    for (const output of ['Done!', [{ type: 'input_text', text: 'Done' }, { type: 'input_text', text: '!' }]]) {
      const input = [{ role: 'user', content: 'patch' }, call, { type: 'custom_tool_call_output', call_id: call.call_id, output }];
      const answer = ok(await createResponse(stack.url, { model: 'm', tools, store: false, input }));
      assert.equal(outputText(answer), 'Tool result: Done!');
      const sent = await echoRequest(stack.url, { model: 'm', tools, input: [...input, { role: 'user', content: '[[echo_request]]' }] });
      assert.deepEqual(sent.messages[1].tool_calls, [
        { id: call.call_id, type: 'function', function: { name: 'apply_patch', arguments: JSON.stringify({ input: PATCH }) } },
      ]);
      assert.deepEqual(sent.messages[2], { role: 'tool', tool_call_id: call.call_id, content: 'Done!' });
    }
  });

  test('a model that writes the raw text instead of {"input": …} still gives the text as input', async () => {
    const r = ok(await createResponse(stack.url, { model: 'm', tools, input: '[[tool_raw apply_patch *** Begin Patch]]' }));
    assert.equal(r.output[0].type, 'custom_tool_call');
    assert.equal(r.output[0].input, '*** Begin Patch');
  });
});

describe('namespaces and additional_tools', { timeout: 60_000 }, () => {
  test('a call to a namespaced tool names the tool and its namespace', async () => {
    const { terminal } = await streamed(stack.url, { model: 'm', tools, input: `spawn ${directive('spawn_agent', { task: 'x' })}` });
    const [call] = terminal.response.output;
    assert.equal(call.type, 'function_call');
    assert.equal(call.name, 'spawn_agent');
    assert.equal(call.namespace, 'multi_agent_v1');
  });

  test('tools in an additional_tools item are offered; the item itself is no message', async () => {
    const input = [
      { type: 'additional_tools', id: 'at_1', role: 'developer', tools: [{ type: 'namespace', name: 'functions', description: '', tools: [{ type: 'custom', name: 'exec' }] }] },
      { role: 'user', content: '[[echo_request]]' },
    ];
    const sent = await echoRequest(stack.url, { model: 'm', input });
    assert.deepEqual(sent.tools.map((t) => t.function.name), ['exec']);
    assert.deepEqual(sent.messages, [{ role: 'user', content: '[[echo_request]]' }]);
    const r = ok(await createResponse(stack.url, { model: 'm', input: [input[0], { role: 'user', content: `run ${directive('exec', { input: 'text("hi")' })}` }] }));
    assert.deepEqual(
      { type: r.output[0].type, name: r.output[0].name, namespace: r.output[0].namespace, input: r.output[0].input },
      { type: 'custom_tool_call', name: 'exec', namespace: 'functions', input: 'text("hi")' },
    );
  });
});

describe('client tool search', { timeout: 60_000 }, () => {
  test('tool_search_call, then tool_search_output makes the tools found callable', async () => {
    const first = ok(await createResponse(stack.url, { model: 'm', tools, store: false, input: `find ${directive('tool_search', { query: 'helpers' })}` }));
    const [call] = first.output;
    assert.match(call.id, /^tsc_/);
    assert.deepEqual({ type: call.type, execution: call.execution, arguments: call.arguments }, { type: 'tool_search_call', execution: 'client', arguments: { query: 'helpers' } });
    const found = { type: 'tool_search_output', call_id: call.call_id, execution: 'client', tools: [{ type: 'namespace', name: 'helpers', description: 'Helpers.', tools: [{ type: 'function', name: 'ask_helper' }] }] };
    const sent = await echoRequest(stack.url, { model: 'm', tools, input: [{ role: 'user', content: 'find' }, call, found, { role: 'user', content: '[[echo_request]]' }] });
    assert.ok(sent.tools.some((t) => t.function.name === 'ask_helper'), 'the tool found is offered');
    assert.deepEqual(sent.messages[2], { role: 'tool', tool_call_id: call.call_id, content: 'Tools found, callable from now on: ask_helper.' });
  });
});

describe('web_search without a provider', { timeout: 60_000 }, () => {
  const body = { model: 'm', input: 'hi', tools: [{ type: 'function', name: 'f' }, { type: 'web_search', external_web_access: true }] };

  test('refused by default with a 400 that names the switch', async () => {
    const error = assertError(await createResponse(stack.url, body), 400, { param: 'tools[1].type', code: 'unsupported_value' });
    assert.match(error.message, /--web-search=omit/);
    assert.match(error.message, /web_search = "disabled"/);
    const inItem = await createResponse(stack.url, { model: 'm', input: [{ type: 'additional_tools', tools: [{ type: 'web_search' }] }, { role: 'user', content: 'hi' }] });
    assertError(inItem, 400, { param: 'input[0].tools[0].type' });
  });

  test('with --web-search=omit: answered, never offered to the model, and named in x-gateway-omitted-tools', async () => {
    const res = await createResponse(omitting.url, { ...body, input: '[[echo_request]]' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.headers.get('x-gateway-omitted-tools'), 'web_search');
    const sent = JSON.parse(outputText(res.body));
    assert.deepEqual(sent.tools.map((t) => t.function.name), ['f']);
    const { headers } = await streamed(omitting.url, body);
    assert.equal(headers.get('x-gateway-omitted-tools'), 'web_search');
    const plain = await createResponse(omitting.url, { model: 'm', input: 'hi' });
    assert.equal(plain.headers.get('x-gateway-omitted-tools'), null, 'only when something was left out');
  });
});

describe('compaction', { timeout: 60_000 }, () => {
  const history = [{ role: 'user', content: 'We fixed bug 42 in foo.c.' }, { role: 'assistant', content: 'Done.' }];

  test('compaction_trigger → exactly one compaction item, sealed; sent back, the summary reaches the model', async () => {
    const { terminal, data } = await streamed(stack.url, { model: 'm', store: false, input: [...history, { type: 'compaction_trigger' }] });
    const output = terminal.response.output;
    assert.equal(output.length, 1);
    assert.equal(output[0].type, 'compaction');
    assert.match(output[0].id, /^cmp_/);
    assert.equal(typeof output[0].encrypted_content, 'string');
    assert.ok(!data.some((e) => e.type.endsWith('.delta')), 'nothing of the summary leaks as deltas');
    assert.ok(terminal.response.usage.input_tokens > 0, 'the summary call is counted');

    const sent = await echoRequest(stack.url, { model: 'm', input: [{ role: 'developer', content: 'dev' }, output[0], { role: 'user', content: '[[echo_request]]' }] });
    assert.equal(sent.messages.length, 3);
    assert.equal(sent.messages[1].role, 'user');
    assert.match(sent.messages[1].content, /^Summary of the earlier part of this conversation/);
    assert.match(sent.messages[1].content, /Echo: Compact the conversation so far/, "the mock's summary, opened");
  });

  test('the summary is asked for without tools; the trigger must come last; a foreign blob is refused', async () => {
    const r = ok(await createResponse(stack.url, { model: 'm', tools, input: [...history, { type: 'compaction_trigger' }] }));
    assert.equal(r.output[0].type, 'compaction');
    // Stored (store defaults to true): its input items list without the trigger, which is a request, not history.
    const items = await request(stack.url, `/v1/responses/${r.id}/input_items`);
    assert.equal(items.status, 200, JSON.stringify(items.body));
    assert.ok(items.body.data.every((i) => i.type !== 'compaction_trigger'));
    assert.equal(items.body.first_id, items.body.data[0].id);
    assertError(await createResponse(stack.url, { model: 'm', previous_response_id: r.id, input: [{ type: 'compaction_trigger' }] }), 400, { param: 'input[0].type' });
    assertError(await createResponse(stack.url, { model: 'm', input: [{ type: 'compaction_trigger' }, ...history] }), 400, { param: 'input[0].type' });
    const foreign = { type: 'compaction', id: 'cmp_x', encrypted_content: Buffer.from('not sealed here').toString('base64') };
    assertError(await createResponse(stack.url, { model: 'm', input: [foreign, { role: 'user', content: 'hi' }] }), 400, {
      param: 'input[0].encrypted_content',
      code: 'invalid_encrypted_content',
    });
  });
});

describe('response.failed codes Codex acts on', { timeout: 60_000 }, () => {
  const cases = [
    ['a backend 500', 'hi [[status 500]]', 'server_error'],
    ['a broken backend stream', 'hi [[tokens 10]] [[cut_after 3]]', 'server_error'],
    ['a backend 429', 'hi [[status 429]]', 'rate_limit_exceeded'],
    ['a context-window overflow', 'hi [[context_length]]', 'context_length_exceeded'],
    ['a backend 400', 'hi [[status 400]]', 'invalid_prompt'],
    ['a backend 404 (model not found)', 'hi [[status 404]]', 'invalid_prompt'],
  ];
  for (const [name, input, code] of cases) {
    test(`${name} → ${code}`, async () => {
      const { terminal } = await streamed(stack.url, { model: 'm', input });
      assert.equal(terminal.type, 'response.failed');
      assert.equal(terminal.response.error.code, code);
    });
  }

  test('without a stream, the HTTP error keeps its own code: 404 model_not_found', async () => {
    assertError(await createResponse(stack.url, { model: 'm', input: 'hi [[status 404]]' }), 404, { code: 'model_not_found' });
  });
});

test('usage is the backend’s own count', { timeout: 60_000 }, async () => {
  const { terminal } = await streamed(stack.url, { model: 'm', input: 'hi [[usage 41000 77 40000]]' });
  assert.deepEqual(terminal.response.usage, {
    input_tokens: 41000,
    input_tokens_details: { cached_tokens: 40000 },
    output_tokens: 77,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: 41077,
  });
});
