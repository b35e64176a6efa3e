// Bad requests: 4xx in OpenAI's error shape with `param` naming the field and a string `code`; body size
// limit; unknown ids, routes and methods. Nothing partial is stored.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { startStack } from '../harness/stack.mjs';
import { assertError, createResponse, postJson, request } from './helpers.mjs';

let stack;
before(async () => {
  stack = await startStack({ gatewayArgs: ['--max-body-bytes', '64KiB'] });
});
after(async () => {
  await stack?.stop();
});

const base = { model: 'm', input: 'hi' };

describe('400 naming the field', { timeout: 60_000 }, () => {
  const cases = [
    ['unknown top-level parameter', { ...base, frobnicate: true }, 'frobnicate'],
    ['temperature of the wrong type', { ...base, temperature: 'hot' }, 'temperature'],
    ['max_output_tokens of the wrong type', { ...base, max_output_tokens: 'many' }, 'max_output_tokens'],
    ['stream of the wrong type', { ...base, stream: 'yes' }, 'stream'],
    ['input of the wrong type', { model: 'm', input: 42 }, 'input'],
    ['model of the wrong type', { model: 7, input: 'hi' }, 'model'],
    ['metadata of the wrong type', { ...base, metadata: ['a'] }, 'metadata'],
    ['temperature above 2', { ...base, temperature: 2.5 }, 'temperature'],
    ['temperature below 0', { ...base, temperature: -0.1 }, 'temperature'],
    ['top_p above 1', { ...base, top_p: 1.5 }, 'top_p'],
    ['metadata with 17 keys', { ...base, metadata: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 'v'])) }, 'metadata'],
    ['tool of type web_search', { ...base, tools: [{ type: 'web_search' }] }, 'tools[0].type'],
    ['tool of type file_search', { ...base, tools: [{ type: 'function', name: 'ok' }, { type: 'file_search', vector_store_ids: ['vs_1'] }] }, 'tools[1].type'],
    ['include file_search_call.results', { ...base, include: ['file_search_call.results'] }, 'include[0]'],
    ['background: true', { ...base, background: true }, 'background'],
    ['missing model', { input: 'hi' }, 'model'],
    ['tool_choice naming a tool that is not in tools', { ...base, tools: [{ type: 'function', name: 'f' }], tool_choice: { type: 'function', name: 'nope' } }, 'tool_choice.name'],
    ['bad input item type', { model: 'm', input: [{ type: 'bogus_item' }] }, 'input[0].type'],
    ['bad role', { model: 'm', input: [{ role: 'user', content: 'a' }, { role: 'wizard', content: 'b' }] }, 'input[1].role'],
    ['function tool without a name', { ...base, tools: [{ type: 'function' }] }, 'tools[0].name'],
    ['metadata value that is not a string', { ...base, metadata: { a: 5 } }, 'metadata.a'],
    ['metadata value over 512 characters', { ...base, metadata: { a: 'v'.repeat(513) } }, 'metadata.a'],
    ['conversation of the wrong type', { ...base, conversation: 42 }, 'conversation'],
    ['conversation together with previous_response_id', { ...base, conversation: 'conv_1', previous_response_id: 'resp_1' }, 'conversation'],
    ['prompt that is not an object', { ...base, prompt: 'pmpt_123' }, 'prompt'],
    ['include value that does not exist', { ...base, include: ['everything'] }, 'include[0]'],
    ['top_logprobs above 20', { ...base, top_logprobs: 21 }, 'top_logprobs'],
    ['max_output_tokens of 0', { ...base, max_output_tokens: 0 }, 'max_output_tokens'],
    ['empty input', { model: 'm', input: [] }, 'input'],
    ['duplicate tool names', { ...base, tools: [{ type: 'function', name: 'f' }, { type: 'function', name: 'f' }] }, 'tools[1].name'],
    ['function_call_output without call_id', { model: 'm', input: [{ type: 'function_call_output', output: 'x' }] }, 'input[0].call_id'],
    ['input_image without image_url', { model: 'm', input: [{ role: 'user', content: [{ type: 'input_image' }] }] }, 'input[0].content[0].image_url'],
    ['input_file part (not supported yet)', { model: 'm', input: [{ role: 'user', content: [{ type: 'input_file', file_id: 'file-1' }] }] }, 'input[0].content[0].type'],
    ['unknown service_tier', { ...base, service_tier: 'ultra' }, 'service_tier'],
    ['unknown reasoning.effort', { ...base, reasoning: { effort: 'extreme' } }, 'reasoning.effort'],
    ['json_schema format without a name', { ...base, text: { format: { type: 'json_schema', schema: { type: 'object' } } } }, 'text.format.name'],
    ['unknown text.format type', { ...base, text: { format: { type: 'xml' } } }, 'text.format.type'],
    ['unknown truncation', { ...base, truncation: 'sometimes' }, 'truncation'],
    ['tool_choice required without tools', { ...base, tool_choice: 'required' }, 'tool_choice'],
  ];
  for (const [name, body, param] of cases) {
    test(name, async () => {
      const res = await createResponse(stack.url, body);
      const error = assertError(res, 400, { param });
      assert.equal(error.type, 'invalid_request_error');
    });
  }

  test('metadata with exactly 16 keys is fine', async () => {
    const metadata = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`k${i}`, 'v']));
    const res = await createResponse(stack.url, { ...base, metadata });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.metadata, metadata);
  });

  test('what real clients send is accepted (include: [], text: {}, stream: false, strict: null, $schema)', async () => {
    const res = await createResponse(stack.url, {
      model: 'm',
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'hi' }] }],
      include: [],
      text: {},
      stream: false,
      tools: [
        {
          type: 'function',
          name: 'f',
          strict: null,
          parameters: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: {}, additionalProperties: false },
        },
      ],
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  });

  test('invalid JSON body → 400 with a string code', async () => {
    const res = await postJson(stack.url, '/v1/responses', '{"model": "m", "input": ');
    assertError(res, 400);
  });

  test('a JSON body that is not an object → 400', async () => {
    const res = await postJson(stack.url, '/v1/responses', '["model"]');
    assertError(res, 400);
  });

  test('a streamed request with a bad field gets a JSON 400, not an event stream', async () => {
    const res = await createResponse(stack.url, { ...base, stream: true, temperature: 7 });
    assert.match(res.headers.get('content-type'), /^application\/json/);
    assertError(res, 400, { param: 'temperature' });
    const missing = await createResponse(stack.url, { ...base, stream: true, previous_response_id: 'resp_0000' });
    assert.match(missing.headers.get('content-type'), /^application\/json/);
    assertError(missing, 404, { param: 'previous_response_id' });
  });

  test('an invalid request is not stored', async () => {
    const before = await request(stack.url, '/v1/responses?limit=100');
    await createResponse(stack.url, { ...base, temperature: 9, metadata: { tag: 'invalid' } });
    const after = await request(stack.url, '/v1/responses?limit=100');
    assert.equal(after.body.data.length, before.body.data.length);
    assert.ok(!after.body.data.some((r) => r.metadata?.tag === 'invalid'));
  });
});

describe('size, ids, routes, methods', { timeout: 60_000 }, () => {
  test('a body over --max-body-bytes → 413', async () => {
    const res = await createResponse(stack.url, { model: 'm', input: 'x'.repeat(100 * 1024) });
    assertError(res, 413);
  });

  test('the gateway keeps serving after a 413', async () => {
    const res = await createResponse(stack.url, base);
    assert.equal(res.status, 200);
  });

  test('unknown previous_response_id → 404 naming previous_response_id', async () => {
    const res = await createResponse(stack.url, { ...base, previous_response_id: 'resp_0123456789abcdef' });
    assertError(res, 404, { param: 'previous_response_id' });
  });

  test('unknown response id on GET, DELETE and input_items → 404', async () => {
    for (const [method, p] of [
      ['GET', '/v1/responses/resp_doesnotexist'],
      ['DELETE', '/v1/responses/resp_doesnotexist'],
      ['GET', '/v1/responses/resp_doesnotexist/input_items'],
    ])
      assertError(await request(stack.url, p, method), 404);
  });

  test('unknown route → 404 in OpenAI error shape', async () => {
    assertError(await request(stack.url, '/v1/no-such-thing'), 404);
  });

  test('wrong method → 405', async () => {
    const res = await request(stack.url, '/v1/responses/resp_abc', 'PUT');
    assertError(res, 405);
    const patch = await request(stack.url, '/v1/responses', 'PATCH');
    assertError(patch, 405);
  });
});
