import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { bitbucketError } from '@/testing/mocks/handlers';
import { server } from '@/testing/mocks/server';
import { getDocumentImage, sniffImageType } from './get-document-image';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const FILE = '/api/2.0/repositories/acme/widgets/src/abc123/docs/*';
const location = { workspace: 'acme', repo: 'widgets', commit: 'abc123' };

function serve(body: BodyInit, type: string) {
  server.use(http.get(FILE, () => new HttpResponse(body, { headers: { 'Content-Type': type } })));
}

describe('an image a document shows', () => {
  it('is recognised by its bytes, whatever it is labelled', () => {
    expect(sniffImageType(PNG)).toBe('image/png');
    expect(sniffImageType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffImageType(new TextEncoder().encode('GIF89a…'))).toBe('image/gif');
    expect(sniffImageType(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
    expect(sniffImageType(new TextEncoder().encode('\0\0\0\x1cftypavif'))).toBe('image/avif');
    expect(sniffImageType(new TextEncoder().encode('<svg onload="alert(1)"/>'))).toBeUndefined();
    expect(sniffImageType(new TextEncoder().encode('<html><script>'))).toBeUndefined();
    expect(sniffImageType(new Uint8Array())).toBeUndefined();
  });

  it('is held as a blob: URL of its own type, read at the commit through the API', async () => {
    serve(PNG, 'application/octet-stream');
    const image = await getDocumentImage({ ...location, path: 'docs/logo.png' });
    expect(image.kind).toBe('image');
    const objectUrl = image.kind === 'image' ? image.objectUrl : '';
    expect(objectUrl).toMatch(/^blob:/);
    URL.revokeObjectURL(objectUrl);
  });

  it('is unavailable, not an error, when it is missing, out of reach or not a raster image', async () => {
    server.use(http.get(FILE, () => bitbucketError(404, 'No such file or directory: docs/x.png')));
    expect(await getDocumentImage({ ...location, path: 'docs/x.png' })).toEqual({
      kind: 'unavailable',
    });
    server.use(http.get(FILE, () => bitbucketError(403, 'Forbidden')));
    expect(await getDocumentImage({ ...location, path: 'docs/x.png' })).toEqual({
      kind: 'unavailable',
    });
    serve('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', 'image/svg+xml');
    expect(await getDocumentImage({ ...location, path: 'docs/logo.svg' })).toEqual({
      kind: 'unavailable',
    });
  });

  it('fails, to be asked again later, when the answer may change: rate limits and server errors', async () => {
    server.use(http.get(FILE, () => bitbucketError(429, 'Rate limit exceeded')));
    await expect(getDocumentImage({ ...location, path: 'docs/x.png' })).rejects.toMatchObject({
      status: 429,
    });
    server.use(http.get(FILE, () => new HttpResponse('upstream down', { status: 502 })));
    await expect(getDocumentImage({ ...location, path: 'docs/x.png' })).rejects.toMatchObject({
      status: 502,
    });
  });
});
