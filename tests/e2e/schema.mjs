// Validates what the gateway emits against the Open Responses OpenAPI document (spec/openresponses-openapi.json,
// see spec/README.md): Response objects against `ResponseResource`, stream events against the `*StreamingEvent`
// schema whose `type` enum names them, and a stream as a whole against the ordering rules of the spec.
//
// The schemas are taken unchanged from `components.schemas`, compiled with Ajv's JSON Schema 2020-12 dialect
// (OpenAPI 3.1 schemas are 2020-12). OpenAPI's `discriminator: {propertyName: "type"}` is honoured (Ajv's
// `discriminator` option) so a bad item reports the error of its own branch rather than one error per branch of
// a `oneOf`; the few `discriminator`s that sit beside a single `$ref` without a `oneOf` (a no-op in OpenAPI) are
// dropped, since Ajv rejects them.
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual, inspect } from 'node:util';

import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const SPEC_ID = 'https://openresponses.org/openapi.json';
export const spec = JSON.parse(readFileSync(new URL('./spec/openresponses-openapi.json', import.meta.url), 'utf8'));

function dropLoneDiscriminators(node) {
  if (Array.isArray(node)) return node.forEach(dropLoneDiscriminators);
  if (node === null || typeof node !== 'object') return;
  if (node.discriminator && !node.oneOf) delete node.discriminator;
  for (const value of Object.values(node)) dropLoneDiscriminators(value);
}

const components = structuredClone(spec.components);
dropLoneDiscriminators(components.schemas);

// Errata: defects of the pinned document itself, each patched here narrowly and listed in spec/README.md.
// - `JsonSchemaResponseFormat.schema` is `{"type": "null"}` in the generated openapi.json, so no Response that
//   echoes its `text.format` of type `json_schema` (as OpenAI does, and as the request's `schema` is required)
//   could validate. Upstream's own source for that component (schema/components/schemas/
//   JsonSchemaResponseFormat.json in openresponses/openresponses) says `anyOf: [object, null]`; that is used.
export const ERRATA = [
  {
    schema: 'JsonSchemaResponseFormat',
    path: 'properties.schema',
    patch: (s) => {
      s.properties.schema = { anyOf: [{ type: 'object' }, { type: 'null' }] };
    },
  },
];
for (const { schema, patch } of ERRATA) patch(components.schemas[schema]);

// Extensions: shapes of the OpenAI Responses API (as its official SDK types them, `openai` 6.x) that the pinned
// Open Responses document does not describe yet, and which the gateway emits for Codex: `custom`, `namespace`,
// `tool_search` and `web_search` tools echoed in `tools`; `custom_tool_call` and `tool_search_call` output items
// (plus the input items a Response can list); the `response.custom_tool_call_input.delta`/`.done` events. They are
// added beside the document's own schemas (never replacing one), and `Tool` / `ItemField` become a `oneOf` of the
// document's branches and these. Listed in spec/README.md.
const ref = (name) => ({ $ref: `#/components/schemas/${name}` });
const str = { type: 'string' };
const strOrNull = { anyOf: [str, { type: 'null' }] };
const typed = (type) => ({ type: 'string', enum: [type] });
export const EXTENSIONS = {
  ExtCustomTool: {
    type: 'object',
    required: ['type', 'name'],
    properties: {
      type: typed('custom'),
      name: str,
      description: strOrNull,
      format: {
        oneOf: [
          { type: 'object', required: ['type'], properties: { type: typed('text') } },
          {
            type: 'object',
            required: ['type', 'syntax', 'definition'],
            properties: { type: typed('grammar'), syntax: { type: 'string', enum: ['lark', 'regex'] }, definition: str },
          },
        ],
      },
    },
  },
  ExtNamespaceTool: {
    type: 'object',
    required: ['type', 'name', 'description', 'tools'],
    properties: {
      type: typed('namespace'),
      name: str,
      description: str,
      tools: { type: 'array', items: { oneOf: [ref('FunctionTool'), ref('ExtCustomTool')], discriminator: { propertyName: 'type' } } },
    },
  },
  ExtToolSearchTool: {
    type: 'object',
    required: ['type'],
    properties: {
      type: typed('tool_search'),
      execution: { type: 'string', enum: ['server', 'client'] },
      description: strOrNull,
      parameters: { anyOf: [{ type: 'object' }, { type: 'null' }] },
    },
  },
  ExtWebSearchTool: {
    type: 'object',
    required: ['type'],
    properties: { type: { type: 'string', enum: ['web_search', 'web_search_preview', 'web_search_2025_08_26', 'web_search_preview_2025_03_11'] } },
  },
  ExtCustomToolCall: {
    type: 'object',
    required: ['type', 'id', 'call_id', 'name', 'input', 'status'],
    properties: { type: typed('custom_tool_call'), id: str, call_id: str, name: str, namespace: str, input: str, status: ref('FunctionCallStatus') },
  },
  ExtCustomToolCallOutput: {
    type: 'object',
    required: ['type', 'id', 'call_id', 'output'],
    properties: { type: typed('custom_tool_call_output'), id: str, call_id: str, output: { anyOf: [str, { type: 'array' }] }, status: ref('FunctionCallStatus') },
  },
  ExtToolSearchCall: {
    type: 'object',
    required: ['type', 'id', 'call_id', 'execution', 'arguments', 'status'],
    properties: { type: typed('tool_search_call'), id: str, call_id: strOrNull, execution: { type: 'string', enum: ['server', 'client'] }, arguments: {}, status: ref('FunctionCallStatus') },
  },
  ExtToolSearchOutput: {
    type: 'object',
    required: ['type', 'id', 'call_id', 'execution', 'tools', 'status'],
    properties: { type: typed('tool_search_output'), id: str, call_id: strOrNull, execution: { type: 'string', enum: ['server', 'client'] }, tools: { type: 'array', items: ref('Tool') }, status: ref('FunctionCallStatus') },
  },
  ExtAdditionalTools: {
    type: 'object',
    required: ['type', 'id', 'role', 'tools'],
    properties: { type: typed('additional_tools'), id: str, role: typed('developer'), tools: { type: 'array', items: ref('Tool') } },
  },
  ExtCustomToolCallInputDeltaStreamingEvent: {
    type: 'object',
    required: ['type', 'sequence_number', 'item_id', 'output_index', 'delta'],
    properties: { type: typed('response.custom_tool_call_input.delta'), sequence_number: { type: 'integer' }, item_id: str, output_index: { type: 'integer' }, delta: str, obfuscation: str },
  },
  ExtCustomToolCallInputDoneStreamingEvent: {
    type: 'object',
    required: ['type', 'sequence_number', 'item_id', 'output_index', 'input'],
    properties: { type: typed('response.custom_tool_call_input.done'), sequence_number: { type: 'integer' }, item_id: str, output_index: { type: 'integer' }, input: str },
  },
};
Object.assign(components.schemas, structuredClone(EXTENSIONS));
{
  const { Tool, ItemField } = components.schemas;
  const { $ref: functionTool, ...toolRest } = Tool;
  components.schemas.Tool = {
    ...toolRest,
    oneOf: [{ $ref: functionTool }, ...['ExtCustomTool', 'ExtNamespaceTool', 'ExtToolSearchTool', 'ExtWebSearchTool'].map(ref)],
    discriminator: { propertyName: 'type' },
  };
  ItemField.oneOf.push(...['ExtCustomToolCall', 'ExtCustomToolCallOutput', 'ExtToolSearchCall', 'ExtToolSearchOutput', 'ExtAdditionalTools'].map(ref));
}

const ajv = new Ajv2020({ strict: false, allErrors: true, discriminator: true });
addFormats(ajv);
ajv.addSchema({ $id: SPEC_ID, components });

const validators = new Map();
function validatorFor(name) {
  if (!validators.has(name)) {
    const validate = ajv.getSchema(`${SPEC_ID}#/components/schemas/${name}`);
    if (!validate) throw new Error(`no schema ${name} in the Open Responses document`);
    validators.set(name, validate);
  }
  return validators.get(name);
}

// Event type → the name of its schema in the spec, read from each `*StreamingEvent` schema's `type` enum.
export const eventSchemas = new Map();
for (const [name, schema] of Object.entries(components.schemas)) {
  if (!name.endsWith('StreamingEvent')) continue;
  for (const type of schema.properties?.type?.enum ?? []) eventSchemas.set(type, name);
}

// Known divergence between the spec and the OpenAI API: the spec names the reasoning text events
// `response.reasoning.delta` / `response.reasoning.done`, while the OpenAI API and its official SDK (the
// `ResponseReasoningTextDeltaEvent` / `ResponseReasoningTextDoneEvent` types of `openai` 6.x) name them
// `response.reasoning_text.delta` / `response.reasoning_text.done`. The gateway emits the OpenAI names, so
// clients built on the OpenAI SDK understand them; they are validated against the spec's reasoning delta/done
// schemas with only the `type` substituted. Everything else about them must match the spec.
export const RENAMED_EVENTS = new Map([
  ['response.reasoning_text.delta', 'response.reasoning.delta'],
  ['response.reasoning_text.done', 'response.reasoning.done'],
]);

function describe(errors, data) {
  return errors
    .map((e) => {
      const where = e.instancePath || '(root)';
      let value;
      try {
        value = e.instancePath
          .split('/')
          .slice(1)
          .reduce((v, k) => v?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], data);
      } catch {
        value = undefined;
      }
      const params = Object.keys(e.params ?? {}).length ? ` ${JSON.stringify(e.params)}` : '';
      const got = e.keyword === 'required' ? '' : `; got ${inspect(value, { depth: 2, breakLength: Infinity })}`;
      return `  ${where}: ${e.message}${params} (schema ${e.schemaPath}${got})`;
    })
    .join('\n');
}

function check(schemaName, data, what) {
  const validate = validatorFor(schemaName);
  if (!validate(data)) {
    throw new Error(`${what} does not validate against ${schemaName}:\n${describe(validate.errors, data)}`);
  }
  return data;
}

// Validates a Response object against `ResponseResource`; returns it, throws with the list of errors.
export function validateResponse(obj) {
  return check('ResponseResource', obj, `Response ${obj?.id ?? ''}`.trim());
}

// Validates an item (an output item, or an item of GET /v1/responses/{id}/input_items, which the spec's paths
// do not describe but whose items are the same Item shapes) against `ItemField`; returns it.
export function validateItem(obj) {
  return check('ItemField', obj, `item ${obj?.id ?? ''}`.trim());
}

// Validates one stream event (its parsed `data`) against the schema its `type` names; returns it.
export function validateEvent(event) {
  const type = event?.type;
  const specType = RENAMED_EVENTS.get(type) ?? type;
  const schemaName = eventSchemas.get(specType);
  const what = `event #${event?.sequence_number ?? '?'} ${inspect(type)}`;
  if (!schemaName) throw new Error(`${what} has no schema in the Open Responses document`);
  check(schemaName, specType === type ? event : { ...event, type: specType }, what);
  return event;
}

export const TERMINAL_TYPES = new Set(['response.completed', 'response.incomplete', 'response.failed']);
const TERMINAL_STATUS = {
  'response.completed': 'completed',
  'response.incomplete': 'incomplete',
  'response.failed': 'failed',
};

// The delta/done pairs whose deltas must concatenate to the done event's field.
const DELTA_PAIRS = [
  { delta: 'response.output_text.delta', done: 'response.output_text.done', field: 'text', index: 'content_index' },
  { delta: 'response.refusal.delta', done: 'response.refusal.done', field: 'refusal', index: 'content_index' },
  { delta: 'response.reasoning.delta', done: 'response.reasoning.done', field: 'text', index: 'content_index' },
  { delta: 'response.reasoning_text.delta', done: 'response.reasoning_text.done', field: 'text', index: 'content_index' },
  {
    delta: 'response.reasoning_summary_text.delta',
    done: 'response.reasoning_summary_text.done',
    field: 'text',
    index: 'summary_index',
  },
  { delta: 'response.function_call_arguments.delta', done: 'response.function_call_arguments.done', field: 'arguments' },
  { delta: 'response.custom_tool_call_input.delta', done: 'response.custom_tool_call_input.done', field: 'input' },
];

const show = (v) => inspect(v, { depth: 4, breakLength: Infinity });

// Checks the ordering rules of a whole stream (the parsed events, in order); returns the terminal event.
// Throws an Error listing every violation found.
export function checkStreamRules(events) {
  const problems = [];
  const fail = (msg) => problems.push(msg);
  const label = (e, i) => `event[${i}] ${e?.type} (seq ${e?.sequence_number})`;

  if (events.length === 0) throw new Error('stream rules: the stream has no events');

  // sequence_number: strictly increasing from 0.
  events.forEach((e, i) => {
    if (!Number.isInteger(e.sequence_number)) fail(`${label(e, i)}: sequence_number is not an integer`);
    else if (i === 0 && e.sequence_number !== 0) fail(`${label(e, i)}: the first sequence_number must be 0`);
    else if (i > 0 && !(e.sequence_number > events[i - 1].sequence_number))
      fail(`${label(e, i)}: sequence_number not greater than the previous one (${events[i - 1].sequence_number})`);
  });

  // response.created first, then response.in_progress; all response snapshots are the same response.
  if (events[0].type !== 'response.created') fail(`the first event must be response.created, got ${events[0].type}`);
  if (events[1]?.type !== 'response.in_progress')
    fail(`the second event must be response.in_progress, got ${events[1]?.type}`);
  const responseId = events[0].response?.id;
  events.forEach((e, i) => {
    if (e.response && e.response.id !== responseId)
      fail(`${label(e, i)}: response.id ${e.response.id} differs from response.created's ${responseId}`);
  });
  if (events[0].response && events[0].response.status !== 'in_progress' && events[0].response.status !== 'queued')
    fail(`response.created: response.status must be in_progress or queued, got ${events[0].response.status}`);

  // Exactly one terminal event, and it is last; its response's status matches its type.
  const terminals = events.map((e, i) => [e, i]).filter(([e]) => TERMINAL_TYPES.has(e.type));
  if (terminals.length !== 1)
    fail(`expected exactly one terminal event, got ${terminals.length}: ${terminals.map(([e, i]) => label(e, i)).join(', ')}`);
  const terminal = events[events.length - 1];
  if (!TERMINAL_TYPES.has(terminal.type)) fail(`the last event must be terminal, got ${label(terminal, events.length - 1)}`);
  else if (terminal.response?.status !== TERMINAL_STATUS[terminal.type])
    fail(`${terminal.type}: response.status must be ${TERMINAL_STATUS[terminal.type]}, got ${terminal.response?.status}`);

  // Output items: added in output_index order 0, 1, …; each closed by output_item.done with the same
  // output_index and item id, in the same order; events about an item only while it is open.
  const items = []; // by output_index: {added, done, addedAt, doneAt}
  const doneOrder = [];
  events.forEach((e, i) => {
    if (e.type === 'response.output_item.added') {
      if (e.output_index !== items.length)
        fail(`${label(e, i)}: output_index ${e.output_index}, expected ${items.length} (items open in output_index order)`);
      items[e.output_index] ??= { added: e, addedAt: i };
    } else if (e.type === 'response.output_item.done') {
      const slot = items[e.output_index];
      if (!slot) fail(`${label(e, i)}: output_index ${e.output_index} was never added`);
      else if (slot.done) fail(`${label(e, i)}: output_index ${e.output_index} closed twice`);
      else {
        slot.done = e;
        slot.doneAt = i;
        if (e.item?.id !== slot.added.item?.id)
          fail(`${label(e, i)}: item.id ${e.item?.id} differs from the added item's ${slot.added.item?.id}`);
        if (e.item?.type !== slot.added.item?.type)
          fail(`${label(e, i)}: item.type ${e.item?.type} differs from the added item's ${slot.added.item?.type}`);
      }
      doneOrder.push(e.output_index);
    } else if (e.output_index !== undefined) {
      const slot = items[e.output_index];
      if (!slot || slot.done) fail(`${label(e, i)}: output_index ${e.output_index} is not open`);
      else if (e.item_id !== undefined && e.item_id !== slot.added.item?.id)
        fail(`${label(e, i)}: item_id ${e.item_id} is not the id of output_index ${e.output_index} (${slot.added.item?.id})`);
    }
  });
  items.forEach((slot, k) => {
    if (slot && !slot.done) fail(`output_item.added at output_index ${k} (${slot.added.item?.id}) is never closed by output_item.done`);
  });
  if (!isDeepStrictEqual(doneOrder, [...doneOrder].sort((a, b) => a - b)))
    fail(`output_item.done events are not in output_index order: ${show(doneOrder)}`);

  // Deltas concatenate to their done event's text/arguments (per item and content/summary index).
  for (const pair of DELTA_PAIRS) {
    const key = (e) => `${e.item_id}/${pair.index ? e[pair.index] : ''}`;
    const acc = new Map();
    const dones = new Map();
    events.forEach((e, i) => {
      if (e.type === pair.delta) {
        if (dones.has(key(e))) fail(`${label(e, i)}: delta after ${pair.done} for ${key(e)}`);
        acc.set(key(e), (acc.get(key(e)) ?? '') + e.delta);
      } else if (e.type === pair.done) {
        if (dones.has(key(e))) fail(`${label(e, i)}: second ${pair.done} for ${key(e)}`);
        dones.set(key(e), e);
        const joined = acc.get(key(e)) ?? '';
        if (e[pair.field] !== joined)
          fail(`${label(e, i)}: ${pair.field} ${show(e[pair.field])} differs from its concatenated deltas ${show(joined)}`);
      }
    });
    for (const k of acc.keys()) if (!dones.has(k)) fail(`${pair.delta} for ${k} without a ${pair.done}`);
  }

  // Content parts: each content_part.added closed by content_part.done; the done part matches the item's content.
  const parts = new Map();
  events.forEach((e, i) => {
    const k = `${e.item_id}/${e.content_index}`;
    if (e.type === 'response.content_part.added') {
      if (parts.has(k)) fail(`${label(e, i)}: content part ${k} added twice`);
      parts.set(k, { added: e });
    } else if (e.type === 'response.content_part.done') {
      const p = parts.get(k);
      if (!p) fail(`${label(e, i)}: content part ${k} was never added`);
      else if (p.done) fail(`${label(e, i)}: content part ${k} closed twice`);
      else p.done = e;
      const item = items[e.output_index]?.done?.item;
      if (item?.content && !isDeepStrictEqual(item.content[e.content_index], e.part))
        fail(`${label(e, i)}: part ${show(e.part)} differs from output_item.done's content[${e.content_index}] ${show(item.content[e.content_index])}`);
    }
  });
  for (const [k, p] of parts) if (!p.done) fail(`content part ${k} is never closed by content_part.done`);

  // function_call_arguments.done / custom_tool_call_input.done carry the item's final arguments / input.
  events.forEach((e, i) => {
    const field = { 'response.function_call_arguments.done': 'arguments', 'response.custom_tool_call_input.done': 'input' }[e.type];
    if (!field) return;
    const item = items[e.output_index]?.done?.item;
    if (item && item[field] !== e[field])
      fail(`${label(e, i)}: ${field} ${show(e[field])} differ from the ${item.type} item's ${show(item[field])}`);
  });

  // The terminal response's output equals the output_item.done items, in output_index order.
  if (TERMINAL_TYPES.has(terminal.type) && terminal.response) {
    const doneItems = items.map((slot) => slot?.done?.item);
    if (!isDeepStrictEqual(terminal.response.output, doneItems))
      fail(`${terminal.type}: response.output ${show(terminal.response.output)} differs from the output_item.done items ${show(doneItems)}`);
  }

  if (problems.length) throw new Error(`stream rules violated:\n  ${problems.join('\n  ')}`);
  return terminal;
}

// Validates every event of a stream and its ordering rules; returns the terminal event. Collects all schema
// failures before throwing, so one run lists every violation.
export function validateStream(events) {
  const failures = [];
  for (const e of events) {
    try {
      validateEvent(e);
    } catch (err) {
      failures.push(err.message);
    }
  }
  try {
    checkStreamRules(events);
  } catch (err) {
    failures.push(err.message);
  }
  if (failures.length) throw new Error(failures.join('\n'));
  return events[events.length - 1];
}
