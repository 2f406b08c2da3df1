// Who wrote a commit: the Bitbucket account when the author is mapped to one, else the name from `raw`.
import type { Author } from '@pail/shared/bitbucket';
import { Avatar } from '@/components/ui/avatar';

/** `Grace Hopper <grace@example.com>` → `Grace Hopper`; the e-mail address is never shown. */
export function authorName(author: Author | undefined): string {
  const displayName = author?.user?.display_name;
  if (displayName) return displayName;
  const raw = author?.raw?.trim() ?? '';
  const name = raw.replace(/\s*<[^>]*>\s*$/, '').trim();
  return name || 'Unknown author';
}

export function CommitAuthor({
  author,
  size = 'sm',
}: {
  author: Author | undefined;
  size?: 'sm' | 'md';
}) {
  const name = authorName(author);
  return (
    <span className="commit-author">
      <Avatar src={author?.user?.links?.avatar?.href} name={name} size={size} />
      <span className="commit-author__name">{name}</span>
    </span>
  );
}

/** The first line of a commit message. */
export function commitSummary(message: string | undefined): string {
  const first = (message ?? '').split('\n').find((line) => line.trim() !== '');
  return first?.trim() || '(no message)';
}

/** Everything after the first line, trimmed; empty when the message is one line. */
export function commitBody(message: string | undefined): string {
  const lines = (message ?? '').replace(/\r\n/g, '\n').split('\n');
  const first = lines.findIndex((line) => line.trim() !== '');
  return first === -1
    ? ''
    : lines
        .slice(first + 1)
        .join('\n')
        .trim();
}

export function shortHash(hash: string | undefined): string {
  return (hash ?? '').slice(0, 7);
}
