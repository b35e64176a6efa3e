// The official `openai` SDK on the Models API and on `prompt` in responses.create, through the recording proxy
// (every Response it hands back validated against the Open Responses schema). The SDK has no client for
// creating prompts (OpenAI offers no such API), so prompts are made with fetch on /v1/prompts.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import OpenAI, { BadRequestError, NotFoundError } from 'openai';

import { startStack } from '../harness/stack.mjs';
import { call, MODEL, outputText, PNG_DATA_URL } from './helpers.mjs';
import { validateEvent, validateResponse, validateStream } from './schema.mjs';
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
  await recorder?.stop();
  await stack?.stop();
});

async function createPrompt(body) {
  const { status, body: prompt } = await call(stack, 'POST', '/v1/prompts', body);
  assert.equal(status, 200, JSON.stringify(prompt));
  return prompt;
}

describe('openai SDK: models', () => {
  test('models.list iterates the backend\'s models', async () => {
    const ids = [];
    for await (const model of client.models.list()) {
      assert.equal(model.object, 'model');
      assert.equal(typeof model.created, 'number');
      assert.equal(typeof model.owned_by, 'string');
      ids.push(model.id);
    }
    assert.deepEqual(ids, ['mock-model', 'mock-reasoning', 'mock-embedding', 'mock-org/mock-model']);
  });

  test('models.retrieve, also for an id with a slash (sent percent-encoded)', async () => {
    const model = await client.models.retrieve('mock-reasoning');
    assert.deepEqual({ ...model }, { id: 'mock-reasoning', object: 'model', created: 1700000000, owned_by: 'mock' });
    assert.equal((await client.models.retrieve('mock-org/mock-model')).id, 'mock-org/mock-model');
  });

  test('models.retrieve of an unknown model throws NotFoundError', async () => {
    await assert.rejects(client.models.retrieve('gpt-nope'), (err) => {
      assert.ok(err instanceof NotFoundError, String(err));
      assert.equal(err.param, 'model');
      assert.equal(err.code, 'model_not_found');
      return true;
    });
  });
});

describe('openai SDK: responses.create with prompt', () => {
  let prompt;
  before(async () => {
    prompt = await createPrompt({
      name: 'sdk',
      instructions: 'Answer {{customer}} in {{lang}}.',
      messages: [{ role: 'user', content: 'Context: {{topic}}' }],
      variables: ['customer', 'topic', { name: 'lang', default: 'English' }],
    });
  });

  test('variables as strings and input_text; the Response shows the prompt', async () => {
    const response = validateResponse(
      await client.responses.create({
        model: MODEL,
        prompt: { id: prompt.id, variables: { customer: 'Ada', topic: { type: 'input_text', text: 'billing' } } },
        input: '[[echo_request]]',
      }),
    );
    assert.deepEqual(response.prompt, {
      id: prompt.id,
      version: '1',
      variables: { customer: 'Ada', topic: { type: 'input_text', text: 'billing' } },
    });
    assert.equal(response.instructions, 'Answer Ada in English.');
    const sent = JSON.parse(response.output_text);
    assert.deepEqual(sent.messages, [
      { role: 'system', content: 'Answer Ada in English.' },
      { role: 'user', content: 'Context: billing' },
      { role: 'user', content: '[[echo_request]]' },
    ]);
    const stored = validateResponse(await client.responses.retrieve(response.id));
    assert.deepEqual(stored.prompt, response.prompt);
  });

  test('an image variable becomes a part of the message that names it; streamed', async () => {
    const withImage = await createPrompt({
      messages: [{ role: 'user', content: 'Describe {{photo}} [[reply A pixel.]]' }],
      variables: ['photo'],
    });
    const stream = await client.responses.create({
      model: MODEL,
      prompt: { id: withImage.id, version: '1', variables: { photo: { type: 'input_image', image_url: PNG_DATA_URL, detail: 'auto' } } },
      stream: true,
    });
    const events = [];
    for await (const event of stream) events.push(validateEvent(structuredClone(event)));
    validateStream(events);
    const completed = events.at(-1);
    assert.equal(completed.type, 'response.completed');
    assert.equal(outputText(completed.response), 'A pixel.');
    assert.equal(completed.response.prompt.id, withImage.id);
  });

  test('errors: unknown prompt (404), missing variable (400), both naming the field', async () => {
    await assert.rejects(client.responses.create({ model: MODEL, prompt: { id: 'pmpt_unknown' }, input: 'hi' }), (err) => {
      assert.ok(err instanceof NotFoundError, String(err));
      assert.equal(err.param, 'prompt.id');
      return true;
    });
    await assert.rejects(client.responses.create({ model: MODEL, prompt: { id: prompt.id, variables: { customer: 'x' } }, input: 'hi' }), (err) => {
      assert.ok(err instanceof BadRequestError, String(err));
      assert.equal(err.param, 'prompt.variables.topic');
      return true;
    });
  });

  test('every Response that crossed the wire validates against the spec', () => {
    assert.ok(recorder.validate() >= 3);
  });
});
