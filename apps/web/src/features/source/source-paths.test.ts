import { describe, expect, it } from 'vitest';
import { baseName, parentPath, resolveRepositoryPath } from './source-paths';

describe('repository paths', () => {
  it('names a path and its folder', () => {
    expect(baseName('src/lib/format-date.ts')).toBe('format-date.ts');
    expect(parentPath('src/lib/format-date.ts')).toBe('src/lib');
    expect(parentPath('README.md')).toBe('');
  });

  it('resolves relative URLs against the document folder, keeping the fragment', () => {
    expect(resolveRepositoryPath('', 'docs/guide.md')).toEqual({ path: 'docs/guide.md', hash: '' });
    expect(resolveRepositoryPath('docs', 'images/logo.png')).toEqual({
      path: 'docs/images/logo.png',
      hash: '',
    });
    expect(resolveRepositoryPath('docs', '../README.md#install')).toEqual({
      path: 'README.md',
      hash: '#install',
    });
    expect(resolveRepositoryPath('docs/deep', '/LICENSE')).toEqual({ path: 'LICENSE', hash: '' });
    expect(resolveRepositoryPath('', './docs/Caf%C3%A9%20notes.md?raw=1')).toEqual({
      path: 'docs/Café notes.md',
      hash: '',
    });
  });

  it('refuses to climb above the repository root', () => {
    expect(resolveRepositoryPath('docs', '../../etc/passwd')).toBeNull();
    expect(resolveRepositoryPath('', '../../../../other-ws/other-repo')).toBeNull();
    expect(resolveRepositoryPath('', '%2e%2e/%2E%2E/other-ws')).toBeNull();
  });

  it('reads encoded slashes as slashes, so an encoded climb cannot hide inside one name', () => {
    expect(resolveRepositoryPath('', 'a%2F..%2F..%2F..%2Fother-ws%2Fother-repo')).toBeNull();
    expect(resolveRepositoryPath('docs', 'images%2F..%2F..%2FLICENSE')).toEqual({
      path: 'LICENSE',
      hash: '',
    });
    expect(resolveRepositoryPath('', '/\\evil.example')).toEqual({
      path: '\\evil.example',
      hash: '',
    });
  });
});
