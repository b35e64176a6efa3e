// The OpenAI Agents SDK (`@openai/agents`) against the gateway, unmodified but for its OpenAI client's base URL,
// with the Responses API model. The client talks through a recording proxy, so every Response object and SSE
// stream the gateway sent it is validated against the Open Responses schema. What is claimed in
// agents.compat.json (the README's compatibility table) is what runs here: a ✅ capability runs its positive
// tests; a ❌ one runs the same scenarios expecting a clear OpenAI-shaped error from the gateway instead.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';

import {
  Agent,
  OpenAIConversationsSession,
  OpenAIResponsesModel,
  run,
  setDefaultOpenAIClient,
  setOpenAIAPI,
  setTracingDisabled,
  tool,
} from '@openai/agents';
import OpenAI from 'openai';
import { z } from 'zod';

import { startStack } from '../../harness/stack.mjs';
import { MODEL } from '../helpers.mjs';
import { claimTests } from './claims.mjs';
import { startRecorder } from '../wire_recorder.mjs';

const claims = JSON.parse(readFileSync(new URL('./agents.compat.json', import.meta.url), 'utf8'));
const TIMEOUT = 30_000;

let stack;
let recorder;
let client;

before(async () => {
  stack = await startStack();
  recorder = await startRecorder(stack.url);
  client = new OpenAI({ baseURL: recorder.baseURL, apiKey: 'test', maxRetries: 0, timeout: 20_000 });
  setTracingDisabled(true);
  // The way users configure the SDK for an OpenAI-compatible server: a default client and the Responses API.
  setDefaultOpenAIClient(client);
  setOpenAIAPI('responses');
});
after(async () => {
  await recorder?.stop();
  await stack?.stop();
});

// Weather tool whose executions are recorded.
function weatherTool() {
  const calls = [];
  const getWeather = tool({
    name: 'get_weather',
    description: 'Current weather for a city.',
    parameters: z.object({ city: z.string() }),
    execute: async (args) => {
      calls.push(args);
      return `Sunny in ${args.city}`;
    },
  });
  return { getWeather, calls };
}

const posts = (from) => recorder.exchanges.slice(from).filter((ex) => ex.method === 'POST' && /\/responses$/.test(ex.path));

// The chat request the gateway sent the mock backend, as `[[echo_request]]` tells it back.
function echoed(finalOutput) {
  try {
    return JSON.parse(finalOutput);
  } catch {
    assert.fail(`the echoed backend request is not JSON: ${finalOutput}`);
  }
}

const { claimTest } = claimTests({ claims, recorder: () => recorder, timeout: TIMEOUT });

describe('OpenAI Agents SDK: plain run', () => {
  claimTest('plain', 'run(agent, text) answers the model text as finalOutput', async () => {
    const from = recorder.exchanges.length;
    const agent = new Agent({ name: 'Assistant', instructions: 'Be brief.', model: MODEL });
    const result = await run(agent, 'Hello there');
    assert.equal(result.finalOutput, 'Echo: Hello there');
    assert.match(result.lastResponseId, /^resp_/);
    const [post] = posts(from);
    assert.equal(JSON.parse(post.requestBody).instructions, 'Be brief.');
    assert.equal(post.status, 200);
  });

  claimTest('plain', 'an explicit OpenAIResponsesModel and structured output (outputType)', async () => {
    const agent = new Agent({
      name: 'Structured',
      model: new OpenAIResponsesModel(client, MODEL),
      outputType: z.object({ city: z.string(), temp: z.number() }),
    });
    const from = recorder.exchanges.length;
    const result = await run(agent, 'Weather as JSON [[reply {"city": "Paris", "temp": 21}]]');
    assert.deepEqual(result.finalOutput, { city: 'Paris', temp: 21 });
    assert.equal(JSON.parse(posts(from)[0].requestBody).text.format.type, 'json_schema');
  });
});

describe('OpenAI Agents SDK: streamed run', () => {
  claimTest('stream', 'run(agent, input, {stream: true}) streams the text deltas and the final output', async () => {
    const agent = new Agent({ name: 'Assistant', instructions: 'Be brief.', model: MODEL });
    const result = await run(agent, 'Stream me [[think Short answer.]] [[reply Streaming works fine.]]', { stream: true });
    const deltas = [];
    let done;
    for await (const event of result) {
      if (event.type !== 'raw_model_stream_event') continue;
      if (event.data.type === 'output_text_delta') deltas.push(event.data.delta);
      if (event.data.type === 'response_done') done = event.data.response;
    }
    await result.completed;
    assert.deepEqual(deltas, ['Streaming', ' works', ' fine.']);
    assert.equal(result.finalOutput, 'Streaming works fine.');
    assert.match(done.id, /^resp_/);
    assert.equal(result.lastResponseId, done.id);
  });

  claimTest('stream', 'toTextStream() concatenates to the final output', async () => {
    const agent = new Agent({ name: 'Assistant', model: MODEL });
    const result = await run(agent, 'Count [[tokens 6]]', { stream: true });
    let text = '';
    for await (const piece of result.toTextStream()) text += piece;
    await result.completed;
    assert.equal(text, 'tok1 tok2 tok3 tok4 tok5 tok6');
    assert.equal(result.finalOutput, text);
  });
});

describe('OpenAI Agents SDK: function tool', () => {
  claimTest('tools', 'an agent with one function tool: call, execute, answer in two turns', async () => {
    const { getWeather, calls } = weatherTool();
    const agent = new Agent({ name: 'Weather', instructions: 'Use the tool.', model: MODEL, tools: [getWeather] });
    const from = recorder.exchanges.length;
    const result = await run(agent, 'Weather in Paris? [[tool get_weather {"city":"Paris"}]]');
    assert.deepEqual(calls, [{ city: 'Paris' }]);
    assert.equal(result.finalOutput, 'Tool result: Sunny in Paris');
    const sent = posts(from).map((ex) => JSON.parse(ex.requestBody));
    assert.equal(sent.length, 2);
    assert.deepEqual(sent[0].tools.map((t) => [t.type, t.name]), [['function', 'get_weather']]);
    // The second turn gives the gateway's own function_call item back with the output.
    const [call, output] = sent[1].input.slice(-2);
    assert.equal(call.type, 'function_call');
    assert.match(call.id, /^fc_/);
    assert.deepEqual(JSON.parse(call.arguments), { city: 'Paris' });
    assert.deepEqual([output.type, output.call_id, output.output], ['function_call_output', call.call_id, 'Sunny in Paris']);
  });

  claimTest('tools', 'the same round trip streamed: tool_called, tool_output, then the answer', async () => {
    const { getWeather, calls } = weatherTool();
    const agent = new Agent({ name: 'Weather', model: MODEL, tools: [getWeather] });
    const result = await run(agent, 'Weather in Rome? [[tool get_weather {"city":"Rome"}]]', { stream: true });
    const items = [];
    let text = '';
    for await (const event of result) {
      if (event.type === 'run_item_stream_event') items.push(event.name);
      if (event.type === 'raw_model_stream_event' && event.data.type === 'output_text_delta') text += event.data.delta;
    }
    await result.completed;
    assert.deepEqual(calls, [{ city: 'Rome' }]);
    assert.deepEqual(items, ['tool_called', 'tool_output', 'message_output_created']);
    assert.equal(text, 'Tool result: Sunny in Rome');
    assert.equal(result.finalOutput, 'Tool result: Sunny in Rome');
  });
});

describe('OpenAI Agents SDK: multi-turn', () => {
  claimTest('multi_turn', 'previousResponseId continues the stored conversation, tool turns included', async () => {
    const { getWeather, calls } = weatherTool();
    const agent = new Agent({ name: 'Weather', instructions: 'Use the tool.', model: MODEL, tools: [getWeather] });
    const first = await run(agent, 'Remember: blue [[reply Noted.]]');
    const from = recorder.exchanges.length;
    // With a previous response id the SDK sends only the new items: the tool turn is just the output.
    const second = await run(agent, 'Weather in Oslo? [[tool get_weather {"city":"Oslo"}]]', {
      previousResponseId: first.lastResponseId,
    });
    assert.deepEqual(calls, [{ city: 'Oslo' }]);
    assert.equal(second.finalOutput, 'Tool result: Sunny in Oslo');
    const toolTurn = JSON.parse(posts(from)[1].requestBody);
    assert.deepEqual(toolTurn.input.map((i) => i.type), ['function_call_output']);
    assert.match(toolTurn.previous_response_id, /^resp_/);
    const third = await run(agent, 'What did I say? [[echo_request]]', { previousResponseId: second.lastResponseId });
    const backend = echoed(third.finalOutput);
    assert.deepEqual(
      backend.messages.map((m) => [m.role, m.content]),
      [
        ['system', 'Use the tool.'],
        ['user', 'Remember: blue [[reply Noted.]]'],
        ['assistant', 'Noted.'],
        ['user', 'Weather in Oslo? [[tool get_weather {"city":"Oslo"}]]'],
        ['assistant', null],
        ['tool', 'Sunny in Oslo'],
        ['assistant', 'Tool result: Sunny in Oslo'],
        ['user', 'What did I say? [[echo_request]]'],
      ],
    );
  });

  claimTest('multi_turn', 'result.history sent back as input: the gateway accepts its own items', async () => {
    const { getWeather } = weatherTool();
    const agent = new Agent({ name: 'Weather', instructions: 'Use the tool.', model: MODEL, tools: [getWeather] });
    const first = await run(agent, 'Weather in Paris? [[think Use the tool.]] [[tool get_weather {"city":"Paris"}]]');
    assert.equal(first.finalOutput, 'Tool result: Sunny in Paris');
    const from = recorder.exchanges.length;
    const second = await run(agent, [...first.history, { role: 'user', content: 'And now? [[echo_request]]' }]);
    const replayed = JSON.parse(posts(from)[0].requestBody).input.map((i) => i.type ?? 'message');
    assert.deepEqual(replayed, ['message', 'reasoning', 'function_call', 'function_call_output', 'message', 'message']);
    const backend = echoed(second.finalOutput);
    const roles = backend.messages.map((m) => m.role);
    assert.deepEqual(roles, ['system', 'user', 'assistant', 'tool', 'assistant', 'user']);
    assert.equal(backend.messages[2].reasoning_content, 'Use the tool.');
    assert.equal(backend.messages[2].tool_calls[0].function.name, 'get_weather');
    assert.equal(backend.messages[4].content, 'Tool result: Sunny in Paris');
  });

  claimTest('multi_turn', 'a streamed second turn with previousResponseId', async () => {
    const agent = new Agent({ name: 'Assistant', model: MODEL });
    const first = await run(agent, 'My name is Ada [[reply Hello Ada.]]');
    const second = await run(agent, 'Who am I? [[echo_request]]', { stream: true, previousResponseId: first.lastResponseId });
    await second.completed;
    const backend = echoed(second.finalOutput);
    assert.deepEqual(backend.messages.map((m) => m.content).slice(0, 2), ['My name is Ada [[reply Hello Ada.]]', 'Hello Ada.']);
  });

  claimTest('multi_turn', 'stateless (store: false) history with sealed reasoning (encrypted_content)', async () => {
    const { getWeather } = weatherTool();
    const modelSettings = { store: false, providerData: { include: ['reasoning.encrypted_content'] } };
    const agent = new Agent({ name: 'Weather', model: MODEL, tools: [getWeather], modelSettings });
    const first = await run(agent, 'Paris? [[think Use the tool.]] [[tool get_weather {"city":"Paris"}]]', { stream: true });
    await first.completed;
    const from = recorder.exchanges.length;
    const second = await run(agent, [...first.history, { role: 'user', content: 'Again? [[echo_request]]' }]);
    const reasoning = JSON.parse(posts(from)[0].requestBody).input.find((i) => i.type === 'reasoning');
    assert.equal(typeof reasoning.encrypted_content, 'string');
    const backend = echoed(second.finalOutput);
    assert.equal(backend.messages[1].reasoning_content, 'Use the tool.');
    assert.equal(backend.messages[3].content, 'Tool result: Sunny in Paris');
  });

  claimTest('multi_turn', 'conversationId: two turns in a server-side conversation', async () => {
    const conversation = await client.conversations.create({});
    const agent = new Agent({ name: 'Assistant', instructions: 'Be brief.', model: MODEL });
    const first = await run(agent, 'My name is Ada [[reply Hello Ada.]]', { conversationId: conversation.id });
    assert.equal(first.finalOutput, 'Hello Ada.');
    const from = recorder.exchanges.length;
    const second = await run(agent, 'Who am I? [[echo_request]]', { conversationId: conversation.id });
    // The SDK sends only the new turn and names the conversation; the gateway supplies the rest.
    const sent = JSON.parse(posts(from)[0].requestBody);
    assert.equal(sent.conversation, conversation.id);
    assert.equal(sent.previous_response_id, undefined);
    assert.equal(sent.input.length, 1);
    const backend = echoed(second.finalOutput);
    assert.deepEqual(
      backend.messages.map((m) => [m.role, m.content]),
      [
        ['system', 'Be brief.'],
        ['user', 'My name is Ada [[reply Hello Ada.]]'],
        ['assistant', 'Hello Ada.'],
        ['user', 'Who am I? [[echo_request]]'],
      ],
    );
    const items = await client.conversations.items.list(conversation.id, { order: 'asc' });
    assert.deepEqual(items.data.map((i) => i.role), ['user', 'assistant', 'user', 'assistant']);
  });

  claimTest('multi_turn', 'conversationId with a tool turn, then a streamed turn', async () => {
    const { getWeather, calls } = weatherTool();
    const conversation = await client.conversations.create({});
    const agent = new Agent({ name: 'Weather', model: MODEL, tools: [getWeather] });
    const from = recorder.exchanges.length;
    const first = await run(agent, 'Weather in Oslo? [[tool get_weather {"city":"Oslo"}]]', { conversationId: conversation.id });
    assert.deepEqual(calls, [{ city: 'Oslo' }]);
    assert.equal(first.finalOutput, 'Tool result: Sunny in Oslo');
    const toolTurn = JSON.parse(posts(from)[1].requestBody);
    assert.deepEqual(toolTurn.input.map((i) => i.type), ['function_call_output']);
    const second = await run(agent, 'And now? [[echo_request]]', { conversationId: conversation.id, stream: true });
    await second.completed;
    const backend = echoed(second.finalOutput);
    assert.deepEqual(backend.messages.map((m) => m.role), ['user', 'assistant', 'tool', 'assistant', 'user']);
    assert.equal(backend.messages[1].tool_calls[0].function.name, 'get_weather');
  });

  claimTest('multi_turn', 'OpenAIConversationsSession keeps the history in a gateway conversation', async () => {
    // The session creates the conversation, reads its items back and adds each turn through the
    // Conversations API; the history goes to the model as input.
    const session = new OpenAIConversationsSession({ client });
    const agent = new Agent({ name: 'Assistant', model: MODEL });
    await run(agent, 'My name is Ada [[reply Hello Ada.]]', { session });
    const second = await run(agent, 'Who am I? [[echo_request]]', { session });
    const backend = echoed(second.finalOutput);
    assert.deepEqual(backend.messages.map((m) => m.content), ['My name is Ada [[reply Hello Ada.]]', 'Hello Ada.', 'Who am I? [[echo_request]]']);
    const items = await session.getItems();
    assert.equal(items.length, 4);
    await session.clearSession();
  });
});
