import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BUFFERED_BYTES } from '../api-proxy/read-body';
import { connectionErrorCode } from '../api-proxy/upstream-failures';
import { wholeBodyOf } from '../api-proxy/whole-body';
import { isTimeout } from '../oauth/oauth-client';
import { createNodeFetch } from './node-fetch';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

describe('createNodeFetch', () => {
  const routes = new Map<string, Handler>();
  const seen: Array<{ path: string; headers: IncomingMessage['headers']; port: number }> = [];
  let server: Server;
  let origin: string;
  const nodeFetch = createNodeFetch();

  beforeAll(async () => {
    server = createServer((request, response) => {
      seen.push({
        path: request.url ?? '',
        headers: request.headers,
        port: request.socket.remotePort ?? 0,
      });
      const handler = routes.get(request.url ?? '');
      if (handler) handler(request, response);
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends the method and headers, and answers with status, headers and the whole body', async () => {
    routes.set('/json', (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', etag: '"abc"' });
      response.end('{"ok":true}');
    });
    const headers = new Headers({ accept: 'application/json', authorization: 'Bearer t' });
    const response = await nodeFetch(`${origin}/json`, { method: 'GET', headers });
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe('"abc"');
    expect(await response.text()).toBe('{"ok":true}');
    const request = seen.at(-1);
    expect(request?.headers).toMatchObject({
      accept: 'application/json',
      authorization: 'Bearer t',
    });
  });

  it('reuses its connection for the next call (keep-alive)', async () => {
    routes.set('/small', (_request, response) => response.end('x'));
    await (await nodeFetch(`${origin}/small`)).text();
    await (await nodeFetch(`${origin}/small`)).text();
    const [first, second] = seen.slice(-2);
    expect(second?.port).toBe(first?.port);
  });

  it('does not follow a redirect: the 3xx comes back with its Location', async () => {
    routes.set('/moved', (_request, response) => {
      response.writeHead(302, { location: 'https://elsewhere.example/steal' }).end();
    });
    const response = await nodeFetch(`${origin}/moved`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('https://elsewhere.example/steal');
    expect(seen.filter((call) => call.path === '/steal')).toHaveLength(0);
  });

  it('gives no body for HEAD and for a 304', async () => {
    routes.set('/head', (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain', 'content-length': '5' }).end();
    });
    routes.set('/not-modified', (_request, response) => response.writeHead(304).end());
    const head = await nodeFetch(`${origin}/head`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body).toBeNull();
    const notModified = await nodeFetch(`${origin}/not-modified`);
    expect(notModified.status).toBe(304);
    expect(notModified.body).toBeNull();
  });

  it('decodes a gzip body and keeps its Content-Encoding, as fetch does', async () => {
    const text = 'Pail '.repeat(1000);
    routes.set('/gzip', (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
      response.end(gzipSync(text));
    });
    const response = await nodeFetch(`${origin}/gzip`);
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(await response.text()).toBe(text);
  });

  it('undoes stacked codings last first, and leaves an unknown one as it came', async () => {
    const text = 'Pail '.repeat(1000);
    const stacked = brotliCompressSync(gzipSync(text));
    routes.set('/stacked', (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip, br' });
      response.end(stacked);
    });
    routes.set('/unknown', (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip, zstd' });
      response.end(stacked);
    });
    expect(await (await nodeFetch(`${origin}/stacked`)).text()).toBe(text);
    const unknown = await nodeFetch(`${origin}/unknown`);
    expect(Buffer.from(await unknown.arrayBuffer()).equals(stacked)).toBe(true);
  });

  it('streams a large body whole', async () => {
    const chunk = Buffer.alloc(64 * 1024, 7);
    routes.set('/large', (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      for (let i = 0; i < 32; i += 1) response.write(chunk);
      response.end();
    });
    const response = await nodeFetch(`${origin}/large`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(bytes.byteLength).toBe(32 * 64 * 1024);
    expect(bytes.every((byte) => byte === 7)).toBe(true);
  });

  it('hands over a small body with a declared length already read whole, in an array of its own', async () => {
    const text = '{"name":"widgets"}';
    routes.set('/declared', (_request, response) => {
      response.writeHead(200, {
        'content-type': 'application/json',
        'content-length': text.length,
      });
      // In two writes, so the body arrives in more than one chunk.
      response.write(text.slice(0, 5));
      setTimeout(() => response.end(text.slice(5)), 10);
    });
    const response = await nodeFetch(`${origin}/declared`);
    const whole = wholeBodyOf(response);
    expect(new TextDecoder().decode(whole)).toBe(text);
    expect(whole?.byteOffset).toBe(0);
    expect(whole?.buffer.byteLength).toBe(text.length);
    // Still an ordinary Response to anyone who reads it as one.
    expect(await response.text()).toBe(text);
  });

  it('streams what is encoded, undeclared or longer than the proxy reads whole', async () => {
    const big = 'x'.repeat(MAX_BUFFERED_BYTES + 1);
    routes.set('/undeclared', (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{}');
    });
    routes.set('/encoded', (_request, response) => {
      const body = gzipSync('{}');
      response.writeHead(200, {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        'content-length': body.byteLength,
      });
      response.end(body);
    });
    routes.set('/long', (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain', 'content-length': big.length });
      response.end(big);
    });
    for (const [path, text] of [
      ['/undeclared', '{}'],
      ['/encoded', '{}'],
      ['/long', big],
    ] as const) {
      const response = await nodeFetch(`${origin}${path}`);
      expect(wholeBodyOf(response), path).toBeUndefined();
      expect(await response.text(), path).toBe(text);
    }
  });

  it('rejects a small body cut short, never handing over part of it as whole', async () => {
    routes.set('/cut-small', (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      response.write('{"partial"', () => response.socket?.destroy());
    });
    await expect(nodeFetch(`${origin}/cut-small`)).rejects.toThrow(TypeError);
  });

  it('fails the body, not ends it, when the connection is cut half-way', async () => {
    routes.set('/cut', (_request, response) => {
      response.writeHead(200, {
        'content-type': 'text/plain',
        'content-length': String(MAX_BUFFERED_BYTES * 2),
      });
      response.write('partial', () => response.socket?.destroy());
    });
    const response = await nodeFetch(`${origin}/cut`);
    await expect(response.text()).rejects.toThrow();
  });

  it('rejects with the signal’s reason when aborted before the answer', async () => {
    let answer: (() => void) | undefined;
    routes.set('/slow', (_request, response) => {
      answer = () => response.end('late');
    });
    const controller = new AbortController();
    const pending = nodeFetch(`${origin}/slow`, { signal: controller.signal });
    await new Promise<void>((resolve) => {
      const wait = () => (answer ? resolve() : setImmediate(wait));
      wait();
    });
    controller.abort(new DOMException('Bitbucket took too long to answer.', 'TimeoutError'));
    const error: unknown = await pending.catch((caught: unknown) => caught);
    expect(isTimeout(error)).toBe(true);
    answer?.();
  });

  it('rejects a failed connection as TypeError("fetch failed") with Node’s code as its cause', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const error: unknown = await nodeFetch(`http://127.0.0.1:${port}/`).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(TypeError);
    expect(connectionErrorCode(error)).toBe('ECONNREFUSED');
  });

  it('sends no request with a body or to another scheme', async () => {
    await expect(nodeFetch(`${origin}/json`, { method: 'POST', body: 'x' })).rejects.toThrow(
      TypeError,
    );
    await expect(nodeFetch('file:///etc/passwd')).rejects.toThrow(TypeError);
  });
});
