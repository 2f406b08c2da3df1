import { describe, expect, it } from 'vitest';
import { fuzzyFilter, fuzzyMatch } from './fuzzy-match';

const PATHS = [
  'README.md',
  'src/index.ts',
  'src/lib/format/format-date.ts',
  'src/components/button/button.tsx',
  'src/components/button/button.test.tsx',
  'tools/lint/main.go',
];

describe('fuzzy matching of file paths', () => {
  it('needs every letter, in order', () => {
    expect(fuzzyMatch('fdt', 'src/lib/format/format-date.ts')).not.toBeNull();
    expect(fuzzyMatch('zzz', 'src/index.ts')).toBeNull();
    expect(fuzzyMatch('xedni', 'src/index.ts')).toBeNull();
  });

  it('ranks a file whose name starts with the query first', () => {
    expect(fuzzyFilter('button', PATHS).map((match) => match.path)).toEqual([
      'src/components/button/button.tsx',
      'src/components/button/button.test.tsx',
    ]);
    expect(fuzzyFilter('main', PATHS)[0]?.path).toBe('tools/lint/main.go');
  });

  it('reports where the letters matched', () => {
    expect(fuzzyMatch('idx', 'src/index.ts')?.positions).toEqual([4, 6, 8]);
  });

  it('keeps every path, in order, for an empty query, up to the limit', () => {
    expect(fuzzyFilter('', PATHS, 3)).toHaveLength(3);
  });
});
