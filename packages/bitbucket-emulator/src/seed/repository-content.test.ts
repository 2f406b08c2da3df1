// The seeded content: the showcase's fixed contract, a real history everywhere, and determinism.
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createEmulator } from '../emulator';
import { buildWorld } from './build-world';
import { repositoryContent } from './repository-content';

const world = buildWorld('http://localhost:5173/bff/callback');
const repo = (fullName: string) => {
  const found = world.repositories.find((r) => `${r.workspace}/${r.slug}` === fullName);
  if (!found) throw new Error(`No seed repository ${fullName}`);
  return found;
};

describe('acme/widgets', () => {
  const content = repositoryContent(repo('acme/widgets'));
  const head = content.mainHead();

  it('has the contract tree on main', () => {
    const paths = [...head.snapshot.keys()];
    for (const path of [
      'README.md',
      'docs/guide.md',
      'docs/images/logo.png',
      'docs/Café notes — 2026.md',
      'assets/logo.svg',
      'public/demo.html',
      'bin/widgets-linux-amd64',
      'data/large-fixture.txt',
      'src/components/button/button.tsx',
      'src/components/button/button.test.tsx',
      'src/lib/format/format-date.ts',
      'src/index.ts',
      'scripts/release.py',
      'tools/lint/main.go',
      'styles/theme.css',
      'package.json',
      'tsconfig.json',
      'Dockerfile',
      '.gitignore',
      'LICENSE',
    ]) {
      expect(paths, path).toContain(path);
    }
    expect(paths).not.toContain('src/theme/dark-mode.ts');
    const large = head.snapshot.get('data/large-fixture.txt')?.blob.bytes.byteLength ?? 0;
    expect(large).toBeGreaterThan(1_900_000);
    expect(large).toBeLessThan(2_400_000);
  });

  it('has a valid PNG logo (chunks and pixels decode)', () => {
    const png = head.snapshot.get('docs/images/logo.png')?.blob.bytes ?? new Uint8Array();
    const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
    expect(view.getUint32(16)).toBe(64);
    expect(view.getUint32(20)).toBe(64);
    const idatLength = view.getUint32(33);
    expect(new TextDecoder().decode(png.slice(37, 41))).toBe('IDAT');
    const pixels = inflateSync(png.slice(41, 41 + idatLength));
    expect(pixels.byteLength).toBe(64 * (1 + 64 * 3));
    expect(new TextDecoder().decode(png.slice(-8, -4))).toBe('IEND');
  });

  it('has the contract branches, tags and every pull request state', () => {
    expect([...content.branches.keys()].sort()).toEqual([
      'bugfix/PAIL-42/login-redirect',
      'develop',
      'feature/dark-mode',
      'main',
      'release/2.x',
    ]);
    expect([...content.tags.keys()]).toEqual([
      'v0.9.0',
      'v1.0.0',
      'v1.2.0',
      'v1.10.0',
      'v2.0.0-rc.1',
      'v2.0.0',
    ]);
    const states = new Set(content.pullRequests.map((pr) => pr.state));
    expect([...states].sort()).toEqual(['DECLINED', 'MERGED', 'OPEN', 'SUPERSEDED']);
    const darkMode = content.pullRequests.find((pr) => pr.sourceBranch === 'feature/dark-mode');
    expect(darkMode).toMatchObject({ state: 'OPEN', destinationBranch: 'main' });
    expect(content.pullRequests.filter((pr) => pr.state === 'OPEN' && pr.draft)).toHaveLength(1);
  });

  it('ends its history just before the repository’s updated_on', () => {
    const newest = Math.max(...[...content.commits].map((c) => Date.parse(c.date)));
    const updated = Date.parse(repo('acme/widgets').updatedOn);
    expect(newest).toBeLessThanOrEqual(updated);
    expect(updated - newest).toBeLessThan(30 * 86_400_000);
  });
});

describe('every other repository', () => {
  it('has a README, files in its language and a short history', () => {
    for (const seed of world.repositories) {
      const content = repositoryContent(seed);
      const head = content.mainHead();
      const key = `${seed.workspace}/${seed.slug}`;
      expect(head.snapshot.has('README.md'), key).toBe(true);
      expect(head.snapshot.size, key).toBeGreaterThanOrEqual(4);
      expect(content.log([head.hash]).length, key).toBeGreaterThanOrEqual(3);
      expect(content.branches.has(seed.mainbranch), key).toBe(true);
    }
  });

  it('gives acme/api-gateway (Go) and acme/ml-platform (Python) branches, tags and pull requests', () => {
    const gateway = repositoryContent(repo('acme/api-gateway'));
    expect([...gateway.mainHead().snapshot.keys()].some((p) => p.endsWith('.go'))).toBe(true);
    expect(gateway.tags.size).toBeGreaterThanOrEqual(2);
    expect(gateway.pullRequests.length).toBeGreaterThanOrEqual(4);
    const ml = repositoryContent(repo('acme/ml-platform'));
    expect([...ml.mainHead().snapshot.keys()].some((p) => p.endsWith('.py'))).toBe(true);
    expect(ml.branches.size).toBeGreaterThanOrEqual(3);
  });
});

describe('determinism', () => {
  it('builds the same history everywhere: the showcase’s head commit id is fixed', () => {
    // Any clock, randomness or ordering leak into the seed would change this id.
    expect(repositoryContent(repo('acme/widgets')).mainHead().hash).toBe(
      '2f9f330b90a15696494a6ae905ad65925d1393fe',
    );
  });

  it('serves the same content after controls.reset()', async () => {
    const emulator = createEmulator();
    const { signIn } = await import('../testing/oauth-client');
    const head = async () => {
      const token = (await signIn(emulator, 'alice')).access_token;
      const response = await emulator.app.request('/2.0/repositories/acme/widgets/src', {
        headers: { authorization: `Bearer ${token}` },
      });
      return response.headers.get('location');
    };
    const before = await head();
    emulator.controls.reset();
    expect(await head()).toBe(before);
    expect(before).toContain('/src/2f9f330b90a15696494a6ae905ad65925d1393fe/');
  });
});
