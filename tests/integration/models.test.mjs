// Models: GET /v1/models and /v1/models/{id} answered from the backend's model list, in OpenAI's shape;
// the list is cached (served when the backend has gone, and while a refresh runs); a backend that cannot give
// a list and no cache is a 502, never an empty list.
import assert from 'node:assert/strict';
import { rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { startGateway, startStack } from '../harness/stack.mjs';
import { assertError, closedPort, request, waitFor } from './helpers.mjs';

const MOCK_MODELS = ['mock-model', 'mock-reasoning', 'mock-embedding', 'mock-org/mock-model'];

const stacks = [];
async function newStack(options) {
  const stack = await startStack(options);
  stacks.push(stack);
  return stack;
}
after(async () => {
  for (const stack of stacks) await stack.stop();
});

describe('models', { timeout: 60_000 }, () => {
  let stack;
  before(async () => {
    stack = await newStack();
  });

  test('list: OpenAI shape, the backend\'s models in its order', async () => {
    const res = await request(stack.url, '/v1/models');
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body).sort(), ['data', 'object']);
    assert.equal(res.body.object, 'list');
    assert.deepEqual(res.body.data.map((m) => m.id), MOCK_MODELS);
    for (const model of res.body.data) {
      assert.deepEqual(Object.keys(model).sort(), ['created', 'id', 'object', 'owned_by']);
      assert.equal(model.object, 'model');
      assert.equal(model.created, 1700000000);
      assert.equal(model.owned_by, 'mock');
    }
  });

  test('retrieve: one model; ids with a slash as is or percent-encoded', async () => {
    const res = await request(stack.url, '/v1/models/mock-reasoning');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { id: 'mock-reasoning', object: 'model', created: 1700000000, owned_by: 'mock' });
    assert.equal((await request(stack.url, '/v1/models/mock-org/mock-model')).body.id, 'mock-org/mock-model');
    assert.equal((await request(stack.url, '/v1/models/mock-org%2Fmock-model')).body.id, 'mock-org/mock-model');
  });

  test('unknown model → 404 naming model', async () => {
    const error = assertError(await request(stack.url, '/v1/models/gpt-nope'), 404, { param: 'model', code: 'model_not_found' });
    assert.match(error.message, /gpt-nope/);
    assertError(await request(stack.url, '/v1/models/mock-org/nope'), 404, { param: 'model' });
  });

  test('/models without /v1 answers too; other methods are 405', async () => {
    assert.equal((await request(stack.url, '/models')).body.data.length, MOCK_MODELS.length);
    assert.equal((await request(stack.url, '/models/mock-model')).body.id, 'mock-model');
    assertError(await request(stack.url, '/v1/models/mock-model', 'DELETE'), 405, { code: 'method_not_allowed' });
  });
});

describe('models cache', { timeout: 60_000 }, () => {
  test('once fetched, the list is served when the backend has gone (within the TTL)', async () => {
    const stack = await newStack();
    const first = await request(stack.url, '/v1/models');
    assert.equal(first.status, 200);
    await stack.mock.stop();
    const again = await request(stack.url, '/v1/models');
    assert.equal(again.status, 200);
    assert.deepEqual(again.body, first.body);
    assert.equal((await request(stack.url, '/v1/models/mock-model')).status, 200);
  });

  test('a stale list is served while it refreshes; a failed refresh keeps it', async () => {
    const stack = await newStack({ gatewayArgs: ['--models-cache-ttl', '0'] });
    const first = await request(stack.url, '/v1/models');
    assert.equal(first.status, 200);
    await stack.mock.stop();
    for (let i = 0; i < 3; i++) {
      const stale = await request(stack.url, '/v1/models');
      assert.equal(stale.status, 200);
      assert.deepEqual(stale.body, first.body);
    }
    await waitFor(() => stack.gateway.logs.some((l) => l.msg === 'model list refresh failed; serving the cached list'), {
      what: 'the failed refresh to be logged',
    });
  });
});

describe('models without a backend', { timeout: 60_000 }, () => {
  let gateway;
  let dataDir;
  before(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'gw-test-'));
    gateway = await startGateway({ backendUrl: `http://127.0.0.1:${await closedPort()}/v1`, dataDir, args: ['--connect-timeout', '2s'] });
  });
  after(async () => {
    await gateway?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('backend down and nothing cached → 502 with a clear message, never an empty list', async () => {
    for (const p of ['/v1/models', '/v1/models/mock-model']) {
      const error = assertError(await request(gateway.url, p), 502, { code: 'server_error' });
      assert.equal(error.type, 'server_error');
      assert.match(error.message, /model list could not be fetched: the backend could not be reached/);
    }
  });

  test('a backend that refuses the gateway (HTTP 401) → 502 naming the status', async () => {
    const stack = await newStack({ mockArgs: ['--api-key', 'sk-backend'] });
    const error = assertError(await request(stack.url, '/v1/models'), 502);
    assert.match(error.message, /HTTP 401/);
  });
});
