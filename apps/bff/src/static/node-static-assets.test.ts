import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MissingBuildError, createNodeStaticAssets } from './node-static-assets';

let base: string;
let dist: string;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'pail-static-'));
  dist = join(base, 'dist');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html>');
  writeFileSync(join(dist, 'assets', 'index-3f2a.js'), 'export {};');
  writeFileSync(join(dist, 'assets', '.env'), 'SECRET=inside');
  mkdirSync(join(dist, '.git'));
  writeFileSync(join(dist, '.git', 'config'), 'hidden');
  writeFileSync(join(base, 'secret.txt'), 'outside');
  symlinkSync(join(base, 'secret.txt'), join(dist, 'assets', 'escape.txt'));
  symlinkSync(base, join(dist, 'assets', 'up'));
  symlinkSync(join(dist, '.git', 'config'), join(dist, 'assets', 'dot-target.txt'));
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

const text = (bytes: Uint8Array | undefined) =>
  bytes === undefined ? undefined : new TextDecoder().decode(bytes);

describe('createNodeStaticAssets', () => {
  it('reads the build’s files by URL path', async () => {
    const assets = createNodeStaticAssets(dist);
    expect(text(await assets.read('/index.html'))).toBe('<!doctype html>');
    expect(text(await assets.read('/assets/index-3f2a.js'))).toBe('export {};');
    expect(await assets.read('/assets/missing.js')).toBeUndefined();
    expect(await assets.read('/assets')).toBeUndefined();
  });

  it('never reads outside the directory, a dotfile, or through an encoded or odd path', async () => {
    const assets = createNodeStaticAssets(dist);
    for (const path of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/assets/%252e%252e/secret.txt',
      '/assets\\..\\..\\secret.txt',
      '/assets/escape.txt',
      '/assets/up/secret.txt',
      '/assets/dot-target.txt',
      '/assets/.env',
      '/.git/config',
      '/assets//index-3f2a.js',
      '/assets/./index-3f2a.js',
      '/assets/index-3f2a.js\u0000.png',
      'assets/index-3f2a.js',
      `/${'a'.repeat(600)}`,
    ]) {
      expect(await assets.read(path), path).toBeUndefined();
    }
  });

  it('fails at once, in plain words, when the web app was not built', () => {
    expect(() => createNodeStaticAssets(join(base, 'nowhere'))).toThrow(MissingBuildError);
    expect(() => createNodeStaticAssets(join(base, 'nowhere'))).toThrow(
      /The web app is not built: .*index\.html does not exist\. Run `pnpm build` first\./,
    );
  });
});
