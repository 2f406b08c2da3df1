// Fuzzy matching of file paths for the go-to-file finder: letters in order, rewarding runs and word starts.

export interface FuzzyMatch {
  path: string;
  score: number;
  /** Indexes in `path` of the matched characters, for highlighting. */
  positions: number[];
}

const SEPARATORS = new Set(['/', '-', '_', '.', ' ']);

/** Scores `path` against `query` (case-insensitive, spaces ignored); `null` when the letters do not all appear in order. */
export function fuzzyMatch(query: string, path: string): FuzzyMatch | null {
  const needle = query.toLowerCase().replace(/\s+/g, '');
  if (needle === '') return { path, score: 0, positions: [] };
  const haystack = path.toLowerCase();
  const nameStart = path.lastIndexOf('/') + 1;
  const positions: number[] = [];
  let score = 0;
  let from = 0;
  for (const char of needle) {
    const index = haystack.indexOf(char, from);
    if (index === -1) return null;
    const previous = positions[positions.length - 1];
    if (previous !== undefined && index === previous + 1) score += 5;
    if (index === 0 || SEPARATORS.has(path[index - 1] ?? '')) score += 3;
    if (index >= nameStart) score += 2;
    score -= Math.min(index - from, 10) * 0.1;
    positions.push(index);
    from = index + 1;
  }
  if (haystack.slice(nameStart).startsWith(needle)) score += 10;
  score -= path.length * 0.01;
  return { path, score, positions };
}

/** The best `limit` matches of `query` among `paths`, best first. */
export function fuzzyFilter(query: string, paths: string[], limit = 50): FuzzyMatch[] {
  const matches: FuzzyMatch[] = [];
  for (const path of paths) {
    const match = fuzzyMatch(query, path);
    if (match) matches.push(match);
  }
  return matches.sort((a, b) => b.score - a.score || a.path.localeCompare(b.path)).slice(0, limit);
}
