import { describe, expect, it } from 'vitest';
import { ResponseTooLargeError, limitResponseBody } from './bounded-body';

function counted(chunks: number, chunkBytes: number) {
  const counter = { pulled: 0, cancelled: false };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (counter.pulled >= chunks) controller.close();
      else {
        counter.pulled += 1;
        controller.enqueue(new Uint8Array(chunkBytes).fill(0x20));
      }
    },
    cancel() {
      counter.cancelled = true;
    },
  });
  return { body, counter };
}

describe('limitResponseBody', () => {
  it('passes a body within the bound through unchanged, status and headers included', async () => {
    const original = Response.json(
      { access_token: 'a' },
      { status: 201, headers: { ETag: '"x"' } },
    );
    const limited = limitResponseBody(original, 64);
    expect(limited.status).toBe(201);
    expect(limited.headers.get('ETag')).toBe('"x"');
    expect(await limited.json()).toEqual({ access_token: 'a' });
  });

  it('fails once the bound is passed, without reading the rest', async () => {
    const { body, counter } = counted(1000, 1024);
    const limited = limitResponseBody(new Response(body), 4 * 1024);
    await expect(limited.text()).rejects.toBeInstanceOf(ResponseTooLargeError);
    expect(counter.pulled).toBeLessThan(10);
  });

  it('fails at once, reading nothing, when Content-Length is over the bound', async () => {
    const { body, counter } = counted(1000, 1024);
    const declared = new Response(body, { headers: { 'Content-Length': String(1000 * 1024) } });
    await expect(limitResponseBody(declared, 4 * 1024).text()).rejects.toBeInstanceOf(
      ResponseTooLargeError,
    );
    expect(counter.pulled).toBeLessThanOrEqual(1);
    expect(counter.cancelled).toBe(true);
  });
});
