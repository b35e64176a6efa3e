// Codex CLI (`@openai/codex`, `codex exec`) against the gateway + mock backend, offline, through the wire
// recorder, as ../shared/clients/codex.md describes it: a custom model provider with `wire_api = "responses"` and
// `base_url` the recorder, and nothing else changed in Codex's config. The gateway runs with `--web-search=omit`
// (the README's "Use with Codex"), since Codex offers `web_search` by default and the gateway has no search
// provider. Each of the three request shapes (an unknown slug, `gpt-5.5`, the default slug `gpt-6.1-sol`) runs a
// real tool turn: the mock scripts the shell call, Codex runs it, the mock answers from its output.
//
// The claims come from codex.compat.json (the README's compatibility table): a ✅ column runs its scenarios as
// positive tests; any other claim runs them expecting a clear OpenAI-shaped error from the gateway (claims.mjs).
// Every Codex run has a deadline and is killed on expiry; every stream the gateway sent is validated against the
// Open Responses schema.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { startStack } from '../../harness/stack.mjs';
import { parseSse as sseEvents, startRecorder } from '../wire_recorder.mjs';
import { claimTests } from './claims.mjs';
import { makeCodexHome } from './codex_home.mjs';

const claims = JSON.parse(readFileSync(new URL('./codex.compat.json', import.meta.url), 'utf8'));
const COLUMNS = ['plain', 'stream', 'tools', 'multi_turn'];
const TIMEOUT = 60_000;
const EXEC = ['exec', '--skip-git-repo-check', '--strict-config'];
const tool = (name, args) => `[[tool ${name} ${JSON.stringify(args)}]]`;

let stack; // the gateway as the README configures it for Codex: --web-search=omit
let recorder;
let strict; // the gateway with its defaults: web_search refused
let strictRecorder;
const homes = [];

before(async () => {
  stack = await startStack({ gatewayArgs: ['--web-search=omit'] });
  recorder = await startRecorder(stack.url);
  strict = await startStack();
  strictRecorder = await startRecorder(strict.url);
});
after(async () => {
  for (const home of homes) home.cleanup();
  await recorder?.stop();
  await strictRecorder?.stop();
  await stack?.stop();
  await strict?.stop();
});

function newHome({ model, extra, providerExtra, via = recorder } = {}) {
  const home = makeCodexHome({ baseURL: via.baseURL, model, extra, providerExtra });
  homes.push(home);
  return home;
}

// Runs Codex and answers its result with the exchanges it caused (each with the request body parsed). A run
// that fails is an assertion error carrying its transcript.
async function codex(home, args, { via = recorder } = {}) {
  const from = via.exchanges.length;
  const result = await home.run(args);
  const exchanges = via.exchanges.slice(from).map((ex) => ({ ...ex, request: JSON.parse(ex.requestBody || 'null') }));
  const transcript = () => `exit ${result.code} in ${result.ms} ms\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
  assert.equal(result.timedOut, false, `Codex hung and was killed:\n${transcript()}`);
  return { ...result, exchanges, transcript };
}

async function succeeds(home, args) {
  const run = await codex(home, args);
  assert.equal(run.code, 0, run.transcript());
  return run;
}

const doneItems = (exchange) =>
  sseEvents(exchange.body)
    .filter((e) => e.type === 'response.output_item.done')
    .map((e) => e.item);
const itemText = (item) => item.content.map((part) => part.text ?? '').join('');
const messageText = (item) =>
  typeof item.content === 'string' ? item.content : item.content.map((part) => part.text ?? '').join('');
const outputText = (output) => (typeof output === 'string' ? output : output.map((part) => part.text ?? '').join(''));

// Codex's requests: POST /v1/responses, streamed, stateless (store: false, the whole history, no
// previous_response_id), the base prompt in the input (the default slug puts its additional_tools item first).
function assertCodexRequest(exchange, model) {
  assert.equal(exchange.method, 'POST');
  assert.equal(exchange.path, '/v1/responses');
  assert.equal(exchange.request.model, model);
  assert.equal(exchange.request.stream, true);
  assert.equal(exchange.request.store, false);
  assert.equal(exchange.request.previous_response_id, undefined);
  assert.equal(exchange.request.instructions, undefined);
  assert.deepEqual(exchange.request.include, ['reasoning.encrypted_content']);
  assert.equal(exchange.request.input[0].role, 'developer');
}

// A successful streamed answer as Codex needs it: SSE, every item delivered by output_item.done, one
// response.completed at the end with the backend's usage. Answers the done items.
function assertStreamed(exchange) {
  assert.equal(exchange.status, 200, exchange.body);
  assert.match(exchange.contentType, /^text\/event-stream/);
  const events = sseEvents(exchange.body);
  assert.equal(events.at(-1).type, 'response.completed');
  assert.equal(events.filter((e) => ['response.completed', 'response.failed', 'response.incomplete'].includes(e.type)).length, 1);
  const items = doneItems(exchange);
  assert.deepEqual(
    items.map((i) => i.id),
    events.at(-1).response.output.map((i) => i.id),
    'every output item is delivered by response.output_item.done',
  );
  assert.ok(events.at(-1).response.usage.input_tokens > 0, 'usage is reported');
  return items;
}

// The exchanges of one tool turn: the request that got the call, then the one carrying its output.
function toolTurn(run, model, type) {
  assert.equal(run.exchanges.length, 2, 'one request for the call, one with its output');
  const [first, second] = run.exchanges;
  for (const exchange of run.exchanges) assertCodexRequest(exchange, model);
  const calls = assertStreamed(first).filter((i) => i.type === type);
  assert.equal(calls.length, 1, JSON.stringify(doneItems(first)));
  const [call] = calls;
  // The whole history comes back (store: false), the call as the gateway gave it, then its output.
  assert.equal(second.request.prompt_cache_key, first.request.prompt_cache_key);
  assert.deepEqual(second.request.input.slice(0, first.request.input.length), first.request.input, 'the first turn is resent unchanged');
  const sent = second.request.input.find((i) => i.type === type);
  assert.equal(sent.call_id, call.call_id);
  const output = second.request.input.at(-1);
  assert.equal(output.type, `${type}_output`);
  assert.equal(output.call_id, call.call_id);
  const answer = assertStreamed(second).filter((i) => i.type === 'message');
  assert.equal(answer.length, 1);
  assert.equal(itemText(answer[0]), `Tool result: ${outputText(output.output)}`);
  assert.equal(run.stdout.trim(), itemText(answer[0]).trim(), 'Codex prints the answer');
  return { first, second, call, sent, output };
}

test('codex.compat.json: claims are well-formed, and the notes name the gateway switch Codex needs', () => {
  assert.equal(claims.order, 5);
  assert.equal(claims.client, 'Codex CLI (`codex exec`)');
  const installed = JSON.parse(readFileSync(new URL('../../node_modules/@openai/codex/package.json', import.meta.url), 'utf8'));
  assert.equal(claims.package, `@openai/codex@${installed.version}`);
  assert.deepEqual(Object.keys(claims).sort(), ['client', 'multi_turn', 'notes', 'order', 'package', 'plain', 'stream', 'tools'].sort());
  for (const column of COLUMNS) assert.ok(['✅', '⚠️', '❌'].includes(claims[column]), `${column}: ${claims[column]}`);
  assert.match(claims.notes, /--web-search=omit/);
});

describe('Codex CLI through the gateway, as claimed in codex.compat.json', () => {
  const { claimTest } = claimTests({ claims, recorder: () => recorder, timeout: TIMEOUT });

  claimTest('plain', 'plain: codex exec answers; web_search is left out, and the response says so', async () => {
    const run = await succeeds(newHome(), [...EXEC, 'Say hello. [[reply Hello from the gateway.]]']);
    assert.equal(run.stdout.trim(), 'Hello from the gateway.', run.transcript());
    assert.equal(run.exchanges.length, 1);
    const [exchange] = run.exchanges;
    assertCodexRequest(exchange, 'test-model');
    const types = exchange.request.tools.map((t) => t.type);
    for (const type of ['function', 'namespace', 'web_search']) assert.ok(types.includes(type), types.join());
    assert.equal(exchange.headers['x-gateway-omitted-tools'], 'web_search');
    const items = assertStreamed(exchange);
    assert.deepEqual(items.map((i) => i.type), ['message']);
    assert.equal(itemText(items[0]), 'Hello from the gateway.');
  });

  claimTest('stream', 'stream: the answer is streamed token by token, and validates against the schema', async () => {
    const run = await succeeds(newHome(), [...EXEC, 'Count for me. [[tokens 5]]']);
    assert.equal(run.stdout.trim(), 'tok1 tok2 tok3 tok4 tok5', run.transcript());
    assertStreamed(run.exchanges[0]);
    const deltas = sseEvents(run.exchanges[0].body).filter((e) => e.type === 'response.output_text.delta');
    assert.equal(deltas.length, 5);
  });

  claimTest('tools', 'tools, unknown slug: the exec_command function runs, with reasoning sealed and replayed', async () => {
    const prompt = `run echo hello-from-codex and tell me what it printed [[think I will run it.]] ${tool('exec_command', { cmd: 'echo hello-from-codex' })}`;
    const run = await succeeds(newHome(), [...EXEC, prompt]);
    const { first, second, call, output } = toolTurn(run, 'test-model', 'function_call');
    assert.equal(call.name, 'exec_command');
    assert.deepEqual(JSON.parse(call.arguments), { cmd: 'echo hello-from-codex' });
    assert.match(output.output, /Process exited with code 0/);
    assert.match(output.output, /Output:\nhello-from-codex\n/);
    assert.match(run.stderr, /echo hello-from-codex/, 'Codex shows the command it ran');
    // The reasoning comes back byte for byte with the gateway's seal, and the gateway accepts it.
    const [reasoning] = doneItems(first).filter((i) => i.type === 'reasoning');
    assert.equal(typeof reasoning.encrypted_content, 'string');
    const resent = second.request.input.find((i) => i.type === 'reasoning');
    assert.equal(resent.encrypted_content, reasoning.encrypted_content);
  });

  claimTest('tools', 'tools, gpt-5.5: the freeform apply_patch tool edits a file', async () => {
    const patch = '*** Begin Patch\n*** Add File: hello.txt\n+hello from apply_patch\n*** End Patch\n';
    const home = newHome({ model: 'gpt-5.5' });
    const run = await succeeds(home, [...EXEC, `add hello.txt ${tool('apply_patch', { input: patch })}`]);
    const { first, call } = toolTurn(run, 'gpt-5.5', 'custom_tool_call');
    const kinds = first.request.tools.map((t) => `${t.type}:${t.name ?? ''}`);
    for (const kind of ['function:exec_command', 'custom:apply_patch', 'tool_search:', 'web_search:']) assert.ok(kinds.includes(kind), kinds.join());
    assert.equal(call.name, 'apply_patch');
    assert.equal(call.input, patch);
    const inputDeltas = sseEvents(first.body).filter((e) => e.type === 'response.custom_tool_call_input.delta');
    assert.equal(inputDeltas.map((e) => e.delta).join(''), patch, 'the input is streamed');
    assert.equal(readFileSync(path.join(home.workDir, 'hello.txt'), 'utf8'), 'hello from apply_patch\n');
    assert.match(run.stdout, /A hello\.txt/);
  });

  claimTest('tools', 'tools, default slug: tools come in additional_tools; the freeform exec runs JavaScript calling exec_command', async () => {
    const script = 'const r = await tools.exec_command({ cmd: "echo hello-from-exec" }); text(r.output);';
    const run = await succeeds(newHome({ model: 'gpt-6.1-sol' }), [...EXEC, `run it ${tool('exec', { input: script })}`]);
    const { first, call, output } = toolTurn(run, 'gpt-6.1-sol', 'custom_tool_call');
    assert.equal(first.request.tools, undefined, 'this shape sends no top-level tools');
    assert.equal(first.request.input[0].type, 'additional_tools');
    assert.deepEqual(first.request.reasoning, { effort: 'low', context: 'all_turns' });
    assert.equal(call.name, 'exec');
    assert.equal(call.namespace, 'functions');
    assert.equal(call.input, script);
    assert.ok(Array.isArray(output.output), 'exec answers with input_text parts');
    assert.match(outputText(output.output), /Script completed/);
    assert.match(outputText(output.output), /hello-from-exec/);
  });

  claimTest('multi_turn', 'multi_turn: codex exec resume --last continues a tool thread, whole history resent', async () => {
    const home = newHome();
    const first = await succeeds(home, [...EXEC, `list it [[think Listing.]] ${tool('exec_command', { cmd: 'echo turn-one' })}`]);
    assert.match(first.stdout, /turn-one/);
    const second = await succeeds(home, [...EXEC, 'resume', '--last', 'And once more? [[reply Second turn answer.]]']);
    assert.equal(second.stdout.trim(), 'Second turn answer.', second.transcript());
    assert.equal(second.exchanges.length, 1);
    const [exchange] = second.exchanges;
    assertCodexRequest(exchange, 'test-model');
    assertStreamed(exchange);
    const input = exchange.request.input;
    assert.equal(exchange.request.prompt_cache_key, first.exchanges[0].request.prompt_cache_key);
    for (const type of ['reasoning', 'function_call', 'function_call_output']) assert.ok(input.some((i) => i.type === type), `the first turn's ${type} is resent`);
    assert.ok(input.some((i) => i.role === 'assistant' && messageText(i).includes('turn-one')), 'the first answer is resent');
    assert.equal(messageText(input.at(-1)), 'And once more? [[reply Second turn answer.]]');
  });

  // Codex compacts once a response's usage passes model_auto_compact_token_limit; [[usage]] reports 50k tokens.
  const compactingPrompt = `run it ${tool('exec_command', { cmd: 'echo compact-me' })} [[usage 50000 10]]`;
  const compactAt = ['model_auto_compact_token_limit = 20000'];

  claimTest('multi_turn', 'multi_turn: a compaction round (the summary asked for in a plain request) continues the turn', async () => {
    const run = await succeeds(newHome({ extra: compactAt }), [...EXEC, compactingPrompt]);
    assert.match(run.stderr, /context compacted/, run.transcript());
    assert.equal(run.exchanges.length, 3, 'the call, the compaction, the answer');
    const [, compaction, answer] = run.exchanges;
    assert.deepEqual(compaction.request.tools, []);
    assert.match(messageText(compaction.request.input.at(-1)), /CONTEXT CHECKPOINT COMPACTION/);
    const [summary] = assertStreamed(compaction);
    assert.equal(summary.type, 'message');
    assert.ok(sseEvents(compaction.body).at(-1).response.usage.total_tokens < 20000, 'true usage, under the limit');
    assert.ok(answer.request.input.some((i) => i.role === 'user' && messageText(i).includes(itemText(summary))), 'the summary replaces the history');
    assertStreamed(answer);
  });

  claimTest('multi_turn', 'multi_turn: remote compaction v2 — compaction_trigger gets one sealed compaction item', async () => {
    const home = newHome({ extra: compactAt, providerExtra: ['[model_providers.gateway.capabilities]', 'remote_compaction = "v2"'] });
    const run = await succeeds(home, [...EXEC, compactingPrompt]);
    assert.match(run.stderr, /context compacted/, run.transcript());
    assert.equal(run.exchanges.length, 3, 'the call, the compaction, the answer');
    const [, compaction, answer] = run.exchanges;
    assert.deepEqual(compaction.request.input.at(-1), { type: 'compaction_trigger' });
    const items = assertStreamed(compaction);
    assert.deepEqual(items.map((i) => i.type), ['compaction']);
    const resent = answer.request.input.find((i) => i.type === 'compaction');
    assert.equal(resent.encrypted_content, items[0].encrypted_content, 'Codex carries the sealed summary on');
    assertStreamed(answer);
    // The mock echoes what it is sent: the summary the gateway opened stands before the next request.
    assert.match(run.stdout, /^Echo: Summary of the earlier part of this conversation/m);
  });
});

describe('Codex and backend faults', { timeout: TIMEOUT }, () => {
  test('a backend 500 once: response.failed server_error, Codex retries the same request and succeeds', async () => {
    const run = await succeeds(newHome(), [...EXEC, 'retry me [[status 500 1]] [[reply Recovered.]]']);
    assert.equal(run.stdout.trim(), 'Recovered.', run.transcript());
    assert.equal(run.exchanges.length, 2);
    const [failed, retried] = run.exchanges;
    // The same request (Codex's client_metadata is a map whose key order varies from one send to the next).
    assert.deepEqual(retried.request, failed.request);
    const terminal = sseEvents(failed.body).at(-1);
    assert.equal(terminal.type, 'response.failed');
    assert.equal(terminal.response.error.code, 'server_error');
    assertStreamed(retried);
    assert.ok(recorder.validate() > 0);
  });

  test("a context-window overflow: Codex prints its context message and stops, without retrying", async () => {
    const run = await codex(newHome(), [...EXEC, 'too long [[context_length]]']);
    assert.equal(run.code, 1, run.transcript());
    assert.equal(run.exchanges.length, 1, 'not retried');
    assert.equal(sseEvents(run.exchanges[0].body).at(-1).response.error.code, 'context_length_exceeded');
    assert.match(run.stderr, /Codex ran out of room in the model's context window/);
  });

  test('the gateway with its defaults refuses web_search with a 400 naming the switch; Codex prints it', async () => {
    const run = await codex(newHome({ via: strictRecorder }), [...EXEC, 'hello'], { via: strictRecorder });
    assert.equal(run.code, 1, run.transcript());
    assert.equal(run.exchanges.length, 1, 'a 400 is not retried');
    const [exchange] = run.exchanges;
    assert.equal(exchange.status, 400);
    const { error } = JSON.parse(exchange.body);
    assert.equal(error.code, 'unsupported_value');
    const index = Number(error.param.match(/^tools\[(\d+)\]\.type$/)?.[1]);
    assert.equal(exchange.request.tools[index].type, 'web_search');
    assert.match(error.message, /--web-search=omit/);
    assert.ok(run.stderr.includes(`ERROR: ${exchange.body}`), run.transcript());
  });
});
