// An avatar image with an initials fallback when there is no picture or it fails to load.
import { useState } from 'react';
import './avatar.css';

interface AvatarProps {
  src?: string | undefined;
  /** Used for the initials and their colour; the image itself is decorative (the name is shown beside it). */
  name: string;
  size?: 'sm' | 'md' | 'lg' | 'xl';
  shape?: 'circle' | 'square';
}

export function Avatar({ src, name, size = 'md', shape = 'circle' }: AvatarProps) {
  const [failedSrc, setFailedSrc] = useState<string | undefined>();
  const showImage = Boolean(src) && failedSrc !== src;
  return (
    <span
      className={`avatar avatar--${size} avatar--${shape}`}
      data-tone={toneFor(name)}
      aria-hidden="true"
    >
      {showImage ? (
        <img
          src={src}
          alt=""
          loading="lazy"
          referrerPolicy="no-referrer"
          onError={() => setFailedSrc(src)}
        />
      ) : (
        initialsOf(name)
      )}
    </span>
  );
}

function initialsOf(name: string): string {
  const words = name
    .trim()
    .split(/[\s._-]+/)
    .filter(Boolean);
  const letters = words.length > 1 ? [words[0]![0], words[1]![0]] : [name.trim()[0]];
  return letters.join('').toUpperCase() || '?';
}

function toneFor(name: string): number {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash % 6;
}
