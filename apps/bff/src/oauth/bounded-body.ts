// Caps how much of an authorization-server or user-lookup answer the BFF will read into memory.

/** A token response or `/2.0/user` is well under 4 KiB; this leaves room for anything Bitbucket may add. */
export const MAX_AUTH_RESPONSE_BYTES = 64 * 1024;

export class ResponseTooLargeError extends Error {
  constructor() {
    super('the response is larger than Pail reads');
    this.name = 'ResponseTooLargeError';
  }
}

/**
 * The same response, whose body fails with ResponseTooLargeError once more than `maxBytes` arrive (or at
 * once when `Content-Length` says so). Whoever reads it as JSON then fails as on any unusable answer, and
 * the rest of the upstream body is never read.
 */
export function limitResponseBody(
  response: Response,
  maxBytes = MAX_AUTH_RESPONSE_BYTES,
): Response {
  const source = response.body;
  if (source === null) return response;
  const declared = Number(response.headers.get('Content-Length'));
  let seen = 0;
  const body =
    Number.isFinite(declared) && declared > maxBytes
      ? new ReadableStream<Uint8Array>({
          start(controller) {
            source.cancel().catch(() => undefined);
            controller.error(new ResponseTooLargeError());
          },
        })
      : source.pipeThrough(
          new TransformStream<Uint8Array, Uint8Array>({
            transform(chunk, controller) {
              seen += chunk.byteLength;
              if (seen > maxBytes) controller.error(new ResponseTooLargeError());
              else controller.enqueue(chunk);
            },
          }),
        );
  return new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}
