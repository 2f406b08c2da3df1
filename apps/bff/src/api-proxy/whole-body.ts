// Answers whose body the transport has already read whole: the proxy core uses the bytes instead of a stream.

const wholeBodies = new WeakMap<Response, Uint8Array<ArrayBuffer>>();

/**
 * A Response over `bytes` that is known to be complete. Node's transport (`node/node-fetch.ts`) gives these
 * for small, plainly encoded answers; the Bitbucket client then has no stall to guard and the proxy core
 * nothing to read, so neither wraps the body in another stream. Any other `fetch` gives ordinary Responses,
 * which take the streamed path, with the same result.
 */
export function wholeResponse(bytes: Uint8Array<ArrayBuffer>, init: ResponseInit): Response {
  const response = new Response(bytes, init);
  wholeBodies.set(response, bytes);
  return response;
}

/** The complete body of a Response made by `wholeResponse`, or undefined for any other Response. */
export function wholeBodyOf(response: Response): Uint8Array<ArrayBuffer> | undefined {
  return wholeBodies.get(response);
}
