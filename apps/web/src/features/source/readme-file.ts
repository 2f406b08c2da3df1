// Which file of a folder is its README, as Bitbucket picks it.
import type { TreeEntry } from '@pail/shared/bitbucket';

/** README names in order of preference, as Bitbucket picks them. */
const README_NAMES = [
  'readme.md',
  'readme.markdown',
  'readme.mdown',
  'readme.rst',
  'readme.txt',
  'readme',
];

export function findReadme(entries: TreeEntry[]): (TreeEntry & { size?: number }) | undefined {
  const files = entries.filter((entry) => entry.type === 'commit_file' && entry.path);
  for (const name of README_NAMES) {
    const found = files.find((entry) => entry.path?.toLowerCase() === name);
    if (found) return found;
  }
  return undefined;
}
