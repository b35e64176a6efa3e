// Prompts: the /v1/prompts API (versioned templates: create, retrieve, list, update, delete, versions, default
// version) and `prompt` on POST /v1/responses (what reaches the backend, what the Response shows, errors),
// pagination both ways, validation naming the field, data surviving a restart.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { streamResponse } from '../harness/sse.mjs';
import { startStack } from '../harness/stack.mjs';
import { assertError, createResponse, echoRequest, outputText, postJson, request } from './helpers.mjs';

let stack;
before(async () => {
  stack = await startStack();
});
after(async () => {
  await stack?.stop();
});

// Any method with a JSON body (or a raw string); answers {status, body}.
async function send(base, method, path, body) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : text };
}

async function createPrompt(body, base = stack.url) {
  const res = await postJson(base, '/v1/prompts', body);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}

async function updatePrompt(id, body, method = 'POST', base = stack.url) {
  const res = await send(base, method, `/v1/prompts/${id}`, body);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}

const PNG = 'data:image/png;base64,iVBORw0KGgo=';
const PDF = 'data:application/pdf;base64,JVBERi0xLjQK';

describe('prompts API', { timeout: 60_000 }, () => {
  test('create answers the Prompt object at version 1, normalized', async () => {
    const p = await createPrompt({
      name: 'support',
      instructions: 'You help {{ customer }} in {{lang}}.',
      messages: [{ role: 'user', content: 'Order {{order}}', id: 'msg_x' }],
      variables: ['customer', { name: 'lang', default: 'English' }, { name: 'order', default: '#1' }],
      metadata: { team: 'care' },
    });
    assert.match(p.id, /^pmpt_[0-9a-f]{48}$/);
    assert.equal(p.object, 'prompt');
    assert.equal(p.prompt_id, p.id);
    assert.equal(p.version, 1);
    assert.equal(p.is_default, true);
    assert.equal(typeof p.created_at, 'number');
    assert.equal(p.name, 'support');
    assert.equal(p.instructions, 'You help {{ customer }} in {{lang}}.');
    assert.deepEqual(p.messages, [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Order {{order}}' }] }]);
    assert.deepEqual(p.variables, [
      { name: 'customer', default: null },
      { name: 'lang', default: 'English' },
      { name: 'order', default: '#1' },
    ]);
    assert.deepEqual(p.metadata, { team: 'care' });

    const got = await request(stack.url, `/v1/prompts/${p.id}`);
    assert.equal(got.status, 200);
    assert.deepEqual(got.body, p);
  });

  test('a minimal prompt: no name, no metadata', async () => {
    const p = await createPrompt({ messages: [{ role: 'developer', content: 'Be terse.' }] });
    assert.equal(p.name, null);
    assert.equal(p.instructions, null);
    assert.deepEqual(p.variables, []);
    assert.deepEqual(p.metadata, {});
  });

  test('updates add immutable versions; earlier ones stay readable', async () => {
    const p = await createPrompt({ name: 'kept', instructions: 'v1 {{x}}', variables: ['x'], metadata: { k: 'v' } });
    const v2 = await updatePrompt(p.id, { instructions: 'v2', version: 1 });
    assert.equal(v2.id, p.id);
    assert.equal(v2.version, 2);
    assert.equal(v2.is_default, true);
    assert.equal(v2.instructions, 'v2');
    assert.deepEqual(v2.variables, []);
    assert.equal(v2.name, 'kept', 'a label left out is kept');
    assert.deepEqual(v2.metadata, { k: 'v' });
    const v3 = await updatePrompt(p.id, { instructions: 'v3', name: 'renamed', version: '2' }, 'PUT');
    assert.equal(v3.version, 3);
    assert.equal(v3.name, 'renamed');

    assert.equal((await request(stack.url, `/v1/prompts/${p.id}`)).body.version, 3);
    const first = await request(stack.url, `/v1/prompts/${p.id}?version=1`);
    assert.equal(first.status, 200);
    assert.deepEqual(first.body, { ...p, is_default: false });
    assert.equal((await request(stack.url, `/v1/prompts/${p.id}?version=2`)).body.instructions, 'v2');
  });

  test('an update naming an older version is a 409 and writes nothing', async () => {
    const p = await createPrompt({ instructions: 'v1' });
    await updatePrompt(p.id, { instructions: 'v2', version: 1 });
    const stale = await send(stack.url, 'POST', `/v1/prompts/${p.id}`, { instructions: 'lost', version: 1 });
    assertError(stale, 409, { param: 'version', code: 'conflict' });
    assert.match(stale.body.error.message, /latest/);
    const versions = await request(stack.url, `/v1/prompts/${p.id}/versions`);
    assert.deepEqual(versions.body.data.map((v) => v.version), [2, 1]);
  });

  test('set_as_default: false, then set-default-version chooses it (POST and PUT)', async () => {
    const p = await createPrompt({ instructions: 'v1' });
    const v2 = await updatePrompt(p.id, { instructions: 'v2', version: 1, set_as_default: false });
    assert.equal(v2.is_default, false);
    assert.equal((await request(stack.url, `/v1/prompts/${p.id}`)).body.version, 1);

    const chosen = await postJson(stack.url, `/v1/prompts/${p.id}/set-default-version`, { version: 2 });
    assert.equal(chosen.status, 200);
    assert.equal(chosen.body.version, 2);
    assert.equal(chosen.body.is_default, true);
    assert.equal((await request(stack.url, `/v1/prompts/${p.id}`)).body.version, 2);
    const back = await send(stack.url, 'PUT', `/v1/prompts/${p.id}/set-default-version`, { version: '1' });
    assert.equal(back.status, 200);
    assert.equal((await request(stack.url, `/v1/prompts/${p.id}`)).body.version, 1);
    // The latest version is still 2: an update names it.
    assert.equal((await updatePrompt(p.id, { instructions: 'v3', version: 2 })).version, 3);
  });

  test('versions list: newest first, pages both ways by version number', async () => {
    const p = await createPrompt({ instructions: 'v1' });
    for (let v = 1; v < 5; v++) await updatePrompt(p.id, { instructions: `v${v + 1}`, version: v });

    const all = await request(stack.url, `/v1/prompts/${p.id}/versions`);
    assert.equal(all.status, 200);
    assert.equal(all.body.object, 'list');
    assert.deepEqual(all.body.data.map((v) => v.version), [5, 4, 3, 2, 1]);
    assert.deepEqual(all.body.data.map((v) => v.is_default), [true, false, false, false, false]);
    assert.ok(all.body.data.every((v) => v.id === p.id && v.object === 'prompt'));
    assert.equal(all.body.first_id, '5');
    assert.equal(all.body.last_id, '1');
    assert.equal(all.body.has_more, false);

    const page1 = await request(stack.url, `/v1/prompts/${p.id}/versions?limit=2`);
    assert.deepEqual(page1.body.data.map((v) => v.version), [5, 4]);
    assert.equal(page1.body.has_more, true);
    const page2 = await request(stack.url, `/v1/prompts/${p.id}/versions?limit=2&after=${page1.body.last_id}`);
    assert.deepEqual(page2.body.data.map((v) => v.version), [3, 2]);
    const back = await request(stack.url, `/v1/prompts/${p.id}/versions?limit=2&before=${page2.body.first_id}`);
    assert.deepEqual(back.body.data.map((v) => v.version), [5, 4]);

    const asc = await request(stack.url, `/v1/prompts/${p.id}/versions?order=asc&limit=3&after=1`);
    assert.deepEqual(asc.body.data.map((v) => v.version), [2, 3, 4]);
    assert.equal(asc.body.has_more, true);
    const ascBack = await request(stack.url, `/v1/prompts/${p.id}/versions?order=asc&before=3`);
    assert.deepEqual(ascBack.body.data.map((v) => v.version), [1, 2]);
  });

  test('delete removes every version: then 404 everywhere', async () => {
    const p = await createPrompt({ instructions: 'v1' });
    await updatePrompt(p.id, { instructions: 'v2', version: 1 });
    const del = await request(stack.url, `/v1/prompts/${p.id}`, 'DELETE');
    assert.equal(del.status, 200);
    assert.deepEqual(del.body, { id: p.id, object: 'prompt.deleted', deleted: true });
    assertError(await request(stack.url, `/v1/prompts/${p.id}`), 404, { param: 'prompt_id', code: 'not_found' });
    assertError(await request(stack.url, `/v1/prompts/${p.id}?version=1`), 404, { param: 'prompt_id' });
    assertError(await request(stack.url, `/v1/prompts/${p.id}/versions`), 404, { param: 'prompt_id' });
    assertError(await send(stack.url, 'POST', `/v1/prompts/${p.id}`, { instructions: 'x', version: 2 }), 404, {
      param: 'prompt_id',
    });
    assertError(await postJson(stack.url, `/v1/prompts/${p.id}/set-default-version`, { version: 1 }), 404, {
      param: 'prompt_id',
    });
    assertError(await request(stack.url, `/v1/prompts/${p.id}`, 'DELETE'), 404, { param: 'prompt_id' });
  });

  test('unknown ids and versions: 404 naming the right parameter', async () => {
    assertError(await request(stack.url, '/v1/prompts/pmpt_nope'), 404, { param: 'prompt_id' });
    const p = await createPrompt({ instructions: 'v1' });
    assertError(await request(stack.url, `/v1/prompts/${p.id}?version=9`), 404, { param: 'version' });
    assertError(await postJson(stack.url, `/v1/prompts/${p.id}/set-default-version`, { version: 9 }), 404, {
      param: 'version',
    });
  });

  test('/prompts without /v1 answers too', async () => {
    const p = await createPrompt({ instructions: 'alias' });
    assert.equal((await request(stack.url, `/prompts/${p.id}`)).body.id, p.id);
  });
});

describe('prompts API: 400 naming the field, nothing stored', { timeout: 60_000 }, () => {
  const cases = [
    ['neither instructions nor messages', {}, 'instructions', 'missing_required_parameter'],
    ['unknown field', { instructions: 'x', template: 'y' }, 'template', 'unknown_parameter'],
    ['instructions of the wrong type', { instructions: ['x'] }, 'instructions', 'invalid_type'],
    ['a placeholder of an undeclared variable', { instructions: 'Hi {{name}}' }, 'instructions', 'invalid_value'],
    ['an undeclared variable in a message', { messages: [{ role: 'user', content: 'Hi {{ who }}' }], variables: ['what'] }, 'messages[0].content[0].text', 'invalid_value'],
    ['a message that is no message', { messages: [{ type: 'function_call', call_id: 'c', name: 'f', arguments: '{}' }] }, 'messages[0].type', 'unsupported_value'],
    ['a bad variable name', { instructions: 'x', variables: ['not ok'] }, 'variables[0]', 'invalid_value'],
    ['a duplicate variable', { instructions: 'x', variables: ['a', { name: 'a' }] }, 'variables[1].name', 'invalid_value'],
    ['a default of the wrong type', { instructions: 'x', variables: [{ name: 'a', default: 1 }] }, 'variables[0].default', 'invalid_type'],
    ['a default file by id', { instructions: 'x', variables: [{ name: 'a', default: { type: 'input_file', file_id: 'file-1' } }] }, 'variables[0].default.file_id', 'unsupported_value'],
    ['bad metadata', { instructions: 'x', metadata: { k: 1 } }, 'metadata.k', 'invalid_type'],
    ['version on create', { instructions: 'x', version: 1 }, 'version', 'unknown_parameter'],
  ];
  for (const [name, body, param, code] of cases) {
    test(name, async () => {
      const listed = await request(stack.url, '/v1/prompts?limit=100');
      assertError(await postJson(stack.url, '/v1/prompts', body), 400, { param, code });
      const relisted = await request(stack.url, '/v1/prompts?limit=100');
      assert.equal(relisted.body.data.length, listed.body.data.length, 'nothing was stored');
    });
  }

  test('a body that is not JSON', async () => {
    assertError(await postJson(stack.url, '/v1/prompts', '{"instructions": '), 400, { code: 'invalid_json' });
  });

  test('updates: version required and numeric; nothing written on a bad body', async () => {
    const p = await createPrompt({ instructions: 'v1' });
    assertError(await send(stack.url, 'POST', `/v1/prompts/${p.id}`, { instructions: 'x' }), 400, {
      param: 'version',
      code: 'missing_required_parameter',
    });
    assertError(await send(stack.url, 'PUT', `/v1/prompts/${p.id}`, { instructions: 'x', version: 'latest' }), 400, {
      param: 'version',
    });
    assertError(await send(stack.url, 'POST', `/v1/prompts/${p.id}`, { instructions: 'Hi {{x}}', version: 1 }), 400, {
      param: 'instructions',
    });
    assert.equal((await request(stack.url, `/v1/prompts/${p.id}/versions`)).body.data.length, 1);
  });

  test('query and set-default bodies are checked', async () => {
    const p = await createPrompt({ instructions: 'v1' });
    assertError(await request(stack.url, `/v1/prompts/${p.id}?version=abc`), 400, { param: 'version' });
    assertError(await request(stack.url, `/v1/prompts/${p.id}/versions?after=abc`), 400, { param: 'after' });
    assertError(await request(stack.url, `/v1/prompts/${p.id}/versions?limit=0`), 400, { param: 'limit' });
    assertError(await request(stack.url, '/v1/prompts?order=sideways'), 400, { param: 'order' });
    assertError(await postJson(stack.url, `/v1/prompts/${p.id}/set-default-version`, {}), 400, { param: 'version' });
    assertError(await postJson(stack.url, `/v1/prompts/${p.id}/set-default-version`, { version: 1, x: 1 }), 400, {
      param: 'x',
    });
  });
});

describe('prompts list', { timeout: 60_000 }, () => {
  let own;
  const ids = [];
  before(async () => {
    own = await startStack();
    for (const name of ['a', 'b', 'c']) ids.push((await createPrompt({ name, instructions: name }, own.url)).id);
    await updatePrompt(ids[0], { instructions: 'a2', version: 1 }, 'POST', own.url);
  });
  after(async () => {
    await own?.stop();
  });

  test('newest first, each prompt at its default version', async () => {
    const all = await request(own.url, '/v1/prompts');
    assert.equal(all.status, 200);
    assert.equal(all.body.object, 'list');
    assert.deepEqual(all.body.data.map((p) => p.name), ['c', 'b', 'a']);
    assert.equal(all.body.data[2].version, 2);
    assert.equal(all.body.data[2].instructions, 'a2');
    assert.equal(all.body.first_id, ids[2]);
    assert.equal(all.body.last_id, ids[0]);
    assert.equal(all.body.has_more, false);
  });

  test('pages both ways', async () => {
    const page1 = await request(own.url, '/v1/prompts?limit=2');
    assert.deepEqual(page1.body.data.map((p) => p.name), ['c', 'b']);
    assert.equal(page1.body.has_more, true);
    const page2 = await request(own.url, `/v1/prompts?limit=2&after=${page1.body.last_id}`);
    assert.deepEqual(page2.body.data.map((p) => p.name), ['a']);
    assert.equal(page2.body.has_more, false);
    const back = await request(own.url, `/v1/prompts?limit=1&before=${page2.body.first_id}`);
    assert.deepEqual(back.body.data.map((p) => p.name), ['b']);
    const asc = await request(own.url, `/v1/prompts?order=asc&limit=2&after=${ids[0]}`);
    assert.deepEqual(asc.body.data.map((p) => p.name), ['b', 'c']);
    const ascBack = await request(own.url, `/v1/prompts?order=asc&before=${ids[2]}`);
    assert.deepEqual(ascBack.body.data.map((p) => p.name), ['a', 'b']);
  });
});

describe('responses with prompt', { timeout: 60_000 }, () => {
  let support;
  before(async () => {
    support = await createPrompt({
      instructions: 'You help {{customer}} in {{lang}}.',
      messages: [
        { role: 'developer', content: 'Tier: {{tier}}.' },
        { role: 'user', content: 'Example question from {{customer}}' },
        { role: 'assistant', content: 'Example answer for {{customer}}' },
      ],
      variables: ['customer', { name: 'lang', default: 'English' }, { name: 'tier', default: 'basic' }],
    });
  });

  test('the template leads the context: instructions first, then its messages, then the input', async () => {
    const sent = await echoRequest(stack.url, {
      model: 'm',
      instructions: 'Be brief.',
      prompt: { id: support.id, variables: { customer: 'Ada', tier: { type: 'input_text', text: 'gold' } } },
      input: '[[echo_request]]',
    });
    assert.deepEqual(sent.messages, [
      { role: 'system', content: 'You help Ada in English.\n\nBe brief.' },
      { role: 'system', content: 'Tier: gold.' },
      { role: 'user', content: 'Example question from Ada' },
      { role: 'assistant', content: 'Example answer for Ada' },
      { role: 'user', content: '[[echo_request]]' },
    ]);
  });

  test('the Response shows the prompt (with the version used) and the instructions the model got', async () => {
    const res = await createResponse(stack.url, {
      model: 'm',
      prompt: { id: support.id, variables: { customer: 'Bo' } },
      input: 'Hello',
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.prompt, { id: support.id, version: '1', variables: { customer: 'Bo' } });
    assert.equal(res.body.instructions, 'You help Bo in English.');
    assert.equal(outputText(res.body), 'Echo: Hello');

    const stored = await request(stack.url, `/v1/responses/${res.body.id}`);
    assert.deepEqual(stored.body.prompt, res.body.prompt);
    // The template's messages are context, not input items.
    const items = await request(stack.url, `/v1/responses/${res.body.id}/input_items`);
    assert.deepEqual(items.body.data.map((i) => i.content[0].text), ['Hello']);
  });

  test('streamed: response.created and response.completed carry the prompt', async () => {
    const { events } = await streamResponse(stack.url, {
      model: 'm',
      prompt: { id: support.id, variables: { customer: 'Cy' } },
      input: 'Hi',
    });
    for (const type of ['response.created', 'response.completed']) {
      const e = events.find((x) => x.event === type);
      assert.ok(e, type);
      assert.deepEqual(e.data.response.prompt, { id: support.id, version: '1', variables: { customer: 'Cy' } });
    }
  });

  test('a version can be named; without one the default is used', async () => {
    const p = await createPrompt({ instructions: 'first {{x}}', variables: ['x'] });
    await updatePrompt(p.id, { instructions: 'second {{x}}', variables: ['x'], version: 1 });
    const pinned = await echoRequest(stack.url, { model: 'm', prompt: { id: p.id, version: '1', variables: { x: 'X' } }, input: '[[echo_request]]' });
    assert.equal(pinned.messages[0].content, 'first X');
    const latest = await createResponse(stack.url, { model: 'm', prompt: { id: p.id, variables: { x: 'X' } }, input: 'hi' });
    assert.equal(latest.body.instructions, 'second X');
    assert.equal(latest.body.prompt.version, '2');
    const numeric = await createResponse(stack.url, { model: 'm', prompt: { id: p.id, version: 1, variables: { x: 'Y' } }, input: 'hi' });
    assert.equal(numeric.body.instructions, 'first Y');
    assert.equal(numeric.body.prompt.version, '1');
  });

  test('image and file variables become content parts of the user message, where they are named', async () => {
    const p = await createPrompt({
      messages: [{ role: 'user', content: 'Compare {{photo}} with {{doc}}, {{who}}. [[echo_request]]' }],
      variables: ['photo', 'doc', { name: 'who', default: 'please' }],
    });
    const sent = await echoRequest(stack.url, {
      model: 'm',
      prompt: {
        id: p.id,
        variables: {
          photo: { type: 'input_image', image_url: PNG, detail: 'low' },
          doc: { type: 'input_file', file_data: PDF, filename: 'spec.pdf' },
        },
      },
    });
    assert.deepEqual(sent.messages, [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Compare ' },
          { type: 'image_url', image_url: { url: PNG, detail: 'low' } },
          { type: 'text', text: ' with ' },
          { type: 'file', file: { file_data: PDF, filename: 'spec.pdf' } },
          { type: 'text', text: ', please. [[echo_request]]' },
        ],
      },
    ]);
  });

  test('a prompt alone (no input) is enough when it has messages', async () => {
    const p = await createPrompt({ messages: [{ role: 'user', content: 'Say {{word}}' }], variables: ['word'] });
    const res = await createResponse(stack.url, { model: 'm', prompt: { id: p.id, variables: { word: 'yes' } } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(outputText(res.body), 'Echo: Say yes');
  });

  test('with previous_response_id the template comes first, then the chain', async () => {
    const first = await createResponse(stack.url, { model: 'm', input: 'Turn one [[reply One.]]' });
    const sent = await echoRequest(stack.url, {
      model: 'm',
      previous_response_id: first.body.id,
      prompt: { id: support.id, variables: { customer: 'Di' } },
      input: '[[echo_request]]',
    });
    assert.deepEqual(
      sent.messages.map((m) => m.content),
      ['You help Di in English.', 'Tier: basic.', 'Example question from Di', 'Example answer for Di', 'Turn one [[reply One.]]', 'One.', '[[echo_request]]'],
    );
  });

  const errors = [
    ['unknown prompt', () => ({ id: 'pmpt_missing' }), 404, 'prompt.id', 'not_found'],
    ['unknown version', () => ({ id: support.id, version: '7', variables: { customer: 'x' } }), 404, 'prompt.version', 'not_found'],
    ['missing required variable', () => ({ id: support.id }), 400, 'prompt.variables.customer', 'missing_required_parameter'],
    ['undeclared variable', () => ({ id: support.id, variables: { customer: 'x', mood: 'y' } }), 400, 'prompt.variables.mood', 'unknown_parameter'],
    ['an image where only text can go', () => ({ id: support.id, variables: { customer: { type: 'input_image', image_url: PNG } } }), 400, 'prompt.variables.customer', 'unsupported_value'],
    ['a variable of the wrong type', () => ({ id: support.id, variables: { customer: 42 } }), 400, 'prompt.variables.customer', 'invalid_type'],
    ['a file by URL', () => ({ id: support.id, variables: { customer: { type: 'input_file', file_url: 'https://x/a.pdf' } } }), 400, 'prompt.variables.customer.file_url', 'unsupported_value'],
    ['a bad version', () => ({ id: support.id, version: 'v2' }), 400, 'prompt.version', 'invalid_value'],
    ['no id', () => ({ variables: {} }), 400, 'prompt.id', 'missing_required_parameter'],
  ];
  for (const [name, prompt, status, param, code] of errors) {
    test(`${name} → ${status} naming ${param}, nothing stored`, async () => {
      const listed = await request(stack.url, '/v1/responses?limit=1');
      assertError(await createResponse(stack.url, { model: 'm', prompt: prompt(), input: 'hi' }), status, { param, code });
      const relisted = await request(stack.url, '/v1/responses?limit=1');
      assert.deepEqual(relisted.body.data, listed.body.data);
    });
  }
});

describe('prompts durability', { timeout: 60_000 }, () => {
  test('prompts, their versions and the default survive a gateway restart', async () => {
    const own = await startStack();
    try {
      const p = await createPrompt({ name: 'durable', instructions: 'v1 {{x}}', variables: ['x'] }, own.url);
      await updatePrompt(p.id, { instructions: 'v2 {{x}}', variables: ['x'], version: 1, set_as_default: false }, 'POST', own.url);
      const versions = await request(own.url, `/v1/prompts/${p.id}/versions`);

      await own.restartGateway();

      assert.deepEqual((await request(own.url, `/v1/prompts/${p.id}/versions`)).body, versions.body);
      assert.equal((await request(own.url, `/v1/prompts/${p.id}`)).body.version, 1);
      const res = await createResponse(own.url, { model: 'm', prompt: { id: p.id, version: '2', variables: { x: 'after' } }, input: 'hi' });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.instructions, 'v2 after');
    } finally {
      await own.stop();
    }
  });
});
