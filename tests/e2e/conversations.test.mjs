// The official `openai` SDK's Conversations API against the gateway, unmodified but for its base URL, through
// the recording proxy: every Response object and stream the gateway sends is validated against the Open
// Responses schema, and every conversation item against its `ItemField`.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import OpenAI, { BadRequestError, NotFoundError } from 'openai';

import { startStack } from '../harness/stack.mjs';
import { echoedRequest, MODEL, outputText } from './helpers.mjs';
import { validateEvent, validateItem, validateResponse, validateStream } from './schema.mjs';
import { startRecorder } from './wire_recorder.mjs';

let stack;
let recorder;
let client;

before(async () => {
  stack = await startStack();
  recorder = await startRecorder(stack.url);
  client = new OpenAI({ baseURL: recorder.baseURL, apiKey: 'test', maxRetries: 0, timeout: 20_000 });
});
after(async () => {
  assert.ok(recorder.validate() > 0, 'no Response went through the recorder');
  await recorder?.stop();
  await stack?.stop();
});

// Every item of a conversation, oldest first, followed through the SDK's auto-pagination.
async function allItems(conversationId, pageSize = 2) {
  const items = [];
  for await (const item of client.conversations.items.list(conversationId, { limit: pageSize, order: 'asc' }))
    items.push(validateItem(item));
  return items;
}

const textOf = (item) => item.content.map((part) => part.text).join('');

describe('openai SDK: conversations', () => {
  test('create, retrieve, update, delete', async () => {
    const created = await client.conversations.create({
      metadata: { topic: 'demo' },
      items: [{ type: 'message', role: 'user', content: 'Hello!' }],
    });
    assert.match(created.id, /^conv_/);
    assert.equal(created.object, 'conversation');
    assert.equal(typeof created.created_at, 'number');
    assert.deepEqual(created.metadata, { topic: 'demo' });

    assert.deepEqual(await client.conversations.retrieve(created.id), created);
    const updated = await client.conversations.update(created.id, { metadata: { topic: 'project-x' } });
    assert.deepEqual(updated, { ...created, metadata: { topic: 'project-x' } });

    const deleted = await client.conversations.delete(created.id);
    assert.deepEqual(deleted, { id: created.id, object: 'conversation.deleted', deleted: true });
    await assert.rejects(client.conversations.retrieve(created.id), (err) => {
      assert.ok(err instanceof NotFoundError, `expected NotFoundError, got ${err?.constructor?.name}`);
      assert.equal(err.param, 'conversation_id');
      return true;
    });
  });

  test('items: create, list (paged), retrieve, delete', async () => {
    const { id } = await client.conversations.create({ items: [{ role: 'user', content: 'first' }] });
    const added = await client.conversations.items.create(id, {
      items: [
        { type: 'message', role: 'assistant', content: 'second' },
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'third' }] },
      ],
    });
    assert.equal(added.object, 'list');
    assert.equal(added.data.length, 2);
    assert.equal(added.has_more, false);
    added.data.forEach(validateItem);

    const items = await allItems(id);
    assert.deepEqual(items.map(textOf), ['first', 'second', 'third']);
    assert.deepEqual(items.slice(1), added.data);
    const newestFirst = [];
    for await (const item of client.conversations.items.list(id, { limit: 1 })) newestFirst.push(item.id);
    assert.deepEqual(newestFirst, items.map((item) => item.id).reverse(), 'the default order is desc');

    const second = await client.conversations.items.retrieve(items[1].id, { conversation_id: id });
    assert.deepEqual(validateItem(second), items[1]);
    const conversation = await client.conversations.items.delete(items[1].id, { conversation_id: id });
    assert.equal(conversation.id, id);
    assert.equal(conversation.object, 'conversation');
    assert.deepEqual((await allItems(id)).map(textOf), ['first', 'third']);
    await assert.rejects(client.conversations.items.retrieve(items[1].id, { conversation_id: id }), NotFoundError);
  });

  test('items with include: the SDK sends include[] and gets sealed reasoning', async () => {
    const { id } = await client.conversations.create({
      items: [
        { role: 'user', content: 'Q' },
        { type: 'reasoning', summary: [], content: [{ type: 'reasoning_text', text: 'thinking' }] },
      ],
    });
    const page = await client.conversations.items.list(id, { order: 'asc', include: ['reasoning.encrypted_content'] });
    assert.equal(typeof page.data[1].encrypted_content, 'string');
    const item = await client.conversations.items.retrieve(page.data[1].id, { conversation_id: id, include: ['reasoning.encrypted_content'] });
    assert.equal(typeof item.encrypted_content, 'string');
  });

  test('validation errors are BadRequestError naming the field', async () => {
    const items = Array.from({ length: 21 }, () => ({ role: 'user', content: 'x' }));
    await assert.rejects(client.conversations.create({ items }), (err) => {
      assert.ok(err instanceof BadRequestError);
      assert.equal(err.param, 'items');
      assert.equal(err.code, 'array_above_max_length');
      return true;
    });
    await assert.rejects(client.conversations.create({ metadata: { k: 1 } }), (err) => err instanceof BadRequestError && err.param === 'metadata.k');
  });
});

describe('openai SDK: responses.create with a conversation', () => {
  test('two turns: the second sees the first; both are kept as items', async () => {
    const conversation = await client.conversations.create({ items: [{ role: 'user', content: 'My name is Ada.' }] });
    const first = validateResponse(
      await client.responses.create({ model: MODEL, conversation: conversation.id, input: 'Hi [[reply Hello Ada.]]' }),
    );
    assert.deepEqual(first.conversation, { id: conversation.id });
    assert.equal(first.output_text, 'Hello Ada.');

    const second = validateResponse(
      await client.responses.create({ model: MODEL, conversation: { id: conversation.id }, input: 'Who am I? [[echo_request]]' }),
    );
    assert.deepEqual(second.conversation, { id: conversation.id });
    assert.deepEqual(echoedRequest(second).messages.map((m) => [m.role, m.content]), [
      ['user', 'My name is Ada.'],
      ['user', 'Hi [[reply Hello Ada.]]'],
      ['assistant', 'Hello Ada.'],
      ['user', 'Who am I? [[echo_request]]'],
    ]);

    const items = await allItems(conversation.id, 3);
    assert.equal(items.length, 5);
    assert.deepEqual(items[2], first.output[0]);
    assert.deepEqual(items[4], second.output[0]);
    assert.deepEqual((await client.responses.retrieve(first.id)).conversation, { id: conversation.id });
  });

  test('streamed with responses.stream: events validate, the turn is appended', async () => {
    const { id } = await client.conversations.create();
    const stream = client.responses.stream({ model: MODEL, conversation: id, input: 'Count [[tokens 3]]' });
    const events = [];
    for await (const event of stream) events.push(validateEvent(structuredClone(event)));
    validateStream(events);
    const final = validateResponse(await stream.finalResponse());
    assert.deepEqual(final.conversation, { id });
    assert.equal(outputText(final), 'tok1 tok2 tok3');
    assert.deepEqual((await allItems(id)).map(textOf), ['Count [[tokens 3]]', 'tok1 tok2 tok3']);
  });

  test('an unknown conversation is a NotFoundError naming `conversation`', async () => {
    await assert.rejects(client.responses.create({ model: MODEL, conversation: 'conv_unknown', input: 'hi' }), (err) => {
      assert.ok(err instanceof NotFoundError, `expected NotFoundError, got ${err?.constructor?.name}`);
      assert.equal(err.param, 'conversation');
      return true;
    });
  });
});
