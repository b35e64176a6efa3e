// The Conversations API over raw HTTP: conversation objects, their items with pagination, validation errors
// naming the field, and `conversation` on POST /v1/responses: the items reach the backend as context, a
// finished response adds its input and output, a failed one adds nothing, streamed or not, across restarts.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { streamResponse } from '../harness/sse.mjs';
import { startStack } from '../harness/stack.mjs';
import { assertError, assertStreamContract, createResponse, echoRequest, outputText, postJson, request } from './helpers.mjs';

let stack;
before(async () => {
  stack = await startStack();
});
after(async () => {
  await stack?.stop();
});

async function createConversation(body = {}) {
  const res = await postJson(stack.url, '/v1/conversations', body);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}

async function addItems(id, items, query = '') {
  const res = await postJson(stack.url, `/v1/conversations/${id}/items${query}`, { items });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}

// Every item of a conversation, oldest first.
async function itemsOf(id) {
  const res = await request(stack.url, `/v1/conversations/${id}/items?order=asc&limit=100`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.data;
}

async function respond(body) {
  const res = await createResponse(stack.url, { model: 'm', ...body });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}

const textOf = (item) => item.content.map((part) => part.text ?? part.refusal).join('');
const user = (text, extra = {}) => ({ type: 'message', role: 'user', content: text, ...extra });
const assistant = (text) => ({ type: 'message', role: 'assistant', content: text });

describe('conversation objects', { timeout: 60_000 }, () => {
  test('create → {id: conv_…, object, created_at, metadata}; retrieve answers the same', async () => {
    const before = Math.floor(Date.now() / 1000);
    const c = await createConversation({ metadata: { topic: 'demo' }, items: [user('Hello')] });
    assert.deepEqual(Object.keys(c).sort(), ['created_at', 'id', 'metadata', 'object']);
    assert.match(c.id, /^conv_[0-9a-f]{48}$/);
    assert.equal(c.object, 'conversation');
    assert.ok(c.created_at >= before && c.created_at <= Math.floor(Date.now() / 1000) + 1);
    assert.deepEqual(c.metadata, { topic: 'demo' });
    assert.deepEqual((await request(stack.url, `/v1/conversations/${c.id}`)).body, c);
    assert.deepEqual((await request(stack.url, `/conversations/${c.id}`)).body, c, 'the path without /v1 too');
  });

  test('an empty body creates an empty conversation with empty metadata', async () => {
    const c = await createConversation({});
    assert.deepEqual(c.metadata, {});
    assert.deepEqual(await itemsOf(c.id), []);
    const res = await postJson(stack.url, '/conversations', { items: [] });
    assert.equal(res.status, 200);
  });

  test('update replaces the metadata whole; null clears it', async () => {
    const c = await createConversation({ metadata: { a: '1', b: '2' } });
    const updated = await postJson(stack.url, `/v1/conversations/${c.id}`, { metadata: { c: '3' } });
    assert.equal(updated.status, 200);
    assert.deepEqual(updated.body, { ...c, metadata: { c: '3' } });
    assert.deepEqual((await request(stack.url, `/v1/conversations/${c.id}`)).body.metadata, { c: '3' });
    const cleared = await postJson(stack.url, `/v1/conversations/${c.id}`, { metadata: null });
    assert.deepEqual(cleared.body.metadata, {});
    assertError(await postJson(stack.url, '/v1/conversations/conv_missing', { metadata: {} }), 404, { param: 'conversation_id' });
  });

  test('delete → {id, object: conversation.deleted, deleted: true}; then everything about it is 404', async () => {
    const c = await createConversation({ items: [user('gone soon')] });
    const [item] = await itemsOf(c.id);
    const del = await request(stack.url, `/v1/conversations/${c.id}`, 'DELETE');
    assert.equal(del.status, 200);
    assert.deepEqual(del.body, { id: c.id, object: 'conversation.deleted', deleted: true });
    for (const path of [`/v1/conversations/${c.id}`, `/v1/conversations/${c.id}/items`, `/v1/conversations/${c.id}/items/${item.id}`])
      assertError(await request(stack.url, path), 404, { param: 'conversation_id' });
    assertError(await request(stack.url, `/v1/conversations/${c.id}`, 'DELETE'), 404, { param: 'conversation_id' });
    assertError(await postJson(stack.url, `/v1/conversations/${c.id}/items`, { items: [user('x')] }), 404, { param: 'conversation_id' });
    assertError(await createResponse(stack.url, { model: 'm', input: 'hi', conversation: c.id }), 404, { param: 'conversation' });
  });

  test('GET /v1/conversations pages both ways with after and before', async () => {
    // Created one after the other and after every other conversation of this file: the newest three.
    const [c1, c2, c3] = [await createConversation(), await createConversation(), await createConversation()];
    const list = (query) => request(stack.url, `/v1/conversations?${query}`).then((res) => {
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body;
    });
    const ids = (page) => page.data.map((c) => c.id);

    const newest = await list('limit=2');
    assert.equal(newest.object, 'list');
    assert.deepEqual(ids(newest), [c3.id, c2.id]);
    assert.equal(newest.has_more, true);
    assert.equal(newest.first_id, c3.id);
    assert.equal(newest.last_id, c2.id);
    assert.deepEqual(newest.data[0], c3);
    assert.deepEqual(ids(await list(`limit=1&after=${c2.id}`)), [c1.id]);
    assert.deepEqual(ids(await list(`order=asc&limit=2&after=${c1.id}`)), [c2.id, c3.id]);
    const backwards = await list(`order=desc&limit=2&before=${c1.id}`);
    assert.deepEqual(ids(backwards), [c3.id, c2.id]);
    assert.equal(backwards.has_more, false);
    assert.deepEqual(ids(await list(`order=asc&before=${c3.id}&after=${c1.id}`)), [c2.id]);
  });
});

describe('conversation items', { timeout: 60_000 }, () => {
  let c;
  let all;
  before(async () => {
    c = await createConversation({
      items: [
        user('one'),
        { role: 'assistant', content: 'two', id: 'msg_mine_two' },
        { type: 'function_call', call_id: 'call_1', name: 'f', arguments: '{}' },
        { type: 'function_call_output', call_id: 'call_1', output: 'three' },
      ],
    });
    all = await itemsOf(c.id);
  });

  test('items are normalized as the Responses API shows them, ids assigned or kept', async () => {
    assert.deepEqual(all.map((i) => i.type), ['message', 'message', 'function_call', 'function_call_output']);
    assert.match(all[0].id, /^msg_/);
    assert.equal(all[0].status, 'completed');
    assert.deepEqual(all[0].content, [{ type: 'input_text', text: 'one' }]);
    assert.equal(all[1].id, 'msg_mine_two');
    assert.deepEqual(all[1].content, [{ type: 'output_text', text: 'two', annotations: [] }]);
    assert.match(all[2].id, /^fc_/);
    assert.match(all[3].id, /^fco_/);
    assert.equal(all[3].output, 'three');
  });

  test('add items → the list of added items; they go after the others', async () => {
    const added = await addItems(c.id, [user('four'), { role: 'developer', content: 'five', id: 'msg_five' }]);
    assert.equal(added.object, 'list');
    assert.equal(added.data.length, 2);
    assert.equal(added.has_more, false);
    assert.equal(added.first_id, added.data[0].id);
    assert.equal(added.last_id, 'msg_five');
    all = await itemsOf(c.id);
    assert.deepEqual(all.slice(4), added.data);
    assert.deepEqual(all.filter((i) => i.type === 'message').map(textOf), ['one', 'two', 'four', 'five']);
  });

  test('the list defaults to desc (newest first), as OpenAI', async () => {
    const res = await request(stack.url, `/v1/conversations/${c.id}/items`);
    assert.deepEqual(res.body.data.map((i) => i.id), all.map((i) => i.id).reverse());
  });

  test('pages forward and backward with after and before, both orders', async () => {
    const ids = all.map((i) => i.id); // six items
    const page = async (query) => {
      const res = await request(stack.url, `/v1/conversations/${c.id}/items?${query}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body;
    };
    let p = await page('order=asc&limit=2');
    assert.deepEqual(p.data.map((i) => i.id), ids.slice(0, 2));
    assert.equal(p.has_more, true);
    p = await page(`order=asc&limit=2&after=${p.last_id}`);
    assert.deepEqual(p.data.map((i) => i.id), ids.slice(2, 4));
    p = await page(`order=asc&limit=2&after=${p.last_id}`);
    assert.deepEqual(p.data.map((i) => i.id), ids.slice(4, 6));
    assert.equal(p.has_more, false);

    p = await page(`order=desc&limit=2&after=${ids[4]}`);
    assert.deepEqual(p.data.map((i) => i.id), [ids[3], ids[2]]);
    assert.equal(p.has_more, true);
    p = await page(`order=asc&limit=2&before=${ids[4]}`);
    assert.deepEqual(p.data.map((i) => i.id), [ids[2], ids[3]]);
    assert.equal(p.has_more, true);
    p = await page(`order=desc&before=${ids[3]}`);
    assert.deepEqual(p.data.map((i) => i.id), [ids[5], ids[4]]);
    assert.equal(p.has_more, false);
  });

  test('retrieve one item; unknown item or conversation → 404 naming it', async () => {
    const got = await request(stack.url, `/v1/conversations/${c.id}/items/${all[1].id}`);
    assert.equal(got.status, 200);
    assert.deepEqual(got.body, all[1]);
    assertError(await request(stack.url, `/v1/conversations/${c.id}/items/msg_nope`), 404, { param: 'item_id' });
    assertError(await request(stack.url, `/v1/conversations/conv_nope/items/${all[1].id}`), 404, { param: 'conversation_id' });
    assertError(await request(stack.url, `/v1/conversations/${c.id}/items/msg_nope`, 'DELETE'), 404, { param: 'item_id' });
  });

  test('delete an item → the conversation object; the item is gone, the rest keep their order', async () => {
    const d = await createConversation({ metadata: { k: 'v' }, items: [user('a'), user('b'), user('c')] });
    const [a, b, cc] = await itemsOf(d.id);
    const del = await request(stack.url, `/v1/conversations/${d.id}/items/${b.id}`, 'DELETE');
    assert.equal(del.status, 200);
    assert.deepEqual(del.body, d);
    assertError(await request(stack.url, `/v1/conversations/${d.id}/items/${b.id}`), 404, { param: 'item_id' });
    await addItems(d.id, [user('d')]);
    assert.deepEqual((await itemsOf(d.id)).map(textOf), ['a', 'c', 'd']);
    assert.deepEqual((await itemsOf(d.id)).slice(0, 2).map((i) => i.id), [a.id, cc.id]);
  });

  test('include=reasoning.encrypted_content seals reasoning text; the item still feeds a response', async () => {
    const d = await createConversation({
      items: [user('Q'), { type: 'reasoning', summary: [], content: [{ type: 'reasoning_text', text: 'secret plan' }] }],
    });
    const plain = (await itemsOf(d.id))[1];
    assert.equal(plain.encrypted_content, undefined);
    const sealedList = await request(stack.url, `/v1/conversations/${d.id}/items?order=asc&include%5B%5D=reasoning.encrypted_content`);
    const sealed = sealedList.body.data[1];
    assert.equal(typeof sealed.encrypted_content, 'string');
    const one = await request(stack.url, `/v1/conversations/${d.id}/items/${plain.id}?include=reasoning.encrypted_content`);
    assert.equal(typeof one.body.encrypted_content, 'string');

    // A stateless client adds it back with only the sealed text: accepted, opened for the model.
    const e = await createConversation({ items: [user('Q'), { type: 'reasoning', summary: [], encrypted_content: sealed.encrypted_content }] });
    await addItems(e.id, [assistant('A')]);
    const sent = await echoRequest(stack.url, { model: 'm', conversation: e.id, input: '[[echo_request]]' });
    assert.equal(sent.messages[1].role, 'assistant');
    assert.equal(sent.messages[1].reasoning_content, 'secret plan');

    const forged = await postJson(stack.url, `/v1/conversations/${e.id}/items`, {
      items: [{ type: 'reasoning', summary: [], encrypted_content: 'bm90IHNlYWxlZA==' }],
    });
    assertError(forged, 400, { param: 'items[0].encrypted_content' });
    assertError(await request(stack.url, `/v1/conversations/${e.id}/items?include=file_search_call.results`), 400, { param: 'include' });
  });
});

describe('validation names the field and stores nothing', { timeout: 60_000 }, () => {
  const many = (n) => Array.from({ length: n }, (_, i) => user(`item ${i}`));
  let c;
  before(async () => {
    c = await createConversation({ items: [user('kept', { id: 'msg_kept' })] });
  });

  test('at most 20 items per create and per add', async () => {
    assertError(await postJson(stack.url, '/v1/conversations', { items: many(21) }), 400, { param: 'items', code: 'array_above_max_length' });
    assertError(await postJson(stack.url, `/v1/conversations/${c.id}/items`, { items: many(21) }), 400, { param: 'items', code: 'array_above_max_length' });
    assert.equal((await createConversation({ items: many(20) })).object, 'conversation');
    assert.equal((await addItems(c.id, many(20))).data.length, 20);
  });

  const bad = [
    ['an item that is not an object', { items: ['hi'] }, 'items[0]'],
    ['an item of an unknown type', { items: [user('ok'), { type: 'bogus' }] }, 'items[1].type'],
    ['a message with a bad role', { items: [{ role: 'wizard', content: 'x' }] }, 'items[0].role'],
    ['a content part without text', { items: [{ role: 'user', content: [{ type: 'input_text' }] }] }, 'items[0].content[0].text'],
    ['an item reference', { items: [{ type: 'item_reference', id: 'msg_kept' }] }, 'items[0].type'],
    ['two items with one id', { items: [user('a', { id: 'msg_x' }), user('b', { id: 'msg_x' })] }, 'items[1].id'],
    ['items that are not an array', { items: { role: 'user', content: 'x' } }, 'items'],
    ['an unknown field', { items: [], title: 'x' }, 'title'],
  ];
  for (const [name, body, param] of bad) {
    test(`create with ${name} → 400 ${param}`, async () => {
      const before = (await request(stack.url, '/v1/conversations?limit=1')).body.first_id;
      assertError(await postJson(stack.url, '/v1/conversations', body), 400, { param });
      assert.equal((await request(stack.url, '/v1/conversations?limit=1')).body.first_id, before, 'nothing was created');
    });
  }

  test('add items: a bad one refuses the whole batch; so does an id the conversation holds', async () => {
    const count = (await itemsOf(c.id)).length;
    assertError(await postJson(stack.url, `/v1/conversations/${c.id}/items`, { items: [user('fine'), { type: 'bogus' }] }), 400, { param: 'items[1].type' });
    assertError(await postJson(stack.url, `/v1/conversations/${c.id}/items`, { items: [user('fine'), user('again', { id: 'msg_kept' })] }), 400, { param: 'items[1].id' });
    assertError(await postJson(stack.url, `/v1/conversations/${c.id}/items`, {}), 400, { param: 'items' });
    assertError(await postJson(stack.url, `/v1/conversations/${c.id}/items`, '{"items": ['), 400, { code: 'invalid_json' });
    assert.equal((await itemsOf(c.id)).length, count);
  });

  test('metadata: 16 keys at most, string values, 512 characters', async () => {
    const keys = (n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v']));
    assertError(await postJson(stack.url, '/v1/conversations', { metadata: keys(17) }), 400, { param: 'metadata' });
    assertError(await postJson(stack.url, '/v1/conversations', { metadata: { k: 1 } }), 400, { param: 'metadata.k' });
    assertError(await postJson(stack.url, '/v1/conversations', { metadata: 'x' }), 400, { param: 'metadata' });
    assertError(await postJson(stack.url, `/v1/conversations/${c.id}`, { metadata: { k: 'v'.repeat(513) } }), 400, { param: 'metadata.k' });
    assertError(await postJson(stack.url, `/v1/conversations/${c.id}`, {}), 400, { param: 'metadata' });
    assert.deepEqual((await request(stack.url, `/v1/conversations/${c.id}`)).body.metadata, {});
  });

  test('bad limit, order or cursor → 400 naming it', async () => {
    const items = `/v1/conversations/${c.id}/items`;
    assertError(await request(stack.url, `${items}?limit=0`), 400, { param: 'limit' });
    assertError(await request(stack.url, `${items}?limit=101`), 400, { param: 'limit' });
    assertError(await request(stack.url, `${items}?order=up`), 400, { param: 'order' });
    assertError(await request(stack.url, `${items}?after=msg_unknown`), 400, { param: 'after' });
    assertError(await request(stack.url, `${items}?before=msg_unknown`), 400, { param: 'before' });
    assertError(await request(stack.url, '/v1/conversations?limit=abc'), 400, { param: 'limit' });
    assertError(await request(stack.url, '/v1/conversations?after=conv_unknown'), 400, { param: 'after' });
  });
});

describe('responses in a conversation', { timeout: 60_000 }, () => {
  test('the conversation is the context; the turn is appended with the ids the response shows', async () => {
    const c = await createConversation({ items: [user('My name is Ada'), assistant('Hello Ada.')] });
    const r = await respond({ conversation: c.id, instructions: 'Be brief.', input: 'Who am I? [[echo_request]]' });
    assert.deepEqual(r.conversation, { id: c.id });
    const sent = JSON.parse(outputText(r));
    assert.deepEqual(sent.messages.map((m) => [m.role, m.content]), [
      ['system', 'Be brief.'],
      ['user', 'My name is Ada'],
      ['assistant', 'Hello Ada.'],
      ['user', 'Who am I? [[echo_request]]'],
    ]);

    const items = await itemsOf(c.id);
    assert.equal(items.length, 4, 'instructions are not an item');
    const input = (await request(stack.url, `/v1/responses/${r.id}/input_items`)).body.data;
    assert.equal(items[2].id, input[0].id);
    assert.deepEqual(items[3], r.output[0]);
    assert.deepEqual((await request(stack.url, `/v1/responses/${r.id}`)).body.conversation, { id: c.id });

    // The object form; the second turn sees the first one's answer.
    const again = await respond({ conversation: { id: c.id }, input: 'And now? [[echo_request]]' });
    const second = JSON.parse(outputText(again));
    assert.deepEqual(second.messages.map((m) => m.role), ['user', 'assistant', 'user', 'assistant', 'user']);
    assert.equal(second.messages[3].content, outputText(r));
    assert.equal((await itemsOf(c.id)).length, 6);
  });

  test('a response without conversation shows conversation: null', async () => {
    const r = await respond({ input: 'hi' });
    assert.equal(r.conversation, null);
  });

  test('a tool round trip: the call is kept, the next turn sends only its output', async () => {
    const c = await createConversation();
    const tools = [{ type: 'function', name: 'get_weather', parameters: { type: 'object', properties: {} } }];
    const first = await respond({ conversation: c.id, tools, input: 'Weather? [[tool get_weather {"city":"Paris"}]]' });
    const call = first.output.find((i) => i.type === 'function_call');
    const second = await respond({
      conversation: c.id,
      tools,
      input: [{ type: 'function_call_output', call_id: call.call_id, output: 'sunny' }],
    });
    assert.equal(outputText(second), 'Tool result: sunny');
    assert.deepEqual((await itemsOf(c.id)).map((i) => i.type), ['message', 'function_call', 'function_call_output', 'message']);
  });

  test('store: false → the response is not stored, but the turn joins the conversation', async () => {
    const c = await createConversation();
    const r = await respond({ conversation: c.id, store: false, input: 'Ephemeral [[reply Noted.]]' });
    assertError(await request(stack.url, `/v1/responses/${r.id}`), 404);
    const items = await itemsOf(c.id);
    assert.deepEqual(items.map(textOf), ['Ephemeral [[reply Noted.]]', 'Noted.']);
    assert.deepEqual(items[1], r.output[0]);
  });

  test('an incomplete response is appended; a failed one adds nothing, streamed or not', async () => {
    const c = await createConversation({ items: [user('start')] });
    const incomplete = await respond({ conversation: c.id, input: '[[tokens 5]] [[finish length]]' });
    assert.equal(incomplete.status, 'incomplete');
    assert.equal((await itemsOf(c.id)).length, 3);

    assertError(await createResponse(stack.url, { model: 'm', conversation: c.id, input: 'fail [[status 500]]' }), 502);
    const { status, events } = await streamResponse(stack.url, { model: 'm', conversation: c.id, input: '[[tokens 10]] [[cut_after 3]]' });
    assert.equal(status, 200);
    const terminal = assertStreamContract(events);
    assert.equal(terminal.event, 'response.failed');
    assert.deepEqual(terminal.data.response.conversation, { id: c.id });
    assert.equal((await request(stack.url, `/v1/responses/${terminal.data.response.id}`)).body.status, 'failed');
    assert.equal((await itemsOf(c.id)).length, 3, 'failed responses appended nothing');
  });

  test('streamed: every event names the conversation; the turn is there once the stream ends', async () => {
    const c = await createConversation({ items: [user('Remember: blue')] });
    const { events } = await streamResponse(stack.url, { model: 'm', conversation: c.id, input: 'Colour? [[reply Blue.]]' });
    const terminal = assertStreamContract(events);
    assert.equal(terminal.event, 'response.completed');
    for (const e of events.filter((x) => x.data?.response)) assert.deepEqual(e.data.response.conversation, { id: c.id });
    const items = await itemsOf(c.id);
    assert.deepEqual(items.map(textOf), ['Remember: blue', 'Colour? [[reply Blue.]]', 'Blue.']);
    assert.deepEqual(items[2], terminal.data.response.output[0]);
  });

  test('unknown conversation → 404; with previous_response_id → 400; a held item id → 400; nothing added', async () => {
    assertError(await createResponse(stack.url, { model: 'm', input: 'hi', conversation: 'conv_unknown' }), 404, { param: 'conversation', code: 'not_found' });
    assertError(await createResponse(stack.url, { model: 'm', input: 'hi', conversation: { id: 'conv_unknown' } }), 404, { param: 'conversation' });
    const c = await createConversation({ items: [user('held', { id: 'msg_held' })] });
    const r = await respond({ input: 'hi' });
    assertError(await createResponse(stack.url, { model: 'm', input: 'hi', conversation: c.id, previous_response_id: r.id }), 400, {
      param: 'conversation',
      code: 'mutually_exclusive_parameters',
    });
    assertError(await createResponse(stack.url, { model: 'm', conversation: c.id, input: [user('again', { id: 'msg_held' })] }), 400, { param: 'input[0].id' });
    assertError(await createResponse(stack.url, { model: 'm', conversation: c.id, input: [{ type: 'item_reference', id: 'msg_held' }] }), 400, { param: 'input[0].id' });
    assert.equal((await itemsOf(c.id)).length, 1);
  });

  test('truncation "auto" drops the oldest turns of the conversation for the model, not from it', async () => {
    const c = await createConversation({
      items: [user('A'.repeat(400)), assistant('ok'), user('second question'), assistant('second answer')],
    });
    // [[context_window 60]]: the mock refuses prompts over 60 tokens (characters / 4); the whole context is ~117.
    const input = '[[context_window 60]] [[echo_request]]';
    const refused = await createResponse(stack.url, { model: 'm', conversation: c.id, input });
    assertError(refused, 400, { code: 'context_length_exceeded' });
    assert.equal((await itemsOf(c.id)).length, 4);

    const r = await respond({ conversation: c.id, input, truncation: 'auto' });
    const sent = JSON.parse(outputText(r));
    assert.deepEqual(sent.messages.map((m) => m.content), ['second question', 'second answer', input]);
    assert.equal((await itemsOf(c.id)).length, 6, 'all items kept, the new turn appended');
  });

  test('conversations, their items and their context survive a gateway restart', async () => {
    const c = await createConversation({ metadata: { durable: 'yes' }, items: [user('My colour is green')] });
    await respond({ conversation: c.id, input: 'Noted? [[reply Noted.]]' });
    const items = await itemsOf(c.id);

    await stack.restartGateway();

    assert.deepEqual((await request(stack.url, `/v1/conversations/${c.id}`)).body, c);
    assert.deepEqual(await itemsOf(c.id), items);
    const sent = await echoRequest(stack.url, { model: 'm', conversation: c.id, input: 'Colour? [[echo_request]]' });
    assert.deepEqual(sent.messages.map((m) => m.content), ['My colour is green', 'Noted? [[reply Noted.]]', 'Noted.', 'Colour? [[echo_request]]']);
    assert.equal((await itemsOf(c.id)).length, 5);
  });
});
