// A recording HTTP proxy between a client under test and the gateway: clients whose SDK hides the wire
// (Agents SDK, AI SDK, LangChain, Codex) are pointed at it, and every Response object and SSE stream the
// gateway sent them is then validated against the Open Responses schema.
import http from 'node:http';

import { validateResponse, validateStream } from './schema.mjs';

// The JSON payloads of an SSE body's `data:` lines, `[DONE]` left out.
export function parseSse(text) {
  const events = [];
  for (const block of text.split('\n\n')) {
    const data = block
      .split('\n')
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(5).replace(/^ /, ''))
      .join('\n');
    if (data && data !== '[DONE]') events.push(JSON.parse(data));
  }
  return events;
}

// startRecorder(gatewayUrl) → { url, baseURL, exchanges, validate(), stop() }. Each exchange:
// { method, path, requestBody, status, contentType, headers (the response's), body }.
export async function startRecorder(target) {
  const upstream = new URL(target);
  const exchanges = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const requestBody = Buffer.concat(chunks).toString();
      const headers = { ...req.headers, host: upstream.host };
      const proxied = http.request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers },
        (upstreamRes) => {
          res.writeHead(upstreamRes.statusCode, upstreamRes.headers);
          const body = [];
          upstreamRes.on('data', (c) => {
            body.push(c);
            res.write(c);  // relayed as it arrives: streaming behaviour is unchanged
          });
          upstreamRes.on('end', () => {
            exchanges.push({
              method: req.method,
              path: req.url,
              requestBody,
              status: upstreamRes.statusCode,
              contentType: upstreamRes.headers['content-type'] ?? '',
              headers: upstreamRes.headers,
              body: Buffer.concat(body).toString(),
            });
            res.end();
          });
        },
      );
      proxied.on('error', (e) => {
        res.writeHead(502);
        res.end(String(e));
      });
      proxied.end(requestBody);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    baseURL: `${url}/v1`,
    exchanges,
    // Validates every response the gateway gave to POST/GET /responses: Response objects, and SSE streams
    // event by event with the stream rules. Returns how many were checked.
    validate() {
      let checked = 0;
      for (const ex of exchanges) {
        if (!/\/responses(\/[^/]+)?(\?|$)/.test(ex.path) || ex.status !== 200 || ex.method === 'DELETE') continue;
        if (ex.contentType.startsWith('text/event-stream')) validateStream(parseSse(ex.body));
        else validateResponse(JSON.parse(ex.body));
        checked++;
      }
      return checked;
    },
    stop: () => new Promise((resolve) => server.close(resolve)),
  };
}
