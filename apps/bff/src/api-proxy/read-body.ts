// Reads a small upstream body whole, so it is answered as bytes in one write instead of piped chunk by chunk.

/** Read whole up to this; past it, what was read and the rest stream on. */
export const MAX_BUFFERED_BYTES = 1024 * 1024;

export type ReadBody =
  | { complete: true; bytes: Uint8Array<ArrayBuffer> }
  | { complete: false; stream: ReadableStream<Uint8Array> };

/**
 * Whether to read an answer whole before answering: JSON (Bitbucket builds it whole before sending, and the
 * app cannot use half of it), or anything that declares a length this small. Other answers (raw files and
 * diffs of unknown length) stream as they come.
 */
export function readsWhole(headers: Headers): boolean {
  if (/^application\/(?:[\w.+-]+\+)?json\b/i.test(headers.get('content-type') ?? '')) return true;
  const length = headers.get('content-length');
  if (length === null || !/^[0-9]{1,9}$/.test(length)) return false;
  // `fetch` has decoded an encoded body, so its declared length says nothing about what will be read.
  const encoding = headers.get('content-encoding');
  if (encoding !== null && encoding.trim().toLowerCase() !== 'identity') return false;
  return Number(length) <= MAX_BUFFERED_BYTES;
}

/**
 * Reads `body` to its end unless it turns out longer than `maxBytes`; then the stream goes on from where
 * reading stopped (the chunks already read first), so a body that lied about its length still arrives
 * whole. Read errors (an upstream stall) reject.
 */
export async function readBody(
  body: ReadableStream<Uint8Array>,
  maxBytes: number = MAX_BUFFERED_BYTES,
): Promise<ReadBody> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size > maxBytes) return { complete: false, stream: resume(chunks, reader) };
  }
  const first = chunks[0];
  if (chunks.length === 1 && first !== undefined && first.buffer instanceof ArrayBuffer) {
    return { complete: true, bytes: first as Uint8Array<ArrayBuffer> };
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { complete: true, bytes };
}

function resume(
  read: Uint8Array[],
  reader: ReadableStreamDefaultReader<Uint8Array>,
): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = read.shift();
      if (next !== undefined) {
        controller.enqueue(next);
        return;
      }
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}
