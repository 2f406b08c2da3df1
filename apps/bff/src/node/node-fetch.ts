// A `fetch` for Bitbucket's API on Node over `node:http(s)` with keep-alive agents: the same seam, less machinery.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';
import { MAX_BUFFERED_BYTES } from '../api-proxy/read-body';
import { wholeResponse } from '../api-proxy/whole-body';
import type { FetchLike } from '../oauth/oauth-client';

/** Statuses a Response may not carry a body with. */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * Only what the Bitbucket client asks of `fetch`: a URL string, GET or HEAD without a body, headers, an
 * abort signal, and `redirect: 'manual'` (nothing here follows a redirect, so a 3xx comes back as it is).
 * Undici's `fetch` spent about 170 µs of CPU per call on a loopback benchmark where this spends about 10:
 * its Request, WebIDL conversions, fetch controller and stream plumbing. What the browser gets is built
 * from the Response either way.
 *
 * As with `fetch`, the answer resolves once the head has arrived, the body streams (paused while nobody
 * reads it), a `gzip`, `deflate` or `br` body is decoded with its `Content-Encoding` left in place, an
 * abort rejects with the signal's reason (the client's `TimeoutError`) and a socket failure rejects with
 * `TypeError('fetch failed')` whose `cause` carries Node's code (ECONNRESET…), as undici's does.
 */
export function createNodeFetch(): FetchLike {
  const agents = {
    'http:': new HttpAgent({ keepAlive: true }),
    'https:': new HttpsAgent({ keepAlive: true }),
  };

  const nodeFetch = (input: Parameters<FetchLike>[0], init: RequestInit = {}) =>
    new Promise<Response>((resolve, reject) => {
      const url = input instanceof URL ? input : new URL(String(input));
      const method = (init.method ?? 'GET').toUpperCase();
      const protocol = url.protocol;
      if ((protocol !== 'http:' && protocol !== 'https:') || init.body != null) {
        reject(new TypeError('This fetch sends only bodiless http(s) requests.'));
        return;
      }
      const signal = init.signal ?? undefined;
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const headers: Record<string, string> = {};
      const given = init.headers ?? {};
      if (given instanceof Headers || Array.isArray(given)) {
        for (const [name, value] of new Headers(given)) headers[name] = value;
      } else {
        // A plain record, as the Bitbucket client sends: names taken as they are, lower-cased.
        for (const name of Object.keys(given)) headers[name.toLowerCase()] = String(given[name]);
      }
      headers['accept-encoding'] ??= 'gzip, deflate, br';

      const send = protocol === 'https:' ? httpsRequest : httpRequest;
      const request = send(url, { method, headers, agent: agents[protocol] });
      let incoming: IncomingMessage | undefined;
      const onAbort = () => {
        const reason: unknown = signal?.reason;
        request.destroy(reason instanceof Error ? reason : undefined);
        incoming?.destroy(reason instanceof Error ? reason : undefined);
        reject(reason);
      };
      const done = () => signal?.removeEventListener('abort', onAbort);
      signal?.addEventListener('abort', onAbort, { once: true });

      // `on`, not `once`: a socket can report more than one failure, and an unheard one would crash Node.
      request.on('error', (error) => {
        done();
        reject(signal?.aborted ? signal.reason : new TypeError('fetch failed', { cause: error }));
      });
      request.once('response', (response) => {
        incoming = response;
        const responseHeaders = new Headers();
        const raw = response.rawHeaders;
        for (let i = 0; i + 1 < raw.length; i += 2) {
          responseHeaders.append(raw[i] as string, raw[i + 1] as string);
        }
        const status = response.statusCode ?? 502;
        if (method === 'HEAD' || NULL_BODY_STATUSES.has(status)) {
          response.on('error', () => undefined);
          response.resume();
          response.once('end', done);
          resolve(new Response(null, { status, headers: responseHeaders }));
          return;
        }
        const length = wholeLength(response, responseHeaders);
        if (length !== undefined) {
          // Small and plainly encoded: read now, under the same signal, and handed over as bytes.
          readWhole(response, length).then(
            (bytes) => {
              done();
              resolve(wholeResponse(bytes, { status, headers: responseHeaders }));
            },
            (error: unknown) => {
              done();
              reject(signal?.aborted ? signal.reason : error);
            },
          );
          return;
        }
        response.once('close', done);
        const body = streamOf(decoded(response, responseHeaders.get('content-encoding')));
        resolve(new Response(body, { status, headers: responseHeaders }));
      });
      request.end();
    });
  return nodeFetch as FetchLike;
}

/**
 * The declared length of a body worth reading whole before answering: one the proxy would read whole
 * anyway (a declared length up to `MAX_BUFFERED_BYTES`) and that needs no decoding, so the declared
 * length is the length read. Anything else streams.
 */
function wholeLength(response: IncomingMessage, headers: Headers): number | undefined {
  const encoding = headers.get('content-encoding');
  if (encoding !== null && encoding.trim().toLowerCase() !== 'identity') return undefined;
  const declared = response.headers['content-length'];
  if (declared === undefined || !/^[0-9]{1,9}$/.test(declared)) return undefined;
  const length = Number(declared);
  return length <= MAX_BUFFERED_BYTES ? length : undefined;
}

/**
 * The body, copied into one array of its own (never a view that keeps a socket's larger buffer alive).
 * A connection lost before the declared length arrived rejects with `TypeError('terminated')`, as reading
 * undici's body would.
 */
function readWhole(response: IncomingMessage, length: number): Promise<Uint8Array<ArrayBuffer>> {
  return new Promise((resolve, reject) => {
    const bytes = new Uint8Array(length);
    let offset = 0;
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      reject(error);
    };
    response.on('data', (chunk: Buffer) => {
      if (offset + chunk.byteLength > length) {
        fail(new TypeError('terminated'));
        response.destroy();
        return;
      }
      bytes.set(chunk, offset);
      offset += chunk.byteLength;
    });
    response.once('end', () => {
      if (offset === length) {
        settled = true;
        resolve(bytes);
      } else fail(new TypeError('terminated'));
    });
    response.on('error', (error) => fail(new TypeError('terminated', { cause: error })));
    response.once('close', () => fail(new TypeError('terminated')));
  });
}

/** A decoder for each content coding Node can undo. */
const DECODERS: Record<string, () => Readable & NodeJS.WritableStream> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

/**
 * The body as `fetch` gives it: decoded when every coding it names is one Node can undo, last applied
 * first undone (`gzip, br` is brotli over gzip). An unknown coding leaves it as it came, as fetch does.
 */
function decoded(response: IncomingMessage, encoding: string | null): Readable {
  const codings = (encoding ?? '')
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity');
  if (!codings.every((coding) => coding in DECODERS)) return response;
  let body: Readable = response;
  for (const coding of codings.reverse()) {
    body = pipeInto(body, (DECODERS[coding] as () => Readable & NodeJS.WritableStream)());
  }
  return body;
}

function pipeInto(source: Readable, decoder: Readable & NodeJS.WritableStream): Readable {
  source.on('error', (error) => decoder.destroy(error));
  decoder.once('close', () => source.destroy());
  return source.pipe(decoder);
}

/** A web stream over a Node stream, reading only as fast as it is read (the socket waits meanwhile). */
function streamOf(source: Readable): ReadableStream<Uint8Array> {
  let settled = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const fail = (error: unknown) => {
        if (settled) return;
        settled = true;
        controller.error(error);
      };
      source.pause();
      source.on('data', (chunk: Buffer) => {
        if (settled) return;
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 0) <= 0) source.pause();
      });
      source.once('end', () => {
        if (settled) return;
        settled = true;
        controller.close();
      });
      source.on('error', fail);
      // A connection lost mid-body must not look like a short body that ended well.
      source.once('close', () => fail(new TypeError('terminated')));
    },
    pull() {
      source.resume();
    },
    cancel() {
      settled = true;
      source.destroy();
    },
  });
}
