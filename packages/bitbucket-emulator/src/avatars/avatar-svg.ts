// Deterministic SVG avatars: initials on a colour picked from the name, round for people, square otherwise.

const PALETTE = [
  '#0052cc',
  '#00875a',
  '#de350b',
  '#5243aa',
  '#ff8b00',
  '#00a3bf',
  '#c9372c',
  '#1f845a',
  '#6e5dc6',
  '#a54800',
];

function hash(text: string): number {
  let h = 2166136261;
  for (const char of text) {
    h ^= char.codePointAt(0) ?? 0;
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

export function initialsOf(name: string): string {
  const words = name
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  if (words.length === 0) return '?';
  const letters =
    words.length === 1 ? [...(words[0] ?? '')].slice(0, 2) : [words[0]?.[0], words[1]?.[0]];
  return letters.join('').toUpperCase();
}

const escapeXml = (text: string): string =>
  text.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

export function renderAvatarSvg(name: string, shape: 'circle' | 'square'): string {
  const colour = PALETTE[hash(name) % PALETTE.length] ?? '#0052cc';
  const background =
    shape === 'circle'
      ? `<circle cx="64" cy="64" r="64" fill="${colour}"/>`
      : `<rect width="128" height="128" rx="16" fill="${colour}"/>`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128" role="img" aria-label="${escapeXml(name)}">` +
    background +
    `<text x="64" y="64" dy=".35em" text-anchor="middle" font-family="-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Arial,sans-serif" font-size="52" font-weight="600" fill="#fff">${escapeXml(initialsOf(name))}</text>` +
    `</svg>`
  );
}
